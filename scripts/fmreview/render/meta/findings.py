"""Corpus → the facts the meta-analysis states, one typed record per section, computed on every build.

Values are numbers or ids (term, dataset or paper ids; the page shows their labels). A fact that cannot be
computed (no papers, no second year to compare) is None, and the page leaves its sentence out. The page and the
charts' alt text take every number they state from these records, so no number is typed by hand.

Each fact is published on the page as <data value=… data-fact=NAME>, NAME being the field's name; `fact_names`
gives the NAME of every field (AxisLeaders' names carry their axis: top_training, recent_top_training_papers).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields
from datetime import date

from ...model import Corpus, Paper
from .stats import (
    count_terms,
    dataset_order,
    dataset_use,
    modality_growth,
    percent,
    previous_year,
    ranked,
    recent_year,
    scale_points,
    spearman,
)

TOP_DATASETS = 20        # rows of the dataset-use heatmap
TOP_MODALITY_LINES = 6   # lines of the modality-share chart: more are hard to tell apart (the CSV has all)


class Facts:
    """Base of the fact records: the name each field is published under."""

    def fact_name(self, field: str) -> str:
        return field

    def fact_names(self) -> dict[str, str]:
        return {f.name: self.fact_name(f.name) for f in fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True)
class Summary(Facts):
    papers: int
    first_year: int | None
    last_year: int | None
    vision_only: int
    vision_language: int


@dataclass(frozen=True)
class Trend(Facts):
    peak_year: int | None
    peak_papers: int
    recent_year: int | None
    recent_papers: int
    recent_vl_share: int


@dataclass(frozen=True)
class DatasetFacts(Facts):
    datasets_used: int
    heatmap_datasets: int
    no_dataset: int
    top_pretraining_dataset: str | None
    top_pretraining_papers: int
    top_evaluation_dataset: str | None
    top_evaluation_papers: int


@dataclass(frozen=True)
class Domains(Facts):
    share_modalities: int
    top_modality: str | None
    top_modality_papers: int
    top_modality_share: int
    top_pair_modality: str | None
    top_pair_task: str | None
    top_pair_papers: int
    recent_year: int | None
    previous_year: int | None
    growth_modality: str | None
    growth_from: int | None
    growth_to: int | None


@dataclass(frozen=True)
class Anatomy(Facts):
    top_anatomy: str | None
    top_anatomy_papers: int
    top_anatomy_share: int
    second_anatomy: str | None
    second_anatomy_papers: int


@dataclass(frozen=True)
class AxisLeaders(Facts):
    """The most common term of a taxonomy axis overall and in the recent year."""
    axis: str
    recent_year: int | None
    top: str | None
    top_papers: int
    recent_top: str | None
    recent_top_papers: int

    def fact_name(self, field: str) -> str:
        return field.replace("top", f"top_{self.axis}", 1) if "top" in field else field


@dataclass(frozen=True)
class OpenScience(Facts):
    recent_year: int | None
    with_code: int
    code_share: int
    recent_code_share: int
    with_weights: int
    weights_share: int
    recent_weights_share: int
    with_license: int
    license_share: int
    recent_license_share: int


@dataclass(frozen=True)
class Scale(Facts):
    scale_papers: int
    scale_rho: str | None
    largest_model: str | None
    largest_parameters: str | None


@dataclass(frozen=True)
class Findings:
    """Every fact record the figures' alt texts need."""
    summary: Summary
    trend: Trend
    datasets: DatasetFacts
    domains: Domains
    anatomy: Anatomy
    leaders: tuple[AxisLeaders, ...]
    open_science: OpenScience
    scale: Scale


LEADER_AXES = ("training", "architecture", "adaptation")


def compute_findings(corpus: Corpus, today: date) -> Findings:
    """Every fact of the meta-analysis page, section by section."""
    papers = list(corpus.papers)
    trend = _trend(papers, today)
    recent = trend.recent_year
    return Findings(_summary(papers), trend, _datasets(corpus), _domains(corpus, recent), _anatomy(corpus),
                    tuple(_axis_leaders(corpus, axis, recent) for axis in LEADER_AXES),
                    _open_science(papers, recent), _scale(papers))


def _summary(papers: list[Paper]) -> Summary:
    years = [p.year for p in papers]
    return Summary(papers=len(papers), first_year=min(years, default=None), last_year=max(years, default=None),
                   vision_only=sum(p.category == "vision-only" for p in papers),
                   vision_language=sum(p.category == "vision-language" for p in papers))


def _trend(papers: list[Paper], today: date) -> Trend:
    recent = recent_year(papers, today)
    by_year = Counter(p.year for p in papers)
    peak = min(by_year, key=lambda y: (-by_year[y], y), default=None)
    of_recent = [p for p in papers if p.year == recent]
    return Trend(
        peak_year=peak, peak_papers=by_year[peak] if peak is not None else 0, recent_year=recent,
        recent_papers=len(of_recent),
        recent_vl_share=percent(sum(p.category == "vision-language" for p in of_recent), len(of_recent)))


def _datasets(corpus: Corpus) -> DatasetFacts:
    use = dataset_use(corpus.papers)
    order = dataset_order(corpus)
    pre = ranked(Counter({d: n for d, (n, _, _) in use.items()}), order)
    evaluation = ranked(Counter({d: n for d, (_, n, _) in use.items()}), order)
    return DatasetFacts(
        datasets_used=len(use), heatmap_datasets=min(TOP_DATASETS, len(use)),
        no_dataset=sum(not p.datasets for p in corpus.papers),
        top_pretraining_dataset=pre[0][0] if pre else None, top_pretraining_papers=pre[0][1] if pre else 0,
        top_evaluation_dataset=evaluation[0][0] if evaluation else None,
        top_evaluation_papers=evaluation[0][1] if evaluation else 0)


def _domains(corpus: Corpus, recent: int | None) -> Domains:
    papers = corpus.papers
    modalities, tasks = corpus.vocabularies["modalities"].ids, corpus.vocabularies["tasks"].ids
    top_modality = ranked(count_terms(papers, "modalities"), modalities)
    pairs = Counter((m, t) for p in papers for m in p.modalities for t in p.tasks)
    order = {pair: i for i, pair in enumerate((m, t) for m in modalities for t in tasks)}
    top_pair = sorted((k for k, n in pairs.items() if n), key=lambda k: (-pairs[k], order.get(k, len(order))))
    previous = previous_year(papers, recent)
    growth = modality_growth(papers, modalities, previous, recent)
    return Domains(
        share_modalities=min(TOP_MODALITY_LINES, len(top_modality)),
        top_modality=top_modality[0][0] if top_modality else None,
        top_modality_papers=top_modality[0][1] if top_modality else 0,
        top_modality_share=percent(top_modality[0][1], len(papers)) if top_modality else 0,
        top_pair_modality=top_pair[0][0] if top_pair else None, top_pair_task=top_pair[0][1] if top_pair else None,
        top_pair_papers=pairs[top_pair[0]] if top_pair else 0, recent_year=recent, previous_year=previous,
        growth_modality=growth[0] if growth else None, growth_from=round(100 * growth[1]) if growth else None,
        growth_to=round(100 * growth[2]) if growth else None)


def _anatomy(corpus: Corpus) -> Anatomy:
    ranking = ranked(count_terms(corpus.papers, "anatomy"), corpus.vocabularies["anatomy"].ids)
    first, second = [*ranking, (None, 0), (None, 0)][:2]
    return Anatomy(top_anatomy=first[0], top_anatomy_papers=first[1],
                   top_anatomy_share=percent(first[1], len(corpus.papers)) if first[0] else 0,
                   second_anatomy=second[0], second_anatomy_papers=second[1])


def _axis_leaders(corpus: Corpus, axis: str, recent: int | None) -> AxisLeaders:
    order = corpus.vocabularies[axis].ids
    overall = ranked(count_terms(corpus.papers, axis), order)
    latest = ranked(count_terms([p for p in corpus.papers if p.year == recent], axis), order)
    return AxisLeaders(axis=axis, recent_year=recent, top=overall[0][0] if overall else None,
                       top_papers=overall[0][1] if overall else 0, recent_top=latest[0][0] if latest else None,
                       recent_top_papers=latest[0][1] if latest else 0)


def _open_science(papers: list[Paper], recent: int | None) -> OpenScience:
    of_recent = [p for p in papers if p.year == recent]
    code = [bool(p.code) for p in papers]
    weights = [bool(p.weights) for p in papers]
    license_ = [bool(p.license) for p in papers]
    recent_of = {name: sum(bool(getattr(p, name)) for p in of_recent) for name in ("code", "weights", "license")}
    return OpenScience(
        recent_year=recent,
        with_code=sum(code), code_share=percent(sum(code), len(papers)),
        recent_code_share=percent(recent_of["code"], len(of_recent)),
        with_weights=sum(weights), weights_share=percent(sum(weights), len(papers)),
        recent_weights_share=percent(recent_of["weights"], len(of_recent)),
        with_license=sum(license_), license_share=percent(sum(license_), len(papers)),
        recent_license_share=percent(recent_of["license"], len(of_recent)))


def _scale(papers: list[Paper]) -> Scale:
    points = scale_points(papers)
    rho = spearman([p.parameters.value for p in points if p.parameters],
                   [p.pretraining_data.value for p in points if p.pretraining_data])
    largest = min(points, default=None,
                  key=lambda p: (-(p.parameters.value if p.parameters else 0), p.model.casefold(), p.id))
    return Scale(scale_papers=len(points), scale_rho=f"{rho:.2f}" if rho is not None else None,
                 largest_model=largest.id if largest else None,
                 largest_parameters=largest.parameters.text if largest and largest.parameters else None)

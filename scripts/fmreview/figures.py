"""Corpus + facts → the meta-analysis figures as data: what each chart plots, its CSV and its alt text.

No drawing here (charts.py draws), so the page, the CSV files and the tests can use a figure without
importing matplotlib. Term and dataset labels come from the vocabularies and the dataset registry.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .findings import TOP_DATASETS, TOP_MODALITY_LINES, Facts
from .model import Corpus, Paper
from .stats import count_terms, count_terms_by_year, dataset_use, percent, ranked, top_datasets, year_span

Values = tuple[float | None, ...]
Label = Callable[[str, str | None], str]  # (axis, term id) → the term's label
MIN_SHARE_PAPERS = 10   # a share of 1 or 2 papers is noise: such years are left off the share lines (not the CSVs)


@dataclass(frozen=True)
class Bars:
    """Stacked bars: one bar per category label, one segment per series."""
    labels: tuple[str, ...]
    series: tuple[tuple[str, Values], ...]
    horizontal: bool = False


@dataclass(frozen=True)
class Grid:
    """A heatmap (or several side by side, sharing rows, columns and colour scale) of counts."""
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    panels: tuple[tuple[str, tuple[tuple[int, ...], ...]], ...]


@dataclass(frozen=True)
class Lines:
    """Percentages over the x labels, one line per series; None leaves a gap (a year without papers)."""
    labels: tuple[str, ...]
    series: tuple[tuple[str, Values], ...]


@dataclass(frozen=True)
class Points:
    """A log-log scatter: per series, (x, y, name) points."""
    series: tuple[tuple[str, tuple[tuple[float, float, str], ...]], ...]


@dataclass(frozen=True)
class Figure:
    slug: str
    title: str
    x_label: str
    y_label: str
    plot: Bars | Grid | Lines | Points
    header: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    alt: str


def build_figures(corpus: Corpus, facts: Facts) -> list[Figure]:
    """The charts of the meta-analysis, in the order the page shows them."""
    label = _labeller(corpus)
    papers = list(corpus.papers)
    years = year_span(papers)
    per_year = Counter(p.year for p in papers)
    ticks = tuple(f"{y}\nn={per_year[y]}" for y in years)
    share_years = [y for y in years if per_year[y] >= MIN_SHARE_PAPERS] or [y for y in years if per_year[y]]
    return [
        _papers_per_year(corpus, facts, years, label),
        _dataset_use(corpus, facts, years, ticks),
        _modality_task(corpus, facts, label),
        _modality_share(corpus, facts, years, share_years, label),
        _anatomy(corpus, facts, label),
        *(_terms_per_year(corpus, facts, axis, years, ticks, label)
          for axis in ("training", "architecture", "adaptation")),
        _open_science(papers, facts, years, share_years),
        _scale(corpus, facts, label),
    ]


def _labeller(corpus: Corpus) -> Label:
    def label(axis: str, term_id: str | None) -> str:
        term = corpus.vocabularies[axis].get(term_id or "")
        return term.label if term else str(term_id)
    return label


def _papers_per_year(corpus: Corpus, f: Facts, years: list[int], label: Label) -> Figure:
    categories = corpus.vocabularies["category"].ids
    counts = {c: Counter(p.year for p in corpus.papers if p.category == c) for c in categories}
    rows = tuple((y, *(counts[c][y] for c in categories), sum(counts[c][y] for c in categories))
                 for y in years)
    series = tuple((label("category", c), tuple(float(counts[c][y]) for y in years)) for c in categories)
    alt = (f"Stacked bars of papers per publication year, {f['first_year']} to {f['last_year']}: "
           f"{f['papers']} papers, {f['vision_only']} vision-only and {f['vision_language']} "
           f"vision-language; the most, {f['peak_papers']}, in {f['peak_year']}.")
    return Figure("papers-per-year", "Papers per year, by category", "Publication year", "Papers",
                  Bars(tuple(map(str, years)), series), ("year", *categories, "total"), rows, alt)


def _dataset_use(corpus: Corpus, f: Facts, years: list[int], ticks: tuple[str, ...]) -> Figure:
    top = top_datasets(corpus, TOP_DATASETS)
    by_year = {y: dataset_use([p for p in corpus.papers if p.year == y]) for y in years}
    cell = {(d, y): by_year[y].get(d, (0, 0, 0)) for d in top for y in years}
    panels = tuple((name, tuple(tuple(cell[d, y][i] for y in years) for d in top))
                   for i, name in enumerate(("Pre-training", "Evaluation")))
    rows = tuple((d, corpus.datasets[d].name, y, *cell[d, y][:2]) for d in top for y in years)

    def name(dataset_id: str | None) -> str:
        return corpus.datasets[dataset_id].name if dataset_id in corpus.datasets else "none"
    alt = (f"Two heatmaps of the {f['heatmap_datasets']} most used datasets by year, pre-training use on the "
           f"left and evaluation use on the right. {name(f['top_pretraining_dataset'])} is the most used for "
           f"pre-training ({f['top_pretraining_papers']} papers) and {name(f['top_evaluation_dataset'])} for "
           f"evaluation ({f['top_evaluation_papers']} papers).") if top else "No paper names a registry dataset yet."
    return Figure("dataset-use", f"The {len(top)} most used datasets: papers using each, by year",
                  "Publication year (n = papers that year)", "Dataset",
                  Grid(tuple(_short(corpus.datasets[d].name) for d in top), ticks, panels),
                  ("dataset", "name", "year", "pretraining", "evaluation"), rows, alt)


def _short(name: str, limit: int = 26) -> str:
    """A dataset name short enough for a heatmap row: "BTCV (Multi-Atlas Labeling…)" → "BTCV"."""
    if len(name) > limit and " (" in name:
        name = name.split(" (")[0]
    return name if len(name) <= limit else name[:limit - 1].rstrip() + "…"


def _modality_task(corpus: Corpus, f: Facts, label: Label) -> Figure:
    modalities, tasks = corpus.vocabularies["modalities"].ids, corpus.vocabularies["tasks"].ids
    pairs = Counter((m, t) for p in corpus.papers for m in p.modalities for t in p.tasks)
    matrix = tuple(tuple(pairs[m, t] for t in tasks) for m in modalities)
    alt = (f"Heatmap of papers per modality and task. {label('modalities', f['top_modality'])} is the most "
           f"studied modality ({f['top_modality_papers']} papers); the most frequent pair is "
           f"{label('modalities', f['top_pair_modality'])} with {label('tasks', f['top_pair_task'])} "
           f"({f['top_pair_papers']} papers).")
    grid = Grid(tuple(label("modalities", m) for m in modalities), tuple(label("tasks", t) for t in tasks),
                (("", matrix),))
    rows = tuple((m, *row) for m, row in zip(modalities, matrix, strict=True))
    return Figure("modality-task", "Application domains: papers per modality and task", "Task", "Modality",
                  grid, ("modality", *tasks), rows, alt)


def _modality_share(corpus: Corpus, f: Facts, years: list[int], shown_years: list[int],
                    label: Label) -> Figure:
    order = corpus.vocabularies["modalities"].ids
    per_year = Counter(p.year for p in corpus.papers)
    table = count_terms_by_year(corpus.papers, "modalities")
    shown = [m for m, _ in ranked(count_terms(corpus.papers, "modalities"), order)[:TOP_MODALITY_LINES]]
    lines = tuple((label("modalities", m), tuple(100 * table.get(m, Counter())[y] / per_year[y]
                                                   for y in shown_years)) for m in shown)
    rows = tuple((y, m, table.get(m, Counter())[y], per_year[y],
                  percent(table.get(m, Counter())[y], per_year[y]) if per_year[y] else "")
                 for y in years for m in order)
    growth = "No modality's share rose in the latest year."
    if f["growth_modality"]:
        growth = (f"From {f['previous_year']} to {f['recent_year']} the share on "
                  f"{label('modalities', f['growth_modality'])} rose the most, from {f['growth_from']}% to "
                  f"{f['growth_to']}%.")
    alt = (f"Lines of the share of each year's papers on the {f['share_modalities']} most studied modalities. "
           f"{growth}")
    return Figure("modality-share", "Share of each year's papers per modality (the most studied)",
                  _SHARE_X_LABEL, "Papers that year (%)", Lines(_ticks(shown_years, per_year), lines),
                  ("year", "modality", "papers", "papers_that_year", "percent"), rows, alt)


_SHARE_X_LABEL = f"Publication year (n = papers that year; years with fewer than {MIN_SHARE_PAPERS} are left out)"


def _ticks(years: list[int], per_year: Counter[int]) -> tuple[str, ...]:
    return tuple(f"{y}\nn={per_year[y]}" for y in years)


def _anatomy(corpus: Corpus, f: Facts, label: Label) -> Figure:
    categories = corpus.vocabularies["category"].ids
    order = [a for a, _ in ranked(count_terms(corpus.papers, "anatomy"), corpus.vocabularies["anatomy"].ids)]
    counts = {c: count_terms([p for p in corpus.papers if p.category == c], "anatomy") for c in categories}
    rows = tuple((a, *(counts[c][a] for c in categories), sum(counts[c][a] for c in categories))
                 for a in order)
    series = tuple((label("category", c), tuple(float(counts[c][a]) for a in order)) for c in categories)
    alt = (f"Horizontal stacked bars of papers per anatomical region. {label('anatomy', f['top_anatomy'])} "
           f"leads with {f['top_anatomy_papers']} papers ({f['top_anatomy_share']}% of all)"
           + (f", followed by {label('anatomy', f['second_anatomy'])} ({f['second_anatomy_papers']})."
              if f["second_anatomy"] else "."))
    return Figure("anatomy", "Papers per anatomical region, by category", "Papers", "Anatomical region",
                  Bars(tuple(label("anatomy", a) for a in order), series, horizontal=True),
                  ("anatomy", *categories, "total"), rows, alt)


_AXIS_TITLES = {"training": ("Training strategies per year", "Training strategy", "strategy"),
                "architecture": ("Architectures per year", "Architecture", "architecture"),
                "adaptation": ("Adaptation to downstream tasks per year", "Adaptation", "adaptation method")}


def _terms_per_year(corpus: Corpus, f: Facts, axis: str, years: list[int], ticks: tuple[str, ...],
                    label: Label) -> Figure:
    title, y_label, noun = _AXIS_TITLES[axis]
    table = count_terms_by_year(corpus.papers, axis)
    totals = count_terms(corpus.papers, axis)
    order = [t for t, _ in ranked(totals, corpus.vocabularies[axis].ids)]
    order += [t for t in corpus.vocabularies[axis].ids if t not in order]
    matrix = tuple(tuple(table.get(t, Counter())[y] for y in years) for t in order)
    alt = (f"Heatmap of papers per {noun} and year. {label(axis, f[f'top_{axis}'])} is the most common "
           f"overall ({f[f'top_{axis}_papers']} papers); in {f['recent_year']} it was "
           f"{label(axis, f[f'recent_top_{axis}'])} ({f[f'recent_top_{axis}_papers']} papers).")
    return Figure(f"{axis}-per-year", f"{title} (a paper counts once per {noun} it uses)",
                  "Publication year (n = papers that year)", y_label,
                  Grid(tuple(label(axis, t) for t in order), ticks, (("", matrix),)),
                  (axis, *map(str, years), "total"),
                  tuple((t, *row, totals[t]) for t, row in zip(order, matrix, strict=True)), alt)


_OPEN = (("Code", lambda p: bool(p.code)), ("Weights", lambda p: bool(p.weights)),
         ("License stated", lambda p: bool(p.license)))


def _open_science(papers: list[Paper], f: Facts, years: list[int], shown_years: list[int]) -> Figure:
    of_year = {y: [p for p in papers if p.year == y] for y in years}
    counts = {name: {y: sum(map(has, of_year[y])) for y in years} for name, has in _OPEN}
    lines = tuple((name, tuple(100 * counts[name][y] / len(of_year[y]) for y in shown_years)) for name, _ in _OPEN)
    rows = tuple((y, len(of_year[y]), *(counts[name][y] for name, _ in _OPEN),
                  *(percent(counts[name][y], len(of_year[y])) if of_year[y] else "" for name, _ in _OPEN))
                 for y in years)
    alt = (f"Lines of the share of each year's papers releasing code, releasing weights and stating a "
           f"license. Over all years {f['code_share']}% link code, {f['weights_share']}% link weights and "
           f"{f['license_share']}% state a license; in {f['recent_year']}, {f['recent_weights_share']}% "
           f"released weights.")
    ticks = _ticks(shown_years, Counter({y: len(of_year[y]) for y in years}))
    return Figure("open-science", "Open science: share of each year's papers with code, weights, a license",
                  _SHARE_X_LABEL, "Papers that year (%)", Lines(ticks, lines),
                  ("year", "papers", "code", "weights", "license", "code_percent", "weights_percent",
                   "license_percent"), rows, alt)


def _scale(corpus: Corpus, f: Facts, label: Label) -> Figure:
    categories = corpus.vocabularies["category"].ids
    points = [p for p in corpus.papers if p.parameters and p.pretraining_data]
    series = tuple((label("category", c), tuple((p.pretraining_data.value, p.parameters.value, p.model)
                                                for p in points if p.category == c
                                                and p.pretraining_data and p.parameters)) for c in categories)
    rows = tuple((p.id, p.model, p.category, p.parameters.text, p.parameters.value, p.pretraining_data.text,
                  p.pretraining_data.value, p.pretraining_data.unit)
                 for p in points if p.parameters and p.pretraining_data)
    largest = next((p.model for p in points if p.id == f["largest_model"]), "")
    rho = f"; Spearman's rank correlation is {f['scale_rho']}" if f["scale_rho"] else ""
    top = f"; the largest model is {largest} ({f['largest_parameters']} parameters)" if largest else ""
    alt = (f"Log-log scatter of parameters against pre-training data size for the {f['scale_papers']} "
           f"papers stating both{rho}{top}.")
    return Figure("scale", "Model size against pre-training data size", "Pre-training data (items as each "
                  "paper counts them: images, pairs, slides…)", "Parameters", Points(series),
                  ("id", "model", "category", "parameters", "parameters_value", "pretraining_data",
                   "pretraining_data_value", "pretraining_data_unit"), rows, alt)

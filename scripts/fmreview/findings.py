"""Corpus → the facts the meta-analysis states: a flat mapping of name → value, computed on every build.

Values are numbers or ids (term, dataset or paper ids; the page shows their labels). A fact that cannot be
computed (no papers, no second year to compare) is None, and the page leaves its sentence out. The
meta-analysis template and the charts' alt text take every number they state from here, so no number is
typed by hand.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from .model import Corpus, Paper
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
Facts = dict[str, Any]


def compute_facts(corpus: Corpus, today: date) -> Facts:
    """Every fact of the meta-analysis page, by name."""
    papers = list(corpus.papers)
    recent = recent_year(papers, today)
    facts: Facts = {"recent_year": recent}
    for part in (_volume(papers, recent), _datasets(corpus), _domains(corpus, recent),
                 *(_axis(corpus, axis, recent) for axis in ("training", "architecture", "adaptation")),
                 _open_science(papers, recent), _scale(papers)):
        facts.update(part)
    return facts


def _volume(papers: list[Paper], recent: int | None) -> Facts:
    by_year = Counter(p.year for p in papers)
    peak = min(by_year, key=lambda y: (-by_year[y], y), default=None)
    of_recent = [p for p in papers if p.year == recent]
    return {
        "papers": len(papers),
        "first_year": min(by_year, default=None),
        "last_year": max(by_year, default=None),
        "vision_only": sum(p.category == "vision-only" for p in papers),
        "vision_language": sum(p.category == "vision-language" for p in papers),
        "peak_year": peak,
        "peak_papers": by_year[peak] if peak is not None else 0,
        "recent_papers": len(of_recent),
        "recent_vl_share": percent(sum(p.category == "vision-language" for p in of_recent), len(of_recent)),
    }


def _datasets(corpus: Corpus) -> Facts:
    use = dataset_use(corpus.papers)
    order = dataset_order(corpus)
    pre = ranked(Counter({d: n for d, (n, _, _) in use.items()}), order)
    evaluation = ranked(Counter({d: n for d, (_, n, _) in use.items()}), order)
    return {
        "datasets_used": len(use),
        "heatmap_datasets": min(TOP_DATASETS, len(use)),
        "no_dataset": sum(not p.datasets for p in corpus.papers),
        "top_pretraining_dataset": pre[0][0] if pre else None,
        "top_pretraining_papers": pre[0][1] if pre else 0,
        "top_evaluation_dataset": evaluation[0][0] if evaluation else None,
        "top_evaluation_papers": evaluation[0][1] if evaluation else 0,
    }


def _domains(corpus: Corpus, recent: int | None) -> Facts:
    papers = corpus.papers
    modalities = corpus.vocabularies["modalities"].ids
    tasks = corpus.vocabularies["tasks"].ids
    anatomy = ranked(count_terms(papers, "anatomy"), corpus.vocabularies["anatomy"].ids)
    top_modality = ranked(count_terms(papers, "modalities"), modalities)
    pairs = Counter(f"{m} {t}" for p in papers for m in p.modalities for t in p.tasks)
    top_pair = ranked(pairs, [f"{m} {t}" for m in modalities for t in tasks])
    previous = previous_year(papers, recent)
    growth = modality_growth(papers, modalities, previous, recent)
    return {
        "share_modalities": min(TOP_MODALITY_LINES, len(top_modality)),
        "top_modality": top_modality[0][0] if top_modality else None,
        "top_modality_papers": top_modality[0][1] if top_modality else 0,
        "top_modality_share": percent(top_modality[0][1], len(papers)) if top_modality else 0,
        "top_pair_modality": top_pair[0][0].split(" ")[0] if top_pair else None,
        "top_pair_task": top_pair[0][0].split(" ")[1] if top_pair else None,
        "top_pair_papers": top_pair[0][1] if top_pair else 0,
        "previous_year": previous,
        "growth_modality": growth[0] if growth else None,
        "growth_from": round(100 * growth[1]) if growth else None,
        "growth_to": round(100 * growth[2]) if growth else None,
        "top_anatomy": anatomy[0][0] if anatomy else None,
        "top_anatomy_papers": anatomy[0][1] if anatomy else 0,
        "top_anatomy_share": percent(anatomy[0][1], len(papers)) if anatomy else 0,
        "second_anatomy": anatomy[1][0] if len(anatomy) > 1 else None,
        "second_anatomy_papers": anatomy[1][1] if len(anatomy) > 1 else 0,
    }


def _axis(corpus: Corpus, axis: str, recent: int | None) -> Facts:
    """The most common term of an axis overall and in the recent year: top_<axis>, recent_top_<axis>."""
    order = corpus.vocabularies[axis].ids
    overall = ranked(count_terms(corpus.papers, axis), order)
    latest = ranked(count_terms([p for p in corpus.papers if p.year == recent], axis), order)
    return {
        f"top_{axis}": overall[0][0] if overall else None,
        f"top_{axis}_papers": overall[0][1] if overall else 0,
        f"recent_top_{axis}": latest[0][0] if latest else None,
        f"recent_top_{axis}_papers": latest[0][1] if latest else 0,
    }


def _open_science(papers: list[Paper], recent: int | None) -> Facts:
    of_recent = [p for p in papers if p.year == recent]
    facts: Facts = {}
    for name, has in (("code", lambda p: bool(p.code)), ("weights", lambda p: bool(p.weights)),
                      ("license", lambda p: bool(p.license))):
        count = sum(map(has, papers))
        facts[f"with_{name}"] = count
        facts[f"{name}_share"] = percent(count, len(papers))
        facts[f"recent_{name}_share"] = percent(sum(map(has, of_recent)), len(of_recent))
    return facts


def _scale(papers: list[Paper]) -> Facts:
    points = scale_points(papers)
    rho = spearman([p.parameters.value for p in points if p.parameters],
                   [p.pretraining_data.value for p in points if p.pretraining_data])
    largest = min(points, default=None,
                  key=lambda p: (-(p.parameters.value if p.parameters else 0), p.model.casefold(), p.id))
    return {
        "scale_papers": len(points),
        "scale_rho": f"{rho:.2f}" if rho is not None else None,
        "largest_model": largest.id if largest else None,
        "largest_parameters": largest.parameters.text if largest and largest.parameters else None,
    }

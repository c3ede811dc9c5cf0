"""Corpus → comparison tables: one page and one CSV per modality and per task, in the spirit of a structured
comparison of papers (model, year, category, architecture, training, scale, datasets, openness).

Pages live at compare/<axis>/<term>/ (stable: built from vocabulary ids) with the CSV beside them; the index
is compare/. The CSV holds what the table shows, labels rather than ids, plus the paper id for joining.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jinja2 import Environment

from ..load.site import Site
from ..model import Corpus, Paper
from .exports import render_csv
from .outputs import Output, Page

COMPARED_AXES = {"modalities": "modality", "tasks": "task"}  # axis → its singular, for headings
HEADER = ("id", "model", "year", "category", "architecture", "training", "parameters", "pretraining_data",
          "datasets", "code", "weights", "license")


def comparison_row(corpus: Corpus, paper: Paper) -> dict[str, Any]:
    """One paper as a comparison-table row: labels for terms and datasets, as-stated text for sizes."""
    def labels(axis: str) -> list[str]:
        vocab = corpus.vocabularies[axis]
        return [term.label if (term := vocab.get(t)) else t for t in paper.terms(axis)]

    scale = paper.pretraining_data
    return {
        "id": paper.id, "model": paper.model, "year": paper.year, "category": labels("category")[0],
        "architecture": labels("architecture"), "training": labels("training"),
        "parameters": paper.parameters.text if paper.parameters else None,
        "pretraining_data": f"{scale.text} {scale.unit}".strip() if scale else None,
        "datasets": [corpus.datasets[d].name if d in corpus.datasets else d for d in paper.datasets],
        "code": paper.code, "weights": paper.weights, "license": paper.license,
    }


def render_comparisons(site: Site, env: Environment) -> Iterator[Output]:
    """compare/index.md, and compare/<axis>/<term>.md with its .csv for every modality and task."""
    corpus = site.corpus
    sections = []
    known: dict[str, dict[str, Any]] = {}  # a paper is a row of several tables: made once
    for axis in COMPARED_AXES:
        vocab = corpus.vocabularies[axis]
        counts = []
        for term in vocab.terms:
            papers = corpus.papers_with(axis, term.id)
            rows = [known[p.id] if p.id in known else known.setdefault(p.id, comparison_row(corpus, p))
                    for p in papers]
            counts.append((term, len(papers)))
            yield f"compare/{axis}/{term.id}.csv", render_csv(HEADER, (r.values() for r in rows))
            yield Page(f"compare/{axis}/{term.id}.md", "compare.md.j2", {
                "axis": axis, "noun": COMPARED_AXES[axis], "vocab": vocab, "term": term, "rows": rows})
        sections.append((axis, COMPARED_AXES[axis], vocab, counts))
    yield Page("compare/index.md", "compare_index.md.j2", {"sections": sections})

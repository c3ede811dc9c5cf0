"""Corpus → the meta-analysis: meta-analysis/index.md, and beside it every chart as SVG with its data as CSV.

The page reads like the meta-analysis section of a review, but each number in it is a fact computed from the
entries on this build (findings.py), marked up as <data value=… data-fact=…> so that tests can check every
one against the records. Charts are drawn here, in this process, one after the other (charts.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from jinja2 import Environment

from .charts import draw_charts
from .exports import render_csv
from .figures import build_figures
from .findings import compute_facts
from .model import Corpus
from .stats import count_terms

FOLDER = "meta-analysis"


def summary_table(corpus: Corpus) -> list[tuple[str, list[int]]]:
    """(modality label, [papers per category…, all papers]) per modality, then a row for all papers."""
    categories = corpus.vocabularies["category"].ids
    by_category = {c: [p for p in corpus.papers if p.category == c] for c in categories}
    counts = {c: count_terms(by_category[c], "modalities") for c in categories}
    overall = count_terms(corpus.papers, "modalities")
    rows = [(term.label, [*(counts[c][term.id] for c in categories), overall[term.id]])
            for term in corpus.vocabularies["modalities"].terms]
    return [*rows, ("All papers", [*(len(by_category[c]) for c in categories), len(corpus.papers)])]


def render_meta_analysis(env: Environment, corpus: Corpus, today: date) -> Iterator[tuple[str, str | bytes]]:
    """The page, then <slug>.svg and <slug>.csv for each chart, all under meta-analysis/."""
    facts = compute_facts(corpus, today)
    figures = build_figures(corpus, facts)
    for figure, svg in draw_charts(figures):
        yield f"{FOLDER}/{figure.slug}.svg", svg
        yield f"{FOLDER}/{figure.slug}.csv", render_csv(figure.header, figure.rows)
    yield f"{FOLDER}/index.md", env.get_template("analysis.md.j2").render(
        facts=facts, figures={f.slug: f for f in figures}, summary=summary_table(corpus),
        categories=corpus.vocabularies["category"].terms, models={p.id: p.model for p in corpus.papers},
        built=today.isoformat(), root="../")

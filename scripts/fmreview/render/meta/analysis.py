"""Corpus → the meta-analysis: meta-analysis/index.md, every chart as SVG with its data as CSV, and the charts
narrowed to each modality and task under meta-analysis/narrow/.

The page is a list of sections, each with its typed facts (findings.py), its figures (figures.py) and the
template block that writes it (a macro of analysis_sections.j2 named by `Section.block`). Each number on it is a
fact computed from the entries on this build, marked up as <data value=… data-fact=…> so that tests can check
every one against the records. The all-papers charts are drawn with matplotlib (charts.py); the narrowed ones,
dozens, by hand (svgchart.py), and the page switches between them in the browser (docs/assets/narrow.js).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from jinja2 import Environment

from ...model import Corpus
from ..exports import render_csv
from .chartdata import Bars, Figure, Grid, Points
from .charts import draw_charts
from .figures import build_figures
from .findings import Facts, Findings, compute_findings
from .frames import Frames, cells, counts, load_frames, totals
from .narrowing import Narrowing, build_narrowings
from .svgchart import draw_bars, draw_grid, draw_lines

FOLDER = "meta-analysis"


@dataclass(frozen=True)
class Section:
    anchor: str                     # the heading's id, stable: other pages link #trend, #datasets, ...
    heading: str
    block: str                      # the macro of analysis_sections.j2 that writes the section's body
    facts: Facts | None = None
    figures: tuple[Figure, ...] = ()
    table: tuple[tuple[str, tuple[int, ...]], ...] = ()   # the summary's rows: (label, counts)


def summary_table(corpus: Corpus, frames: Frames) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """(modality label, (papers per category…, all papers)) per modality, then a row for all papers."""
    categories = corpus.vocabularies["category"].ids
    table = counts(frames.terms["modalities"], "term", "category", corpus.vocabularies["modalities"].ids, categories)
    table["all"] = table.sum(axis=1)
    overall = totals(frames.papers, "category", categories)
    rows = tuple((term.label, row) for term, row in zip(corpus.vocabularies["modalities"].terms, cells(table),
                                                        strict=True))
    return (*rows, ("All papers", (*(int(v) for v in overall), len(frames.papers))))


def build_sections(corpus: Corpus, frames: Frames, found: Findings) -> list[Section]:
    """The page's sections, in order."""
    figure = {f.slug: f for f in build_figures(corpus, frames, found)}
    return [
        Section("summary", "Summary", "summary", found.summary, table=summary_table(corpus, frames)),
        Section("trend", "Publication trend", "trend", found.trend, (figure["papers-per-year"],)),
        Section("datasets", "Datasets", "registry_datasets", found.datasets, (figure["dataset-use"],)),
        Section("domains", "Application domains", "domains", found.domains,
                (figure["modality-task"], figure["modality-share"])),
        Section("anatomy", "Anatomy", "anatomy", found.anatomy, (figure["anatomy"],)),
        *(Section(leaders.axis, heading, "leaders", leaders, (figure[f"{leaders.axis}-per-year"],))
          for leaders, heading in zip(found.leaders, ("Training strategies", "Architectures",
                                                      "Adaptation to downstream tasks"), strict=True)),
        Section("open-science", "Open science", "open_science", found.open_science, (figure["open-science"],)),
        Section("scale", "Scale", "scale", found.scale, (figure["scale"],)),
        Section("reuse", "Compare and reuse", "reuse"),
    ]


def draw_by_hand(figure: Figure, ident: str) -> str:
    """Bars, lines or heatmaps as a hand-written SVG (svgchart.py): the charts and their narrowed variants alike."""
    if isinstance(figure.plot, Bars):
        return draw_bars(figure.plot, figure.title, figure.alt, ident)
    if isinstance(figure.plot, Grid):
        return draw_grid(figure.plot, figure.title, figure.alt, ident)
    return draw_lines(figure.plot, figure.title, figure.alt, ident)  # type: ignore[arg-type]


def draw_figures(figures: list[Figure]) -> Iterator[tuple[Figure, str | bytes]]:
    """Each figure as SVG, in order: bars, lines and heatmaps by hand; the log-log scatter with matplotlib."""
    drawn = dict(draw_charts([f for f in figures if isinstance(f.plot, Points)]))
    for figure in figures:
        yield figure, drawn[figure] if figure in drawn else draw_by_hand(figure, figure.slug)


def narrowing_index(narrowings: list[Narrowing]) -> str:
    """What the page's script needs to switch charts: per narrowing its label, paper count and alt texts."""
    return json.dumps({n.key: {"label": n.label, "papers": n.papers, "alt": {f.slug: f.alt for f in n.figures}}
                       for n in narrowings}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def render_narrowed(narrowings: list[Narrowing]) -> Iterator[tuple[str, str]]:
    """narrow/<axis>/<term>/<slug>.svg and .csv for every narrowed chart."""
    for narrowing in narrowings:
        for figure in narrowing.figures:
            stem = f"{FOLDER}/narrow/{narrowing.key}/{figure.slug}"
            yield f"{stem}.svg", draw_by_hand(figure, figure.slug)
            yield f"{stem}.csv", render_csv(figure.header, figure.rows)


def render_meta_analysis(env: Environment, corpus: Corpus, today: date) -> Iterator[tuple[str, str | bytes]]:
    """The page, then <slug>.svg and <slug>.csv for each chart and each narrowed chart, all under meta-analysis/."""
    frames = load_frames(corpus)
    found = compute_findings(corpus, today)
    sections = build_sections(corpus, frames, found)
    for figure, svg in draw_figures([f for s in sections for f in s.figures]):
        yield f"{FOLDER}/{figure.slug}.svg", svg
        yield f"{FOLDER}/{figure.slug}.csv", render_csv(figure.header, figure.rows)
    narrowings = build_narrowings(corpus, frames)
    yield from render_narrowed(narrowings)
    narrowed = sorted({f.slug for n in narrowings for f in n.figures})
    yield f"{FOLDER}/index.md", env.get_template("analysis.md.j2").render(
        sections=sections, papers=found.summary.papers, categories=corpus.vocabularies["category"].terms,
        models={p.id: p.model for p in corpus.papers}, narrowings=narrowings, narrowed=narrowed,
        narrowing_index=narrowing_index(narrowings), built=today.isoformat(), root="../")

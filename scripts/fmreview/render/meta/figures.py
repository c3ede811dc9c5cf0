"""Corpus tables + facts → the meta-analysis figures as data: what each chart plots, its CSV and its alt text.

No drawing here (charts.py draws with matplotlib, svgchart.py by hand), so the page, the CSV files and the tests
can use a figure without importing matplotlib. Every count is read off the pandas tables of frames.py; term and
dataset labels come from the vocabularies and the dataset registry.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from ...model import Corpus
from .chartdata import Bars, Figure, Grid, Label, Lines, Points, Values
from .findings import (
    TOP_DATASETS,
    TOP_MODALITY_LINES,
    Anatomy,
    AxisLeaders,
    DatasetFacts,
    Domains,
    Findings,
    OpenScience,
    Scale,
    Summary,
    Trend,
)
from .frames import Frames, cells, counts, dataset_totals, open_by_year, totals, year_by_category
from .stats import dataset_order, percent, ranked, year_span

if TYPE_CHECKING:
    import pandas as pd

MIN_SHARE_PAPERS = 10   # a share of 1 or 2 papers is noise: such years are left off the share lines (not the CSVs)



def build_figures(corpus: Corpus, frames: Frames, facts: Findings) -> list[Figure]:
    """The charts of the meta-analysis, in the order the page shows them."""
    label = labeller(corpus)
    years = year_span(corpus.papers)
    per_year = totals(frames.papers, "year", years)
    ticks = tuple(f"{y}\nn={per_year[y]}" for y in years)
    share_years = [y for y in years if per_year[y] >= MIN_SHARE_PAPERS] or [y for y in years if per_year[y]]
    return [
        papers_per_year(corpus, frames, facts.summary, facts.trend, years, label),
        _dataset_use(corpus, frames, facts.datasets, years, ticks),
        _modality_task(corpus, frames, facts.domains, label),
        _modality_share(corpus, frames, facts.domains, years, share_years, label),
        _anatomy(corpus, frames, facts.anatomy, label),
        *(_terms_per_year(corpus, frames, leaders, years, ticks, label) for leaders in facts.leaders),
        _open_science(frames, facts.open_science, years, share_years),
        _scale(corpus, facts.scale, label),
    ]


def labeller(corpus: Corpus) -> Label:
    def label(axis: str, term_id: str | None) -> str:
        term = corpus.vocabularies[axis].get(term_id or "")
        return term.label if term else str(term_id)
    return label


def papers_per_year(corpus: Corpus, frames: Frames, f: Summary, trend: Trend, years: list[int],
                    label: Label) -> Figure:
    categories = corpus.vocabularies["category"].ids
    table = year_by_category(frames, years, categories)
    rows = tuple((y, *row, sum(row)) for y, row in zip(years, cells(table), strict=True))
    series = tuple((label("category", c), tuple(float(v) for v in table[c])) for c in categories)
    alt = (f"Stacked bars of papers per publication year, {f.first_year} to {f.last_year}: "
           f"{f.papers} papers, {f.vision_only} vision-only and {f.vision_language} "
           f"vision-language; the most, {trend.peak_papers}, in {trend.peak_year}.")
    return Figure("papers-per-year", "Papers per year, by category", "Publication year", "Papers",
                  Bars(tuple(map(str, years)), series), ("year", *categories, "total"), rows, alt)


def _dataset_use(corpus: Corpus, frames: Frames, f: DatasetFacts, years: list[int], ticks: tuple[str, ...]) -> Figure:
    use = dataset_totals(frames, dataset_order(corpus))
    top = [d for d, _ in ranked(Counter(use["either"].to_dict()), list(use.index))[:TOP_DATASETS]]
    panels_by_role = {role: counts(frames.datasets[frames.datasets[role]], "dataset", "year", top, years)
                      for role in ("pretraining", "evaluation")}
    panels = tuple((name, cells(panels_by_role[role]))
                   for name, role in (("Pre-training", "pretraining"), ("Evaluation", "evaluation")))
    rows = tuple((d, corpus.datasets[d].name, y, int(panels_by_role["pretraining"].at[d, y]),
                  int(panels_by_role["evaluation"].at[d, y])) for d in top for y in years)

    def name(dataset_id: str | None) -> str:
        return corpus.datasets[dataset_id].name if dataset_id in corpus.datasets else "none"
    alt = (f"Two heatmaps of the {f.heatmap_datasets} most used datasets by year, pre-training use on the "
           f"left and evaluation use on the right. {name(f.top_pretraining_dataset)} is the most used for "
           f"pre-training ({f.top_pretraining_papers} papers) and {name(f.top_evaluation_dataset)} for "
           f"evaluation ({f.top_evaluation_papers} papers).") if top else "No paper names a registry dataset yet."
    return Figure("dataset-use", f"The {len(top)} most used datasets: papers using each, by year",
                  "Publication year (n = papers that year)", "Dataset",
                  Grid(tuple(short_name(corpus.datasets[d].name) for d in top), ticks, panels),
                  ("dataset", "name", "year", "pretraining", "evaluation"), rows, alt)


def short_name(name: str, limit: int = 26) -> str:
    """A dataset name short enough for a chart row: "BTCV (Multi-Atlas Labeling…)" → "BTCV"."""
    if len(name) > limit and " (" in name:
        name = name.split(" (")[0]
    return name if len(name) <= limit else name[:limit - 1].rstrip() + "…"


def pairs(frames: Frames) -> pd.DataFrame:
    """One row per (paper, modality, task)."""
    return frames.terms["modalities"].merge(frames.terms["tasks"][["id", "term"]], on="id", suffixes=("", "_task"))


def _modality_task(corpus: Corpus, frames: Frames, f: Domains, label: Label) -> Figure:
    modalities, tasks = corpus.vocabularies["modalities"].ids, corpus.vocabularies["tasks"].ids
    matrix = cells(counts(pairs(frames), "term", "term_task", modalities, tasks))
    alt = (f"Heatmap of papers per modality and task. {label('modalities', f.top_modality)} is the most "
           f"studied modality ({f.top_modality_papers} papers); the most frequent pair is "
           f"{label('modalities', f.top_pair_modality)} with {label('tasks', f.top_pair_task)} "
           f"({f.top_pair_papers} papers).")
    grid = Grid(tuple(label("modalities", m) for m in modalities), tuple(label("tasks", t) for t in tasks),
                (("", matrix),))
    rows = tuple((m, *row) for m, row in zip(modalities, matrix, strict=True))
    return Figure("modality-task", "Application domains: papers per modality and task", "Task", "Modality",
                  grid, ("modality", *tasks), rows, alt)


def _modality_share(corpus: Corpus, frames: Frames, f: Domains, years: list[int], shown_years: list[int],
                    label: Label) -> Figure:
    order = corpus.vocabularies["modalities"].ids
    per_year = totals(frames.papers, "year", years)
    table = counts(frames.terms["modalities"], "term", "year", order, years)
    shown = [m for m, _ in ranked(Counter(table.sum(axis=1).to_dict()), order)[:TOP_MODALITY_LINES]]
    lines = tuple((label("modalities", m), tuple(100 * int(table.at[m, y]) / int(per_year[y]) for y in shown_years))
                  for m in shown)
    rows = tuple((y, m, int(table.at[m, y]), int(per_year[y]),
                  percent(int(table.at[m, y]), int(per_year[y])) if per_year[y] else "")
                 for y in years for m in order)
    growth = "No modality's share rose in the latest year."
    if f.growth_modality:
        growth = (f"From {f.previous_year} to {f.recent_year} the share on "
                  f"{label('modalities', f.growth_modality)} rose the most, from {f.growth_from}% to "
                  f"{f.growth_to}%.")
    alt = (f"Lines of the share of each year's papers on the {f.share_modalities} most studied modalities. "
           f"{growth}")
    return Figure("modality-share", "Share of each year's papers per modality (the most studied)",
                  _SHARE_X_LABEL, "Papers that year (%)", Lines(_ticks(shown_years, per_year), lines),
                  ("year", "modality", "papers", "papers_that_year", "percent"), rows, alt)


_SHARE_X_LABEL = f"Publication year (n = papers that year; years with fewer than {MIN_SHARE_PAPERS} are left out)"


def _ticks(years: list[int], per_year: pd.Series) -> tuple[str, ...]:
    return tuple(f"{y}\nn={per_year[y]}" for y in years)


def anatomy_table(corpus: Corpus, frames: Frames) -> pd.DataFrame:
    """Papers per anatomical region (rows, most first, unused ones left out) and category (columns)."""
    table = counts(frames.terms["anatomy"], "term", "category", corpus.vocabularies["anatomy"].ids,
                   corpus.vocabularies["category"].ids)
    order = [a for a, _ in ranked(Counter(table.sum(axis=1).to_dict()), list(table.index))]
    return table.loc[order]


def _anatomy(corpus: Corpus, frames: Frames, f: Anatomy, label: Label) -> Figure:
    categories = corpus.vocabularies["category"].ids
    table = anatomy_table(corpus, frames)
    rows = tuple((a, *row, sum(row)) for a, row in zip(table.index, cells(table), strict=True))
    series = tuple((label("category", c), tuple(float(v) for v in table[c])) for c in categories)
    alt = (f"Horizontal stacked bars of papers per anatomical region. {label('anatomy', f.top_anatomy)} "
           f"leads with {f.top_anatomy_papers} papers ({f.top_anatomy_share}% of all)"
           + (f", followed by {label('anatomy', f.second_anatomy)} ({f.second_anatomy_papers})."
              if f.second_anatomy else "."))
    return Figure("anatomy", "Papers per anatomical region, by category", "Papers", "Anatomical region",
                  Bars(tuple(label("anatomy", a) for a in table.index), series, horizontal=True),
                  ("anatomy", *categories, "total"), rows, alt)


AXIS_TITLES = {"training": ("Training strategies per year", "Training strategy", "strategy"),
               "architecture": ("Architectures per year", "Architecture", "architecture"),
               "adaptation": ("Adaptation to downstream tasks per year", "Adaptation", "adaptation method")}


def _terms_per_year(corpus: Corpus, frames: Frames, f: AxisLeaders, years: list[int], ticks: tuple[str, ...],
                    label: Label) -> Figure:
    axis = f.axis
    title, y_label, noun = AXIS_TITLES[axis]
    vocabulary = corpus.vocabularies[axis].ids
    table = counts(frames.terms[axis], "term", "year", vocabulary, years)
    sums = table.sum(axis=1)
    order = [t for t, _ in ranked(Counter(sums.to_dict()), vocabulary)]
    order += [t for t in vocabulary if t not in order]
    matrix = cells(table.loc[order])
    alt = (f"Heatmap of papers per {noun} and year. {label(axis, f.top)} is the most common "
           f"overall ({f.top_papers} papers); in {f.recent_year} it was "
           f"{label(axis, f.recent_top)} ({f.recent_top_papers} papers).")
    return Figure(f"{axis}-per-year", f"{title} (a paper counts once per {noun} it uses)",
                  "Publication year (n = papers that year)", y_label,
                  Grid(tuple(label(axis, t) for t in order), ticks, (("", matrix),)),
                  (axis, *map(str, years), "total"),
                  tuple((t, *row, int(sums[t])) for t, row in zip(order, matrix, strict=True)), alt)


OPEN = (("Code", "code"), ("Weights", "weights"), ("License stated", "license"))


def open_lines(table: pd.DataFrame, shown_years: list[int]) -> tuple[tuple[str, Values], ...]:
    """Per open-science practice, the share of each shown year's papers following it (%)."""
    return tuple((name, tuple(100 * int(table.at[y, column]) / int(table.at[y, "papers"]) for y in shown_years))
                 for name, column in OPEN)


def open_rows(table: pd.DataFrame) -> tuple[tuple[Any, ...], ...]:
    return tuple((y, n, *(int(table.at[y, c]) for _, c in OPEN),
                  *(percent(int(table.at[y, c]), n) if n else "" for _, c in OPEN))
                 for y, n in ((int(y), int(n)) for y, n in table["papers"].items()))


OPEN_HEADER = ("year", "papers", "code", "weights", "license", "code_percent", "weights_percent", "license_percent")


def _open_science(frames: Frames, f: OpenScience, years: list[int], shown_years: list[int]) -> Figure:
    table = open_by_year(frames, years)
    alt = (f"Lines of the share of each year's papers releasing code, releasing weights and stating a "
           f"license. Over all years {f.code_share}% link code, {f.weights_share}% link weights and "
           f"{f.license_share}% state a license; in {f.recent_year}, {f.recent_weights_share}% "
           f"released weights.")
    return Figure("open-science", "Open science: share of each year's papers with code, weights, a license",
                  _SHARE_X_LABEL, "Papers that year (%)",
                  Lines(_ticks(shown_years, table["papers"]), open_lines(table, shown_years)),
                  OPEN_HEADER, open_rows(table), alt)


def _scale(corpus: Corpus, f: Scale, label: Label) -> Figure:
    categories = corpus.vocabularies["category"].ids
    points = [p for p in corpus.papers if p.parameters and p.pretraining_data]
    series = tuple((label("category", c), tuple((p.pretraining_data.value, p.parameters.value, p.model)
                                                for p in points if p.category == c
                                                and p.pretraining_data and p.parameters)) for c in categories)
    rows = tuple((p.id, p.model, p.category, p.parameters.text, p.parameters.value, p.pretraining_data.text,
                  p.pretraining_data.value, p.pretraining_data.unit)
                 for p in points if p.parameters and p.pretraining_data)
    largest = next((p.model for p in points if p.id == f.largest_model), "")
    rho = f"; Spearman's rank correlation is {f.scale_rho}" if f.scale_rho else ""
    top = f"; the largest model is {largest} ({f.largest_parameters} parameters)" if largest else ""
    alt = (f"Log-log scatter of parameters against pre-training data size for the {f.scale_papers} "
           f"papers stating both{rho}{top}.")
    return Figure("scale", "Model size against pre-training data size", "Pre-training data (items as each "
                  "paper counts them: images, pairs, slides…)", "Parameters", Points(series),
                  ("id", "model", "category", "parameters", "parameters_value", "pretraining_data",
                   "pretraining_data_value", "pretraining_data_unit"), rows, alt)

"""Corpus tables → the meta-analysis charts narrowed to one modality or one task, drawn at build time as small
hand-written SVGs (svgchart.py) with their CSVs, for the page to switch between without a server (narrow.js).

A narrowing is the papers listing one term of `modalities` or `tasks` (terms with no paper get none). Only the
charts that mean something for a subset are narrowed, each in the form that reads best on few papers:
- papers-per-year: the same stacked bars by category;
- dataset-use: horizontal bars of the datasets these papers use most (either way);
- modality-task: horizontal bars of their tasks (narrowed to a modality) or modalities (narrowed to a task);
- anatomy: the same horizontal stacked bars by category;
- training, architecture, adaptation: horizontal bars of how many of these papers use each term;
- open-science: the same share lines, on years with at least MIN_NARROW_SHARE of these papers.
The modality-share lines and the scale scatter stay for all papers. Files: narrow/<axis>/<term>/<slug>.svg|csv.

Speed: every narrowing's counts come from one pandas group-by per table over all narrowings at once (the
narrowing's key is one more grouping column), read back as plain dicts; a build has about 25 narrowings.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from .figures import OPEN, OPEN_HEADER, Bars, Figure, Label, Lines, labeller, short_name
from .findings import LEADER_AXES
from .frames import Frames
from .model import Corpus
from .stats import dataset_order, percent, ranked, year_span

NARROW_AXES = ("modalities", "tasks")
TOP_NARROW_DATASETS = 10   # bars of the narrowed dataset-use chart
MIN_NARROW_SHARE = 5       # a narrowed share line leaves out years with fewer papers (the CSV keeps them)


def plural(n: int, noun: str = "paper") -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@dataclass(frozen=True)
class Narrowing:
    axis: str                   # "modalities" or "tasks"
    term: str                   # the term id
    label: str                  # the term's label
    papers: int                 # papers listing the term
    figures: tuple[Figure, ...]

    @property
    def key(self) -> str:
        """The narrowing's name in the page's address (?narrow=modalities/ct) and its folder under narrow/."""
        return f"{self.axis}/{self.term}"


Counts = dict[tuple, int]   # (narrowing key, …) → papers


@dataclass(frozen=True)
class NarrowCounts:
    """Every narrowed count, keyed first by the narrowing's key ("modalities/ct")."""
    year_category: Counts       # (key, year, category)
    terms: dict[str, Counts]    # axis → (key, term)
    anatomy: Counts             # (key, anatomy term, category)
    datasets: dict[tuple[str, str], tuple[int, int, int]]   # (key, dataset) → (pre-training, evaluation, either)
    open: dict[tuple[str, int], tuple[int, ...]]             # (key, year) → (papers, code, weights, license)


def count_narrowed(frames: Frames) -> tuple[dict[str, list[str]], NarrowCounts]:
    """The papers of each narrowing (key → ids) and every count the narrowed charts show."""
    member = pd.concat([frames.terms[axis].assign(key=axis + "/" + frames.terms[axis]["term"])[["key", "id"]]
                        for axis in NARROW_AXES], ignore_index=True)
    papers = member.merge(frames.papers, on="id")

    def sizes(frame: pd.DataFrame, by: list[str]) -> Counts:
        return {k: int(v) for k, v in frame.groupby(by).size().items()}

    def joined(axis: str) -> pd.DataFrame:
        return member.merge(frames.terms[axis][["id", "term", "category"]], on="id")

    by_dataset = member.merge(frames.datasets, on="id").groupby(["key", "dataset"])
    use = by_dataset[["pretraining", "evaluation"]].sum()
    use["either"] = by_dataset.size()
    opened = papers.groupby(["key", "year"])[["code", "weights", "license"]].sum()
    opened.insert(0, "papers", papers.groupby(["key", "year"]).size())
    return member.groupby("key")["id"].apply(list).to_dict(), NarrowCounts(
        year_category=sizes(papers, ["key", "year", "category"]),
        terms={axis: sizes(joined(axis), ["key", "term"]) for axis in (*NARROW_AXES, *LEADER_AXES)},
        anatomy=sizes(joined("anatomy"), ["key", "term", "category"]),
        datasets={k: tuple(int(v) for v in row) for k, row in use.iterrows()},  # type: ignore[misc]
        open={k: tuple(int(v) for v in row) for k, row in opened.iterrows()})


def build_narrowings(corpus: Corpus, frames: Frames) -> list[Narrowing]:
    """Every modality and task with papers, in vocabulary order, with its narrowed figures."""
    label, years = labeller(corpus), year_span(corpus.papers)
    members, tables = count_narrowed(frames)
    found = []
    for axis in NARROW_AXES:
        for term in corpus.vocabularies[axis].ids:
            key = f"{axis}/{term}"
            if key in members:
                view = _View(corpus, tables, key, f"{label(axis, term)} papers", len(members[key]), years, label)
                found.append(Narrowing(axis, term, label(axis, term), len(members[key]), tuple(view.figures(axis))))
    return found


@dataclass(frozen=True)
class _View:
    """One narrowing's figures, read off the counts."""
    corpus: Corpus
    tables: NarrowCounts
    key: str
    noun: str                   # "CT papers"
    n: int
    years: list[int]
    label: Label

    def figures(self, axis: str) -> list[Figure]:
        other = "tasks" if axis == "modalities" else "modalities"  # the modality-task heatmap's other axis
        return [self.per_year(), self.dataset_use(), self.ranking("modality-task", other), self.anatomy(),
                *(self.ranking(f"{leader}-per-year", leader) for leader in LEADER_AXES), self.open_science()]

    def per_year(self) -> Figure:
        categories = self.corpus.vocabularies["category"].ids
        table = [[self.tables.year_category.get((self.key, y, c), 0) for c in categories] for y in self.years]
        per_year = [sum(row) for row in table]
        peak = max(per_year)
        used = [y for y, n in zip(self.years, per_year, strict=True) if n]
        split = " and ".join(f"{sum(row[i] for row in table)} {self.label('category', c).lower()}"
                             for i, c in enumerate(categories))
        span = f"in {used[0]}" if used[0] == used[-1] else f"from {used[0]} to {used[-1]}"
        return Figure("papers-per-year", f"{self.noun}: papers per year, by category", "Publication year", "Papers",
                      Bars(tuple(map(str, self.years)),
                           tuple((self.label("category", c), tuple(float(row[i]) for row in table))
                                 for i, c in enumerate(categories))),
                      ("year", *categories, "total"),
                      tuple((y, *row, sum(row)) for y, row in zip(self.years, table, strict=True)),
                      f"Stacked bars of {self.noun} per publication year: {plural(self.n)} {span} ({split}); "
                      f"the most, {peak}, in {self.years[per_year.index(peak)]}.")

    def lead(self, opening: str, axis: str, sums: dict[str, int]) -> str:
        """"<opening>: <term> leads, in k of n papers." from term → count, in ranking order."""
        if not sums:
            return f"{opening}: none of the {plural(self.n)} states one."
        term, count = next(iter(sums.items()))
        return f"{opening}: {self.label(axis, term)} leads, in {count} of {plural(self.n)}."

    def ranked(self, counts: Counts, axis: str) -> dict[str, int]:
        """Term → papers of this narrowing, most first, ties in vocabulary order, terms without papers left out."""
        of_key = Counter({term: n for (key, term), n in counts.items() if key == self.key})
        return dict(ranked(of_key, self.corpus.vocabularies[axis].ids))

    def ranking(self, slug: str, axis: str) -> Figure:
        """Horizontal bars of how many of the papers list each term of `axis`, most first."""
        sums = self.ranked(self.tables.terms[axis], axis)
        noun = {"tasks": "task", "modalities": "modality", "training": "training strategy",
                "architecture": "architecture", "adaptation": "adaptation method"}[axis]
        return Figure(slug, f"{self.noun} per {noun}", "Papers", noun.capitalize(),
                      Bars(tuple(self.label(axis, t) for t in sums), (("", tuple(map(float, sums.values()))),),
                           horizontal=True),
                      (axis, "papers"), tuple(sums.items()),
                      self.lead(f"Horizontal bars of {self.noun} per {noun}", axis, sums))

    def anatomy(self) -> Figure:
        categories = self.corpus.vocabularies["category"].ids
        papers: Counter[tuple] = Counter()
        for (key, term, _), n in self.tables.anatomy.items():
            papers[key, term] += n  # a paper has one category: the sum over categories counts each paper once
        by_term = self.ranked(papers, "anatomy")
        table = [[self.tables.anatomy.get((self.key, a, c), 0) for c in categories] for a in by_term]
        return Figure("anatomy", f"{self.noun} per anatomical region, by category", "Papers", "Anatomical region",
                      Bars(tuple(self.label("anatomy", a) for a in by_term),
                           tuple((self.label("category", c), tuple(float(row[i]) for row in table))
                                 for i, c in enumerate(categories)), horizontal=True),
                      ("anatomy", *categories, "total"),
                      tuple((a, *row, sum(row)) for a, row in zip(by_term, table, strict=True)),
                      self.lead(f"Horizontal stacked bars of {self.noun} per anatomical region", "anatomy", by_term))

    def dataset_use(self) -> Figure:
        datasets = self.corpus.datasets
        use = {d: counts for (k, d), counts in self.tables.datasets.items() if k == self.key}
        top = [d for d, _ in ranked(Counter({d: u[2] for d, u in use.items()}),
                                    dataset_order(self.corpus))[:TOP_NARROW_DATASETS]]
        rows = tuple((d, datasets[d].name, *use[d]) for d in top)
        alt = (f"Horizontal bars of the {plural(len(top), 'dataset')} most used by the {self.noun}: "
               f"{datasets[top[0]].name} leads, in {use[top[0]][2]} of {plural(self.n)}.") if top else \
            f"None of the {self.noun} names a registry dataset."
        return Figure("dataset-use", f"{self.noun}: the datasets they use most", "Papers", "Dataset",
                      Bars(tuple(short_name(datasets[d].name) for d in top),
                           (("", tuple(float(use[d][2]) for d in top)),), horizontal=True),
                      ("dataset", "name", "pretraining", "evaluation", "papers"), rows, alt)

    def open_science(self) -> Figure:
        table = {y: self.tables.open.get((self.key, y), (0, 0, 0, 0)) for y in self.years}
        shown = [y for y in self.years if table[y][0] >= MIN_NARROW_SHARE] or [y for y in self.years if table[y][0]]
        lines = tuple((name, tuple(100 * table[y][i + 1] / table[y][0] for y in shown))
                      for i, (name, _) in enumerate(OPEN))
        rows = tuple((y, n, *table[y][1:], *(percent(v, n) if n else "" for v in table[y][1:]))
                     for y, n in ((y, table[y][0]) for y in self.years))
        shares = [f"{percent(sum(table[y][i] for y in self.years), self.n)}% {what}"
                  for i, what in ((1, "link code"), (2, "link weights"), (3, "state a license"))]
        return Figure("open-science", f"{self.noun}: share of each year's papers with code, weights, a license",
                      "Publication year", "Papers that year (%)", Lines(tuple(map(str, shown)), lines), OPEN_HEADER,
                      rows, f"Lines of the share of each year's {self.noun} releasing code, releasing weights and "
                      f"stating a license; over all years {', '.join(shares[:2])} and {shares[2]}.")

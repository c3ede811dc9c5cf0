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
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ...model import Corpus
from .figures import OPEN, OPEN_HEADER, Bars, Figure, Label, Lines, labeller, short_name
from .findings import LEADER_AXES
from .frames import Frames
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


@dataclass
class Subset:
    """One narrowing's counts: the papers listing its term, counted every way a narrowed chart shows them."""
    papers: int = 0
    year_category: dict[tuple[int, str], int] = field(default_factory=dict)
    terms: dict[str, dict[str, int]] = field(default_factory=dict)              # axis → term → papers
    anatomy: dict[tuple[str, str], int] = field(default_factory=dict)           # (anatomy term, category) → papers
    datasets: dict[str, tuple[int, int, int]] = field(default_factory=dict)     # → (pre-training, evaluation, either)
    open: dict[int, tuple[int, int, int, int]] = field(default_factory=dict)  # year → (papers, code, weights, licence)


def count_narrowed(frames: Frames) -> dict[str, Subset]:
    """Narrowing key → its counts, every table one group-by over all narrowings (the key a grouping column)."""
    member = pd.concat([frames.terms[axis].assign(key=axis + "/" + frames.terms[axis]["term"])[["key", "id"]]
                        for axis in NARROW_AXES], ignore_index=True)
    papers = member.merge(frames.papers, on="id")
    subsets = {str(key): Subset(int(n)) for key, n in member.groupby("key").size().items()}

    def spread(table: pd.Series | pd.DataFrame) -> Iterator[tuple[Subset, Any, Any]]:
        """(subset, rest of the index, value or row) for each row of a table indexed by (key, ...)."""
        for (key, *rest), value in zip(table.index, table.to_numpy().tolist(), strict=True):
            yield subsets[key], rest[0] if len(rest) == 1 else tuple(rest), value

    def joined(axis: str) -> pd.DataFrame:
        return member.merge(frames.terms[axis][["id", "term", "category"]], on="id")

    for subset, rest, n in spread(papers.groupby(["key", "year", "category"]).size()):
        subset.year_category[rest] = n
    for axis in (*NARROW_AXES, *LEADER_AXES):
        for subset, term, n in spread(joined(axis).groupby(["key", "term"]).size()):
            subset.terms.setdefault(axis, {})[term] = n
    for subset, rest, n in spread(joined("anatomy").groupby(["key", "term", "category"]).size()):
        subset.anatomy[rest] = n
    by_dataset = member.merge(frames.datasets, on="id").groupby(["key", "dataset"])
    use = by_dataset[["pretraining", "evaluation"]].sum().assign(either=by_dataset.size())
    for subset, dataset, row in spread(use):
        subset.datasets[dataset] = tuple(row)
    by_year = papers.groupby(["key", "year"])
    opened = by_year[["code", "weights", "license"]].sum().assign(papers=by_year.size())
    for subset, year, row in spread(opened[["papers", "code", "weights", "license"]]):
        subset.open[year] = tuple(row)
    return subsets


def build_narrowings(corpus: Corpus, frames: Frames) -> list[Narrowing]:
    """Every modality and task with papers, in vocabulary order, with its narrowed figures."""
    label, years = labeller(corpus), year_span(corpus.papers)
    subsets = count_narrowed(frames)
    found = []
    for axis in NARROW_AXES:
        for term in corpus.vocabularies[axis].ids:
            subset = subsets.get(f"{axis}/{term}")
            if subset:
                view = _View(corpus, subset, f"{label(axis, term)} papers", years, label)
                found.append(Narrowing(axis, term, label(axis, term), subset.papers, tuple(view.figures(axis))))
    return found


@dataclass(frozen=True)
class _View:
    """One narrowing's figures, read off its counts."""
    corpus: Corpus
    subset: Subset
    noun: str                   # "CT papers"
    years: list[int]
    label: Label

    @property
    def n(self) -> int:
        return self.subset.papers

    def figures(self, axis: str) -> list[Figure]:
        other = "tasks" if axis == "modalities" else "modalities"  # the modality-task heatmap's other axis
        return [self.per_year(), self.dataset_use(), self.ranking("modality-task", other), self.anatomy(),
                *(self.ranking(f"{leader}-per-year", leader) for leader in LEADER_AXES), self.open_science()]

    def per_year(self) -> Figure:
        categories = self.corpus.vocabularies["category"].ids
        table = [[self.subset.year_category.get((y, c), 0) for c in categories] for y in self.years]
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

    def ranked(self, counts: dict[str, int], axis: str) -> dict[str, int]:
        """Term → papers of this narrowing, most first, ties in vocabulary order, terms without papers left out."""
        return dict(ranked(Counter(counts), self.corpus.vocabularies[axis].ids))

    def ranking(self, slug: str, axis: str) -> Figure:
        """Horizontal bars of how many of the papers list each term of `axis`, most first."""
        sums = self.ranked(self.subset.terms.get(axis, {}), axis)
        noun = {"tasks": "task", "modalities": "modality", "training": "training strategy",
                "architecture": "architecture", "adaptation": "adaptation method"}[axis]
        return Figure(slug, f"{self.noun} per {noun}", "Papers", noun.capitalize(),
                      Bars(tuple(self.label(axis, t) for t in sums), (("", tuple(map(float, sums.values()))),),
                           horizontal=True),
                      (axis, "papers"), tuple(sums.items()),
                      self.lead(f"Horizontal bars of {self.noun} per {noun}", axis, sums))

    def anatomy(self) -> Figure:
        categories = self.corpus.vocabularies["category"].ids
        papers: Counter[str] = Counter()
        for (term, _), n in self.subset.anatomy.items():
            papers[term] += n  # a paper has one category: the sum over categories counts each paper once
        by_term = self.ranked(papers, "anatomy")
        table = [[self.subset.anatomy.get((a, c), 0) for c in categories] for a in by_term]
        return Figure("anatomy", f"{self.noun} per anatomical region, by category", "Papers", "Anatomical region",
                      Bars(tuple(self.label("anatomy", a) for a in by_term),
                           tuple((self.label("category", c), tuple(float(row[i]) for row in table))
                                 for i, c in enumerate(categories)), horizontal=True),
                      ("anatomy", *categories, "total"),
                      tuple((a, *row, sum(row)) for a, row in zip(by_term, table, strict=True)),
                      self.lead(f"Horizontal stacked bars of {self.noun} per anatomical region", "anatomy", by_term))

    def dataset_use(self) -> Figure:
        datasets = self.corpus.datasets
        use = self.subset.datasets
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
        table = {y: self.subset.open.get(y, (0, 0, 0, 0)) for y in self.years}
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

"""Corpus → pandas tables, built once per build: the meta-analysis' counts, charts and CSVs are read off them.

Three long tables, one row per fact, so that every count is one crosstab or group-by:
- `papers`: one row per paper (id, year, category, code, weights, license as booleans);
- `terms[axis]`: one row per (paper, term) pair of a multi-label axis (a paper counts once per term it lists);
- `datasets`: one row per (paper, dataset) with whether the paper pre-trains and/or evaluates on it.
`Frames.only(ids)` narrows all three to some papers (a modality's or a task's), so the narrowed charts are the
same tables computed on fewer rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from ...model import Corpus

AXES = ("modalities", "tasks", "anatomy", "training", "architecture", "adaptation")


@dataclass(frozen=True)
class Frames:
    papers: pd.DataFrame
    terms: dict[str, pd.DataFrame]
    datasets: pd.DataFrame

    def only(self, ids: Iterable[str]) -> Frames:
        """The same tables restricted to the papers `ids`."""
        keep = set(ids)
        return Frames(self.papers[self.papers["id"].isin(keep)],
                      {axis: frame[frame["id"].isin(keep)] for axis, frame in self.terms.items()},
                      self.datasets[self.datasets["id"].isin(keep)])


def load_frames(corpus: Corpus) -> Frames:
    papers = corpus.papers
    table = _frame([(p.id, p.year, p.category, bool(p.code), bool(p.weights), bool(p.license)) for p in papers],
                   id=str, year=int, category=str, code=bool, weights=bool, license=bool)
    terms = {axis: _frame([(p.id, p.year, p.category, t) for p in papers for t in dict.fromkeys(p.terms(axis))],
                          id=str, year=int, category=str, term=str) for axis in AXES}
    use = _frame([(p.id, p.year, d, d in p.pretraining_datasets, d in p.evaluation_datasets)
                  for p in papers for d in p.datasets],
                 id=str, year=int, dataset=str, pretraining=bool, evaluation=bool)
    return Frames(table, terms, use)


def _frame(rows: list[tuple], **types: type) -> pd.DataFrame:
    """A table of `rows` with the given column names and types (kept when there are no rows, so joins work)."""
    frame = pd.DataFrame(rows, columns=list(types))
    return frame.astype({name: object if kind is str else kind for name, kind in types.items()})


def counts(frame: pd.DataFrame, rows: str, columns: str, row_order: Sequence, column_order: Sequence) -> pd.DataFrame:
    """The rows × columns crosstab of `frame`, in the given orders, zeros filled (an empty frame gives zeros)."""
    table = frame.groupby([rows, columns]).size().unstack(fill_value=0) if len(frame) else pd.DataFrame()
    return table.reindex(index=list(row_order), columns=list(column_order), fill_value=0).astype(int)


def totals(frame: pd.DataFrame, column: str, order: Sequence) -> pd.Series:
    """Rows per value of `column`, in `order`, zeros included."""
    return frame[column].value_counts().reindex(list(order), fill_value=0).astype(int)


def cells(table: pd.DataFrame) -> tuple[tuple[int, ...], ...]:
    """A table's values as plain ints, row by row (numpy integers never reach a template or a CSV)."""
    return tuple(tuple(int(v) for v in row) for row in table.itertuples(index=False))


def year_by_category(frames: Frames, years: Sequence[int], categories: Sequence[str]) -> pd.DataFrame:
    """Papers per year (rows, every year of `years`) and category (columns)."""
    return counts(frames.papers, "year", "category", years, categories)


def open_by_year(frames: Frames, years: Sequence[int]) -> pd.DataFrame:
    """Per year: papers, and how many link code, link weights, state a license."""
    grouped = frames.papers.groupby("year")[["code", "weights", "license"]].sum()
    grouped.insert(0, "papers", frames.papers.groupby("year").size())
    return grouped.reindex(list(years), fill_value=0).astype(int)


def dataset_totals(frames: Frames, order: Sequence[str]) -> pd.DataFrame:
    """Per dataset (in `order`, unused ones dropped): papers pre-training on it, evaluating on it, using it."""
    use = frames.datasets.assign(either=True).groupby("dataset")[["pretraining", "evaluation", "either"]].sum()
    return use.reindex([d for d in order if d in use.index]).astype(int)

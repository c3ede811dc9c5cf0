"""Related papers: the papers sharing the most datasets and taxonomy terms with each paper, with the reason.

Scores come from one sparse-feature matrix product (numpy), so 5,000 papers cost a second, not minutes of
pairwise Python loops.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..model import Paper

# How much one shared value counts, and how the reason names it.
WEIGHTS: dict[str, tuple[float, str]] = {
    "datasets": (3.0, "dataset"),
    "modalities": (2.0, "modality"),
    "tasks": (1.0, "task"),
    "training": (1.0, "training strategy"),
    "architecture": (1.0, "architecture"),
    "anatomy": (1.0, "anatomy"),
    "category": (0.5, "category"),
}
MIN_SCORE = 4.0


def _features(paper: Paper, axis: str) -> tuple[str, ...]:
    return paper.datasets if axis == "datasets" else paper.terms(axis)


def reason(paper: Paper, other: Paper, names: Mapping[str, str] | None = None) -> str:
    """'same modality and training strategy; shares MIMIC-CXR' style explanation."""
    same = [
        WEIGHTS[axis][1]
        for axis in WEIGHTS
        if axis != "datasets" and set(_features(paper, axis)) & set(_features(other, axis))
    ]
    text = "same " + ", ".join(same[:-1]) + (" and " if len(same) > 1 else "") + same[-1] if same else ""
    shared = [d for d in paper.datasets if d in other.datasets]
    if shared:
        text += ("; " if text else "") + "shares " + ", ".join((names or {}).get(d, d) for d in shared[:3])
    return text


_LAST: list[tuple[object, dict[str, list[tuple[str, str]]]]] = []  # the last answer, by what it depended on


def related_papers(
    papers: list[Paper], count: int = 4, names: Mapping[str, str] | None = None
) -> dict[str, list[tuple[Paper, str]]]:
    """The `count` most related papers of each paper with the reason; `names` maps dataset ids to names. The
    ranking depends only on the papers' datasets and terms: asked again with the same (a preview after a
    summary was edited), the last ranking is reused, with the current records."""
    if not papers:
        return {}
    key = (tuple((p.id, *(_features(p, axis) for axis in WEIGHTS)) for p in papers), count,
           tuple(sorted((names or {}).items())))
    if not _LAST or _LAST[0][0] != key:
        ranked = _rank(papers, count, names)
        _LAST[:] = [(key, {pid: [(other.id, why) for other, why in pairs] for pid, pairs in ranked.items()})]
    by_id = {p.id: p for p in papers}
    return {pid: [(by_id[other], why) for other, why in pairs] for pid, pairs in _LAST[0][1].items()}


def _rank(papers: list[Paper], count: int, names: Mapping[str, str] | None) -> dict[str, list[tuple[Paper, str]]]:
    columns: dict[tuple[str, str], int] = {}
    rows, cols, values = [], [], []
    for index, paper in enumerate(papers):
        for axis, (weight, _) in WEIGHTS.items():
            for value in _features(paper, axis):
                column = columns.setdefault((axis, value), len(columns))
                rows.append(index)
                cols.append(column)
                values.append(np.sqrt(weight))
    matrix = np.zeros((len(papers), len(columns)), dtype=np.float32)
    matrix[rows, cols] = values
    result: dict[str, list[tuple[Paper, str]]] = {}
    for start in range(0, len(papers), 1000):
        scores = matrix[start : start + 1000] @ matrix.T
        scores[np.arange(len(scores)), np.arange(start, start + len(scores))] = -1.0  # not its own relative
        # The count-th best score of each row: only papers scoring at least that are sorted (ties by position,
        # as a stable sort of the whole row would order them), not all of them.
        kth = -np.partition(-scores, min(count, scores.shape[1]) - 1, axis=1)[:, min(count, scores.shape[1]) - 1]
        for offset, row in enumerate(scores):
            index = start + offset
            candidates = np.flatnonzero(row >= kth[offset])
            best = candidates[np.argsort(-row[candidates], kind="stable")][:count]
            chosen = [papers[j] for j in best if row[j] >= MIN_SCORE]
            result[papers[index].id] = [(other, reason(papers[index], other, names)) for other in chosen]
    return result

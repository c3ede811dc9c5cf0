"""Corpus → numbers: the counting rules behind the meta-analysis' sentences (its tables are pandas, frames.py).

Rules every number follows (the tests recompute them from the raw YAML with the same rules):
- a paper counts once for each term it lists (multi-label axes), and once per dataset however it uses it;
- ties are broken by vocabulary order for terms, by name for datasets, by the earlier year for years;
- percentages are `round(100 * part / whole)` (half to even), 0 when `whole` is 0;
- the "recent year" is the latest year before the build year that has papers (the build year is still being
  searched, so its counts are partial); with none, the latest year that has papers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date

from ...model import Corpus, Paper


def percent(part: int, whole: int) -> int:
    """Whole-number percentage; 0 when there is nothing to divide by."""
    return round(100 * part / whole) if whole else 0


def year_span(papers: Sequence[Paper]) -> list[int]:
    """Every year from the first paper's to the last paper's, gaps included, so time axes are honest."""
    years = [p.year for p in papers]
    return list(range(min(years), max(years) + 1)) if years else []


def count_terms(papers: Iterable[Paper], axis: str) -> Counter[str]:
    """Term id → number of papers listing it."""
    return Counter(term for paper in papers for term in paper.terms(axis))


def ranked(counts: Counter[str], order: Sequence[str]) -> list[tuple[str, int]]:
    """(key, count) with count > 0, most first; ties in `order`'s order (keys missing from it go last)."""
    position = {key: index for index, key in enumerate(order)}
    return sorted(((k, n) for k, n in counts.items() if n > 0),
                  key=lambda item: (-item[1], position.get(item[0], len(position)), item[0]))


def dataset_use(papers: Iterable[Paper]) -> dict[str, tuple[int, int, int]]:
    """Dataset id → (papers pre-training on it, papers evaluating on it, papers using it either way)."""
    pre, evaluation, either = Counter[str](), Counter[str](), Counter[str]()
    for paper in papers:
        pre.update(set(paper.pretraining_datasets))
        evaluation.update(set(paper.evaluation_datasets))
        either.update(set(paper.datasets))
    return {d: (pre[d], evaluation[d], either[d]) for d in either}


def dataset_order(corpus: Corpus) -> list[str]:
    """Dataset ids by name, the tie-break order for dataset rankings."""
    return sorted(corpus.datasets, key=lambda d: (corpus.datasets[d].name.casefold(), d))


def recent_year(papers: Sequence[Paper], today: date) -> int | None:
    """The latest complete year with papers (see the module docstring)."""
    years = {p.year for p in papers}
    complete = [y for y in years if y < today.year]
    return max(complete or years, default=None)


def previous_year(papers: Sequence[Paper], year: int | None) -> int | None:
    """The latest year before `year` that has papers."""
    earlier = [p.year for p in papers if year is not None and p.year < year]
    return max(earlier, default=None)


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Spearman's rank correlation (average ranks for ties); None below 3 points or with no spread."""
    if len(xs) < 3:
        return None
    rx, ry = _ranks(xs), _ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx, vy = sum((a - mx) ** 2 for a in rx), sum((b - my) ** 2 for b in ry)
    return cov / (vx * vy) ** 0.5 if vx and vy else None


def _ranks(values: Sequence[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for k in range(start, end + 1):
            ranks[order[k]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def modality_growth(papers: Sequence[Paper], order: Sequence[str], before: int | None,
                    after: int | None) -> tuple[str, float, float] | None:
    """The modality whose share of papers rose most from year `before` to year `after`, with both shares
    (fractions); None when either year is missing or no share rose."""
    if before is None or after is None:
        return None
    shares = {}
    for year in (before, after):
        of_year = [p for p in papers if p.year == year]
        counts = count_terms(of_year, "modalities")
        shares[year] = {m: counts[m] / len(of_year) for m in order}
    best = max(order, key=lambda m: (shares[after][m] - shares[before][m], -order.index(m)), default=None)
    if best is None or shares[after][best] <= shares[before][best]:
        return None
    return best, shares[before][best], shares[after][best]


def scale_points(papers: Iterable[Paper]) -> list[Paper]:
    """Papers stating both their parameter count and their pre-training data size."""
    return [p for p in papers if p.parameters and p.pretraining_data]

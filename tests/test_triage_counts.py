"""The method page's screening counts (PRISMA style) from data/triage.yaml."""

from __future__ import annotations

from datetime import date

from fmreview.load.triage import Screened
from fmreview.render.pages import triage_counts

DAY = date(2026, 11, 28)


def test_counts_by_decision_and_reason_with_repeats_counted_once() -> None:
    items = [
        Screened("A", "excluded", "single-task", DAY, arxiv="2501.00001"),
        Screened("B", "excluded", "survey-or-benchmark", DAY, doi="10.1/b"),
        Screened("C", "excluded", "single-task", DAY),
        Screened("D", "included", "in-scope", DAY, arxiv="2501.00004", entry="d"),
        Screened("A again", "included", "in-scope", DAY, arxiv="2501.00001", entry="a"),  # re-screened
    ]
    assert triage_counts(items) == {"screened": 4, "included": 2, "excluded": 2,
                                    "reasons": [("single-task", 1), ("survey-or-benchmark", 1)]}


def test_nothing_screened_is_all_zero() -> None:
    assert triage_counts([]) == {"screened": 0, "included": 0, "excluded": 0, "reasons": []}

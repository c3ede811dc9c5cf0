"""The method page's screening counts (PRISMA style) from data/triage.yaml."""

from __future__ import annotations

from fmreview.pages import triage_counts


def test_counts_by_decision_and_reason_with_repeats_counted_once() -> None:
    items = [
        {"title": "A", "arxiv": "2501.00001", "decision": "excluded", "reason": "single-task"},
        {"title": "B", "doi": "10.1/b", "decision": "excluded", "reason": "survey-or-benchmark"},
        {"title": "C", "decision": "excluded", "reason": "single-task"},
        {"title": "D", "arxiv": "2501.00004", "decision": "included", "reason": "in-scope", "entry": "d"},
        {"title": "A again", "arxiv": "2501.00001", "decision": "included", "reason": "in-scope"},  # re-screened
        "not a mapping",
    ]
    assert triage_counts(items) == {"screened": 4, "included": 2, "excluded": 2,
                                    "reasons": [("single-task", 1), ("survey-or-benchmark", 1)]}


def test_nothing_screened_is_all_zero() -> None:
    assert triage_counts([]) == {"screened": 0, "included": 0, "excluded": 0, "reasons": []}

"""Editing entry files line by line (fmreview.intake.yamledit): replaced and inserted fields, the rest as it was."""

from __future__ import annotations

import pytest

from fmreview.intake.yamledit import EditError, edit_fields

ORDER = ["id", "title", "arxiv_title", "year", "venue", "type", "arxiv", "doi", "checked", "code", "weights",
         "summary"]
TEXT = """\
# A comment at the top
id: demo
title: >-
  A long title folded
  over two lines
year: 2024  # the preprint's year
venue: arXiv

# a comment before type
type: preprint
arxiv: "2401.00001"
checked: 2026-01-01
summary: >-
  Text that stays.
"""


def test_replaces_a_folded_value_and_keeps_comments_and_blank_lines() -> None:
    new = edit_fields(TEXT, {"title": "A new title: published", "year": 2025, "doi": "10.5555/x.1",
                             "weights": "https://example.org/w"}, ORDER)
    assert new == """\
# A comment at the top
id: demo
title: "A new title: published"
year: 2025  # the preprint's year
venue: arXiv

# a comment before type
type: preprint
arxiv: "2401.00001"
doi: 10.5555/x.1
checked: 2026-01-01
weights: https://example.org/w
summary: >-
  Text that stays.
"""


def test_two_new_fields_after_one_anchor_keep_the_schema_order() -> None:
    new = edit_fields(TEXT, {"arxiv_title": "The arXiv title", "title": "Published"}, ORDER)
    assert "title: Published\narxiv_title: The arXiv title\nyear: 2024" in new


def test_an_unindented_sequence_belongs_to_its_key() -> None:
    assert edit_fields("id: demo\nlist:\n- a\n- b\nyear: 1\n", {"list": ["c"]}, ["id", "list", "year"]) == \
        "id: demo\nlist: [c]\nyear: 1\n"


def test_a_value_that_does_not_read_back_is_refused() -> None:
    with pytest.raises(EditError, match="does not read back"):
        edit_fields("id: demo\ntitle: [a,\nb]\n", {"title": "x"}, ["id", "title"])  # flow text on a second line

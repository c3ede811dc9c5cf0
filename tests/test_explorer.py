"""The explorer's page and data as built: a complete table without JavaScript, data that maps back to the
records, counts that match, local assets only, and the all.bib layout the download relies on."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from conftest import ROOT
from fmreview.bib import render_bibliography
from fmreview.config import Paths
from fmreview.explorer import FACETS, facet_counts
from fmreview.model import Corpus


@pytest.fixture(scope="module")
def data(built_fixture_site: Paths) -> dict:
    return json.loads((built_fixture_site.build_site / "papers" / "explorer.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def html(built_fixture_site: Paths) -> str:
    return (built_fixture_site.build_site / "papers" / "index.html").read_text("utf-8")


class Rows(HTMLParser):
    """data-id of every explorer row, and every (name, value, count) of the filter form."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "tr" and found.get("data-id"):
            self.ids.append(found["data-id"] or "")
        if tag == "script" and found.get("src"):
            self.scripts.append(found["src"] or "")


def test_table_lists_every_paper_without_javascript(html: str, corpus: Corpus) -> None:
    rows = Rows()
    rows.feed(html)
    assert rows.ids == [p.id for p in corpus.papers]
    for paper in corpus.papers:
        assert f'href="../papers/{paper.id}/"' in html


def test_data_maps_back_to_the_records(data: dict, corpus: Corpus) -> None:
    assert [axis for axis, _ in data["facets"]] == list(FACETS)
    assert data["flags"] == ["code", "weights"]
    assert [p["id"] for p in data["papers"]] == [p.id for p in corpus.papers]
    for record, paper in zip(data["papers"], corpus.papers, strict=True):
        for (axis, terms), indexes in zip(data["facets"], record["terms"], strict=True):
            assert [terms[i] for i in indexes] == list(paper.terms(axis))
        assert (record["year"], record["added"]) == (paper.year, paper.added.isoformat())
        assert (record["code"], record["weights"]) == (bool(paper.code), bool(paper.weights))
        for author in paper.authors:
            assert author in record["text"]
        for dataset in paper.datasets:
            assert corpus.datasets[dataset].name in record["text"]


def test_counts_before_filtering_match_the_records(html: str, corpus: Corpus) -> None:
    counts = facet_counts(corpus)
    for axis in FACETS:
        for term in corpus.vocabularies[axis].ids:
            found = re.search(rf'name="{axis}" value="{term}"> [^<]+ <span class="fm-count">(\d+)</span>', html)
            assert found and int(found.group(1)) == counts[axis][term] == len(corpus.papers_with(axis, term))
    assert counts["flags"] == {"code": sum(bool(p.code) for p in corpus.papers),
                               "weights": sum(bool(p.weights) for p in corpus.papers)}


def test_page_loads_only_local_scripts(html: str) -> None:
    rows = Rows()
    rows.feed(html)
    assert any(src.endswith("assets/explorer.js") for src in rows.scripts)
    assert not [src for src in rows.scripts if re.match(r"(https?:)?//", src)]
    script = (ROOT / "docs" / "assets" / "explorer.js").read_text("utf-8")
    assert not re.search(r"https?://", script)  # fetches only the site's own files
    assert "innerHTML" not in script  # moves rows and sets text; never parses markup


def test_hostile_text_is_escaped_in_the_page_and_plain_in_the_data(html: str, data: dict, corpus: Corpus) -> None:
    assert "<script>alert" not in html and "<img src=x" not in html and "<svg onload" not in html
    evil = next(p for p in corpus.papers if p.id == "evil")
    record = next(r for r in data["papers"] if r["id"] == "evil")
    assert (record["title"], record["model"]) == (evil.title, evil.model)  # data, which the script never parses


def test_every_bib_entry_starts_a_line_with_at_and_nothing_else_does(corpus: Corpus) -> None:
    """docs/assets/explorer.js cuts all.bib into entries at each line that starts with "@"."""
    text = render_bibliography(corpus.papers, "a header\nwith @ inside")
    starts = [line for line in text.splitlines() if line.startswith("@")]
    assert len(starts) == len(corpus.papers)
    assert all(re.match(r"@\w+\{[^,\s]+,$", line) for line in starts)

"""The explorer's page and data as built: a complete table without JavaScript, data that maps back to the
records, counts that match, local assets only, and the all.bib layout the download relies on."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from conftest import ROOT
from fmreview.config import Paths
from fmreview.model import Corpus
from fmreview.render.cite.bib import render_bibliography
from fmreview.render.explorer import LICENCE, LICENCE_TERMS, facet_counts, licence_class


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
    assert [axis for axis, _ in data["facets"]] == [*corpus.vocabularies, LICENCE]
    assert data["flags"] == ["code", "weights"]
    assert [p["id"] for p in data["papers"]] == [p.id for p in corpus.papers]
    for record, paper in zip(data["papers"], corpus.papers, strict=True):
        *axes, ((_, licences), chosen) = zip(data["facets"], record["terms"], strict=True)
        for (axis, terms), indexes in axes:
            assert [terms[i] for i in indexes] == list(paper.terms(axis))
        assert [licences[i] for i in chosen] == [licence_class(paper, corpus)]
        assert (record["year"], record["added"]) == (paper.year, paper.added.isoformat())
        assert (record["code"], record["weights"]) == (bool(paper.code), bool(paper.weights))
        for author in paper.authors:
            assert author in record["text"]
        for dataset in paper.datasets:
            assert corpus.datasets[dataset].name in record["text"]


def test_counts_before_filtering_match_the_records(html: str, corpus: Corpus) -> None:
    counts = facet_counts(corpus)
    for axis in corpus.vocabularies:
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
    for name in ("explorer.js", "compare.js"):
        script = (ROOT / "docs" / "assets" / name).read_text("utf-8")
        assert not re.search(r"https?://", script), name  # fetches only the site's own files
        assert "innerHTML" not in script and "insertAdjacentHTML" not in script, name  # never parses markup


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


def test_licence_facet_reads_the_weights_licence_else_the_code_licence(corpus: Corpus) -> None:
    by_id = {p.id: p for p in corpus.papers}
    assert licence_class(by_id["voxct"], corpus) == "permissive"  # weights Apache-2.0
    assert licence_class(by_id["abdofm"], corpus) == "permissive"  # weights not yet checked: code MIT
    assert licence_class(by_id["neurofm"], corpus) == "non-commercial"  # weights CC-BY-NC-4.0, code MIT
    assert licence_class(by_id["biomedclip"], corpus) == "unknown"  # weights not-stated, whatever the code's
    assert licence_class(by_id["medsam"], corpus) == "unknown"  # nothing checked yet
    counts = facet_counts(corpus)[LICENCE]
    assert list(counts) == [t for t, _, _ in LICENCE_TERMS] and sum(counts.values()) == len(corpus.papers)


def test_rows_carry_summary_input_access_and_licence(html: str, corpus: Corpus) -> None:
    for paper in corpus.papers:
        row = re.search(rf'<tr data-id="{paper.id}">(.*?)</tr>', html, re.S)
        assert row, paper.id
        assert '<details class="fm-gist"><summary>' in row.group(1)
    voxct = re.search(r'<tr data-id="voxct">(.*?)</tr>', html, re.S).group(1)
    assert "3D volume" in voxct and ">Open<" in voxct and "Apache-2.0" in voxct
    medsam = re.search(r'<tr data-id="medsam">(.*?)</tr>', html, re.S).group(1)
    assert medsam.count("not yet checked") == 2  # weights access and licence

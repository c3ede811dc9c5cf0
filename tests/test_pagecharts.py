"""The papers-per-year chart of term and dataset pages (pagecharts.py): drawn on the review's whole span of
years, labelled for screen readers, with its numbers as a table; in the preview, a change to the span redraws
every page's chart, also the pages whose own papers did not change."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from conftest import FIXTURES, TODAY, make_repo
from fmreview.commands.build import generate
from fmreview.load.corpus import load_corpus
from fmreview.load.site import load_site
from fmreview.render.outputs import PageMemo
from fmreview.render.pagecharts import render_year_chart

SVG = "{http://www.w3.org/2000/svg}"


def ticks(page: str) -> list[str]:
    """The year labels along a page chart's axis."""
    svg = re.search(r"<svg .*?</svg>", page, re.S).group(0)
    return [t.text for t in ET.fromstring(svg).iter(f"{SVG}text") if t.text and re.fullmatch(r"\d{4}", t.text)]


def test_a_chart_counts_each_paper_once_on_the_given_years(tmp_path) -> None:
    corpus, _ = load_corpus(make_repo(tmp_path, FIXTURES / "corpus"), today=TODAY)
    papers = [p for p in corpus.papers if "ct" in p.modalities]
    html = str(render_year_chart(papers + papers[:1], "CT <b>", [2022, 2023, 2024, 2025, 2026]))
    svg = ET.fromstring(re.search(r"<svg .*?</svg>", html, re.S).group(0))
    assert svg.get("role") == "img" and svg.find(f"{SVG}title").text == "Papers per year: CT <b>"
    desc = svg.find(f"{SVG}desc").text
    assert desc.startswith(f"Bars of the {len(papers)} papers on CT <b> in the review per publication year, 2022 to")
    table = dict(re.findall(r'<tr><th scope="row">(\d+)</th><td>(\d+)</td></tr>', html))
    assert table == {str(y): str(sum(p.year == y for p in papers)) for y in {p.year for p in papers}}
    assert "CT &lt;b&gt;" in html and "<b>" not in html  # the name is text wherever it appears
    bars = {r.find(f"{SVG}title").text for r in svg.iter(f"{SVG}rect")}
    assert bars == {f"{y}: {n} paper{'s' if int(n) != 1 else ''}" for y, n in table.items()}


@pytest.mark.slow  # two full regenerations
def test_the_preview_redraws_every_chart_when_the_span_of_years_changes(tmp_path) -> None:
    paths = make_repo(tmp_path, FIXTURES / "corpus")
    memo = PageMemo()
    site, _ = load_site(paths, today=TODAY)
    before = generate(site, memo=memo).files
    page = "tasks/report-generation.md"  # PathChat's task: NeuroFM does not list it
    assert ticks(before[page].decode()) == ["2023", "2024", "2025", "2026"]
    neurofm = paths.entries / "neurofm.yaml"
    neurofm.write_text(neurofm.read_text(encoding="utf-8").replace("year: 2023", "year: 2022"), encoding="utf-8")
    site, problems = load_site(paths, today=TODAY)
    assert not [p for p in problems if p.severity == "error"], problems
    after = generate(site, memo=memo).files
    assert ticks(after[page].decode()) == ["2022", "2023", "2024", "2025", "2026"]

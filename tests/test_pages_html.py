"""Generated pages write their HTML themselves (no Markdown): headings as Markdown's toc extension writes them,
and BibTeX highlighted as pymdownx.highlight (Pygments) would, through a shortcut for our own entries that must
give Pygments' very bytes."""

from __future__ import annotations

import dataclasses

import pytest
from pygments import highlight

from conftest import FIXTURES, TODAY, make_repo
from fmreview.load.site import load_site
from fmreview.render import htmlparts as pages
from fmreview.render.cite.citefiles import render_citations


def pygments_html(text: str) -> str:
    return highlight(text.rstrip("\n"), pages._lexer("bibtex"), pages._FORMATTER).rstrip("\n")


def test_bibtex_shortcut_gives_pygments_bytes_for_every_fixture_entry(tmp_path) -> None:
    site, _ = load_site(make_repo(tmp_path, FIXTURES / "corpus"), today=TODAY)
    papers = list(site.corpus.papers)
    odd = [dataclasses.replace(papers[0], id="odd", title=title, model=title) for title in (
        "A <b>bold</b> & {braced} title", "Ünïcödé: 3D {U-Net} $x^2$ 50% #1", "Quotes \"here\" and back\\slash")]
    shortcut = 0
    for paper in papers + odd:
        text = render_citations("bib", [paper])
        assert pages.highlight_code(text, "bibtex") == pygments_html(text), paper.id
        shortcut += pages._bibtex_html(text.rstrip("\n")) is not None
    assert shortcut >= len(papers) - 1  # the shortcut is taken (the hostile fixture entry falls back)


@pytest.mark.parametrize("text", ["@misc{a,\n  title = {x}}", "not bibtex", "@misc{a,\n  title = {a} {b},\n}"])
def test_other_shapes_fall_back_to_pygments(text: str) -> None:
    assert pages._bibtex_html(text) is None
    assert pages.highlight_code(text, "bibtex") == pygments_html(text)


def test_headings_carry_the_id_and_permalink_markdown_would_give() -> None:
    assert str(pages.heading(2, "Models pre-trained on it")) == (
        '<h2 id="models-pre-trained-on-it">Models pre-trained on it<a class="headerlink" '
        'href="#models-pre-trained-on-it" title="Permanent link">&para;</a></h2>')
    hostile = str(pages.heading(1, "<script>x</script> & y", search=False))
    assert "<script>" not in hostile and "&lt;script&gt;" in hostile and hostile.startswith("<h1 data-search-exclude")

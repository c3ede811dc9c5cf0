"""The fmreview-raw plugin: marked HTML blocks skip Markdown and come back byte for byte; entry text that looks
like its placeholder cannot pull a block in; the built site holds no marker and no placeholder."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import markdown

from fmreview.config import Paths
from fmreview.render.mkdocs_plugin import END, START, RawBlocksPlugin

BLOCK = '<table class="x">\n<tr><td>a *not emphasis* [not a link](x.md)</td></tr>\n</table>'


def convert(plugin: RawBlocksPlugin, source: str, uri: str = "p.md") -> str:
    page = SimpleNamespace(file=SimpleNamespace(src_uri=uri))
    text = plugin.on_page_markdown(source, page=page)
    return plugin.on_page_content(markdown.markdown(text), page=page)


def test_a_marked_block_is_put_back_untouched_and_markdown_still_runs_around_it() -> None:
    source = f"# Title\n\n{START}\n{BLOCK}\n{END}\n\nSome *text*.\n\n{START}\n<p>2</p>\n{END}\n"
    html = convert(RawBlocksPlugin(), source)
    assert html == f"<h1>Title</h1>\n{BLOCK}\n<p>Some <em>text</em>.</p>\n<p>2</p>"


def test_placeholder_text_in_a_page_leaves_the_whole_page_to_markdown() -> None:
    source = f"Text fmrawblock0x here.\n\n{START}\n<p>kept</p>\n{END}\n\nfmrawblock0x\n"
    html = convert(RawBlocksPlugin(), source)
    assert html.count("<p>kept</p>") == 1 and "<p>fmrawblock0x</p>" in html


def test_the_built_site_holds_no_marker_or_placeholder(built_fixture_site: Paths) -> None:
    pages = list(Path(built_fixture_site.build_site).rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "fmrawblock" not in text and "fm-raw" not in text, page
    medsam = (built_fixture_site.build_site / "papers" / "medsam" / "index.html").read_text(encoding="utf-8")
    assert '<table class="fm-table fm-facts">' in medsam and "<h1 class=\"fm-title\">" in medsam

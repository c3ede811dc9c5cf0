"""The fmreview-raw plugin: marked HTML blocks skip Markdown and come back byte for byte; entry text that looks
like its placeholder cannot pull a block in; the built site holds no marker and no placeholder. Generated pages are
HTML pages (no Markdown at all), indexed for search from a reduced copy that gives the same entries, and written
by two processes into the same site one process writes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
import yaml
from material.plugins.search.plugin import SearchIndex
from mkdocs.structure.toc import get_toc

from fmreview.config import Paths
from fmreview.render.mkdocs_plugin import END, START, RawBlocksPlugin, html_body, toc_tokens
from fmreview.render.search_text import searchable

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


def _front_matter_and_body(text: str) -> tuple[dict, str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def test_generated_pages_are_html_pages_whose_toc_is_read_from_their_headings(built_fixture_site: Paths) -> None:
    docs = built_fixture_site.build_docs
    html = html_body(_front_matter_and_body((docs / "datasets" / "mimic-cxr.md").read_text(encoding="utf-8"))[1])
    assert html is not None and "<h1>" in html
    assert [(t["level"], t["id"], t["name"]) for t in toc_tokens(html)] == [
        (2, "models-pre-trained-on-it", "Models pre-trained on it"),
        (2, "models-evaluated-on-it", "Models evaluated on it")]
    nested = toc_tokens('<h1 id="a">A<a class="headerlink" href="#a">&para;</a></h1><h2 id="b">B</h2><h3 id="c">C</h3>'
                        '<h2 id="d">D &amp; E</h2><h2>no id</h2>')
    assert [(t["id"], [(c["id"], [g["id"] for g in c["children"]]) for c in t["children"]]) for t in nested] == [
        ("a", [("b", ["c"]), ("d", [])])]
    assert nested[0]["name"] == "A" and nested[0]["children"][1]["name"] == "D &amp; E"
    assert html_body(f"{START}\n<p>a</p>\n{END}\n\nMarkdown after it\n") is None  # not the whole page
    assert html_body(f"{START}\n<p>a</p>\n{END}\n{START}\n<p>b</p>\n{END}\n") is None


def _index(content: str, page: SimpleNamespace) -> list[tuple[str, str, str]]:
    index = SearchIndex()
    page.content = content
    index.add_entry_from_context(page)
    return [(e["location"], " ".join(e["title"].split()), " ".join(e["text"].split())) for e in index.entries]


def test_search_indexes_the_reduced_copy_exactly_as_the_whole_page(built_fixture_site: Paths) -> None:
    """Every generated HTML page of the fixture site: the same index entries (locations, titles, text) from the
    copy the plugin hands the search plugin as from the page itself, so no paper is found less for it."""
    checked, whole_size, copy_size = 0, 0, 0
    for source in sorted(built_fixture_site.build_docs.rglob("*.md")):
        meta, body = _front_matter_and_body(source.read_text(encoding="utf-8"))
        html = html_body(body)
        if html is None or (meta.get("search") or {}).get("exclude"):
            continue
        page = SimpleNamespace(meta=meta, title=meta.get("title", ""), url=source.stem + "/",
                               toc=get_toc(toc_tokens(html)))
        whole = _index(html, page)
        assert whole and _index(searchable(html), page) == whole, source
        checked, whole_size, copy_size = checked + 1, whole_size + len(html), copy_size + len(searchable(html))
    assert checked > 40  # the paper and dataset pages
    assert copy_size < whole_size / 2


def test_search_copy_follows_the_search_parser_rules() -> None:
    html = ('<h1 class="t">Title</h1><p class="a">By <a href="x">Ann</a><br>\n<em>Venue</em></p>'
            '<table data-search-exclude><tr><td>hidden</td></tr></table><script>no()</script>'
            '<h2 id="kept">Kept<a class="headerlink" href="#kept">&para;</a></h2><ul><li>one</li></ul>'
            '<h2 data-search-exclude id="gone">Gone</h2><p>not indexed</p><h3>still gone</h3>'
            '<h2 id="back">Back</h2><p>x &lt;y&gt;</p>')
    assert searchable(html) == ('<h1 class="t">Title</h1><p class="a">By Ann\nVenue</p><h2 id="kept">Kept</h2>'
                                '<ul><li>one</li></ul><h2 id="back">Back</h2><p>x &lt;y&gt;</p>')


@pytest.mark.slow
def test_one_process_and_two_write_the_same_site(built_fixture_site: Paths, tmp_path: Path) -> None:
    """`mkdocs build` forks a second process for half the HTML pages and the static files: the site is byte for
    byte the one a single process writes."""
    config = built_fixture_site.mkdocs_yml.read_text(encoding="utf-8")
    assert "  - fmreview-raw\n" in config
    single = built_fixture_site.root / "mkdocs-one-process.yml"
    single.write_text(config.replace("  - fmreview-raw\n", "  - fmreview-raw:\n      processes: 1\n"), encoding="utf-8")
    try:
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file", str(single),
                        "--site-dir", str(tmp_path / "one")], cwd=built_fixture_site.root, check=True,
                       env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    finally:
        single.unlink()
    two = built_fixture_site.build_site
    files = sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert len(files) > 100
    different = [f for f in files if (two / f).read_bytes() != (tmp_path / "one" / f).read_bytes()]
    assert different == []

"""End to end: the fixture corpus built with the real `mkdocs build --strict`, then the site inspected."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import bibtexparser
import pytest

from conftest import FIXTURES, TODAY, make_repo
from fmreview.commands.build import build_site
from fmreview.config import Paths
from fmreview.render.writer import OutputError, SiteWriter

FIXTURE_IDS = sorted(p.stem for p in (FIXTURES / "corpus").glob("*.yaml"))


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.urls.append(value)


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "papers/index.html",
        "papers/medsam/index.html",
        "datasets/index.html",
        "datasets/mimic-cxr/index.html",
        "modalities/ct/index.html",
        "category/vision-only/index.html",
        "taxonomy/index.html",
        "method/index.html",
        "contributing/index.html",
        "cite/index.html",
        "all.bib",
        "papers/medsam.bib",
    ],
)
def test_stable_public_paths_exist(built_fixture_site: Paths, path: str) -> None:
    assert (built_fixture_site.build_site / path).is_file()


def test_all_bib_holds_exactly_the_papers(built_fixture_site: Paths) -> None:
    library = bibtexparser.parse_string((built_fixture_site.build_site / "all.bib").read_text(encoding="utf-8"))
    assert library.failed_blocks == []
    assert sorted(e.key for e in library.entries) == FIXTURE_IDS


def test_every_internal_link_resolves(built_fixture_site: Paths) -> None:
    site = built_fixture_site.build_site
    broken = []
    for page in site.rglob("*.html"):
        if page.name == "404.html":  # served for any missing path, so its links are root-absolute by design
            continue
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for url in parser.urls:
            parts = urlsplit(url)
            if parts.scheme or url.startswith(("#", "mailto:", "//")):
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} → {url}")
    assert broken == []


def test_only_http_links_leave_the_site(built_fixture_site: Paths) -> None:
    for page in built_fixture_site.build_site.rglob("*.html"):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        schemes = {urlsplit(u).scheme for u in parser.urls} - {"", "http", "https"}
        assert schemes == set(), page


def test_hostile_entry_renders_as_literal_text(built_fixture_site: Paths) -> None:
    site = built_fixture_site.build_site
    page = (site / "papers" / "evil" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in page or "&lt;script&gt;alert('title')" in page
    assert "{{ 7*7 }}" in page and "49" not in page.split("<article")[1].split("</article>")[0]
    assert "[click](javascript:alert(1))" in page
    for html_page in site.rglob("*.html"):
        text = html_page.read_text(encoding="utf-8")
        assert "<script>alert" not in text
        assert "<img src=x onerror" not in text and "<svg onload" not in text
        assert not re.search(r"""href=["']?javascript:""", text, re.I), html_page


def test_papers_are_searchable_and_listings_are_not(built_fixture_site: Paths) -> None:
    index = json.loads((built_fixture_site.build_site / "search" / "search_index.json").read_text())
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "papers/medsam/" in locations
    assert not {"papers/", "modalities/ct/", "datasets/"} & locations


def test_entry_pages_stay_out_of_the_navigation(built_fixture_site: Paths) -> None:
    home = (built_fixture_site.build_site / "index.html").read_text(encoding="utf-8")
    nav = home.split('class="md-nav', 1)[1]
    assert "papers/medsam/" not in nav.split("</nav>")[0]


@pytest.mark.slow
def test_invalid_entry_stops_the_build_and_keeps_the_old_site(tmp_path: Path) -> None:
    paths = make_repo(tmp_path, FIXTURES / "corpus")
    assert build_site(paths, today=TODAY) == 0
    before = sorted(p.relative_to(paths.build_site) for p in paths.build_site.rglob("*"))
    (paths.entries / "medsam.yaml").write_text((paths.entries / "medsam.yaml").read_text().replace("ct,", "cat-scan,"))
    assert build_site(paths, today=TODAY) == 1
    assert sorted(p.relative_to(paths.build_site) for p in paths.build_site.rglob("*")) == before


@pytest.mark.parametrize("streaming", [False, True])
def test_writer_refuses_a_path_twice_and_paths_outside(tmp_path: Path, streaming: bool) -> None:
    writer = SiteWriter(tmp_path / "out" if streaming else None)
    writer.add("papers/a.md", "one")
    with pytest.raises(OutputError, match=r"two outputs claim papers/a\.md"):
        writer.add("papers/a.md", "two")
    for bad in ("../escape.md", "/etc/passwd", "a/../../b.md"):
        with pytest.raises(OutputError, match="outside the output folder"):
            writer.add(bad, "x")
    assert writer.names == {"papers/a.md"}
    if streaming:  # written as it came, and not kept in memory
        assert (tmp_path / "out" / "papers" / "a.md").read_text() == "one" and writer.files == {}
        assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["a.md"]


def test_writer_swaps_whole_folders(tmp_path: Path) -> None:
    target = tmp_path / "docs"
    first = SiteWriter()
    first.add("a.md", "a")
    first.add("old/b.md", "b")
    first.write(target)
    second = SiteWriter()
    second.add("a.md", "A")
    second.write(target)
    assert sorted(p.name for p in target.rglob("*")) == ["a.md"]
    assert [p.name for p in tmp_path.iterdir()] == ["docs"]


def test_writer_sync_changes_only_what_differs(tmp_path: Path) -> None:
    writer = SiteWriter()
    writer.add("a.md", "a")
    writer.add("b/c.md", "c")
    assert writer.sync(tmp_path) == ["a.md", "b/c.md"]
    assert writer.sync(tmp_path) == []
    (tmp_path / "stale.md").write_text("x")
    assert writer.sync(tmp_path) == ["stale.md"] and not (tmp_path / "stale.md").exists()
    later = SiteWriter()  # with what the last sync wrote, as the preview keeps it: only differences are written
    later.add("a.md", "A")
    assert later.sync(tmp_path, writer.files) == ["a.md", "b/c.md"] and not (tmp_path / "b").exists()


def test_the_swap_leaves_no_moment_without_a_site(tmp_path: Path) -> None:
    """Another process polls the site's index page in a tight loop during 200 swaps and always finds it (with
    the former rename-away-then-rename-in it missed it thousands of times)."""
    import subprocess
    import sys

    from fmreview.render.writer import swap_in

    target = tmp_path / "site"
    target.mkdir()
    (target / "index.html").write_text("0")
    probe = ("import os, sys\npage, stop = sys.argv[1] + '/site/index.html', sys.argv[1] + '/stop'\n"
             "misses = polls = 0\nprint('ready', flush=True)\nwhile not os.path.exists(stop):\n"
             "    polls += 1\n    misses += not os.path.isfile(page)\nprint(misses, polls)")
    reader = subprocess.Popen([sys.executable, "-c", probe, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    assert reader.stdout and reader.stdout.readline() == "ready\n"
    try:
        for n in range(1, 201):
            staging = tmp_path / f".site-{n}"
            staging.mkdir()
            (staging / "index.html").write_text(str(n))
            swap_in(staging, target)
    finally:
        (tmp_path / "stop").write_text("")
        misses, polls = map(int, reader.communicate()[0].split())
    assert misses == 0 and polls > 0
    assert (target / "index.html").read_text() == "200"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "stop"]  # every old tree deleted


def test_without_rename_exchange_the_site_is_a_link_flipped_atomically(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import fmreview.render.writer as writer

    monkeypatch.setattr(writer, "_exchange", lambda first, second: False)
    target = tmp_path / "site"
    for n in range(3):
        staging = tmp_path / f".site-{n}"
        staging.mkdir()
        (staging / "index.html").write_text(str(n))
        writer.swap_in(staging, target)
    assert target.is_symlink() and (target / "index.html").read_text() == "2"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-2", "site"]
    writer.clean_stale(tmp_path, ("site",))  # never deletes the folder the live link points to
    assert (target / "index.html").read_text() == "2"


@pytest.mark.slow
def test_an_interrupted_build_leaves_no_staging_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fmreview.commands.build as build

    paths = make_repo(tmp_path, [FIXTURES / "entries" / "valid" / "minimal.yaml"])
    paths.build.mkdir()
    for stale in (".site-new", ".site-old", ".docs-abc123", ".site-x1y2"):  # left by an interrupted older build
        (paths.build / stale).mkdir()

    def interrupted(paths: Paths, site_dir: Path) -> int:
        (site_dir / "index.html").write_text("half")
        raise KeyboardInterrupt

    monkeypatch.setattr(build, "run_mkdocs", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build.build_site(paths, today=TODAY)
    assert sorted(p.name for p in paths.build.iterdir()) == ["docs"]


def test_outputs_rendered_by_worker_processes_are_the_same_files(fixture_repo: Paths,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """`review build` shares the renderers between forked workers (the paper pages in two halves, the charts in
    one): the same files, byte for byte, as one process renders."""
    from fmreview.commands.build import generate
    from fmreview.load.site import load_site
    from fmreview.render import workers

    monkeypatch.setattr(workers, "WORKERS_FROM", 1)  # the fixture corpus is small: share it even so
    site, _ = load_site(fixture_repo, today=TODAY)
    alone, apart = generate(site).files, generate(site, parallel=True).files
    assert list(alone) != [] and alone == apart
    assert any(name.startswith("meta-analysis/") and name.endswith(".svg") for name in apart)

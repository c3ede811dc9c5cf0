"""Staying current: the Atom feed (parsed with feedparser, as feed readers do), the "What's new" page, and the
feed link and dates that every page carries."""

from __future__ import annotations

import re
from datetime import date

import feedparser
import pytest
import yaml

from fmreview.config import Paths
from fmreview.model import Corpus
from fmreview.render.feed import FEED_SIZE, MONTHS, newest_first, render_feed


@pytest.fixture(scope="module")
def site_url(built_fixture_site: Paths) -> str:
    return yaml.safe_load(built_fixture_site.mkdocs_yml.read_text("utf-8"))["site_url"].rstrip("/") + "/"


@pytest.fixture(scope="module")
def feed(built_fixture_site: Paths) -> feedparser.FeedParserDict:
    return feedparser.parse((built_fixture_site.build_site / "feed.xml").read_bytes())


def test_feed_is_valid_atom_with_one_entry_per_added_paper(feed, corpus: Corpus, site_url: str) -> None:
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert [e.id for e in feed.entries] == [f"{site_url}papers/{p.id}/" for p in newest_first(corpus.papers)]
    assert feed.feed.updated.startswith(max(p.added for p in corpus.papers).isoformat())
    assert any(link.rel == "self" and link.href == f"{site_url}feed.xml" for link in feed.feed.links)


def test_feed_entries_carry_title_summary_dates_and_links(feed, corpus: Corpus, site_url: str) -> None:
    for entry in feed.entries:
        paper = next(p for p in corpus.papers if entry.id.endswith(f"/papers/{p.id}/"))
        assert paper.title in entry.title and paper.model in entry.title
        assert entry.summary == paper.summary  # text, unescaped by the reader exactly once
        assert entry.published.startswith(paper.added.isoformat())
        links = {link.get("title", link.rel): link.href for link in entry.links}
        assert links["alternate"] == f"{site_url}papers/{paper.id}/"
        assert links["Paper"] == paper.link
        assert links.get("Code") == paper.code and links.get("Weights") == paper.weights
        assert [a.name for a in entry.authors][:1] == [" ".join(reversed(paper.authors[0].split(", ")))]
        assert {t.term for t in entry.tags} >= set(paper.modalities) | {paper.category}


def test_hostile_entry_is_text_in_the_feed(built_fixture_site: Paths, feed, corpus: Corpus) -> None:
    evil = next(p for p in corpus.papers if p.id == "evil")
    entry = next(e for e in feed.entries if e.id.endswith("/papers/evil/"))
    assert entry.title == f"{evil.model}: {evil.title}"
    raw = (built_fixture_site.build_site / "feed.xml").read_text("utf-8")
    assert "<script" not in raw and "<img" not in raw and "<svg" not in raw


def test_feed_keeps_the_newest_additions(corpus: Corpus) -> None:
    parsed = feedparser.parse(render_feed(corpus, "https://example.org/review/", limit=2))
    assert parsed.bozo == 0
    assert [e.id for e in parsed.entries] == [f"https://example.org/review/papers/{p.id}/"
                                              for p in newest_first(corpus.papers)[:2]]
    assert FEED_SIZE >= 50


def test_whats_new_groups_papers_by_month_added(built_fixture_site: Paths, corpus: Corpus) -> None:
    html = (built_fixture_site.build_site / "whats-new" / "index.html").read_text("utf-8")
    headings = re.findall(r'<h2 id="added-(\d{4})-(\d{2})">([^<]+)<', html)
    months = sorted({(p.added.year, p.added.month) for p in corpus.papers}, reverse=True)
    assert [(int(y), int(m)) for y, m, _ in headings] == months
    assert [label for _, _, label in headings] == [f"{MONTHS[m - 1]} {y}" for y, m in months]
    sections = re.split(r'<h2 id="added-', html)[1:]
    for (year, month), section in zip(months, sections, strict=True):
        listed = re.findall(r'href="\.\./papers/([a-z0-9-]+)/"', section)
        assert listed == [p.id for p in newest_first(corpus.papers) if (p.added.year, p.added.month) == (year, month)]


def test_every_page_links_the_feed_and_shows_both_dates(built_fixture_site: Paths) -> None:
    config = yaml.safe_load(built_fixture_site.mkdocs_yml.read_text("utf-8"))
    assert {"What's new": "whats-new.md"} in config["nav"]
    last_search = config["extra"]["last_search"]
    last_search = last_search.isoformat() if isinstance(last_search, date) else str(last_search)
    pages = sorted(built_fixture_site.build_site.rglob("index.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text("utf-8")
        assert re.search(r'<link rel="alternate" type="application/atom\+xml" [^>]*href="[./]*/?feed\.xml"', html), page
        assert re.search(r'Site built <time datetime="\d{4}-\d{2}-\d{2}">', html), page
        assert f'literature last searched <time datetime="{last_search}">' in html, page

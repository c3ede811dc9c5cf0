"""Staying current: Corpus → the "What's new" page (whats-new.md, papers grouped by the month they were added)
and the Atom feed at the site root (feed.xml, one entry per added paper, newest first).

Both are driven by each entry's `added` date, never by file order or the publication year. The feed is built
with ElementTree, so entry text is XML-escaped by construction; its links are absolute (feed readers resolve
nothing) and come from paper ids and validated http(s) URLs only. Dates are the entries' own, so a rebuild
without new papers gives the same bytes.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from itertools import groupby

from jinja2 import Environment

from ..config import SITE_NAME
from ..load.site import Site
from ..model import Corpus, Paper
from .outputs import Output, Page

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 100  # the newest additions; a reader subscribed earlier has the rest, and the page stays small
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # English whatever the build machine's locale
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 forbids


def newest_first(papers: tuple[Paper, ...] | list[Paper]) -> list[Paper]:
    """Papers by `added` date, newest first; ties by publication year (newest first), then model name."""
    return sorted(papers, key=lambda p: (-p.added.toordinal(), -p.year, p.model.casefold(), p.id))


def render_whats_new(site: Site, env: Environment) -> Iterator[Output]:
    """whats-new.md: one section per month of additions, newest month first."""
    corpus = site.corpus
    months = [(f"{MONTHS[month - 1]} {year}", f"added-{year}-{month:02d}", list(papers))
              for (year, month), papers in groupby(newest_first(corpus.papers), key=lambda p: (p.added.year,
                                                                                             p.added.month))]
    yield Page("whats-new.md", "whats-new.md.j2", {"months": months, "count": len(corpus.papers)})


def _text(value: str) -> str:
    return _NOT_XML.sub("", " ".join(value.split()))


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    # Attribute values are filtered too: validation refuses control characters, and the feed holds even so.
    element = ET.SubElement(parent, tag, {name: _NOT_XML.sub("", value) for name, value in attributes.items()})
    if text is not None:
        element.text = _text(text)
    return element


def _links(paper: Paper) -> list[tuple[str, str]]:
    """(label, URL) of the paper, its code and its weights, as far as the entry has them."""
    found = [("Paper", paper.link), ("Code", paper.code or ""), ("Weights", paper.weights or "")]
    return [(label, url) for label, url in found if url.startswith(("https://", "http://"))]


def _content(paper: Paper, page: str, corpus: Corpus) -> str:
    """The entry's HTML body for feed readers: summary, facts and links, every value escaped."""
    def label(axis: str, term: str) -> str:
        found = corpus.vocabularies[axis].get(term)
        return found.label if found else term

    facts = " · ".join([label("category", paper.category), ", ".join(label("modalities", t) for t in paper.modalities),
                        ", ".join(label("tasks", t) for t in paper.tasks), f"{paper.venue} {paper.year}"])
    links = [(f"{paper.model} in the review", page), *_links(paper)]
    anchors = " · ".join(f'<a href="{html.escape(url)}">{html.escape(text)}</a>' for text, url in links)
    return f"<p>{html.escape(paper.summary)}</p><p>{html.escape(facts)}</p><p>{anchors}</p>"


def render_feed_file(site: Site, env: Environment) -> Iterator[Output]:
    yield "feed.xml", render_feed(site.corpus, site.config.site_url)


def render_feed(corpus: Corpus, site_url: str, limit: int = FEED_SIZE) -> str:
    """Corpus → feed.xml (Atom 1.0): the `limit` most recently added papers, each with title, summary,
    authors, categories and links to its page, the paper, the code and the weights."""
    base = site_url.rstrip("/") + "/"
    papers = newest_first(corpus.papers)[:limit]
    feed = ET.Element("feed", {"xmlns": ATOM})
    _add(feed, "title", f"{SITE_NAME}: new papers")
    _add(feed, "subtitle", "Foundation models for medical images added to the living review, newest first.")
    _add(feed, "id", base)
    _add(feed, "updated", _stamp(papers[0].added if papers else date(2000, 1, 1)))
    _add(feed, "link", rel="self", type="application/atom+xml", href=f"{base}feed.xml")
    _add(feed, "link", rel="alternate", type="text/html", href=f"{base}whats-new/")
    author = _add(feed, "author")
    _add(author, "name", f"The editors of {SITE_NAME}")
    _add(feed, "generator", "fmreview")
    for paper in papers:
        page = f"{base}papers/{paper.id}/"
        entry = _add(feed, "entry")
        _add(entry, "title", paper.title if paper.title.startswith(paper.model) else f"{paper.model}: {paper.title}")
        _add(entry, "id", page)
        _add(entry, "link", rel="alternate", type="text/html", href=page)
        for label, url in _links(paper):
            _add(entry, "link", rel="related", title=label, href=url)
        _add(entry, "published", _stamp(paper.added))
        _add(entry, "updated", _stamp(paper.added))
        for name in paper.authors:
            if name != "others":
                family, _, given = name.partition(", ")
                _add(_add(entry, "author"), "name", f"{given} {family}".strip())
        for axis in ("category", "modalities", "tasks"):
            for term in paper.terms(axis):
                found = corpus.vocabularies[axis].get(term)
                _add(entry, "category", term=term, scheme=f"{base}{axis}/", label=found.label if found else term)
        _add(entry, "summary", paper.summary, type="text")
        _add(entry, "content", _content(paper, page, corpus), type="html")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"

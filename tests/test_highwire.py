"""Paper pages as reference managers' browser connectors read them: the Highwire `citation_*` meta tags of the
built HTML (real mkdocs build) against each entry, and the cite block's three formats and download links."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from fmreview.config import Paths
from fmreview.model import Corpus, Paper


class Head(HTMLParser):
    """The page's <meta name="citation_..."> tags in order, and its <pre><code> class names and links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, str]] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and (values.get("name") or "").startswith("citation_"):
            self.tags.append((values["name"] or "", values.get("content") or ""))
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")


def expected_tags(paper: Paper) -> list[tuple[str, str]]:
    """What Zotero, Mendeley and Google Scholar need, written out from the entry."""
    tags = [("citation_title", paper.title)] + [("citation_author", a) for a in paper.authors if a != "others"]
    tags += [("citation_publication_date", str(paper.year)), ("citation_date", str(paper.year))]
    venue = {"article": "citation_journal_title", "inproceedings": "citation_conference_title"}
    tags.append((venue.get(paper.type, "citation_publisher"), paper.venue))
    if paper.doi:
        tags.append(("citation_doi", paper.doi))
    if paper.arxiv:
        tags += [("citation_arxiv_id", paper.arxiv), ("citation_pdf_url", f"https://arxiv.org/pdf/{paper.arxiv}")]
    abstract = (f"https://doi.org/{paper.doi}" if paper.doi else
                f"https://arxiv.org/abs/{paper.arxiv}" if paper.arxiv else paper.url)
    return tags + ([("citation_abstract_html_url", abstract)] if abstract else [])


def read(built: Paths, paper_id: str) -> Head:
    head = Head()
    head.feed((built.build_site / "papers" / paper_id / "index.html").read_text(encoding="utf-8"))
    return head


def test_every_paper_page_carries_its_highwire_tags(built_fixture_site: Paths, corpus: Corpus) -> None:
    compared = 0
    for paper in corpus.papers:
        tags = read(built_fixture_site, paper.id).tags
        assert tags == expected_tags(paper), paper.id  # the hostile entry's text too, unescaped by the parser
        compared += len(tags)
    assert compared > 8 * len(corpus.papers)


def test_other_pages_carry_no_citation_tags(built_fixture_site: Paths) -> None:
    for page in ("index.html", "papers/index.html", "cite/index.html", "modalities/ct/index.html"):
        head = Head()
        head.feed((built_fixture_site.build_site / page).read_text(encoding="utf-8"))
        assert head.tags == [], page


def test_cite_block_shows_and_links_the_papers_files_in_every_format(built_fixture_site: Paths, corpus: Corpus) -> None:
    for paper in corpus.papers:
        page = (built_fixture_site.build_site / "papers" / paper.id / "index.html").read_text(encoding="utf-8")
        blocks = re.findall(r'<div class="highlight"><pre>(.*?)</pre></div>', page.split('id="cite"', 1)[1], re.S)
        shown = [html.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks]
        bib = (built_fixture_site.build_site / "papers" / f"{paper.id}.bib").read_text(encoding="utf-8")
        assert [s.strip("\n") for s in shown] == [bib.strip("\n")], paper.id  # RIS and CSL-JSON: linked below
        links = read(built_fixture_site, paper.id).links
        for extension in ("bib", "ris", "json"):
            assert f"../../papers/{paper.id}.{extension}" in links
            assert (built_fixture_site.build_site / "papers" / f"{paper.id}.{extension}").is_file()
            assert f"../../all.{extension}" in links

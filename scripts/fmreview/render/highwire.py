"""Paper → Highwire Press `citation_*` meta tags, which Zotero's and Mendeley's browser connectors (and Google
Scholar) read to save a page as the paper it describes rather than as a web page.

The tags go into the paper page's front matter as a list of [name, content] pairs; the theme override
(theme/main.html, block extrahead) writes one <meta> per pair, HTML-escaped.
"""

from __future__ import annotations

from ..model import Paper


def citation_meta(paper: Paper) -> list[tuple[str, str]]:
    tags = [("citation_title", paper.title)]
    tags += [("citation_author", a) for a in paper.authors if a != "others"]
    tags += [("citation_publication_date", str(paper.year)), ("citation_date", str(paper.year))]
    if paper.type == "article":
        tags.append(("citation_journal_title", paper.venue))
    elif paper.type == "inproceedings":
        tags.append(("citation_conference_title", paper.venue))
    else:
        tags.append(("citation_publisher", paper.venue))
    if paper.doi:
        tags.append(("citation_doi", paper.doi))
    if paper.arxiv:
        tags += [("citation_arxiv_id", paper.arxiv), ("citation_pdf_url", f"https://arxiv.org/pdf/{paper.arxiv}")]
    if paper.link:
        tags.append(("citation_abstract_html_url", paper.link))
    return tags

"""Every citation file of the site, in three formats from the same records: BibTeX (.bib), RIS (.ris) and
CSL-JSON (.json), for the whole review (all.*, and all-authoryear.* with author-year keys), for each paper
(papers/<id>.*) and for each taxonomy term (<axis>/<term>.*). Pure: records in, (path, text) out.

Paths are disjoint from the data exports (data/papers.json is a data table, all.json a bibliography); the
site writer refuses any path claimed twice, e.g. a paper whose id is "explorer" against papers/explorer.json.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from jinja2 import Environment

from ...load.site import Site
from ...model import Paper
from .bib import render_bibliography
from .csl import render_csl
from .keys import KEY_STYLES, keys_for
from .ris import render_ris

# (file extension, name shown to readers, media type); the explorer and the Cite page use the same names.
FORMATS: tuple[tuple[str, str, str], ...] = (
    ("bib", "BibTeX", "application/x-bibtex"),
    ("ris", "RIS", "application/x-research-info-systems"),
    ("json", "CSL-JSON", "application/vnd.citationstyles.csl+json"),
)
Keys = Mapping[str, str] | None


def render_citations(extension: str, papers: Iterable[Paper], keys: Keys = None, header: str = "") -> str:
    """`papers` in one format (header: a comment, BibTeX only; RIS and CSL-JSON have no comments)."""
    renderers: dict[str, Callable[[Iterable[Paper], Keys], str]] = {
        "bib": lambda items, k: render_bibliography(items, header, k), "ris": render_ris, "json": render_csl}
    return renderers[extension](papers, keys)


def all_file(extension: str, style: str) -> str:
    """all.bib, all-authoryear.ris, ...: the whole review in one format and key style."""
    return f"all{'' if style == 'id' else '-' + style}.{extension}"


def render_citation_files(site: Site, env: Environment | None = None) -> Iterator[tuple[str, str]]:
    """all.*, papers/<id>.* and <axis>/<term>.* in every format."""
    corpus, today = site.corpus, site.today
    header = (f"Foundation models in medical image analysis: a living review.\n"
              f"{len(corpus.papers)} papers, built {today.isoformat()}.")
    for style in KEY_STYLES:
        keys = keys_for(style, corpus.papers)
        for extension, _, _ in FORMATS:
            yield all_file(extension, style), render_citations(extension, corpus.papers, keys, header)
    for paper in corpus.papers:
        for extension, _, _ in FORMATS:
            yield f"papers/{paper.id}.{extension}", render_citations(extension, [paper])
    for axis, vocab in corpus.vocabularies.items():
        for term in vocab.terms:
            papers = corpus.papers_with(axis, term.id)
            header = (f"{vocab.label}: {term.label}. {len(papers)} papers from the living review of "
                      "foundation models in medical image analysis.")
            for extension, _, _ in FORMATS:
                yield f"{axis}/{term.id}.{extension}", render_citations(extension, papers, header=header)

"""Papers → RIS, the tagged format EndNote, Zotero, Mendeley and most publishers' "Export citation" use.

One record per paper from the same record as the BibTeX: TY is JOUR (article), CPAPER (conference paper) or
UNPB (preprint); T2 the journal, proceedings or preprint server; each author an AU line as "Family, Given"; the
arXiv ID in AN (as "arXiv:ID") and every link (DOI, arXiv, the paper's page) a UR line, ";" percent-encoded
(RIS readers split UR values at it). Values are one line each (RIS has no escaping: white space, line breaks
included, is collapsed).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

from ...model import CACHED_RECORDS, Paper
from .bib import verbatim

RIS_TYPES = {"article": "JOUR", "inproceedings": "CPAPER"}


def _line(tag: str, value: str) -> str:
    return f"{tag}  - {' '.join(str(value).split())}\n"


def ris_urls(paper: Paper) -> list[str]:
    """Every link; a ";" is percent-encoded, since RIS readers (rispy, EndNote) split UR values at it."""
    urls = [f"https://doi.org/{paper.doi}"] if paper.doi else []
    if paper.arxiv:
        urls.append(f"https://arxiv.org/abs/{paper.arxiv}")
    if paper.url:
        urls.append(paper.url)
    return [verbatim(url).replace(";", "%3B") for url in urls]


@lru_cache(maxsize=CACHED_RECORDS)  # written once per paper and key, reused by every file that lists it
def render_ris_record(paper: Paper, key: str) -> str:
    lines = [_line("TY", RIS_TYPES.get(paper.type, "UNPB")), _line("ID", key), _line("TI", paper.title)]
    lines += [_line("AU", a) for a in paper.authors if a != "others"]
    lines += [_line("PY", str(paper.year)), _line("T2", paper.venue)]
    if paper.doi:
        lines.append(_line("DO", paper.doi))
    if paper.arxiv:
        lines.append(_line("AN", f"arXiv:{paper.arxiv}"))
    lines += [_line("UR", url) for url in ris_urls(paper)]
    return "".join(lines) + "ER  - \n"


def render_ris(papers: Iterable[Paper], keys: Mapping[str, str] | None = None) -> str:
    """A RIS file: records in paper-id order, separated by a blank line."""
    return "\n".join(render_ris_record(p, keys[p.id] if keys else p.id) for p in sorted(papers, key=lambda p: p.id))

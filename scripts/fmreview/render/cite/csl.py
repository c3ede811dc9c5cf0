"""Papers → CSL-JSON, the format Zotero, Mendeley, Pandoc and Word's citation add-ins read.

One item per paper, built from the same record as the BibTeX: an article is `article-journal` with its
journal as `container-title`, a conference paper `paper-conference` with its proceedings, a preprint `article`
with its server as `publisher` and the arXiv ID as `number` (as Zotero exports preprints). `URL` is the arXiv
abstract page when there is one (so a published paper keeps both links, DOI and arXiv), else the paper's own
link when it has no DOI. Text is plain Unicode: CSL-JSON needs no escaping beyond JSON's own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from ...model import CACHED_RECORDS, Paper
from .bib import verbatim

CSL_TYPES = {"article": "article-journal", "inproceedings": "paper-conference"}


def csl_name(name: str) -> dict[str, str]:
    family, _, given = name.partition(", ")
    return {"family": family, "given": given} if given else {"literal": family}


def csl_url(paper: Paper) -> str | None:
    if paper.arxiv:
        return f"https://arxiv.org/abs/{paper.arxiv}"
    return None if paper.doi or not paper.url else verbatim(paper.url)


def csl_item(paper: Paper, key: str) -> dict[str, Any]:
    kind = CSL_TYPES.get(paper.type, "article")
    item: dict[str, Any] = {"id": key, "type": kind, "title": paper.title,
                            "author": [csl_name(a) for a in paper.authors if a != "others"],
                            "issued": {"date-parts": [[paper.year]]}}
    if kind == "article":
        item["publisher"] = paper.venue
        if paper.arxiv:
            item["number"] = f"arXiv:{paper.arxiv}"
    else:
        item["container-title"] = paper.venue
    if paper.doi:
        item["DOI"] = paper.doi
    url = csl_url(paper)
    if url:
        item["URL"] = url
    return item


def render_csl(papers: Iterable[Paper], keys: Mapping[str, str] | None = None) -> str:
    """A CSL-JSON file: an array of items in paper-id order, two-space indented (the explorer writes its
    selections with JavaScript's JSON.stringify(items, null, 2), byte for byte the same)."""
    items = [_item_text(p, keys[p.id] if keys else p.id) for p in sorted(papers, key=lambda p: p.id)]
    return ("[\n" + ",\n".join(items) + "\n]\n") if items else "[]\n"


@lru_cache(maxsize=CACHED_RECORDS)
def _item_text(paper: Paper, key: str) -> str:
    """One item as it stands inside the file's array (json.dumps of the array, indented one level), written once
    per paper and key and reused by every file that lists it."""
    text = json.dumps(csl_item(paper, key), ensure_ascii=False, indent=2)
    return "\n".join("  " + line for line in text.split("\n"))

"""Rules across entries: one paper, one entry (unique ids, DOIs, arXiv IDs and titles), and `builds_on`
naming a known model."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from ..model import BaseModel, Paper, Problem
from .context import source_name
from .suggest import did_you_mean
from .textrules import shown


def title_key(title: str) -> str:
    """Titles compared for duplicates: case, punctuation, accents-as-typed and spacing ignored."""
    return re.sub(r"[^a-z0-9]+", "", title.casefold())


def check_unique_identifiers(
    papers: Iterable[Paper], root: Path, new: frozenset[Path] = frozenset()
) -> Iterable[Problem]:
    """No paper appears twice: ids, DOIs, arXiv IDs and near-identical titles are unique across entries
    (a preprint and its published version are one entry). Of two, the problem is reported on the newer file:
    one of `new` (those being checked) rather than one already in the review."""
    keys: dict[tuple[str, str], list[Paper]] = defaultdict(list)
    for paper in papers:
        keys[("id", paper.id)].append(paper)
        keys[("title", title_key(paper.title))].append(paper)
        if paper.arxiv_title:
            keys[("title", title_key(paper.arxiv_title))].append(paper)
        if paper.doi:
            keys[("doi", paper.doi.casefold())].append(paper)
        if paper.arxiv:
            keys[("arxiv", paper.arxiv)].append(paper)
    labels = {"id": "id", "title": "near-identical title", "doi": "DOI", "arxiv": "arXiv ID"}
    for (kind, value), group in sorted(keys.items()):
        unique = list(dict.fromkeys(group))
        if len(unique) < 2:
            continue
        first, *others = sorted(unique, key=lambda p: (p.source in new, str(p.source)))
        for other in others:
            quoted = value if kind != "title" else other.title
            field = {"title": "title", "id": "id"}.get(kind, kind)
            yield Problem(
                source_name(other.source or Path(), root),
                *other.where(field),
                field,
                f"same {labels[kind]} as {source_name(first.source or Path(), root)} ('{shown(quoted)}'); "
                "one paper, one entry",
            )


def check_builds_on(
    papers: Iterable[Paper], base_models: dict[str, BaseModel], root: Path, checked: frozenset[Path] | None = None
) -> Iterable[Problem]:
    """Every id in `builds_on` is an entry of the review (a medical model: medsam) or a general-domain model in
    data/base-models/ (sam, clip, llava); a paper does not build on itself."""
    papers = list(papers)
    known = {p.id for p in papers} | set(base_models)
    for paper in papers:
        if checked is not None and paper.source not in checked:
            continue
        for index, other in enumerate(paper.builds_on):
            where = paper.locations.get(f"builds_on.{index}", paper.where("builds_on"))
            display = source_name(paper.source or Path(), root)
            if other == paper.id:
                yield Problem(display, *where, f"builds_on.{index}", "a model does not build on itself")
            elif other not in known:
                hint = did_you_mean(other, sorted(known))
                yield Problem(display, *where, f"builds_on.{index}", f"unknown model '{other}'{hint}; name an entry"
                              f" id, or add data/base-models/{other}.yaml for a general-domain model")

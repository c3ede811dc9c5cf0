"""The papers explorer's data: Corpus → the facts docs/assets/explorer.js filters, counts and sorts on.

The explorer page (templates/papers.md.j2) is a complete HTML table on its own; this data rides along inline as
JSON so that the script can filter those rows without another request. Rows are matched to records by paper
id. Term ids are sent as indexes into each facet's term list (the same order as the page's checkboxes), which
keeps the data small at thousands of papers. Entry text here is data for the script's text filter, never markup:
the template embeds it with Jinja's `tojson`, which escapes `<`, `>`, `&` and quotes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from jinja2 import Environment

from ..load.site import Site
from ..model import Corpus, Paper
from .cite.citefiles import FORMATS
from .cite.keys import author_year_keys
from .outputs import Output, Page

# Facets shown in the filter panel, in order: the taxonomy axes (corpus.vocabularies, in their declared order;
# the names term pages use in their `papers/?<axis>=<term>` links), then the licence facet and the two
# availability flags. Year and free text are separate controls.
FLAGS: tuple[tuple[str, str], ...] = (("code", "Has code"), ("weights", "Has weights"))
# Which facets start unfolded; the others open when the page loads with one of their terms selected.
OPEN_FACETS: frozenset[str] = frozenset({"category", "modalities", "tasks"})
# The licence facet (URL key `licence`), derived from the licence registry's kinds rather than a vocabulary:
# (id, label, definition), in the order the panel shows them.
LICENCE = "licence"
LICENCE_TERMS: tuple[tuple[str, str, str], ...] = (
    ("permissive", "Permissive (commercial use)", "A permissive or copyleft licence (MIT, Apache-2.0, GPL)."),
    ("non-commercial", "Non-commercial", "Research or non-commercial use only (CC-BY-NC, research-only terms)."),
    ("other", "Other terms", "A model licence with its own terms (OpenRAIL, Llama, Gemma): read it."),
    ("unknown", "Unknown", "No licence stated, or not yet checked."),
)
_LICENCE_OF_KIND = {"permissive": "permissive", "copyleft": "permissive", "non-commercial": "non-commercial",
                    "custom": "other"}
# The table's columns that a reader can show or hide (`cols=` in the URL): (key, heading, shown by default).
# Model is always shown; the order is the table's.
COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("title", "Title", True), ("year", "Year", True), ("category", "Category", True), ("input", "Input", False),
    ("modalities", "Modalities", True), ("tasks", "Tasks", True), ("open", "Open", True),
    ("access", "Weights access", False), ("licence", "Licence", False), ("added", "Added", True),
)


def licence_id(paper: Paper) -> str | None:
    """The licence that decides what a reader may do: the weights' licence once checked, else the code's."""
    return paper.weights_license if paper.weights_license is not None else paper.license


def licence_class(paper: Paper, corpus: Corpus) -> str:
    """permissive, non-commercial, other or unknown (absent, not-stated, or not in the registry)."""
    found = corpus.licenses.get(licence_id(paper) or "")
    return _LICENCE_OF_KIND.get(found.kind, "unknown") if found else "unknown"


def _search_text(paper: Paper, corpus: Corpus) -> str:
    """What the free-text filter searches besides title and model (sent separately, for sorting): all authors
    and the names of the paper's datasets."""
    names = [corpus.datasets[d].name for d in paper.datasets if d in corpus.datasets]
    parts = [*paper.authors, *names]
    if paper.arxiv_title:
        parts.append(paper.arxiv_title)
    return " | ".join(parts)


def render_explorer_data(corpus: Corpus) -> dict[str, Any]:
    """Corpus → {"facets": [[axis, [term ids]]...], "flags": [...], "papers": [{id, key, model, title, ...}]}.

    The facets are the taxonomy axes, then the licence facet. `terms[k]` lists the indexes of the paper's terms
    in facet k's term list. Papers keep the corpus order
    (newest year first), which is the table's default order.
    """
    facets = [(axis, list(vocab.ids)) for axis, vocab in corpus.vocabularies.items()]
    position = [{term: index for index, term in enumerate(ids)} for _, ids in facets]
    licences = [term for term, _, _ in LICENCE_TERMS]
    keys = author_year_keys(corpus.papers)
    papers = [
        {
            "id": paper.id,
            "key": keys[paper.id],  # its author-year citation key, as in all-authoryear.*
            "model": paper.model,
            "title": paper.title,
            "author": paper.first_author_family,
            "year": paper.year,
            "added": paper.added.isoformat(),
            "text": _search_text(paper, corpus),
            "code": bool(paper.code),
            "weights": bool(paper.weights),
            "terms": [*([where[t] for t in paper.terms(axis) if t in where]
                        for (axis, _), where in zip(facets, position, strict=True)),
                      [licences.index(licence_class(paper, corpus))]],
        }
        for paper in corpus.papers
    ]
    return {"facets": [*facets, (LICENCE, licences)], "flags": [name for name, _ in FLAGS], "papers": papers}


def facet_counts(corpus: Corpus) -> dict[str, dict[str, int]]:
    """Papers per term on every facet, and per availability flag: the counts shown before any filtering."""
    counts: dict[str, dict[str, int]] = {axis: dict.fromkeys(v.ids, 0) for axis, v in corpus.vocabularies.items()}
    for paper in corpus.papers:
        for axis in corpus.vocabularies:
            for term in paper.terms(axis):
                counts[axis][term] = counts[axis].get(term, 0) + 1
    counts[LICENCE] = dict.fromkeys((term for term, _, _ in LICENCE_TERMS), 0)
    for paper in corpus.papers:
        counts[LICENCE][licence_class(paper, corpus)] += 1
    counts["flags"] = {"code": sum(bool(p.code) for p in corpus.papers),
                       "weights": sum(bool(p.weights) for p in corpus.papers)}
    return counts


def render_explorer(site: Site, env: Environment) -> Iterator[Output]:
    """The explorer page (papers/index.md) and its data (papers/explorer.json)."""
    corpus = site.corpus
    years = sorted({p.year for p in corpus.papers}) or [0]
    yield Page("papers/index.md", "papers.md.j2", {
        "papers": corpus.papers, "facets": tuple(corpus.vocabularies), "flags": FLAGS, "open_facets": OPEN_FACETS,
        "counts": facet_counts(corpus), "years": list(range(years[0], years[-1] + 1)), "formats": FORMATS,
        "licence_terms": LICENCE_TERMS, "licence_label": {i: text for i, text, _ in LICENCE_TERMS},
        "licence_of": {p.id: licence_class(p, corpus) for p in corpus.papers},
        "licence_id": {p.id: licence_id(p) for p in corpus.papers}, "columns": COLUMNS})
    yield "papers/explorer.json", json.dumps(render_explorer_data(corpus), ensure_ascii=False,
                                             separators=(",", ":"))

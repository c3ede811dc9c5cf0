"""Corpus → the "Compare selected" page: compare/selected/ and the facts it shows, compare/selected.json.

The explorer's "Compare selected (k)" button opens compare/selected/?ids=a,b,c. The page is static: its script
(docs/assets/compare.js) reads the ids from the address and lays the chosen papers side by side from the JSON
written here, one text per fact, so that the table, its CSV and its LaTeX all come from the same words.

Unknown facts are never blank. As on the paper pages: a licence, the input kind or the weights access that the
entry does not give yet is "not yet checked"; a fact the paper does not state (or a `not-stated` licence) is
"not stated"; weights whose access is `none` are "none".
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from jinja2 import Environment

from ..load.site import Site
from ..model import Corpus, Paper
from .outputs import Output, Page

NOT_CHECKED, NOT_STATED = "not yet checked", "not stated"
# (key, label) in the order the page shows them: the CSV's columns use the keys, the table and LaTeX the labels.
FACTS: tuple[tuple[str, str], ...] = (
    ("title", "Title"), ("category", "Category"), ("architecture", "Architecture"), ("input", "Input"),
    ("modalities", "Modalities"), ("tasks", "Tasks"), ("parameters", "Parameters"),
    ("pretraining_data", "Pre-training data"), ("datasets", "Datasets"), ("code", "Code"),
    ("weights_access", "Weights access"), ("weights", "Weights"), ("license", "Code licence"),
    ("weights_license", "Weights licence"), ("builds_on", "Builds on"), ("year", "Year"),
)


def licence_words(corpus: Corpus, licence: str | None) -> str:
    """A licence as the paper pages write it: not yet checked, not stated, or its name with its SPDX id."""
    if not licence:
        return NOT_CHECKED
    if licence == "not-stated":
        return NOT_STATED
    found = corpus.licenses.get(licence)
    return f"{found.name} ({licence})" if found else licence


def paper_facts(corpus: Corpus, paper: Paper) -> dict[str, str]:
    """Every fact of FACTS as the text a reader sees."""
    def labels(axis: str, empty: str = NOT_STATED) -> str:
        vocab = corpus.vocabularies[axis]
        return ", ".join(term.label if (term := vocab.get(t)) else t for t in paper.terms(axis)) or empty

    def built_on(other: str) -> str:
        base = corpus.base_models.get(other)
        mine = corpus.paper(other)
        return mine.model if mine else base.name if base else other

    scale = paper.pretraining_data
    no_weights = "none" if paper.weights_access == "none" else NOT_STATED
    return {
        "title": paper.title, "category": labels("category"), "architecture": labels("architecture"),
        "input": labels("input", NOT_CHECKED), "modalities": labels("modalities"), "tasks": labels("tasks"),
        "parameters": paper.parameters.text if paper.parameters else NOT_STATED,
        "pretraining_data": f"{scale.text} {scale.unit}".strip() if scale else NOT_STATED,
        "datasets": ", ".join(corpus.datasets[d].name if d in corpus.datasets else d for d in paper.datasets)
        or NOT_STATED,
        "code": paper.code or NOT_STATED, "weights_access": labels("weights_access", NOT_CHECKED),
        "weights": paper.weights or no_weights, "license": licence_words(corpus, paper.license),
        "weights_license": licence_words(corpus, paper.weights_license),
        "builds_on": ", ".join(built_on(o) for o in paper.builds_on) or NOT_STATED, "year": str(paper.year),
    }


def render_selection_data(corpus: Corpus) -> dict[str, Any]:
    """{"facts": [[key, label]...], "papers": {id: {"model": ..., "facts": {key: text}}}}."""
    return {"facts": [list(fact) for fact in FACTS],
            "papers": {p.id: {"model": p.model, "facts": paper_facts(corpus, p)} for p in corpus.papers}}


def render_selection(site: Site, env: Environment) -> Iterator[Output]:
    """compare/selected.md (the page) and compare/selected.json (its facts)."""
    yield Page("compare/selected.md", "compare_selected.md.j2")
    yield "compare/selected.json", json.dumps(render_selection_data(site.corpus), ensure_ascii=False,
                                              separators=(",", ":"))

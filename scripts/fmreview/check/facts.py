"""Rules on facts that must agree with each other: a preprint and its server, the summary's length, known
licences, weights access and link, anatomy and modality. One check_* function per rule, its docstring the rule."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..load.yamlfile import YamlDocument
from ..model import Problem
from .context import Context, problem_at
from .placeholders import PLACEHOLDER
from .suggest import did_you_mean, normalise
from .textrules import shown

PREPRINT_SERVERS = ("arXiv", "medRxiv", "bioRxiv", "Research Square", "SSRN")


def check_preprint_fields(doc: YamlDocument, ctx: Context) -> Iterable[Problem]:
    """A preprint (`type: preprint`) names its server as the venue (arXiv, medRxiv, bioRxiv, Research
    Square, SSRN) and has an arXiv ID or DOI; a paper with venue arXiv is a preprint."""
    kind, venue = doc.data.get("type"), doc.data.get("venue")
    if kind == "preprint":
        if "arxiv" not in doc.data and "doi" not in doc.data:
            yield problem_at(ctx, doc, ("type",), "a preprint needs its arxiv ID (or the server's DOI)")
        if isinstance(venue, str) and venue not in PREPRINT_SERVERS:
            yield problem_at(
                ctx,
                doc,
                ("venue",),
                f"a preprint's venue is its server ({', '.join(PREPRINT_SERVERS)}),"
                f" not '{shown(venue)}'{did_you_mean(venue, PREPRINT_SERVERS)}",
                "warning",
            )
    elif kind in ("article", "inproceedings") and venue in PREPRINT_SERVERS:
        yield problem_at(ctx, doc, ("type",), f"venue {venue} with type {kind}; use type: preprint")


def check_summary(doc: YamlDocument, ctx: Context) -> Iterable[Problem]:
    """The summary is one to three sentences in the contributor's own words."""
    summary = doc.data.get("summary")
    if not isinstance(summary, str):
        return
    sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", summary.strip()) if s]
    if len(sentences) > 3:
        yield problem_at(ctx, doc, ("summary",), f"has {len(sentences)} sentences; keep it to one to three", "warning")


def check_licenses_known(doc: YamlDocument, ctx: Context) -> Iterable[Problem]:
    """`license` (the code's) and `weights_license` (the weights') are ids from data/licenses.yaml: SPDX
    identifiers, a LicenseRef- name for a model licence, or not-stated once the repository was checked and
    states none. Leave the field out until it has been checked."""
    if not ctx.licenses:
        return
    for name in ("license", "weights_license"):
        value = doc.data.get(name)
        if isinstance(value, str) and value != PLACEHOLDER and value not in ctx.licenses:
            hint = did_you_mean(value, list(ctx.licenses), {normalise(k): k for k in ctx.licenses})
            yield problem_at(ctx, doc, (name,), f"unknown licence '{value}'{hint}; use an SPDX id, or add a"
                           " LicenseRef- name to data/licenses.yaml")


WEIGHTS_AVAILABLE = ("open", "gated", "on-request")


def check_weights_facts(doc: YamlDocument, ctx: Context) -> Iterable[Problem]:
    """`weights_access` agrees with `weights`: open, gated and on-request weights have a `weights` link (the
    download or request page); `none` has no link; a `weights_license` needs released weights."""
    access, link = doc.data.get("weights_access"), doc.data.get("weights")
    if access in WEIGHTS_AVAILABLE and not link:
        yield problem_at(ctx, doc, ("weights_access",), f"weights_access is {access}: give the `weights` link too")
    if access == "none" and link:
        yield problem_at(ctx, doc, ("weights_access",), "weights_access is none but `weights` links to weights")
    if link and "weights_access" not in doc.data:
        yield problem_at(ctx, doc, ("weights",), "say how the weights can be obtained: weights_access: open, gated"
                       " or on-request", "warning")
    if doc.data.get("weights_license") and access == "none":
        yield problem_at(ctx, doc, ("weights_license",), "a weights licence for weights that are not released")


PATHOLOGY = frozenset({"histopathology", "microscopy"})


def check_anatomy_scope(doc: YamlDocument, ctx: Context) -> Iterable[Problem]:
    """`anatomy` says what the images show: a pathology-only model is not tagged whole-body (use tissue for
    many organs' tissue, or the organs), and whole-body is not combined with single regions."""
    anatomy, modalities = doc.data.get("anatomy"), doc.data.get("modalities")
    if not isinstance(anatomy, list) or "whole-body" not in anatomy:
        return
    index = anatomy.index("whole-body")
    terms = modalities if isinstance(modalities, list) and all(isinstance(m, str) for m in modalities) else []
    if terms and set(terms) <= PATHOLOGY:  # other items are reported by check_value_types
        yield problem_at(ctx, doc, ("anatomy", index), "a pathology model is not whole-body: use tissue (many organs'"
                       " tissue) or the organs its slides come from")

"""Validation rules beyond the JSON Schema. Each check_* function is one rule; its docstring is the rule as
a contributor reads it (the contributing guide lists them)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from .model import RESERVED_IDS, BaseModel, Dataset, License, Paper, Problem, Vocabulary
from .suggest import did_you_mean, normalise
from .textrules import shown, value_problem
from .yamlfile import YamlDocument


@dataclass(frozen=True)
class Context:
    """What a per-file check may consult: the vocabularies, the dataset registry and today's date."""

    display: str
    file_stem: str
    vocabularies: dict[str, Vocabulary]
    datasets: dict[str, Dataset]
    today: date
    licenses: dict[str, License] = field(default_factory=dict)

    def aliases(self, axis: str) -> dict[str, str]:
        return {normalise(alias): term.id for term in self.vocabularies[axis].terms for alias in term.aliases}

    def dataset_aliases(self) -> dict[str, str]:
        pairs = {normalise(d.name): d.id for d in self.datasets.values()}
        pairs.update({normalise(a): d.id for d in self.datasets.values() for a in d.aliases})
        return pairs


def _problem(ctx: Context, doc: YamlDocument, path: tuple[Any, ...], message: str, severity: str = "error") -> Problem:
    return Problem(ctx.display, *doc.where(*path), ".".join(map(str, path)), message, severity)  # type: ignore[arg-type]


def check_text(doc: YamlDocument, ctx: Context) -> Iterable[Problem]:
    """Every text value is visible, printable text: no control characters, invisible (zero-width) or
    bidirectional characters, no Unicode non-characters, nothing blank, and no line break except in the
    summary."""
    def walk(value: Any, path: tuple[Any, ...]) -> Iterable[Problem]:
        if isinstance(value, str):
            found = value_problem(value, multiline=path == ("summary",))
            if found:
                yield _problem(ctx, doc, path, found[1])
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, (*path, index))
    yield from walk(doc.data, ())


def check_id_matches_file(doc: YamlDocument, ctx: Context) -> Iterable[Problem]:
    """`id` equals the file name without `.yaml`, so every page has one stable address, and is not a name
    the site keeps for itself (`index`, the listing page) or one Windows cannot check out (`con`, `nul`)."""
    value = doc.data.get("id")
    if isinstance(value, str) and value != ctx.file_stem:
        yield _problem(
            ctx,
            doc,
            ("id",),
            f"'{shown(value)}' differs from the file name '{shown(ctx.file_stem)}'; "
            f"rename the file to {shown(value)}.yaml or set id: {shown(ctx.file_stem)}",
        )
    if isinstance(value, str) and value in RESERVED_IDS:
        yield _problem(ctx, doc, ("id",), f"'{value}' is a name the site uses for its own pages; choose another "
                       "id (the model's name, e.g. medsam)")


def check_value_types(doc: YamlDocument, ctx: Context) -> Iterable[Problem]:
    """A one-term field (`category`, `weights_access`) holds one term id, and every item of a term or dataset
    list is a term or dataset id (text): not a number, nothing, a list or a mapping."""
    for axis, vocab in ctx.vocabularies.items():
        if axis not in doc.data:
            continue
        value = doc.data[axis]
        if not vocab.multiple:
            if not isinstance(value, str):
                example = f" such as {vocab.ids[0]}" if vocab.ids else ""
                yield _problem(ctx, doc, (axis,), f"expected one {vocab.noun} id{example}, got {_kind(value)}")
            continue
        for index, item in enumerate(value if isinstance(value, list) else []):
            if not isinstance(item, str):
                article = "an" if vocab.noun[:1] in "aeiou" else "a"
                yield _problem(ctx, doc, (axis, index), f"expected {article} {vocab.noun} id, got {_kind(item)}")


def _kind(value: Any) -> str:
    kinds = {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a mapping",
             type(None): "nothing"}
    kind = kinds.get(type(value), type(value).__name__)
    return kind if isinstance(value, list | dict | type(None)) else f"{kind} ({shown(value)})"


def check_terms_known(doc: YamlDocument, ctx: Context) -> Iterable[Problem]:
    """Every value of a taxonomy field (a field named after a file of data/vocab/: category, modalities,
    tasks...) is a term id from that file; a misspelling or synonym gets the closest term as a suggestion."""
    for axis, vocab in ctx.vocabularies.items():
        if axis not in doc.data:
            continue
        value = doc.data[axis]
        values = [value] if isinstance(value, str) else value if isinstance(value, list) and vocab.multiple else []
        known = vocab.ids
        for index, term in enumerate(values):
            if isinstance(term, str) and term not in known:
                path = (axis,) if isinstance(value, str) else (axis, index)
                hint = did_you_mean(term, known, ctx.aliases(axis))
                yield _problem(ctx, doc, path,
                               f"unknown {vocab.noun} '{shown(term)}'{hint}; allowed: {', '.join(known)}")


def check_dataset_refs(doc: YamlDocument, ctx: Context) -> Iterable[Problem]:
    """Every id under `datasets.pretraining` and `datasets.evaluation` names a file in data/datasets/;
    register a new dataset there rather than spelling one dataset two ways."""
    datasets = doc.data.get("datasets")
    if not isinstance(datasets, dict):
        return
    for use in ("pretraining", "evaluation"):
        ids = datasets.get(use)
        for index, dataset_id in enumerate(ids if isinstance(ids, list) else []):
            if isinstance(dataset_id, str) and dataset_id not in ctx.datasets:
                hint = did_you_mean(dataset_id, ctx.datasets, ctx.dataset_aliases())
                yield _problem(
                    ctx,
                    doc,
                    ("datasets", use, index),
                    f"unknown dataset '{shown(dataset_id)}'{hint}; add data/datasets/{shown(dataset_id)}.yaml if it "
                    "is new",
                )


def check_dates(doc: YamlDocument, ctx: Context) -> Iterable[Problem]:
    """`added` and `checked` are real calendar dates (YYYY-MM-DD), not in the future, and a paper is not
    checked before it was published."""
    for name in ("added", "checked"):
        value = doc.data.get(name)
        if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            continue  # the schema reports the form
        try:
            day = date.fromisoformat(value)
        except ValueError as error:
            yield _problem(ctx, doc, (name,), f"'{value}' is not a calendar date ({error})")
            continue
        if day > ctx.today:
            yield _problem(ctx, doc, (name,), f"{value} is in the future (today is {ctx.today.isoformat()})")
        year = doc.data.get("year")
        if isinstance(year, int) and day.year < year:
            yield _problem(ctx, doc, (name,), f"{value} is before the paper's year {year}", "warning")


def check_authors(doc: YamlDocument, ctx: Context) -> Iterable[Problem]:
    """Authors are "Family, Given", each once; `others` may only end a truncated list (a warning: list
    every author where the paper's page does)."""
    authors = doc.data.get("authors")
    if not isinstance(authors, list):
        return
    seen: set[str] = set()
    for index, name in enumerate(authors):
        if not isinstance(name, str):
            continue
        if name == "others" and index != len(authors) - 1:
            yield _problem(ctx, doc, ("authors", index), "'others' can only be the last author")
        elif name == "others":
            yield _problem(ctx, doc, ("authors", index), "author list is truncated; list every author", "warning")
        elif name in seen:
            yield _problem(ctx, doc, ("authors", index), f"'{shown(name)}' is listed twice", "warning")
        seen.add(name)


PREPRINT_SERVERS = ("arXiv", "medRxiv", "bioRxiv", "Research Square", "SSRN")


def check_preprint_fields(doc: YamlDocument, ctx: Context) -> Iterable[Problem]:
    """A preprint (`type: preprint`) names its server as the venue (arXiv, medRxiv, bioRxiv, Research
    Square, SSRN) and has an arXiv ID or DOI; a paper with venue arXiv is a preprint."""
    kind, venue = doc.data.get("type"), doc.data.get("venue")
    if kind == "preprint":
        if "arxiv" not in doc.data and "doi" not in doc.data:
            yield _problem(ctx, doc, ("type",), "a preprint needs its arxiv ID (or the server's DOI)")
        if isinstance(venue, str) and venue not in PREPRINT_SERVERS:
            yield _problem(
                ctx,
                doc,
                ("venue",),
                f"a preprint's venue is its server ({', '.join(PREPRINT_SERVERS)}),"
                f" not '{shown(venue)}'{did_you_mean(venue, PREPRINT_SERVERS)}",
                "warning",
            )
    elif kind in ("article", "inproceedings") and venue in PREPRINT_SERVERS:
        yield _problem(ctx, doc, ("type",), f"venue {venue} with type {kind}; use type: preprint")


def check_summary(doc: YamlDocument, ctx: Context) -> Iterable[Problem]:
    """The summary is one to three sentences in the contributor's own words."""
    summary = doc.data.get("summary")
    if not isinstance(summary, str):
        return
    sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", summary.strip()) if s]
    if len(sentences) > 3:
        yield _problem(ctx, doc, ("summary",), f"has {len(sentences)} sentences; keep it to one to three", "warning")


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
            yield _problem(ctx, doc, (name,), f"unknown licence '{value}'{hint}; use an SPDX id, or add a"
                           " LicenseRef- name to data/licenses.yaml")


WEIGHTS_AVAILABLE = ("open", "gated", "on-request")


def check_weights_facts(doc: YamlDocument, ctx: Context) -> Iterable[Problem]:
    """`weights_access` agrees with `weights`: open, gated and on-request weights have a `weights` link (the
    download or request page); `none` has no link; a `weights_license` needs released weights."""
    access, link = doc.data.get("weights_access"), doc.data.get("weights")
    if access in WEIGHTS_AVAILABLE and not link:
        yield _problem(ctx, doc, ("weights_access",), f"weights_access is {access}: give the `weights` link too")
    if access == "none" and link:
        yield _problem(ctx, doc, ("weights_access",), "weights_access is none but `weights` links to weights")
    if link and "weights_access" not in doc.data:
        yield _problem(ctx, doc, ("weights",), "say how the weights can be obtained: weights_access: open, gated"
                       " or on-request", "warning")
    if doc.data.get("weights_license") and access == "none":
        yield _problem(ctx, doc, ("weights_license",), "a weights licence for weights that are not released")


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
        yield _problem(ctx, doc, ("anatomy", index), "a pathology model is not whole-body: use tissue (many organs'"
                       " tissue) or the organs its slides come from")


PLACEHOLDER = "TODO"  # what `review add` and `review new` write where a person must decide


def _placeholder_paths(value: Any, path: tuple[Any, ...] = ()) -> Iterable[tuple[Any, ...]]:
    if value == PLACEHOLDER:
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _placeholder_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _placeholder_paths(item, (*path, index))


def check_placeholders(doc: YamlDocument, ctx: Context) -> Iterable[Problem]:
    """No field still holds TODO, the placeholder that `review add` and `review new` leave where a person
    must decide: replace it with the value the comment above it asks for (or delete an optional line)."""
    for path in _placeholder_paths(doc.data):
        axis = path[0] if path else ""
        if axis in ctx.vocabularies:
            hint = f"choose from {', '.join(ctx.vocabularies[axis].ids)}"
        elif axis == "datasets":
            hint = "list dataset ids from data/datasets/, or [] when the paper names none"
        elif axis in ("arxiv", "doi", "url"):
            hint = "give the paper's identifier here, or delete the line and give one of arxiv, doi, url"
        else:
            hint = "replace it with the value the comment above it describes"
        yield _problem(ctx, doc, path, f"still {PLACEHOLDER}: {hint}")


def mask_placeholder_echoes(problems: list[Problem], doc: YamlDocument) -> list[Problem]:
    """Drop the other problems of a field that still holds TODO (unknown term, too short, wrong form):
    the placeholder's own message says what to do, once."""
    marked = {".".join(map(str, path)) for path in _placeholder_paths(doc.data)}
    if not marked:
        return problems
    return [p for p in problems if p.message.startswith(f"still {PLACEHOLDER}:")
            or not any(p.field == m or p.field.startswith(f"{m}.") or m.startswith(f"{p.field}.") for m in marked)]


ENTRY_CHECKS: tuple[Callable[[YamlDocument, Context], Iterable[Problem]], ...] = (
    check_text,
    check_value_types,
    check_placeholders,
    check_id_matches_file,
    check_terms_known,
    check_dataset_refs,
    check_dates,
    check_authors,
    check_preprint_fields,
    check_summary,
    check_licenses_known,
    check_weights_facts,
    check_anatomy_scope,
)


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


def check_dataset_file(doc: YamlDocument, ctx: Context) -> Iterable[Problem]:
    """A dataset's `id` equals its file name and its modalities and anatomy are vocabulary terms."""
    yield from check_text(doc, ctx)
    yield from check_id_matches_file(doc, ctx)
    for axis in ("modalities", "anatomy"):
        values = doc.data.get(axis)
        known = ctx.vocabularies[axis].ids
        for index, term in enumerate(values if isinstance(values, list) else []):
            if isinstance(term, str) and term not in known:
                hint = did_you_mean(term, known, ctx.aliases(axis))
                yield _problem(ctx, doc, (axis, index), f"unknown term '{shown(term)}'{hint}")


@lru_cache(maxsize=65536)  # asked for every entry at every load (the preview loads again on each save)
def source_name(path: Path, root: Path) -> str:
    """How problems name a file: relative to the repository when inside it."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)

"""Rules on one field's value: visible text, the right kind of value, known terms and datasets, real dates,
authors as "Family, Given", an id matching its file. Each check_* function is one rule; its docstring is the
rule as a contributor reads it (the contributing guide lists them)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from ..load.yamlfile import YamlDocument
from ..model import RESERVED_IDS, Problem
from .context import Context, problem_at
from .suggest import did_you_mean
from .textrules import shown, value_problem


def check_text(doc: YamlDocument, ctx: Context) -> Iterable[Problem]:
    """Every text value is visible, printable text: no control characters, invisible (zero-width) or
    bidirectional characters, no Unicode non-characters, nothing blank, and no line break except in the
    summary."""
    def walk(value: Any, path: tuple[Any, ...]) -> Iterable[Problem]:
        if isinstance(value, str):
            found = value_problem(value, multiline=path == ("summary",))
            if found:
                yield problem_at(ctx, doc, path, found[1])
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
        yield problem_at(
            ctx,
            doc,
            ("id",),
            f"'{shown(value)}' differs from the file name '{shown(ctx.file_stem)}'; "
            f"rename the file to {shown(value)}.yaml or set id: {shown(ctx.file_stem)}",
        )
    if isinstance(value, str) and value in RESERVED_IDS:
        yield problem_at(ctx, doc, ("id",), f"'{value}' is a name the site uses for its own pages; choose another "
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
                yield problem_at(ctx, doc, (axis,), f"expected one {vocab.noun} id{example}, got {_kind(value)}")
            continue
        for index, item in enumerate(value if isinstance(value, list) else []):
            if not isinstance(item, str):
                article = "an" if vocab.noun[:1] in "aeiou" else "a"
                yield problem_at(ctx, doc, (axis, index), f"expected {article} {vocab.noun} id, got {_kind(item)}")


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
                yield problem_at(ctx, doc, path,
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
                yield problem_at(
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
            yield problem_at(ctx, doc, (name,), f"'{value}' is not a calendar date ({error})")
            continue
        if day > ctx.today:
            yield problem_at(ctx, doc, (name,), f"{value} is in the future (today is {ctx.today.isoformat()})")
        year = doc.data.get("year")
        if isinstance(year, int) and day.year < year:
            yield problem_at(ctx, doc, (name,), f"{value} is before the paper's year {year}", "warning")


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
            yield problem_at(ctx, doc, ("authors", index), "'others' can only be the last author")
        elif name == "others":
            yield problem_at(ctx, doc, ("authors", index), "author list is truncated; list every author", "warning")
        elif name in seen:
            yield problem_at(ctx, doc, ("authors", index), f"'{shown(name)}' is listed twice", "warning")
        seen.add(name)

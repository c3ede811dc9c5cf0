"""The TODO placeholder `review add` and `review new` write where a person must decide: the rule that none
is left, and the masking of other problems a TODO field causes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..load.yamlfile import YamlDocument
from ..model import Problem
from .context import Context, problem_at

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
        yield problem_at(ctx, doc, path, f"still {PLACEHOLDER}: {hint}")


def mask_placeholder_echoes(problems: list[Problem], doc: YamlDocument) -> list[Problem]:
    """Drop the other problems of a field that still holds TODO (unknown term, too short, wrong form):
    the placeholder's own message says what to do, once."""
    marked = {".".join(map(str, path)) for path in _placeholder_paths(doc.data)}
    if not marked:
        return problems
    return [p for p in problems if p.message.startswith(f"still {PLACEHOLDER}:")
            or not any(p.field == m or p.field.startswith(f"{m}.") or m.startswith(f"{p.field}.") for m in marked)]

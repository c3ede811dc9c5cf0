"""The declared lists of rules beyond the JSON Schema, in the order the contributing guide lists them: every
entry file is checked by ENTRY_CHECKS, every dataset file by check_dataset_file (the rules across entries are
corpus.py's)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..load.yamlfile import YamlDocument
from ..model import Problem
from .context import Context, problem_at
from .facts import check_anatomy_scope, check_licenses_known, check_preprint_fields, check_summary, check_weights_facts
from .fields import (
    check_authors,
    check_dataset_refs,
    check_dates,
    check_id_matches_file,
    check_terms_known,
    check_text,
    check_value_types,
)
from .placeholders import check_placeholders
from .suggest import did_you_mean
from .textrules import shown

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
                yield problem_at(ctx, doc, (axis, index), f"unknown term '{shown(term)}'{hint}")

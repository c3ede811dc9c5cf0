"""The taxonomy: data/vocab/*.yaml → one Vocabulary per axis, in the axes' declared order, plus problems.

Each file is one axis; its name is the entry field (`modalities.yaml` → `modalities:`). Besides its terms a file
says where the axis comes among the others (`order`, a number: schema, field reference, pages and the explorer's
facets follow it), whether an entry lists several terms (`multiple`), whether every entry must give it
(`required`), whether a list may be empty (`min_terms: 0`) and what the field means (`meaning`). Nothing else
lists the axes: the schema properties, the issue forms' options and mkdocs.yml's nav exclusions are generated
from these files by `review docs` (taxonomy_files.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..check.context import source_name
from ..check.suggest import did_you_mean
from ..check.textrules import shown
from ..config import Paths
from ..model import Problem, Term, Vocabulary
from .yamlfile import YamlDocument, read_yaml

AXIS_NAME = re.compile(r"[a-z][a-z0-9_]*")  # an entry field, a URL folder and a schema property at once
# Axis-level keys: name → (expected type, default). `order` has no default: every axis says where it goes.
KEYS: dict[str, tuple[type, Any]] = {
    "field": (str, None), "label": (str, None), "noun": (str, "term"), "description": (str, ""),
    "meaning": (str, ""), "order": (int, None), "multiple": (bool, True), "required": (bool, False),
    "min_terms": (int, 1),
}
_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false"}
TERM_KEYS = ("id", "label", "definition", "aliases")


def load_vocabularies(paths: Paths) -> tuple[dict[str, Vocabulary], list[Problem]]:
    """Every vocabulary file of data/vocab/, checked, as {axis: Vocabulary} in the axes' `order` (then name)."""
    found: list[Vocabulary] = []
    problems: list[Problem] = []
    files = sorted(paths.vocab.glob("*.yaml")) if paths.vocab.is_dir() else []
    if not files:
        problems.append(Problem(source_name(paths.vocab, paths.root), 1, 1, "", "no vocabulary files (*.yaml)"))
    for path in files:
        vocab, own = load_vocabulary(path, paths.root)
        problems += own
        if vocab is not None:
            found.append(vocab)
    found.sort(key=lambda v: (v.order, v.field))
    return {v.field: v for v in found}, problems


def load_vocabulary(path: Path, root: Path) -> tuple[Vocabulary | None, list[Problem]]:
    display = source_name(path, root)
    axis = path.stem
    doc, problems = read_yaml(path, display)
    if doc is None:
        return None, problems
    if not AXIS_NAME.fullmatch(axis):
        problems.append(Problem(display, 1, 1, "", f"'{axis}' cannot name an axis: the file name becomes an entry "
                                "field and a page folder, so use lower-case letters, digits and _ (weights_access)"))
    data = doc.data if isinstance(doc.data, dict) else {}
    values = {key: _key(doc, data, key, display, problems) for key in KEYS}
    for key in data:
        if key not in (*KEYS, "terms"):
            problems.append(Problem(display, *doc.where(key), str(key), f"unknown key '{shown(key)}'"
                                    f"{did_you_mean(str(key), [*KEYS, 'terms'])}"))
    if values["field"] not in (None, axis):
        problems.append(Problem(display, *doc.where("field"), "field",
                                f"'{values['field']}' differs from the file name: set field: {axis}"))
    if values["min_terms"] not in (0, 1):
        problems.append(Problem(display, *doc.where("min_terms"), "min_terms",
                                f"expected 0 (the list may be empty) or 1, got {values['min_terms']}"))
    terms = _terms(doc, data, display, problems)
    if any(p.severity == "error" for p in problems):
        return None, problems
    return Vocabulary(axis, values["label"] or axis, values["description"], tuple(terms), values["noun"],
                      values["order"], values["multiple"], values["required"], values["min_terms"],
                      values["meaning"] or values["description"]), problems


def _key(doc: YamlDocument, data: dict[str, Any], key: str, display: str, problems: list[Problem]) -> Any:
    kind, default = KEYS[key]
    if key not in data:
        if key == "order":
            problems.append(Problem(display, 1, 1, key, "say where this axis comes among the others: order: a "
                                    "number (the axes are shown by increasing order; see data/vocab/tasks.yaml)"))
        return default
    value = data[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        problems.append(Problem(display, *doc.where(key), key, f"expected {_TYPE_NAMES[kind]}, got {shown(value)}"))
        return default
    return value


def _terms(doc: YamlDocument, data: dict[str, Any], display: str, problems: list[Problem]) -> list[Term]:
    terms: list[Term] = []
    for index, raw in enumerate(data.get("terms") or []):
        missing = [k for k in ("id", "label", "definition") if not isinstance(raw, dict) or not raw.get(k)]
        if missing:
            problems.append(
                Problem(display, *doc.where("terms", index), f"terms.{index}", f"a term needs {', '.join(missing)}")
            )
            continue
        unknown = [key for key in raw if key not in TERM_KEYS]
        if unknown:  # `{definition: a, b}` on one line reads "b" as a key: the comma needs quotes
            problems.append(Problem(display, *doc.where("terms", index, unknown[0]), f"terms.{index}",
                                    f"unknown key '{shown(unknown[0])}'{did_you_mean(str(unknown[0]), TERM_KEYS)}; "
                                    "a term has id, label, definition and aliases (quote a value that holds a comma "
                                    "on a one-line term)"))
            continue
        if any(t.id == raw["id"] for t in terms):
            problems.append(Problem(display, *doc.where("terms", index, "id"), f"terms.{index}.id",
                                    f"term '{raw['id']}' is defined twice"))
            continue
        terms.append(Term(raw["id"], raw["label"], raw["definition"], tuple(raw.get("aliases") or ())))
    return terms

"""Entry files written for a person to finish (`review add`, `review new`).

Input: the values known so far, the entry schema (data/entry.schema.json) and the vocabularies (data/vocab/).
Output: YAML text in the schema's field order. A required field without a value holds the placeholder TODO,
which validation rejects until someone replaces it; an optional one is a commented-out example. Above every
field still to fill, a comment gives its meaning and its allowed values, taken from the schema and the
vocabularies, so the hints cannot drift from what validation accepts.
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..check.context import source_name
from ..check.placeholders import PLACEHOLDER
from ..config import Paths
from ..load.vocab import load_vocabularies
from ..model import Vocabulary

WIDTH = 110
MODELINE = "# yaml-language-server: $schema=../data/entry.schema.json"

# What a commented-out optional field shows as its example value (a field missing here shows `...`).
EXAMPLES = {
    "arxiv_title": "Title As It Appears On arXiv",
    "arxiv": '"2304.12306"',
    "doi": "10.1038/s41467-024-44824-z",
    "url": "https://example.org/paper-landing-page",
    "themes": "[prompting]",
    "code": "https://github.com/owner/repository",
    "weights": "https://huggingface.co/owner/model",
    "license": "Apache-2.0",
    "parameters": "86M",
    "pretraining_data": "{size: 1.57M, unit: images}",
}


def load_entry_schema(paths: Paths) -> dict[str, Any]:
    return json.loads(paths.entry_schema.read_text(encoding="utf-8"))


def allowed_values(name: str, prop: Mapping[str, Any], vocabularies: Mapping[str, Vocabulary]) -> list[str]:
    """The values a field accepts: its vocabulary's term ids, or the schema's enum, or none (free text)."""
    if name in vocabularies:
        return list(vocabularies[name].ids)
    items = prop.get("items", {})
    return [str(v) for v in prop.get("enum") or items.get("enum") or []]


def identifier_fields(schema: Mapping[str, Any]) -> list[str]:
    """The fields of the schema's anyOf: an entry needs at least one of them."""
    return [name for option in schema.get("anyOf", []) for name in option.get("required", [])]


def field_help(name: str, schema: Mapping[str, Any], vocabularies: Mapping[str, Vocabulary]) -> list[str]:
    """Comment lines (without '# ') explaining one top-level field: meaning, whether required, values."""
    prop = schema["properties"][name]
    required = name in schema.get("required", [])
    identifiers = identifier_fields(schema)
    status = ("required" if required else
              f"at least one of {', '.join(identifiers)}" if name in identifiers else "optional")
    text = f"{name} ({status}): {prop.get('description', '').strip()}"
    values = allowed_values(name, prop, vocabularies)
    if values:
        many = prop.get("type") == "array"
        text += f" {'One or more' if many else 'One'} of: {', '.join(values)}."
    for sub_name, sub in prop.get("properties", {}).items():
        sub_values = allowed_values(sub_name, sub, vocabularies)
        text += f" {sub_name}: {sub.get('description', '').strip()}"
        if sub_values:
            text += f" One of: {', '.join(sub_values)}."
    return textwrap.wrap(text, WIDTH - 2, break_on_hyphens=False)


def _yaml_text(value: Any, indent: str = "") -> str:
    """One value as YAML: plain where that reads back as the same value, double-quoted otherwise."""
    if isinstance(value, bool) or value is None:
        raise TypeError(f"unexpected value {value!r}")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        if all(isinstance(v, str) and "," not in v and _reads_back(v) for v in value):
            return "[" + ", ".join(value) + "]"
        return "".join(f"\n{indent}  - {_yaml_text(v)}" for v in value)
    if isinstance(value, dict):
        return "".join(f"\n{indent}  {k}: {_yaml_text(v, indent + '  ')}" for k, v in value.items())
    text = str(value)
    return text if _reads_back(text) else json.dumps(text, ensure_ascii=False)


def _field_line(name: str, value: Any) -> str:
    text = _yaml_text(value)
    return f"{name}:{text}" if text.startswith("\n") else f"{name}: {text}"


def _reads_back(text: str) -> bool:
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return True  # entries are read without YAML's timestamp type: a date stays a string
    if not text or text != text.strip() or "\n" in text:
        return False
    try:
        return yaml.safe_load(f"k: {text}") == {"k": text} and yaml.safe_load(f"- {text}") == [text]
    except yaml.YAMLError:
        return False


def _placeholder(prop: Mapping[str, Any]) -> Any:
    if prop.get("type") == "array":
        return [PLACEHOLDER]
    if prop.get("type") == "object":
        return {sub: [PLACEHOLDER] for sub in prop.get("properties", {})}
    return PLACEHOLDER


def render_entry_file(values: Mapping[str, Any], schema: Mapping[str, Any],
                      vocabularies: Mapping[str, Vocabulary], notes: Mapping[str, str] | None = None,
                      skip: Iterable[str] = ()) -> str:
    """Values → the text of an entry file. Fields in `values` are written as they are (with a `# check:`
    note above when `notes` has one); required fields missing from `values` get the placeholder and a help
    comment; optional ones a commented-out example; fields in `skip` are left out when missing."""
    notes = notes or {}
    required = set(schema.get("required", [])) | set(identifier_fields(schema)[:1])
    lines = [MODELINE]
    for name, prop in schema["properties"].items():
        if name not in values and name in skip:
            continue
        if name in notes:
            wrapped = textwrap.wrap(notes[name], WIDTH - 9, break_on_hyphens=False)
            lines += [f"# check: {wrapped[0]}", *(f"#        {line}" for line in wrapped[1:])]
        if name in values:
            lines.append(_field_line(name, values[name]))
            continue
        lines += [f"# {line}" for line in field_help(name, schema, vocabularies)]
        if name in required:
            lines.append(_field_line(name, _placeholder(prop)))
        else:
            lines.append(f"# {name}: {EXAMPLES.get(name, '...')}")
    return "\n".join(lines) + "\n"


def render_skeleton(entry_id: str, paths: Paths, vocabularies: Mapping[str, Vocabulary], today: date) -> str:
    """A new entry with every field: the id and dates filled, everything else TODO or commented out."""
    return render_entry_file({"id": entry_id, "added": today.isoformat(), "checked": today.isoformat()},
                             load_entry_schema(paths), vocabularies)


def path_for_entry(paths: Paths, entry_id: str) -> Path:
    return paths.entries / f"{entry_id}.yaml"


def run_new(paths: Paths, entry_id: str, today: date) -> int:
    """`review new ID`: write entries/ID.yaml with every field and print its path. Exit 0 written, 1 refused."""
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry_id) or len(entry_id) > 60:
        print(f"review new: '{entry_id}' is not a valid id: use lower-case letters, digits and hyphens, the "
              "model's name (medsam, biomedclip)", file=sys.stderr)
        return 1
    target = path_for_entry(paths, entry_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    vocabularies, _ = load_vocabularies(paths)
    try:
        with target.open("x", encoding="utf-8") as out:  # never overwrite
            out.write(render_skeleton(entry_id, paths, vocabularies, today))
    except FileExistsError:
        print(f"review new: {source_name(target, paths.root)} already exists; choose another id",
              file=sys.stderr)
        return 1
    print(source_name(target, paths.root))
    print("Replace every TODO (the comment above each field lists its allowed values), delete the optional "
          f"lines you do not need, then run: review validate {source_name(target, paths.root)}", file=sys.stderr)
    return 0

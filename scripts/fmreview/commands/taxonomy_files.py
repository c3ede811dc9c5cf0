"""The files that repeat the taxonomy, regenerated from data/vocab/ so that the vocabularies are its only source.

Input: the vocabularies (data/vocab/*.yaml, in their `order`) and the files below as committed.
Output: the same files with their generated parts rewritten and everything else kept byte for byte:
- data/entry.schema.json: one property per axis, generated whole from its vocabulary file (meaning, one term
  or a list, required or not, the term ids); the property of an axis whose file is gone is dropped. A generated
  property is recognised by its description, which ends with "(data/vocab/<axis>.yaml).".
- data/dataset.schema.json: the term lists of the axes a dataset is tagged on (modalities, anatomy).
- mkdocs.yml and the issue forms in .github/ISSUE_TEMPLATE/: the lines between `# taxonomy:start WHAT` and
  `# taxonomy:end`. WHAT is `axis-folders` (one `/<axis>/*` line per axis, for not_in_nav) or an axis name
  (one `- <label>` line per term, for a dropdown's options).
- CONTRIBUTING.md: the field reference (reference.py), from the schema as regenerated here.
`review docs` writes what differs; `review docs --check` names each out-of-date file and line and exits 1.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from ..check.reference import GUIDE, render_field_reference, replace_marked_block
from ..config import Paths
from ..load.vocab import load_vocabularies
from ..model import Vocabulary

ENTRY_SCHEMA, DATASET_SCHEMA, MKDOCS = "data/entry.schema.json", "data/dataset.schema.json", "mkdocs.yml"
FORMS = ".github/ISSUE_TEMPLATE"
START = re.compile(r"^(?P<indent>[ \t]*)# taxonomy:start (?P<what>[a-z][a-z0-9_-]*)")
END = re.compile(r"^[ \t]*# taxonomy:end\b")
_BLOCKS = "a `# taxonomy:start` block differs from data/vocab/"
FOLDERS = "axis-folders"  # the block of mkdocs.yml's not_in_nav: term pages are reached from the Taxonomy page


class TaxonomyFileError(Exception):
    """A file cannot be regenerated (a marker is missing or names no axis): `path:line:col: error: message`."""


@dataclass(frozen=True)
class Generated:
    path: str  # relative to the repository root
    current: str
    wanted: str
    what: str  # what is generated, for a message: "its axis properties differ from data/vocab/"

    def first_difference(self) -> int:
        """The 1-based line where the committed text first differs from the generated one."""
        old, new = self.current.split("\n"), self.wanted.split("\n")
        same = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new)))
        return min(same + 1, len(old))


def _marker(axis: str) -> str:
    return f"(data/vocab/{axis}.yaml)."


def axis_property(vocab: Vocabulary) -> dict[str, Any]:
    """The entry schema's property for one axis."""
    description = f"{vocab.meaning.rstrip('.')} {_marker(vocab.field)}"
    if not vocab.multiple:
        return {"description": description, "enum": list(vocab.ids)}
    return {"description": description, "type": "array", **({"minItems": 1} if vocab.min_terms else {}),
            "uniqueItems": True, "items": {"enum": list(vocab.ids)}, "maxItems": len(vocab.ids)}


def _generated(name: str, prop: Any) -> bool:
    return isinstance(prop, dict) and str(prop.get("description", "")).endswith(_marker(name))


def render_entry_schema(schema: dict[str, Any], vocabularies: Mapping[str, Vocabulary]) -> dict[str, Any]:
    """The entry schema with every axis property generated, each new one placed after the axis before it."""
    old = schema.get("properties", {})
    for axis in vocabularies:
        if axis in old and not _generated(axis, old[axis]):
            raise TaxonomyFileError(f"{ENTRY_SCHEMA}:1:1: error: `{axis}` is an entry field that is not a taxonomy "
                                    f"axis; rename data/vocab/{axis}.yaml")
    kept = [name for name in old if name in vocabularies or not _generated(name, old[name])]
    for index, axis in enumerate(vocabularies):
        if axis not in kept:
            before = [a for a in list(vocabularies)[:index] if a in kept]
            kept.insert(kept.index(before[-1]) + 1 if before else len(kept), axis)
    properties = {name: axis_property(vocabularies[name]) if name in vocabularies else old[name] for name in kept}
    required = [n for n in schema.get("required", []) if n in properties and (n not in vocabularies
                                                                              or vocabularies[n].required)]
    for index, axis in enumerate(vocabularies):
        if vocabularies[axis].required and axis not in required:
            before = [a for a in list(vocabularies)[:index] if a in required]
            required.insert(required.index(before[-1]) + 1 if before else len(required), axis)
    return {**schema, "required": required, "properties": properties}


def render_dataset_schema(schema: dict[str, Any], vocabularies: Mapping[str, Vocabulary]) -> dict[str, Any]:
    """The dataset schema with the term list (and its length bound) of every axis property brought up to date."""
    properties = dict(schema.get("properties", {}))
    for name, prop in properties.items():
        if name not in vocabularies or not isinstance(prop, dict):
            continue
        ids = list(vocabularies[name].ids)
        if "enum" in prop:
            properties[name] = {**prop, "enum": ids}
        elif "enum" in prop.get("items", {}):
            properties[name] = {**prop, "items": {**prop["items"], "enum": ids}, "maxItems": len(ids)}
    return {**schema, "properties": properties}


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def _yaml_scalar(text: str) -> str:
    """A YAML list item's text: plain where it reads back as the same string, double-quoted otherwise."""
    try:
        plain = text == text.strip() and " #" not in text and yaml.safe_load(f"- {text}") == [text]
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def block_lines(what: str, vocabularies: Mapping[str, Vocabulary]) -> list[str]:
    if what == FOLDERS:
        return [f"/{axis}/*" for axis in vocabularies]
    return [f"- {_yaml_scalar(term.label)}" for term in vocabularies[what].terms]


def render_marked_blocks(text: str, vocabularies: Mapping[str, Vocabulary], where: str) -> str:
    """`text` with the lines of every taxonomy block regenerated at the indentation of its start marker."""
    lines, out, index = text.split("\n"), [], 0
    while index < len(lines):
        line = lines[index]
        out.append(line)
        index += 1
        match = START.match(line)
        if not match:
            continue
        what = match.group("what")
        if what != FOLDERS and what not in vocabularies:
            raise TaxonomyFileError(f"{where}:{index}:1: error: `# taxonomy:start {what}` names no axis "
                                    f"(no data/vocab/{what}.yaml); use {FOLDERS} or one of {', '.join(vocabularies)}")
        end = next((i for i in range(index, len(lines)) if END.match(lines[i]) or START.match(lines[i])), None)
        if end is None or START.match(lines[end]):
            raise TaxonomyFileError(f"{where}:{index}:1: error: `# taxonomy:start {what}` has no "
                                    "`# taxonomy:end` line after it")
        out += [match.group("indent") + item for item in block_lines(what, vocabularies)]
        index = end
    return "\n".join(out)


def generated_files(paths: Paths, vocabularies: Mapping[str, Vocabulary]) -> list[Generated]:
    """Every file that repeats the taxonomy: its committed text and its text regenerated from data/vocab/."""
    def read(relative: str) -> str:
        return (paths.root / relative).read_text(encoding="utf-8")

    found: list[Generated] = []
    entry_schema = render_entry_schema(json.loads(read(ENTRY_SCHEMA)), vocabularies)
    found.append(Generated(ENTRY_SCHEMA, read(ENTRY_SCHEMA), _json(entry_schema),
                           "its axis properties differ from data/vocab/"))
    if (paths.root / DATASET_SCHEMA).is_file():
        text = read(DATASET_SCHEMA)
        found.append(Generated(DATASET_SCHEMA, text, _json(render_dataset_schema(json.loads(text), vocabularies)),
                               "its term lists differ from data/vocab/"))
    text = read(MKDOCS)
    if not any(START.match(line) and FOLDERS in line for line in text.split("\n")):
        raise TaxonomyFileError(f"{MKDOCS}:1:1: error: not_in_nav needs a `# taxonomy:start {FOLDERS}` line and a "
                                "`# taxonomy:end` line, between which `review docs` lists the axis folders")
    found.append(Generated(MKDOCS, text, render_marked_blocks(text, vocabularies, MKDOCS), _BLOCKS))
    forms = sorted((paths.root / FORMS).glob("*.y*ml")) if (paths.root / FORMS).is_dir() else []
    for form in forms:
        relative = form.relative_to(paths.root).as_posix()
        text = read(relative)
        if any(START.match(line) for line in text.split("\n")):
            found.append(Generated(relative, text, render_marked_blocks(text, vocabularies, relative), _BLOCKS))
    guide = read(GUIDE)
    reference = render_field_reference(entry_schema, vocabularies)
    found.append(Generated(GUIDE, guide, replace_marked_block(guide, reference),
                           f"the field reference differs from data/vocab/, {ENTRY_SCHEMA} and the checks"))
    return found


def run_docs(paths: Paths, check_only: bool) -> int:
    """`review docs [--check]`: regenerate (or only compare) every file that repeats the taxonomy.
    Exit 0 up to date or rewritten, 1 out of date (with --check) or the vocabularies are invalid, 2 a file
    cannot be regenerated."""
    vocabularies, problems = load_vocabularies(paths)
    if any(p.severity == "error" for p in problems):
        print("\n".join(map(str, problems)) + "\nreview docs: fix the vocabularies first.", file=sys.stderr)
        return 1
    try:
        files = generated_files(paths, vocabularies)
    except (OSError, ValueError, TaxonomyFileError) as error:
        print(f"review docs: {error}" if isinstance(error, OSError) else str(error), file=sys.stderr)
        return 2
    stale = [f for f in files if f.current != f.wanted]
    for file in stale:
        if check_only:
            print(f"{file.path}:{file.first_difference()}:1: error: out of date: {file.what}", file=sys.stderr)
        else:
            (paths.root / file.path).write_text(file.wanted, encoding="utf-8")
            print(f"{file.path}: regenerated", file=sys.stderr)
    if check_only and stale:
        print(f"review docs: {len(stale)} of {len(files)} generated files are out of date; run `review docs` and "
              "commit the result.", file=sys.stderr)
        return 1
    if not stale:
        print(f"review docs: up to date: {', '.join(f.path for f in files)}.", file=sys.stderr)
    return 0

"""Change top-level fields of an entry file by editing its lines, never by re-dumping the YAML: comments, key
order, quoting and folded text elsewhere in the file stay as the contributor wrote them.

A field that exists is replaced in place (its continuation lines too, and an inline comment is kept); a new
field is inserted after the nearest field that precedes it in the schema's order. The result is read back and
must hold exactly the old data with the changes, or the edit is refused.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from ..load.yamlfile import _Loader
from .skeleton import _field_line as render_field_line


class EditError(Exception):
    """The edited text would not read back as intended; nothing is written."""


def _block_end(lines: Sequence[str], start: int) -> int:
    """The index after the last line of the top-level field starting at `start` (continuation lines are
    indented; blank lines belong to it only when indented text follows)."""
    end = start + 1
    while end < len(lines):
        if lines[end].startswith((" ", "\t", "- ")) or lines[end] == "-":  # indented, or a block sequence
            end += 1
            continue
        if not lines[end].strip():
            ahead = next((line for line in lines[end:] if line.strip()), "")
            if ahead.startswith((" ", "\t")):
                end += 1
                continue
        break
    return end


def _with_comment(old_line: str, old_value: Any, new_line: str) -> str:
    """Keep `# comment` at the end of a one-line field when the comment is really a comment."""
    found = re.match(r"^[\w-]+:\s+(.*?)(\s+#\s.*)$", old_line)
    if not found or "\n" in new_line:
        return new_line
    try:
        if yaml.load(f"k: {found.group(1)}", Loader=_Loader) != {"k": old_value}:
            return new_line
    except yaml.YAMLError:
        return new_line
    return new_line + found.group(2)


def edit_fields(text: str, changes: Mapping[str, Any], order: Sequence[str]) -> str:
    """`text` with each field in `changes` set to its value (top-level fields only)."""
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as error:
        raise EditError(f"the file is not valid YAML ({error})") from None
    if not isinstance(data, dict):
        raise EditError("the file is not a mapping of fields")
    lines = text.split("\n")
    starts = {name: index for index, line in enumerate(lines)
              for name in [m.group(1) for m in [re.match(r"^([\w-]+):(?:\s|$)", line)] if m] if name in data}
    edits: list[tuple[int, int, int, list[str]]] = []  # (first line, end line, rank, new lines), bottom-up
    for rank, (name, value) in enumerate(changes.items()):
        new = render_field_line(name, value).split("\n")
        if name in starts:
            first = starts[name]
            end = _block_end(lines, first)
            if end == first + 1:
                new[0] = _with_comment(lines[first], data[name], new[0])
            edits.append((first, end, rank, new))
            continue
        before = [field for field in order[: order.index(name)] if field in starts] if name in order else []
        anchor = starts[before[-1]] if before else max(starts.values(), default=-1)
        at = _block_end(lines, anchor) if anchor >= 0 else len(lines)
        edits.append((at, at, rank, new))
    for first, end, _, new in sorted(edits, key=lambda edit: edit[:3], reverse=True):
        lines[first:end] = new
    result = "\n".join(lines)
    try:
        same = yaml.load(result, Loader=_Loader) == {**data, **changes}
    except yaml.YAMLError:
        same = False
    if not same:
        raise EditError("the edited file does not read back as the intended values; edit it by hand")
    return result

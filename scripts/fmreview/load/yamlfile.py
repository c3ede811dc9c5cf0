"""Read one YAML file safely: bytes in, (plain data, line marks) or problems out.

Safe means: no tags at all (`!!python/...`, `!!binary`, `!!omap`, `!custom`: an entry holds plain values), no
aliases (an alias bomb cannot expand), no duplicate keys (PyYAML would silently keep the last), keys that are
names, strict UTF-8, a size cap, no control, invisible or bidirectional characters anywhere in the file (so
PyYAML's line count is an editor's: it would also end lines at U+2028, U+2029 and NEL), and dates kept as
strings so a bad date is a reported problem rather than a constructor crash. libyaml's C parser is used when
present (about 5x faster).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml

from ..check.textrules import describe_char, first_forbidden_in_file, line_col, shown
from ..config import MAX_FILE_BYTES
from ..model import Problem

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - libyaml missing
    from yaml import SafeLoader as _BaseLoader

Location = tuple[int, int]
Marks = dict[tuple[Any, ...], Location]


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader without the implicit timestamp type: `2024-13-45` stays a string and is checked later."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, Any]]]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }


@dataclass
class YamlDocument:
    data: Any
    marks: Marks = field(default_factory=dict)

    def where(self, *path: Any) -> Location:
        """The line and column of the deepest known part of `path`, or of the file start."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.marks:
                return self.marks[path[:end]]
        return (1, 1)


class _Refused(Exception):
    def __init__(self, node: yaml.Node, message: str, field_name: str = "") -> None:
        super().__init__(message)
        self.node, self.message, self.field_name = node, message, field_name


def _location(mark: yaml.Mark | None) -> Location:
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


_STR = "tag:yaml.org,2002:str"
_TAGGED = re.compile(r"(?:&\S+\s+)?!")  # a node that starts with a tag, after an optional anchor


def _tag_name(tag: str) -> str:
    return shown(tag.replace("tag:yaml.org,2002:", "!!"))


def _walk(node: yaml.Node, path: tuple[Any, ...], marks: Marks, seen: set[int], text: str) -> None:
    """Record a mark for every key and item; refuse aliases (a node met twice), tags, keys that are not
    names and duplicate keys."""
    if _TAGGED.match(text, node.start_mark.index):
        raise _Refused(node, f"tags such as {_tag_name(node.tag)} are not allowed; entries hold plain values only",
                       _dotted(path))
    if id(node) in seen:
        raise _Refused(
            node,
            f"the value anchored at line {_location(node.start_mark)[0]} is reused with an alias (*name); "
            "aliases are not allowed in entries, write the value out",
            _dotted(path),
        )
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        keys: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or key == "<<":
                raise _Refused(key_node, "keys must be plain names (no merge keys or complex keys)", _dotted(path))
            if key_node.tag != _STR or _TAGGED.match(text, key_node.start_mark.index):
                raise _Refused(key_node, f"'{shown(key)}' is not a field name: keys are names such as title",
                               _dotted(path))
            if key in keys:
                first = _location(keys[key].start_mark)[0]
                raise _Refused(
                    key_node,
                    f"duplicate key '{shown(key)}' (first at line {first}); YAML would silently keep only the last",
                    _dotted((*path, key)),
                )
            keys[key] = key_node
            marks[(*path, key)] = _location(key_node.start_mark)
            _walk(value_node, (*path, key), marks, seen, text)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            marks[(*path, index)] = _location(item.start_mark)
            _walk(item, (*path, index), marks, seen, text)


def _dotted(path: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in path)


def read_yaml(path: Path, display: str | None = None,
              max_bytes: int = MAX_FILE_BYTES) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse `path`; on any problem return (None, [problem]) with the file's line and column."""
    name = display or str(path)

    def problem(line: int, col: int, message: str, field_name: str = "") -> tuple[None, list[Problem]]:
        return None, [Problem(name, line, col, field_name, message)]

    try:
        size = path.stat().st_size
        if size > max_bytes:
            return problem(1, 1, f"file is {size:,} bytes; an entry must be under {max_bytes:,} bytes")
        raw = path.read_bytes()
    except OSError as error:
        return problem(1, 1, f"cannot read file: {error.strerror or error}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return problem(line, col, f"not valid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    bad = first_forbidden_in_file(text)
    if bad:
        index, char = bad
        return problem(*line_col(text, index), f"{describe_char(char)} is not allowed in an entry file; remove it "
                       "(retype the line if you cannot see it)")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return problem(1, 1, "file is empty; expected a mapping of fields (see entries/medsam.yaml)")
        marks: Marks = {}
        _walk(node, (), marks, set(), text)
        data = loader.construct_document(node)
    except _Refused as refused:
        return problem(*_location(refused.node.start_mark), refused.message, refused.field_name)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = _location(mark)
        if isinstance(error, yaml.constructor.ConstructorError) and error.problem and "tag" in error.problem:
            tag = _tag_name(error.problem.split()[-1].strip("'"))
            return problem(line, col, f"tags such as {tag} are not allowed; entries hold plain values only")
        message = shown(" ".join(str(part) for part in (error.context, error.problem) if part), 300)
        if mark and 0 <= mark.index < len(text) and text[mark.index] == "\t":
            message += " (a tab: indent with spaces, not tabs)"
        return problem(line, col, f"invalid YAML: {message}")
    except yaml.reader.ReaderError as error:  # a character the reader refuses: it has a position, no mark
        return problem(*line_col(text, min(error.position, len(text))), f"invalid YAML: {shown(error, 200)}")
    except yaml.YAMLError as error:  # pragma: no cover - unmarked errors are rare
        return problem(1, 1, f"invalid YAML: {shown(error, 200)}")
    finally:
        loader.dispose()
    return YamlDocument(data, marks), []


def yaml_files(targets: Iterable[Path]) -> list[Path]:
    """The files named, and the .yaml and .yml files of the folders named (sorted, not recursive)."""
    files: list[Path] = []
    for target in targets:
        if target.is_dir():
            files += sorted((p for p in target.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()), key=str)
        else:
            files.append(target)
    return files

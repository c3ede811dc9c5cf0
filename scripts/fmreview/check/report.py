"""Problems → text for a person, GitHub workflow annotations for a pull request, or JSON for tools."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from ..model import Problem


def format_text(problems: Sequence[Problem]) -> str:
    return "".join(f"{p}\n" for p in problems)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(problems: Sequence[Problem]) -> str:
    """::error file=…,line=…,col=…,title=…::message — shown inline in the pull request's diff."""
    lines = []
    for p in problems:
        title = _escape_property(f"{p.field or 'entry'}")
        lines.append(
            f"::{p.severity} file={_escape_property(p.path)},line={p.line},col={p.col},"
            f"title={title}::{_escape_data(p.message)}\n"
        )
    return "".join(lines)


def format_json(problems: Sequence[Problem]) -> str:
    rows = [
        {"path": p.path, "line": p.line, "col": p.col, "field": p.field, "severity": p.severity, "message": p.message}
        for p in problems
    ]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


_MARKDOWN_ACTIVE = re.compile(r"([\\`*_\[\]<>!|&~#:@])")


def markdown_text(text: str) -> str:
    """Text that Markdown shows as written: every character that could start markup is backslash-escaped
    (emphasis, links, images, HTML, entities, table cells, headings; `:` and `@` so no URL or address is
    autolinked), and `www.` is broken up. Problems hold no line break (the Problem escapes them)."""
    escaped = _MARKDOWN_ACTIVE.sub(r"\\\1", text.replace("\n", " ").replace("\r", " "))
    return re.sub(r"(?i)www\.", lambda m: m.group()[:3] + "\\.", escaped)


def markdown_code(text: str) -> str:
    """A code span for a table cell: no backtick can close it and no `|` can end the cell."""
    return "`" + text.replace("`", "'").replace("|", "\\|").replace("\n", " ") + "`"


def format_markdown(problems: Sequence[Problem]) -> str:
    """A table for a GitHub job summary, which has room for every problem."""
    if not problems:
        return "All entries are valid.\n"
    rows = ["| file | line | field | problem |", "|---|---|---|---|"]
    for p in problems:
        rows.append(f"| {markdown_code(p.path)} | {p.line}:{p.col} | {markdown_code(p.field)} | "
                    f"{p.severity}: {markdown_text(p.message)} |")
    return "\n".join(rows) + "\n"


FORMATS: dict[str, Callable[[Sequence[Problem]], str]] = {
    "text": format_text,
    "github": format_github,
    "json": format_json,
    "markdown": format_markdown,
}


def summary_line(checked: int, problems: Sequence[Problem]) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    return f"Checked {checked} entries: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}."


def promote_warnings(problems: Sequence[Problem]) -> list[Problem]:
    """--strict: every warning counts as an error."""
    return [replace(p, severity="error") for p in problems]

"""BibTeX text as contributors paste it → one entry's type and fields, read as BibTeX reads them.

The input is bounded before any parsing (size, brace depth); exactly one entry must be readable and nothing
but comments may follow it (a stray `}` would end it early and drop the fields after it); `@string` macros,
the month macros and `#` concatenation are expanded. Every refusal is a SnippetError saying where and why.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

import bibtexparser
from bibtexparser.model import ImplicitComment

from ..check.textrules import shown


class SnippetError(Exception):
    """The input is not one readable BibTeX entry; the message says where and what to do."""


@contextmanager
def _quiet_bibtexparser() -> Iterator[list[str]]:
    """bibtexparser logs parse failures; collect them for our own message instead of printing them."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger = logging.getLogger("bibtexparser")
    handler, propagate = Collect(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


MAX_SNIPPET_CHARS = 64_000  # one BibTeX entry with a long author list is a few KiB; refuse before parsing
MAX_BRACE_DEPTH = 16  # exports nest braces three or four deep ({{MedSAM}}); deeper is not a citation
_MONTHS = {m: str(i) for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                            "nov", "dec"), start=1)}  # BibTeX's predefined month macros


def _check_shape(text: str) -> None:
    """Refuse, before any parsing, input too long or nested too deep to be one citation."""
    if len(text) > MAX_SNIPPET_CHARS:
        raise SnippetError(f"the input is {len(text):,} characters; one BibTeX entry is at most "
                           f"{MAX_SNIPPET_CHARS:,}: paste a single entry")
    depth = 0
    for index, char in enumerate(text):
        depth += (char == "{") - (char == "}")
        if depth > MAX_BRACE_DEPTH:
            raise SnippetError(f"line {text.count(chr(10), 0, index) + 1}: braces nested more than "
                               f"{MAX_BRACE_DEPTH} deep; this is not a citation export")


def _split_concatenation(value: str) -> list[str]:
    """`{A} # mia # "B"` → ['{A}', 'mia', '"B"']: split on `#` outside braces and quotes."""
    parts, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(value[start:index].strip())
            start = index + 1
    parts.append(value[start:].strip())
    return parts


def expand_value(value: str, macros: dict[str, str]) -> str:
    """A raw BibTeX value → its text, as BibTeX expands it: `{...}` and `"..."` pieces lose their delimiters,
    numbers stay, names are @string macros (case-insensitive; jan…dec predefined), and `#` joins pieces."""
    pieces = []
    for part in _split_concatenation(value):
        if len(part) >= 2 and part[0] + part[-1] in ("{}", '""'):
            pieces.append(part[1:-1])
        elif part.isdigit():
            pieces.append(part)
        elif part.casefold() in macros:
            pieces.append(macros[part.casefold()])
        else:
            raise SnippetError(f"'{shown(part)}' is used as a value but no @string defines it; put the value in "
                               "braces, {like this}, or paste the @string line too")
    return "".join(pieces)


def parse_snippet(text: str) -> tuple[str, dict[str, str]]:
    """BibTeX text → (entry type, fields with lower-case names, @string macros and `#` expanded). Exactly one
    entry must be readable, and nothing but blank text or comments may follow it."""
    if "@" not in text:
        raise SnippetError("no BibTeX entry found: paste one entry that starts with @article{, @inproceedings{ "
                           "or @misc{ (the 'Cite' or 'BibTeX' export of the paper's page)")
    _check_shape(text)
    with _quiet_bibtexparser():
        library = bibtexparser.parse_string(text, parse_stack=[])  # raw values: expanded below, as BibTeX does
    for failed in library.failed_blocks:
        line = (failed.start_line or 0) + 1
        reason = getattr(failed.error, "abort_reason", None) or str(failed.error).split(". Note:")[0]
        if "end of file" in reason.lower():
            reason = "it ends before its closing brace: a '}' is missing, or a '{' is one too many"
        raise SnippetError(f"line {line}: cannot read this BibTeX entry: {shown(reason, 200)}")
    entries = library.entries
    if not entries:
        raise SnippetError("no BibTeX entry found: an entry looks like @article{key, title = {...}, ...}")
    if len(entries) > 1:
        keys = ", ".join(shown(entry.key) for entry in entries)
        raise SnippetError(f"the input holds {len(entries)} entries ({keys}); add one paper at a time")
    entry = entries[0]
    for block in library.blocks:
        after = isinstance(block, ImplicitComment) and (block.start_line or 0) >= (entry.start_line or 0)
        if after and re.search(r"[=}]", block.comment):
            rest = shown(" ".join(block.comment.split()), 40)
            raise SnippetError(f"line {(block.start_line or 0) + 1}: text follows the entry's closing brace "
                               f"('{rest}'): a stray '}}' ends the entry early; check the braces of the field "
                               "before it")
    macros = dict(_MONTHS)
    for string in library.strings:  # in order: a macro may use the ones defined before it
        macros[string.key.casefold()] = expand_value(str(string.value), macros)
    fields = {name.lower(): expand_value(str(value.value), macros) for name, value in entry.fields_dict.items()}
    fields["@key"] = entry.key  # publishers and arXiv's DataCite export use the DOI as the key
    for name, value in fields.items():
        # A missing comma swallows the next field into this one's value: `title = {A}\n author = {B}`.
        swallowed = re.search(r"[}\"]\s*\n\s*([A-Za-z]+)\s*=", value)
        if swallowed:
            line = _line_of(text, rf"^\s*{re.escape(name)}\s*=", entry.start_line or 0)
            raise SnippetError(f"line {line}: a comma is missing after the '{name}' field "
                               f"(before '{swallowed.group(1)} =')")
    if not fields.get("title"):
        raise SnippetError(f"line {(entry.start_line or 0) + 1}: the entry '{entry.key}' has no title field")
    return entry.entry_type.lower(), fields


def _line_of(text: str, pattern: str, start: int) -> int:
    """The 1-based number of the first line at or after `start` (0-based) matching `pattern`."""
    lines = text.split("\n")
    return next((i + 1 for i in range(start, len(lines)) if re.match(pattern, lines[i], re.IGNORECASE)), start + 1)

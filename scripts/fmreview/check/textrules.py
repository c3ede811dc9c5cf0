"""Which characters an entry may hold, and how any text is shown safely in a message.

Entries come from strangers' pull requests. Their strings go into XML, YAML front matter, BibTeX, CSV and
terminals, so characters that are invisible, reorder text, end lines in some readers but not others, or are
not allowed in XML are refused at the door, with the line and column an editor shows. Messages escape every
such character (as `\\x1b`, `\\u202e`), so a value quoted in a message cannot drive a terminal.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL (tab, newline and carriage return are handled by the rules that use this).
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
# Bidirectional controls (Trojan Source), zero-width characters and the BOM, line and paragraph separators
# (PyYAML ends a line there, editors do not), and Unicode non-characters.
_INVISIBLE = "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_SEPARATORS = "\u2028\u2029"
_NONCHARS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
# Refused anywhere in an entry file (comments included): tab, newline and CR are the only controls allowed.
FORBIDDEN_IN_FILE = re.compile(f"[{_CONTROLS}{_INVISIBLE}{_SEPARATORS}{_NONCHARS}]")
# Refused in a value: the above plus tab, newline and CR (newlines are allowed where a field says so).
FORBIDDEN_IN_VALUE = re.compile(f"[\t\n\r{_CONTROLS}{_INVISIBLE}{_SEPARATORS}{_NONCHARS}]")
# What a message must never print raw: every character above plus surrogates and private-use noise kept out.
_UNSAFE_IN_MESSAGE = re.compile(f"[\t\n\r{_CONTROLS}{_INVISIBLE}{_SEPARATORS}{_NONCHARS}\ud800-\udfff]")

_NAMES = {
    "\t": "a tab",
    "\n": "a line break",
    "\r": "a carriage return",
    "\x7f": "DEL, a control character",
    "\u0085": "NEL, a line break some readers see and others do not",
    "\u2028": "LINE SEPARATOR, a line break some readers see and others do not",
    "\u2029": "PARAGRAPH SEPARATOR, a line break some readers see and others do not",
    "\ufeff": "a byte order mark, invisible",
}


def describe_char(char: str) -> str:
    """What a refused character is, for a message: 'U+202E (a bidirectional control that reorders text)'."""
    code = ord(char)
    if char in _NAMES:
        name = _NAMES[char]
    elif code < 0x20 or 0x7F <= code <= 0x9F:
        name = "a control character"
    elif char in "\u061c\u200e\u200f" or 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        name = "a bidirectional control that reorders text"
    elif 0x200B <= code <= 0x200D or 0x2060 <= code <= 0x2064:
        name = "an invisible zero-width character"
    else:
        name = "a Unicode non-character"
    return f"U+{code:04X} ({name})"


def escape(text: str) -> str:
    """`text` with every unsafe character written as an escape (\\x1b, \\n, \\u202e), for messages."""
    def one(match: re.Match[str]) -> str:
        char = match.group()
        if char in "\t\n\r":
            return {"\t": "\\t", "\n": "\\n", "\r": "\\r"}[char]
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
    return _UNSAFE_IN_MESSAGE.sub(one, text)


def shown(value: object, limit: int = 80) -> str:
    """A value quoted for a message: escaped and, when long, cut with the length said."""
    text = escape(str(value))
    if len(text) > limit:
        return f"{text[:limit]}… ({len(str(value)):,} characters)"
    return text


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of `text[index]` as an editor counts them (lines end at \\n, \\r\\n or \\r)."""
    before = text[:index]
    line = before.count("\n") + len(re.findall(r"\r(?!\n)", before)) + 1
    start = max(before.rfind("\n"), before.rfind("\r")) + 1
    return line, index - start + 1


def first_forbidden_in_file(text: str) -> tuple[int, str] | None:
    """(index, character) of the first character an entry file may not hold anywhere, or None."""
    found = FORBIDDEN_IN_FILE.search(text)
    return (found.start(), found.group()) if found else None


def value_problem(value: str, multiline: bool = False) -> tuple[int, str] | None:
    """(index in the value, message) of what is wrong with one string value, or None when it is fine:
    a refused character, a line break in a one-line field, or nothing visible."""
    for found in FORBIDDEN_IN_VALUE.finditer(value):
        char = found.group()
        if multiline and char == "\n":
            continue
        if char in "\n\r":
            return found.start(), ("holds a line break; this field is one line (only the summary may span "
                                   "lines), remove it")
        return found.start(), f"holds {describe_char(char)} at character {found.start() + 1}; remove it"
    if not value.strip():
        return 0, "is blank; write the value or delete the line"
    return None

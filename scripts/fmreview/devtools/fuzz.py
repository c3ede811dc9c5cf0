"""A deterministic mutator of real entries, for the property "what `validate` accepts, `build` renders into
well-formed outputs" (tests/test_fuzz.py).

`mutants(bases, count, seed)` yields (name, YAML text): each a real entry made unique (its own id, title and
identifiers, so a batch of them builds together), then changed by one to three mutations drawn from the ways
a hostile or careless contributor breaks an entry: type swaps, control, invisible and bidirectional
characters, look-alike digits, long strings, explicit tags, trailing newlines, nulls, nested structures,
numeric keys, markup of every output format, and YAML syntax tricks. The same seed gives the same mutants.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from typing import Any

import yaml

STRING_FIELDS = ("title", "arxiv_title", "venue", "model", "license", "summary", "code", "weights", "url",
                 "parameters", "doi", "arxiv", "added", "checked", "id")
LIST_FIELDS = ("authors", "architecture", "training", "adaptation", "modalities", "anatomy", "tasks", "themes")

ODD_CHARS = (
    "\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x80", "\x85", "\x9b", "\x9f",
    "\t", "\n", "\r", "\r\n", "\u00a0", "\u00ad", "\u034f", "\u061c", "\u180e", "\u200b", "\u200c", "\u200d",
    "\u200e", "\u200f", "\u2028", "\u2029", "\u202a", "\u202e", "\u2060", "\u2066", "\u2069", "\u3000",
    "\ufeff", "\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff", "\ufffd", "\U0001f600",
    "\u0301", "\u0130", "\u212a", "\ufb01", "\u05d0", "\u0627",
)
MARKUP = (
    "<script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}", "{#", "--8<-- \"/etc/passwd\"", "\n---\ntitle: x\n",
    "]]>", "<![CDATA[", "&amp;", "&#0;", "\"'", "\\", "}", "{", "}{", "@comment{", "#", "%", "~", "$x$", "\\\\",
    "=HYPERLINK(\"http://x\")", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "| a | b |", "![i](x.png)", "[l](u)",
    "# Heading", "<!--", "-->", "*", "_", "`", "```", ":", ": ", " #", "---", "...", "? ", "- ", "&a", "*a", "!",
    "|", ">", "'", "\"", ",", "[", "]", "javascript:alert(1)", "\\href{http://x}{y}", "\\url{x}", "\\\\def\\x{}",
)
# Characters and text that are fine in an entry: they must be accepted and render correctly.
FINE_TEXT = ("\u00a0", "\u0301", "\U0001f600", "\u05d0\u05d1\u05d2", "\u0627\u0644\u0639", "中文", "ß", "\u0130",
             "\ufb01", "…", "—", "’", "«»", "\u00ad", "Ω", "\U0001d400", "e\u0301", "١٢٣", "\u3000x")
DIGITS = ("２０２４", "٢٠٢٤", "۲۰۲۴", "२०२४", "𝟐𝟎𝟐𝟒")
SCALARS: tuple[Any, ...] = (0, 1, -1, 2015.0, 2031, 1e308, 2**70, True, False, None, "", " ", "x", [], {}, ["x"],
                            {"a": 1}, [[["deep"]]], 1.5, "2024", "null", "TODO")
TAGS = ("!!binary ", "!!omap ", "!!float ", "!!int ", "!!str ", "!!set ", "!!timestamp ", "!foo ", "!<tag:x> ",
        "!!python/name:os.system ", "!!python/object/apply:os.system ", "! ")


class Mutator:
    """One seeded random source and the mutations it applies."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    # -- helpers
    def pick(self, items: Any) -> Any:
        return self.rng.choice(list(items))

    def some_string_field(self, data: dict[str, Any]) -> str:
        present = [k for k in STRING_FIELDS if isinstance(data.get(k), str)]
        return self.pick(present or ["title"])

    def insert(self, text: str, piece: str) -> str:
        where = self.rng.choice((0, len(text), self.rng.randint(0, len(text))))
        return text[:where] + piece + text[where:]

    # -- mutations of the data (dumped back to YAML)
    def swap_type(self, data: dict[str, Any]) -> None:
        data[self.pick([*STRING_FIELDS, *LIST_FIELDS, "year", "category", "type", "datasets", "pretraining_data"])] = (
            self.pick(SCALARS))

    def swap_item(self, data: dict[str, Any]) -> None:
        name = self.pick(LIST_FIELDS)
        items = list(data.get(name) or ["x"])
        items[self.rng.randrange(len(items))] = self.pick(SCALARS)
        data[name] = items

    def odd_char(self, data: dict[str, Any]) -> None:
        name = self.some_string_field(data)
        data[name] = self.insert(str(data.get(name, "")), self.pick(ODD_CHARS))

    def odd_char_in_list(self, data: dict[str, Any]) -> None:
        name = self.pick(("authors", "modalities", "tasks"))
        items = [str(x) for x in data.get(name) or ["x"]]
        index = self.rng.randrange(len(items))
        items[index] = self.insert(items[index], self.pick(ODD_CHARS))
        data[name] = items

    def markup(self, data: dict[str, Any]) -> None:
        name = self.pick(("title", "venue", "model", "summary", "license", "arxiv_title", "authors"))
        if name == "authors":
            family = self.pick(MARKUP).strip() or "X"
            data["authors"] = [*list(data.get("authors") or [])[:3], f"{family}, Given"]
        else:
            data[name] = self.insert(str(data.get(name) or "A plain value"), self.pick(MARKUP))

    def fine_text(self, data: dict[str, Any]) -> None:
        name = self.pick(("title", "venue", "model", "summary", "license", "arxiv_title", "authors"))
        if name == "authors":
            data["authors"] = [*list(data.get("authors") or [])[:5], f"{self.pick(FINE_TEXT)}Family, Given"]
        else:
            data[name] = self.insert(str(data.get(name) or "A plain value"), self.pick(FINE_TEXT))

    def optional(self, data: dict[str, Any]) -> None:
        """A valid change of an optional field: drop it, or give it an unusual but valid value."""
        name, value = self.pick((("parameters", "1.5B"), ("parameters", "0K"), ("license", "CC-BY-NC-SA-4.0"),
                                 ("code", "https://example.org/a?b=1&c=<2>#\"x\""), ("weights", "http://x.y/%00"),
                                 ("themes", ["prompting"]), ("pretraining_data", {"size": "7", "unit": "videos"}),
                                 ("url", "https://example.org/]]>"), ("license", None), ("code", None)))
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value

    def look_alike_digits(self, data: dict[str, Any]) -> None:
        name = self.pick(("arxiv", "added", "checked", "parameters", "doi", "year"))
        value = str(data.get(name) or "2024")
        data[name] = value.replace(value[:4], self.pick(DIGITS), 1) if name != "year" else self.pick(DIGITS)

    def long_string(self, data: dict[str, Any]) -> None:
        name = self.some_string_field(data)
        size = self.pick((61, 81, 301, 401, 501, 701, 5_000, 60_000))
        data[name] = (str(data.get(name) or "x") + " ") * (size // 4 + 1)

    def long_list(self, data: dict[str, Any]) -> None:
        data["authors"] = [f"Family{i}, Given" for i in range(self.pick((50, 500, 3001)))]

    def trailing(self, data: dict[str, Any]) -> None:
        name = self.some_string_field(data)
        data[name] = str(data.get(name, "")) + self.pick(("\n", " ", "\t", "\n\n", " \n", "\u00a0"))

    def blank(self, data: dict[str, Any]) -> None:
        data[self.some_string_field(data)] = self.pick(("", " ", "   ", "\u3000", "\u200b", "\n"))

    def null_or_drop(self, data: dict[str, Any]) -> None:
        name = self.pick(list(data))
        if self.rng.random() < 0.5:
            data[name] = None
        else:
            del data[name]

    def nest(self, data: dict[str, Any]) -> None:
        value: Any = "deep"
        for _ in range(self.rng.randint(2, 60)):
            value = [value] if self.rng.random() < 0.5 else {"k": value}
        data[self.pick([*STRING_FIELDS, *LIST_FIELDS, "datasets"])] = value

    def odd_keys(self, data: dict[str, Any]) -> None:
        key = self.pick((1, 2.5, True, None, "1", "Title", "title ", "\x1b[2J", "", "datasets.evaluation"))
        data[key] = self.pick(("x", 1, None))

    def dates(self, data: dict[str, Any]) -> None:
        data[self.pick(("added", "checked"))] = self.pick(("2026-02-30", "2099-01-01", "2026-1-5", "20261128",
                                                            "2026-11-28T00:00:00", "0000-00-00", "2026-11-28 "))

    def ids(self, data: dict[str, Any]) -> None:
        data["id"] = self.pick(("index", "con", "Upper", "a--b", "-a", "../x", "x" * 61, "a/b", "é", "fz"))

    def datasets(self, data: dict[str, Any]) -> None:
        data["datasets"] = self.pick(({"pretraining": ["mimic-cxr", "mimic-cxr"]}, {"evaluation": [None]},
                                      {"other": []}, {"pretraining": "mimic-cxr"}, {"evaluation": ["Mimic CXR"]},
                                      {"pretraining": [1]}, None, []))

    def scale(self, data: dict[str, Any]) -> None:
        data["pretraining_data"] = self.pick(({"size": "1.5M", "unit": "images"}, {"size": 5, "unit": "images"},
                                              {"size": "1e6", "unit": "images"}, {"size": "5M"},
                                              {"size": "5M", "unit": "bananas"}, {"size": "5M", "unit": None}))

    # Hostile changes that validation must refuse, and tricky ones it should accept (weighted so that about
    # half of the mutants are accepted and built).
    DATA_MUTATIONS: tuple[Callable[[Mutator, dict[str, Any]], None], ...] = (
        swap_type, swap_item, odd_char, odd_char_in_list, look_alike_digits, long_string, long_list, trailing,
        blank, null_or_drop, nest, odd_keys, dates, ids, datasets, scale,
        *(markup,) * 12, *(fine_text,) * 6, *(optional,) * 4,
    )

    # -- mutations of the YAML text
    def tag(self, text: str) -> str:
        lines = text.split("\n")
        candidates = [i for i, line in enumerate(lines) if ": " in line and not line.startswith((" ", "#"))]
        index = self.pick(candidates)
        key, _, value = lines[index].partition(": ")
        lines[index] = f"{key}: {self.pick(TAGS)}{value}"
        return "\n".join(lines)

    def raw_char(self, text: str) -> str:
        return self.insert(text, self.pick(ODD_CHARS))

    def syntax(self, text: str) -> str:
        return self.pick((
            lambda t: t.replace("\nyear:", "\nyear: &y", 1) + "checked_again: *y\n",
            lambda t: t + "<<: {title: merged}\n",
            lambda t: t + "---\nid: second\n",
            lambda t: t.replace("\ntitle:", "\n? title\n:", 1),
            lambda t: t + "\"quoted\\u202ekey\": 1\n",
            lambda t: t + "title: duplicate\n",
            lambda t: t.replace("\n", "\r\n"),
            lambda t: t.replace("\n", "\r"),
            lambda t: "\ufeff" + t,
            lambda t: t + "summary2: |\n  a\n  b\n",
            lambda t: t.replace("\n  - ", "\n\t- ", 1),
            lambda t: t + "%YAML 1.1\n",
            lambda t: "%TAG !e! tag:example.com,2000:\n---\n" + t,
        ))(text)

    TEXT_MUTATIONS: tuple[Callable[[Mutator, str], str], ...] = (tag, raw_char, syntax)

    def mutate(self, data: dict[str, Any]) -> str:
        """One to three mutations: most of the data, some of the text."""
        for _ in range(self.rng.choice((1, 1, 1, 2, 3))):
            self.pick(self.DATA_MUTATIONS)(self, data)
        text = dump(data)
        if self.rng.random() < 0.1:
            text = self.pick(self.TEXT_MUTATIONS)(self, text)
        return text


def dump(data: dict[str, Any]) -> str:
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    except yaml.YAMLError:  # a character YAML cannot write raw (a surrogate): write it escaped
        return yaml.safe_dump(data, allow_unicode=False, sort_keys=False, width=10_000)


def unique(data: dict[str, Any], name: str, number: int) -> dict[str, Any]:
    """A copy of an entry that no other copy duplicates: its own id, title and identifiers."""
    copy = dict(data)
    copy["id"] = name
    copy["title"] = f"{data['title']} (variant {number})"
    copy.pop("arxiv_title", None)
    if "doi" in copy:
        copy["doi"] = f"10.5555/fuzz.{number}"
    if "arxiv" in copy:
        copy["arxiv"] = f"9912.{number:05d}"
    return copy


def mutants(bases: list[dict[str, Any]], count: int, seed: int) -> Iterator[tuple[str, str]]:
    """`count` (name, YAML text) pairs; the name is the file stem (and the id unless a mutation changed it)."""
    mutator = Mutator(seed)
    used: set[str] = set()
    for number in range(count):
        name = f"fz-{seed}-{number:05d}"
        data = unique(mutator.pick(bases), name, number)
        text = mutator.mutate(data)
        given = data.get("id")
        if (isinstance(given, str) and given not in used
                and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,79}", given)):
            name = given  # the file is named as the entry says, once: reserved and malformed ids meet the id rules
        used.add(name)
        yield name, text

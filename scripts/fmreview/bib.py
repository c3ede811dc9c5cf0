"""Papers → BibTeX that BibTeX, biblatex + biber and Pandoc all read the same way.

Text fields (title, authors, venue) are UTF-8 with BibTeX's special characters escaped. Verbatim fields (`doi`,
`url`, `eprint`) are written raw: biblatex, Pandoc and Zotero take them as data, so an escaped underscore would
put a backslash into the link. In titles only the words whose case carries meaning are braced (acronyms, mixed
case such as "CheXpert", "3D", the model's name, proper nouns of a sentence-case title), so that sentence-case
styles can still lower-case ordinary words. A published paper is cited as published, its arXiv ID kept as
`eprint` with `archivePrefix = {arXiv}`. Keys are the entry ids unless a key map is given (see keys.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping

from .model import Paper

# Balanced braces are written \{ and \}, which every client reads. An unbalanced one becomes \textbraceleft{} or
# \textbraceright{}: BibTeX counts even escaped braces when it matches them, so a lone "\}" would break the
# whole file (Pandoc drops these two commands: the price of a title no real paper has).
_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "_": r"\_",
    "#": r"\#",
    "$": r"\$",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _SPECIAL))
# Characters a verbatim field cannot hold as they are: not URL characters (RFC 3986), and a brace could end the
# field early. Percent-encoded, as resolvers read them and as biber would rewrite them; every format does the same.
_VERBATIM_UNSAFE = re.compile(r"[{}\\\s]")
# A word: starts and ends with a letter or digit, may hold hyphens and apostrophes ("X-ray", "O'Brien", "GPT-4V").
_WORD = re.compile(r"[^\W_](?:[\w'’+\-]*[^\W_])?")
_SMALL = frozenset((
    "a", "an", "the", "of", "for", "and", "or", "in", "on", "at", "to", "by", "with", "from", "via", "as", "into",
    "onto", "over", "per", "vs", "versus", "is", "are", "be", "using", "toward", "towards", "without", "through",
    "under",
))
# Fields whose values are data, never text: written raw.
VERBATIM_FIELDS = ("doi", "url", "eprint")


_UNBALANCED = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _escaper(whole: str) -> Callable[[str], str]:
    """A function escaping pieces of `whole` (braces written by whether `whole` balances them)."""
    table = _SPECIAL if _balanced(whole) else {**_SPECIAL, **_UNBALANCED}
    return lambda text: _SPECIAL_RE.sub(lambda m: table[m.group()], text)


def escape(text: str) -> str:
    """Escape BibTeX/LaTeX special characters, white space made single spaces; the rest stays as UTF-8."""
    text = " ".join(text.split())
    return _escaper(text)(text)


def verbatim(value: str) -> str:
    """A DOI, URL or arXiv ID as every format holds it: raw, with only braces, backslashes and white space
    percent-encoded."""
    return _VERBATIM_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), value.strip())


def _needs_case(part: str, compound: bool = False) -> bool:
    """Acronyms and mixed case (CT, CheXpert, iPhone), letters with digits (3D, GPT-4V), a one-letter capital
    in a compound (the X of X-ray). `part` is a word or one hyphen-separated part of it."""
    if any(c.isupper() for c in part[1:]) or (any(c.isdigit() for c in part) and any(c.isalpha() for c in part)):
        return True
    return compound and len(part) == 1 and part.isupper() and part != "A"


def _starts_clause(text: str, start: int) -> bool:
    """At the start of the title or after a colon (where every style keeps a capital)."""
    before = text[:start].rstrip()
    return not before or before.endswith((":", "?", "!", ".", "—", "--"))


def _sentence_case(text: str) -> bool:
    """Whether a title is written in sentence case (a quarter or more of its ordinary words in lower case): then
    its capitalised words mid-sentence are proper nouns."""
    capitalised = [m.group()[0].isupper() for m in _WORD.finditer(text)
                   if m.group()[0].isalpha() and m.group().casefold() not in _SMALL
                   and not _starts_clause(text, m.start()) and not _needs_case(m.group().split("-")[0])]
    return not capitalised or sum(capitalised) * 4 <= len(capitalised) * 3


def _protect(text: str, names: Iterable[str]) -> Iterator[tuple[str, bool]]:
    """The title cut into (piece, keep its case) pieces; a piece is a word part or what lies between. Kept: see
    _needs_case, the model's name and, in a sentence-case title, capitalised words that do not start a clause."""
    named = {part for name in names for word in name.split() for part in word.split("-") if part[:1].isupper()}
    sentence = _sentence_case(text)
    first = next((m.start() for m in _WORD.finditer(text)), -1)  # a lower-case first word is deliberate
    last = 0
    for match in _WORD.finditer(text):
        yield text[last:match.start()], False
        parts = match.group().split("-")
        clause = _starts_clause(text, match.start())
        for index, part in enumerate(parts):
            keep = bool(part) and (_needs_case(part, len(parts) > 1 and index < len(parts) - 1) or part in named
                                   or (sentence and part[0].isupper() and not (clause and index == 0))
                                   or (match.start() == first and index == 0 and part[0].islower()))
            if index:
                yield "-", False
            yield part, keep
        last = match.end()
    yield text[last:], False


def protected_words(text: str, names: Iterable[str] = ()) -> list[str]:
    """The words (or word parts) of a title whose case every style must keep."""
    return [piece for piece, keep in _protect(" ".join(text.split()), names) if keep]


def protect_title(text: str, names: Iterable[str] = ()) -> str:
    """Escape a title and brace the words that must keep their case (see _protect)."""
    text = " ".join(text.split())
    escape_piece = _escaper(text)
    return "".join(f"{{{escape_piece(piece)}}}" if keep else escape_piece(piece)
                   for piece, keep in _protect(text, names))


def bib_key(paper: Paper, keys: Mapping[str, str] | None = None) -> str:
    return keys[paper.id] if keys else paper.id


def bib_fields(paper: Paper) -> tuple[str, list[tuple[str, str]]]:
    """The entry type and its (field, value) pairs as written, values already escaped or verbatim."""
    kind = {"article": "article", "inproceedings": "inproceedings"}.get(paper.type, "misc")
    authors = " and ".join("others" if a == "others" else escape(a) for a in paper.authors)
    fields: list[tuple[str, str]] = [
        ("title", protect_title(paper.title, [paper.model])),
        ("author", authors),
        ("year", str(paper.year)),
    ]
    if kind == "article":
        fields.append(("journal", escape(paper.venue)))
    elif kind == "inproceedings":
        fields.append(("booktitle", f"{{{escape(paper.venue)}}}"))  # a name: sentence-case styles must not touch it
    elif not paper.arxiv:
        fields.append(("howpublished", escape(paper.venue)))  # medRxiv, bioRxiv...: arXiv is said by `eprint`
    if paper.doi:
        fields.append(("doi", verbatim(paper.doi)))
    if paper.arxiv:
        fields += [("eprint", verbatim(paper.arxiv)), ("archivePrefix", "arXiv")]
    url = paper.link if not paper.doi else ""
    if url:
        fields.append(("url", verbatim(url)))
    return kind, fields


def render_entry(paper: Paper, keys: Mapping[str, str] | None = None) -> str:
    """One BibTeX entry: @article, @inproceedings or (for a preprint) @misc with arXiv eprint fields."""
    kind, fields = bib_fields(paper)
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{bib_key(paper, keys)},\n{body}\n}}\n"


def render_bibliography(papers: Iterable[Paper], header: str = "", keys: Mapping[str, str] | None = None) -> str:
    """A whole .bib file, entries sorted by paper id (the same order whichever keys) so a rebuild does not churn."""
    comment = "".join(f"% {line}\n" for line in header.splitlines()) + ("\n" if header else "")
    return comment + "\n".join(render_entry(p, keys) for p in sorted(papers, key=lambda p: p.id))

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
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

from ...model import CACHED_RECORDS, Paper
from .titlecase import case_pieces

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


def protect_title(text: str, names: Iterable[str] = ()) -> str:
    """Escape a title and brace the words that must keep their case (see titlecase.py)."""
    text = " ".join(text.split())
    escape_piece = _escaper(text)
    return "".join(f"{{{escape_piece(piece)}}}" if keep else escape_piece(piece)
                   for piece, keep in case_pieces(text, names))


def bib_key(paper: Paper, keys: Mapping[str, str] | None = None) -> str:
    return keys[paper.id] if keys else paper.id


@lru_cache(maxsize=CACHED_RECORDS)  # the same for every key a paper is written under
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
    return _entry(paper, bib_key(paper, keys))


@lru_cache(maxsize=CACHED_RECORDS)
def _entry(paper: Paper, key: str) -> str:
    """A paper's entry is written once per key and reused by every file that lists it (its page, its terms, all)."""
    kind, fields = bib_fields(paper)
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def render_bibliography(papers: Iterable[Paper], header: str = "", keys: Mapping[str, str] | None = None) -> str:
    """A whole .bib file, entries sorted by paper id (the same order whichever keys) so a rebuild does not churn."""
    comment = "".join(f"% {line}\n" for line in header.splitlines()) + ("\n" if header else "")
    return comment + "\n".join(render_entry(p, keys) for p in sorted(papers, key=lambda p: p.id))

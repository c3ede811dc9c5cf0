"""Papers → BibTeX. Keys are the entry ids (stable, never renamed); text is UTF-8 with BibTeX's special
characters escaped and capitalised words braced so that styles keep "MedSAM" and "CT" as written."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .model import Paper

# Braces become \textbraceleft{}/\textbraceright{}: BibTeX counts even escaped braces when it matches them,
# so an unbalanced "\}" in a title would break the whole file.
_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "_": r"\_",
    "#": r"\#",
    "$": r"\$",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _SPECIAL))


def escape(text: str) -> str:
    """Escape BibTeX/LaTeX special characters; everything else stays as UTF-8."""
    return _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group()], " ".join(text.split()))


def protect_title(text: str) -> str:
    """Escape, then brace every word holding a capital letter, so bibliography styles keep its case."""
    words = escape(text).split(" ")
    return " ".join(f"{{{w}}}" if any(c.isupper() for c in w) else w for w in words)


def bib_key(paper: Paper) -> str:
    return paper.id


def render_entry(paper: Paper) -> str:
    """One BibTeX entry: @article, @inproceedings or (for a preprint) @misc with arXiv eprint fields."""
    kind = {"article": "article", "inproceedings": "inproceedings"}.get(paper.type, "misc")
    authors = " and ".join("others" if a == "others" else escape(a) for a in paper.authors)
    fields: list[tuple[str, str]] = [
        ("title", protect_title(paper.title)),
        ("author", authors),
        ("year", str(paper.year)),
    ]
    if kind == "article":
        fields.append(("journal", escape(paper.venue)))
    elif kind == "inproceedings":
        fields.append(("booktitle", escape(paper.venue)))
    if paper.doi:
        fields.append(("doi", escape(paper.doi)))
    if paper.arxiv:
        fields += [("eprint", paper.arxiv), ("archiveprefix", "arXiv")]
    url = paper.link if not paper.doi else ""
    if url:
        fields.append(("url", escape(url)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{bib_key(paper)},\n{body}\n}}\n"


def render_bibliography(papers: Iterable[Paper], header: str = "") -> str:
    """A whole .bib file, entries sorted by key so that a rebuild does not churn."""
    comment = "".join(f"% {line}\n" for line in header.splitlines()) + ("\n" if header else "")
    return comment + "\n".join(render_entry(p) for p in sorted(papers, key=bib_key))

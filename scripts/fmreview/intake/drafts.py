"""Pasted records → a Draft: what a BibTeX snippet (or a RIS or CSL-JSON record, importers.py) says about a
paper, in the entry schema's terms.

Input: one record's entry type and fields, in BibTeX's terms. Output: a Draft with title, authors as "Family,
Given" in Unicode, year, venue, type, DOI and arXiv ID where the record gives them, and notes for the person who
finishes the entry (an organisation as author, a long venue, no identifier). `review add` writes the entry file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names

from .latex import LatexError, latex_to_text
from .snippet import SnippetError, parse_snippet

ARXIV_ID = r"([0-9]{4}\.[0-9]{4,5})(?:v[0-9]+)?"
_ARXIV_IN_TEXT = re.compile(rf"(?:arxiv(?:\.org/(?:abs|pdf)/|:\s*|\.)|abs/){ARXIV_ID}", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ARXIV_VENUE = re.compile(r"^(?:arxiv|corr)\b|arxiv preprint|arxiv e-prints", re.IGNORECASE)
_SERVERS = {"medrxiv": "medRxiv", "biorxiv": "bioRxiv", "research square": "Research Square", "ssrn": "SSRN"}
_CONFERENCE_TYPES = {"inproceedings", "conference", "proceedings", "incollection"}
_PREPRINT_TYPES = {"misc", "unpublished", "online", "preprint", "techreport", "report"}
_LONG_VENUE = 80


@dataclass(frozen=True)
class Draft:
    """What a snippet says about a paper, in the entry schema's terms; None where it says nothing."""

    title: str | None
    authors: tuple[str, ...]
    year: int | None
    venue: str | None
    type: str | None
    arxiv: str | None = None
    doi: str | None = None
    url: str | None = None
    model: str | None = None
    notes: dict[str, str] = field(default_factory=dict)

    def values(self) -> dict[str, Any]:
        """The entry fields this draft fills, for the entry file."""
        pairs = {"title": self.title, "authors": list(self.authors) or None, "year": self.year,
                 "venue": self.venue, "type": self.type, "arxiv": self.arxiv, "doi": self.doi, "url": self.url,
                 "model": self.model}
        return {name: value for name, value in pairs.items() if value is not None}


def split_authors(value: str) -> tuple[tuple[str, ...], list[str]]:
    """A BibTeX author field → names as "Family, Given" in Unicode, "others" kept as the last item; and the
    names that could not be put in that form (an organisation, a lone name), for a note."""
    names: list[str] = []
    odd: list[str] = []
    for raw in split_multiple_persons_names(" ".join(value.split())):
        if raw.strip().casefold() == "others":
            names.append("others")
            continue
        # DBLP tells homonyms apart with a number: "Bo Wang 0003".
        raw = re.sub(r"\s+[0-9]{4}$", "", raw.strip())
        parts = parse_single_name_into_parts(raw, strict=False)
        family = latex_to_text(" ".join(parts.von + parts.last + parts.jr))
        given = latex_to_text(" ".join(parts.first))
        names.append(f"{family}, {given}" if given else family)
        if not given or "," in family + given:
            odd.append(names[-1])
    return tuple(names), odd


def find_arxiv(fields: dict[str, str]) -> str | None:
    """The arXiv ID (no version) from eprint, an arXiv DOI or URL, or a journal/note that names it."""
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "arxiv").casefold()
    for name in ("eprint", "arxivid"):
        given = re.fullmatch(rf"(?:arxiv:)?{ARXIV_ID}", fields.get(name, "").strip(), re.IGNORECASE)
        if given and (name == "arxivid" or prefix == "arxiv"):
            return given.group(1)
    for name in ("doi", "url", "journal", "note", "howpublished", "volume", "eid", "pages", "number"):
        found = _ARXIV_IN_TEXT.search(fields.get(name, ""))
        if found:
            return found.group(1)
    return None


def plain(text: str) -> str:
    """A RIS or CSL-JSON value: already Unicode text; control characters dropped, white space made single."""
    return " ".join(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text).split())


def find_doi(fields: dict[str, str], decode: Callable[[str], str] = latex_to_text) -> str | None:
    """The DOI without resolver prefix, from `doi`, a doi.org `url` or a key that is a DOI; an arXiv DOI is
    left to find_arxiv."""
    for name in ("doi", "url", "@key"):
        text = decode(fields.get(name, "")).replace(" ", "")
        if name == "url" and not _DOI_PREFIX.match(text):
            continue
        doi = _DOI_PREFIX.sub("", text)
        if re.fullmatch(r"10\.[0-9]{4,9}/\S+", doi) and not doi.casefold().startswith("10.48550/arxiv."):
            return doi
    return None


def guess_model(title: str) -> str | None:
    """The model's name when the title starts with one ("MedSAM: ...", "MONAI Label: ...")."""
    head, colon, _ = title.partition(":")
    words = head.split()
    if not colon or not 1 <= len(words) <= 3 or len(head) > 40:
        return None
    named = len(words) == 1 or any(any(c.isupper() or c.isdigit() for c in word[1:]) for word in words)
    return head.strip() if named else None


def _venue_and_type(kind: str, fields: dict[str, str], arxiv: str | None,
                    decode: Callable[[str], str]) -> tuple[str | None, str | None]:
    journal = decode(fields.get("journal") or fields.get("journaltitle") or "") or None
    booktitle = decode(fields.get("booktitle", "")) or None
    where = " ".join(filter(None, (journal, fields.get("publisher"), fields.get("howpublished"), fields.get("url"),
                                   fields.get("doi"))))
    server = next((name for key, name in _SERVERS.items() if key in where.casefold()), None)
    if server is None and fields.get("doi", "").startswith("10.1101/"):
        server = "medRxiv" if "medrxiv" in where.casefold() else "bioRxiv"
    if kind in _CONFERENCE_TYPES and booktitle:
        return booktitle, "inproceedings"
    if journal and not _ARXIV_VENUE.search(journal) and not server:
        return journal, "article"
    if server:
        return server, "preprint"
    if arxiv and (kind in _PREPRINT_TYPES or journal is None or _ARXIV_VENUE.search(journal)):
        return "arXiv", "preprint"
    return journal or booktitle, None


def draft_from_bibtex(text: str) -> Draft:
    """A BibTeX snippet → a Draft. Raises SnippetError when the snippet cannot be read."""
    kind, fields = parse_snippet(text)
    try:
        authors, odd = split_authors(fields.get("author", ""))
        return draft_from_fields(kind, fields, authors, odd, latex_to_text)
    except LatexError as error:
        raise SnippetError(str(error)) from None


def draft_from_fields(kind: str, fields: dict[str, str], authors: tuple[str, ...], odd: list[str],
                      decode: Callable[[str], str]) -> Draft:
    """A record in BibTeX's terms (entry type, lower-case field names; `decode` makes a value plain text) → a
    Draft. The BibTeX, RIS and CSL-JSON readers all end here, so every format is read by the same rules."""
    title = decode(fields["title"]).rstrip(".") or None
    notes: dict[str, str] = {}
    if odd:
        notes["authors"] = (f"write {', '.join(odd)} as \"Family, Given\" (an organisation is not an author "
                            "in the entry)")
    year_text = re.search(r"[0-9]{4}", fields.get("year") or fields.get("date") or "")
    arxiv, doi = find_arxiv(fields), find_doi(fields, decode)
    venue, kind_in_entry = _venue_and_type(kind, fields, arxiv, decode)
    if venue and len(venue) > _LONG_VENUE:
        notes["venue"] = ("shorten to the conference's name as other entries write it, e.g. Medical Image "
                          "Computing and Computer Assisted Intervention (MICCAI)")
    url = None
    if not arxiv and not doi and re.match(r"https?://\S+$", fields.get("url", "").strip()):
        url = fields["url"].strip()
    if not arxiv and not doi and not url:
        notes["arxiv"] = ("the snippet names no arXiv ID or DOI: write the arXiv ID here, or replace this line "
                          "with doi: (from the paper's page)")
    model = guess_model(title or "")
    if model:
        notes["model"] = "taken from the title; write the model's name as its authors do"
    return Draft(title=title, authors=authors, year=int(year_text.group()) if year_text else None, venue=venue,
                 type=kind_in_entry, arxiv=arxiv, doi=doi, url=url, model=model, notes=notes)

"""`review add`: a pasted BibTeX snippet (or a RIS or CSL-JSON record, see importers.py) → a new entry file,
entries/<id>.yaml.

Input: one BibTeX entry as arXiv, Google Scholar, DBLP, Zotero, a publisher's page or a model's README export
it. Output: a draft with the bibliographic fields filled (title, authors as "Family, Given" in Unicode, year,
venue, type, doi, arxiv) and TODO wherever a person must classify the paper; the draft passes validation once
those are filled. Nothing is written when the snippet is malformed, when the paper is already in the review,
or when the file exists.
"""

from __future__ import annotations

import logging
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import bibtexparser
from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names

from .checks import PLACEHOLDER, source_name, title_key
from .config import Paths
from .latex import latex_to_text
from .load import load_vocabularies
from .skeleton import load_entry_schema, path_for_entry, render_entry_file
from .yamlfile import read_yaml

ARXIV_ID = r"(\d{4}\.\d{4,5})(?:v\d+)?"
_ARXIV_IN_TEXT = re.compile(rf"(?:arxiv(?:\.org/(?:abs|pdf)/|:\s*|\.)|abs/){ARXIV_ID}", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ARXIV_VENUE = re.compile(r"^(?:arxiv|corr)\b|arxiv preprint|arxiv e-prints", re.IGNORECASE)
_SERVERS = {"medrxiv": "medRxiv", "biorxiv": "bioRxiv", "research square": "Research Square", "ssrn": "SSRN"}
_CONFERENCE_TYPES = {"inproceedings", "conference", "proceedings", "incollection"}
_PREPRINT_TYPES = {"misc", "unpublished", "online", "preprint", "techreport", "report"}
_LONG_VENUE = 80


class SnippetError(Exception):
    """The input is not one readable BibTeX entry; the message says where and what to do."""


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


def parse_snippet(text: str) -> tuple[str, dict[str, str]]:
    """BibTeX text → (entry type, fields with lower-case names). Exactly one entry must be readable."""
    if "@" not in text:
        raise SnippetError("no BibTeX entry found: paste one entry that starts with @article{, @inproceedings{ "
                           "or @misc{ (the 'Cite' or 'BibTeX' export of the paper's page)")
    with _quiet_bibtexparser():
        library = bibtexparser.parse_string(text)
    for failed in library.failed_blocks:
        line = (failed.start_line or 0) + 1
        reason = getattr(failed.error, "abort_reason", None) or str(failed.error).split(". Note:")[0]
        if "end of file" in reason.lower():
            reason = "it ends before its closing brace: a '}' is missing, or a '{' is one too many"
        raise SnippetError(f"line {line}: cannot read this BibTeX entry: {reason}")
    entries = library.entries
    if not entries:
        raise SnippetError("no BibTeX entry found: an entry looks like @article{key, title = {...}, ...}")
    if len(entries) > 1:
        keys = ", ".join(entry.key for entry in entries)
        raise SnippetError(f"the input holds {len(entries)} entries ({keys}); add one paper at a time")
    entry = entries[0]
    fields = {name.lower(): str(value.value) for name, value in entry.fields_dict.items()}
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
        raw = re.sub(r"\s+\d{4}$", "", raw.strip())
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
        if re.fullmatch(r"10\.\d{4,9}/\S+", doi) and not doi.casefold().startswith("10.48550/arxiv."):
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
    authors, odd = split_authors(fields.get("author", ""))
    return draft_from_fields(kind, fields, authors, odd, latex_to_text)


def draft_from_fields(kind: str, fields: dict[str, str], authors: tuple[str, ...], odd: list[str],
                      decode: Callable[[str], str]) -> Draft:
    """A record in BibTeX's terms (entry type, lower-case field names; `decode` makes a value plain text) → a
    Draft. The BibTeX, RIS and CSL-JSON readers all end here, so every format is read by the same rules."""
    title = decode(fields["title"]).rstrip(".") or None
    notes: dict[str, str] = {}
    if odd:
        notes["authors"] = (f"write {', '.join(odd)} as \"Family, Given\" (an organisation is not an author "
                            "in the entry)")
    year_text = re.search(r"\d{4}", fields.get("year") or fields.get("date") or "")
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


def slug(text: str) -> str:
    """'Pérez-García' → 'perez-garcia': accents dropped, runs of other characters made one hyphen."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold()).strip("-")


_STOPWORDS = {"a", "an", "the", "of", "for", "and", "in", "on", "with", "to", "from", "towards", "via", "by"}


def propose_id(draft: Draft) -> str:
    """The model's name as a slug; failing that, the first author's family name and two title words."""
    if draft.model and slug(draft.model):
        return slug(draft.model)[:60].strip("-")
    family = slug(draft.authors[0].split(",")[0]) if draft.authors else ""
    words = [w for w in slug(draft.title or "").split("-") if w not in _STOPWORDS][:2]
    return "-".join(filter(None, [family, *words]))[:60].strip("-") or "new-paper"


def find_duplicates(draft: Draft, paths: Paths) -> list[str]:
    """Entries already in the review that are this paper: same DOI, arXiv ID or near-identical title.
    Read straight from the files, so an entry with other errors still counts."""
    found: list[str] = []
    for path in sorted(paths.entries.glob("*.yaml")) if paths.entries.is_dir() else []:
        doc, _ = read_yaml(path)
        data = doc.data if doc and isinstance(doc.data, dict) else {}
        reasons = []
        if draft.doi and str(data.get("doi", "")).casefold() == draft.doi.casefold():
            reasons.append(f"DOI {draft.doi}")
        if draft.arxiv and str(data.get("arxiv", "")) == draft.arxiv:
            reasons.append(f"arXiv ID {draft.arxiv}")
        titles = {title_key(str(data[k])) for k in ("title", "arxiv_title") if data.get(k)}
        if draft.title and title_key(draft.title) in titles:
            reasons.append("a near-identical title")
        if reasons:
            found.append(f"{source_name(path, paths.root)} has the same {' and '.join(reasons)}")
    return found


def add_entry(paths: Paths, text: str, entry_id: str | None, today: date,
              input_format: str = "auto") -> tuple[Path, Draft]:
    """Write entries/<id>.yaml from a snippet (BibTeX, RIS or CSL-JSON) and return its path. Raises SnippetError
    (malformed snippet), or FileExistsError / LookupError (the paper or the file is already there)."""
    from .importers import read_draft  # importers builds on this module's BibTeX rules

    draft = read_draft(text, input_format)
    duplicates = find_duplicates(draft, paths)
    if duplicates:
        raise LookupError("this paper is already in the review: " + "; ".join(duplicates)
                          + ". Update that entry instead (one paper, one entry: a preprint and its published "
                          "version share one)")
    entry_id = entry_id or propose_id(draft)
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry_id):
        raise SnippetError(f"'{entry_id}' is not a valid id: use lower-case letters, digits and hyphens "
                           "(the model's name, e.g. medsam)")
    target = path_for_entry(paths, entry_id)
    if target.exists():
        raise FileExistsError(f"{source_name(target, paths.root)} already exists and holds another paper; "
                              f"choose another id with --id (the model's name)")
    vocabularies, _ = load_vocabularies(paths)
    values = {"id": entry_id, **draft.values(), "added": today.isoformat(), "checked": today.isoformat()}
    skip = {"arxiv_title", "doi", "url"} | ({"arxiv"} if draft.doi or draft.url else set())
    content = render_entry_file(values, load_entry_schema(paths), vocabularies, draft.notes, skip=skip)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as out:  # "x": never overwrite, even in a race
        out.write(content)
    return target, draft


def run_add(paths: Paths, text: str, entry_id: str | None, today: date, input_format: str = "auto") -> int:
    """`review add`: write the entry, print its path on standard output and what is left to do on standard
    error. Exit 0 written; 1 refused (malformed snippet, paper already in the review, file exists)."""
    try:
        target, draft = add_entry(paths, text, entry_id, today, input_format)
    except (SnippetError, LookupError, FileExistsError) as error:
        print(f"review add: {error}", file=sys.stderr)
        return 1
    shown = source_name(target, paths.root)
    print(shown)
    todo = _placeholder_fields(target)
    if not entry_id and not draft.model:
        print(f"The id '{target.stem}' comes from the first author and the title; an entry's id is the model's "
              f"name: rerun with --id NAME, or rename the file and its id.", file=sys.stderr)
    if "others" in draft.authors:
        print("The snippet's author list ends in 'and others': list every author from the paper's page.",
              file=sys.stderr)
    print(f"Fill the {len(todo)} fields marked TODO ({', '.join(todo)}); the comment above each lists its "
          f"allowed values. Then run: review validate {shown}", file=sys.stderr)
    return 0


def _placeholder_fields(path: Path) -> list[str]:
    doc, _ = read_yaml(path)
    data = doc.data if doc and isinstance(doc.data, dict) else {}
    return [name for name, value in data.items()
            if value == PLACEHOLDER or PLACEHOLDER in (value if isinstance(value, list) else [])
            or (isinstance(value, dict) and any(PLACEHOLDER in v for v in value.values() if isinstance(v, list)))]

"""`review add`: a pasted BibTeX snippet (or a RIS or CSL-JSON record, see importers.py) → a new entry file,
entries/<id>.yaml.

Input: one BibTeX entry as arXiv, Google Scholar, DBLP, Zotero, a publisher's page or a model's README export
it. Output: a draft with the bibliographic fields filled (title, authors as "Family, Given" in Unicode, year,
venue, type, doi, arxiv) and TODO wherever a person must classify the paper; the draft passes validation once
those are filled. Nothing is written when the snippet is malformed, when the paper is already in the review,
or when the file exists.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names

from ..check.context import source_name
from ..check.corpus import title_key
from ..check.placeholders import PLACEHOLDER
from ..check.textrules import shown, value_problem
from ..config import Paths
from ..intake.latex import LatexError, latex_to_text
from ..intake.skeleton import load_entry_schema, path_for_entry, render_entry_file
from ..intake.snippet import SnippetError, parse_snippet
from ..load.corpus import load_vocabularies
from ..load.yamlfile import read_yaml
from ..model import RESERVED_IDS

ARXIV_ID = r"([0-9]{4}\.[0-9]{4,5})(?:v[0-9]+)?"
_ARXIV_IN_TEXT = re.compile(rf"(?:arxiv(?:\.org/(?:abs|pdf)/|:\s*|\.)|abs/){ARXIV_ID}", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ARXIV_VENUE = re.compile(r"^(?:arxiv|corr)\b|arxiv preprint|arxiv e-prints", re.IGNORECASE)
_SERVERS = {"medrxiv": "medRxiv", "biorxiv": "bioRxiv", "research square": "Research Square", "ssrn": "SSRN"}
_CONFERENCE_TYPES = {"inproceedings", "conference", "proceedings", "incollection"}
_PREPRINT_TYPES = {"misc", "unpublished", "online", "preprint", "techreport", "report"}
_LONG_VENUE = 80
MAX_ID = 60  # as the entry schema's id


class AlreadyInReview(LookupError):
    """The paper, or a file of that name, is already in the review."""


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
    (malformed snippet), or AlreadyInReview (the paper or the file is already there)."""
    from ..intake.importers import read_draft  # importers builds on this module's BibTeX rules

    draft = read_draft(text, input_format)
    entry_id = entry_id or propose_id(draft)
    if len(entry_id) > MAX_ID or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry_id) or entry_id in RESERVED_IDS:
        raise SnippetError(f"'{shown(entry_id)}' is not a valid id: use at most {MAX_ID} lower-case letters, digits "
                           "and hyphens, not a name the site keeps for itself (the model's name, e.g. medsam)")
    schema = load_entry_schema(paths)
    for name, value in draft.values().items():
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            if not isinstance(item, str):
                continue
            where = f"{name}" + (f" (item {index + 1})" if isinstance(value, list) else "")
            found = value_problem(item)
            if found:
                raise SnippetError(f"the {where} {found[1].replace('remove it', 'fix it in the snippet')}")
            spec = schema["properties"].get(name, {})
            limit = (spec.get("items", {}) if isinstance(value, list) else spec).get("maxLength")
            if limit and len(item) > limit:
                raise SnippetError(f"the {where} is {len(item):,} characters; an entry allows at most {limit}")
    duplicates = find_duplicates(draft, paths)
    if duplicates:
        raise AlreadyInReview("this paper is already in the review: " + "; ".join(duplicates)
                          + ". Update that entry instead (one paper, one entry: a preprint and its published "
                          "version share one)")
    target = path_for_entry(paths, entry_id)
    if target.exists():
        raise AlreadyInReview(f"{source_name(target, paths.root)} already exists and holds another paper; "
                              f"choose another id with --id (the model's name)")
    vocabularies, _ = load_vocabularies(paths)
    values = {"id": entry_id, **draft.values(), "added": today.isoformat(), "checked": today.isoformat()}
    skip = {"arxiv_title", "doi", "url"} | ({"arxiv"} if draft.doi or draft.url else set())
    content = render_entry_file(values, schema, vocabularies, draft.notes, skip=skip)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as out:  # "x": never overwrite, even in a race
            out.write(content)
    except FileExistsError:
        shown_target = source_name(target, paths.root)
        raise AlreadyInReview(f"{shown_target} already exists; choose another id with --id") from None
    return target, draft


def run_add(paths: Paths, text: str, entry_id: str | None, today: date, input_format: str = "auto") -> int:
    """`review add`: write the entry, print its path on standard output and what is left to do on standard
    error. Exit 0 written; 1 refused (malformed snippet, paper already in the review, file exists)."""
    try:
        target, draft = add_entry(paths, text, entry_id, today, input_format)
    except (SnippetError, AlreadyInReview) as error:
        print(f"review add: {shown(str(error), 2000)}", file=sys.stderr)
        return 1
    written = source_name(target, paths.root)
    print(written)
    todo = _placeholder_fields(target)
    if not entry_id and not draft.model:
        print(f"The id '{target.stem}' comes from the first author and the title; an entry's id is the model's "
              f"name: rerun with --id NAME, or rename the file and its id.", file=sys.stderr)
    if "others" in draft.authors:
        print("The snippet's author list ends in 'and others': list every author from the paper's page.",
              file=sys.stderr)
    print(f"Fill the {len(todo)} fields marked TODO ({', '.join(todo)}); the comment above each lists its "
          f"allowed values. Then run: review validate {written}", file=sys.stderr)
    return 0


def _placeholder_fields(path: Path) -> list[str]:
    doc, _ = read_yaml(path)
    data = doc.data if doc and isinstance(doc.data, dict) else {}
    return [name for name, value in data.items()
            if value == PLACEHOLDER or PLACEHOLDER in (value if isinstance(value, list) else [])
            or (isinstance(value, dict) and any(PLACEHOLDER in v for v in value.values() if isinstance(v, list)))]

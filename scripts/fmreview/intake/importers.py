"""RIS and CSL-JSON → a Draft for `review add`, as a publisher's "Export citation" or a reference manager writes
them. Each record is put in BibTeX's terms (entry type, field names) and read by drafts.draft_from_fields, the same
rules as a BibTeX snippet, so every format gives the same draft and the same duplicate checks.

RIS is parsed with rispy; CSL-JSON is checked against the CSL-JSON schema (schemas/csl-data.json) first.
"""

from __future__ import annotations

import json
import re
from importlib.resources import files
from typing import Any

import jsonschema
import rispy

from .drafts import Draft, draft_from_bibtex, draft_from_fields, plain
from .snippet import SnippetError

INPUT_FORMATS = ("bibtex", "ris", "csl-json")
CSL_SCHEMA: dict[str, Any] = json.loads(files("fmreview").joinpath("schemas/csl-data.json").read_text("utf-8"))
_RIS_KINDS = {"JOUR": "article", "JFULL": "article", "EJOUR": "article", "MGZN": "article",
              "CPAPER": "inproceedings", "CONF": "inproceedings", "CHAP": "incollection"}
_CSL_KINDS = {"article-journal": "article", "article-magazine": "article", "paper-conference": "inproceedings",
              "chapter": "incollection"}


def detect_format(text: str) -> str:
    """bibtex, ris or csl-json, from how the text looks: a "TY  - " line, a start with "[" or "{", else BibTeX."""
    start = text.lstrip("\ufeff \t\r\n")
    if re.search(r"^TY {2}- ", text, re.M) and not start.startswith("@"):
        return "ris"
    return "csl-json" if start[:1] in "[{" and start else "bibtex"


def read_draft(text: str, input_format: str = "auto") -> Draft:
    """Any supported snippet → a Draft. Raises SnippetError with a line (and column) when it cannot be read."""
    chosen = detect_format(text) if input_format == "auto" else input_format
    return {"bibtex": draft_from_bibtex, "ris": draft_from_ris, "csl-json": draft_from_csl}[chosen](text)


def _one(records: list[Any], what: str, example: str) -> Any:
    if not records:
        raise SnippetError(f"no {what} found: {example}")
    if len(records) > 1:
        raise SnippetError(f"the input holds {len(records)} {what}s; add one paper at a time")
    return records[0]


def _authors(names: list[str]) -> tuple[tuple[str, ...], list[str]]:
    """"Family, Given" names (RIS writes them so; CSL names are joined so): others noted for the author."""
    cleaned = tuple(plain(n) for n in names if plain(n))
    return cleaned, [n for n in cleaned if n.count(", ") != 1]


def draft_from_ris(text: str) -> Draft:
    if not re.search(r"^ER {2}-", text, re.M):
        raise SnippetError("the RIS record has no end: its last line must be 'ER  - '")
    try:
        record = _one(rispy.loads(text.lstrip("\ufeff")), "RIS record", "a record starts with 'TY  - JOUR'")
    except (OSError, ValueError) as error:  # rispy raises OSError for a line it cannot place
        shown = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", str(error))  # no raw controls
        raise SnippetError(f"cannot read this RIS record: {shown}") from None
    kind = _RIS_KINDS.get(str(record.get("type_of_reference", "")).upper(), "misc")
    title = record.get("title") or record.get("primary_title") or ""
    if not title:
        raise SnippetError("the RIS record has no title (a TI or T1 line)")
    container = next((record[k] for k in ("secondary_title", "journal_name", "alternate_title3", "alternate_title2")
                      if record.get(k)), "")
    accession = str(record.get("accession_number") or "")
    fields = {"title": title, "year": str(record.get("year") or record.get("publication_year") or
                                        record.get("date") or ""),
              "journal" if kind == "article" else "booktitle": container, "publisher": record.get("publisher", ""),
              "doi": record.get("doi", ""), "url": " ".join(record.get("urls") or []),
              "note": " ".join([accession, *(record.get("notes") or [])])}
    if kind == "misc" and container:
        fields["journal"] = container  # a preprint's server (arXiv, medRxiv) is its T2
    if re.fullmatch(r"(?:arxiv:)?\d{4}\.\d{4,5}(?:v\d+)?", accession, re.I):
        fields["eprint"] = accession.split(":")[-1]
    authors, odd = _authors(list(record.get("authors") or record.get("first_authors") or []))
    return draft_from_fields(kind, {k: str(v) for k, v in fields.items() if v}, authors, odd, plain)


def _csl_name(name: dict[str, Any]) -> str:
    family = " ".join(str(name[k]) for k in ("non-dropping-particle", "family") if name.get(k))
    given = " ".join(str(name[k]) for k in ("given", "dropping-particle") if name.get(k))
    return f"{family}, {given}" if family and given else family or str(name.get("literal") or given)


def draft_from_csl(text: str) -> Draft:
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as error:
        raise SnippetError(f"line {error.lineno}:{error.colno}: this is not JSON: {error.msg}") from None
    items = data if isinstance(data, list) else [data]
    error = next(iter(sorted(jsonschema.Draft3Validator(CSL_SCHEMA).iter_errors(items), key=lambda e: e.path)), None)
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "the top level"
        raise SnippetError(f"not valid CSL-JSON at {where}: {error.message}")
    item = _one(items, "CSL-JSON item", 'an item looks like {"type": "article-journal", "title": "..."}')
    kind = _CSL_KINDS.get(item.get("type", ""), "misc")
    if not item.get("title"):
        raise SnippetError("the CSL-JSON item has no title")
    issued = item.get("issued") or {}
    year = str((issued.get("date-parts") or [[""]])[0][0]) if issued.get("date-parts") else str(
        issued.get("raw") or issued.get("literal") or "")
    container = str(item.get("container-title") or "")
    number = str(item.get("number") or "")
    fields = {"title": item["title"], "year": year, "journal" if kind in ("article", "misc") else "booktitle":
              container or (str(item.get("publisher") or "") if kind == "misc" else ""),
              "publisher": item.get("publisher", ""), "doi": item.get("DOI", ""), "url": item.get("URL", ""),
              "note": " ".join(str(item.get(k) or "") for k in ("number", "note", "archive_location"))}
    if re.fullmatch(r"(?:arxiv:)?\d{4}\.\d{4,5}(?:v\d+)?", number, re.I):
        fields["eprint"] = number.split(":")[-1]
    authors, odd = _authors([_csl_name(n) for n in item.get("author") or []])
    return draft_from_fields(kind, {k: str(v) for k, v in fields.items() if v}, authors, odd, plain)

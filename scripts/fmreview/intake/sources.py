"""The bibliographic APIs in their documented formats → `Work` records: arXiv's Atom feed, OpenAlex's works JSON
and Crossref's works JSON. Parsing only; requests go through net.Client. A response that is not in the expected
format raises FormatError with what was wrong."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

ATOM = "{http://www.w3.org/2005/Atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
_ARXIV_ID = re.compile(r"(\d{4}\.\d{4,5})(?:v\d+)?$")
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(\d{4}\.\d{4,5})$", re.IGNORECASE)
_PREPRINT_DOI = ("10.48550/", "10.1101/", "10.21203/", "10.2139/")  # arXiv, bio/medRxiv, Research Square, SSRN
# The field's terms: what the review's papers call themselves (cs.CV, eess.IV, cs.CL, cs.LG; title or abstract).
ARXIV_CATEGORIES = ("cs.CV", "eess.IV", "cs.CL", "cs.LG")
MODEL_TERMS = ('"foundation model"', '"vision-language"', '"self-supervised"', '"segment anything"',
               '"large-scale pretraining"', '"generalist"')
MEDICAL_TERMS = ("medical", "radiology", "pathology", "clinical", '"medical image"')


class FormatError(Exception):
    """An answer that is not in the API's documented format."""


@dataclass(frozen=True)
class Work:
    """A paper as an API describes it."""

    title: str
    authors: tuple[str, ...]  # "Family, Given" where the API splits names, else as given
    published: date | None
    link: str
    source: str  # "arXiv", "OpenAlex", "Crossref"
    abstract: str = ""
    arxiv: str | None = None
    doi: str | None = None
    venue: str | None = None
    kind: str | None = None  # the entry schema's type: article, inproceedings, preprint

    @property
    def is_preprint(self) -> bool:
        return self.kind == "preprint" or bool(self.doi and self.doi.casefold().startswith(_PREPRINT_DOI))


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "")[:10])
    except ValueError:
        return None


def arxiv_query_url(base: str, since: date, today: date, start: int, size: int) -> str:
    """The arXiv API query for the field's papers submitted between `since` and `today`, newest first."""
    cats = " OR ".join(f"cat:{c}" for c in ARXIV_CATEGORIES)
    model = " OR ".join(f"abs:{t}" for t in MODEL_TERMS)
    medical = " OR ".join(f"abs:{t}" for t in MEDICAL_TERMS)
    window = f"submittedDate:[{since:%Y%m%d}0000 TO {today:%Y%m%d}2359]"
    query = f"({cats}) AND ({model}) AND ({medical}) AND {window}"
    return f"{base}?" + urlencode({"search_query": query, "start": start, "max_results": size,
                                   "sortBy": "submittedDate", "sortOrder": "descending"})


def parse_arxiv(text: str) -> tuple[list[Work], int]:
    """An arXiv API Atom feed → (works, total results)."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        raise FormatError(f"not Atom XML ({error})") from None
    if root.tag != f"{ATOM}feed":
        raise FormatError(f"expected an Atom <feed>, got <{root.tag.split('}')[-1]}>")
    total_text = root.findtext(f"{OPENSEARCH}totalResults") or "0"
    works = []
    for entry in root.findall(f"{ATOM}entry"):
        found = _ARXIV_ID.search((entry.findtext(f"{ATOM}id") or "").strip())
        title = _clean(entry.findtext(f"{ATOM}title"))
        if not found or not title:
            continue  # arXiv reports query errors as an entry without an arXiv ID
        authors = tuple(_clean(a.findtext(f"{ATOM}name")) for a in entry.findall(f"{ATOM}author"))
        works.append(Work(title=title, authors=authors, published=_date(entry.findtext(f"{ATOM}published")),
                          link=f"https://arxiv.org/abs/{found.group(1)}", source="arXiv",
                          abstract=_clean(entry.findtext(f"{ATOM}summary")), arxiv=found.group(1),
                          venue="arXiv", kind="preprint"))
    return works, int(total_text) if total_text.isdigit() else len(works)


def openalex_search_url(base: str, since: date, today: date, cursor: str, size: int, mailto: str = "") -> str:
    """OpenAlex works published between `since` and `today` whose title and abstract name the field's terms."""
    terms = "(foundation model OR vision-language OR self-supervised) AND (medical OR radiology OR pathology)"
    params = {"filter": f"from_publication_date:{since},to_publication_date:{today},"
                        f"title_and_abstract.search:{terms}", "per-page": size, "cursor": cursor,
              "sort": "publication_date:desc"}
    if mailto:
        params["mailto"] = mailto
    return f"{base}/works?" + urlencode(params)


def openalex_title_url(base: str, title: str, mailto: str = "") -> str:
    words = re.sub(r"[^\w\s-]", " ", title)
    params: dict[str, Any] = {"filter": f"title.search:{_clean(words)}", "per-page": 10}
    if mailto:
        params["mailto"] = mailto
    return f"{base}/works?" + urlencode(params)


def _json(text: str, what: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FormatError(f"not JSON ({error.msg} at line {error.lineno} column {error.colno})") from None
    if not isinstance(data, dict):
        raise FormatError(f"expected a JSON object with {what}")
    return data


def _openalex_abstract(index: Any) -> str:
    """OpenAlex ships abstracts as an inverted index (word → positions)."""
    if not isinstance(index, dict):
        return ""
    placed = sorted((pos, word) for word, positions in index.items() for pos in positions if isinstance(pos, int))
    return " ".join(word for _, word in placed)


def _doi(value: Any) -> str | None:
    text = re.sub(r"^https?://(dx\.)?doi\.org/", "", str(value or ""), flags=re.IGNORECASE).strip()
    return text or None


def _kind(source_type: str | None, work_type: str | None) -> str | None:
    if work_type in ("preprint", "posted-content") or source_type == "repository":
        return "preprint"
    if source_type == "conference" or work_type == "proceedings-article":
        return "inproceedings"
    if source_type == "journal" or work_type in ("article", "journal-article"):
        return "article"
    return None


def parse_openalex(text: str) -> tuple[list[Work], str | None]:
    """An OpenAlex /works page → (works, the next cursor or None)."""
    data = _json(text, "'results'")
    results = data.get("results", [data] if "id" in data else None)  # a search page, or one work
    if not isinstance(results, list):
        raise FormatError("no 'results' list in the answer")
    works = []
    for item in results:
        if not isinstance(item, dict) or not _clean(item.get("title") or item.get("display_name")):
            continue
        doi = _doi(item.get("doi"))
        arxiv_doi = _ARXIV_DOI.match(doi or "")
        location = item.get("primary_location") or {}
        source = location.get("source") or {}
        authors = tuple(_clean((a.get("author") or {}).get("display_name")) for a in item.get("authorships") or []
                        if isinstance(a, dict))
        works.append(Work(title=_clean(item.get("title") or item.get("display_name")), authors=authors,
                          published=_date(item.get("publication_date")),
                          link=f"https://doi.org/{doi}" if doi else str(item.get("id") or ""), source="OpenAlex",
                          abstract=_openalex_abstract(item.get("abstract_inverted_index")),
                          arxiv=arxiv_doi.group(1) if arxiv_doi else None, doi=None if arxiv_doi else doi,
                          venue=_clean(source.get("display_name")) or None,
                          kind=_kind(source.get("type"), item.get("type"))))
    cursor = (data.get("meta") or {}).get("next_cursor")
    return works, cursor if isinstance(cursor, str) and "results" in data and results else None


def crossref_title_url(base: str, title: str, mailto: str = "") -> str:
    params: dict[str, Any] = {"query.bibliographic": title, "rows": 5}
    if mailto:
        params["mailto"] = mailto
    return f"{base}/works?" + urlencode(params)


def crossref_doi_url(base: str, doi: str) -> str:
    return f"{base}/works/{quote(doi, safe='/')}"


def _crossref_work(item: dict[str, Any]) -> Work | None:
    titles = item.get("title") or []
    title = _clean(titles[0] if isinstance(titles, list) and titles else None)
    if not title:
        return None
    parts = ((item.get("published") or item.get("issued") or {}).get("date-parts") or [[None]])[0]
    year, month, day = ([*parts, 1, 1][:3]) if parts and parts[0] else (None, 1, 1)
    authors = tuple(", ".join(filter(None, (_clean(a.get("family")), _clean(a.get("given"))))) or _clean(a.get("name"))
                    for a in item.get("author") or [] if isinstance(a, dict))
    containers = item.get("container-title") or []
    doi = _doi(item.get("DOI"))
    return Work(title=title, authors=authors, published=date(year, month or 1, day or 1) if year else None,
                link=f"https://doi.org/{doi}" if doi else "", source="Crossref", doi=doi,
                venue=_clean(containers[0]) if containers else None, kind=_kind(None, item.get("type")))


def parse_crossref(text: str) -> tuple[list[Work], dict[str, Any]]:
    """A Crossref /works answer (a list or one work) → (works, the single work's 'relation' or {})."""
    data = _json(text, "'message'")
    message = data.get("message")
    if data.get("status") != "ok" or not isinstance(message, dict):
        raise FormatError("no 'message' in the answer (status is not ok)")
    items = message.get("items") if "items" in message else [message]
    if not isinstance(items, list):
        raise FormatError("'message.items' is not a list")
    works = [work for item in items if isinstance(item, dict) for work in [_crossref_work(item)] if work]
    relation = message.get("relation") if "items" not in message else None
    return works, relation if isinstance(relation, dict) else {}

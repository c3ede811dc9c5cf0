"""The review's own citation: CITATION.cff → what the Cite page shows (BibTeX, a reference line, version, DOI).

Input: CITATION.cff at the repository root (the file GitHub's "Cite this repository" and Zenodo read too).
Output: a `citation` value for the hand-written pages' template context. One source, so the Cite page, GitHub
and the archived releases never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..config import SITE_NAME
from ..render.cite.bib import escape

CITATION_FILE = "CITATION.cff"
BIB_KEY = "fm_medical_imaging_living_review"


@dataclass(frozen=True)
class Citation:
    title: str
    authors: tuple[str, ...]  # "Family, Given", or an organisation's name
    version: str
    released: str  # YYYY-MM-DD, or "" before the first release
    url: str
    doi: str

    @property
    def year(self) -> str:
        return self.released[:4]

    @property
    def bibtex(self) -> str:
        """A @misc entry; an organisation is double-braced so that styles do not split it into names."""
        authors = " and ".join(name if ", " in name else f"{{{escape(name)}}}" for name in self.authors)
        fields = [("title", f"{{{escape(self.title)}}}"), ("author", authors), ("year", self.year),
                  ("version", self.version), ("doi", self.doi), ("url", self.url),
                  ("howpublished", "Website and dataset")]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        return f"@misc{{{BIB_KEY},\n{body}\n}}\n"

    @property
    def reference(self) -> str:
        """One line for a reference list: authors (year). Title (version x) [dataset]. Address."""
        names = "; ".join(self.authors)
        version = f" (version {self.version})" if self.version else ""
        where = f"https://doi.org/{self.doi}" if self.doi else self.url
        return f"{names} ({self.year}). {self.title}{version} [dataset]. {where}"


def _author(raw: dict[str, Any]) -> str:
    if raw.get("name"):
        return str(raw["name"])
    family = " ".join(str(raw[k]) for k in ("name-particle", "family-names") if raw.get(k))
    return f"{family}, {raw['given-names']}" if raw.get("given-names") else family


def load_citation(root: Path) -> Citation | None:
    """CITATION.cff → a Citation, or None where the file is missing (a partial checkout in tests)."""
    path = root / CITATION_FILE
    if not path.is_file():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    doi = str(data.get("doi") or next((str(i["value"]) for i in data.get("identifiers") or []
                                       if i.get("type") == "doi"), ""))
    return Citation(title=str(data.get("title") or SITE_NAME),
                    authors=tuple(_author(a) for a in data.get("authors") or []),
                    version=str(data.get("version") or ""), released=str(data.get("date-released") or ""),
                    url=str(data.get("url") or ""), doi=doi)


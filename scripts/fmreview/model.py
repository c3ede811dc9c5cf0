"""Typed records: what the loader produces and every renderer consumes. Nothing downstream reads raw YAML."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Literal

from .check.textrules import escape, shown

Severity = Literal["error", "warning"]
# Ids the site keeps for itself (papers/index.md is the listing) or that Windows cannot check out as files.
CACHED_RECORDS = 32768  # per-paper texts (a BibTeX entry, a RIS record) kept for reuse: 10,000 papers × 3 key styles
RESERVED_IDS = frozenset({"index", "con", "prn", "aux", "nul", *(f"{d}{n}" for d in ("com", "lpt") for n in range(10))})
MAX_MESSAGE = 2000  # characters; a message quotes values, and a value may be long

# The taxonomy axes are not listed in the code: each is a file data/vocab/<axis>.yaml (see vocab.py), and
# `corpus.vocabularies` holds them in their declared `order`.


@dataclass(frozen=True, order=True)
class Problem:
    """One finding about one place of one file. Path, field and message are stored escaped (no control,
    invisible or bidirectional character survives), so no output format can print a hostile value raw."""

    path: str
    line: int
    col: int
    field: str
    message: str
    severity: Severity = "error"

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", escape(str(self.path)))
        object.__setattr__(self, "field", shown(self.field, 120) if self.field else "")
        message = escape(str(self.message))
        if len(message) > MAX_MESSAGE:
            message = message[:MAX_MESSAGE] + "…"
        object.__setattr__(self, "message", message)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}"
        prefix = f"{self.field}: " if self.field else ""
        return f"{where}: {self.severity}: {prefix}{self.message}"


@dataclass(frozen=True)
class Term:
    id: str
    label: str
    definition: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    """One taxonomy axis (data/vocab/<field>.yaml): its terms, and how an entry's field of that name holds them."""

    field: str
    label: str
    description: str
    terms: tuple[Term, ...]
    noun: str = "term"  # how a message names one term: "unknown modality 'Xray'"
    order: int = 0  # the axes' order in the schema, the guide, the pages and the explorer's facets
    multiple: bool = True  # the entry field is a list of terms (False: exactly one term)
    required: bool = False  # every entry gives the field
    min_terms: int = 1  # the fewest terms a list may hold (0: it may be empty)
    meaning: str = ""  # the entry field's meaning, for the schema and the field reference

    def get(self, term_id: str) -> Term | None:
        return next((t for t in self.terms if t.id == term_id), None)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.terms)


@dataclass(frozen=True)
class Dataset:
    id: str
    name: str
    modalities: tuple[str, ...]
    anatomy: tuple[str, ...]
    size: str
    access: str
    url: str
    description: str = ""
    aliases: tuple[str, ...] = ()
    source: Path | None = None


@dataclass(frozen=True)
class BaseModel:
    """A general-domain model that entries build on (SAM, CLIP, LLaVA), from data/base-models/."""

    id: str
    name: str
    year: int
    kind: str
    url: str


@dataclass(frozen=True)
class License:
    """A licence an entry may name (data/licenses.yaml); `kind` says whether commercial use is allowed."""

    id: str
    name: str
    kind: str  # permissive, copyleft, non-commercial, custom, none

    @property
    def commercial_use(self) -> bool:
        return self.kind in ("permissive", "copyleft")


@dataclass(frozen=True)
class Quantity:
    """A count as papers state it ("1.57M"), with its value for charts."""

    text: str
    value: float
    unit: str = ""

    @classmethod
    def parse(cls, text: str, unit: str = "") -> Quantity:
        match = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)([KMB]?)", text)
        if not match:
            raise ValueError(f"not a count: {text!r}")
        scale = {"": 1, "K": 1e3, "M": 1e6, "B": 1e9}[match.group(2)]
        return cls(text=text, value=float(match.group(1)) * scale, unit=unit)


@dataclass(frozen=True)
class Paper:
    id: str
    title: str
    authors: tuple[str, ...]
    year: int
    venue: str
    type: str
    added: date
    checked: date
    model: str
    category: str
    architecture: tuple[str, ...]
    training: tuple[str, ...]
    adaptation: tuple[str, ...]
    modalities: tuple[str, ...]
    anatomy: tuple[str, ...]
    tasks: tuple[str, ...]
    summary: str
    pretraining_datasets: tuple[str, ...] = ()
    evaluation_datasets: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    arxiv: str | None = None
    doi: str | None = None
    url: str | None = None
    arxiv_title: str | None = None
    code: str | None = None
    weights: str | None = None
    license: str | None = None
    weights_license: str | None = None
    weights_access: str | None = None
    input: tuple[str, ...] = ()
    # Terms on axes that have no attribute of their own (an axis added as a file data/vocab/<axis>.yaml).
    axis_terms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    builds_on: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    parameters: Quantity | None = None
    pretraining_data: Quantity | None = None
    source: Path | None = field(default=None, compare=False)
    locations: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)

    def __hash__(self) -> int:
        """Computed once per record: pages, memos and caches hash the same papers again and again."""
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = hash(tuple(getattr(self, f.name) for f in fields(self) if f.compare))
            object.__setattr__(self, "_hash", cached)
        return cached

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if other.__class__ is not self.__class__:
            return NotImplemented
        return hash(self) == hash(other) and all(
            getattr(self, f.name) == getattr(other, f.name) for f in fields(self) if f.compare)

    def where(self, name: str) -> tuple[int, int]:
        """Line and column of a top-level field in the source file (for cross-entry problems)."""
        return self.locations.get(name, (1, 1))

    def terms(self, axis: str) -> tuple[str, ...]:
        """The paper's term ids on a taxonomy axis (category is a one-term axis)."""
        for name, terms in self.axis_terms:
            if name == axis:
                return terms
        value = getattr(self, axis, ())
        return (value,) if isinstance(value, str) else value or ()

    @property
    def datasets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.pretraining_datasets + self.evaluation_datasets))

    @property
    def link(self) -> str:
        """The most stable link to the paper: DOI, then arXiv, then the given URL."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.arxiv:
            return f"https://arxiv.org/abs/{self.arxiv}"
        return self.url or ""

    @property
    def first_author_family(self) -> str:
        return self.authors[0].split(",")[0] if self.authors else ""


@dataclass(frozen=True)
class Corpus:
    """Everything the renderers need, complete and checked."""

    papers: tuple[Paper, ...]
    datasets: dict[str, Dataset]
    vocabularies: dict[str, Vocabulary]
    base_models: dict[str, BaseModel] = field(default_factory=dict)
    licenses: dict[str, License] = field(default_factory=dict)

    def papers_with(self, axis: str, term_id: str) -> list[Paper]:
        """The papers classified under a term, in corpus order."""
        return list(self._by_term.get((axis, term_id), ()))

    def papers_using(self, dataset_id: str) -> list[Paper]:
        return list(self._by_term.get(("datasets", dataset_id), ()))

    def paper(self, paper_id: str) -> Paper | None:
        return self._by_id.get(paper_id)

    @cached_property
    def _by_id(self) -> dict[str, Paper]:
        return {p.id: p for p in self.papers}

    @cached_property
    def _by_term(self) -> dict[tuple[str, str], list[Paper]]:
        """(axis, term) and ("datasets", dataset id) → papers, built once: pages ask for every term."""
        index: dict[tuple[str, str], list[Paper]] = {}
        for paper in self.papers:
            for axis in self.vocabularies:
                for term in dict.fromkeys(paper.terms(axis)):
                    index.setdefault((axis, term), []).append(paper)
            for dataset in dict.fromkeys(paper.datasets):
                index.setdefault(("datasets", dataset), []).append(paper)
        return index

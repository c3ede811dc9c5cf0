"""Corpus → data for reuse: data/papers.csv, data/papers.json, data/datasets.csv, the Data page that
documents their columns (the citation files are citefiles.py's). Pure: records in, (path, text) out.

The columns are declared once below; the CSV, the JSON and the Data page are all generated from that list,
so the documentation cannot drift from the files.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from jinja2 import Environment

from ..load.site import Site
from ..model import Dataset, Quantity
from .meta.stats import dataset_use
from .outputs import Output, Page

LIST_SEPARATOR = "; "  # joins list values in CSV cells; no id, URL or author name contains it
Column = tuple[str, str, Callable[[Any], Any]]


def _number(quantity: Quantity | None) -> int | float | None:
    """A quantity's value, as an int when whole (86000000, not 86000000.0)."""
    if quantity is None:
        return None
    return int(quantity.value) if quantity.value.is_integer() else quantity.value


def _terms_of(axis: str) -> Callable[[Any], list[str]]:
    return lambda paper: list(paper.terms(axis))


_HEAD_COLUMNS: tuple[Column, ...] = (
    ("id", "Stable identifier: the BibTeX key and the page papers/<id>/; never renamed.", lambda p: p.id),
    ("model", "The model's name as the paper gives it.", lambda p: p.model),
    ("title", "Title of the version cited.", lambda p: p.title),
    ("authors", "Authors in order, each as “Family, Given”; “others” ends a shortened list.",
     lambda p: list(p.authors)),
    ("year", "Publication year of the version cited.", lambda p: p.year),
    ("venue", "Journal, conference or preprint server.", lambda p: p.venue),
    ("type", "article, inproceedings or preprint.", lambda p: p.type),
    ("category", "vision-only or vision-language: the review's primary split.", lambda p: p.category),
)
_TAIL_COLUMNS: tuple[Column, ...] = (
    ("pretraining_datasets", "Dataset ids (pages under datasets/) the model was pre-trained on.",
     lambda p: list(p.pretraining_datasets)),
    ("evaluation_datasets", "Dataset ids the model was evaluated on.", lambda p: list(p.evaluation_datasets)),
    ("parameters", "Parameter count as the paper states it (86M, 1.2B); empty when not stated.",
     lambda p: p.parameters.text if p.parameters else None),
    ("parameters_value", "The parameter count as a number.", lambda p: _number(p.parameters)),
    ("pretraining_data", "Pre-training data size as stated; empty when not stated.",
     lambda p: p.pretraining_data.text if p.pretraining_data else None),
    ("pretraining_data_value", "The pre-training data size as a number.", lambda p: _number(p.pretraining_data)),
    ("pretraining_data_unit", "What the size counts: images, image-text pairs, slides, volumes…",
     lambda p: p.pretraining_data.unit if p.pretraining_data else None),
    ("code", "Link to the code, when released.", lambda p: p.code),
    ("weights", "Link to the trained weights, when released.", lambda p: p.weights),
    ("license", "SPDX identifier of the code or weights license, when stated.", lambda p: p.license),
    ("arxiv", "arXiv identifier.", lambda p: p.arxiv),
    ("doi", "DOI of the published version.", lambda p: p.doi),
    ("url", "Another link to the paper, when it has no DOI or arXiv id.", lambda p: p.url),
    ("added", "Date the entry was added to the review (ISO 8601).", lambda p: p.added.isoformat()),
    ("checked", "Date its metadata was last checked.", lambda p: p.checked.isoformat()),
    ("summary", "One-paragraph summary written for the review.", lambda p: p.summary),
)


def paper_columns(axes: Iterable[str]) -> tuple[Column, ...]:
    """The columns of papers.csv and papers.json: one per taxonomy axis (category first, as a single id) among
    the bibliographic and availability facts."""
    return (*_HEAD_COLUMNS, *((axis, f"Term ids on the {axis} axis (definitions on the Taxonomy page).",
                               _terms_of(axis)) for axis in axes if axis != "category"), *_TAIL_COLUMNS)


DATASET_COLUMNS: tuple[Column, ...] = (
    ("id", "Stable identifier: the page datasets/<id>/.", lambda d: d.id),
    ("name", "The dataset's normalised name.", lambda d: d.name),
    ("aliases", "Other names papers use for it.", lambda d: list(d.aliases)),
    ("modalities", "Modality term ids.", lambda d: list(d.modalities)),
    ("anatomy", "Anatomy term ids.", lambda d: list(d.anatomy)),
    ("size", "Its size, as its providers describe it.", lambda d: d.size),
    ("access", "How to obtain it (open, registration, on request…).", lambda d: d.access),
    ("url", "Where to get it.", lambda d: d.url),
    ("description", "One-line description.", lambda d: d.description),
)
DATASET_USE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("pretraining_papers", "Papers in the review pre-trained on it."),
    ("evaluation_papers", "Papers in the review evaluated on it."),
    ("papers", "Papers using it either way (counted once)."),
)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP: a spreadsheet runs a cell starting so as a formula


def neutralise(cell: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe (OWASP's rule);
    numbers are left alone (a negative number is not a formula)."""
    return f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell


def render_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A CSV document (RFC 4180 quoting, "\\n" line ends); lists are joined, None is an empty cell, and text
    cells are neutralised so no cell runs as a spreadsheet formula. Every CSV of the site is made here."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutralise(name) for name in header])
    for row in rows:
        writer.writerow([neutralise("" if v is None else LIST_SEPARATOR.join(v) if isinstance(v, list) else v)
                         for v in row])
    return buffer.getvalue()


def _records(items: Iterable[Any], columns: Sequence[Column]) -> list[dict[str, Any]]:
    return [{name: value(item) for name, _, value in columns} for item in items]


def render_exports(site: Site, env: Environment) -> Iterator[Output]:
    """data/papers.csv, data/papers.json, data/datasets.csv and the Data page (data/index.md)."""
    corpus = site.corpus
    columns = paper_columns(corpus.vocabularies)
    papers = _records(corpus.papers, columns)
    yield "data/papers.csv", render_csv([c[0] for c in columns], (r.values() for r in papers))
    yield "data/papers.json", json.dumps(papers, ensure_ascii=False, indent=1) + "\n"
    use = dataset_use(corpus.papers)
    datasets: list[Dataset] = sorted(corpus.datasets.values(), key=lambda d: d.id)
    rows = ([*r.values(), *use.get(d.id, (0, 0, 0))] for d, r in zip(datasets, _records(datasets, DATASET_COLUMNS),
                                                                          strict=True))
    yield "data/datasets.csv", render_csv([c[0] for c in DATASET_COLUMNS] + [c[0] for c in DATASET_USE_COLUMNS], rows)
    yield Page("data/index.md", "data.md.j2", {
        "papers": len(corpus.papers), "datasets": len(datasets), "paper_columns": columns,
        "dataset_columns": [(name, text) for name, text, _ in DATASET_COLUMNS] + list(DATASET_USE_COLUMNS),
        "separator": LIST_SEPARATOR})

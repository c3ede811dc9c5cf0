"""Load and check everything: vocabularies, the dataset registry and entries → a Corpus plus problems.

Nothing is rendered here and nothing is written. Every problem of every file is collected; the caller decides
to stop when any is an error.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from ..check.context import Context, source_name
from ..check.corpus import check_builds_on, check_unique_identifiers
from ..check.placeholders import mask_placeholder_echoes
from ..check.rules import ENTRY_CHECKS
from ..check.schema import check_schema
from ..config import Paths
from ..model import Corpus, Dataset, License, Paper, Problem, Quantity, Vocabulary
from ..processes import can_fork, run_forked
from .registries import Registries, load_registries
from .yamlfile import YamlDocument, read_yaml, yaml_files

_PAPER_FIELDS = frozenset(f.name for f in fields(Paper))


def _paper(doc: YamlDocument, source: Path, vocabularies: Mapping[str, Vocabulary]) -> Paper:
    data: dict[str, Any] = doc.data
    # An axis added as a vocabulary file has no attribute of its own: its terms ride in axis_terms.
    more = tuple((axis, (value,) if isinstance(value, str) else tuple(value or ()))
                 for axis in vocabularies if axis not in _PAPER_FIELDS for value in [data.get(axis)])
    scale = data.get("pretraining_data")
    used = data.get("datasets") or {}
    return Paper(
        id=data["id"],
        title=data["title"].strip(),
        authors=tuple(data["authors"]),
        year=data["year"],
        venue=data["venue"],
        type=data["type"],
        added=date.fromisoformat(data["added"]),
        checked=date.fromisoformat(data["checked"]),
        model=data["model"],
        category=data["category"],
        architecture=tuple(data["architecture"]),
        training=tuple(data["training"]),
        adaptation=tuple(data["adaptation"]),
        modalities=tuple(data["modalities"]),
        anatomy=tuple(data["anatomy"]),
        tasks=tuple(data["tasks"]),
        summary=" ".join(data["summary"].split()),
        pretraining_datasets=tuple(used.get("pretraining") or ()),
        evaluation_datasets=tuple(used.get("evaluation") or ()),
        themes=tuple(data.get("themes") or ()),
        arxiv=data.get("arxiv"),
        doi=data.get("doi"),
        url=data.get("url"),
        arxiv_title=data.get("arxiv_title"),
        code=data.get("code"),
        weights=data.get("weights"),
        license=data.get("license"),
        weights_license=data.get("weights_license"),
        weights_access=data.get("weights_access"),
        input=tuple(data.get("input") or ()),
        axis_terms=more,
        builds_on=tuple(data.get("builds_on") or ()),
        sources=tuple(data.get("sources") or ()),
        parameters=Quantity.parse(data["parameters"]) if data.get("parameters") else None,
        pretraining_data=Quantity.parse(scale["size"], scale["unit"]) if scale else None,
        source=source,
        locations={".".join(map(str, key)): where for key, where in doc.marks.items()
                   if len(key) == 1 or key[0] == "builds_on"},
    )


def load_entry(
    path: Path,
    paths: Paths,
    vocabularies: dict[str, Vocabulary],
    datasets: dict[str, Dataset],
    today: date,
    licenses: dict[str, License] | None = None,
) -> tuple[Paper | None, list[Problem]]:
    """One entry file → a Paper when it has no errors, and all of its problems."""
    display = source_name(path, paths.root)
    if path.suffix not in (".yaml", ".yml"):
        return None, [Problem(display, 1, 1, "", "entries are .yaml files")]
    doc, problems = read_yaml(path, display)
    if doc is None:
        return None, problems
    if not isinstance(doc.data, dict):
        got = type(doc.data).__name__.replace("NoneType", "nothing")
        return None, [
            Problem(display, 1, 1, "", f"expected a mapping of fields, got a {got} (see entries/medsam.yaml)")
        ]
    ctx = Context(display, path.stem, vocabularies, datasets, today, licenses or {})
    problems += check_schema(doc, paths.entry_schema, display, frozenset(vocabularies))
    for check in ENTRY_CHECKS:
        problems += check(doc, ctx)
    problems = mask_placeholder_echoes(problems, doc)
    if any(p.severity == "error" for p in problems):
        return None, problems
    return _paper(doc, path, vocabularies), problems


class EntryCache:
    """Entries already loaded and checked, by file content, for a process that loads the corpus again and again
    (`review serve`): only files whose bytes changed are parsed and checked again. Everything an entry's own
    checks read (vocabularies, datasets, licences, today) is part of the key, so a change there reloads all."""

    def __init__(self) -> None:
        self.context: object = None
        self.entries: dict[Path, tuple[tuple[int, int], bytes, Paper | None, list[Problem]]] = {}
        self.registries: tuple[object, Registries | None] = (None, None)

    def load(self, path: Path, context: object, load: Callable[[], tuple[Paper | None, list[Problem]]],
             ) -> tuple[Paper | None, list[Problem]]:
        if context is not self.context:
            self.context, self.entries = context, {}
        try:
            stat = path.stat()
            signature = (stat.st_mtime_ns, stat.st_size)
            known = self.entries.get(path)
            if known and known[0] == signature:  # unchanged since it was read: not even read again
                return known[2], list(known[3])
            digest = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
        except OSError:
            return load()  # reports the file as unreadable
        if known and known[1] == digest:
            self.entries[path] = (signature, *known[1:])
            return known[2], list(known[3])
        paper, problems = load()
        self.entries[path] = (signature, digest, paper, list(problems))
        return paper, problems

    def load_registries(self, paths: Paths, load: Callable[[], Registries]) -> Registries:
        """Vocabularies, datasets, base models and licences, loaded again only when a file of data/ changed
        (the same records then: pages that show them need not be rendered again)."""
        signature = tuple((p, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(paths.data.rglob("*"))
                          if p.is_file()) if paths.data.is_dir() else ()
        if self.registries[0] != signature or self.registries[1] is None:
            self.registries = (signature, load())
        return self.registries[1]


def load_entries(files: list[Path], paths: Paths, vocabularies: dict[str, Vocabulary], datasets: dict[str, Dataset],
                 today: date, licenses: dict[str, License]) -> list[tuple[Paper | None, list[Problem]]]:
    """`load_entry` for each file, in order. Many files are shared with a second process (forked: nothing is
    imported again), which loads the second half while this one loads the first."""
    if len(files) < PARALLEL_FROM or not can_fork():
        return _load_chunk(files, paths, vocabularies, datasets, today, licenses)
    half = len(files) // 2
    first, second = run_forked([partial(_load_chunk, chunk, paths, vocabularies, datasets, today, licenses)
                                for chunk in (files[:half], files[half:])])
    return first + second


PARALLEL_FROM = 400  # below this, starting a process costs more than it saves


def _load_chunk(files: list[Path], paths: Paths, vocabularies: dict[str, Vocabulary], datasets: dict[str, Dataset],
                today: date, licenses: dict[str, License]) -> list[tuple[Paper | None, list[Problem]]]:
    return [load_entry(path, paths, vocabularies, datasets, today, licenses) for path in files]


def load_corpus(
    paths: Paths, targets: Sequence[Path] | None = None, *, today: date, cache: EntryCache | None = None
) -> tuple[Corpus, list[Problem]]:
    """Load every vocabulary, dataset and entry (or only `targets`, files or folders), then run the checks
    across entries. The corpus holds only the records that loaded without error. With a `cache`, entries whose
    bytes did not change since the last load are not parsed again."""
    loaded: Registries = cache.load_registries(paths, lambda: load_registries(paths, today)) if cache else \
        load_registries(paths, today)
    vocabularies, datasets, base_models, licenses = (loaded.vocabularies, loaded.datasets, loaded.base_models,
                                                     loaded.licenses)
    problems = list(loaded.problems)
    if loaded.broken:
        return Corpus((), {}, vocabularies), sorted(set(problems), key=_report_order)
    papers: list[Paper] = []
    # Dataset files are always loaded (above); naming one only asks for its problems, already collected.
    files = _entry_files(paths, targets)
    if cache:
        results = [cache.load(path, loaded, partial(load_entry, path, paths, vocabularies, datasets, today, licenses))
                   for path in files]
    else:
        results = load_entries(files, paths, vocabularies, datasets, today, licenses)
    for paper, found in results:
        problems += found
        if paper:
            papers.append(paper)
    # Checking a few files (a pull request's): compare them with the rest of entries/ too.
    chosen = {path.resolve() for path in files} if targets else set()
    others = (
        []
        if not targets or not paths.entries.is_dir()
        else [
            paper
            for path in yaml_files([paths.entries])
            if path.resolve() not in chosen
            for paper in [load_entry(path, paths, vocabularies, datasets, today, licenses)[0]]
            if paper
        ]
    )
    new = frozenset(paper.source for paper in papers if paper.source) if others else frozenset()
    problems += [
        p
        for p in check_unique_identifiers(papers + others, paths.root, new)
        if not others or p.path in {source_name(f, paths.root) for f in files}
    ]
    problems += check_builds_on(papers + others, base_models, paths.root,
                                frozenset(p.source for p in papers if p.source) if others else None)
    refused = {p.path for p in problems if p.severity == "error"}
    if refused:  # a cross-entry error (a duplicate id, an unknown base) refuses the entry it names
        papers = [p for p in papers if source_name(p.source or Path(), paths.root) not in refused]
    papers.sort(key=lambda p: (-p.year, p.model.casefold(), p.id))
    corpus = Corpus(tuple(papers), datasets, vocabularies, base_models, licenses)
    return corpus, sorted(set(problems), key=_report_order)


def _entry_files(paths: Paths, targets: Sequence[Path] | None) -> list[Path]:
    """The entry files named (dataset files named too are checked as datasets), or all of entries/."""
    if not targets:
        return yaml_files([paths.entries])
    return [f for f in yaml_files(targets) if not _inside(f, paths.datasets)]


def count_entry_files(paths: Paths, targets: Sequence[Path] | None = None) -> int:
    return len(_entry_files(paths, targets))


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def _report_order(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.path, problem.line, problem.col, problem.message)

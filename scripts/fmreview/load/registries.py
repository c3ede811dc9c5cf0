"""The registries entries point into: datasets (data/datasets/<id>.yaml, named under `datasets`), general-domain
base models (data/base-models/<id>.yaml, named in `builds_on`) and licences (data/licenses.yaml, named in
`license` and `weights_license`), loaded with the vocabularies into one Registries. Checked like entries;
problems are collected, never raised."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from ..check.context import Context, source_name
from ..check.fields import check_id_matches_file
from ..check.rules import check_dataset_file
from ..check.schema import check_schema
from ..config import Paths
from ..model import BaseModel, Dataset, License, Problem, Vocabulary
from .vocab import load_vocabularies
from .yamlfile import YamlDocument, read_yaml, yaml_files

Record = TypeVar("Record")


def load_folder(
    paths: Paths,
    folder: Path,
    schema: Path,
    *,
    example: str,
    term_fields: frozenset[str],
    check: Callable[[YamlDocument, Context], Iterable[Problem]],
    make: Callable[[dict[str, Any], Path], Record],
    vocabularies: dict[str, Vocabulary],
    today: date,
) -> tuple[dict[str, Record], list[Problem]]:
    """Every YAML file of a registry folder → records by id, and every problem. Each file is read, checked against
    `schema` (its `term_fields` left to `check`) and by `check`; a file with an error is skipped, never raised."""
    records: dict[str, Record] = {}
    problems: list[Problem] = []
    for path in yaml_files([folder]) if folder.is_dir() else []:
        display = source_name(path, paths.root)
        doc, found = read_yaml(path, display)
        problems += found
        if doc is None:
            continue
        if not isinstance(doc.data, dict):
            problems.append(Problem(display, 1, 1, "", f"expected a mapping of fields (see {example})"))
            continue
        own = check_schema(doc, schema, display, term_fields)
        own += list(check(doc, Context(display, path.stem, vocabularies, {}, today)))
        problems += own
        if not any(p.severity == "error" for p in own):
            records[doc.data["id"]] = make(doc.data, path)
    return records, problems


def load_datasets(
    paths: Paths, vocabularies: dict[str, Vocabulary], today: date
) -> tuple[dict[str, Dataset], list[Problem]]:
    def make(d: dict[str, Any], path: Path) -> Dataset:
        return Dataset(id=d["id"], name=d["name"], modalities=tuple(d["modalities"]), anatomy=tuple(d["anatomy"]),
                       size=d["size"], access=d["access"], url=d["url"], description=d.get("description", ""),
                       aliases=tuple(d.get("aliases") or ()), source=path)
    return load_folder(paths, paths.datasets, paths.dataset_schema, example="data/datasets/mimic-cxr.yaml",
                       term_fields=frozenset({"modalities", "anatomy"}), check=check_dataset_file, make=make,
                       vocabularies=vocabularies, today=today)


def load_base_models(
    paths: Paths, vocabularies: dict[str, Vocabulary], today: date
) -> tuple[dict[str, BaseModel], list[Problem]]:
    def make(d: dict[str, Any], path: Path) -> BaseModel:
        return BaseModel(d["id"], d["name"], d["year"], d["kind"], d["url"])
    return load_folder(paths, paths.base_models, paths.base_model_schema, example="data/base-models/sam.yaml",
                       term_fields=frozenset(), check=check_id_matches_file, make=make,
                       vocabularies=vocabularies, today=today)


def load_licenses(paths: Paths) -> tuple[dict[str, License], list[Problem]]:
    if not paths.licenses.is_file():
        return {}, []
    display = source_name(paths.licenses, paths.root)
    doc, problems = read_yaml(paths.licenses, display)
    if doc is None:
        return {}, problems
    problems += check_schema(doc, paths.license_schema, display, frozenset())
    if any(p.severity == "error" for p in problems):
        return {}, problems
    licenses: dict[str, License] = {}
    for index, item in enumerate(doc.data):
        if item["id"] in licenses:
            problems.append(Problem(display, *doc.where(index, "id"), f"{index}.id", f"'{item['id']}' is listed twice"))
        licenses[item["id"]] = License(item["id"], item["name"], item["kind"])
    return licenses, problems


@dataclass(frozen=True)
class Registries:
    """What entries are checked against: the vocabularies, datasets, base models and licences of data/."""
    vocabularies: dict[str, Vocabulary]
    datasets: dict[str, Dataset] = field(default_factory=dict)
    base_models: dict[str, BaseModel] = field(default_factory=dict)
    licenses: dict[str, License] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    broken: bool = False  # the taxonomy itself has errors: nothing can be checked against it


def load_registries(paths: Paths, today: date) -> Registries:
    vocabularies, problems = load_vocabularies(paths)
    if any(p.severity == "error" for p in problems):
        return Registries(vocabularies, problems=problems, broken=True)
    datasets, found = load_datasets(paths, vocabularies, today)
    problems += found
    base_models, found = load_base_models(paths, vocabularies, today)
    problems += found
    licenses, found = load_licenses(paths)
    return Registries(vocabularies, datasets, base_models, licenses, problems + found)


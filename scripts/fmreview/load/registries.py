"""The two small registries entries point into besides datasets: general-domain base models
(data/base-models/<id>.yaml, named in `builds_on`) and licences (data/licenses.yaml, named in `license` and
`weights_license`). Loaded and checked like entries; problems are collected, never raised."""

from __future__ import annotations

from datetime import date

from ..check.context import Context, source_name
from ..check.fields import check_id_matches_file
from ..check.schema import check_schema
from ..config import Paths
from ..model import BaseModel, License, Problem, Vocabulary
from .yamlfile import read_yaml


def load_base_models(
    paths: Paths, vocabularies: dict[str, Vocabulary], today: date
) -> tuple[dict[str, BaseModel], list[Problem]]:
    models: dict[str, BaseModel] = {}
    problems: list[Problem] = []
    folder = paths.base_models
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml")) if folder.is_dir() else []
    for path in files:
        display = source_name(path, paths.root)
        doc, found = read_yaml(path, display)
        problems += found
        if doc is None:
            continue
        if not isinstance(doc.data, dict):
            problems.append(Problem(display, 1, 1, "", "expected a mapping of fields (see data/base-models/sam.yaml)"))
            continue
        own = check_schema(doc, paths.base_model_schema, display, frozenset())
        own += list(check_id_matches_file(doc, Context(display, path.stem, vocabularies, {}, today)))
        problems += own
        if any(p.severity == "error" for p in own):
            continue
        d = doc.data
        models[d["id"]] = BaseModel(d["id"], d["name"], d["year"], d["kind"], d["url"])
    return models, problems


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

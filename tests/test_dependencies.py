"""Declare what is imported and import what is declared: pyproject.toml's dependencies and the engine's imports
may not drift apart (an undeclared import breaks a fresh install; an unused dependency slows every one)."""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from conftest import ROOT

ENGINE = ROOT / "scripts" / "fmreview"
# Declared but used by name rather than imported, each with the reason.
USED_BY_NAME = {
    "mkdocs-material": "the theme named in mkdocs.yml",
    "ruff": "`make lint` and the pre-commit hook",
    "zizmor": "a command run by tests/test_workflows.py",
    "check-jsonschema": "a command run by the tests (issue form, CITATION.cff)",
    "pre-commit": "the contributor's hook runner",
    "pytest-xdist": "`make check` runs the quick tier on two cores (pytest -n 2)",
}


def normalise(name: str) -> str:
    return name.lower().replace("_", "-")


def requirement_name(requirement: str) -> str:
    for stop in "<>=!~[ ;":
        requirement = requirement.split(stop)[0]
    return normalise(requirement)


def imported_distributions(folder: Path) -> dict[str, set[str]]:
    """Distribution → the files importing it, for every third-party top-level import under `folder`."""
    owners = packages_distributions()
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                local = top.startswith("test_") or top in ("fmreview", "conftest", "expected", "golden", "apiserver")
                if top in sys.stdlib_module_names or local:
                    continue
                for dist in owners.get(top, [top]):
                    found.setdefault(normalise(dist), set()).add(path.relative_to(ROOT).as_posix())
    return found


def declared() -> tuple[set[str], set[str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {requirement_name(r) for r in project["dependencies"]}
    extras = {requirement_name(r) for group in project["optional-dependencies"].values() for r in group}
    return runtime, extras


def test_every_engine_import_is_declared() -> None:
    runtime, extras = declared()
    imports = imported_distributions(ENGINE)
    outside_devtools = {dist for dist, files in imports.items()
                        if any("/devtools/" not in f for f in files)}
    assert sorted(outside_devtools - runtime) == [], "imported by the engine but not in [project] dependencies"
    assert sorted(set(imports) - runtime - extras) == [], "imported by devtools but declared nowhere"


def test_every_test_import_is_declared() -> None:
    runtime, extras = declared()
    assert sorted(set(imported_distributions(ROOT / "tests")) - runtime - extras) == []


def test_every_declared_dependency_is_used() -> None:
    runtime, extras = declared()
    used = set(imported_distributions(ENGINE)) | set(imported_distributions(ROOT / "tests")) | set(USED_BY_NAME)
    assert sorted(runtime - used) == [], "declared in pyproject.toml but never imported"
    assert sorted(extras - used) == [], "test extra declared but never imported or run"


def test_every_declared_dependency_is_pinned() -> None:
    runtime, extras = declared()
    lock = {normalise(line.split("==")[0]) for line in (ROOT / "requirements.lock").read_text().splitlines()
            if "==" in line and not line.startswith("#")}
    assert sorted((runtime | extras) - lock) == [], "declared but not pinned in requirements.lock"

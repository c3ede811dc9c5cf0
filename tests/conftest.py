"""Shared fixtures: the repository, and throw-away copies of it with a chosen set of entries."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from fmreview.config import Paths

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
TODAY = date(2026, 11, 28)  # builds in tests are pinned to one day so outputs are comparable


def make_repo(target: Path, entries: Path | list[Path]) -> Paths:
    """A minimal checkout in `target`: the real mkdocs.yml, data/, docs/ and the given entry files."""
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, target / name)
    for folder in ("data", "docs"):
        shutil.copytree(ROOT / folder, target / folder)
    (target / "scripts" / "fmreview").mkdir(parents=True)
    shutil.copytree(ROOT / "scripts" / "fmreview" / "theme", target / "scripts" / "fmreview" / "theme")
    (target / "entries").mkdir()
    files = sorted(entries.glob("*.yaml")) if isinstance(entries, Path) else entries
    for file in files:
        shutil.copy(file, target / "entries" / file.name)
    return Paths(target)


@pytest.fixture
def repo_paths() -> Paths:
    return Paths(ROOT)


@pytest.fixture
def fixture_repo(tmp_path: Path) -> Paths:
    """A checkout holding the small fixture corpus (tests/fixtures/corpus)."""
    return make_repo(tmp_path, FIXTURES / "corpus")


@pytest.fixture(scope="session")
def built_fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """The fixture corpus built once per session with the real `mkdocs build --strict`."""
    from fmreview.build import build_site

    paths = make_repo(tmp_path_factory.mktemp("site"), FIXTURES / "corpus")
    assert build_site(paths, today=TODAY) == 0
    return paths

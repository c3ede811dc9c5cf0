"""Invalid dataset and vocabulary files are reported like invalid entries: path:line:col, field, message. Each
fixture's first line is the problem exactly as reported; a new case is a new file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, TODAY, make_repo
from fmreview.load.corpus import load_corpus

DATASETS = sorted((FIXTURES / "datasets" / "invalid").glob("*.yaml"))
VOCABULARIES = sorted((FIXTURES / "vocab" / "invalid").glob("*.yaml"))


def expectation(path: Path) -> str:
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    expected = first.removeprefix("# expect: ")
    assert re.match(r"\d+:\d+: (error|warning): ", expected), f"{path.name} must start with '# expect: line:col: ...'"
    return expected


@pytest.mark.parametrize("path", DATASETS, ids=lambda p: p.stem)
def test_invalid_dataset_file_is_reported(path: Path, tmp_path: Path) -> None:
    paths = make_repo(tmp_path, FIXTURES / "corpus")
    shutil.copy(path, paths.datasets / path.name)
    _, problems = load_corpus(paths, today=TODAY)
    shown = [str(p) for p in problems]
    assert f"data/datasets/{path.name}:{expectation(path)}" in shown, "\n".join(shown)


@pytest.mark.parametrize("path", VOCABULARIES, ids=lambda p: p.stem)
def test_invalid_vocabulary_file_is_reported(path: Path, tmp_path: Path) -> None:
    paths = make_repo(tmp_path, [])
    axis = path.stem.split("--")[0]
    shutil.copy(path, paths.vocab / f"{axis}.yaml")
    _, problems = load_corpus(paths, today=TODAY)
    shown = [str(p) for p in problems]
    assert f"data/vocab/{axis}.yaml:{expectation(path)}" in shown, "\n".join(shown)

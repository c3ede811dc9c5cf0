"""Synthetic corpora used by the benchmarks are valid, reproducible and written as real entry files."""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY
from fmreview.config import Paths
from fmreview.devtools.synthetic import make_corpus, write_synthetic_repo
from fmreview.load.corpus import load_corpus


def test_same_seed_same_corpus(repo_paths: Paths) -> None:
    assert make_corpus(20, seed=3, paths=repo_paths) == make_corpus(20, seed=3, paths=repo_paths)
    assert make_corpus(20, seed=3, paths=repo_paths) != make_corpus(20, seed=4, paths=repo_paths)


def test_synthetic_repo_validates_without_problems(repo_paths: Paths, tmp_path: Path) -> None:
    paths = write_synthetic_repo(repo_paths, tmp_path, 150)
    corpus, problems = load_corpus(paths, today=TODAY)
    assert [str(p) for p in problems] == []
    assert len(corpus.papers) == 150

"""Loading many entries uses a second process for half of them: the records and problems are those (and in the
order) one process gives, bad entries included."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, TODAY, make_repo
from fmreview.config import Paths
from fmreview.load import corpus


def test_two_processes_load_what_one_loads(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths: Paths = make_repo(tmp_path, FIXTURES / "corpus")
    (paths.entries / "zz-broken.yaml").write_text("id: zz-broken\ntitle: [unclosed\n", encoding="utf-8")
    one, one_problems = corpus.load_corpus(paths, today=TODAY)
    monkeypatch.setattr(corpus, "PARALLEL_FROM", 2)
    two, two_problems = corpus.load_corpus(paths, today=TODAY)
    assert len(one.papers) > 5 and one.papers == two.papers
    assert one_problems == two_problems and any(p.path == "entries/zz-broken.yaml" for p in two_problems)

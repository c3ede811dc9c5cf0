"""data/triage.yaml (fmreview.load.triage): the fixture loads; mistakes are reported by `review validate` as
path:line:col with a suggestion; a missing or empty file is no error."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, make_repo
from fmreview.cli import main
from fmreview.config import Paths
from fmreview.load.triage import load_triage


def test_the_fixture_and_the_real_file_load() -> None:
    screened, problems = load_triage(Paths(ROOT), FIXTURES / "triage.yaml")
    assert problems == [] and len(screened) == 28
    first = screened[0]
    assert (first.title, first.arxiv, first.decision, first.reason, first.entry, first.screened, first.line) == (
        "Segment anything in medical images", "2304.12306", "included", "in-scope", "medsam", date(2026, 11, 28), 4)
    assert sum(s.decision == "excluded" for s in screened) == 27
    assert load_triage(Paths(ROOT))[1] == []  # data/triage.yaml as committed


def test_validate_reports_triage_mistakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    paths = make_repo(tmp_path, FIXTURES / "corpus")
    shutil.copy(FIXTURES / "triage-invalid.yaml", paths.data / "triage.yaml")
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 1
    out = capsys.readouterr().out
    assert "data/triage.yaml:7:3: error: decison: unknown field (did you mean 'decision'?)" in out
    assert "data/triage.yaml:9:3: error: screened: '2026-11-31' is not a date YYYY-MM-DD" in out


@pytest.mark.parametrize(("text", "message"), [
    ("", None),
    ("title: not a list\n", "data/triage.yaml:1:1: error: the triage file must be a YAML list of screened papers"),
    ("- just a title\n", "data/triage.yaml:1:3: error: [0]: each item must be a mapping"),
    ("- title: x\n  decision: excluded\n  reason: single-task\n  screened: 2026-11-21\n  arxiv: 2401.00001\n",
     "data/triage.yaml:5:3: error: arxiv: must be a string (quote it: arxiv: \"2401.00001\")"),
    ("- title: x\n  decision: maybe\n  reason: single-task\n  screened: 2026-11-21\n",
     "data/triage.yaml:2:3: error: decision: 'maybe' is not one of included, excluded"),
])
def test_each_mistake_has_a_message(tmp_path: Path, text: str, message: str | None) -> None:
    paths = make_repo(tmp_path, [])
    (paths.data / "triage.yaml").write_text(text)
    _, problems = load_triage(paths)
    assert str(problems[0]).startswith(message) if message else problems == []

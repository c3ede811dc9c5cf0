"""Every file under fixtures/entries/invalid/ yields the problem its first line expects; every file under
valid/ yields none. A new rule means a new fixture file, not new test code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FIXTURES, TODAY
from fmreview.config import Paths
from fmreview.load.corpus import load_corpus

INVALID = sorted((FIXTURES / "entries" / "invalid").glob("*.yaml"))
WARNING = sorted((FIXTURES / "entries" / "warning").glob("*.yaml"))
VALID = sorted((FIXTURES / "entries" / "valid").glob("*.yaml"))


def expectation(path: Path) -> str:
    """The fixture's first line: `# expect: LINE:COL: SEVERITY: FIELD: MESSAGE`, the problem exactly as reported."""
    first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8")
    assert first.startswith("# expect: "), f"{path.name} must start with '# expect: line:col: severity: ...'"
    expected = first.removeprefix("# expect: ")
    assert re.match(r"\d+:\d+: (error|warning): ", expected), f"{path.name}: the expectation starts with line:col"
    return expected


def in_checkout(repo_paths: Paths, path: Path) -> Path:
    """The fixture's copy inside the frozen checkout, so that problems name it as in the repository."""
    return repo_paths.root / path.relative_to(FIXTURES.parents[1])


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_entry_reports_expected_problem(path: Path, repo_paths: Paths) -> None:
    target = in_checkout(repo_paths, path)
    corpus, problems = load_corpus(repo_paths, [target], today=TODAY)
    shown = [str(p) for p in problems if p.severity == "error"]
    where = f"tests/fixtures/entries/invalid/{path.name}:"
    assert where + expectation(path) in shown, "\n".join(shown) or "no error reported"
    assert corpus.papers == ()
    for problem in problems:
        assert problem.path.endswith(path.name)
        assert problem.line >= 1 and problem.col >= 1


@pytest.mark.parametrize("path", WARNING, ids=lambda p: p.stem)
def test_warning_is_reported_and_the_entry_still_loads(path: Path, repo_paths: Paths) -> None:
    target = in_checkout(repo_paths, path)
    corpus, problems = load_corpus(repo_paths, [target], today=TODAY)
    assert [p.severity for p in problems] == ["warning"], [str(p) for p in problems]
    assert str(problems[0]) == f"tests/fixtures/entries/warning/{path.name}:" + expectation(path)
    assert [p.id for p in corpus.papers] == [path.stem]


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_entry_has_no_problem(path: Path, repo_paths: Paths) -> None:
    corpus, problems = load_corpus(repo_paths, [path], today=TODAY)
    assert [str(p) for p in problems] == []
    assert [p.id for p in corpus.papers] == [path.stem]


def test_every_problem_of_a_file_is_reported(tmp_path: Path, repo_paths: Paths) -> None:
    text = (FIXTURES / "entries" / "valid" / "minimal.yaml").read_text()
    text = text.replace("modalities: [x-ray]", "modalities: [Xray, MRI]").replace("year: 2023", "year: 1999")
    path = tmp_path / "minimal.yaml"
    path.write_text(text)
    _, problems = load_corpus(repo_paths, [path], today=TODAY)
    fields = sorted(p.field for p in problems)
    assert fields == ["modalities.0", "modalities.1", "year"]
    assert "did you mean 'mri'" in str(next(p for p in problems if p.field == "modalities.1"))


def test_huge_file_is_refused_without_reading_it(tmp_path: Path, repo_paths: Paths) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("id: huge\nsummary: " + "x" * 400_000 + "\n")
    _, problems = load_corpus(repo_paths, [path], today=TODAY)
    assert len(problems) == 1 and "must be under" in problems[0].message


def test_duplicates_across_entries(tmp_path: Path, repo_paths: Paths) -> None:
    source = (FIXTURES / "entries" / "valid" / "medsam-copy.yaml").read_text()
    (tmp_path / "first.yaml").write_text(source.replace("id: medsam-copy", "id: first"))
    second = source.replace("id: medsam-copy", "id: second").replace("A valid fixture entry", "A VALID fixture-entry!")
    (tmp_path / "second.yaml").write_text(second)
    _, problems = load_corpus(repo_paths, [tmp_path], today=TODAY)
    messages = sorted((p.path.split("/")[-1], p.field, p.message.split(" as ")[0]) for p in problems)
    assert messages == [
        ("second.yaml", "arxiv", "same arXiv ID"),
        ("second.yaml", "doi", "same DOI"),
        ("second.yaml", "title", "same near-identical title"),
    ]
    assert all(p.line > 1 for p in problems)


def test_checking_one_file_compares_it_with_the_whole_review(tmp_path: Path, repo_paths: Paths) -> None:
    """A pull request's new entry that repeats a paper already in entries/ is caught."""
    medsam = (repo_paths.entries / "medsam.yaml").read_text().replace("id: medsam", "id: medsam-again")
    path = tmp_path / "medsam-again.yaml"
    path.write_text(medsam)
    _, problems = load_corpus(repo_paths, [path], today=TODAY)
    assert {p.field for p in problems} >= {"doi", "arxiv", "title"}
    assert all("entries/medsam.yaml" in p.message for p in problems if p.field in {"doi", "arxiv", "title"})


def test_vocabulary_aliases_suggest_terms(repo_paths: Paths, tmp_path: Path) -> None:
    text = (FIXTURES / "entries" / "valid" / "minimal.yaml").read_text()
    path = tmp_path / "minimal.yaml"
    path.write_text(text.replace("modalities: [x-ray]", "modalities: [dermoscopy]"))
    _, problems = load_corpus(repo_paths, [path], today=TODAY)
    assert "did you mean 'dermatology'?" in problems[0].message

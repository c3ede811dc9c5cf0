"""The `review` command as a contributor meets it: exact messages and exit codes, never a traceback."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, Ran, make_repo, run_review
from fmreview.config import Paths

REVIEW = [sys.executable, "-m", "fmreview.cli"]


@pytest.fixture
def run(repo_paths: Paths):
    """`review ARGS` in process, in the frozen checkout (it holds tests/fixtures/ at the same path)."""

    def review(*args: str, cwd: Path | None = None) -> Ran:
        return run_review(list(args), cwd or repo_paths.root)

    return review


def test_validate_broken_folder_lists_every_problem_and_exits_1(run) -> None:
    result = run("validate", "tests/fixtures/entries/invalid")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    files = {line.split(":")[0] for line in result.stdout.splitlines()}
    assert len(files) == len(list((FIXTURES / "entries" / "invalid").glob("*.yaml")))
    assert (
        "tests/fixtures/entries/invalid/unknown-modality.yaml:24:14: error: modalities.0: unknown modality "
        "'Xray' (did you mean 'x-ray'?)"
    ) in result.stdout
    assert result.stderr.startswith(f"Checked {len(files)} entries: ")


def test_validate_valid_files_exits_0_with_summary(run) -> None:
    result = run("validate", "tests/fixtures/entries/valid")
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == "Checked 2 entries: 0 errors, 0 warnings.\n"


def test_github_format_annotates_the_diff(run) -> None:
    result = run("validate", "--format", "github", "tests/fixtures/entries/invalid/unknown-field.yaml")
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=tests/fixtures/entries/invalid/unknown-field.yaml,line=")
    assert "title=tittle::unknown field 'tittle' (did you mean 'title'?)" in result.stdout


def test_missing_path_is_a_usage_error(run) -> None:
    result = run("validate", "no/such/folder")
    assert result.returncode == 2
    assert result.stderr == "review: error: no such file or folder: no/such/folder\n"


def test_outside_the_repository_is_a_usage_error(run, tmp_path: Path) -> None:
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("review: error: not inside the review's repository")


def test_unknown_subcommand_is_a_usage_error(run) -> None:
    result = run("frobnicate")
    assert result.returncode == 2
    assert "invalid choice: 'frobnicate'" in result.stderr


def test_every_subcommand_has_help(run) -> None:
    from fmreview.arguments import parser

    top = parser()
    choices = top._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name, sub in choices.items():
        assert sub.description, f"review {name} has no description"
        assert run(name, "--help").returncode == 0


PAIR = ["tests/fixtures/entries/invalid/unknown-field.yaml", "tests/fixtures/entries/warning/truncated-authors.yaml"]


def test_json_format_lists_every_problem_with_its_location(run) -> None:
    import json

    result = run("validate", "--format", "json", *PAIR)
    assert result.returncode == 1
    assert json.loads(result.stdout) == [
        {"path": PAIR[0], "line": 3, "col": 1, "field": "tittle", "severity": "error",
         "message": "unknown field 'tittle' (did you mean 'title'?)"},
        {"path": PAIR[1], "line": 6, "col": 5, "field": "authors.1", "severity": "warning",
         "message": "author list is truncated; list every author"},
    ]


def test_markdown_format_is_a_table_for_the_job_summary(run, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    result = run("validate", "--format", "markdown", "--summary", str(summary), *PAIR)
    assert result.returncode == 1
    assert result.stdout == summary.read_text(encoding="utf-8")
    rows = result.stdout.splitlines()
    assert rows[:2] == ["| file | line | field | problem |", "|---|---|---|---|"]
    assert rows[2] == f"| `{PAIR[0]}` | 3:1 | `tittle` | error: unknown field 'tittle' (did you mean 'title'?) |"
    assert rows[3] == f"| `{PAIR[1]}` | 6:5 | `authors.1` | warning: author list is truncated; list every author |"
    assert len(rows) == 4


def test_strict_makes_a_warning_fail(run) -> None:
    assert run("validate", PAIR[1]).returncode == 0
    strict = run("validate", "--strict", PAIR[1])
    assert strict.returncode == 1 and ": error: authors.1: author list is truncated" in strict.stdout


def test_a_real_process_validates_and_exits_with_the_code(repo_paths: Paths) -> None:
    """Two smoke tests in a separate process: the installed entry point, exit codes and streams as a shell sees."""
    import subprocess

    command = [*REVIEW, "--today", "2026-11-28", "validate"]
    ok = subprocess.run([*command, "entries"], cwd=repo_paths.root, capture_output=True, text=True, check=False)
    assert ok.returncode == 0 and ok.stderr == "Checked 8 entries: 0 errors, 1 warning.\n"
    bad = subprocess.run([*command, PAIR[0]], cwd=repo_paths.root, capture_output=True, text=True, check=False)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert bad.stdout.startswith(f"{PAIR[0]}:3:1: error: tittle: unknown field")


def test_validating_the_whole_review_checks_the_templates_of_docs_too(tmp_path: Path) -> None:
    """A `{{` typo in a hand-written page is reported with the entries' problems, at its line, before a build."""
    paths = make_repo(tmp_path, FIXTURES / "corpus")
    (paths.docs / "about.md").write_text("# About\n\nFine so far.\n\n{{ broken \n", encoding="utf-8")
    result = run_review(["validate"], cwd=paths.root)
    assert result.returncode == 1
    assert "docs/about.md:5:1: error: template: unexpected end of template" in result.stdout
    assert "Traceback" not in result.stderr

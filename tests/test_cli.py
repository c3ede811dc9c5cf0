"""The `review` command as a contributor meets it: exact messages and exit codes, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, ROOT

REVIEW = [sys.executable, "-m", "fmreview.cli"]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*REVIEW, *args], cwd=cwd, capture_output=True, text=True, check=False)


def test_validate_broken_folder_lists_every_problem_and_exits_1() -> None:
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


def test_validate_valid_files_exits_0_with_summary() -> None:
    result = run("validate", "tests/fixtures/entries/valid")
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == "Checked 2 entries: 0 errors, 0 warnings.\n"


def test_github_format_annotates_the_diff() -> None:
    result = run("validate", "--format", "github", "tests/fixtures/entries/invalid/unknown-field.yaml")
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=tests/fixtures/entries/invalid/unknown-field.yaml,line=")
    assert "title=tittle::unknown field 'tittle' (did you mean 'title'?)" in result.stdout


def test_missing_path_is_a_usage_error() -> None:
    result = run("validate", "no/such/folder")
    assert result.returncode == 2
    assert result.stderr == "review: error: no such file or folder: no/such/folder\n"


def test_outside_the_repository_is_a_usage_error(tmp_path: Path) -> None:
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("review: error: not inside the review's repository")


def test_unknown_subcommand_is_a_usage_error() -> None:
    result = run("frobnicate")
    assert result.returncode == 2
    assert "invalid choice: 'frobnicate'" in result.stderr


def test_every_subcommand_has_help() -> None:
    from fmreview.cli import parser

    top = parser()
    choices = top._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name, sub in choices.items():
        assert sub.description, f"review {name} has no description"
        assert run(name, "--help").returncode == 0

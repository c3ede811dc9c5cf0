"""`review new`: a skeleton entry with every field of the schema and, as comments, the allowed values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, TODAY, Ran, make_repo, run_review
from fmreview.config import Paths
from fmreview.intake.skeleton import render_skeleton
from fmreview.load.corpus import load_corpus
from fmreview.load.vocab import load_vocabularies


@pytest.fixture
def repo(tmp_path: Path) -> Paths:
    return make_repo(tmp_path, FIXTURES / "corpus")


def run(args: list[str], cwd: Path) -> Ran:
    return run_review(args, cwd)


def test_new_writes_every_field_with_its_allowed_values(repo: Paths) -> None:
    result = run(["new", "retfound"], cwd=repo.root)
    assert (result.returncode, result.stdout) == (0, "entries/retfound.yaml\n")
    text = (repo.entries / "retfound.yaml").read_text(encoding="utf-8")
    schema = json.loads(repo.entry_schema.read_text())
    for name in schema["properties"]:
        assert f"\n{name}:" in text or f"\n# {name}:" in text, f"{name} missing from the skeleton"
    comments = " ".join(line[2:] for line in text.splitlines() if line.startswith("# "))
    vocabularies, _ = load_vocabularies(repo)
    for axis, vocab in vocabularies.items():
        for term in vocab.terms:
            assert f" {term.id}," in comments or f" {term.id}." in comments, f"{axis}: {term.id} not listed"
    for unit in schema["properties"]["pretraining_data"]["properties"]["unit"]["enum"]:
        assert unit in comments
    assert "id: retfound\n" in text and f"added: {TODAY.isoformat()}\n" in text


def test_the_skeleton_fails_validation_only_on_its_todos(repo: Paths) -> None:
    vocabularies, _ = load_vocabularies(repo)
    path = repo.entries / "skeleton.yaml"
    path.write_text(render_skeleton("skeleton", repo, vocabularies, TODAY), encoding="utf-8")
    _, problems = load_corpus(repo, [path], today=TODAY)
    assert problems and all(p.message.startswith("still TODO:") for p in problems), [str(p) for p in problems]
    fields = {p.field.split(".")[0] for p in problems}
    schema = json.loads(repo.entry_schema.read_text())
    assert fields == set(schema["required"]) - {"id", "added", "checked"} | {"arxiv"}
    arxiv = next(p for p in problems if p.field == "arxiv")
    assert arxiv.message == ("still TODO: give the paper's identifier here, or delete the line and give one of "
                             "arxiv, doi, url")


def test_new_refuses_an_existing_file_and_a_bad_id(repo: Paths) -> None:
    before = (repo.entries / "medsam.yaml").read_bytes()
    result = run(["new", "medsam"], cwd=repo.root)
    assert (result.returncode, result.stderr) == (
        1, "review new: entries/medsam.yaml already exists; choose another id\n")
    assert (repo.entries / "medsam.yaml").read_bytes() == before
    result = run(["new", "MedSAM 2024"], cwd=repo.root)
    assert result.returncode == 1 and "is not a valid id" in result.stderr
    assert not list(repo.entries.glob("MedSAM*"))


@pytest.mark.parametrize(("command", "words"), [
    ("add", "BibTeX"), ("new", "skeleton"), ("docs", "field reference"), ("links", "allowlist"),
])
def test_contributing_subcommands_have_help(command: str, words: str) -> None:
    overview = run(["--help"], cwd=Path.cwd())
    assert command in overview.stdout
    result = run([command, "--help"], cwd=Path.cwd())
    assert result.returncode == 0 and words in result.stdout.replace("\n", " ").replace("  ", " ")

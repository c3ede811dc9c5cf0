"""The contributing guide's field reference is generated from the schema and the vocabularies: the committed
CONTRIBUTING.md matches what they generate, it covers every field and term, and the site shows it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, make_repo, run_review
from fmreview.check.reference import END, START, generated_guide, render_field_reference, replace_marked_block
from fmreview.config import Paths
from fmreview.intake.skeleton import load_entry_schema
from fmreview.load.vocab import load_vocabularies


def test_the_guide_is_generated_from_the_schema_and_vocabularies(repo_paths: Paths) -> None:
    """(The committed files are checked against the real data/vocab/ by test_corpus.py, with `review docs --check`.)"""
    current, wanted = generated_guide(repo_paths)
    assert current.split(START)[0] == wanted.split(START)[0] and current.split(END)[1] == wanted.split(END)[1]
    assert render_field_reference(load_entry_schema(repo_paths), load_vocabularies(repo_paths)[0]) in wanted


def test_reference_covers_every_field_term_and_rule(repo_paths: Paths) -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = text.split(START, 1)[1].split(END, 1)[0]
    schema = load_entry_schema(repo_paths)
    for name in schema["properties"]:
        assert f"| `{name}` |" in block
    vocabularies, _ = load_vocabularies(repo_paths)
    for vocab in vocabularies.values():
        for term in vocab.terms:
            assert f"| `{term.id}` | {term.label} |" in block
    assert "- No field still holds TODO" in block and "- No paper appears twice" in block


def test_a_schema_change_makes_the_check_fail_until_regenerated(tmp_path: Path) -> None:
    paths = make_repo(tmp_path, FIXTURES / "corpus")
    assert run_review(["docs"], tmp_path).returncode == 0  # in step with the frozen vocabularies
    schema = json.loads(paths.entry_schema.read_text())
    schema["properties"]["venue"]["description"] = "Where the cited version appeared."
    paths.entry_schema.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
    guide = (tmp_path / "CONTRIBUTING.md").read_text().split("\n")
    line = next(number for number, text in enumerate(guide, 1) if text.startswith("| `venue` |"))
    check = run_review(["docs", "--check"], tmp_path)
    assert check.returncode == 1 and check.stderr.startswith(f"CONTRIBUTING.md:{line}:1: error: out of date")
    assert "run `review docs` and commit the result" in check.stderr
    assert run_review(["docs"], tmp_path).returncode == 0
    assert "Where the cited version appeared." in (tmp_path / "CONTRIBUTING.md").read_text()
    again = run_review(["docs", "--check"], tmp_path)
    assert again.returncode == 0 and again.stderr.startswith("review docs: up to date: data/entry.schema.json")


def test_markers_must_be_present_once() -> None:
    with pytest.raises(ValueError, match="expected one"):
        replace_marked_block("# Contributing\nno markers here\n", "x")
    assert replace_marked_block(f"a\n{START}\nold\n{END}\nb\n", "new\n") == f"a\n{START}\n\nnew\n\n{END}\nb\n"


def test_the_site_shows_the_guide_and_its_reference(built_fixture_site: Paths) -> None:
    page = (built_fixture_site.build_site / "contributing" / "index.html").read_text(encoding="utf-8")
    assert "Add a paper in five minutes" in page
    vocabularies, _ = load_vocabularies(built_fixture_site)
    definition = vocabularies["modalities"].terms[0].definition
    assert definition in page and "<table>" in page


def test_without_the_guide_the_site_still_shows_the_reference(tmp_path: Path) -> None:
    from fmreview.check.reference import contributing_guide

    paths = make_repo(tmp_path, FIXTURES / "corpus")
    (tmp_path / "CONTRIBUTING.md").unlink()
    vocabularies, _ = load_vocabularies(paths)
    shown = contributing_guide(paths, vocabularies)
    assert shown == render_field_reference(load_entry_schema(paths), vocabularies)

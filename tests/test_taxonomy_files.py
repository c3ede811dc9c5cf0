"""The taxonomy is declared once, in data/vocab/: adding a term is one line plus `review docs`, adding an axis is
one file plus `review docs`, and `review docs --check` names every file left out of date.

The checkouts are copies of the repository (tests/conftest.py's make_repo, with the real issue forms); the site
is built with the real `mkdocs build --strict`, and mkdocs' own configuration loader reads the nav exclusions."""

from __future__ import annotations

import difflib
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from mkdocs.config import load_config

from conftest import FIXTURES, ROOT, TODAY, make_repo, run_review
from fmreview.config import Paths
from fmreview.load.corpus import load_corpus

FORM = ".github/ISSUE_TEMPLATE/suggest-paper.yml"
GENERATED = ("data/entry.schema.json", "data/dataset.schema.json", "mkdocs.yml", FORM, "CONTRIBUTING.md")
# Adding a term: one line in its vocabulary.
TERM = "  - {id: spect, label: SPECT, definition: Single-photon emission computed tomography.}\n"
# Adding an axis: one file.
AXIS = """\
field: validation
order: 95
label: Validation
noun: validation design
description: How the paper validates the model beyond its development data.
meaning: How the model is validated beyond its development data
multiple: true
required: false
terms:
  - id: internal
    label: Internal test set
    definition: Held-out data from the same sources as the training data.
  - id: external
    label: External validation
    definition: Data from institutions or scanners the model never saw in training.
"""


def checkout(target: Path) -> Paths:
    """The fixture corpus with the real issue forms, every generated file in step with the frozen vocabularies."""
    paths = make_repo(target, FIXTURES / "corpus")
    shutil.copytree(ROOT / ".github" / "ISSUE_TEMPLATE", target / ".github" / "ISSUE_TEMPLATE")
    assert run_review(["docs"], target).returncode == 0
    assert run_review(["docs", "--check"], target).returncode == 0
    return paths


def add_term(paths: Paths) -> None:
    with (paths.vocab / "modalities.yaml").open("a", encoding="utf-8") as vocab:
        vocab.write(TERM)


def snapshot(root: Path) -> dict[str, str]:
    return {name: (root / name).read_text(encoding="utf-8") for name in GENERATED}


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> tuple[Paths, dict[str, str]]:
    """A checkout with one term and one axis added, `review docs` run, an entry using both, and the site built."""
    paths = checkout(tmp_path_factory.mktemp("grown"))
    before = snapshot(paths.root)
    add_term(paths)
    (paths.vocab / "validation.yaml").write_text(AXIS, encoding="utf-8")
    docs = run_review(["docs"], paths.root)
    assert docs.returncode == 0, docs.stderr
    entry = paths.entries / "voxct.yaml"
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text.replace("modalities: [", "modalities: [spect, ", 1) + "validation: [external]\n",
                     encoding="utf-8")
    build = run_review(["build"], paths.root)  # validation, generation, then mkdocs build --strict
    assert build.returncode == 0, build.stderr
    return paths, before


@pytest.mark.slow  # the grown checkout is built with mkdocs once for these three
def test_a_new_term_is_accepted_listed_and_built(grown: tuple[Paths, dict[str, str]]) -> None:
    paths, before = grown
    corpus, problems = load_corpus(paths, today=TODAY)
    assert not [p for p in problems if p.severity == "error"]
    assert "spect" in next(p for p in corpus.papers if p.id == "voxct").modalities
    entry_schema = json.loads((paths.root / "data/entry.schema.json").read_text())["properties"]["modalities"]
    dataset_schema = json.loads((paths.root / "data/dataset.schema.json").read_text())["properties"]["modalities"]
    for prop in (entry_schema, dataset_schema):
        assert prop["items"]["enum"][-1] == "spect" and prop["maxItems"] == len(prop["items"]["enum"])
    form = {item.get("id"): item for item in yaml.safe_load((paths.root / FORM).read_text())["body"]}
    assert form["modalities"]["attributes"]["options"][-2:] == ["SPECT", "Other (say which below)"]
    # Only the generated lines changed, the rest of each file byte for byte.
    assert changed_lines(before[FORM], (paths.root / FORM).read_text()) == ["+         - SPECT"]
    page = (paths.build_site / "modalities" / "spect" / "index.html").read_text(encoding="utf-8")
    assert "Single-photon emission computed tomography." in page and 'href="../../papers/voxct/"' in page
    assert "| `spect` | SPECT |" in (paths.root / "CONTRIBUTING.md").read_text()


@pytest.mark.slow  # the grown checkout is built with mkdocs once for these three
def test_a_new_axis_gets_its_property_pages_facet_and_nav_exclusion(grown: tuple[Paths, dict[str, str]]) -> None:
    paths, before = grown
    schema = json.loads((paths.root / "data/entry.schema.json").read_text())
    names = list(schema["properties"])
    assert schema["properties"]["validation"] == {
        "description": "How the model is validated beyond its development data (data/vocab/validation.yaml).",
        "type": "array", "minItems": 1, "uniqueItems": True, "items": {"enum": ["internal", "external"]},
        "maxItems": 2}
    assert names.index("validation") == names.index("themes") + 1  # after the axis before it (order 90)
    assert "validation" not in schema["required"]
    mkdocs_yml = (paths.root / "mkdocs.yml").read_text()
    assert changed_lines(before["mkdocs.yml"], mkdocs_yml) == ["+   /validation/*"]
    config = load_config(config_file=str(paths.mkdocs_yml))
    assert config.not_in_nav.match_file("validation/external.md") and config.not_in_nav.match_file("tasks/vqa.md")
    assert not config.not_in_nav.match_file("taxonomy.md")
    site = paths.build_site
    assert "External validation" in (site / "validation" / "index.html").read_text(encoding="utf-8")
    term = (site / "validation" / "external" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../papers/voxct/"' in term
    paper = (site / "papers" / "voxct" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<th scope="row">Validation</th>\s*<td><a href="../../validation/external/"', paper)
    explorer = json.loads((paths.build_docs / "papers" / "explorer.json").read_text(encoding="utf-8"))
    assert [axis for axis, _ in explorer["facets"]][-3:-1] == ["validation", "weights_access"]
    assert 'data-facet="validation"' in (site / "papers" / "index.html").read_text(encoding="utf-8")
    assert (site / "validation" / "external.bib").is_file()
    header = (paths.build_docs / "data" / "papers.csv").read_text(encoding="utf-8").split("\n", 1)[0]
    assert ",themes,validation,weights_access," in header
    assert "#### Validation (`validation`)" in (paths.root / "CONTRIBUTING.md").read_text()


@pytest.mark.slow  # the grown checkout is built with mkdocs once for these three
def test_a_new_axis_is_validated_like_the_others(grown: tuple[Paths, dict[str, str]], tmp_path: Path) -> None:
    paths, _ = grown
    entry = paths.entries / "voxct.yaml"
    saved = entry.read_text(encoding="utf-8")
    try:
        entry.write_text(saved.replace("validation: [external]", "validation: [externl, 3]"), encoding="utf-8")
        ran = run_review(["validate", "entries/voxct.yaml"], paths.root)
    finally:
        entry.write_text(saved, encoding="utf-8")
    assert ran.returncode == 1
    assert re.search(r"entries/voxct.yaml:\d+:\d+: error: validation.0: unknown validation design 'externl' "
                     r"\(did you mean 'external'\?\)", ran.stdout), ran.stdout
    assert "error: validation.1: expected a validation design id, got a number (3)" in ran.stdout


def test_check_names_each_stale_file_and_changes_nothing(tmp_path: Path) -> None:
    paths = checkout(tmp_path)
    add_term(paths)
    before = snapshot(tmp_path)
    check = run_review(["docs", "--check"], tmp_path)
    assert check.returncode == 1
    stale = [line.split(":")[0] for line in check.stderr.splitlines() if ": error: out of date" in line]
    assert stale == ["data/entry.schema.json", "data/dataset.schema.json", FORM, "CONTRIBUTING.md"]
    form_lines = before[FORM].split("\n")
    form_line = form_lines.index("        # taxonomy:end", form_lines.index("        - Microscopy"))
    assert f"{FORM}:{form_line + 1}:1: error: out of date" in check.stderr
    assert "run `review docs` and commit the result" in check.stderr.splitlines()[-1]
    assert snapshot(tmp_path) == before  # --check writes nothing


def test_a_hand_edited_block_is_named_with_its_line(tmp_path: Path) -> None:
    checkout(tmp_path)
    mkdocs_yml = tmp_path / "mkdocs.yml"
    lines = mkdocs_yml.read_text(encoding="utf-8").split("\n")
    dropped = lines.index("  /tasks/*")
    mkdocs_yml.write_text("\n".join(lines[:dropped] + lines[dropped + 1:]), encoding="utf-8")
    check = run_review(["docs", "--check"], tmp_path)
    assert check.returncode == 1
    assert check.stderr.startswith(f"mkdocs.yml:{dropped + 1}:1: error: out of date: a `# taxonomy:start` block")
    assert run_review(["docs"], tmp_path).returncode == 0
    assert mkdocs_yml.read_text(encoding="utf-8").split("\n") == lines


def test_removing_an_axis_file_removes_its_property_and_folder(tmp_path: Path) -> None:
    paths = checkout(tmp_path)
    (paths.vocab / "validation.yaml").write_text(AXIS, encoding="utf-8")
    before = snapshot(tmp_path)
    assert run_review(["docs"], tmp_path).returncode == 0
    (paths.vocab / "validation.yaml").unlink()
    assert run_review(["docs"], tmp_path).returncode == 0
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(("name", "text", "message"), [
    ("title", AXIS.replace("field: validation", "field: title"),
     "data/entry.schema.json:1:1: error: `title` is an entry field that is not a taxonomy axis; rename "
     "data/vocab/title.yaml"),
    ("validation", AXIS.replace("order: 95\n", ""),
     "data/vocab/validation.yaml:1:1: error: order: say where this axis comes among the others"),
    ("validation", AXIS.replace("multiple: true", "multiple: many"),
     "data/vocab/validation.yaml:7:1: error: multiple: expected true or false, got many"),
    ("Validation", AXIS.replace("field: validation", "field: Validation"),
     "data/vocab/Validation.yaml:1:1: error: 'Validation' cannot name an axis"),
])
def test_a_bad_axis_file_is_refused_with_its_place(tmp_path: Path, name: str, text: str, message: str) -> None:
    paths = checkout(tmp_path)
    (paths.vocab / f"{name}.yaml").write_text(text, encoding="utf-8")
    ran = run_review(["docs"], tmp_path)
    assert ran.returncode in (1, 2) and message in ran.stderr, ran.stderr
    assert run_review(["docs", "--check"], tmp_path).returncode != 0


def test_a_marker_naming_no_axis_is_refused(tmp_path: Path) -> None:
    checkout(tmp_path)
    form = tmp_path / FORM
    form.write_text(form.read_text().replace("taxonomy:start tasks", "taxonomy:start task"), encoding="utf-8")
    ran = run_review(["docs", "--check"], tmp_path)
    line = form.read_text().split("\n").index(next(x for x in form.read_text().split("\n") if "start task:" in x))
    assert ran.returncode == 2
    assert ran.stderr.startswith(f"{FORM}:{line + 1}:1: error: `# taxonomy:start task` names no axis")


def test_a_required_axis_is_asked_of_every_entry_and_filled_in_synthetic_ones(tmp_path: Path) -> None:
    from fmreview.devtools.synthetic import write_synthetic_repo

    paths = checkout(tmp_path / "repo")
    (paths.vocab / "validation.yaml").write_text(AXIS.replace("required: false", "required: true"), encoding="utf-8")
    assert run_review(["docs"], paths.root).returncode == 0
    assert "validation" in json.loads(paths.entry_schema.read_text())["required"]
    _, problems = load_corpus(paths, [paths.entries / "medsam.yaml"], today=TODAY)
    assert "entries/medsam.yaml:1:1: error: validation: required field is missing" in [str(p) for p in problems]
    synthetic = write_synthetic_repo(paths, tmp_path / "synthetic", 20, seed=3)
    corpus, problems = load_corpus(synthetic, today=TODAY)
    assert not [p for p in problems if p.severity == "error"], problems[:3]
    assert len(corpus.papers) == 20 and all(p.terms("validation") for p in corpus.papers)

"""The real corpus, the one module that reads it: it validates, it builds, and its counts agree with the site.

Every other test uses frozen fixtures, so that a content pull request never breaks a code test. "Today" here is
the newest date written in the entries, so the result does not depend on the day the suite runs."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, make_repo, run_review
from fmreview.config import Paths
from fmreview.load.corpus import load_corpus
from fmreview.render.cite.bib import render_bibliography
from test_bib import parse_both

REAL = Paths(ROOT)


def newest_date(paths: Paths) -> date:
    days = [str(yaml.safe_load(p.read_text(encoding="utf-8")).get(k)) for p in paths.entries.glob("*.yaml")
            for k in ("added", "checked")]
    return max(date.fromisoformat(d) for d in days if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d))


TODAY = newest_date(REAL)


@pytest.fixture(scope="module")
def real():
    return load_corpus(REAL, today=TODAY)


def test_real_corpus_has_no_error(real) -> None:
    corpus, problems = real
    assert [str(p) for p in problems if p.severity == "error"] == []
    assert len(corpus.papers) == len(list(REAL.entries.glob("*.yaml")))


def test_real_corpus_covers_both_categories(real) -> None:
    categories = [p.category for p in real[0].papers]
    assert categories.count("vision-only") >= 60
    assert categories.count("vision-language") >= 60


def test_every_registered_dataset_and_base_model_is_referenced(real) -> None:
    corpus, _ = real
    used = {d for p in corpus.papers for d in p.datasets}
    assert sorted(set(corpus.datasets) - used) == []
    built_on = {b for p in corpus.papers for b in p.builds_on}
    assert sorted(set(corpus.base_models) - built_on) == []


def test_every_vocabulary_term_has_a_definition_and_schema_agrees(real) -> None:
    corpus, _ = real
    schema = json.loads(REAL.entry_schema.read_text())
    for axis, vocab in corpus.vocabularies.items():
        assert all(t.definition.strip() and t.label.strip() for t in vocab.terms), axis
        spec = schema["properties"][axis]
        enum = spec["enum"] if "enum" in spec else spec["items"]["enum"]
        assert enum == list(vocab.ids), f"entry.schema.json's {axis} enum differs from data/vocab/{axis}.yaml"


def test_files_generated_from_the_taxonomy_are_up_to_date() -> None:
    """What CI checks: `review docs --check` on the repository itself (schemas, issue forms, mkdocs.yml's nav
    exclusions and the field reference of CONTRIBUTING.md all as data/vocab/ generates them)."""
    check = run_review(["docs", "--check"], REAL.root)
    assert check.returncode == 0, check.stderr


def test_the_frozen_test_data_is_a_subset_of_the_real_data() -> None:
    """Frozen copies may lag behind, never contradict: every frozen term and dataset still exists."""
    frozen = make_repo(Path(__import__("tempfile").mkdtemp()), [])
    frozen_corpus, _ = load_corpus(frozen, today=TODAY)
    real_corpus, _ = load_corpus(REAL, [REAL.entries / "medsam.yaml"], today=TODAY)
    for axis, vocab in frozen_corpus.vocabularies.items():
        real = real_corpus.vocabularies[axis]
        assert set(vocab.ids) <= set(real.ids), axis
        shape = ("order", "multiple", "required", "min_terms")
        assert [getattr(vocab, key) for key in shape] == [getattr(real, key) for key in shape], axis
    assert set(frozen_corpus.datasets) <= set(real_corpus.datasets)


def test_real_bibliography_parses_and_round_trips(real) -> None:
    corpus, _ = real
    library, pybtex_db = parse_both(render_bibliography(corpus.papers, "header line"))
    assert len(library.entries) == len(corpus.papers) == len(pybtex_db.entries)  # type: ignore[attr-defined]
    assert {e.key for e in library.entries} == {p.id for p in corpus.papers}


@pytest.mark.slow
def test_real_site_builds_and_its_counts_agree(tmp_path: Path) -> None:
    """The real corpus through the real `mkdocs build --strict`: one page per entry, every row in the explorer."""
    from fmreview.commands.build import build_site

    paths = make_repo(tmp_path, sorted(REAL.entries.glob("*.yaml")), real_data=True)
    assert build_site(paths, today=TODAY) == 0
    entries = sorted(p.stem for p in REAL.entries.glob("*.yaml"))
    pages = sorted(p.parent.name for p in (paths.build_site / "papers").glob("*/index.html"))
    assert pages == entries
    explorer = json.loads((paths.build_docs / "papers" / "explorer.json").read_text(encoding="utf-8"))
    rows = explorer["papers"] if isinstance(explorer, dict) else explorer
    assert len(rows) == len(entries)
    home = (paths.build_site / "index.html").read_text(encoding="utf-8")
    assert re.search(rf"\b{len(entries)}\b", home), "the home page states how many papers the review holds"


REASONS = {"in-scope", "not-foundation-model", "not-medical-imaging", "single-task", "survey-or-benchmark",
           "duplicate", "no-public-paper", "text-only", "unverifiable"}


def test_the_triage_file_is_whole(real) -> None:
    """Every screened candidate is one complete block: a decision, a known reason, a date; an included one names
    its entry; no candidate twice (a merge that interleaves two appended blocks fails here)."""
    from fmreview.load.yamlfile import read_yaml

    doc, problems = read_yaml(REAL.data / "triage.yaml", "data/triage.yaml")
    assert problems == [] and doc is not None
    corpus, _ = real
    ids = {p.id for p in corpus.papers}
    seen: set[str] = set()
    for item in doc.data:
        assert item.get("decision") in ("included", "excluded"), item
        assert item.get("reason") in REASONS, item
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(item.get("screened"))), item
        if item["decision"] == "included":
            assert item.get("entry") in ids, item
        key = str(item.get("arxiv") or item.get("doi") or item["title"]).casefold()
        assert key not in seen, f"screened twice: {item['title']}"
        seen.add(key)


@pytest.mark.slow  # trains the classifier on the whole corpus
def test_the_discovery_classifier_separates_the_real_corpus_from_exclusions(monkeypatch, capsys) -> None:
    """`review discover --evaluate`: trained on the real entries and the fixture exclusions, it keeps precision
    and recall on a held-out quarter (no request is made: evaluation reads only files)."""
    from fmreview.cli import main

    monkeypatch.chdir(ROOT)
    assert main(["discover", "--evaluate", "--triage", str(ROOT / "tests" / "fixtures" / "triage.yaml")]) == 0
    line = capsys.readouterr().out
    found = re.fullmatch(r"Classifier on a held-out 25% \(seed 14\) of (\d+) entries and 27 exclusions: precision "
                         r"(\d\.\d\d), recall (\d\.\d\d) \((\d+) papers tested, threshold 0\.5; (\d+) of 7 held-out "
                         r"exclusions rejected\)\.\n", line)
    assert found, line
    assert float(found.group(2)) >= 0.8 and float(found.group(3)) >= 0.8

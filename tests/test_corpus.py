"""The real corpus: valid, one paper per entry, every dataset used, scope met."""

from __future__ import annotations

from fmreview.config import Paths
from fmreview.load import load_corpus


def test_real_corpus_has_no_problem(repo_paths: Paths) -> None:
    corpus, problems = load_corpus(repo_paths)
    assert [str(p) for p in problems if p.severity == "error"] == []
    assert len(corpus.papers) == len(list(repo_paths.entries.glob("*.yaml")))


def test_real_corpus_covers_both_categories(repo_paths: Paths) -> None:
    corpus, _ = load_corpus(repo_paths)
    categories = [p.category for p in corpus.papers]
    assert categories.count("vision-only") >= 60
    assert categories.count("vision-language") >= 60


def test_every_registered_dataset_is_referenced(repo_paths: Paths) -> None:
    corpus, _ = load_corpus(repo_paths)
    used = {d for p in corpus.papers for d in p.datasets}
    assert sorted(set(corpus.datasets) - used) == []


def test_every_vocabulary_term_has_a_definition_and_schema_agrees(repo_paths: Paths) -> None:
    import json

    schema = json.loads(repo_paths.entry_schema.read_text())
    corpus, _ = load_corpus(repo_paths)
    for axis, vocab in corpus.vocabularies.items():
        assert all(t.definition.strip() and t.label.strip() for t in vocab.terms), axis
        spec = schema["properties"][axis]
        enum = spec["enum"] if "enum" in spec else spec["items"]["enum"]
        assert enum == list(vocab.ids), f"entry.schema.json's {axis} enum differs from data/vocab/{axis}.yaml"

"""BibTeX: special characters escaped, capitals protected, and every file parses with two real parsers."""

from __future__ import annotations

import bibtexparser
import pybtex.errors
from pybtex.database import parse_string

from conftest import TODAY
from fmreview.bib import escape, protect_title, render_bibliography, render_entry
from fmreview.config import Paths
from fmreview.load import load_corpus


def parse_both(text: str) -> tuple[bibtexparser.Library, object]:
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    pybtex.errors.strict = True
    return library, parse_string(text, "bibtex")


def test_special_characters_are_escaped() -> None:
    assert escape("R&D 100% of_x #1 {a} $5 ~ ^") == (
        r"R\&D 100\% of\_x \#1 \textbraceleft{}a\textbraceright{} \$5 \textasciitilde{} \textasciicircum{}"
    )


def test_capitalised_words_are_protected() -> None:
    assert protect_title("MedSAM: segment CT & MRI") == r"{MedSAM:} segment {CT} \& {MRI}"


def test_whole_real_bibliography_parses_and_round_trips(repo_paths: Paths) -> None:
    corpus, _ = load_corpus(repo_paths, today=TODAY)
    text = render_bibliography(corpus.papers, "header line")
    library, pybtex_db = parse_both(text)
    assert len(library.entries) == len(corpus.papers) == len(pybtex_db.entries)  # type: ignore[attr-defined]
    by_key = {e.key: e for e in library.entries}
    for paper in corpus.papers:
        entry = by_key[paper.id]
        assert entry["year"] == str(paper.year)
        authors = [a.strip() for a in entry["author"].split(" and ")]
        assert len(authors) == len(paper.authors)
        if paper.doi:
            assert entry["doi"] == paper.doi.replace("_", r"\_")
        if paper.arxiv:
            assert entry["eprint"] == paper.arxiv


def test_hostile_text_stays_text() -> None:
    from fmreview.model import Paper

    paper = Paper(
        id="x",
        title="A {b}ad} title with \\ and % and }",
        authors=("O'Brien, {Eve}",),
        year=2024,
        venue="Venue & Co",
        type="article",
        added=TODAY,
        checked=TODAY,
        model="M",
        category="vision-only",
        architecture=("cnn",),
        training=("supervised",),
        adaptation=("fine-tuning",),
        modalities=("ct",),
        anatomy=("chest",),
        tasks=("segmentation",),
        summary="s" * 40,
        doi="10.1/a_b",
    )
    library, pybtex_db = parse_both(render_entry(paper))
    assert library.entries[0].key == "x"
    assert pybtex_db.entries["x"].persons["author"][0].last_names == ["O'Brien"]  # type: ignore[attr-defined]

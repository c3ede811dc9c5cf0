"""BibTeX: text escaped, verbatim fields raw, only meaningful capitals protected, and every file parses with two
real parsers. (The real clients read the files in test_citation_clients.py.)"""

from __future__ import annotations

import bibtexparser
import pybtex.errors
import pytest
from pybtex.database import parse_string

from conftest import TODAY
from fmreview.config import Paths
from fmreview.load.corpus import load_corpus
from fmreview.render.cite.bib import escape, protect_title, render_bibliography, render_entry, verbatim
from fmreview.render.cite.titlecase import protected_words


def parse_both(text: str) -> tuple[bibtexparser.Library, object]:
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    pybtex.errors.strict = True
    return library, parse_string(text, "bibtex")


def test_special_characters_are_escaped() -> None:
    assert escape("R&D 100% of_x #1 {a} $5 ~ ^") == (
        r"R\&D 100\% of\_x \#1 \{a\} \$5 \textasciitilde{} \textasciicircum{}")
    assert escape("a } b {") == r"a \textbraceright{} b \textbraceleft{}"  # unbalanced: a lone \} would break BibTeX


def test_verbatim_fields_stay_raw() -> None:
    assert verbatim("10.1007/978-3-031-43907-0_62") == "10.1007/978-3-031-43907-0_62"
    assert verbatim("https://x.org/a_b?c=1&d=%20#e~f") == "https://x.org/a_b?c=1&d=%20#e~f"
    assert verbatim("https://x.org/{a} b\\") == "https://x.org/%7Ba%7D%20b%5C"


@pytest.mark.parametrize(("title", "model", "braced"), [
    ("MedSAM: segment CT & MRI", "MedSAM", r"{MedSAM}: segment {CT} \& {MRI}"),
    ("Segment Anything in Medical Images", "M", "Segment Anything in Medical Images"),
    ("CheXagent: Towards a Foundation Model for Chest X-Ray Interpretation", "CheXagent",
     "{CheXagent}: Towards a Foundation Model for Chest {X}-Ray Interpretation"),
    ("Self-Supervised Learning in 3D with GPT-4V", "M", "Self-Supervised Learning in {3D} with {GPT}-{4V}"),
    ("A pathology model from the Mayo Clinic", "M", "A pathology model from the {Mayo} {Clinic}"),
    ("Curia: A Multi-Modal Foundation Model", "Curia", "{Curia}: A Multi-Modal Foundation Model"),
    ("nnInteractive: redefining segmentation", "nnInteractive", "{nnInteractive}: redefining segmentation"),
    ("ultrasam: a model", "UltraSam", "{ultrasam}: a model"),
])
def test_only_words_whose_case_matters_are_braced(title: str, model: str, braced: str) -> None:
    assert protect_title(title, [model]) == braced


def test_protected_words_are_the_braced_ones() -> None:
    assert protected_words("CheXpert and the CT of X-ray", ["CheXpert"]) == ["CheXpert", "CT", "X"]


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
            assert entry["doi"] == paper.doi  # verbatim: an escaped underscore would break the link
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

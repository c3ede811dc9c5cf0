"""`review add` with RIS and CSL-JSON: the same paper read from a RIS record, a CSL-JSON item and a BibTeX entry
gives the same draft; the site's own .ris and .json files read back as their entries; duplicates are refused;
malformed input is reported with where it breaks. Runs `review add` in process."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, TODAY, make_repo, run_review
from fmreview.commands.add import find_duplicates
from fmreview.config import Paths
from fmreview.intake.drafts import draft_from_bibtex
from fmreview.intake.importers import detect_format, read_draft
from fmreview.intake.snippet import SnippetError
from fmreview.load.corpus import load_corpus
from fmreview.render.cite.citefiles import render_citations
from test_corpus import newest_date

RIS, CSL, BIB = FIXTURES / "ris", FIXTURES / "csljson", FIXTURES / "bibtex"


@pytest.fixture
def repo(tmp_path: Path) -> Paths:
    return make_repo(tmp_path, FIXTURES / "corpus")


def review(args: list[str], repo: Paths, stdin: str | None = None) -> tuple[int, str, str]:
    ran = run_review(args, repo.root, stdin)
    return ran.returncode, ran.stdout, ran.stderr


def facts(draft: object) -> tuple:
    return tuple(getattr(draft, name) for name in ("title", "authors", "year", "venue", "type", "arxiv", "doi"))


@pytest.mark.parametrize(("path", "bibtex"), [
    (RIS / "publisher-nature.ris", "publisher-nature.bib"),
    (RIS / "dblp-conference.ris", "dblp-conference.bib"),
    (CSL / "publisher-nature.json", "publisher-nature.bib"),
    (CSL / "arxiv-export.json", "arxiv-export.bib"),
])
def test_ris_and_csl_json_give_the_same_draft_as_bibtex(path: Path, bibtex: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert detect_format(text) == ("ris" if path.suffix == ".ris" else "csl-json")
    assert facts(read_draft(text)) == facts(draft_from_bibtex((BIB / bibtex).read_text(encoding="utf-8")))


@pytest.mark.slow  # reads the whole generated site back: minutes on a loaded machine
def test_the_sites_own_ris_and_csl_json_read_back_as_their_entries_and_are_duplicates() -> None:
    corpus, _ = load_corpus(Paths(ROOT), today=newest_date(Paths(ROOT)))
    for index, paper in enumerate(corpus.papers):
        for extension in ("ris", "json", "bib"):
            draft = read_draft(render_citations(extension, [paper]))
            # BibTeX is LaTeX: its "--" is an en dash, as every TeX-based reader typesets it.
            title = paper.title.replace("--", "–") if extension == "bib" else paper.title
            assert facts(draft)[:5] == (title, paper.authors, paper.year, paper.venue, paper.type), paper.id
            assert (draft.doi, draft.arxiv) == (paper.doi, paper.arxiv), (paper.id, extension)
            if index % 20 == 0:  # the duplicate check reads every entry file: a sample of papers
                assert any(f"entries/{paper.id}.yaml" in d for d in find_duplicates(draft, Paths(ROOT))), paper.id


def test_add_writes_an_entry_from_ris_and_from_csl_json(repo: Paths) -> None:
    code, out, _ = review(["add", "--id", "percolation", str(RIS / "publisher-nature.ris")], repo)
    assert (code, out) == (0, "entries/percolation.yaml\n")
    text = (repo.entries / "percolation.yaml").read_text(encoding="utf-8")
    assert "doi: 10.1038/s41467-023-37019-5" in text and "Kurths, Jürgen" in text
    code, out, _ = review(["add", "--format", "csl-json", "--id", "edm2", "-"], repo,
                          stdin=(CSL / "arxiv-export.json").read_text(encoding="utf-8"))
    assert (code, out) == (0, "entries/edm2.yaml\n")
    assert 'arxiv: "2608.05471"' in (repo.entries / "edm2.yaml").read_text(encoding="utf-8")
    # The same paper again, now as CSL-JSON: refused like a BibTeX duplicate.
    code, out, err = review(["add", str(CSL / "publisher-nature.json")], repo)
    assert (code, out) == (1, "")
    assert "entries/percolation.yaml has the same DOI 10.1038/s41467-023-37019-5" in err


def test_a_corpus_paper_exported_as_ris_is_refused_naming_its_entry(repo: Paths) -> None:
    corpus, _ = load_corpus(repo, today=TODAY)
    medsam = next(p for p in corpus.papers if p.id == "medsam")
    code, _, err = review(["add", "-"], repo, stdin=render_citations("ris", [medsam]))
    assert code == 1
    assert "entries/medsam.yaml has the same DOI 10.1038/s41467-024-44824-z and arXiv ID 2304.12306" in err


@pytest.mark.parametrize(("path", "message"), [
    (RIS / "malformed-no-end.ris", "review add: the RIS record has no end: its last line must be 'ER  - '\n"),
    (CSL / "malformed-schema.json", "review add: not valid CSL-JSON at 0/author: 'Doe, Jane' is not of type "
                                    "'array'\n"),
    (CSL / "malformed-syntax.json", "review add: line 2:30: this is not JSON: Expecting ',' delimiter\n"),
])
def test_malformed_ris_and_csl_json_are_reported_clearly(path: Path, message: str, repo: Paths) -> None:
    before = sorted(p.name for p in repo.entries.iterdir())
    assert review(["add", str(path)], repo) == (1, "", message)
    assert sorted(p.name for p in repo.entries.iterdir()) == before


def test_two_records_at_once_are_refused() -> None:
    both = (RIS / "publisher-nature.ris").read_text(encoding="utf-8") + (RIS / "dblp-conference.ris").read_text()
    with pytest.raises(SnippetError, match="holds 2 RIS records; add one paper at a time"):
        read_draft(both)


def test_control_characters_never_reach_the_draft_and_ris_is_recognised_anywhere() -> None:
    text = ("Provider: a publisher's header line\n\nTY  - JOUR\nAU  - Doe, Jane\nTI  - A title\n"
            "broken\x07 on two lines\nPY  - 2024\nT2  - Radiology\nER  - \n")
    assert detect_format(text) == "ris"
    draft = read_draft(text)
    assert (draft.title, draft.authors, draft.venue, draft.type) == (
        "A title broken on two lines", ("Doe, Jane",), "Radiology", "article")

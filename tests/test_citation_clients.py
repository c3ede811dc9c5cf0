"""Every citation file read by the real clients, compared field by field with the entries it came from.

BibTeX (plain, unsrt, alpha, ieeetr, apalike), biblatex + biber, Pandoc's BibTeX reader, rispy for RIS, the CSL-JSON
schema and Pandoc citeproc with two CSL styles; on the real corpus (entries/) and on hostile entries (the fixture
corpus's evil entry and the HOSTILE records below). Each test prints its counts (run with -s to see them).
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
import rispy

from conftest import FIXTURES, ROOT, TODAY, make_repo, site_for
from fmreview.config import Paths
from fmreview.devtools.clients import (
    BST_STYLES,
    STYLES,
    ClientsMissing,
    Tally,
    bbl_verbatims,
    citeproc,
    ensure_clients,
    pandoc_csljson,
    run_biber,
    run_bibtex,
    showbox_text,
)
from fmreview.intake.importers import CSL_SCHEMA as SCHEMA
from fmreview.load.corpus import load_corpus
from fmreview.model import Paper
from fmreview.render.cite.bib import render_bibliography
from fmreview.render.cite.citefiles import render_citation_files, render_citations
from fmreview.render.cite.keys import author_year_keys
from fmreview.render.cite.titlecase import protected_words
from test_corpus import newest_date

REAL_TODAY = newest_date(Paths(ROOT))  # the real corpus's own newest date, as in test_corpus.py
pytestmark = [pytest.mark.clients, pytest.mark.slow]  # about two minutes: `make test`, not `make check`


def _paper(id: str, **fields: object) -> Paper:
    base = dict(id=id, title="T", authors=("Doe, Jane",), year=2024, venue="V", type="article", added=TODAY,
                checked=TODAY, model="M", category="vision-only", architecture=("cnn",), training=("supervised",),
                adaptation=("fine-tuning",), modalities=("ct",), anatomy=("chest",), tasks=("segmentation",),
                summary="s" * 40)
    return Paper(**{**base, **fields})  # type: ignore[arg-type]


# Records no validator would let through unchanged, aimed at every escaping rule and every verbatim field.
HOSTILE = (
    _paper("hostile-text", title="Under_score & 100% #1 $x$ ~tilde^ {braced} back\\slash: a CT study of nnU-Net",
           authors=("O'Brien, Eve", "van der Berg, Jan", "Müller-Lüdenscheidt, Ægir", "Nguyễn, Thị"),
           venue="Journal of R&D_x {2} #5", doi="10.1007/978-3-031-43907-0_62", arxiv="2401.00001"),
    _paper("hostile-sici", type="inproceedings", title="Segment Anything in 3D: MedSAM-2 for X-ray and CheXpert",
           model="MedSAM-2", venue="MICCAI 2023 — Proc. #5 & 50%",
           doi="10.1002/(SICI)1097-4636(199706)35:4<469::AID-JBM8>3.0.CO;2-E"),
    _paper("hostile-url", type="preprint", venue="medRxiv", title="a lower-case start, then 2D~3D",
           url="https://example.org/paper_1?x=1&y=%20b#frag~x{y}"),
    _paper("hostile-preprint", type="preprint", venue="arXiv", arxiv="2312.12345",
           title="Foundation Models: The Mayo Clinic's View", authors=("Smith, John", "Zhang, Wei")),
)


@pytest.fixture(scope="module", autouse=True)
def clients() -> None:
    try:
        ensure_clients()
    except ClientsMissing as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="module", params=["corpus", "hostile"])
def papers(request: pytest.FixtureRequest) -> list[Paper]:
    """The real corpus, or the fixture corpus (with its hostile `evil` entry) plus HOSTILE."""
    if request.param == "corpus":
        corpus, _ = load_corpus(Paths(ROOT), today=REAL_TODAY)
        return list(corpus.papers)
    with tempfile.TemporaryDirectory() as folder:  # a throw-away checkout of the fixture corpus
        corpus, _ = load_corpus(make_repo(Path(folder), FIXTURES / "corpus"), today=TODAY)
    return [*corpus.papers, *HOSTILE]


def typeset(text: str) -> str:
    """What TeX-based readers make of plain text: LaTeX's dash and quote ligatures."""
    return text.replace("---", "—").replace("--", "–").replace("'", "’")


def url_form(url: str | None) -> str | None:
    """A URL as every format writes it: braces, backslashes and white space are not URL characters (RFC 3986),
    so they are percent-encoded, as biber rewrites them itself."""
    if url is None:
        return None
    return url.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")


def expected_url(paper: Paper) -> str | None:
    """The URL a CSL item carries: the arXiv page when there is one, else the paper's link without a DOI."""
    if paper.arxiv:
        return f"https://arxiv.org/abs/{paper.arxiv}"
    return None if paper.doi else url_form(paper.url)


def names(paper: Paper) -> list[tuple[str, str]]:
    return [tuple(a.split(", ", 1)) if ", " in a else (a, "") for a in paper.authors if a != "others"]  # type: ignore[misc]


def container(paper: Paper) -> str | None:
    return paper.venue if paper.type in ("article", "inproceedings") else None


def report(tally: Tally) -> None:
    print("\n" + tally.line())
    assert not tally.mismatches, "\n".join(tally.mismatches[:20])


# BibTeX ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("style", BST_STYLES)
def test_bibtex_styles_read_every_entry_without_a_warning(papers: list[Paper], style: str, tmp_path: Path) -> None:
    bbl, problems = run_bibtex(render_bibliography(papers, "header"), style, tmp_path)
    tally = Tally(f"bibtex {style} all.bib")
    keys = re.findall(r"\\bibitem(?:\[[^\]]*\])?\{([^}]+)\}", bbl, re.S)
    tally.entries = len(keys)
    for paper in papers:
        tally.compare(paper.id, "cited once", keys.count(paper.id), 1)
    tally.compare("all.bib", "entries", len(keys), len(papers))
    tally.compare("all.bib", "warnings and errors", problems, [])
    report(tally)


def test_biber_reads_every_verbatim_field_byte_for_byte(papers: list[Paper], tmp_path: Path) -> None:
    bbl, problems, _ = run_biber(render_bibliography(papers), tmp_path)
    verbatims = bbl_verbatims(bbl)
    tally = Tally("biblatex+biber all.bib")
    tally.entries = len(verbatims)
    tally.compare("biber", "warnings", problems, [])
    for paper in papers:
        fields = verbatims.get(paper.id, {})
        tally.compare(paper.id, "doi", fields.get("doi"), paper.doi)
        tally.compare(paper.id, "eprint", fields.get("eprint"), paper.arxiv)
        tally.compare(paper.id, "url", fields.get("url"), None if paper.doi else url_form(paper.link or None))
    report(tally)


def check_pandoc_items(tally: Tally, where: str, items: Iterable[dict], by_id: dict[str, Paper],
                       keys: dict[str, str] | None = None) -> None:
    """Pandoc's CSL-JSON from a .bib against the entries: title (its case aside, which CSL leaves to the style,
    but every protected word exact), authors in order, year, container, DOI, URL and arXiv ID."""
    back = {key: paper_id for paper_id, key in (keys or {}).items()}
    for item in items:
        tally.entries += 1
        paper = by_id[back.get(item["id"], item["id"])]
        title = item.get("title", "")
        tally.compare(f"{where}:{paper.id}", "title", typeset(title).casefold(), typeset(paper.title).casefold())
        for word in protected_words(paper.title, [paper.model]):
            tally.compare(f"{where}:{paper.id}", f"protected {word!r}", typeset(word) in typeset(title), True)
        got = [(" ".join(filter(None, (a.get("non-dropping-particle"), a.get("dropping-particle"), a.get("family"),
                                        a.get("suffix")))), a.get("given", "")) for a in item.get("author", [])]
        want = [(typeset(family), typeset(given)) for family, given in names(paper)]
        tally.compare(f"{where}:{paper.id}", "authors", got, want)
        tally.compare(f"{where}:{paper.id}", "year", item["issued"]["date-parts"][0][0], paper.year)
        tally.compare(f"{where}:{paper.id}", "container", item.get("container-title"), container(paper))
        tally.compare(f"{where}:{paper.id}", "server", item.get("publisher"),
                      paper.venue if paper.type == "preprint" and not paper.arxiv else None)
        tally.compare(f"{where}:{paper.id}", "DOI", item.get("DOI"), paper.doi)
        tally.compare(f"{where}:{paper.id}", "URL", item.get("URL"), expected_url(paper))
        arxiv = re.fullmatch(r"https://arxiv\.org/abs/(.+)", item.get("URL") or "")
        tally.compare(f"{where}:{paper.id}", "arXiv", arxiv.group(1) if arxiv else None, paper.arxiv)
        source = paper.title + "".join(paper.authors) + paper.venue
        stray = [v for v in _strings(item) if set(v) & set("{}\\") - set(source)]
        tally.compare(f"{where}:{paper.id}", "braces or backslashes left", stray, [])


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_pandoc_reads_all_bib_as_the_entries(papers: list[Paper], tmp_path: Path) -> None:
    tally = Tally("pandoc -f bibtex all.bib and all-authoryear.bib")
    by_id = {p.id: p for p in papers}
    keys = author_year_keys(papers)
    for name, key_map in (("all.bib", None), ("all-authoryear.bib", keys)):
        items, warnings = pandoc_csljson(render_bibliography(papers, "header", key_map), tmp_path / name)
        tally.compare(name, "pandoc warnings", warnings, "")
        check_pandoc_items(tally, name, items, by_id, key_map)
    report(tally)


def test_pandoc_reads_per_paper_and_per_term_files(tmp_path: Path) -> None:
    """Every per-paper .bib and every per-term .bib of the real corpus, through Pandoc."""
    corpus, _ = load_corpus(Paths(ROOT), today=REAL_TODAY)
    by_id = {p.id: p for p in corpus.papers}
    files = {name: text for name, text in render_citation_files(site_for(corpus, TODAY))
             if name.endswith(".bib") and not name.startswith("all")}
    tally = Tally(f"pandoc -f bibtex per-paper and per-term .bib ({len(files)} files)")
    # One Pandoc run for all: the files concatenated, each entry compared; the files are then checked to be
    # exactly the entries of all.bib, so nothing a single file holds escapes the comparison.
    whole = render_bibliography(corpus.papers)
    entries = {chunk.strip() for chunk in whole.split("\n\n")}
    for name, text in files.items():
        for chunk in text.split("\n\n"):
            if chunk.startswith("@"):
                tally.compare(name, "entry as in all.bib", chunk.strip() in entries, True)
    sample = "\n".join(text for name, text in sorted(files.items())[::7])
    items, warnings = pandoc_csljson(sample, tmp_path)
    tally.compare("sample", "pandoc warnings", warnings, "")
    check_pandoc_items(tally, "sample", items, by_id)
    report(tally)


# Title case -----------------------------------------------------------------------------------------------------

def test_sentence_case_styles_keep_what_must_stay_capitalised(tmp_path: Path) -> None:
    """One title through apalike (BibTeX) and biblatex's \\MakeSentenceCase*: ordinary words lower-cased,
    the model's name, "3D" and "CT" kept."""
    paper = _paper("plus", title="CheXpert Plus: Segment Anything in 3D CT Scans", model="CheXpert Plus")
    bib = render_bibliography([paper])
    bbl, problems = run_bibtex(bib, "apalike", tmp_path / "apalike")
    assert problems == []
    shown = re.sub(r"\s+", " ", bbl.split("\\newblock", 2)[1]).strip()
    assert shown.replace("{", "").replace("}", "") == "CheXpert Plus: Segment anything in 3D CT scans."
    _, problems, log = run_biber(bib, tmp_path / "biblatex", preamble="\\DeclareFieldFormat{titlecase}"
                                 "{\\MakeSentenceCase*{#1}}", body="\\showboxdepth=100 \\showboxbreadth=100000"
                                 "\\setbox0=\\hbox{\\ttfamily\\citefield{plus}[titlecase]{title}}\\showbox0 ")
    assert problems == []
    assert showbox_text(log) == "CheXpert Plus: segment anything in 3D CT scans"


# RIS and CSL-JSON -----------------------------------------------------------------------------------------------

def test_rispy_reads_all_ris_as_the_entries(papers: list[Paper]) -> None:
    tally = Tally("rispy all.ris")
    by_id = {p.id: p for p in papers}
    for record in rispy.loads(render_citations("ris", papers)):
        tally.entries += 1
        paper = by_id[record["id"]]
        where = f"all.ris:{paper.id}"
        tally.compare(where, "type", record["type_of_reference"],
                      {"article": "JOUR", "inproceedings": "CPAPER"}.get(paper.type, "UNPB"))
        tally.compare(where, "title", record["title"], " ".join(paper.title.split()))
        tally.compare(where, "authors", record["authors"], [a for a in paper.authors if a != "others"])
        tally.compare(where, "year", record["year"], str(paper.year))
        tally.compare(where, "venue", record["secondary_title"], paper.venue)
        tally.compare(where, "DOI", record.get("doi"), paper.doi)
        tally.compare(where, "arXiv", record.get("accession_number"), paper.arxiv and f"arXiv:{paper.arxiv}")
        links = [f"https://doi.org/{paper.doi}"] * bool(paper.doi) + [f"https://arxiv.org/abs/{paper.arxiv}"] * bool(
            paper.arxiv) + [url_form(paper.url)] * bool(paper.url)
        links = [link.replace(";", "%3B") for link in links]  # RIS readers split UR values at ";"
        tally.compare(where, "URLs", record.get("urls"), links)
    tally.compare("all.ris", "records", tally.entries, len(papers))
    report(tally)


def check_csl_items(tally: Tally, where: str, items: list[dict], by_id: dict[str, Paper]) -> None:
    errors = sorted(jsonschema.Draft3Validator(SCHEMA).iter_errors(items), key=str)
    tally.compare(where, "schema errors", [e.message for e in errors], [])
    for item in items:
        tally.entries += 1
        paper = by_id[item["id"]]
        at = f"{where}:{paper.id}"
        tally.compare(at, "title", item["title"], " ".join(paper.title.split()))
        tally.compare(at, "authors", [(a.get("family"), a.get("given", "")) for a in item["author"]], names(paper))
        tally.compare(at, "year", item["issued"]["date-parts"][0][0], paper.year)
        tally.compare(at, "container", item.get("container-title"), container(paper))
        tally.compare(at, "DOI", item.get("DOI"), paper.doi)
        tally.compare(at, "URL", item.get("URL"), expected_url(paper))
        arxiv = item.get("number") if paper.type == "preprint" else (item.get("URL") or "").rpartition("/")[2]
        tally.compare(at, "arXiv", (arxiv or "").removeprefix("arXiv:") or None, paper.arxiv)


def test_csl_json_files_match_the_schema_and_the_entries(papers: list[Paper]) -> None:
    tally = Tally("CSL-JSON schema + fields (all.json)")
    check_csl_items(tally, "all.json", json.loads(render_citations("json", papers)), {p.id: p for p in papers})
    report(tally)


def test_every_per_paper_and_per_term_csl_json_matches_the_schema() -> None:
    corpus, _ = load_corpus(Paths(ROOT), today=REAL_TODAY)
    files = {n: t for n, t in render_citation_files(site_for(corpus, TODAY)) if n.endswith(".json")}
    tally = Tally(f"CSL-JSON schema + fields ({len(files)} files: all, authoryear, per paper, per term)")
    by_id = {p.id: p for p in corpus.papers}
    keys = {key: by_id[paper_id] for paper_id, key in author_year_keys(corpus.papers).items()}
    for name, text in files.items():
        check_csl_items(tally, name, json.loads(text), keys if "authoryear" in name else by_id)
    report(tally)


@pytest.mark.parametrize("style", [None, "ieee.csl"], ids=["chicago-author-date", "ieee-numeric"])
def test_citeproc_renders_every_item(papers: list[Paper], style: str | None, tmp_path: Path) -> None:
    text, warnings = citeproc(render_citations("json", papers), STYLES / style if style else None, tmp_path)
    entries = [e for e in text.split("\n\n") if e.strip()]
    tally = Tally(f"pandoc citeproc {style or 'chicago-author-date (default)'} all.json")
    tally.entries = len(entries)
    tally.compare("citeproc", "warnings", warnings, "")
    tally.compare("citeproc", "references", len(entries), len(papers))
    flat = " ".join(text.split()).casefold()
    for paper in papers:
        if paper.doi:
            tally.compare(paper.id, "DOI shown", paper.doi.casefold() in flat, True)
        if paper.arxiv and not paper.doi:  # styles show the DOI when there is one, the URL otherwise
            tally.compare(paper.id, "arXiv link shown", f"arxiv.org/abs/{paper.arxiv}" in flat, True)
        family = paper.authors[0].split(", ")[0]
        tally.compare(paper.id, "first author shown", typeset(family).casefold() in typeset(flat), True)
    report(tally)


def test_duplicate_author_year_keys_get_letters() -> None:
    twins = [_paper("b-twin", title="Segment it", authors=("Lu, Ming",)),
             _paper("a-twin", title="The segment", authors=("Lü, Ming",)),
             _paper("other", title="Visual things", authors=("Lu, Ming",))]
    assert author_year_keys(twins) == {"a-twin": "lu2024segmenta", "b-twin": "lu2024segmentb",
                                       "other": "lu2024visual"}
    assert author_year_keys([replace(twins[0], title="3DSAM-adapter: x")]) == {"b-twin": "lu20243dsam"}

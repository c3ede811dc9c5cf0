"""The citation files' paths and keys: every paper, term and the whole review in three formats, author-year keys
unique, and a path claimed twice (a paper whose id is "explorer" against papers/explorer.json) refused."""

from __future__ import annotations

from dataclasses import replace

import pytest

from conftest import TODAY, site_for
from fmreview.commands.build import generate
from fmreview.config import Paths
from fmreview.load.corpus import load_corpus
from fmreview.load.site import load_site
from fmreview.model import Corpus
from fmreview.render.cite.citefiles import render_citation_files
from fmreview.render.cite.keys import author_year_keys
from fmreview.render.explorer import render_explorer
from fmreview.render.writer import OutputError


def test_every_citation_file_is_written_in_three_formats(fixture_repo: Paths) -> None:
    site, _ = load_site(fixture_repo, today=TODAY)
    corpus = site.corpus
    names = [name for name, _ in render_citation_files(site)]
    assert len(names) == len(set(names))
    stems = ["all", "all-authoryear", *(f"papers/{p.id}" for p in corpus.papers),
             *(f"{axis}/{term}" for axis, vocab in corpus.vocabularies.items() for term in vocab.ids)]
    assert sorted(names) == sorted(f"{stem}.{ext}" for stem in stems for ext in ("bib", "ris", "json"))
    files = generate(site).files
    assert "data/papers.json" in files and "all.json" in files  # the data table and the bibliography, both kept


def test_author_year_keys_are_unique_over_the_whole_review(fixture_repo: Paths) -> None:
    corpus, _ = load_corpus(fixture_repo, today=TODAY)
    keys = author_year_keys(corpus.papers)
    assert len(set(keys.values())) == len(corpus.papers)
    assert keys["medsam"] == "ma2024segment"


def test_a_paper_whose_files_collide_with_the_sites_is_refused(fixture_repo: Paths) -> None:
    corpus, _ = load_corpus(fixture_repo, today=TODAY)
    clash = Corpus(**{**corpus.__dict__, "papers": (*corpus.papers, replace(corpus.papers[0], id="explorer"))})
    with pytest.raises(OutputError, match=r"two outputs claim papers/explorer\.json"):
        generate(site_for(clash), [render_explorer, render_citation_files])

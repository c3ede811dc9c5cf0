"""Search: Material's search, in a real Chromium, finds a paper by its model name, an author's family name and
the name of a dataset it used; its index holds paper pages and leaves listing pages out (so it stays small)."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from fmreview.config import Paths
from fmreview.model import Corpus


@pytest.fixture(scope="module")
def index(built_fixture_site: Paths) -> list[dict[str, str]]:
    return json.loads((built_fixture_site.build_site / "search" / "search_index.json").read_text("utf-8"))["docs"]


@pytest.mark.browser
@pytest.mark.parametrize(("query", "paper_id"), [
    ("MedSAM", "medsam"),          # model name
    ("NeuroFM", "neurofm"),
    ("Müller", "biomedclip"),      # an author's family name, with its umlaut
    ("Okafor", "neurofm"),
    ("García", "neurofm"),         # followed by a comma on the page
    ("Zhang", "biomedclip"),
    ("MIMIC-CXR", "biomedclip"),   # a dataset's name
    ("BraTS", "neurofm"),
])
def test_search_finds_a_paper(page: Page, site_url: str, query: str, paper_id: str) -> None:
    page.goto(site_url, wait_until="networkidle")
    run_search(page, query)
    expect(page.locator(f".md-search-result__item a[href*='papers/{paper_id}/']").first).to_be_visible()


def run_search(page: Page, query: str) -> None:
    """Type a query into Material's search box, key by key (Material reads the box on keyup, so `fill` is not
    enough), and wait for its answer."""
    box = page.get_by_role("textbox", name="Search")
    box.click()
    box.press_sequentially(query)
    expect(page.locator(".md-search-result__meta")).not_to_have_text("Type to start searching", timeout=15000)


def test_index_holds_every_paper_page_with_model_authors_and_datasets(index: list[dict[str, str]],
                                                                       corpus: Corpus) -> None:
    pages = {doc["location"]: doc for doc in index}
    for paper in corpus.papers:
        doc = pages[f"papers/{paper.id}/"]
        text = doc["title"] + " " + doc["text"] + " " + pages.get(f"papers/{paper.id}/#datasets", {}).get("text", "")
        assert paper.model.replace("<", "&lt;").replace(">", "&gt;") in text
        for author in paper.authors:
            family = author.partition(",")[0].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            assert family in text, (paper.id, family)
        for dataset in paper.datasets:
            assert corpus.datasets[dataset].name.replace("&", "&amp;") in text, (paper.id, dataset)


def test_listing_pages_and_repeated_sections_are_left_out(index: list[dict[str, str]], corpus: Corpus) -> None:
    locations = [doc["location"] for doc in index]
    listings = ("papers/", "whats-new/", "taxonomy/", "datasets/", *(f"{axis}/" for axis in corpus.vocabularies))
    assert not [loc for loc in locations if loc.split("#")[0] in listings]
    assert not [loc for loc in locations if loc.split("/")[0] in corpus.vocabularies]  # term pages
    # Related papers and the BibTeX block repeat other pages' text; dataset pages list papers that have pages.
    assert not [loc for loc in locations if loc.endswith(("#related-papers", "#cite"))]
    dataset_text = " ".join(doc["text"] for doc in index if doc["location"].startswith("datasets/"))
    assert not [p.id for p in corpus.papers if p.title in dataset_text]


@pytest.mark.browser
@pytest.mark.parametrize(("query", "paper_id"), [("MedSAM", "medsam"), ("medsam", "medsam"), ("NeuroFM", "neurofm"),
                                                 ("BiomedCLIP", "biomedclip")])
def test_an_exact_model_name_is_the_first_result(page: Page, site_url: str, query: str, paper_id: str) -> None:
    """A paper page's search title is its model name alone, so an exact name outranks pages that only mention it
    (NeuroFM's page names MedSAM as the model it builds on)."""
    page.goto(site_url, wait_until="networkidle")
    run_search(page, query)
    first = page.locator(".md-search-result__item a").first
    expect(first).to_have_attribute("href", re.compile(rf"papers/{paper_id}/(\?h=[^/]*)?$"))

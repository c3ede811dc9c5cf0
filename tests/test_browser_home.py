"""The home page as a first-time reader uses it: the model picker and the search box land on the explorer with
the filters set and the matching papers shown; every evidence-map count is right and opens exactly those papers;
the repository and the issue forms are one click away; the 404 page's links work at any depth."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from fmreview.model import Corpus
from test_browser_explorer import expect_rows, expected

pytestmark = pytest.mark.browser


def test_the_picker_opens_the_explorer_filtered(page: Page, site_url: str, corpus: Corpus) -> None:
    page.goto(site_url)
    page.get_by_label("Modality").select_option("mri")
    page.get_by_label("Input").select_option("3d")
    page.get_by_label("I need open weights").check()
    page.get_by_role("button", name="Show matching models").click()
    expect(page).to_have_url(re.compile(r"papers/\?modalities=mri&input=3d&tasks=&weights_access=open$"))
    ids, _ = expected(corpus, "modalities=mri&input=3d&weights_access=open")
    expect(page.locator(".fm-explorer--live #fm-filters")).to_be_attached()
    expect_rows(page, ids)


def test_the_search_box_fills_the_explorer_text_filter(page: Page, site_url: str, corpus: Corpus) -> None:
    page.goto(site_url)
    page.get_by_label("Find a model, an author or a dataset").fill("MIMIC-CXR")
    page.keyboard.press("Enter")
    ids, _ = expected(corpus, "text=MIMIC-CXR")
    assert ids
    expect_rows(page, ids)


def test_every_evidence_map_count_is_right_and_opens_those_papers(page: Page, site_url: str,
                                                                  corpus: Corpus) -> None:
    page.goto(site_url)
    cells = page.locator("table.fm-evidence td a")
    links = cells.evaluate_all("as => as.map(a => [a.getAttribute('href'), a.textContent])")
    assert links, "the evidence map links no cell"
    for href, count in links:
        modality, task = re.fullmatch(r"papers/\?modalities=([\w-]+)&tasks=([\w-]+)", href).groups()
        assert int(count) == sum(modality in p.modalities and task in p.tasks for p in corpus.papers), href
    href, count = links[0]
    cells.first.click()
    ids, _ = expected(corpus, href.split("?", 1)[1])
    assert len(ids) == int(count)
    expect_rows(page, ids)


def test_repository_and_issue_forms_are_linked(page: Page, site_url: str, corpus: Corpus) -> None:
    page.goto(f"{site_url}papers/neurofm/")
    header = page.locator(".md-header .md-source")
    expect(header).to_have_attribute("href", re.compile(r"^https://github\.com/[\w-]+/[\w-]+$"))
    correct = page.get_by_role("link", name="Complete or correct this entry")
    href = correct.get_attribute("href") or ""
    assert "template=correct-entry.yml" in href and "entry=neurofm" in href
    assert "missing=" in href and "datasets" not in href.split("missing=")[1]  # NeuroFM lists its datasets
    expect(page.locator("footer, .fm-freshness").get_by_role("link", name="suggest a paper").first).to_have_attribute(
        "href", re.compile(r"/issues/new\?template=suggest-paper\.yml$"))


@pytest.mark.parametrize("depth", ["no-such-page/", "papers/no-such-paper/", "a/b/c/d/"])
def test_the_404_page_links_work_at_any_depth(page: Page, site_url: str, depth: str) -> None:
    response = page.goto(f"{site_url}404.html")
    assert response is not None and response.ok
    feed = page.get_by_role("link", name="Atom feed").get_attribute("href") or ""
    assert not feed.startswith("//"), feed
    assert feed.endswith("/feed.xml")

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
    page.get_by_label("Modality", exact=True).select_option("mri")
    page.get_by_label("Input", exact=True).select_option("3d")
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
        found = re.search(r"papers/\?modalities=([\w-]+)&tasks=([\w-]+)$", href)
        assert found, href
        modality, task = found.groups()
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
    for where in ("", "papers/", "whats-new/"):  # the home page, the explorer and What's new say it in their text
        page.goto(f"{site_url}{where}")
        suggest = page.locator("article").get_by_role("link", name="Suggest a paper", exact=True).first
        expect(suggest).to_have_attribute("href", re.compile(r"^https://github\.com/.+/issues/new\?template=suggest-paper\.yml$"))


def test_the_404_page_links_from_the_site_root(page: Page, site_url: str, built_fixture_site) -> None:
    """The 404 page is served at any depth, so its links are absolute from the root, never protocol-relative."""
    raw = (built_fixture_site.build_site / "404.html").read_text(encoding="utf-8")
    assert 'href="//' not in raw
    response = page.goto(f"{site_url}404.html")
    assert response is not None and response.ok
    for name in ("Atom feed", "Search and filter every paper", "What's new"):
        href = page.get_by_role("link", name=name).first.get_attribute("href") or ""
        assert href.startswith(site_url) or (href.startswith("/") and not href.startswith("//")), (name, href)
        assert page.request.get(href if href.startswith("http") else f"{site_url}{href.lstrip('/')}").ok, href

"""The paper page in a real Chromium: each copy button puts exactly the paper's BibTeX, RIS or CSL-JSON on the
clipboard, the links and datasets are there, related papers carry their reason, and the hostile fixture entry
runs nothing on its page, in the explorer or in search results (the `page` fixture fails a test on any dialog
or console error)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from fmreview.config import Paths
from fmreview.model import Corpus
from test_browser_search import run_search

pytestmark = pytest.mark.browser


def open_paper(page: Page, site_url: str, paper_id: str) -> None:
    page.goto(f"{site_url}papers/{paper_id}/", wait_until="networkidle")


@pytest.mark.parametrize("paper_id", ["medsam", "biomedclip", "evil", "neurofm"])
def test_each_copy_button_puts_exactly_its_format_on_the_clipboard(page: Page, site_url: str,
                                                                   built_fixture_site: Paths, paper_id: str) -> None:
    """The cite block's BibTeX: its copy button copies that paper's .bib (RIS and CSL-JSON are downloads)."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    open_paper(page, site_url, paper_id)
    blocks = page.locator("#cite ~ .highlight")
    expect(blocks).to_have_count(1)
    for extension in ("ris", "json"):
        link = page.locator(f'#cite ~ p a[href$="papers/{paper_id}.{extension}"]')
        expect(link).to_have_count(1)
        assert link.get_attribute("download") is not None
    page.evaluate("navigator.clipboard.writeText('nothing copied yet')")
    blocks.first.hover()
    blocks.first.get_by_role("button", name="Copy to clipboard").click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()) !== 'nothing copied yet'")
    copied = page.evaluate("navigator.clipboard.readText()")
    file = (built_fixture_site.build_site / "papers" / f"{paper_id}.bib").read_text(encoding="utf-8")
    assert copied == file.rstrip()  # Material trims the copied text's end


def test_paper_page_links_datasets_and_related_papers(page: Page, site_url: str, corpus: Corpus) -> None:
    paper = next(p for p in corpus.papers if p.id == "biomedclip")
    open_paper(page, site_url, paper.id)
    links = page.locator(".fm-links a")
    assert links.get_by_text("DOI", exact=True).get_attribute("href") == f"https://doi.org/{paper.doi}"
    assert links.get_by_text("arXiv", exact=True).get_attribute("href") == f"https://arxiv.org/abs/{paper.arxiv}"
    assert links.get_by_text("Code", exact=True).get_attribute("href") == paper.code
    assert links.get_by_text("Weights", exact=True).get_attribute("href") == paper.weights
    dataset_links = page.locator("table.fm-datasets a").evaluate_all("links => links.map(a => a.href)")
    assert dataset_links == [f"{site_url}datasets/{d}/" for d in paper.datasets]
    related = page.locator("ul.fm-related li")
    assert related.count() >= 1
    for item in related.all():
        assert item.locator(".fm-reason").text_content().startswith("— ")  # each with its reason
    first = related.first.locator("a")
    first.click()  # a related paper's page opens
    expect(page.locator("h1.fm-title")).to_be_visible()
    assert page.url != f"{site_url}papers/{paper.id}/"


HOSTILE = "[onerror], [onload], a[href^='javascript:' i], article script, article iframe, article img[src='x']"


def test_hostile_entry_runs_nothing_on_its_page(page: Page, site_url: str, corpus: Corpus) -> None:
    evil = next(p for p in corpus.papers if p.id == "evil")
    open_paper(page, site_url, "evil")
    expect(page.locator("h1.fm-title")).to_have_text(evil.title)  # shown as the literal text it is
    assert page.locator(".fm-summary").text_content() == evil.summary
    assert page.locator(HOSTILE).count() == 0
    page.wait_for_timeout(300)  # give any injected handler its chance to fire a dialog


def test_hostile_entry_runs_nothing_in_the_explorer(page: Page, site_url: str, corpus: Corpus) -> None:
    evil = next(p for p in corpus.papers if p.id == "evil")
    page.goto(f"{site_url}papers/?text=evil")
    expect(page.locator(".fm-explorer--live")).to_be_visible()
    row = page.locator('#fm-table tr[data-id="evil"]')
    expect(row.locator("td").first.locator("a").first).to_have_text(evil.model)
    expect(row.locator(".fm-pick")).to_have_attribute("aria-label", f"Compare {evil.model}")  # text, not markup
    page.locator("#fm-q").fill("<script>alert(1)</script>")
    page.locator("#fm-q").fill("svg onload")
    expect(row).to_be_visible()
    assert page.locator(HOSTILE).count() == 0
    page.wait_for_timeout(300)


def test_hostile_entry_runs_nothing_in_search_results(page: Page, site_url: str) -> None:
    page.goto(site_url, wait_until="networkidle")
    run_search(page, "onerror alert evil")
    expect(page.locator(".md-search-result__item a[href*='papers/evil/']").first).to_be_visible()
    assert page.locator(HOSTILE).count() == 0
    page.wait_for_timeout(300)

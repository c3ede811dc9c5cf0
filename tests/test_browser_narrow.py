"""The meta-analysis narrowed to one modality or task in Chromium, at desktop and phone sizes: choosing from the
control with the keyboard swaps the narrowable charts (image, alt text, data link) for that term's, marks the
others as covering all papers, announces the paper count and keeps the choice in the address; "All papers" brings
the originals back; a shared address opens narrowed; without JavaScript the all-papers charts show. axe-core finds
no serious or critical issue on the narrowed page nor on a term and a dataset page with their own chart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from fmreview.model import Corpus
from test_browser_accessibility import axe_script, serious_violations  # noqa: F401 (axe_script is a fixture)

pytestmark = pytest.mark.browser
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
NARROWED = ("papers-per-year", "dataset-use", "modality-task", "anatomy", "training-per-year",
            "architecture-per-year", "adaptation-per-year", "open-science")


def chart(page: Page, slug: str):
    return page.locator(f"#chart-{slug} img.fm-chart")


def loaded(page: Page, slug: str) -> bool:
    image = chart(page, slug)
    image.scroll_into_view_if_needed()
    return image.evaluate("img => img.decode().then(() => img.naturalWidth > 0, () => false)")


@pytest.mark.parametrize("size", VIEWPORTS)
def test_keyboard_narrowing_swaps_the_charts(page: Page, site_url: str, corpus: Corpus, size: str) -> None:
    page.set_viewport_size(VIEWPORTS[size])
    page.goto(site_url + "meta-analysis/")
    control = page.get_by_label("Show the charts for")
    expect(control).to_be_visible()
    original = {slug: chart(page, slug).get_attribute("alt") for slug in NARROWED}
    ct = len(corpus.papers_with("modalities", "ct"))

    control.focus()
    page.keyboard.type("CT")  # type-ahead on the focused select: no mouse
    expect(control).to_have_value("modalities/ct")
    expect(page.locator("#fm-narrow-status")).to_have_text(re.compile(rf"narrowed to CT: {ct} papers"))
    expect(page).to_have_url(re.compile(r"\?narrow=modalities%2Fct$"))
    for slug in NARROWED:
        image = chart(page, slug)
        expect(image).to_have_attribute("src", re.compile(rf"/meta-analysis/narrow/modalities/ct/{slug}\.svg$"))
        assert image.get_attribute("alt") != original[slug] and "CT papers" in image.get_attribute("alt")
        data = page.locator(f"#chart-{slug} a.fm-chart-data")
        expect(data).to_have_attribute("href", re.compile(rf"narrow/modalities/ct/{slug}\.csv$"))
        assert page.request.get(data.get_attribute("href")).ok
    assert loaded(page, "papers-per-year") and loaded(page, "anatomy")
    for slug in ("modality-share", "scale"):  # not narrowed: said so, image unchanged
        expect(page.locator(f"#chart-{slug} .fm-narrow-note")).to_be_visible()
        expect(chart(page, slug)).to_have_attribute("src", re.compile(rf"(^|/){slug}\.svg$"))

    control.focus()
    page.keyboard.press("Home")  # back to the first option, "All papers"
    expect(control).to_have_value("")
    expect(page.locator("#fm-narrow-status")).to_have_text("Charts show all papers.")
    for slug in NARROWED:
        expect(chart(page, slug)).to_have_attribute("alt", original[slug])
        expect(chart(page, slug)).not_to_have_attribute("src", re.compile("narrow/"))
    expect(page.locator("#chart-scale .fm-narrow-note")).to_be_hidden()
    assert "narrow=" not in page.url


def test_a_shared_address_opens_narrowed(page: Page, site_url: str, corpus: Corpus) -> None:
    page.goto(site_url + "meta-analysis/?narrow=tasks/segmentation")
    expect(page.get_by_label("Show the charts for")).to_have_value("tasks/segmentation")
    expect(chart(page, "papers-per-year")).to_have_attribute(
        "src", re.compile(r"narrow/tasks/segmentation/papers-per-year\.svg$"))
    assert loaded(page, "papers-per-year")
    page.goto(site_url + "meta-analysis/?narrow=tasks/no-such-task")  # an unknown narrowing shows all papers
    expect(page.get_by_label("Show the charts for")).to_have_value("")
    expect(chart(page, "papers-per-year")).not_to_have_attribute("src", re.compile("narrow/"))


def test_without_javascript_the_all_papers_charts_show(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORTS["phone"])
    try:
        page = context.new_page()
        page.goto(site_url + "meta-analysis/")
        expect(page.locator("#fm-narrow")).to_be_hidden()  # a control that cannot work is not offered
        images = page.locator("img.fm-chart")
        assert images.count() == 10
        for image in images.all():
            assert "narrow/" not in (image.get_attribute("src") or "")
            image.scroll_into_view_if_needed()
            assert image.evaluate("img => img.decode().then(() => img.naturalWidth > 0, () => false)")
    finally:
        context.close()


@pytest.mark.parametrize("path", ["meta-analysis/?narrow=modalities/ct", "modalities/ct/", "datasets/mimic-cxr/"])
def test_no_serious_accessibility_violations(page: Page, site_url: str, axe_script: Path,  # noqa: F811
                                             path: str) -> None:
    page.goto(site_url + path, wait_until="networkidle")
    if path.startswith("meta-analysis"):
        expect(chart(page, "papers-per-year")).to_have_attribute("src", re.compile("narrow/"))
    else:
        expect(page.get_by_role("img", name=re.compile("^Papers per year: "))).to_be_visible()
    assert serious_violations(page, axe_script) == []

"""The comparison tables per modality and task (compare/<axis>/<term>/) in Chromium: the page's full width, one
horizontal scroller with the first column stuck to the left on a phone, and every column kept when printed on
A4 in landscape."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
TABLE = "article table.fm-compare"


def test_one_scroller_and_a_sticky_first_column_on_a_phone(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site_url}compare/modalities/ct/")
    table = page.locator(TABLE)
    expect(table).to_be_visible()
    scrollers = table.evaluate("""t => { const found = [];
        for (let e = t; e; e = e.parentElement) {
          const s = getComputedStyle(e);
          if (["auto", "scroll"].includes(s.overflowX) && e.scrollWidth > e.clientWidth) found.push(e.className);
        }
        return found; }""")
    assert scrollers == ["fm-compare-wrap"]  # the wrapper scrolls, nothing else does
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the page itself never scrolls sideways
    first = table.locator("tbody tr").first.locator("td").first
    before = first.bounding_box()["x"]
    page.locator(".fm-compare-wrap").evaluate("w => { w.scrollLeft = w.scrollWidth; }")
    page.wait_for_function("document.querySelector('.fm-compare-wrap').scrollLeft > 100")
    assert abs(first.bounding_box()["x"] - before) <= 2  # the model column stays in view (the border scrolls)


def test_full_width_on_a_desktop(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 1600, "height": 900})
    page.goto(f"{site_url}compare/modalities/ct/")
    content = page.locator("article").bounding_box()["width"]
    assert content > 1400  # Material's text column is about 1,000 px wide; these pages use the whole window


def test_printed_on_a4_landscape_with_every_column(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}compare/modalities/ct/")
    expect(page.locator(TABLE)).to_be_visible()
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 1032, "height": 730})  # A4 landscape less 12 mm margins, at 96 px per inch
    fits = page.locator(TABLE).evaluate("""t => {
        const wrap = t.parentElement, cells = [...t.rows[0].cells];
        return {table: t.getBoundingClientRect().right, page: document.documentElement.clientWidth,
                overflow: wrap.scrollWidth - wrap.clientWidth, position: getComputedStyle(t.rows[1].cells[0]).position,
                hidden: cells.filter(c => c.getBoundingClientRect().width === 0).length, columns: cells.length}; }""")
    assert fits["columns"] == 11 and fits["hidden"] == 0
    assert fits["overflow"] <= 0 and fits["table"] <= fits["page"], fits
    assert fits["position"] == "static"
    pdf = page.pdf(format="A4", landscape=False, prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF") and b"/MediaBox [0 0 841.91998 594.95996]" in pdf  # the sheet is landscape

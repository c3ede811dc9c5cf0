"""Accessibility: axe-core (pinned in package.json, installed by `npm ci`) finds no serious or critical
violation on the home page, the explorer (with its filters live, in light and dark), a paper page, "What's new"
and the meta-analysis page; charts carry alt text."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import ROOT
from fmreview.config import Paths

pytestmark = pytest.mark.browser
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["", "papers/", "papers/medsam/", "papers/evil/", "whats-new/", "meta-analysis/", "lineage/", "method/"]


@pytest.fixture(scope="module")
def axe_script() -> Path:
    if not AXE.is_file():
        pytest.fail(f"{AXE.relative_to(ROOT)} is missing: run `npm ci` (make test does)", pytrace=False)
    return AXE


def serious_violations(page: Page, axe: Path) -> list[str]:
    page.add_script_tag(path=str(axe))
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                            nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
    }""")
    return [f"{v['impact']}: {v['id']} ({v['help']}) at {v['nodes']}" for v in found
            if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(page: Page, site_url: str, built_fixture_site: Paths,
                                             axe_script: Path, path: str, scheme: str) -> None:
    assert (built_fixture_site.build_site / path / "index.html").is_file(), f"{path or 'home'} was not built"
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + path, wait_until="networkidle")
    if path == "papers/":
        expect(page.locator(".fm-explorer--live")).to_be_visible()
    assert serious_violations(page, axe_script) == []


def test_charts_have_alt_text(page: Page, site_url: str, built_fixture_site: Paths) -> None:
    page.goto(site_url + "meta-analysis/")
    images = page.locator("article img")
    assert images.count() > 0, "the meta-analysis page shows no chart"
    for image in images.all():
        assert (image.get_attribute("alt") or "").strip(), image.get_attribute("src")

"""The explorer past its first page: with more matches than it draws at once (100), it shows the first 100,
"Show 100 more" and "Show all N" add the rest in order, and a narrower filter starts again from the top.
A synthetic corpus of 160 entries on the frozen data, built once with the real mkdocs."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import TODAY, make_repo
from fmreview.commands.build import build_site
from fmreview.config import Paths
from fmreview.devtools.synthetic import write_synthetic_repo
from fmreview.load.corpus import load_corpus
from test_browser_explorer import expected, open_explorer, shown_ids

pytestmark = pytest.mark.browser
N = 160


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("paging")
    paths = write_synthetic_repo(make_repo(folder / "source", []), folder / "site", N, seed=11)
    (paths.root / "CONTRIBUTING.md").write_text((folder / "source" / "CONTRIBUTING.md").read_text())
    (paths.root / "CITATION.cff").write_text((folder / "source" / "CITATION.cff").read_text())
    assert build_site(paths, today=TODAY) == 0
    corpus, _ = load_corpus(paths, today=TODAY)
    return paths, corpus


@pytest.fixture(scope="module")
def large_url(large: tuple[Paths, object]):
    from fmreview.devtools.browser import serve_folder

    with serve_folder(large[0].build_site) as base:
        yield base


def more_buttons(page: Page):
    box = page.locator(".fm-results__more")
    return box, box.get_by_role("button", name="more"), box.get_by_role("button", name="Show all")


def test_more_and_all_add_the_rest_in_order(page: Page, large_url: str, large) -> None:
    _, corpus = large
    every, _ = expected(corpus, "")
    open_explorer(page, large_url)
    box, more, show_all = more_buttons(page)
    assert shown_ids(page) == every[:100]
    expect(more).to_have_text(f"Show {N - 100} more")
    expect(show_all).to_have_text(f"Show all {N}")
    more.click()
    assert shown_ids(page) == every
    expect(box).to_be_hidden()
    open_explorer(page, large_url)
    assert shown_ids(page) == every[:100]
    show_all.focus()
    page.keyboard.press("Enter")  # the buttons work from the keyboard too
    assert shown_ids(page) == every
    expect(box).to_be_hidden()


def test_a_narrower_filter_starts_from_the_top(page: Page, large_url: str, large) -> None:
    _, corpus = large
    open_explorer(page, large_url)
    more_buttons(page)[2].click()
    ids, _ = expected(corpus, "category=vision-only")
    assert 0 < len(ids) < N
    page.goto(f"{large_url}papers/?category=vision-only")
    expect(page.locator(".fm-explorer--live #fm-filters")).to_be_visible()
    assert shown_ids(page) == ids[:100]
    expect(page.locator("#fm-status")).to_have_text(f"{len(ids)} of {N} papers match")

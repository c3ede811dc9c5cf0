"""The papers explorer in a real Chromium: filters give exactly the right rows and counts, the state lives in the
URL (reload, back, forward, links from term pages through Material's instant navigation), the keyboard works,
and "Download these" holds exactly the filtered papers, as BibTeX, RIS or CSL-JSON.

Expected rows and counts are computed here from the fixture corpus's records with a plain Python version of
the filter rules (AND across facets, OR within one, accents and case ignored in the text filter).
"""

from __future__ import annotations

import json
import re
import unicodedata
from urllib.parse import parse_qs, urlsplit

import bibtexparser
import pytest
import rispy
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from fmreview.model import Corpus, Paper
from fmreview.render.cite.keys import author_year_keys
from fmreview.render.explorer import LICENCE, LICENCE_TERMS, licence_class

pytestmark = pytest.mark.browser
FLAGS = ("code", "weights")


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def haystack(paper: Paper, corpus: Corpus) -> str:
    names = [corpus.datasets[d].name for d in paper.datasets]
    return fold(" | ".join([paper.model, paper.title, *paper.authors, *names, paper.arxiv_title or ""]))


def passes(paper: Paper, facet: str, wanted: set[str], corpus: Corpus) -> bool:
    if not wanted:
        return True
    if facet in FLAGS:
        return bool(getattr(paper, facet))
    if facet == LICENCE:
        return licence_class(paper, corpus) in wanted
    return bool(wanted & set(paper.terms(facet)))


def expected(corpus: Corpus, query: str) -> tuple[list[str], dict[str, dict[str, int]]]:
    """A query string → the ids the explorer must show (in the default order) and every facet term's count
    (papers that would match if that term alone were added to its facet's selection)."""
    params = parse_qs(query)
    tokens = fold(" ".join(params.get("text", []))).split()
    low, high = int(params.get("from", ["0"])[0]), int(params.get("to", ["9999"])[0])
    facets = (*corpus.vocabularies, LICENCE, *FLAGS)
    wanted = {facet: set(params.get(facet, [])) for facet in facets}
    base = [p for p in corpus.papers
            if low <= p.year <= high and all(t in haystack(p, corpus) for t in tokens)]
    ids = [p.id for p in base if all(passes(p, f, w, corpus) for f, w in wanted.items())]
    counts: dict[str, dict[str, int]] = {}
    for facet in facets:
        others = [p for p in base if all(passes(p, f, w, corpus) for f, w in wanted.items() if f != facet)]
        terms = (["yes"] if facet in FLAGS else [t for t, _, _ in LICENCE_TERMS] if facet == LICENCE
                 else corpus.vocabularies[facet].ids)
        counts[facet] = {t: sum(passes(p, facet, {t}, corpus) for p in others) for t in terms}
    return ids, counts


def shown_ids(page: Page) -> list[str]:
    return page.locator("#fm-table tbody tr").evaluate_all("rows => rows.map(r => r.dataset.id)")


def expect_rows(page: Page, ids: list[str]) -> None:
    """Wait (a history step is handled after the address changes) until the table shows exactly `ids`."""
    try:
        page.wait_for_function(
            "ids => JSON.stringify([...document.querySelectorAll('#fm-table tbody tr')].map(r => r.dataset.id))"
            " === JSON.stringify(ids)", arg=ids, timeout=5000)
    except PlaywrightTimeout:
        assert shown_ids(page) == ids


def shown_counts(page: Page) -> dict[str, dict[str, int]]:
    found = page.locator("#fm-filters input[type=checkbox]").evaluate_all(
        "boxes => boxes.map(b => [b.name, b.value, b.parentNode.querySelector('.fm-count').textContent])")
    counts: dict[str, dict[str, int]] = {}
    for name, value, count in found:
        counts.setdefault(name, {})[value] = int(count)
    return counts


def open_explorer(page: Page, site_url: str, query: str = "") -> None:
    page.goto(f"{site_url}papers/{'?' + query if query else ''}")
    expect(page.locator(".fm-explorer--live #fm-filters")).to_be_visible()


QUERIES = [
    "",
    "category=vision-only&category=vision-language",
    "modalities=ct",
    "modalities=mri&modalities=ultrasound",
    "category=vision-only&code=yes",
    "weights=yes",
    "code=yes&weights=yes",
    "from=2024&to=2024",
    "from=2025",
    "text=muller",
    "text=MIMIC-CXR",
    "text=ma+jun",
    "text=brats&anatomy=brain",
    "anatomy=brain&tasks=classification",
    "themes=prompting",
    "tasks=segmentation&category=vision-language",
    "training=masked-image-modelling&training=contrastive-image-text&adaptation=linear-probe",
    "licence=permissive",
    "licence=non-commercial&licence=unknown",
    "modalities=ct&input=3d&tasks=segmentation&weights_access=open&licence=permissive",
    "input=wsi&weights_access=on-request",
]


@pytest.mark.parametrize("query", QUERIES)
def test_filters_give_exactly_the_right_rows_and_counts(page: Page, site_url: str, corpus: Corpus,
                                                         query: str) -> None:
    ids, counts = expected(corpus, query)
    open_explorer(page, site_url, query)
    assert shown_ids(page) == ids
    assert shown_counts(page) == counts
    status = page.locator("#fm-status").text_content()
    assert status == (f"All {len(corpus.papers)} papers" if len(ids) == len(corpus.papers)
                      else f"{len(ids)} of {len(corpus.papers)} papers match")
    expect(page.locator("#fm-empty")).to_be_visible() if not ids else expect(page.locator("#fm-empty")).to_be_hidden()


def test_the_query_cases_are_not_trivial(corpus: Corpus) -> None:
    """Guards the test above: between them the queries must show several different selections."""
    selections = {tuple(expected(corpus, q)[0]) for q in QUERIES}
    sizes = {len(s) for s in selections}
    assert len(selections) >= 8 and 0 in sizes and len(corpus.papers) in sizes and len(sizes) >= 3
    assert "biomedclip" in expected(corpus, "text=muller")[0]  # "Müller" found without its umlaut


def test_without_javascript_the_table_lists_every_paper(browser, site_url: str, corpus: Corpus) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}papers/?modalities=mri")
    assert sorted(shown_ids(page)) == sorted(p.id for p in corpus.papers)
    assert page.locator("#fm-filters").is_hidden()  # the filters only appear when they work
    context.close()


def test_url_round_trips_through_reload_back_and_forward(page: Page, site_url: str, corpus: Corpus) -> None:
    open_explorer(page, site_url)
    page.locator('#fm-filters input[name=modalities][value=ct]').check()
    expect(page).to_have_url(re.compile(r"\?modalities=ct$"))
    page.locator('#fm-filters input[name=code]').check()
    expect(page).to_have_url(re.compile(r"\?modalities=ct&code=yes$"))
    page.locator("#fm-q").press_sequentially("seg")
    expect(page).to_have_url(re.compile(r"\?text=seg&modalities=ct&code=yes$"))
    page.locator("#fm-from").select_option("2024")
    page.locator("th[data-sort=year] button").click()
    expect(page).to_have_url(re.compile(r"&from=2024&sort=-year$"))
    final = urlsplit(page.url).query
    ids = shown_ids(page)
    assert ids == sorted(expected(corpus, final)[0], key=lambda i: -next(p.year for p in corpus.papers if p.id == i))

    page.reload()
    expect(page.locator(".fm-explorer--live #fm-filters")).to_be_visible()
    assert shown_ids(page) == ids
    assert page.locator("#fm-q").input_value() == "seg"
    assert page.locator('#fm-filters input[name=code]').is_checked()
    assert page.locator("th[data-sort=year]").get_attribute("aria-sort") == "descending"

    page.go_back()  # before the sort
    expect(page).to_have_url(re.compile(r"&from=2024$"))
    expect_rows(page, expected(corpus, urlsplit(page.url).query)[0])
    assert page.locator("th[data-sort=year]").get_attribute("aria-sort") is None
    page.go_back()  # before the year: the typed search is one history step, not three
    page.go_back()
    expect(page).to_have_url(re.compile(r"\?modalities=ct&code=yes$"))
    expect(page.locator("#fm-q")).to_have_value("")
    expect_rows(page, expected(corpus, "modalities=ct&code=yes")[0])
    page.go_forward()
    expect(page).to_have_url(re.compile(r"\?text=seg&modalities=ct&code=yes$"))
    expect_rows(page, expected(corpus, "text=seg&modalities=ct&code=yes")[0])


def test_term_page_link_opens_the_filtered_explorer_with_instant_navigation(page: Page, site_url: str,
                                                                              corpus: Corpus) -> None:
    page.goto(f"{site_url}modalities/mri/", wait_until="networkidle")  # Material has fetched its sitemap
    page.evaluate("window.fmSameDocument = true")  # survives only if Material swaps the page in place
    page.get_by_role("link", name="filter in the explorer").click()
    expect(page).to_have_url(f"{site_url}papers/?modalities=mri")
    expect(page.locator("#fm-filters")).to_be_visible()
    assert page.evaluate("window.fmSameDocument === true"), "Material's instant navigation was not used"
    assert shown_ids(page) == expected(corpus, "modalities=mri")[0]

    first = shown_ids(page)[0]
    page.locator(f'#fm-table tr[data-id="{first}"] a').first.click()
    expect(page).to_have_url(f"{site_url}papers/{first}/")
    expect(page.locator("#fm-explorer")).to_have_count(0)  # the paper page is in place
    page.go_back()
    expect(page).to_have_url(f"{site_url}papers/?modalities=mri")
    expect(page.locator(".fm-explorer--live #fm-status")).to_have_text(
        f"{len(expected(corpus, 'modalities=mri')[0])} of {len(corpus.papers)} papers match")
    assert page.locator('#fm-filters input[name=modalities][value=mri]').is_checked()
    assert shown_ids(page) == expected(corpus, "modalities=mri")[0]
    assert page.evaluate("window.fmSameDocument === true")

    # A link to the page itself: Material treats it as a same-page anchor and undoes its history step, so
    # the address keeps the filter; what matters is that the table and the address still agree.
    page.locator("nav.md-tabs").get_by_role("link", name="Papers", exact=True).click()
    page.wait_for_timeout(300)
    assert shown_ids(page) == expected(corpus, urlsplit(page.url).query)[0]


def test_filters_work_with_the_keyboard(page: Page, site_url: str, corpus: Corpus) -> None:
    open_explorer(page, site_url)
    page.locator("#fm-q").focus()
    page.keyboard.type("segment")
    page.keyboard.press("Tab")  # year "from"
    page.keyboard.press("Tab")  # year "to"
    page.keyboard.press("Tab")  # "Has code"
    assert page.evaluate("document.activeElement.name") == "code"
    page.keyboard.press("Space")
    assert page.locator('#fm-filters input[name=code]').is_checked()
    assert shown_ids(page) == expected(corpus, "text=segment&code=yes")[0]

    summary = page.locator('details[data-facet=anatomy] > summary')
    summary.focus()
    page.keyboard.press("Enter")  # unfold a closed facet
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    first_anatomy = corpus.vocabularies["anatomy"].ids[0]
    assert page.evaluate("[document.activeElement.name, document.activeElement.value]") == ["anatomy", first_anatomy]
    assert shown_ids(page) == expected(corpus, f"text=segment&code=yes&anatomy={first_anatomy}")[0]

    page.locator("th[data-sort=model] button").focus()
    page.keyboard.press("Enter")
    assert page.locator("th[data-sort=model]").get_attribute("aria-sort") == "ascending"
    page.keyboard.press("Enter")
    assert page.locator("th[data-sort=model]").get_attribute("aria-sort") == "descending"


def test_sorting_orders_the_rows(page: Page, site_url: str, corpus: Corpus) -> None:
    open_explorer(page, site_url, "sort=model")
    assert shown_ids(page) == [p.id for p in sorted(corpus.papers, key=lambda p: (fold(p.model), p.id))]
    page.locator("th[data-sort=added] button").click()
    newest = sorted(corpus.papers, key=lambda p: p.added, reverse=True)
    assert [p.added for p in map({p.id: p for p in corpus.papers}.get, shown_ids(page))] == [p.added for p in newest]


def download(page: Page, extension: str, keys: str = "id") -> str:
    page.locator("#fm-format").select_option(extension)
    page.locator("#fm-keys").select_option(keys)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download these").click()
    assert info.value.suggested_filename == f"papers.{extension}"
    return open(info.value.path(), encoding="utf-8").read()


@pytest.mark.parametrize("query", ["modalities=ct&code=yes", "text=segment", "weights=yes&from=2023"])
def test_download_holds_exactly_the_filtered_papers(page: Page, site_url: str, corpus: Corpus, query: str) -> None:
    open_explorer(page, site_url, query)
    text = download(page, "bib")
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    assert [entry.key for entry in library.entries] == sorted(expected(corpus, query)[0])  # all.bib's order
    whole = (page.context.request.get(f"{site_url}all.bib").text())
    for entry in library.entries:  # each entry exactly as the site's bibliography has it
        assert entry.raw.strip() in whole
    records = rispy.loads(download(page, "ris"))
    assert [r["id"] for r in records] == sorted(expected(corpus, query)[0])
    items = json.loads(download(page, "json", "authoryear"))
    keys = author_year_keys(corpus.papers)
    assert [i["id"] for i in items] == [keys[i] for i in sorted(expected(corpus, query)[0])]


@pytest.mark.parametrize("keys", ["id", "authoryear"])
def test_download_of_every_row_is_the_sites_own_file(page: Page, site_url: str, keys: str, tmp_path) -> None:
    """All rows, every format and key style: byte for byte the server-side file (BibTeX: after its comment),
    and Pandoc reads the BibTeX selection as the entries."""
    from fmreview.devtools.clients import ensure_clients, pandoc_csljson

    open_explorer(page, site_url, "")
    name = "all" if keys == "id" else "all-authoryear"
    for extension in ("bib", "ris", "json"):
        served = page.context.request.get(f"{site_url}{name}.{extension}").text()
        got = download(page, extension, keys)
        if extension == "bib":
            assert got.split("\n\n", 1)[1] == served.split("\n\n", 1)[1]
        else:
            assert got == served
    ensure_clients()
    items, warnings = pandoc_csljson(download(page, "bib", keys), tmp_path)
    assert warnings == "" and len(items) == served.count('"id":')


def test_no_matching_paper_shows_a_way_back(page: Page, site_url: str, corpus: Corpus) -> None:
    open_explorer(page, site_url, "text=no+such+paper+anywhere")
    expect(page.locator("#fm-empty")).to_be_visible()
    assert shown_ids(page) == []
    assert page.get_by_role("button", name="Download these").is_disabled()
    page.locator("#fm-clear").click()
    expect(page.locator("#fm-status")).to_have_text(f"All {len(corpus.papers)} papers")
    expect(page).to_have_url(f"{site_url}papers/")

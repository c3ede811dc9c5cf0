"""The reader's three walks through the explorer in a real Chromium, at desktop (1280x900) and phone (390x844)
sizes: the clinician's 3D CT shortlist compared three-way and exported (CSV, LaTeX), the student's pathology
vision-language reading list narrowed row by row and downloaded as BibTeX, and the keyboard user's skip link,
focus rings and removable chips. Expected rows and facts come from the fixture corpus's records."""

from __future__ import annotations

import csv
import json
import re

import bibtexparser
import pytest
from playwright.sync_api import Page, expect

from fmreview.model import Corpus, Paper
from fmreview.render.explorer import licence_class
from test_browser_explorer import download, expected, shown_ids

pytestmark = pytest.mark.browser
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
CLINICIAN = {"modalities": "ct", "input": "3d", "tasks": "segmentation", "weights_access": "open",
             "licence": "permissive"}


def open_explorer(page: Page, site_url: str, query: str = "") -> None:
    page.goto(f"{site_url}papers/{'?' + query if query else ''}")
    expect(page.locator(".fm-explorer--live #fm-results")).to_be_visible()


def tick(page: Page, name: str, value: str) -> None:
    """Tick a filter as a reader does: open the filters (phones) and the facet's fold first when closed."""
    toggle = page.locator("#fm-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()
    box = page.locator(f'#fm-filters input[name="{name}"][value="{value}"]')
    if not box.is_visible():
        page.locator(f'details[data-facet="{name}"] > summary').click()
    box.check()


def read_download(page: Page, button: str) -> tuple[str, str]:
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    download = info.value
    return download.suggested_filename, open(download.path(), encoding="utf-8").read()


def licence_words(paper: Paper, field: str, corpus: Corpus) -> str:
    value = getattr(paper, field)
    return ("not yet checked" if value is None else "not stated" if value == "not-stated"
            else f"{corpus.licenses[value].name} ({value})")


@pytest.mark.parametrize("size", SIZES)
def test_clinician_compares_three_open_3d_ct_segmenters(page: Page, site_url: str, corpus: Corpus,
                                                        size: str) -> None:
    page.set_viewport_size(SIZES[size])
    open_explorer(page, site_url)
    for name, value in CLINICIAN.items():
        tick(page, name, value)
    query = "&".join(f"{k}={v}" for k, v in CLINICIAN.items())
    ids = expected(corpus, query)[0]
    assert len(ids) == 3 and shown_ids(page) == ids
    expect(page.locator("#fm-chips button")).to_have_count(5)
    chosen = [p for p in corpus.papers if p.id in ids]
    assert all(licence_class(p, corpus) == "permissive" and p.weights_access == "open" for p in chosen)

    page.locator("#fm-columns > summary").click()  # show the licence column, kept in the address
    page.locator('#fm-columns input[value="licence"]').check()
    expect(page).to_have_url(re.compile(r"cols=[a-z,]*licence"))
    for paper in chosen:
        expect(page.locator(f'tr[data-id="{paper.id}"] td').nth(9)).to_contain_text("Permissive")
    page.locator("#fm-columns > summary").click()

    for paper in chosen:
        page.get_by_label(f"Compare {paper.model}", exact=True).check()
    compare = page.get_by_role("button", name="Compare selected (3)")
    compare.click()
    expect(page).to_have_url(re.compile(r"/compare/selected/\?ids=" + ",".join(ids) + "$"))
    table = page.locator("#fm-selection-table")
    expect(table).to_be_visible()
    expect(table.locator("thead th")).to_have_text(["Fact", *(p.model for p in chosen)])
    cells = table.locator("tbody tr").evaluate_all(
        "rows => Object.fromEntries(rows.map(r => [r.dataset.fact, [...r.cells].slice(1).map(c => c.innerText)]))")
    for column, paper in enumerate(chosen):
        fact = {key: values[column] for key, values in cells.items()}
        assert all(value.strip() for value in fact.values()), fact  # never blank
        assert fact["year"] == str(paper.year) and fact["title"] == paper.title
        assert "3D volume" in fact["input"] and fact["modalities"].split(", ").count("CT") == 1
        assert "Segmentation" in fact["tasks"] and fact["weights_access"] == "Open"
        assert fact["parameters"] == (paper.parameters.text if paper.parameters else "not stated")
        assert fact["license"] == licence_words(paper, "license", corpus)
        assert fact["weights_license"] == licence_words(paper, "weights_license", corpus)
        assert fact["code"] == (paper.code.removeprefix("https://") if paper.code else "not stated")
        assert fact["builds_on"] == (", ".join("MedSAM" for _ in paper.builds_on) or "not stated")

    name, text = read_download(page, "Download CSV")
    rows = list(csv.DictReader(text.splitlines()))
    assert name == "comparison.csv" and [r["id"] for r in rows] == ids
    for row, paper in zip(rows, chosen, strict=True):
        assert (row["model"], row["year"], row["title"]) == (paper.model, str(paper.year), paper.title)
        assert row["weights"] == paper.weights and row["weights_license"] == licence_words(paper, "weights_license",
                                                                                             corpus)
    name, text = read_download(page, "Download LaTeX (booktabs)")
    assert name == "comparison.tex"
    assert "\\begin{tabular}{l" + "p{3.2cm}" * 3 + "}" in text and "\\toprule" in text and "\\bottomrule" in text
    header = next(line for line in text.splitlines() if "\\cite{" in line)
    assert re.findall(r"\\cite\{([^}]+)\}", header) == ids
    body = [line for line in text.splitlines() if line.endswith("\\\\")]
    assert len(body) == 1 + len(cells) and all(line.count(" & ") == 3 for line in body)
    assert "Pre-training data & not stated & 1.2K volumes & not stated \\\\" in text  # LungVox, VoxCT, AbdoFM


HOSTILE = {"facts": [["title", "Title"], ["code", "Code"]],
           "papers": {"x": {"model": "=HYPERLINK(\"http://example.org\")", "facts": {
               "title": "50% & $x_1^2$ {a}~\\b #1", "code": "-2+3"}}}}


def test_exports_escape_latex_and_neutralise_spreadsheet_formulas(page: Page, site_url: str) -> None:
    """A recorded hostile compare/selected.json: the LaTeX escapes every special, the CSV disarms formulas."""
    page.route("**/compare/selected.json", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(HOSTILE)))
    page.goto(f"{site_url}compare/selected/?ids=x")
    expect(page.locator("#fm-selection-table")).to_be_visible()
    _, text = read_download(page, "Download CSV")
    row = list(csv.reader(text.splitlines()))[1]
    assert row == ["x", "'=HYPERLINK(\"http://example.org\")", "50% & $x_1^2$ {a}~\\b #1", "'-2+3"]
    _, text = read_download(page, "Download LaTeX (booktabs)")
    assert ("Title & 50\\% \\& \\$x\\_1\\textasciicircum{}2\\$ \\{a\\}\\textasciitilde{}\\textbackslash{}b \\#1 \\\\"
            in text)


@pytest.mark.parametrize("size", SIZES)
def test_student_builds_a_pathology_reading_list(page: Page, site_url: str, corpus: Corpus, size: str) -> None:
    page.set_viewport_size(SIZES[size])
    open_explorer(page, site_url)
    tick(page, "modalities", "histopathology")
    tick(page, "category", "vision-language")
    ids = expected(corpus, "modalities=histopathology&category=vision-language")[0]
    assert len(ids) >= 2 and shown_ids(page) == ids

    first = next(p for p in corpus.papers if p.id == ids[0])  # triage: the summary unfolds in place
    gist = page.locator(f'tr[data-id="{first.id}"] details.fm-gist')
    gist.locator("summary").click()
    expect(gist).to_have_attribute("open", "")
    assert gist.inner_text().split() == first.summary.split()

    page.get_by_role("button", name=f"Remove {first.model} from the list").click()
    kept = ids[1:]
    expect(page).to_have_url(re.compile(rf"drop={first.id}$"))
    assert shown_ids(page) == kept
    expect(page.locator("#fm-status")).to_have_text(f"{len(kept)} of {len(corpus.papers)} papers match (1 removed)")
    library = bibtexparser.parse_string(download(page, "bib"))
    assert library.failed_blocks == []
    assert [entry.key for entry in library.entries] == sorted(kept)  # in all.bib's order

    page.reload()  # the dropped row stays dropped, and can be restored
    expect(page.locator(".fm-explorer--live")).to_be_visible()
    assert shown_ids(page) == kept
    page.get_by_role("button", name="Restore the removed paper").click()
    expect(page).not_to_have_url(re.compile("drop="))
    assert shown_ids(page) == ids


FOCUS_RING = """() => { const s = getComputedStyle(document.activeElement);
  return [document.activeElement.tagName, s.outlineStyle, parseFloat(s.outlineWidth)]; }"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_keyboard_skip_link_focus_rings_and_chips(page: Page, site_url: str, corpus: Corpus, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    open_explorer(page, site_url, "modalities=ct&input=3d")
    presses = 0
    while page.evaluate("document.activeElement.id") != "fm-skip":
        page.keyboard.press("Tab")
        presses += 1
        assert presses < 30, "the skip link is not reachable with Tab"
    expect(page.locator("#fm-skip")).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "fm-results"
    to_first_row, path = 0, []
    while not page.evaluate("!!document.activeElement.closest('#fm-table tbody tr')"):
        page.keyboard.press("Tab")
        to_first_row += 1
        path.append(page.evaluate("document.activeElement.outerHTML.slice(0, 80)"))
        assert to_first_row <= 12, path
        _, style, width = page.evaluate(FOCUS_RING)  # every control on the way shows where focus is
        assert style != "none" and width >= 1, path
    assert to_first_row <= 12
    assert page.evaluate("document.activeElement.closest('tr').dataset.id") == shown_ids(page)[0]

    page.locator("#fm-q").focus()  # the search field, then the year selects and checkboxes of the filters
    for _ in range(5):
        tag, style, width = page.evaluate(FOCUS_RING)
        assert style != "none" and width >= 1, tag
        page.keyboard.press("Tab")

    chip = page.get_by_role("button", name="Remove filter Modalities: CT")
    chip.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"papers/\?input=3d(#fm-results)?$"))
    assert shown_ids(page) == expected(corpus, "input=3d")[0]
    expect(page.locator("#fm-chips button")).to_have_count(1)
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Remove filter Input: 3D volume"
    expect(page.locator("#fm-toggle")).to_have_text("Filters (1)")
    assert page.locator("#fm-status").get_attribute("aria-live") == "polite"


def test_phone_shows_results_first_and_filters_behind_a_toggle(page: Page, site_url: str, corpus: Corpus) -> None:
    page.set_viewport_size(SIZES["phone"])
    open_explorer_phone = f"{site_url}papers/?modalities=ct&tasks=segmentation"
    page.goto(open_explorer_phone)
    expect(page.locator(".fm-explorer--live")).to_be_visible()
    toggle = page.locator("#fm-toggle")
    expect(toggle).to_have_text("Filters (2)")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#fm-filters")).to_be_hidden()
    first = page.locator("#fm-table tbody tr").first
    assert first.get_attribute("data-id") == expected(corpus, "modalities=ct&tasks=segmentation")[0][0]
    assert first.bounding_box()["y"] + 40 < SIZES["phone"]["height"]  # the first result on the first screen
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES["phone"]["width"]  # cards, no scroll
    toggle.click()
    expect(page.locator("#fm-filters")).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    assert page.locator("#fm-results").bounding_box()["y"] > page.locator("#fm-filters").bounding_box()["y"]

"""The narrowed meta-analysis charts and the per-page papers-per-year charts, as built: every modality and task
with papers has its narrowed charts (SVG and CSV), none without; their numbers, in the CSVs and in the SVGs' bar
titles, equal counts recomputed from the raw YAML (expected.py, no fmreview code); the page offers exactly these
narrowings; every term and dataset page's chart table holds its papers per year."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

import pytest

from expected import Raw, evaluation, load_raw, pct, pre, terms

SVG = "{http://www.w3.org/2000/svg}"
NARROWED = ("papers-per-year", "dataset-use", "modality-task", "anatomy", "training-per-year",
            "architecture-per-year", "adaptation-per-year", "open-science")


def narrowings(raw: Raw) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(axis, term, its papers) for every modality and task some paper lists, in vocabulary order."""
    found = []
    for axis in ("modalities", "tasks"):
        for term in raw.vocab[axis]:
            papers = [x for x in raw.entries if term in terms(x, axis)]
            if papers:
                found.append((axis, term, papers))
    return found


def read_csv(files: dict[str, bytes], name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[name].decode("utf-8"))))


def ranking(counts: Counter, order: list[str]) -> list[tuple[str, int]]:
    """Most first, ties in `order`, zeros left out: the documented rule, written out again."""
    return sorted(((k, n) for k, n in counts.items() if n), key=lambda kv: (-kv[1], order.index(kv[0])))


def test_every_modality_and_task_with_papers_has_its_narrowed_charts(generated: tuple) -> None:
    paths, files = generated
    raw = load_raw(paths.root)
    expected = {f"{axis}/{term}" for axis, term, _ in narrowings(raw)}
    built = {m.group(1) for name in files if (m := re.match(r"meta-analysis/narrow/(\w+/[\w-]+)/", name))}
    assert built == expected
    for key in expected:
        for slug in NARROWED:
            root = ET.fromstring(files[f"meta-analysis/narrow/{key}/{slug}.svg"])
            assert root.get("role") == "img" and root.find(f"{SVG}title").text
            assert root.find(f"{SVG}desc").text, "the SVG carries its text alternative"
            assert read_csv(files, f"meta-analysis/narrow/{key}/{slug}.csv") is not None


def test_the_page_offers_exactly_these_narrowings(generated: tuple) -> None:
    paths, files = generated
    raw = load_raw(paths.root)
    page = files["meta-analysis/index.md"].decode("utf-8")
    options = re.findall(r'<option value="([\w/-]+)">([^<]+)</option>', page)
    assert options == [(f"{axis}/{term}", html.escape(raw.labels[axis][term], quote=False))
                       for axis, term, _ in narrowings(raw)]
    variants = json.loads(html.unescape(re.search(r'data-variants="([^"]*)"', page).group(1)))
    for axis, term, papers in narrowings(raw):
        assert variants[f"{axis}/{term}"]["papers"] == len(papers)
        assert set(variants[f"{axis}/{term}"]["alt"]) == set(NARROWED)
    for slug in NARROWED:
        assert f'id="chart-{slug}" data-narrow="{slug}"' in page


def test_narrowed_papers_per_year_and_anatomy_agree_with_the_entries(generated: tuple) -> None:
    paths, files = generated
    raw = load_raw(paths.root)
    years = [x["year"] for x in raw.entries]
    span = list(range(min(years), max(years) + 1))
    categories = raw.vocab["category"]
    for axis, term, papers in narrowings(raw):
        rows = read_csv(files, f"meta-analysis/narrow/{axis}/{term}/papers-per-year.csv")
        assert [int(r["year"]) for r in rows] == span
        for r in rows:
            for category in categories:
                assert int(r[category]) == sum(x["year"] == int(r["year"]) and x["category"] == category
                                               for x in papers), (term, r)
            assert int(r["total"]) == sum(x["year"] == int(r["year"]) for x in papers)
        anatomy = Counter(a for x in papers for a in terms(x, "anatomy"))
        rows = read_csv(files, f"meta-analysis/narrow/{axis}/{term}/anatomy.csv")
        assert [(r["anatomy"], int(r["total"])) for r in rows] == ranking(anatomy, raw.vocab["anatomy"])
        for r in rows:
            for category in categories:
                assert int(r[category]) == sum(x["category"] == category and r["anatomy"] in terms(x, "anatomy")
                                               for x in papers)


def test_narrowed_svg_bars_state_the_recomputed_counts(generated: tuple) -> None:
    """Each bar segment's <title> ("2024, Vision-only: 3 papers") is the count of those papers."""
    paths, files = generated
    raw = load_raw(paths.root)
    label_to_category = {raw.labels["category"][c]: c for c in raw.vocab["category"]}
    for axis, term, papers in narrowings(raw):
        root = ET.fromstring(files[f"meta-analysis/narrow/{axis}/{term}/papers-per-year.svg"])
        titles = [r.find(f"{SVG}title").text for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
        seen = Counter()
        for title in titles:
            year, category, count = re.fullmatch(r"(\d{4}), (.+): (\d+) papers?", title).groups()
            seen[int(year), label_to_category[category]] = int(count)
        assert seen == Counter((x["year"], x["category"]) for x in papers), term


def test_narrowed_rankings_agree_with_the_entries(generated: tuple) -> None:
    paths, files = generated
    raw = load_raw(paths.root)
    for axis, term, papers in narrowings(raw):
        other = "tasks" if axis == "modalities" else "modalities"
        for slug, ranked_axis in (("modality-task", other), ("training-per-year", "training"),
                                  ("architecture-per-year", "architecture"), ("adaptation-per-year", "adaptation")):
            rows = read_csv(files, f"meta-analysis/narrow/{axis}/{term}/{slug}.csv")
            counts = Counter(t for x in papers for t in terms(x, ranked_axis))
            assert [(r[ranked_axis], int(r["papers"])) for r in rows] == ranking(counts, raw.vocab[ranked_axis])


def test_narrowed_dataset_use_and_open_science_agree_with_the_entries(generated: tuple) -> None:
    paths, files = generated
    raw = load_raw(paths.root)
    by_name = sorted(raw.dataset_names, key=lambda d: (raw.dataset_names[d].casefold(), d))
    for axis, term, papers in narrowings(raw):
        use = Counter(d for x in papers for d in pre(x) | evaluation(x))
        top = [d for d, _ in ranking(use, by_name)][:10]
        rows = read_csv(files, f"meta-analysis/narrow/{axis}/{term}/dataset-use.csv")
        assert [r["dataset"] for r in rows] == top
        for r in rows:
            assert int(r["pretraining"]) == sum(r["dataset"] in pre(x) for x in papers), (term, r)
            assert int(r["evaluation"]) == sum(r["dataset"] in evaluation(x) for x in papers), (term, r)
            assert int(r["papers"]) == use[r["dataset"]]
        for r in read_csv(files, f"meta-analysis/narrow/{axis}/{term}/open-science.csv"):
            of_year = [x for x in papers if x["year"] == int(r["year"])]
            assert int(r["papers"]) == len(of_year)
            for name in ("code", "weights", "license"):
                count = sum(bool(x.get(name)) for x in of_year)
                assert int(r[name]) == count
                assert r[f"{name}_percent"] == (str(pct(count, len(of_year))) if of_year else "")


def _chart_table(page: str) -> dict[int, int] | None:
    """Year → papers from a page's papers-per-year chart table; None when the page has no chart."""
    figure = re.search(r'<figure class="fm-year-chart"[^>]*>(.*?)</figure>', page, re.S)
    if not figure:
        return None
    assert re.search(r'<svg [^>]*role="img" aria-labelledby="[^"]+"', figure.group(1))
    return {int(y): int(n) for y, n in re.findall(r'<tr><th scope="row">(\d+)</th><td>(\d+)</td></tr>',
                                                   figure.group(1))}


@pytest.mark.parametrize("axis", ["modalities", "tasks", "anatomy", "training", "category"])
def test_every_term_page_charts_its_papers_per_year(generated: tuple, axis: str) -> None:
    paths, files = generated
    raw = load_raw(paths.root)
    for term in raw.vocab[axis]:
        per_year = Counter(x["year"] for x in raw.entries if term in terms(x, axis))
        table = _chart_table(files[f"{axis}/{term}.md"].decode("utf-8"))
        assert table == (dict(per_year) if per_year else None), (axis, term)


def test_every_dataset_page_charts_its_papers_per_year(generated: tuple) -> None:
    paths, files = generated
    raw = load_raw(paths.root)
    for dataset in raw.dataset_names:
        per_year = Counter(x["year"] for x in raw.entries if dataset in pre(x) | evaluation(x))
        table = _chart_table(files[f"datasets/{dataset}.md"].decode("utf-8"))
        assert table == (dict(per_year) if per_year else None), dataset

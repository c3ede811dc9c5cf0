"""The meta-analysis page: every number and named term on it is a <data> fact equal to the value recomputed
from the raw YAML, no other number appears in its prose, the summary table and the alt texts agree with the
data, and the built site shows the charts, the comparison tables and the Data page in its navigation."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from typing import Any

from conftest import TODAY
from expected import Raw, expected_facts, load_raw, terms
from fmreview.config import Paths

FACT = re.compile(r'<data value="([^"]*)" data-fact="([a-z_]+)">')


def page_of(files: dict[str, bytes]) -> str:
    return files["meta-analysis/index.md"].decode("utf-8")


def test_every_fact_on_the_page_equals_the_recomputed_value(generated: tuple) -> None:
    paths, files = generated
    expected = expected_facts(load_raw(paths.root), TODAY)
    shown = FACT.findall(page_of(files))
    assert len(shown) > 40
    for value, key in shown:
        assert expected[key] is not None, f"{key} shown though it has no value"
        assert value == str(expected[key]), f"{key}: page says {value}, the entries say {expected[key]}"
    missing = {k for k, v in expected.items() if v is not None} - {key for _, key in shown}
    assert missing == set(), f"computed but not stated: {missing}"


def test_no_number_on_the_page_is_typed_by_hand(generated: tuple) -> None:
    _, files = generated
    page = page_of(files).split("---", 2)[2]  # without the front matter
    for pattern in (r"<data [^>]*>.*?</data>", r'<div class="fm-summary-table">.*?</div>',
                    r"<figure .*?</figure>", r"<time [^>]*>.*?</time>", r"<[^>]+>"):  # then tags (hrefs hold ids)
        page = re.sub(pattern, "", page, flags=re.S)
    assert re.findall(r".{0,30}\d.{0,30}", page) == []


def test_summary_table_counts_papers_per_modality_and_category(generated: tuple) -> None:
    paths, files = generated
    raw = load_raw(paths.root)
    table = re.search(r'<div class="fm-summary-table">(.*?)</div>', page_of(files), re.S).group(1)
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th>((?:<td>\d+</td>)+)</tr>', table)
    categories = raw.vocab["category"]
    expected = [(raw.labels["modalities"][m],
                 [*(sum(x["category"] == c and m in terms(x, "modalities") for x in raw.entries) for c in categories),
                  sum(m in terms(x, "modalities") for x in raw.entries)]) for m in raw.vocab["modalities"]]
    expected.append(("All papers", [*(sum(x["category"] == c for x in raw.entries) for c in categories),
                                    len(raw.entries)]))
    assert [(name, [int(n) for n in re.findall(r"\d+", cells)]) for name, cells in rows] == expected


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.images.append(dict(attrs))


def _names(raw: Raw) -> list[str]:
    """Names that may hold digits (NCT-CRC-HE-100K, Virchow2), longest first so none is cut by another."""
    names = [*raw.dataset_names.values(), *(x["model"] for x in raw.entries),
             *(label for labels in raw.labels.values() for label in labels.values())]
    return sorted(set(names), key=len, reverse=True)


def test_alt_texts_state_findings_with_numbers_from_the_data(generated: tuple) -> None:
    paths, files = generated
    raw = load_raw(paths.root)
    facts = {str(v) for v in expected_facts(raw, TODAY).values() if v is not None}
    parser = _Images()
    parser.feed(page_of(files))
    assert len(parser.images) == 10
    for image in parser.images:
        assert image["src"].removesuffix(".svg") and f"meta-analysis/{image['src']}" in files
        alt = image["alt"]
        for name in _names(raw):
            alt = alt.replace(name, "")
        numbers = re.findall(r"-?\d+(?:\.\d+)?[KMB]?", alt)  # as stated: -0.12, 86M
        assert numbers, f"{image['src']}: the alt text states a finding with its numbers"
        assert set(numbers) <= facts, (image["src"], set(numbers) - facts)


def test_page_states_the_build_date(generated: tuple) -> None:
    _, files = generated
    assert f'<time datetime="{TODAY.isoformat()}">' in page_of(files)


def test_built_site_shows_charts_comparisons_and_data(built_fixture_site: Paths) -> None:
    site = built_fixture_site.build_site
    html = (site / "meta-analysis" / "index.html").read_text(encoding="utf-8")
    parser = _Images()
    parser.feed(html)
    charts = [i for i in parser.images if "fm-chart" in (i.get("class") or "")]
    assert len(charts) == 10
    for image in charts:
        assert (site / "meta-analysis" / image["src"]).is_file()
        assert (site / "meta-analysis" / image["src"].replace(".svg", ".csv")).is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    for link in ("meta-analysis/", "compare/", "data/"):
        assert f'href="{link}"' in home, f"{link} is in the navigation"
    assert (site / "compare" / "modalities" / "ct" / "index.html").is_file()
    assert (site / "compare" / "modalities" / "ct.csv").is_file()
    assert (site / "modalities" / "ct.bib").is_file()
    assert (site / "data" / "papers.csv").is_file() and (site / "data" / "index.html").is_file()
    ct_page = (site / "modalities" / "ct" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../compare/modalities/ct/"' in ct_page
    assert Counter(re.findall(r'data-fact="([a-z_]+)"', html))["papers"] >= 1

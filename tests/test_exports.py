"""Data for reuse: papers.csv/.json, datasets.csv, per-term .bib files and comparison CSVs hold exactly what
the raw YAML says, and the Data page documents every column."""

from __future__ import annotations

import csv
import io
import json
import re

import bibtexparser
import pybtex.errors
import pytest
from pybtex.database import parse_string

from expected import AXES, evaluation, load_raw, pre, terms
from fmreview.render.compare import COMPARED_AXES, HEADER
from fmreview.render.exports import LIST_SEPARATOR


def rows_of(files: dict[str, bytes], name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[name].decode("utf-8"))))


def newest_first(entries: list[dict]) -> list[str]:
    return [x["id"] for x in sorted(entries, key=lambda x: (-x["year"], x["model"].casefold(), x["id"]))]


def test_papers_csv_has_one_row_per_entry_with_its_values(generated: tuple) -> None:
    paths, files = generated
    raw = {x["id"]: x for x in load_raw(paths.root).entries}
    rows = rows_of(files, "data/papers.csv")
    assert sorted(r["id"] for r in rows) == sorted(raw)
    for r in rows:
        entry = raw[r["id"]]
        assert (int(r["year"]), r["category"], r["model"]) == (entry["year"], entry["category"], entry["model"])
        for axis in AXES[1:]:
            assert r[axis] == LIST_SEPARATOR.join(terms(entry, axis))
        assert r["authors"].split(LIST_SEPARATOR) == entry["authors"]
        assert r["pretraining_datasets"] == LIST_SEPARATOR.join((entry.get("datasets") or {}).get("pretraining") or [])
        assert r["code"] == (entry.get("code") or "")
        assert r["parameters"] == (entry.get("parameters") or "")


def test_papers_json_keeps_lists_and_nulls(generated: tuple) -> None:
    paths, files = generated
    raw = {x["id"]: x for x in load_raw(paths.root).entries}
    records = json.loads(files["data/papers.json"])
    assert sorted(r["id"] for r in records) == sorted(raw)
    for record in records:
        entry = raw[record["id"]]
        assert record["year"] == entry["year"] and record["category"] == entry["category"]
        assert record["modalities"] == entry["modalities"] and record["tasks"] == entry["tasks"]
        assert record["weights"] == entry.get("weights")
    assert list(records[0]) == next(csv.reader(io.StringIO(files["data/papers.csv"].decode())))


def test_datasets_csv_counts_the_papers_using_each_dataset(generated: tuple) -> None:
    paths, files = generated
    raw = load_raw(paths.root)
    rows = rows_of(files, "data/datasets.csv")
    assert sorted(r["id"] for r in rows) == sorted(raw.dataset_names)
    for r in rows:
        assert int(r["pretraining_papers"]) == sum(r["id"] in pre(x) for x in raw.entries)
        assert int(r["evaluation_papers"]) == sum(r["id"] in evaluation(x) for x in raw.entries)
        assert int(r["papers"]) == sum(r["id"] in pre(x) | evaluation(x) for x in raw.entries)


def test_data_page_documents_every_column(generated: tuple) -> None:
    _, files = generated
    page = files["data/index.md"].decode("utf-8")
    documented = set(re.findall(r"<tr><td><code>([a-z_]+)</code></td>", page))
    for name in ("data/papers.csv", "data/datasets.csv"):
        header = next(csv.reader(io.StringIO(files[name].decode("utf-8"))))
        assert set(header) <= documented, set(header) - documented
    for link in re.findall(r'href="\.\./(data/[^"]+)"', page):
        assert link in files


def test_every_term_bib_parses_and_holds_exactly_its_papers(generated: tuple) -> None:
    paths, files = generated
    raw = load_raw(paths.root)
    pybtex.errors.strict = True
    checked = 0
    for axis in AXES:
        for term in raw.vocab[axis]:
            text = files[f"{axis}/{term}.bib"].decode("utf-8")
            expected = sorted(x["id"] for x in raw.entries if term in terms(x, axis))
            library = bibtexparser.parse_string(text)
            assert library.failed_blocks == [], (axis, term)
            assert sorted(e.key for e in library.entries) == expected, (axis, term)
            assert sorted(parse_string(text, "bibtex").entries.keys()) == expected, (axis, term)
            checked += bool(expected)
    assert checked > 20, "most terms have papers, so the check is not vacuous"


def test_term_pages_link_to_files_that_exist(generated: tuple) -> None:
    _, files = generated
    for axis in COMPARED_AXES:
        page = files[f"{axis}/ct.md" if axis == "modalities" else f"{axis}/segmentation.md"].decode("utf-8")
        links = re.findall(r'href="\.\./\.\./([^"]+)"', page)
        bib = next(link for link in links if link.endswith(".bib"))
        compare = next(link for link in links if link.startswith("compare/"))
        assert bib in files and f"{compare.rstrip('/')}.md" in files


@pytest.mark.parametrize("axis", COMPARED_AXES)
def test_comparison_csv_lists_the_terms_papers_newest_first(generated: tuple, axis: str) -> None:
    paths, files = generated
    raw = load_raw(paths.root)
    for term in raw.vocab[axis]:
        rows = rows_of(files, f"compare/{axis}/{term}.csv")
        assert [r["id"] for r in rows] == newest_first([x for x in raw.entries if term in terms(x, axis)])
        assert next(csv.reader(io.StringIO(files[f"compare/{axis}/{term}.csv"].decode()))) == list(HEADER)
        page = files[f"compare/{axis}/{term}.md"].decode("utf-8")
        assert page.count("<tr><td><a href=") == len(rows)
        for r in rows:
            entry = next(x for x in raw.entries if x["id"] == r["id"])
            assert int(r["year"]) == entry["year"]
            assert r["category"] == raw.labels["category"][entry["category"]]
            used = list((entry.get("datasets") or {}).get("pretraining") or [])  # a copy: load_raw's data is shared
            used += [d for d in (entry.get("datasets") or {}).get("evaluation") or [] if d not in used]
            assert r["datasets"] == LIST_SEPARATOR.join(raw.dataset_names[d] for d in used)
    index = files["compare/index.md"].decode("utf-8")
    assert all(f'compare/{axis}/{term}/"' in index for term in raw.vocab[axis])


def test_no_csv_cell_runs_as_a_spreadsheet_formula(tmp_path) -> None:
    """OWASP's rule, in every CSV download: a text cell starting with = + - @ tab or CR gets a leading
    apostrophe; numbers (a negative count) are left alone; the JSON keeps the text as written."""
    from conftest import TODAY, make_repo
    from fmreview.commands.build import generate
    from fmreview.load.site import load_site
    from fmreview.render.exports import neutralise, render_csv

    assert render_csv(["a", "b", "c"], [["=HYPERLINK(\"http://x\",\"y\")", -3, "+1"], ["@SUM(A1)", None, "\tx"]]) == (
        "a,b,c\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-3,'+1\n'@SUM(A1),,'\tx\n")
    assert [neutralise(x) for x in ("-", "\rx", "x=1", 5)] == ["'-", "'\rx", "x=1", 5]

    from conftest import FIXTURES

    paths = make_repo(tmp_path, FIXTURES / "corpus")
    medsam = paths.entries / "medsam.yaml"
    medsam.write_text(medsam.read_text().replace("model: MedSAM", 'model: "=HYPERLINK(\\"http://evil\\",\\"x\\")"'))
    site, problems = load_site(paths, today=TODAY)
    assert not [p for p in problems if p.severity == "error"]
    files = generate(site).files
    csvs = [name for name in files if name.endswith(".csv")]
    assert any(name.startswith("compare/") for name in csvs) and any(name.startswith("meta-analysis/") for name in csvs)
    for name in csvs:
        for row in csv.reader(io.StringIO(files[name].decode("utf-8"), newline="")):
            assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), (name, row)
    models = [row["model"] for row in rows_of(files, "data/papers.csv")]
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in models
    assert '=HYPERLINK("http://evil","x")' in [p["model"] for p in json.loads(files["data/papers.json"])]

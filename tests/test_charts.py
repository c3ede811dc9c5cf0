"""The meta-analysis charts: every chart exists as valid SVG with a CSV beside it, the CSV counts equal counts
recomputed from the raw YAML, the drawing is byte-identical across processes, and entry text stays text."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from conftest import TODAY
from expected import best, evaluation, load_raw, number, pct, pre, terms
from fmreview.devtools.synthetic import write_synthetic_repo
from fmreview.render.meta.analysis import draw_figures
from fmreview.render.meta.figures import Figure, Lines, Points

CHARTS = ("papers-per-year", "dataset-use", "modality-task", "modality-share", "anatomy", "training-per-year",
          "architecture-per-year", "adaptation-per-year", "open-science", "scale")
SVG = "{http://www.w3.org/2000/svg}"


def read_csv(files: dict[str, bytes], name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[f"meta-analysis/{name}.csv"].decode("utf-8"))))


@pytest.mark.parametrize("slug", CHARTS)
def test_chart_is_valid_svg_with_title_and_csv(generated: tuple, slug: str) -> None:
    _, files = generated
    root = ET.fromstring(files[f"meta-analysis/{slug}.svg"])
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text.strip()
    texts = [t.text for t in root.iter(f"{SVG}text") if t.text]
    assert len(texts) > 5, "axis labels and ticks are drawn as text"
    assert b"<dc:date>" not in files[f"meta-analysis/{slug}.svg"]
    assert read_csv(files, slug), f"{slug}.csv has data rows"


def test_papers_per_year_csv(generated: tuple) -> None:
    paths, files = generated
    raw = load_raw(paths.root)
    counts = Counter((x["year"], x["category"]) for x in raw.entries)
    rows = read_csv(files, "papers-per-year")
    years = [x["year"] for x in raw.entries]
    assert [int(r["year"]) for r in rows] == list(range(min(years), max(years) + 1))
    for r in rows:
        year = int(r["year"])
        assert int(r["vision-only"]) == counts[year, "vision-only"]
        assert int(r["vision-language"]) == counts[year, "vision-language"]
        assert int(r["total"]) == years.count(year)


def test_dataset_use_csv(generated: tuple) -> None:
    paths, files = generated
    raw = load_raw(paths.root)
    use = Counter(d for x in raw.entries for d in pre(x) | evaluation(x))
    by_name = sorted(raw.dataset_names, key=lambda d: (raw.dataset_names[d].casefold(), d))
    top = sorted((d for d in by_name if use[d]), key=lambda d: -use[d])[:20]  # stable: ties stay by name
    rows = read_csv(files, "dataset-use")
    assert list(dict.fromkeys(r["dataset"] for r in rows)) == top
    for r in rows:
        of_year = [x for x in raw.entries if x["year"] == int(r["year"])]
        assert int(r["pretraining"]) == sum(r["dataset"] in pre(x) for x in of_year)
        assert int(r["evaluation"]) == sum(r["dataset"] in evaluation(x) for x in of_year)
        assert r["name"] == raw.dataset_names[r["dataset"]]


def test_modality_task_csv(generated: tuple) -> None:
    paths, files = generated
    raw = load_raw(paths.root)
    rows = read_csv(files, "modality-task")
    assert [r["modality"] for r in rows] == raw.vocab["modalities"]
    for r in rows:
        for task in raw.vocab["tasks"]:
            expected = sum(r["modality"] in terms(x, "modalities") and task in terms(x, "tasks") for x in raw.entries)
            assert int(r[task]) == expected, (r["modality"], task)


def test_modality_share_csv(generated: tuple) -> None:
    paths, files = generated
    raw = load_raw(paths.root)
    for r in read_csv(files, "modality-share"):
        of_year = [x for x in raw.entries if x["year"] == int(r["year"])]
        with_it = sum(r["modality"] in terms(x, "modalities") for x in of_year)
        assert (int(r["papers"]), int(r["papers_that_year"])) == (with_it, len(of_year))
        assert r["percent"] == (str(pct(with_it, len(of_year))) if of_year else "")


@pytest.mark.parametrize("axis", ["anatomy"])
def test_anatomy_csv(generated: tuple, axis: str) -> None:
    paths, files = generated
    raw = load_raw(paths.root)
    rows = read_csv(files, "anatomy")
    totals = Counter(a for x in raw.entries for a in terms(x, axis))
    assert {r["anatomy"] for r in rows} == {a for a in totals if totals[a]}
    assert [int(r["total"]) for r in rows] == sorted((int(r["total"]) for r in rows), reverse=True)
    for r in rows:
        for category in raw.vocab["category"]:
            expected = sum(x["category"] == category and r["anatomy"] in terms(x, axis) for x in raw.entries)
            assert int(r[category]) == expected
        assert int(r["total"]) == totals[r["anatomy"]]


@pytest.mark.parametrize("axis", ["training", "architecture", "adaptation"])
def test_terms_per_year_csv(generated: tuple, axis: str) -> None:
    paths, files = generated
    raw = load_raw(paths.root)
    rows = read_csv(files, f"{axis}-per-year")
    assert sorted(r[axis] for r in rows) == sorted(raw.vocab[axis])
    for r in rows:
        for column, value in r.items():
            if column.isdigit():
                assert int(value) == sum(x["year"] == int(column) and r[axis] in terms(x, axis)
                                         for x in raw.entries)
        assert int(r["total"]) == sum(r[axis] in terms(x, axis) for x in raw.entries)


def test_open_science_csv(generated: tuple) -> None:
    paths, files = generated
    raw = load_raw(paths.root)
    for r in read_csv(files, "open-science"):
        of_year = [x for x in raw.entries if x["year"] == int(r["year"])]
        assert int(r["papers"]) == len(of_year)
        for name in ("code", "weights", "license"):
            count = sum(bool(x.get(name)) for x in of_year)
            assert int(r[name]) == count
            assert r[f"{name}_percent"] == (str(pct(count, len(of_year))) if of_year else "")


def test_scale_csv(generated: tuple) -> None:
    paths, files = generated
    raw = load_raw(paths.root)
    both = {x["id"]: x for x in raw.entries if x.get("parameters") and x.get("pretraining_data")}
    rows = read_csv(files, "scale")
    assert {r["id"] for r in rows} == set(both)
    for r in rows:
        assert float(r["parameters_value"]) == number(both[r["id"]]["parameters"])
        assert float(r["pretraining_data_value"]) == number(both[r["id"]]["pretraining_data"]["size"])


def test_top_datasets_rank_matches_the_best_rule(generated: tuple) -> None:
    """The heatmap's first row is the most used dataset under the documented tie rule."""
    paths, files = generated
    raw = load_raw(paths.root)
    use = Counter(d for x in raw.entries for d in pre(x) | evaluation(x))
    first, _ = best(use, sorted(raw.dataset_names, key=lambda d: (raw.dataset_names[d].casefold(), d)))
    assert read_csv(files, "dataset-use")[0]["dataset"] == first


def _build_outputs(root: Path) -> dict[str, bytes]:
    """`review build --no-mkdocs` in a fresh process (its own hash seed); the charts and exports it wrote."""
    env = {**os.environ, "PYTHONHASHSEED": "random"}
    command = [sys.executable, "-m", "fmreview.cli", "build", "--no-mkdocs", "--today", "2026-11-28"]
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    docs = root / "build" / "docs"
    ours = ("meta-analysis/", "compare/", "data/")
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*")
            if p.is_file() and (p.relative_to(docs).as_posix().startswith(ours) or p.suffix == ".bib")}


@pytest.mark.slow
def test_outputs_are_byte_identical_across_two_builds(tmp_path: Path, repo_paths) -> None:
    paths = write_synthetic_repo(repo_paths, tmp_path, 150, seed=3)
    first = _build_outputs(paths.root)
    second = _build_outputs(paths.root)
    assert {f"meta-analysis/{slug}.svg" for slug in CHARTS} <= set(first)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_entry_text_in_a_chart_stays_literal_text() -> None:
    hostile = "<script>alert(1)</script> & $x^2$ {{ 7*7 }}"
    figures = [Figure("t", hostile, "x", "y", Points((("s", ((1e3, 1e6, hostile), (1e4, 1e7, "b"))),)), (), (), ""),
               Figure("u", "lines", "x", "y", Lines(("2024\nn=3",), ((hostile, (50.0,)),)), (), (), "")]
    for _, svg in draw_figures(figures):  # the scatter with matplotlib, the lines by hand
        root = ET.fromstring(svg)  # still well-formed XML
        assert not list(root.iter(f"{SVG}script"))
        assert hostile in {t.text for t in root.iter(f"{SVG}text")} | {root.find(f"{SVG}title").text}


@pytest.mark.slow
def test_an_empty_corpus_still_draws_every_chart(tmp_path: Path) -> None:
    from conftest import make_repo
    from fmreview.commands.build import generate
    from fmreview.load.site import load_site

    paths = make_repo(tmp_path, [])
    files = generate(load_site(paths, today=TODAY)[0]).files
    for slug in CHARTS:
        assert ET.fromstring(files[f"meta-analysis/{slug}.svg"]).tag == f"{SVG}svg"
    assert "No papers in the review yet" in files["meta-analysis/index.md"].decode()

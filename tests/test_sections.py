"""The meta-analysis as a list of sections (analysis.py): their order and anchors, each with a typed fact record,
its figures and a template block that states every fact of its record; the pandas tables they read from."""

from __future__ import annotations

import dataclasses
import re

import pandas as pd
import pytest

from conftest import FIXTURES, TODAY, make_repo
from fmreview.load.site import load_site
from fmreview.render.meta.analysis import Section, build_sections
from fmreview.render.meta.findings import AxisLeaders, Facts, compute_findings
from fmreview.render.meta.frames import counts, load_frames
from fmreview.render.pages import make_environment

ANCHORS = ["summary", "trend", "datasets", "domains", "anatomy", "training", "architecture", "adaptation",
           "open-science", "scale", "reuse"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    paths = make_repo(tmp_path_factory.mktemp("sections"), FIXTURES / "corpus")
    site, _ = load_site(paths, today=TODAY)
    frames = load_frames(site.corpus)
    return site, frames, build_sections(site.corpus, frames, compute_findings(site.corpus, TODAY))


def test_sections_come_in_the_page_order_with_stable_anchors(built) -> None:
    _, _, sections = built
    assert [s.anchor for s in sections] == ANCHORS
    slugs = [f.slug for s in sections for f in s.figures]
    assert slugs == ["papers-per-year", "dataset-use", "modality-task", "modality-share", "anatomy",
                     "training-per-year", "architecture-per-year", "adaptation-per-year", "open-science", "scale"]


def test_facts_are_typed_records_not_dictionaries(built) -> None:
    _, _, sections = built
    for section in sections:
        if section.facts is None:
            continue
        assert dataclasses.is_dataclass(section.facts) and isinstance(section.facts, Facts)
        with pytest.raises(dataclasses.FrozenInstanceError):
            section.facts.recent_year = 0  # type: ignore[misc]
        for field in dataclasses.fields(section.facts):
            value = getattr(section.facts, field.name)
            assert value is None or type(value) in (int, str), (section.anchor, field.name, type(value))


def test_axis_leaders_publish_their_facts_under_the_axis_name() -> None:
    leaders = AxisLeaders("training", 2025, "supervised", 3, "contrastive", 2, )
    assert leaders.fact_names() == {"axis": "axis", "recent_year": "recent_year", "top": "top_training",
                                    "top_papers": "top_training_papers", "recent_top": "recent_top_training",
                                    "recent_top_papers": "recent_top_training_papers"}


def render_block(site, section: Section) -> str:
    corpus = site.corpus
    env = make_environment(site)
    blocks = env.get_template("analysis_sections.j2").make_module(
        {"root": "../", "models": {p.id: p.model for p in corpus.papers}, "narrowed": [],
         "categories": corpus.vocabularies["category"].terms})
    return str(getattr(blocks, section.block)(section))


def test_each_block_states_every_fact_of_its_section(built) -> None:
    site, _, sections = built
    for section in sections:
        html = render_block(site, section)
        stated = dict((name, value) for value, name in re.findall(r'<data value="([^"]*)" data-fact="(\w+)">', html))
        for figure in section.figures:
            assert f'id="chart-{figure.slug}"' in html, (section.anchor, figure.slug)
        if section.facts is None:
            assert stated == {}
            continue
        names = section.facts.fact_names()
        own = {names[f.name]: getattr(section.facts, f.name) for f in dataclasses.fields(section.facts)
               if f.name != "axis" and getattr(section.facts, f.name) is not None}
        if section.anchor == "domains" and section.facts.growth_modality is None:
            own = {k: v for k, v in own.items() if k not in ("previous_year", "recent_year")}
        assert {k: str(v) for k, v in own.items()} == {k: v for k, v in stated.items() if k in own}, section.anchor
        assert set(stated) <= set(names.values()), "a block states only its own section's facts"


def test_summary_table_is_the_modality_by_category_crosstab(built) -> None:
    corpus, sections = built[0].corpus, built[2]
    table = dict(sections[0].table)
    for term in corpus.vocabularies["modalities"].terms:
        papers = corpus.papers_with("modalities", term.id)
        expected = tuple(sum(p.category == c for p in papers) for c in corpus.vocabularies["category"].ids)
        assert table[term.label] == (*expected, len(papers))
    assert table["All papers"][-1] == len(corpus.papers)


def test_crosstab_keeps_every_row_and_column_in_order_and_fills_zeros(built) -> None:
    corpus, frames = built[0].corpus, built[1]
    years = [2020, 2024, 2025]
    table = counts(frames.papers, "year", "category", years, ["vision-language", "vision-only"])
    assert list(table.index) == years and list(table.columns) == ["vision-language", "vision-only"]
    assert table.loc[2020].tolist() == [0, 0]
    assert table.loc[2024, "vision-only"] == sum(p.year == 2024 and p.category == "vision-only" for p in corpus.papers)
    empty = counts(frames.papers.iloc[0:0], "year", "category", years, ["x"])
    assert empty.shape == (3, 1) and int(empty.to_numpy().sum()) == 0
    only = frames.only(["medsam"])
    assert only.papers["id"].tolist() == ["medsam"]
    assert set(only.terms["modalities"]["id"]) == {"medsam"} and isinstance(only.datasets, pd.DataFrame)

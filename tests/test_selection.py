"""The "Compare selected" page's data (compare/selected.json): every fact of every paper as a reader reads it,
never blank, with "not yet checked" for a field the entry does not give yet and "not stated" for one checked
and absent; and the page itself is built."""

from __future__ import annotations

import json

import pytest

from fmreview.config import Paths
from fmreview.model import Corpus
from fmreview.render.selection import FACTS, NOT_CHECKED, NOT_STATED, paper_facts, render_selection_data


@pytest.fixture(scope="module")
def data(built_fixture_site: Paths) -> dict:
    return json.loads((built_fixture_site.build_site / "compare" / "selected.json").read_text("utf-8"))


def test_the_page_and_its_data_are_built(built_fixture_site: Paths, data: dict, corpus: Corpus) -> None:
    html = (built_fixture_site.build_site / "compare" / "selected" / "index.html").read_text("utf-8")
    assert 'id="fm-selection"' in html and "assets/compare.js" in html
    assert data == json.loads(json.dumps(render_selection_data(corpus)))
    assert list(data["papers"]) == [p.id for p in corpus.papers]


def test_every_fact_is_given_and_never_blank(corpus: Corpus) -> None:
    for paper in corpus.papers:
        facts = paper_facts(corpus, paper)
        assert list(facts) == [key for key, _ in FACTS]
        assert all(value.strip() for value in facts.values()), paper.id


def test_unknown_facts_say_whether_they_were_checked(corpus: Corpus) -> None:
    by_id = {p.id: paper_facts(corpus, p) for p in corpus.papers}
    medsam, biomedclip, evil, lungvox = by_id["medsam"], by_id["biomedclip"], by_id["evil"], by_id["lungvox"]
    assert (medsam["license"], medsam["weights_license"], medsam["weights_access"]) == (NOT_CHECKED,) * 3
    assert medsam["parameters"] == NOT_STATED and medsam["datasets"] == NOT_STATED
    assert biomedclip["weights_license"] == NOT_STATED and biomedclip["license"] == "MIT License (MIT)"
    assert evil["input"] == NOT_CHECKED and evil["weights"] == "none" and evil["weights_access"] == "Not released"
    assert by_id["neurofm"]["builds_on"] == "MedSAM" and lungvox["builds_on"] == lungvox["code"] == NOT_STATED
    assert lungvox["weights_license"] == "Creative Commons Attribution 4.0 (CC-BY-4.0)"
    assert medsam["builds_on"] == corpus.base_models["sam"].name

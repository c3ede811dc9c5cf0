"""`review discover` end to end, in process, against a local server answering like arXiv and OpenAlex
(tests/apiserver.py, recorded answers in tests/fixtures/api/): a new paper, duplicates under another title or
identifier, an already screened paper, an empty page, a 429 with Retry-After, a timeout and malformed answers."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from apiserver import FakeAPI, Reply, serve_api
from conftest import FIXTURES, TODAY, make_repo
from fmreview import net
from fmreview.cli import main
from fmreview.config import Paths
from fmreview.load.corpus import load_corpus

CURSOR = "IlsxNzMyNjcyMDAwMDAwLCAnaHR0cHM6Ly9vcGVuYWxleC5vcmcvVzQ0MDQwNDA0MDQnXSI="
RUN = ["discover", "--today", "2026-11-28", "--since", "2026-11-01"]


@pytest.fixture
def api() -> Iterator[FakeAPI]:
    with serve_api() as server:
        server.route("/arxiv/query?start=0", Reply(file="arxiv-page1.xml"))
        server.route("/arxiv/query?start=100", Reply(file="arxiv-empty.xml"))
        server.route("/openalex/works?cursor=*", Reply(file="openalex-page1.json"))
        server.route(f"/openalex/works?cursor={CURSOR}", Reply(file="openalex-empty.json"))
        yield server


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits the client asked for (backoff, Retry-After, pacing), recorded instead of slept."""
    waits: list[float] = []
    monkeypatch.setattr(net, "SLEEP", waits.append)
    return waits


@pytest.fixture
def repo(tmp_path: Path, api: FakeAPI, slept: list[float], monkeypatch: pytest.MonkeyPatch) -> Paths:
    """A frozen checkout (the fixture corpus and a copy of one published entry) with the fixture triage file,
    its APIs pointed at the local server."""
    entries = [*sorted((FIXTURES / "corpus").glob("*.yaml")), FIXTURES / "discover" / "ark-plus.yaml"]
    paths = make_repo(tmp_path, entries)
    shutil.copy(FIXTURES / "triage.yaml", paths.data / "triage.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ARXIV_API_URL", f"{api.base}/arxiv/query")
    monkeypatch.setenv("OPENALEX_URL", f"{api.base}/openalex")
    monkeypatch.setenv("CROSSREF_URL", f"{api.base}/crossref")
    monkeypatch.setenv("REVIEW_MAILTO", "maintainer@example.org")
    return paths


def rows(report: str) -> list[str]:
    """The candidates' titles in report order."""
    return re.findall(r"^\| \d+ \| [\d.]+ \| \*\*(.+?)\*\*", report, re.MULTILINE)


def test_finds_new_papers_ranks_them_and_drops_known_ones(repo: Paths, api: FakeAPI, capsys) -> None:
    assert main([*RUN, "--report", "triage.md"]) == 0
    report = (repo.root / "triage.md").read_text()
    titles = rows(report)
    assert len(titles) == 4, report  # PathoVista once, although both arXiv and OpenAlex list it
    assert titles[-1] == "Graph Neural Networks for Short-Term Traffic Forecasting in Smart Cities"
    assert set(titles[:3]) == {
        "PathoVista: A Vision-Language Foundation Model for Computational Pathology",
        "Self-Supervised Pretraining of a Generalist Foundation Model for 3D CT and MRI Segmentation",
        "A foundation model for chest radiograph report generation"}
    scores = [float(s) for s in re.findall(r"^\| \d+ \| ([\d.]+) \|", report, re.MULTILINE)]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0.5 > scores[-1]
    known = report.split("Already known")[1]
    assert "MedSAM: Segment Anything in Medical Images: entries/medsam.yaml (arXiv ID 2304.12306)" in known
    assert "entries/ark-plus.yaml (DOI 10.1038/s41586-025-09079-8)" in known  # the same DOI under another title
    assert re.search(r"Segment anything in medical imaging: entries/medsam.yaml \(a near-identical title", known)
    assert "A Benchmark of Sparse Attention Kernels for Long Sequences: data/triage.yaml:" in known
    assert "Ada Fixture, Ben Example, Chloé Testwell et al. · 2026-11-20 · [arXiv:2611.01001]" in report
    assert "Fixture Journal of Medical Imaging · [doi:10.5555/fjmi.2026.0101](<https://doi.org/10.5555/" in report
    assert "Ranked by a classifier trained on" in report and "and 27 exclusions" in report
    pathovista = next(line for line in report.splitlines() if "**PathoVista" in line)
    assert "Foundation" in pathovista.split(" | ")[-1]  # the words that made it score
    out, err = capsys.readouterr()
    assert out == "" and "Found 8 papers since 2026-11-01: 4 to triage, 4 already known" in err
    # Both sources were paged until their empty page, politely: the field's query, a User-Agent with a mailto.
    assert api.count("/arxiv/query") == 2 and api.count("/openalex/works") == 2
    first = api.seen[0]
    assert "cat%3Aeess.IV" in first[1] and "submittedDate%3A%5B202611010000+TO+202611282359%5D" in first[1]
    assert first[2] == "fm-review/1 (+https://fm-medical-imaging-review.github.io/; mailto:maintainer@example.org)"


def test_answers_are_cached_for_the_day(repo: Paths, api: FakeAPI, capsys) -> None:
    assert main(RUN) == 0
    first = capsys.readouterr().out
    asked = len(api.seen)
    assert main(RUN) == 0
    assert len(api.seen) == asked and capsys.readouterr().out == first
    assert main([*RUN[:2], "2026-11-29", *RUN[3:]]) == 0  # another day asks again
    assert len(api.seen) > asked


@pytest.mark.slow  # two discovery runs and a validation
def test_draft_writes_entries_through_review_add(repo: Paths, capsys) -> None:
    assert main([*RUN, "--draft", "2"]) == 0
    report = capsys.readouterr().out
    drafts = re.findall(r"^- (entries/\S+\.yaml)$", report, re.MULTILINE)
    assert len(drafts) == 2, report
    for draft in drafts:
        text = (repo.root / draft).read_text()
        assert "category: TODO" in text and "added: 2026-11-28" in text and "summary: TODO" in text
    pathovista = next(d for d in drafts if "pathovista" in d)
    text = (repo.root / pathovista).read_text()
    assert 'arxiv: "2611.01001"' in text and "type: preprint" in text
    assert "  - Testwell, Chloé" in text and "# check: taken from the title" in text and "model: PathoVista" in text
    _, problems = load_corpus(repo, [repo.root / pathovista], today=TODAY)
    assert {p.field for p in problems} >= {"category", "summary"}  # only what a person must still classify
    assert not [p for p in problems if p.field in ("title", "authors", "year", "venue", "type", "arxiv")]
    assert main([*RUN, "--draft", "2"]) == 0  # drafted papers are now in entries/: known, not proposed again
    assert "PathoVista" not in "".join(rows(capsys.readouterr().out))


def test_honours_retry_after(repo: Paths, api: FakeAPI, slept: list[float], capsys) -> None:
    api.route("/arxiv/query?start=0", Reply(429, body="Rate exceeded.", headers={"Retry-After": "7"}),
              Reply(file="arxiv-page1.xml"))
    assert main(RUN) == 0
    assert 7.0 in slept and "PathoVista" in capsys.readouterr().out


def test_gives_up_when_retry_after_is_too_long(repo: Paths, api: FakeAPI, capsys) -> None:
    api.route("/arxiv/query?start=0", Reply(429, headers={"Retry-After": "3600"}))
    assert main(RUN) == 1
    out, err = capsys.readouterr()
    message = "HTTP 429 Too Many Requests, and the server asks to wait 3600 s (more than 60 s); try again later"
    assert f"review discover: warning: arXiv: {api.base}/arxiv/query?" in err and message in err
    assert "Traceback" not in err and "Not everything could be searched" in out
    assert len(rows(out)) == 2 and "A foundation model for chest radiograph" in out  # OpenAlex still answered


def test_reports_a_timeout_and_keeps_the_rest(repo: Paths, api: FakeAPI, slept: list[float], capsys) -> None:
    api.route("/openalex/works?cursor=*", Reply(file="openalex-page1.json", hold=api.released))
    assert main([*RUN, "--timeout", "0.3"]) == 1
    out, err = capsys.readouterr()
    assert re.search(r"warning: OpenAlex: \S+: no answer within 0\.3 s, 3 attempts; try again later", err)
    assert [w for w in slept if w >= 2] == [2.0, 4.0]  # backoff between the attempts
    assert len(rows(out)) == 3 and "Traceback" not in err


@pytest.mark.parametrize(("route", "file", "message"), [
    ("/arxiv/query?start=0", "malformed.html", "arXiv: page 1: the answer is malformed: not Atom XML"),
    ("/openalex/works?cursor=*", "malformed.json", "OpenAlex: page 1: the answer is malformed: not JSON"),
    ("/openalex/works?cursor=*", "crossref-empty.json", "OpenAlex: page 1: the answer is malformed: no 'results'"),
])
def test_reports_a_malformed_answer(repo: Paths, api: FakeAPI, capsys, route: str, file: str, message: str) -> None:
    api.route(route, Reply(file=file))
    assert main(RUN) == 1
    out, err = capsys.readouterr()
    assert f"review discover: warning: {message}" in err and "Traceback" not in err
    assert rows(out)  # the other source's candidates are still listed


def test_an_empty_first_page_means_nothing_new(repo: Paths, api: FakeAPI, capsys) -> None:
    api.route("/arxiv/query?start=0", Reply(file="arxiv-empty.xml"))
    api.route("/openalex/works?cursor=*", Reply(file="openalex-empty.json"))
    assert main(RUN) == 0
    out, err = capsys.readouterr()
    assert "No new candidates." in out and "Found 0 papers" in err
    assert api.count("/arxiv/query") == 1 and api.count("/openalex/works") == 1


def test_a_missing_triage_file_leaves_the_candidates_unranked(repo: Paths, capsys) -> None:
    (repo.data / "triage.yaml").unlink()
    assert main(RUN) == 0
    out = capsys.readouterr().out
    assert "Not ranked: data/triage.yaml holds no exclusions" in out and "| n/a |" in out
    assert "Sparse Attention" in out  # no longer screened, so a candidate again


def test_an_invalid_triage_file_is_reported_with_lines(repo: Paths, api: FakeAPI, capsys) -> None:
    shutil.copy(FIXTURES / "triage-invalid.yaml", repo.data / "triage.yaml")
    assert main(RUN) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "data/triage.yaml:4:3: error: reason: 'not-foundation-modl' is not a known exclusion reason (did you mean "
        "'not-foundation-model'?); one of not-foundation-model, not-medical-imaging, single-task, "
        "survey-or-benchmark, duplicate, no-public-paper, text-only, unverifiable",
        "data/triage.yaml:6:3: error: decision: required field missing in item 2",
        "data/triage.yaml:7:3: error: decison: unknown field (did you mean 'decision'?); allowed: arxiv, decision, "
        "doi, entry, reason, screened, title",
        "data/triage.yaml:9:3: error: screened: '2026-11-31' is not a date YYYY-MM-DD",
    ]
    assert api.seen == []  # nothing is searched with a broken triage file


def test_last_search_is_the_default_start(repo: Paths, api: FakeAPI) -> None:
    assert main(["discover", "--today", "2026-12-05"]) == 0
    assert "submittedDate%3A%5B202611280000+TO+202612052359%5D" in api.seen[0][1]  # mkdocs.yml extra.last_search

"""`review refresh` end to end, in process, against a local server answering like OpenAlex, Crossref, code
hosts and Hugging Face (tests/apiserver.py): a preprint published under a new title (OpenAlex by arXiv ID), one
found through Crossref by title, one through its medRxiv DOI's is-preprint-of relation, weights newly linked
from a code page, a dead link, a host that never answers, a private address, a malformed answer; the diff, the
in-place edit that keeps comments, and `checked` moved only when verified."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from apiserver import API, FakeAPI, Reply, serve_api
from conftest import TODAY, make_repo
from fmreview import net
from fmreview.cli import main
from fmreview.config import Paths
from fmreview.load.corpus import load_corpus
from fmreview.net import Client, public_only

RUN = ["refresh", "--today", "2026-11-28", "--timeout", "0.3"]


@pytest.fixture
def api() -> Iterator[FakeAPI]:
    with serve_api() as server:
        server.route("/openalex/works/doi:10.48550/arXiv.2501.00011", Reply(file="openalex-published.json"))
        server.route("/openalex/works", Reply(file="openalex-empty.json"))  # title searches find nothing
        server.route("/crossref/works", Reply(file="crossref-published.json"))
        server.route("/crossref/works/10.1101/2025.03.01.25323001", Reply(file="crossref-preprint.json"))
        server.route("/crossref/works/10.5555/fjd.2026.0311", Reply(file="crossref-work.json"))
        server.route("/code/retinavista", Reply(file="code-retinavista.html"))
        server.route("/code/stable", Reply(file="code-plain.html"))
        server.route("/hf/fixture-lab/retinavista-base", Reply(body="model card"))
        server.route("/hf/fixture-lab/stable", Reply(body="model card"))
        server.route("/slow/weights", Reply(body="late", hold=server.released))
        yield server


@pytest.fixture
def repo(tmp_path: Path, api: FakeAPI, monkeypatch: pytest.MonkeyPatch) -> Paths:
    """A checkout holding the refresh fixture entries, their links pointed at the local server."""
    paths = make_repo(tmp_path, [])
    for source in sorted((API / "entries").glob("*.yaml")):
        (paths.entries / source.name).write_text(source.read_text().replace("{base}", api.base))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(net, "SLEEP", lambda seconds: None)
    for name, path in (("ARXIV_API_URL", "/arxiv/query"), ("OPENALEX_URL", "/openalex"),
                       ("CROSSREF_URL", "/crossref"), ("HUGGINGFACE_URL", "/hf")):
        monkeypatch.setenv(name, api.base + path)
    return paths


def hunks(diff: str, name: str) -> str:
    """The part of a unified diff for one file."""
    found = re.search(rf"^--- a/entries/{name}\.yaml\n(.*?)(?=^--- |\Z)", diff, re.MULTILINE | re.DOTALL)
    return found.group(1) if found else ""


def test_refresh_proposes_published_versions_and_new_weights(repo: Paths, api: FakeAPI, capsys) -> None:
    nolinks = (repo.entries / "stable.yaml").read_text().replace("id: stable", "id: nolinks")
    (repo.entries / "nolinks.yaml").write_text(re.sub(r"^(code|weights): .*\n", "", nolinks, flags=re.MULTILINE))
    before = {p.name: p.read_text() for p in repo.entries.glob("*.yaml")}
    assert main(RUN) == 1  # some facts could not be verified (below)
    out, err = capsys.readouterr()
    assert {p.name: p.read_text() for p in repo.entries.glob("*.yaml")} == before  # only --apply writes
    retina = hunks(out, "retinavista")
    for line in ('-title: "RetinaVista: a foundation model for retinal imaging"',
                 "+title: A foundation model for retinal imaging across devices",
                 '+arxiv_title: "RetinaVista: a foundation model for retinal imaging"',
                 "-year: 2025", "+year: 2026", "-venue: arXiv", "+venue: Fixture Journal of Ophthalmic AI",
                 "-type: preprint", "+type: article", "+doi: 10.5555/fjoai.2026.0007",
                 "-checked: 2026-01-10", "+checked: 2026-11-28",
                 f"+weights: {api.base}/hf/fixture-lab/retinavista-base"):
        assert f"\n{line}\n" in f"\n{retina}", (line, retina)
    assert '\n arxiv: "2501.00011"  # the version we first read\n' in retina  # context kept, comment and all
    echo = hunks(out, "echovista")  # found through Crossref by title and first author; its code link is dead
    assert "+venue: Fixture Journal of Cardiac Imaging" in echo and "+doi: 10.5555/fechoai.2026.0042" in echo
    assert "+year: 2026" in echo and "+type: article" in echo and "title:" not in echo and "+checked" not in echo
    derma = hunks(out, "dermavista")  # a medRxiv DOI whose Crossref record names the published version
    for line in ("+title: A dermatology foundation model trained on clinical and dermoscopic photographs",
                 "+venue: Fixture Journal of Dermatology", "+type: article", "+year: 2026",
                 "+doi: 10.5555/fjd.2026.0311", "+checked: 2026-11-28"):
        assert f"\n{line}\n" in f"\n{derma}", (line, derma)
    assert "arxiv_title" not in derma
    assert hunks(out, "stable").count("\n+") == 1 and "+checked: 2026-11-28" in hunks(out, "stable")
    assert hunks(out, "slowhost") == hunks(out, "localcode") == hunks(out, "nolinks") == ""  # nothing verified
    warnings = [line for line in err.splitlines() if line.startswith("review refresh: warning:")]
    assert warnings == [
        f"review refresh: warning: entries/echovista.yaml: code {api.base}/dead/echovista does not resolve: "
        "HTTP 404",
        "review refresh: warning: entries/localcode.yaml: code http://127.0.0.2:9/internal does not resolve: "
        "refused: 127.0.0.2 is not a public address",
        f"review refresh: warning: entries/slowhost.yaml: weights {api.base}/slow/weights does not resolve: "
        "no answer within 0.3 s, 3 attempts; try again later",
    ]
    assert err.splitlines()[-1] == ("Refreshed 7 entries: 3 with proposed changes, 3 re-verified (checked set to "
                                    "2026-11-28), 3 not verified, 1 with nothing to check (no preprint, code or "
                                    "weights).")
    assert "Traceback" not in err
    assert not any("127.0.0.2" in target for _, target, _ in api.seen)  # refused, never requested


@pytest.mark.slow  # edits and validates a checkout
def test_apply_edits_in_place_and_the_result_validates(repo: Paths, api: FakeAPI, capsys) -> None:
    original = (repo.entries / "retinavista.yaml").read_text()
    assert main([*RUN, "--apply", "--report", "refresh.md"]) == 1
    text = (repo.entries / "retinavista.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../data/entry.schema.json\n# A fixture: a preprint")
    assert 'arxiv: "2501.00011"  # the version we first read\n' in text
    assert text.split("summary: >-")[1] == original.split("summary: >-")[1]  # folded text untouched
    lines = text.splitlines()
    assert lines.index("doi: 10.5555/fjoai.2026.0007") == lines.index('arxiv: "2501.00011"  # the version we first '
                                                                       'read') + 1  # in the schema's order
    assert lines[lines.index(f"code: {api.base}/code/retinavista") + 1].startswith("weights: ")
    changed = [repo.entries / "retinavista.yaml", repo.entries / "echovista.yaml"]
    _, problems = load_corpus(repo, changed, today=TODAY)
    assert [p for p in problems if p.severity == "error"] == []
    report = (repo.root / "refresh.md").read_text()
    assert "- `entries/retinavista.yaml`: published: Fixture Journal of Ophthalmic AI 2026, doi:10.5555/fjoai" in report
    assert "Could not be verified" in report and "```diff" in report
    capsys.readouterr()
    assert main([*RUN, "--apply"]) == 1  # a second run: the published entries are no longer preprints
    assert capsys.readouterr().out == ""


def test_a_malformed_answer_leaves_the_entry_unverified(repo: Paths, api: FakeAPI, capsys) -> None:
    api.route("/openalex/works/doi:10.48550/arXiv.2501.00011", Reply(file="malformed.json"))
    assert main(RUN) == 1
    out, err = capsys.readouterr()
    assert ("review refresh: warning: entries/retinavista.yaml: looking up a published version: the answer is "
            "malformed: not JSON (Unterminated string") in err
    assert "venue" not in hunks(out, "retinavista") and "checked" not in hunks(out, "retinavista")
    assert "Traceback" not in err


def test_a_retry_after_is_waited_for(repo: Paths, api: FakeAPI, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    waits: list[float] = []
    monkeypatch.setattr(net, "SLEEP", waits.append)
    api.route("/crossref/works", Reply(429, headers={"Retry-After": "5"}), Reply(file="crossref-published.json"))
    main(RUN)
    assert 5.0 in waits and "+venue: Fixture Journal of Cardiac Imaging" in capsys.readouterr().out


def test_the_address_policy() -> None:
    policy = public_only(frozenset({"127.0.0.1:8123"}))
    assert policy("http://127.0.0.1:8123/api") is None  # a configured mirror
    assert policy("http://127.0.0.1:9999/x") == "refused: 127.0.0.1 is not a public address"
    assert policy("http://[::1]/x") == "refused: ::1 is not a public address"
    assert policy("http://10.1.2.3/x") == "refused: 10.1.2.3 is not a public address"
    assert policy("ftp://127.0.0.1/x") == "not an http(s) address"


def test_pacing_between_requests_to_one_host(api: FakeAPI) -> None:
    """Two requests to one host are spaced by its interval, on an injected clock and sleep."""
    now, waits = [100.0], []
    client = Client(policy=lambda url: None, sleep=waits.append, clock=lambda: now[0])
    api.route("/hf/a/b", Reply(body="ok"))
    assert client.check(f"{api.base}/hf/a/b", "weights") == (True, "HTTP 200")
    now[0] += 0.25
    assert client.check(f"{api.base}/hf/a/b", "weights") == (True, "HTTP 200")
    assert waits == [0.75]  # 1 s between two requests to a host with no stated limit

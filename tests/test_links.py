"""The link checker against a real HTTP server on 127.0.0.1 (http.server in a thread): every outcome, the
bounds on requests, the allow-list, the report, and `review links` end to end. No request leaves the machine."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import FIXTURES, TODAY, make_repo
from fmreview.commands.links import (
    Link,
    Settings,
    check_link,
    check_links,
    collect_links,
    format_report,
    load_allowlist,
)
from fmreview.load.corpus import load_corpus


class Handler(BaseHTTPRequestHandler):
    """Routes that behave like the servers a link check meets."""

    requests: list[tuple[str, str]] = []  # noqa: RUF012 - shared on purpose: the test reads what arrived
    release = threading.Event()  # /slow answers only once the module's tests are done: no sleep, no clock

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def answer(self, status: int, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def route(self) -> None:
        Handler.requests.append((self.command, self.path))
        path = self.path.split("?", 1)[0]
        if path == "/ok":
            self.answer(200)
        elif path == "/missing":
            self.answer(404)
        elif path == "/moved":
            self.answer(301, {"Location": "/ok"})
        elif path == "/loop":
            self.answer(302, {"Location": "/loop"})
        elif path.startswith("/chain/"):
            self.answer(302, {"Location": f"/chain/{int(path.rsplit('/', 1)[1]) + 1}"})
        elif path == "/slow":
            Handler.release.wait()  # no timeout: under libfaketime a timed wait can fail at once
            self.answer(200)
        elif path == "/no-head":
            self.answer(405 if self.command == "HEAD" else 200)
        elif path == "/forbidden":
            self.answer(403)
        elif path == "/rate-limited":
            self.answer(429)
        elif path == "/to-ftp":
            self.answer(302, {"Location": "ftp://127.0.0.1/file"})
        else:
            self.answer(404)

    do_HEAD = route
    do_GET = route


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    Handler.release.clear()
    yield f"127.0.0.1:{httpd.server_address[1]}"
    Handler.release.set()
    httpd.shutdown()
    httpd.server_close()


FAST = Settings(timeout=0.5, workers=4, host_delay=0.0, budget=60, allow_private=True)  # the server is local


def outcome(server: str, path: str, settings: Settings = FAST, host: str = "") -> tuple[str, str]:
    address = f"http://{server.replace('127.0.0.1', host) if host else server}{path}"
    result = check_link(Link(address, ("entries/x.yaml: code",)), settings)
    return result.outcome, result.detail


def test_every_outcome(server: str) -> None:
    assert outcome(server, "/ok") == ("ok", "200")
    assert outcome(server, "/missing") == ("broken", "404")
    assert outcome(server, "/moved") == ("ok", f"200 (via http://{server}/ok)")
    assert outcome(server, "/no-head")[0] == "ok"  # HEAD refused, GET answered
    assert outcome(server, "/forbidden") == ("broken", "403")
    assert outcome(server, "/rate-limited")[0] == "blocked"  # rate limiting is the host's doing, not a dead link
    assert outcome(server, "/loop")[0] == "broken"
    assert outcome(server, "/to-ftp")[0] == "broken"
    assert outcome(server, "/slow") == ("unreached", "no answer within 0.5 s")


def test_redirects_are_bounded(server: str) -> None:
    Handler.requests.clear()
    kind, detail = outcome(server, "/chain/0")
    assert kind == "broken" and detail.startswith("302")
    chain = [path for method, path in Handler.requests if path.startswith("/chain/")]
    assert len(chain) <= 6, chain  # the first request and at most five redirects


def test_a_refused_port_is_broken_not_unreached() -> None:
    import socket

    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = check_link(Link(f"http://127.0.0.1:{port}/", ()), FAST)
    assert result.outcome == "broken" and result.detail.startswith("cannot connect")


def test_allow_listed_hosts_that_refuse_scripts_are_blocked_not_broken(server: str) -> None:
    allow = Settings(timeout=2, host_delay=0, allowed_hosts=frozenset({"localhost"}), allow_private=True)
    assert outcome(server, "/forbidden", allow, host="localhost")[0] == "blocked"
    assert outcome(server, "/forbidden", allow)[0] == "broken"  # 127.0.0.1 is not on the list
    assert outcome(server, "/missing", allow, host="localhost")[0] == "broken"  # 404 is dead even there


def test_one_request_at_a_time_per_host_with_a_pause(server: str) -> None:
    links = [Link(f"http://{server}/ok?{n}", ()) for n in range(3)]
    started = time.monotonic()
    results = check_links(links, Settings(timeout=2, workers=4, host_delay=0.3, budget=60, allow_private=True))
    assert [r.outcome for r in results] == ["ok"] * 3
    assert time.monotonic() - started >= 0.6  # two pauses between three requests to one host


def test_budget_and_cap_leave_links_unchecked_but_reported(server: str) -> None:
    links = [Link(f"http://{server}/ok?{n}", ()) for n in range(4)]
    capped = check_links(links, Settings(timeout=2, host_delay=0, max_links=1, allow_private=True))
    assert [r.outcome for r in capped] == ["ok", "skipped", "skipped", "skipped"]
    spent = check_links(links, Settings(timeout=2, host_delay=0, budget=-1, allow_private=True))
    assert {r.outcome for r in spent} == {"skipped"} and "time budget" in spent[0].detail


def test_report_lists_problems_first_with_where_they_are_used(server: str) -> None:
    links = [Link(f"http://{server}/ok", ("entries/a.yaml: code",)),
             Link(f"http://{server}/missing", ("entries/b.yaml: weights", "entries/c.yaml: code"))]
    report = format_report(check_links(links, FAST))
    assert report.startswith("**Link check**: 2 links: 1 ok, 1 broken, 0 blocked by the host, 0 not reached, "
                             "0 not checked.\n")
    assert (f"| broken | `http://{server}/missing` | `entries/b.yaml: weights`<br>`entries/c.yaml: code` "
            "| `404` |") in report
    assert "/ok`" not in report


def test_collect_links_from_entries_and_datasets(tmp_path: Path) -> None:
    paths = make_repo(tmp_path, FIXTURES / "corpus")
    corpus, _ = load_corpus(paths, today=TODAY)
    links = {link.url: link.uses for link in collect_links(corpus, paths.root)}
    assert links["https://doi.org/10.1038/s41467-024-44824-z"] == ("entries/medsam.yaml: doi",)
    assert links["https://arxiv.org/abs/2304.12306"] == ("entries/medsam.yaml: arxiv",)
    assert links["https://github.com/bowang-lab/MedSAM"] == ("entries/medsam.yaml: code",)
    dataset = next(iter(corpus.datasets.values()))
    assert f"data/datasets/{dataset.id}.yaml: url" in links[dataset.url]
    assert list(links) == sorted(links)
    assert "sciencedirect.com" in load_allowlist(paths)


@pytest.mark.slow  # a whole checkout, checked through the command
def test_review_links_end_to_end(server: str, tmp_path: Path) -> None:
    paths = make_repo(tmp_path, [FIXTURES / "entries" / "valid" / "minimal.yaml"])
    for dataset in paths.datasets.glob("*.yaml"):  # their addresses are on the internet; keep the test local
        dataset.unlink()
    entry = paths.entries / "minimal.yaml"
    text = entry.read_text().replace('arxiv: "2301.00002"', f"url: http://{server}/missing")
    text = text.replace("venue: arXiv\ntype: preprint", "venue: Journal of Tests\ntype: article")
    entry.write_text(text + f"code: http://{server}/ok\n")
    summary = tmp_path / "summary.md"
    command = ["links", "--timeout", "2", "--allow-private-addresses", "--summary", str(summary)]
    result = subprocess.run([sys.executable, "-m", "fmreview.cli", *command], cwd=tmp_path, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("**Link check**: 2 links: 1 ok, 1 broken,")
    assert f"| broken | `http://{server}/missing` | `entries/minimal.yaml: url` | `404` |" in result.stdout
    assert summary.read_text() == result.stdout
    assert result.stderr.startswith("Checked 2 links in ") and result.stderr.endswith(": 1 broken.\n")


# Hostile links: a link (or a redirect) to the machine the check runs on, and a server that trickles its answer.

@pytest.fixture
def recorder() -> Iterator[tuple[int, list[str]]]:
    """A second local server that records every request it gets (a redirect target that must never be hit)."""
    seen: list[str] = []

    class Record(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_HEAD(self) -> None:
            seen.append(self.path)
            self.send_response(200)
            self.end_headers()

        do_GET = do_HEAD

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Record)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield httpd.server_address[1], seen
    httpd.shutdown()
    httpd.server_close()


LOOPBACK_SPELLINGS = ("127.0.0.1", "localhost", "2130706433", "0x7f.1", "0177.0.0.1", "127.1", "[::1]")


@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS)
def test_the_default_refuses_loopback_in_every_spelling(host: str, recorder: tuple[int, list[str]]) -> None:
    port, seen = recorder
    result = check_link(Link(f"http://{host}:{port}/secret", ()), Settings(timeout=2, host_delay=0))
    assert result.outcome == "broken" and "not a public address" in result.detail, result
    assert seen == []


@pytest.mark.parametrize("host", [*LOOPBACK_SPELLINGS, "169.254.169.254", "10.0.0.1", "224.0.0.1"])
def test_a_redirect_to_a_non_public_address_is_not_followed(host: str, recorder: tuple[int, list[str]]) -> None:
    """The first hop is allowed (the test's own server, by exact address and port); the hop it redirects to
    is resolved and refused before any connection, whatever its spelling."""
    port, seen = recorder

    class Redirect(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_HEAD(self) -> None:
            self.send_response(302)
            self.send_header("Location", f"http://{host}:{port}/secret")
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_HEAD

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        first = httpd.server_address[1]
        settings = Settings(timeout=2, host_delay=0, allowed_addresses=frozenset({("127.0.0.1", first)}))
        result = check_link(Link(f"http://127.0.0.1:{first}/start", ()), settings)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert result.outcome == "broken" and "not a public address" in result.detail, result
    assert seen == []  # the redirect target was never contacted


def test_public_addresses_pass_the_check_without_a_request() -> None:
    from fmreview.fetch import Refused, resolve_public

    assert resolve_public("93.184.215.14", 443) == ["93.184.215.14"]  # a literal: no lookup, no request
    for address in ("100.64.0.1", "192.168.1.1", "fe80::1", "::ffff:127.0.0.1", "0.0.0.0", "240.0.0.1"):
        with pytest.raises(Refused, match="not a public address"):
            resolve_public(address, 80)


@pytest.fixture
def trickler() -> Iterator[int]:
    """A server that sends its status line one byte every 2 s, until released by an event at teardown."""
    import socket

    release = threading.Event()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def serve() -> None:
        while not release.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n":
                    try:
                        conn.sendall(bytes([byte]))
                    except OSError:
                        break
                    if release.wait(2):
                        break

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    release.set()
    listener.close()
    thread.join(5)


def test_the_budget_holds_against_a_server_that_trickles_its_headers(trickler: int) -> None:
    links = [Link(f"http://127.0.0.1:{trickler}/slowly", ()), Link(f"http://127.0.0.1:{trickler}/later", ())]
    settings = Settings(timeout=60, host_delay=0, budget=1.0, allowed_addresses=frozenset({("127.0.0.1", trickler)}))
    started = time.monotonic()
    results = check_links(links, settings)
    elapsed = time.monotonic() - started
    assert elapsed < 4, f"the run took {elapsed:.1f} s on a 1 s budget"
    assert [r.outcome for r in results] == ["skipped", "unreached"]
    assert "budget" in results[0].detail and "budget" in results[1].detail


def test_the_request_timeout_holds_against_a_trickling_server(trickler: int) -> None:
    settings = Settings(timeout=1.0, host_delay=0, budget=60, allowed_addresses=frozenset({("127.0.0.1", trickler)}))
    started = time.monotonic()
    result = check_link(Link(f"http://127.0.0.1:{trickler}/slowly", ()), settings)
    assert time.monotonic() - started < 4
    assert result.outcome == "unreached", result

"""`review links`: check every external link of the entries and the dataset registry, and report.

Input: the checked corpus (papers' DOI, arXiv, url, code and weights; datasets' url) and the allow-list in
data/link-allowlist.yaml (hosts that refuse automated requests). Output: a Markdown report for a job summary
or an issue, and an exit code (0 nothing broken, 1 broken links). A broken link never fails the site build:
this runs on a schedule, apart from it.

Requests are bounded: http(s) only, public internet addresses only (every hop of a redirect is resolved and
checked, and the connection goes to the checked address, so a link or a redirect cannot make the checker probe
the machine or network it runs on), a timeout per request, at most a few redirects, a wall-clock budget for the
whole run (open requests are shut down when it is spent, even against a server that trickles its answer), a
cap on the number of links, one request at a time per host with a pause between them, and HEAD first (GET
only when a server refuses HEAD); no response body is read.
"""

from __future__ import annotations

import http.client
import queue
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import yaml

from ..check.context import source_name
from ..config import Paths
from ..fetch import Budget, Policy, RedirectError, Refused, request_status
from ..model import Corpus

# How hosts that block scripts answer them (418 is IEEE's, 503 a Cloudflare challenge); a 404 is dead anywhere.
BOT_REFUSALS = frozenset({401, 403, 406, 418, 429, 503})
ALLOWLIST = "link-allowlist.yaml"

Outcome = Literal["ok", "broken", "blocked", "unreached", "skipped"]


@dataclass(frozen=True)
class Link:
    url: str
    uses: tuple[str, ...]  # "entries/medsam.yaml: code", one per place the link appears


@dataclass(frozen=True)
class Result:
    link: Link
    outcome: Outcome
    detail: str


@dataclass(frozen=True)
class Settings:
    timeout: float = 15.0  # seconds per request
    workers: int = 4  # hosts checked at once
    host_delay: float = 1.0  # seconds between two requests to one host
    budget: float = 1500.0  # seconds for the whole run; links left over are reported as not checked
    max_links: int = 5000
    allowed_hosts: frozenset[str] = field(default_factory=frozenset)
    allow_private: bool = False  # request loopback and private addresses: only for tests' local servers
    allowed_addresses: frozenset[tuple[str, int]] = frozenset()  # (address, port) pairs allowed all the same


def collect_links(corpus: Corpus, root: Path) -> list[Link]:
    """Every distinct external address, with where it is used, sorted by address."""
    uses: dict[str, list[str]] = defaultdict(list)
    for paper in corpus.papers:
        where = source_name(paper.source or Path(f"entries/{paper.id}.yaml"), root)
        if paper.doi:
            uses[f"https://doi.org/{paper.doi}"].append(f"{where}: doi")
        if paper.arxiv:
            uses[f"https://arxiv.org/abs/{paper.arxiv}"].append(f"{where}: arxiv")
        for name in ("url", "code", "weights"):
            if getattr(paper, name):
                uses[getattr(paper, name)].append(f"{where}: {name}")
    for dataset in corpus.datasets.values():
        where = source_name(dataset.source or Path(f"data/datasets/{dataset.id}.yaml"), root)
        uses[dataset.url].append(f"{where}: url")
    return [Link(url, tuple(sorted(places))) for url, places in sorted(uses.items())]


def load_allowlist(paths: Paths) -> frozenset[str]:
    """Host names from data/link-allowlist.yaml (`hosts: [{host, reason}]`); a host covers its subdomains."""
    path = paths.data / ALLOWLIST
    if not path.is_file():
        return frozenset()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return frozenset(str(item["host"]).casefold() for item in data.get("hosts") or [])


def _allowed(url: str, hosts: frozenset[str]) -> bool:
    host = (urlsplit(url).hostname or "").casefold()
    return any(host == allowed or host.endswith(f".{allowed}") for allowed in hosts)


def check_link(link: Link, settings: Settings, budget: Budget | None = None) -> Result:
    """One address → ok, broken (4xx/5xx, no such host, connection refused, a non-public address),
    blocked (a bot refusal from an allow-listed host, or rate limiting) or unreached (a timeout: may be ours,
    so not called broken). HEAD first; GET once more when HEAD fails, as some servers mishandle HEAD."""
    budget = budget or Budget(settings.budget)
    policy = Policy(settings.timeout, settings.allow_private, settings.allowed_addresses)
    if urlsplit(link.url).scheme not in ("http", "https"):
        return Result(link, "skipped", "not an http(s) address")
    try:
        status, final = request_status(link.url, "HEAD", policy, budget)
        if status >= 400:  # some servers refuse or mishandle HEAD but answer GET
            status, final = request_status(link.url, "GET", policy, budget)
    except RedirectError as error:
        return Result(link, "broken", str(error))
    except Refused as error:
        return Result(link, "broken", str(error))
    except (OSError, http.client.HTTPException, ValueError) as error:
        if budget.expired or budget.remaining() <= 0:
            return Result(link, "unreached", "the run's time budget ran out during the request")
        if isinstance(error, TimeoutError) or "timed out" in str(error):
            return Result(link, "unreached", f"no answer within {settings.timeout:g} s")
        return Result(link, "broken", f"cannot connect: {str(error) or type(error).__name__}")
    moved = f" (via {final})" if final and final != link.url else ""
    if status < 400:
        return Result(link, "ok", f"{status}{moved}")
    allowed = _allowed(link.url, settings.allowed_hosts) or _allowed(final, settings.allowed_hosts)
    if status == 429 or (status in BOT_REFUSALS and allowed):
        return Result(link, "blocked", f"{status}{moved}: the host refuses automated requests (allow-listed)")
    return Result(link, "broken", f"{status}{moved}")


def check_links(links: Sequence[Link], settings: Settings) -> list[Result]:
    """Check links host by host (one request at a time per host, `workers` hosts at once) within the
    budget: at its end every open request is shut down and what is left is reported as not checked. The
    worker threads are daemons, so nothing (not even a hung name lookup) outlives the budget."""
    budget = Budget(settings.budget)
    by_host: dict[str, list[Link]] = defaultdict(list)
    for link in links[: settings.max_links]:
        by_host[(urlsplit(link.url).hostname or "").casefold()].append(link)
    hosts: queue.SimpleQueue[list[Link]] = queue.SimpleQueue()
    for batch in by_host.values():
        hosts.put(batch)
    results: dict[str, Result] = {}
    pause = threading.Event()  # never set: waited on as an interruptible pause between two requests to a host

    def work() -> None:
        while True:
            try:
                batch = hosts.get_nowait()
            except queue.Empty:
                return
            for index, link in enumerate(batch):
                if index and settings.host_delay > 0:
                    pause.wait(min(settings.host_delay, max(0.0, budget.remaining())))
                if budget.remaining() <= 0:
                    return
                results[link.url] = check_link(link, settings, budget)

    threads = [threading.Thread(target=work, daemon=True) for _ in range(max(1, min(settings.workers, len(by_host))))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, budget.remaining()))
    budget.expire()
    for thread in threads:
        thread.join(1.0)  # requests were just shut down: they end at once
    spent = Result(Link("", ()), "skipped", "not checked: the run's time budget was spent")
    done = [results.get(link.url) or replace(spent, link=link) for batch in by_host.values() for link in batch]
    skipped = [Result(link, "skipped", "not checked: over the --max-links cap") for link in links[settings.max_links:]]
    return sorted(done + skipped, key=lambda r: r.link.url)


def _code(text: str) -> str:
    return "`" + text.replace("`", "%60").replace("|", "%7C") + "`"


def format_report(results: Iterable[Result]) -> str:
    """Markdown: one summary line, then a table of every link that is not ok."""
    results = list(results)
    counts = {kind: sum(r.outcome == kind for r in results) for kind in ("ok", "broken", "blocked", "unreached",
                                                                      "skipped")}
    lines = [f"**Link check**: {len(results)} links: {counts['ok']} ok, {counts['broken']} broken, "
             f"{counts['blocked']} blocked by the host, {counts['unreached']} not reached, "
             f"{counts['skipped']} not checked.", ""]
    problems = [r for r in results if r.outcome != "ok"]
    if problems:
        lines += ["| result | link | used in | detail |", "|---|---|---|---|"]
        order = {"broken": 0, "unreached": 1, "blocked": 2, "skipped": 3}
        for r in sorted(problems, key=lambda r: (order[r.outcome], r.link.url)):
            used = "<br>".join(_code(place) for place in r.link.uses)
            lines.append(f"| {r.outcome} | {_code(r.link.url)} | {used} | {_code(r.detail)} |")
    return "\n".join(lines) + "\n"


def run_links(paths: Paths, settings: Settings, summary: Path | None = None, *, today: date) -> int:
    """`review links`: load the corpus, check its links, print the report (and append it to `summary`)."""
    from ..load.corpus import load_corpus

    corpus, problems = load_corpus(paths, today=today)
    if any(p.severity == "error" for p in problems):
        print("review: the entries have errors; run `review validate` first. Links of valid entries only are "
              "checked.", file=sys.stderr)
    links = collect_links(corpus, paths.root)
    settings = replace(settings, allowed_hosts=settings.allowed_hosts or load_allowlist(paths))
    started = time.monotonic()
    results = check_links(links, settings)
    report = format_report(results)
    sys.stdout.write(report)
    if summary:
        with summary.open("a", encoding="utf-8") as out:
            out.write(report)
    broken = sum(r.outcome == "broken" for r in results)
    print(f"Checked {len(results)} links in {time.monotonic() - started:.0f} s: {broken} broken.", file=sys.stderr)
    return 1 if broken else 0

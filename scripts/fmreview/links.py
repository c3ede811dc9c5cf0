"""`review links`: check every external link of the entries and the dataset registry, and report.

Input: the checked corpus (papers' DOI, arXiv, url, code and weights; datasets' url) and the allow-list in
data/link-allowlist.yaml (hosts that refuse automated requests). Output: a Markdown report for a job summary
or an issue, and an exit code (0 nothing broken, 1 broken links). A broken link never fails the site build:
this runs on a schedule, apart from it.

Requests are bounded: http(s) only, a timeout per request, at most a few redirects, a total time budget, a
cap on the number of links, one request at a time per host with a pause between them, and HEAD first (GET
only when a server refuses HEAD); no response body is read.
"""

from __future__ import annotations

import sys
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import yaml

from .checks import source_name
from .config import Paths
from .model import Corpus

USER_AGENT = "fm-review-linkcheck/1 (+https://fm-medical-imaging-review.github.io/; weekly link check)"
MAX_REDIRECTS = 5
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


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise urllib.error.HTTPError(newurl, code, "redirect to a non-http address", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_LimitedRedirects())


class RedirectError(Exception):
    """Too many redirects, a redirect loop, or a redirect away from http(s)."""


def _request(url: str, method: str, timeout: float) -> tuple[int, str]:
    """(status, final address) of one request; the body is never read."""
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with _OPENER.open(request, timeout=timeout) as response:  # http(s) only: checked by the caller
            return response.status, response.url
    except urllib.error.HTTPError as error:
        if 300 <= error.code < 400:  # urllib gives up on a loop or after max_redirections
            raise RedirectError(f"{error.code}: {error.msg}") from None
        return error.code, error.filename or url


def check_link(link: Link, settings: Settings) -> Result:
    """One address → ok, broken (4xx/5xx, no such host, connection refused), blocked (a bot refusal from an
    allow-listed host, or rate limiting) or unreached (a timeout: may be ours, so not called broken).
    HEAD first; GET once more when HEAD fails, as some servers mishandle HEAD. At most two requests."""
    if urlsplit(link.url).scheme not in ("http", "https"):
        return Result(link, "skipped", "not an http(s) address")
    try:
        status, final = _request(link.url, "HEAD", settings.timeout)
        if status >= 400:  # some servers refuse or mishandle HEAD but answer GET
            status, final = _request(link.url, "GET", settings.timeout)
    except RedirectError as error:
        return Result(link, "broken", str(error))
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            return Result(link, "unreached", f"no answer within {settings.timeout:g} s")
        return Result(link, "broken", f"cannot connect: {reason}")
    moved = f" (via {final})" if final and final != link.url else ""
    if status < 400:
        return Result(link, "ok", f"{status}{moved}")
    allowed = _allowed(link.url, settings.allowed_hosts) or _allowed(final, settings.allowed_hosts)
    if status == 429 or (status in BOT_REFUSALS and allowed):
        return Result(link, "blocked", f"{status}{moved}: the host refuses automated requests (allow-listed)")
    return Result(link, "broken", f"{status}{moved}")


def check_links(links: Sequence[Link], settings: Settings) -> list[Result]:
    """Check links host by host (one request at a time per host, hosts in parallel), within the budget."""
    deadline = time.monotonic() + settings.budget
    by_host: dict[str, list[Link]] = defaultdict(list)
    for link in links[: settings.max_links]:
        by_host[(urlsplit(link.url).hostname or "").casefold()].append(link)

    def run_host(queue: list[Link]) -> list[Result]:
        results = []
        for index, link in enumerate(queue):
            if time.monotonic() > deadline:
                results.append(Result(link, "skipped", "not checked: the run's time budget was spent"))
                continue
            if index:
                time.sleep(settings.host_delay)
            results.append(check_link(link, settings))
        return results

    with ThreadPoolExecutor(max_workers=max(1, settings.workers)) as pool:
        done = [result for batch in pool.map(run_host, by_host.values()) for result in batch]
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
    from .load import load_corpus

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

"""The one HTTP client of `review discover` and `review refresh`: every request to arXiv, OpenAlex, Crossref and
the entries' code and weights links goes through `Client`.

Polite and bounded: a User-Agent naming the review (and a mailto from $REVIEW_MAILTO), a timeout per request,
a minimum interval between two requests to one host (arXiv asks for 3 s), retries with exponential backoff on
timeouts and 5xx, a 429's Retry-After honoured up to a cap, at most a few redirects, and an address policy
that refuses private and loopback addresses (except the configured API hosts, so that a mirror or a test
server can stand in). API answers are cached on disk for the day (`build/cache/http/`). Nothing here reads the
wall clock's date: the day comes from the caller; `sleep` and `clock` are injectable.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import ipaddress
import json
import os
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

DEFAULT_BASES = {"ARXIV_API_URL": "https://export.arxiv.org/api/query", "OPENALEX_URL": "https://api.openalex.org",
                 "CROSSREF_URL": "https://api.crossref.org", "HUGGINGFACE_URL": "https://huggingface.co"}
SITE = "https://fm-medical-imaging-review.github.io/"
MAX_REDIRECTS = 5
MAX_BODY = 8 * 1024 * 1024  # an API page is a few hundred KiB
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Seconds between two requests to one host: arXiv's API terms ask for 3 s; OpenAlex allows 10/s, Crossref ~50/s.
HOST_INTERVALS = {"export.arxiv.org": 3.0, "api.openalex.org": 0.2, "api.crossref.org": 0.2}
DEFAULT_INTERVAL = 1.0

T = TypeVar("T")
Policy = Callable[[str], "str | None"]  # an address → why it is refused, or None


class FetchError(Exception):
    """A request that failed for good (after retries); the message names the source, the address and why."""


@dataclass(frozen=True)
class Bases:
    """The APIs' base addresses, from the environment so a mirror or a test server can stand in."""

    arxiv: str
    openalex: str
    crossref: str
    huggingface: str  # where model pages live, to recognise weights linked from a code page

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Bases:
        pick = {name: (env.get(name) or default).rstrip("/") for name, default in DEFAULT_BASES.items()}
        return cls(pick["ARXIV_API_URL"], pick["OPENALEX_URL"], pick["CROSSREF_URL"], pick["HUGGINGFACE_URL"])

    def hosts(self) -> frozenset[str]:
        bases = (self.arxiv, self.openalex, self.crossref, self.huggingface)
        return frozenset(urlsplit(base).netloc.casefold() for base in bases)


def public_only(trusted: frozenset[str] = frozenset()) -> Policy:
    """Refuse addresses that resolve to private, loopback or link-local IPs (an entry's link must not make the
    weekly job probe its own network), except hosts in `trusted` (host:port of the configured APIs)."""

    def policy(url: str) -> str | None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return "not an http(s) address"
        if parts.netloc.casefold() in trusted:
            return None
        try:
            infos = socket.getaddrinfo(parts.hostname or "", parts.port or 443, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError):
            return None  # the request itself reports "cannot connect"
        for info in infos:
            if not ipaddress.ip_address(info[4][0].split("%")[0]).is_global:
                return f"refused: {parts.hostname} is not a public address"
        return None

    return policy


def user_agent(env: Mapping[str, str]) -> str:
    mailto = env.get("REVIEW_MAILTO", "").strip()
    return f"fm-review/1 (+{SITE}{'; mailto:' + mailto if mailto else ''})"


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    body: bytes
    retry_after: str = ""  # the Retry-After header of a refusal

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def _short(url: str) -> str:
    return url if len(url) <= 160 else url[:157] + "..."


@dataclass
class Client:
    policy: Policy
    agent: str = f"fm-review/1 (+{SITE})"
    timeout: float = 20.0
    retries: int = 2  # further attempts after a timeout, a 5xx or a 429
    backoff: float = 2.0  # seconds before the first retry; doubled each time
    max_wait: float = 60.0  # the longest Retry-After honoured
    cache_dir: Path | None = None
    today: date | None = None  # cached answers are reused on this day only
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _last: dict[str, float] = field(default_factory=dict)

    def _opener(self) -> urllib.request.OpenerDirector:
        policy = self.policy

        class Redirects(urllib.request.HTTPRedirectHandler):
            max_redirections = MAX_REDIRECTS

            def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
                refused = policy(newurl)
                if refused:
                    raise urllib.error.HTTPError(newurl, code, f"redirect {refused}", headers, fp)
                return super().redirect_request(req, fp, code, msg, headers, newurl)

        return urllib.request.build_opener(Redirects())

    def _pace(self, url: str) -> None:
        host = (urlsplit(url).hostname or "").casefold()
        interval = HOST_INTERVALS.get(host, DEFAULT_INTERVAL)
        last = self._last.get(host)
        if last is not None and (wait := interval - (self.clock() - last)) > 0:
            self.sleep(wait)
        self._last[host] = self.clock()

    def _cache_path(self, url: str) -> Path | None:
        if self.cache_dir is None or self.today is None:
            return None
        return self.cache_dir / f"{hashlib.sha256(url.encode()).hexdigest()[:32]}.json"

    def _once(self, url: str, method: str, accept: str) -> Response:
        request = urllib.request.Request(url, method=method, headers={"User-Agent": self.agent, "Accept": accept})
        self._pace(url)
        try:
            with self._opener().open(request, timeout=self.timeout) as answer:
                body = answer.read(MAX_BODY + 1) if method == "GET" else b""
                return Response(answer.url, answer.status, body[:MAX_BODY])
        except urllib.error.HTTPError as error:
            retry_after = error.headers.get("Retry-After", "") if error.headers is not None else ""
            return Response(error.filename or url, error.code, b"", str(retry_after))

    def request(self, url: str, what: str, method: str = "GET", accept: str = "*/*") -> Response:
        """One answer (any status below 500 except 429) after retries; FetchError when none came."""
        refused = self.policy(url)
        if refused:
            raise FetchError(f"{what}: {_short(url)}: {refused}")
        wait, note = self.backoff, ""
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                response = self._once(url, method, accept)
            except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as error:
                reason = getattr(error, "reason", error)
                if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                    note = f"no answer within {self.timeout:g} s"
                else:
                    note = f"cannot connect ({reason})"
                    last = last or isinstance(reason, socket.gaierror)
            else:
                if response.status not in RETRY_STATUSES:
                    return response
                note = f"HTTP {response.status}"
                if response.status == 429:
                    asked = _seconds(response.retry_after)
                    if asked is not None and asked > self.max_wait:
                        raise FetchError(f"{what}: {_short(url)}: HTTP 429 Too Many Requests, and the server asks "
                                         f"to wait {asked:g} s (more than {self.max_wait:g} s); try again later")
                    wait = asked if asked is not None else wait
                    note = f"HTTP 429 Too Many Requests (Retry-After: {wait:g} s)"
            if last:
                break
            self.sleep(min(wait, self.max_wait))
            wait *= 2
        raise FetchError(f"{what}: {_short(url)}: {note}, {self.retries + 1} attempts; try again later")

    def get(self, url: str, what: str, parse: Callable[[str], T], accept: str = "*/*") -> T:
        """`parse` of the body of a 2xx answer to GET; FetchError for any other outcome. An answer that parses
        is cached for the day (one that raises is not, so a malformed page is asked for again next time)."""
        cached = self._cache_path(url)
        if cached and cached.is_file():
            stored = json.loads(cached.read_text(encoding="utf-8"))
            if stored.get("url") == url and stored.get("day") == str(self.today):
                return parse(base64.b64decode(stored["body"]).decode("utf-8", errors="replace"))
        response = self.request(url, what, accept=accept)
        if not 200 <= response.status < 300:
            raise FetchError(f"{what}: {_short(url)}: HTTP {response.status}")
        parsed = parse(response.text())
        if cached:
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_text(json.dumps({"url": url, "day": str(self.today),
                                          "body": base64.b64encode(response.body).decode()}), encoding="utf-8")
        return parsed

    def check(self, url: str, what: str) -> tuple[bool, str]:
        """Whether a link resolves: HEAD, then GET when HEAD fails (some servers mishandle HEAD)."""
        try:
            response = self.request(url, what, method="HEAD")
            if response.status >= 400:
                response = self.request(url, what, method="GET")
        except FetchError as error:
            return False, str(error).split(": ", 2)[-1]
        moved = f" (via {response.url})" if response.url and response.url != url else ""
        return response.status < 400, f"HTTP {response.status}{moved}"


def _seconds(value: str) -> float | None:
    """Retry-After as seconds; None for an HTTP date (our clock is not consulted) or nothing."""
    try:
        return max(0.0, float(value.strip()))
    except ValueError:
        return None


def client_from_env(root: Path, today: date, timeout: float, env: Mapping[str, str] | None = None,
                    sleep: Callable[[float], None] | None = None) -> tuple[Client, Bases]:
    """The client and API bases for a run in the checkout `root`, configured from the environment."""
    env = os.environ if env is None else env
    bases = Bases.from_env(env)
    client = Client(policy=public_only(bases.hosts()), agent=user_agent(env), timeout=timeout,
                    cache_dir=root / "build" / "cache" / "http", today=today, sleep=sleep or SLEEP)
    return client, bases


SLEEP: Callable[[float], None] = time.sleep  # the sleep of clients built by client_from_env; tests replace it

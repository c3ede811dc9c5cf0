"""One bounded HTTP request to a public internet address, for `review links`.

Every hop of a redirect is resolved and refused unless all its addresses are public (no loopback, private,
link-local, multicast or reserved address in any spelling), and the connection goes to the address that was
checked, so a link cannot make the checker probe the machine or network it runs on. Each request is shut down
when its own timeout or the run's wall-clock budget is spent, even against a server that trickles its answer
one byte at a time. No response body is read.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

USER_AGENT = "fm-review-linkcheck/1 (+https://fm-medical-imaging-review.github.io/; weekly link check)"
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Policy:
    """How one request may go: its timeout, and which non-public addresses tests' local servers may use."""

    timeout: float
    allow_private: bool = False
    allowed_addresses: frozenset[tuple[str, int]] = frozenset()


class Refused(Exception):
    """An address the checker will not request: not http(s), or not a public internet address."""


def _kind_of(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    for kind in ("loopback", "private", "link_local", "multicast", "reserved", "unspecified"):
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    return "non-public"


def resolve_public(host: str, port: int, allow_private: bool = False,
                   allowed: frozenset[tuple[str, int]] = frozenset()) -> list[str]:
    """The addresses `host` resolves to, refusing the lot when any is not a public internet address
    (loopback, private, link-local, multicast, reserved). getaddrinfo reads every IPv4 spelling
    (2130706433, 0x7f.1, 0177.0.0.1) as the system would, so no spelling slips past."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise OSError(f"no such host ({error.strerror})") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
    for text in addresses:
        address = ipaddress.ip_address(text.split("%", 1)[0])
        mapped = getattr(address, "ipv4_mapped", None) or address
        if allow_private or (text, port) in allowed:
            continue
        if not mapped.is_global or mapped.is_multicast:
            raise Refused(f"{host} is not a public address ({_kind_of(mapped)}); not requested")
    return addresses


class Guard:
    """One request's connection, pinned to an address checked by resolve_public, and shut down when the
    request's own time or the run's budget is spent (a server that trickles bytes cannot hold it)."""

    def __init__(self, budget: Budget, timeout: float) -> None:
        self.budget, self.timeout = budget, timeout
        self.sock: socket.socket | None = None
        self.timer: threading.Timer | None = None
        self.timed_out = False

    def connect(self, address: str, port: int) -> socket.socket:
        wait = max(0.01, min(self.timeout, self.budget.remaining()))
        sock = socket.create_connection((address, port), timeout=wait)
        self.sock = sock
        self.timer = threading.Timer(wait, self.stop, kwargs={"timed_out": True})
        self.timer.daemon = True
        self.timer.start()
        self.budget.track(self)
        return sock

    def stop(self, timed_out: bool = False) -> None:
        self.timed_out = self.timed_out or timed_out
        if self.sock is not None:
            with contextlib.suppress(OSError):
                self.sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        if self.timer:
            self.timer.cancel()
        self.budget.untrack(self)
        if self.sock is not None:
            self.sock.close()


class Budget:
    """The run's wall-clock budget: every open request is shut down when it is spent."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.expired = False
        self._open: set[Guard] = set()
        self._lock = threading.Lock()

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def track(self, request: Guard) -> None:
        with self._lock:
            self._open.add(request)
            expired = self.expired
        if expired:
            request.stop()

    def untrack(self, request: Guard) -> None:
        with self._lock:
            self._open.discard(request)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            requests = list(self._open)
        for request in requests:
            request.stop()


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to `address` (checked by resolve_public), whatever the host name resolves to now."""

    def __init__(self, host: str, port: int, address: str, request: Guard) -> None:
        super().__init__(host, port)
        self.address, self.guard = address, request

    def connect(self) -> None:
        self.sock = self.guard.connect(self.address, self.port)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """The same over TLS: the certificate is checked against the host name, the connection goes to `address`."""

    def __init__(self, host: str, port: int, address: str, request: Guard) -> None:
        super().__init__(host, port, context=ssl.create_default_context())
        self.address, self.guard = address, request

    def connect(self) -> None:
        self.sock = self._context.wrap_socket(self.guard.connect(self.address, self.port), server_hostname=self.host)


def _fetch(url: str, method: str, policy: Policy, budget: Budget) -> tuple[int, str | None]:
    """(status, Location header) of one request to one address; the body is never read."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("not an http(s) address")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = resolve_public(parts.hostname, port, policy.allow_private, policy.allowed_addresses)[0]
    request = Guard(budget, policy.timeout)
    kind = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
    connection = kind(parts.hostname, port, address, request)
    try:
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request(method, target, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        response = connection.getresponse()
        return response.status, response.getheader("Location")
    except (OSError, http.client.HTTPException):
        if request.timed_out:  # our timer shut the connection: the server was too slow, not broken
            raise TimeoutError("timed out") from None
        raise
    finally:
        connection.close()
        request.close()


def request_status(url: str, method: str, policy: Policy, budget: Budget) -> tuple[int, str]:
    """(status, final address), following at most MAX_REDIRECTS redirects, each hop resolved and checked."""
    seen = [url]
    for _ in range(MAX_REDIRECTS + 1):
        status, location = _fetch(seen[-1], method, policy, budget)
        if status not in (301, 302, 303, 307, 308) or not location:
            return status, seen[-1]
        following = urljoin(seen[-1], location.strip())
        if urlsplit(following).scheme not in ("http", "https"):
            raise RedirectError(f"{status}: redirect to a non-http address")
        if following in seen:
            raise RedirectError(f"{status}: redirect loop")
        seen.append(following)
    raise RedirectError(f"{status}: more than {MAX_REDIRECTS} redirects")


class RedirectError(Exception):
    """Too many redirects, a redirect loop, or a redirect away from http(s)."""

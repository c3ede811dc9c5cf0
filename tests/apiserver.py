"""A local stand-in for arXiv, OpenAlex, Crossref, code hosts and Hugging Face: a ThreadingHTTPServer on
127.0.0.1 answering from recorded fixture files (tests/fixtures/api/). Each route is a list of replies given in
turn (the last one repeats); a reply can be held until the test releases an event, to time a client out."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

API = Path(__file__).parent / "fixtures" / "api"


@dataclass
class Reply:
    status: int = 200
    file: str | None = None  # a fixture file in tests/fixtures/api/, {base} replaced by the server's address
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    hold: threading.Event | None = None  # wait for this event before answering (a slow host)


@dataclass
class FakeAPI:
    base: str = ""
    routes: dict[str, list[Reply]] = field(default_factory=dict)
    seen: list[tuple[str, str, str]] = field(default_factory=list)  # (method, path?query, User-Agent)
    released: threading.Event = field(default_factory=threading.Event)

    def route(self, key: str, *replies: Reply) -> None:
        """`key` is a path ("/openalex/works") or a path and one query pair ("/arxiv/query?start=100")."""
        self.routes[key] = list(replies)

    def answer(self, path: str, query: str) -> Reply:
        pairs = [f"{path}?{k}={v}" for k, v in parse_qsl(query)]
        for key in [*pairs, path]:
            if key in self.routes:
                replies = self.routes[key]
                return replies.pop(0) if len(replies) > 1 else replies[0]
        return Reply(404, body="Not Found")

    def count(self, prefix: str) -> int:
        return sum(target.startswith(prefix) for _, target, _ in self.seen)


@contextmanager
def serve_api() -> Iterator[FakeAPI]:
    api = FakeAPI()

    class Handler(BaseHTTPRequestHandler):
        def _reply(self, send_body: bool) -> None:
            parts = urlsplit(self.path)
            api.seen.append((self.command, self.path, self.headers.get("User-Agent", "")))
            reply = api.answer(parts.path, parts.query)
            if reply.hold is not None:
                reply.hold.wait(timeout=30)
            text = (API / reply.file).read_text(encoding="utf-8") if reply.file else reply.body
            body = text.replace("{base}", api.base).encode("utf-8")
            try:
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if send_body:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client timed out and left

        def do_GET(self) -> None:
            self._reply(True)

        def do_HEAD(self) -> None:
            self._reply(False)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    api.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield api
    finally:
        api.released.set()
        for replies in api.routes.values():
            for reply in replies:
                if reply.hold is not None:
                    reply.hold.set()
        server.shutdown()
        server.server_close()

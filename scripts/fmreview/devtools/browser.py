"""A real browser for the tests and benchmarks: find (or, as root, install) a system Chromium, and serve a
built site on 127.0.0.1.

In: the environment (CHROMIUM, PATH) and a built site folder. Out: the browser's path and launch arguments for
Playwright (`chromium.launch(executable_path=..., args=LAUNCH_ARGS)`), and a local server's base URL.
Playwright's own browser download is never used: it needs the network, and Debian's `chromium` does the job.
Standard library only, so that importing this never needs the test extras.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

NAMES = ("chromium", "chromium-browser")
# Headless and quiet: no sandbox (containers, root), no GPU, and none of Chromium's own background traffic,
# so that "no request leaves 127.0.0.1" tests the site, not the browser.
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--no-first-run", "--disable-sync", "--disable-dev-shm-usage"]
INSTALL_HINT = ("no Chromium found: install Debian's `chromium` package (apt-get install chromium) or set "
                "CHROMIUM=/path/to/chromium")


class BrowserMissing(Exception):
    """No Chromium to drive, and none could be installed."""


def find_chromium() -> str | None:
    """The browser to drive: $CHROMIUM if set, else the first of `chromium`, `chromium-browser` on the PATH."""
    chosen = os.environ.get("CHROMIUM")
    if chosen:
        return chosen if Path(chosen).is_file() else None
    return next((path for name in NAMES if (path := shutil.which(name))), None)


def ensure_chromium() -> str:
    """Find Chromium; where there is none and we run as root, install Debian's `chromium` with apt-get.
    Raises BrowserMissing with what to install otherwise."""
    found = find_chromium()
    if found:
        return found
    if os.environ.get("CHROMIUM"):
        raise BrowserMissing(f"CHROMIUM={os.environ['CHROMIUM']} is not a file; {INSTALL_HINT}")
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
            result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
            if result.returncode != 0:
                raise BrowserMissing(f"`{' '.join(command)}` failed: {result.stderr.strip()[-400:]}; {INSTALL_HINT}")
        found = find_chromium()
        if found:
            return found
    raise BrowserMissing(INSTALL_HINT)


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files; keeps the test output clean of access logs."""

    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map, ".bib": "text/plain; charset=utf-8", ".xml": "application/xml",
        ".json": "application/json", ".js": "text/javascript"}

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        """Files as they are, except sitemap.xml, whose addresses are moved to this server. Material's instant
        navigation only follows links listed in the sitemap, and it maps the listed addresses (site_url) to the
        page's scheme and host but not its port, so on a local port it would otherwise never engage."""
        if self.path.split("?")[0] != "/sitemap.xml":
            return super().do_GET()
        text = (Path(self.directory) / "sitemap.xml").read_text(encoding="utf-8")
        locations = re.findall(r"<loc>([^<]+)</loc>", text)
        home = min(locations, key=len) if locations else ""
        base = f"http://{self.headers.get('Host', '127.0.0.1')}/"
        body = (text.replace(f"<loc>{home}", f"<loc>{base}") if home else text).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` over HTTP on 127.0.0.1 (a free port) in a thread; yields the base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()

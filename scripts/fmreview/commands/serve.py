"""`review serve`: live preview. Generates build/docs, serves the site with mkdocs' live-reload server, and on
every saved change under entries/, data/ or docs/ regenerates only what changed and has mkdocs rebuild only the
pages whose files changed (render/livebuild.py), then reloads the browser.

Fast because little is redone: an edit to an entry writes that paper's page first and the browser reloads; the
rest (other pages, listings, exports, charts) follows, and stops for a newer edit. Entries are parsed and checked
again only when their bytes changed (load.EntryCache), pages are rendered again only when their inputs changed
(outputs.PageMemo), charts are drawn again only when their data changed (charts.py), files are written only when
their bytes changed, and file-system events (inotify), not polling, start the work. Any error `review build`
would report (an invalid entry, a broken template in docs/) is printed with file:line, and the last good pages
stay up.

The preview's search index and sitemap are those of its first build; `review build` always builds the whole site.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from pathlib import Path

from ..check.report import format_text
from ..config import Paths
from ..load.corpus import EntryCache
from ..load.site import Site, has_errors, load_site
from ..model import Paper
from ..render.outputs import DocsError, PageMemo
from ..render.pages import render_paper_pages
from ..render.renderers import RENDERERS, Renderer
from ..render.writer import OutputError
from .build import Interrupted, generate

Snapshot = dict[Path, tuple[int, int, bytes]]


def snapshot(folders: list[Path], before: Snapshot | None = None) -> Snapshot:
    """Every source file with its modification time, size and a digest of its bytes: a change is seen whatever
    the file system's clock does. A file whose time and size equal `before`'s is not read again."""
    before = before or {}
    now: Snapshot = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            try:
                stat = path.stat()
                if not path.is_file():
                    continue
                known = before.get(path)
                if known and known[:2] == (stat.st_mtime_ns, stat.st_size):
                    now[path] = known
                else:
                    digest = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
                    now[path] = (stat.st_mtime_ns, stat.st_size, digest)
            except OSError:  # deleted while we looked: the next event looks again
                continue
    return now


def _contents(shot: Snapshot) -> dict[Path, bytes]:
    return {path: digest for path, (_, _, digest) in shot.items()}


class Preview:
    """build/docs kept up to date with the sources, redoing only what a change touches. When entries changed, a
    regeneration can stop after their own pages (`pages_first`: the page being edited shows at once) and leave
    the rest (other papers' related lists, term and dataset pages, listings, exports, charts) to `finish`."""

    def __init__(self, paths: Paths, today: date) -> None:
        self.paths, self.today = paths, today
        self.entries, self.pages = EntryCache(), PageMemo()
        self.written: dict[str, bytes] = {}  # build/docs, as written here
        self.changed: list[str] = []  # the files the last regeneration wrote or deleted
        self.pending: Site | None = None  # a site whose pages are not all written yet
        self.papers: dict[str, Paper] = {}  # the records the pages on disk show

    def regenerate(self, pages_first: bool = False) -> bool:
        """Regenerate build/docs in place; False (and the problems printed) when the sources have errors."""
        started = time.perf_counter()
        site, problems = load_site(self.paths, today=self.today, cache=self.entries)
        sys.stderr.write(format_text(problems))
        if has_errors(problems):
            print("review serve: not regenerated; fix the errors above (the last good pages stay up)",
                  file=sys.stderr)
            return False
        self.changed = []
        edited = frozenset(p.id for p in site.corpus.papers if self.papers.get(p.id) is not p)
        if pages_first and self.written and 0 < len(edited) <= 20 and len(site.corpus.papers) == len(self.papers):
            only = partial(render_paper_pages, only=edited)  # the edited entries' own pages, first
            if not self._write(site, [only], partial_update=True):
                return False
            self.pending, what = site, "the edited papers' pages"
        else:
            if not self._write(site, RENDERERS):
                return False
            self.pending, what = None, "everything"
        self.papers.update((p.id, p) for p in site.corpus.papers if p.id in edited)
        print(f"review serve: regenerated {what} in {time.perf_counter() - started:.2f} s; "
              f"{len(self.changed)} files changed", file=sys.stderr)
        return True

    def finish(self, stop: Callable[[], bool] | None = None) -> bool:
        """Write everything else of the last `pages_first` regeneration; False when there was none to write, or
        when `stop` said to stop (a newer edit is waiting: it is regenerated first, and finished again)."""
        site = self.pending
        if site is None:
            return False
        self.changed, started = [], time.perf_counter()
        try:
            done = self._write(site, RENDERERS, stop=stop)
        except Interrupted:
            print("review serve: a newer edit first; the rest of this one follows it", file=sys.stderr)
            return False
        if done:
            self.pending = None
            print(f"review serve: regenerated the rest in {time.perf_counter() - started:.2f} s; "
                  f"{len(self.changed)} files changed", file=sys.stderr)
        return done

    def _write(self, site: Site, renderers: Sequence[Renderer], stop: Callable[[], bool] | None = None,
               partial_update: bool = False) -> bool:
        """Render the outputs and write what changed. The first time, build/docs is compared with the disk as a
        whole (stale files of an earlier run go); afterwards only files whose bytes changed are written.
        `partial_update`: the renderers give some of the site's files; none is stale for lack of the others."""
        try:
            writer = generate(site, renderers, memo=self.pages, stop=stop)
        except (DocsError, OutputError) as error:
            print(f"{error}\nreview serve: not regenerated (the last good pages stay up)", file=sys.stderr)
            return False
        if partial_update:
            self.changed += [path for path, content in writer.files.items() if self.written.get(path) != content]
            for path in self.changed:
                target = self.paths.build_docs / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(writer.files[path])
            self.written.update(writer.files)
            return True
        self.changed += writer.sync(self.paths.build_docs, self.written if self.written else None)
        self.written = dict(writer.files)
        self.papers = {p.id: p for p in site.corpus.papers}
        return True


def regenerate(paths: Paths, today: date) -> bool:
    """One full regeneration of build/docs (what `review serve` does first)."""
    return Preview(paths, today).regenerate()


class Watcher:
    """Watches entries/, data/ and docs/. The first snapshot is taken when the watcher is made, before anything
    can change unseen; `poll` compares with it and regenerates on a change. `run` waits for file-system events
    (inotify through watchdog) and polls when one arrives, so a save is seen at once, not on the next tick."""

    def __init__(self, paths: Paths, today: date, preview: Preview | None = None) -> None:
        self.preview = preview or Preview(paths, today)
        self.folders = [paths.entries, paths.data, paths.docs]
        self.seen = snapshot(self.folders)
        self.regenerated = threading.Event()  # set after each regeneration attempt (tests wait on it)
        self.nudged = threading.Event()       # set by file-system events

    def poll(self, pages_first: bool = False) -> bool:
        """Regenerate when a source changed since the last poll; True when something changed."""
        now = snapshot(self.folders, self.seen)
        changed = _contents(now) != _contents(self.seen)
        self.seen = now
        if not changed:
            return False
        self.preview.regenerate(pages_first)
        self.regenerated.set()
        return True

    def run(self, stop: threading.Event) -> None:
        """Poll on every file-system event until `stop` is set."""
        from watchdog.events import FileSystemEvent, FileSystemEventHandler
        from watchdog.observers import Observer

        watcher = self

        class Nudge(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                if not event.is_directory:
                    watcher.nudged.set()

        observer = Observer()
        for folder in self.folders:
            if folder.is_dir():
                observer.schedule(Nudge(), str(folder), recursive=True)
        observer.start()
        try:
            self.poll()  # whatever changed between the snapshot and the observer's start
            while not stop.is_set():
                self.nudged.wait()
                self.nudged.clear()
                if not stop.is_set():
                    self.poll()
        finally:
            observer.stop()
            observer.join()

    def stop(self, stop: threading.Event) -> None:
        stop.set()
        self.nudged.set()


def serve(paths: Paths, addr: str, today: date) -> int:
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    from ..render.livebuild import LiveBuilder

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs.commands.build").setLevel(logging.ERROR)  # the dirty build's warning, every save
    watcher = Watcher(paths, today)  # snapshot first: an edit made while the site is generated is not missed
    if not watcher.preview.regenerate():
        return 1
    site_dir = tempfile.mkdtemp(prefix="review-serve-")

    def config():  # fresh each full build, as mkdocs serve does: plugins keep state between builds
        loaded = load_config(config_file=str(paths.mkdocs_yml), site_dir=site_dir, dev_addr=addr)
        loaded.site_url = server.url
        return loaded

    trigger = paths.build / ".serve"  # touched to have the server come back for the rest of an edit
    trigger.mkdir(parents=True, exist_ok=True)

    def rebuild() -> None:
        watcher.nudged.clear()
        if watcher.poll(pages_first=True):
            mkdocs.update(watcher.preview.changed)  # the edited pages: the browser reloads when this returns
            if watcher.preview.pending:
                (trigger / "rest").write_text(str(time.monotonic()))  # then the server comes back for the rest
        elif watcher.preview.finish(stop=watcher.nudged.is_set):
            mkdocs.update(watcher.preview.changed)

    class Nudge(FileSystemEventHandler):  # a newer edit stops the unfinished rest of the last one
        def on_any_event(self, event: FileSystemEvent) -> None:
            if not event.is_directory:
                watcher.nudged.set()

    host, port = addr.rsplit(":", 1)
    server = LiveReloadServer(builder=rebuild, host=host, port=int(port), root=site_dir)
    server.observer = Observer()  # file-system events, not mkdocs' half-second polling
    for folder in watcher.folders:
        server.watch(str(folder))
        server.observer.schedule(Nudge(), str(folder), recursive=True)
    server.watch(str(trigger))
    mkdocs = LiveBuilder(config, server.url)
    mkdocs.full()
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0

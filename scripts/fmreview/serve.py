"""`review serve`: live preview. Generates build/docs, starts `mkdocs serve` on it, and regenerates (in place,
only changed files) whenever something under entries/, data/ or docs/ changes; mkdocs' own watcher then
rebuilds and reloads the browser. Any error `review build` would report (an invalid entry, a broken template in
docs/) is printed with file:line, and the last good pages stay up."""

from __future__ import annotations

import hashlib
import os
import sys
import threading
from datetime import date
from pathlib import Path

from .build import generate
from .config import Paths
from .load import load_corpus
from .pages import DocsError
from .report import format_text
from .writer import OutputError

Snapshot = dict[Path, bytes]


def snapshot(folders: list[Path]) -> Snapshot:
    """Every source file with a digest of its bytes: a change is seen whatever the file system's clock does."""
    return {
        path: hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
        for folder in folders
        if folder.is_dir()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def regenerate(paths: Paths, today: date) -> bool:
    """Regenerate build/docs in place; False (and the problems printed) when the sources have errors."""
    corpus, problems = load_corpus(paths, today=today)
    sys.stderr.write(format_text(problems))
    if any(p.severity == "error" for p in problems):
        print("review serve: not regenerated; fix the errors above (the last good pages stay up)", file=sys.stderr)
        return False
    try:
        writer = generate(paths, corpus, today)
    except (DocsError, OutputError) as error:
        print(f"{error}\nreview serve: not regenerated (the last good pages stay up)", file=sys.stderr)
        return False
    paths.build_docs.mkdir(parents=True, exist_ok=True)
    changed = writer.sync(paths.build_docs)
    print(f"review serve: regenerated {len(corpus.papers)} entries, {changed} files changed", file=sys.stderr)
    return True


class Watcher:
    """Watches entries/, data/ and docs/. The first snapshot is taken when the watcher is made, before anything
    can change unseen; `poll` compares with it and regenerates on a change."""

    def __init__(self, paths: Paths, today: date) -> None:
        self.paths, self.today = paths, today
        self.folders = [paths.entries, paths.data, paths.docs]
        self.seen = snapshot(self.folders)
        self.regenerated = threading.Event()  # set after each regeneration attempt (tests wait on it)

    def poll(self) -> bool:
        """Regenerate when a source changed since the last poll; True when something changed."""
        now = snapshot(self.folders)
        if now == self.seen:
            return False
        self.seen = now
        regenerate(self.paths, self.today)
        self.regenerated.set()
        return True

    def run(self, stop: threading.Event, interval: float = 0.5) -> None:
        while not stop.wait(interval):
            self.poll()


def serve(paths: Paths, addr: str, today: date) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    watcher = Watcher(paths, today)  # snapshot first: an edit made while the site is generated is not missed
    if not regenerate(paths, today):
        return 1
    stop = threading.Event()
    threading.Thread(target=watcher.run, args=(stop,), daemon=True).start()
    try:
        mkdocs_serve(config_file=str(paths.mkdocs_yml), dev_addr=addr, livereload=True)
    finally:
        stop.set()
    return 0

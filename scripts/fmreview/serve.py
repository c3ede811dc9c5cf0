"""`review serve`: live preview. Generates build/docs, starts `mkdocs serve` on it, and regenerates (in place,
only changed files) whenever something under entries/, data/ or docs/ changes; mkdocs' own watcher then
rebuilds and reloads the browser. Invalid entries are reported and the last good pages stay up."""

from __future__ import annotations

import os
import sys
import threading
import time
from datetime import date
from pathlib import Path

from .build import generate
from .config import Paths
from .load import load_corpus
from .report import format_text


def _snapshot(folders: list[Path]) -> dict[Path, float]:
    return {p: p.stat().st_mtime for folder in folders if folder.is_dir() for p in folder.rglob("*") if p.is_file()}


def regenerate(paths: Paths) -> bool:
    """Regenerate build/docs in place; False (and the problems printed) when an entry has errors."""
    corpus, problems = load_corpus(paths)
    sys.stderr.write(format_text(problems))
    if any(p.severity == "error" for p in problems):
        print("review serve: not regenerated; fix the errors above", file=sys.stderr)
        return False
    paths.build_docs.mkdir(parents=True, exist_ok=True)
    changed = generate(paths, corpus, date.today()).sync(paths.build_docs)
    print(f"review serve: regenerated {len(corpus.papers)} entries, {changed} files changed", file=sys.stderr)
    return True


def watch(paths: Paths, interval: float = 1.0, stop: threading.Event | None = None) -> None:
    """Poll the sources every `interval` seconds (portable, and cheap at a few thousand files)."""
    folders = [paths.entries, paths.data, paths.docs]
    seen = _snapshot(folders)
    while not (stop and stop.is_set()):
        time.sleep(interval)
        now = _snapshot(folders)
        if now != seen:
            seen = now
            regenerate(paths)


def serve(paths: Paths, addr: str) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if not regenerate(paths):
        return 1
    threading.Thread(target=watch, args=(paths,), daemon=True).start()
    mkdocs_serve(config_file=str(paths.mkdocs_yml), dev_addr=addr, livereload=True)
    return 0

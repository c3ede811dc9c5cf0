"""load → check → render → write build/docs → mkdocs build --strict → build/site.

Two passes, as in Pelican: every entry is loaded and checked before anything is rendered; on any error all
problems are printed and nothing is written.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .analysis import render_meta_analysis
from .citation import citation_context
from .citefiles import render_citation_files
from .compare import render_comparisons
from .config import Paths
from .exports import render_exports
from .feed import render_feed, render_whats_new
from .lineage import render_lineage
from .load import count_entry_files, load_corpus
from .model import Corpus
from .pages import (
    DocsError,
    make_environment,
    render_dataset_pages,
    render_docs,
    render_paper_pages,
    render_papers_index,
    render_term_pages,
    site_context,
)
from .reference import contributing_context
from .report import format_text, promote_warnings, summary_line
from .selection import render_selection
from .triage import load_triage
from .writer import OutputError, SiteWriter, clean_stale, swap_in


def load_site_config(paths: Paths) -> tuple[dict[str, Any], str]:
    """From mkdocs.yml: the `extra:` block (site facts such as the last literature search date, plus `repo_url`,
    which the issue-form links use) and `site_url` (the feed's links must be absolute)."""
    config = yaml.safe_load(paths.mkdocs_yml.read_text(encoding="utf-8")) or {}
    extra = dict(config.get("extra") or {})
    extra["repo_url"] = str(config.get("repo_url") or "").rstrip("/")
    extra["triage"], _ = load_triage(paths)  # checked with the entries: `review validate` reports its problems
    return extra, str(config.get("site_url") or "http://127.0.0.1:8000/")


def generate(paths: Paths, corpus: Corpus, today: date) -> SiteWriter:
    """Every generated file of the site's source folder, in memory."""
    writer = SiteWriter()
    env = make_environment(corpus)
    extra, url = load_site_config(paths)
    env.globals.update(repo_url=extra["repo_url"])
    for renderer in (render_paper_pages, render_term_pages, render_dataset_pages, render_papers_index,
                     render_comparisons, render_selection, render_exports, render_whats_new, render_lineage):
        for relative, content in renderer(env, corpus):
            writer.add(relative, content)
    writer.add("feed.xml", render_feed(corpus, url))
    for relative, content in render_meta_analysis(env, corpus, today):  # charts, their CSVs, the page
        writer.add(relative, content)
    for relative, content in render_citation_files(corpus, today):  # .bib, .ris, .json: all, per paper, per term
        writer.add(relative, content)
    context = {**site_context(corpus, extra, today), **contributing_context(paths, corpus.vocabularies),
               **citation_context(paths)}
    for relative, content in render_docs(env, paths.docs, context):
        writer.add(relative, content)
    return writer


def run_mkdocs(paths: Paths, site_dir: Path) -> int:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file",
               str(paths.mkdocs_yml), "--site-dir", str(site_dir)]
    return subprocess.run(command, cwd=paths.root, env=env, check=False).returncode


def build_site(paths: Paths, run_mkdocs_too: bool = True, strict: bool = False, *, today: date) -> int:
    """The whole build. Returns the exit code: 0 built, 1 invalid entries or a failed mkdocs build."""
    started = time.perf_counter()
    corpus, problems = load_corpus(paths, today=today)
    if strict:
        problems = promote_warnings(problems)
    sys.stderr.write(format_text(problems))
    checked = summary_line(count_entry_files(paths), problems)
    if any(p.severity == "error" for p in problems):
        print(f"{checked} Nothing was built: fix the errors above.", file=sys.stderr)
        return 1
    clean_stale(paths.build, (paths.build_site.name, paths.build_docs.name))  # what an interrupted build left
    try:
        writer = generate(paths, corpus, today)
    except (DocsError, OutputError) as error:
        print(f"{error}\n{checked} Nothing was built.", file=sys.stderr)
        return 1
    writer.write(paths.build_docs)
    generated = time.perf_counter() - started
    pages = sum(name.endswith(".md") for name in writer.files)
    message = f"{checked} Wrote {pages} pages and {len(writer.files) - pages} other files in {generated:.1f} s"
    if not run_mkdocs_too:
        print(message + ".", file=sys.stderr)
        return 0
    staging = Path(tempfile.mkdtemp(prefix=f".{paths.build_site.name}-", dir=paths.build))
    swapped = False
    try:
        code = run_mkdocs(paths, staging)
        if code != 0:
            print(f"{message}; mkdocs build failed (exit {code}), build/site left as it was.", file=sys.stderr)
            return 1
        swap_in(staging, paths.build_site)
        swapped = True
    finally:  # interrupted or failed: no staging folder is left behind
        if not swapped:
            shutil.rmtree(staging, ignore_errors=True)
    print(f"{message}; site built in {time.perf_counter() - started - generated:.1f} s → build/site/",
          file=sys.stderr)
    return 0


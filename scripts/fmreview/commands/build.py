"""load → check → render → write build/docs → mkdocs build --strict → build/site.

Two passes, as in Pelican: pass 1 loads and checks every source into a Site (site.py); on any error all problems
are printed and nothing is written. Pass 2 runs the declared renderers (renderers.py) on the Site alone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from ..check.report import format_text, promote_warnings, summary_line
from ..config import Paths
from ..load.corpus import count_entry_files
from ..load.site import Site, has_errors, load_site
from ..render.outputs import DocsError, PageMemo, render_all
from ..render.pages import environment_epoch, make_environment
from ..render.renderers import RENDERERS, Renderer
from ..render.workers import generate_in_workers, worth_sharing
from ..render.writer import OutputError, SiteWriter, clean_stale, swap_in


class Interrupted(Exception):
    """`generate` stopped because its `stop` said so (the preview saw a newer edit)."""


def generate(site: Site, renderers: Iterable[Renderer] = RENDERERS, memo: PageMemo | None = None,
             parallel: bool = False, stop: Callable[[], bool] | None = None,
             writer: SiteWriter | None = None) -> SiteWriter:
    """Pass 2: every output of every renderer, into `writer` (by default a new one, which keeps them in
    memory). With a `memo`, pages whose inputs did not change since the last call are not rendered again; `stop`
    is asked between outputs, and when it answers True, Interrupted is raised (both for the preview). With
    `parallel` and a corpus large enough to pay for it, two worker processes share the renderers (workers.py)."""
    writer = writer if writer is not None else SiteWriter()
    if parallel and memo is None and stop is None and worth_sharing(site):
        return generate_in_workers(site, renderers, writer)
    if memo is None:
        env = make_environment(site)
    else:  # the environment (its compiled templates too) lives as long as its globals stay equal
        if not memo.begin(environment_epoch(site)) or memo.env is None:
            memo.env = make_environment(site)
        env = memo.env
    for renderer in renderers:
        for relative, content in render_all(env, renderer(site, env), memo):
            if stop is not None and stop():
                raise Interrupted
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
    site, problems = load_site(paths, today=today)
    if strict:
        problems = promote_warnings(problems)
    sys.stderr.write(format_text(problems))
    checked = summary_line(count_entry_files(paths), problems)
    if has_errors(problems):
        print(f"{checked} Nothing was built: fix the errors above.", file=sys.stderr)
        return 1
    clean_stale(paths.build, (paths.build_site.name, paths.build_docs.name))  # what an interrupted build left
    paths.build.mkdir(parents=True, exist_ok=True)
    docs = Path(tempfile.mkdtemp(prefix=f".{paths.build_docs.name}-", dir=paths.build))  # swapped in when whole
    try:
        writer = generate(site, parallel=True, writer=SiteWriter(docs))
    except (DocsError, OutputError) as error:
        print(f"{error}\n{checked} Nothing was built.", file=sys.stderr)
        shutil.rmtree(docs, ignore_errors=True)
        return 1
    except BaseException:  # interrupted: no half-written folder is left behind
        shutil.rmtree(docs, ignore_errors=True)
        raise
    swap_in(docs, paths.build_docs)
    generated = time.perf_counter() - started
    pages = sum(name.endswith(".md") for name in writer.names)
    message = f"{checked} Wrote {pages} pages and {len(writer.names) - pages} other files in {generated:.1f} s"
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


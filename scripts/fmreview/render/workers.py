"""Pass 2 on both cores, for a whole build: the renderers, the paper pages in two halves, run two at a time in
worker processes, the longest first. Each worker writes its outputs straight into the output folder and returns
only their paths; this process checks that no path is claimed twice. Each task gets a fresh worker forked from
this process (processes.py) once pass 1 is done: it shares the Site and every module already imported, and what
it allocates goes with it (memory stays that of the largest task, not of all). What all paper pages share (the
related-papers ranking) is computed here first, so that no worker computes it again.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path

from ..load.site import Site
from ..processes import can_fork, run_forked
from .outputs import render_all
from .pages import make_environment, relations, render_paper_pages
from .renderers import LONGEST, Renderer
from .writer import SiteWriter

WORKERS = 2
WORKERS_FROM = 200  # papers: below this, forking a worker per task costs more than it saves


def worth_sharing(site: Site) -> bool:
    return len(site.corpus.papers) >= WORKERS_FROM and can_fork()


def generate_in_workers(site: Site, renderers: Iterable[Renderer], writer: SiteWriter) -> SiteWriter:
    relations(site.corpus)  # once, before the fork: both halves of the paper pages find it computed
    calls = [partial(_run, site, task, writer.folder) for task in _tasks(site, renderers)]
    for outputs in run_forked(calls, at_once=WORKERS):
        for relative, content in outputs:
            if content is None:
                writer.claim(relative)
            else:
                writer.add(relative, content)
    return writer


def _tasks(site: Site, renderers: Iterable[Renderer]) -> list[Renderer]:
    """The renderers, the paper pages split in two, the longest first (a free worker takes the next)."""
    tasks: list[Renderer] = []
    for renderer in renderers:
        if renderer is render_paper_pages:
            ids = [p.id for p in site.corpus.papers]
            tasks += [partial(render_paper_pages, only=frozenset(ids[0::2])),
                      partial(render_paper_pages, only=frozenset(ids[1::2]))]
        else:
            tasks.append(renderer)
    return sorted(tasks, key=lambda task: LONGEST.index(task) if task in LONGEST else len(LONGEST))


def _run(site: Site, renderer: Renderer, folder: Path | None) -> list[tuple[str, str | bytes | None]]:
    """In a worker: one renderer's outputs, written into `folder` (their paths returned), or returned whole."""
    env = make_environment(site)
    writer = SiteWriter(folder)
    for relative, content in render_all(env, renderer(site, env)):
        writer.add(relative, content)
    return [(name, None) for name in sorted(writer.names)] if folder else list(writer.files.items())

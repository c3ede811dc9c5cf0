"""The one declared list of renderers: each takes the Site (pass 1's result) and the template environment and
yields outputs, `Page`s or (path, content) files. A new page kind is one renderer, one template and one line
here; `generate` runs them in this order and the writer refuses a path claimed twice."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from jinja2 import Environment

from ..load.site import Site
from .cite.citefiles import render_citation_files
from .compare import render_comparisons
from .explorer import render_explorer
from .exports import render_exports
from .feed import render_feed_file, render_whats_new
from .outputs import Output
from .pages import render_dataset_pages, render_docs, render_paper_pages, render_term_pages
from .selection import render_selection

Renderer = Callable[[Site, Environment], Iterable[Output]]


def render_analysis(site: Site, env: Environment) -> Iterator[Output]:
    """The meta-analysis page, its charts (SVG) and their data (CSV)."""
    from .meta.analysis import render_meta_analysis  # pandas and matplotlib: imported by the process that draws

    yield from render_meta_analysis(env, site.corpus, site.today)


def render_lineage(site: Site, env: Environment) -> Iterator[Output]:
    """The lineage page: the trees of what each model builds on, and its bar chart."""
    from .lineage import render_lineage_page

    yield from render_lineage_page(site, env)


PAGES: tuple[Renderer, ...] = (  # one page per paper, term or dataset: what an edit is first looked at on
    render_paper_pages,      # papers/<id>.md
    render_term_pages,       # <axis>/index.md, <axis>/<term>.md, taxonomy.md
    render_dataset_pages,    # datasets/<id>.md, datasets/index.md
)
LISTINGS: tuple[Renderer, ...] = (  # pages and files over the whole corpus
    render_explorer,         # papers/index.md, papers/explorer.json
    render_comparisons,      # compare/index.md, compare/<axis>/<term>.md and .csv
    render_selection,        # compare/selected.md and .json
    render_exports,          # data/index.md, data/papers.csv|json, data/datasets.csv
    render_whats_new,        # whats-new.md
    render_feed_file,        # feed.xml
    render_lineage,          # lineage/index.md, lineage/bases-per-year.svg
    render_analysis,         # meta-analysis/index.md, its .svg and .csv
    render_citation_files,   # all*.bib|ris|json, papers/<id>.*, <axis>/<term>.*
    render_docs,             # the hand-written pages of docs/, and its assets
)
RENDERERS: tuple[Renderer, ...] = PAGES + LISTINGS
# The slowest first, when worker processes share them (workers.py); the charts' renderers import pandas and
# matplotlib only in the process that runs them.
LONGEST: tuple[Renderer, ...] = (render_analysis, render_citation_files, render_comparisons, render_lineage)

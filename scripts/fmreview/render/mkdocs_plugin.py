"""An mkdocs plugin (`fmreview-raw` in mkdocs.yml) that keeps Markdown and the search parser away from HTML the
templates already wrote.

Generated pages are HTML. Python-Markdown parses every raw HTML block with Python's html.parser only to set it
aside untouched, and the search plugin parses every page's HTML again to index it: at a thousand pages the two
are two thirds of mkdocs' time. So:

- A page whose whole body is one `<!--fm-raw-->` ... `<!--/fm-raw-->` block (paper, term and dataset pages) is
  an HTML page: Markdown never runs on it. Its content is the block, its table of contents is read from its
  headings' ids, its anchors from its ids.
- On other pages, each marked block is set aside before Markdown runs (leaving a placeholder paragraph) and put
  back into the HTML afterwards, byte for byte. A page whose Markdown already holds the placeholder text is left to
  Markdown whole, so entry text can never be mistaken for a block.
- The search plugin indexes an HTML page from a reduced copy: the same sections and the same text, without the
  tags it would drop anyway (search_text.py). The page itself is written unchanged.
- `mkdocs build` uses both cores: once every page is read, a forked process copies the static files and writes
  every second HTML page through the theme, while this one writes the rest (and still indexes all for search);
  the build waits for it and fails if it fails. `mkdocs serve` builds in one process.

Without the plugin, mkdocs builds the same pages from the same files, only slower.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import traceback
from functools import partial
from typing import Any

from jinja2 import ChoiceLoader, DictLoader
from mkdocs.commands.build import _build_page
from mkdocs.config import config_options
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.toc import get_toc

from .search_text import searchable

START, END = "<!--fm-raw-->", "<!--/fm-raw-->"
_BLOCK = re.compile(rf"^{re.escape(START)}\n(.*?)\n{re.escape(END)}$", re.MULTILINE | re.DOTALL)
_WHOLE = re.compile(rf"\s*{re.escape(START)}\n(.*?)\n?{re.escape(END)}\s*", re.DOTALL)
_TOKEN = "fmrawblock"
_PLACED = re.compile(rf"<p>{_TOKEN}(\d+)x</p>")
_HEADING = re.compile(r'<h([1-6])\b[^>]*?\sid="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
_ID = re.compile(r'\sid="([^"]+)"')
_ELSEWHERE = "fmreview-elsewhere.html"  # the empty template of a page the second process writes


def html_body(markdown: str) -> str | None:
    """The HTML of a page whose whole body is one marked block, else None."""
    whole = _WHOLE.fullmatch(markdown)
    if whole is None or START in whole.group(1) or END in whole.group(1):
        return None
    return whole.group(1)


def toc_tokens(html: str) -> list[dict[str, Any]]:
    """The table of contents of an HTML page, as Python-Markdown's toc extension gives it: headings with an id,
    each nested under the nearest heading of a higher level before it."""
    tokens: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for level, anchor, inner in _HEADING.findall(html):
        token = {"level": int(level), "id": anchor, "name": _PERMALINK.sub("", inner).strip(), "children": []}
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else tokens).append(token)
        stack.append(token)
    return tokens


def _render_html(page: Any, html: str, config: Any, files: Any) -> None:
    """Page.render for an HTML page: what Markdown would have set, without running it. The HTML itself is read
    again when the page is written (`_page_html`): thousands of pages' text are not all held at once."""
    page.toc = get_toc(toc_tokens(html))
    page._title_from_render = None  # as for raw HTML: the title comes from the front matter
    page.present_anchor_ids = set(_ID.findall(html))
    page.content, page.markdown = "", ""


def _page_html(page: Any) -> str:
    """An HTML page's body, from its file."""
    text = page.file.content_string
    if text.startswith("---"):
        text = text.split("\n---\n", 1)[1]  # the front matter, already read by mkdocs
    return html_body(text) or ""


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class _NotSkipped(logging.Filter):
    """Keeps mkdocs from announcing as skipped the pages the second process writes."""
    def __init__(self, uris: set[str]) -> None:
        super().__init__()
        self.uris = uris

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith("Page skipped: '") and message.split("'")[1] in self.uris)


class RawBlocksPlugin(BasePlugin):
    # `processes: 1` in mkdocs.yml builds in one process (the tests compare both ways).
    config_scheme = (("processes", config_options.Type(int, default=2)),)

    def __init__(self) -> None:
        self.blocks: dict[str, list[str]] = {}
        self.html_pages: set[str] = set()
        self.full_content: dict[str, str] = {}
        self.parallel = False
        self.worker: int | None = None
        self.quiet: _NotSkipped | None = None
        self.nav: Any = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.parallel = (command == "build" and self.config["processes"] > 1 and hasattr(os, "fork")
                         and (os.cpu_count() or 1) > 1)

    @event_priority(-100)
    def on_nav(self, nav: Any, *, config: Any, files: Any) -> Any:
        self.nav = nav
        return nav

    @event_priority(-100)  # the last: the environment is final, and every page has been read
    def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
        if not self.parallel:
            return env
        pages = [f.page for f in files.documentation_pages() if f.src_uri in self.html_pages and f.page is not None]
        theirs = pages[::2]
        static = [f for f in files if not f.is_documentation_page()]
        sys.stdout.flush()
        sys.stderr.flush()
        worker = os.fork()
        if worker == 0:  # the second process: its share, then it exits without running any later event
            os._exit(_write_share(theirs, static, config, files, self.nav, env))
        self.worker = worker
        for file in static:  # copied by the second process
            files.remove(file)
        for page in theirs:
            page.meta["template"] = _ELSEWHERE
        self.quiet = _NotSkipped({page.file.src_uri for page in theirs})
        logging.getLogger("mkdocs.commands.build").addFilter(self.quiet)
        env.loader = ChoiceLoader([DictLoader({_ELSEWHERE: ""}), env.loader])
        return env

    @event_priority(100)
    def on_post_build(self, *, config: Any) -> None:
        if self.worker is None:
            return
        _, status = os.waitpid(self.worker, 0)
        self.worker = None
        logging.getLogger("mkdocs.commands.build").removeFilter(self.quiet)
        code = os.waitstatus_to_exitcode(status)
        if code == 2 and not config.strict:
            return
        if code != 0:
            raise PluginError(f"the second build process failed (exit {code}); see its messages above")

    def on_build_error(self, *, error: Exception) -> None:
        if self.worker is not None:
            os.waitpid(self.worker, 0)
            self.worker = None

    def on_page_markdown(self, markdown: str, page: Any, **kwargs: Any) -> str:
        body = html_body(markdown)
        if body is not None:
            page.render = partial(_render_html, page, body)  # this page only: Markdown is not run
            self.html_pages.add(page.file.src_uri)
            return markdown
        self.html_pages.discard(page.file.src_uri)  # (a page that was HTML and no longer is, in a preview)
        if START not in markdown or _TOKEN in markdown:  # the markers are HTML comments: Markdown keeps them
            return markdown
        blocks: list[str] = []

        def set_aside(match: re.Match[str]) -> str:
            blocks.append(match.group(1))
            return f"{_TOKEN}{len(blocks) - 1}x"

        self.blocks[page.file.src_uri] = blocks
        return _BLOCK.sub(set_aside, markdown)

    def on_page_content(self, html: str, page: Any, **kwargs: Any) -> str:
        blocks = self.blocks.pop(page.file.src_uri, None)
        if not blocks:
            return html
        return _PLACED.sub(lambda match: blocks[int(match.group(1))], html)

    @event_priority(100)  # before the search plugin indexes the page: hand it the reduced copy
    def _show_search_copy(self, context: Any, page: Any, **kwargs: Any) -> Any:
        if page.file.src_uri in self.html_pages:
            html = _page_html(page)
            self.full_content[page.file.src_uri] = html
            page.content = searchable(html)
        return context

    @event_priority(-100)  # after it: the page is written whole
    def _restore_content(self, context: Any, page: Any, **kwargs: Any) -> Any:
        full = self.full_content.pop(page.file.src_uri, None)
        if full is not None:
            page.content = full
        return context

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        if page.file.src_uri in self.html_pages:
            page.content = ""  # written: its text is not kept
        return output

    on_page_context = CombinedEvent(_show_search_copy, _restore_content)


def _write_share(pages: list[Any], static: list[Any], config: Any, files: Any, nav: Any, env: Any) -> int:
    """In the forked process: copy the static files and write `pages`. 0 done, 2 done with warnings, 1 failed."""
    counter = _Counter()
    logging.getLogger("mkdocs").addHandler(counter)
    try:
        for file in static:
            file.copy_file()
        doc_files = files.documentation_pages()
        for page in pages:
            _build_page(page, config, doc_files, nav, env)
    except BaseException:
        traceback.print_exc()
        return 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return 2 if counter.count else 0

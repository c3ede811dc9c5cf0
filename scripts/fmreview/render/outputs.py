"""What renderers return, and the one place that turns it into bytes.

A renderer yields `Page`s (a template, its context and the output path) and plain files (path, text or bytes).
Every page gets `root`, the relative way back to the site's root, from its own path here, so no renderer
computes it. `PageMemo` keeps each page's text with the inputs it was rendered from: rendering the same page
from equal inputs again (most pages, when `review serve` regenerates after one entry changed) is a lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field, is_dataclass
from typing import Any

from jinja2 import Environment, Template, TemplateError
from markupsafe import Markup


class DocsError(Exception):
    """A hand-written page in docs/ fails to render (an unknown variable, a filter misused)."""


@dataclass(frozen=True)
class Page:
    """A Markdown page: `template` names a file of templates/, or `source` holds the template text itself
    (a hand-written page of docs/)."""
    path: str
    template: str = ""
    context: Mapping[str, Any] = field(default_factory=dict)
    source: str | None = None


Output = Page | tuple[str, str | bytes]


def page_url(path: str) -> str:
    """The URL folder mkdocs gives a Markdown file ('papers/medsam.md' → 'papers/medsam/', 'index.md' → '')."""
    if path == "index.md" or path.endswith("/index.md"):
        return path.removesuffix("index.md")
    return path.removesuffix(".md") + "/"


def page_root(path: str) -> str:
    """Relative prefix from a page back to the site root ('papers/medsam.md' → '../../')."""
    return "../" * page_url(path).count("/")


def freeze(value: Any) -> Hashable:
    """A hashable, comparable stand-in for a template context: mappings and sequences become tuples; records
    (frozen dataclasses) compare by value as they are. Raises TypeError for what cannot be compared."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is tuple or kind is list:
        return tuple(freeze(item) for item in value)
    if kind is dict or isinstance(value, Mapping):
        return tuple((key, freeze(item)) for key, item in value.items())
    if kind is set or kind is frozenset:
        return frozenset(freeze(item) for item in value)
    if is_dataclass(value) or isinstance(value, Hashable):
        hash(value)  # records hash their fields (a paper caches its hash)
        return value
    raise TypeError(f"cannot compare a {kind.__name__}")


_PLAIN = frozenset({str, int, float, bool, type(None), Markup})


class PageMemo:
    """Pages by path, with the inputs they were rendered from. `epoch` stands for everything a template may read
    besides its context (the environment's globals: vocabularies, datasets, every paper's id and name): when it
    changes, everything is rendered again."""

    def __init__(self) -> None:
        self.epoch: Hashable = None
        self.pages: dict[str, tuple[Hashable, str]] = {}
        self.env: Environment | None = None  # the environment of that epoch, kept with its compiled templates
        self.hits = 0

    def begin(self, epoch: Hashable) -> bool:
        """Start a generation; False (and everything forgotten) when the epoch changed."""
        self.hits = 0
        if epoch == self.epoch:
            return True
        self.epoch, self.pages, self.env = epoch, {}, None
        return False

    def render(self, page: Page, draw: Callable[[], str]) -> str:
        try:
            inputs = (page.template, page.source, freeze(page.context))
        except TypeError:
            return draw()
        known = self.pages.get(page.path)
        if known and known[0] == inputs:
            self.hits += 1
            return known[1]
        text = draw()
        self.pages[page.path] = (inputs, text)
        return text


def render_output(env: Environment, output: Output, memo: PageMemo | None = None,
                  compiled: dict[str, Template] | None = None) -> tuple[str, str | bytes]:
    """(path, content) of one output: a page is rendered with its context plus `root`."""
    if not isinstance(output, Page):
        return output
    page = output

    def draw() -> str:
        if page.source is None:
            return env.get_template(page.template).render(**page.context, root=page_root(page.path))
        try:
            cache = compiled if compiled is not None else {}
            template = cache.get(page.source) or cache.setdefault(page.source, env.from_string(page.source))
            return template.render(**page.context, root=page_root(page.path))
        except TemplateError as error:
            line = getattr(error, "lineno", None) or 1
            raise DocsError(f"docs/{page.path}:{line}: error: template: {error}") from None

    return page.path, memo.render(page, draw) if memo else draw()


def render_all(env: Environment, outputs: Iterable[Output], memo: PageMemo | None = None,
               ) -> Iterable[tuple[str, str | bytes]]:
    compiled: dict[str, Template] = {}
    for output in outputs:
        yield render_output(env, output, memo, compiled)

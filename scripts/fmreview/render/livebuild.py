"""mkdocs for the live preview: one full build, then only the pages whose files changed.

mkdocs' own dirty build still walks every file, builds the navigation, checks every page's age and writes the
sitemap again: seconds at a few thousand pages, for one edited entry. The preview keeps what the last full build
left in memory instead (the configuration with its plugins, the files, the navigation, the theme's environment)
and runs mkdocs' own two steps, read-and-render and write-through-the-theme, on the changed pages alone; a changed
asset is copied. A change that adds or removes a file takes a full (dirty) build again. The search index and the
sitemap are those of the last full build (`review build` always writes whole ones).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.commands.build import _build_page, _populate_page, build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import InclusionLevel


class _Keep(BasePlugin):
    """Added last to a build's plugins: keeps the navigation, the files and the environment it ends with."""

    def __init__(self) -> None:
        self.nav: Any = None
        self.files: Any = None
        self.env: Any = None

    @event_priority(-200)
    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Any) -> Any:
        self.nav = nav
        return nav

    @event_priority(-200)
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Any) -> Any:
        self.env, self.files = env, files
        return env


class LiveBuilder:
    def __init__(self, load_config: Callable[[], MkDocsConfig], serve_url: str) -> None:
        self.load_config, self.serve_url = load_config, serve_url
        self.config: MkDocsConfig | None = None
        self.kept: _Keep | None = None

    def full(self, dirty: bool = False) -> None:
        """A whole mkdocs build (dirty: pages whose files are older than their output are not written again)."""
        config, kept = self.load_config(), _Keep()
        config.plugins["fmreview-live"] = kept
        self.config = self.kept = None
        build(config, serve_url=self.serve_url, dirty=dirty)
        self.config, self.kept = config, kept

    def update(self, changed: list[str]) -> None:
        """Bring the site up to date with the docs files `changed` (paths relative to docs_dir)."""
        if changed and not self.pages(changed):
            self.full(dirty=True)

    def pages(self, changed: list[str]) -> bool:
        """Rebuild the pages and copy the assets among `changed`; False (nothing done) when that takes a full
        build: a file was added or removed, or there was no full build yet."""
        config, kept = self.config, self.kept
        if config is None or kept is None or kept.files is None:
            return False
        files = [kept.files.get_file_from_path(relative) for relative in changed]
        if any(f is None or not Path(f.abs_src_path or "").is_file() for f in files):
            return False
        doc_files = kept.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for file in files:
            if file.is_documentation_page():
                _populate_page(file.page, config, kept.files)
                _build_page(file.page, config, doc_files, kept.nav, kept.env)
            else:
                file.copy_file()
        return True

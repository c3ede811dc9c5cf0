"""Pass 1: every source the site is made from, loaded and checked into one `Site`. Pass 2 (the renderers) reads
only this object, never a file.

A Site holds the corpus (entries, vocabularies, datasets, base models, licences), the site configuration from
mkdocs.yml, the triage file, the hand-written pages of docs/ (Markdown as template text whose syntax is checked
here, so a `{{` typo is reported as docs/x.md:line beside the entries' problems), CITATION.cff, the contributing
guide and the build's date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml
from jinja2 import Environment, TemplateSyntaxError
from markupsafe import Markup

from ..check.reference import contributing_guide
from ..config import Paths
from ..model import Corpus, Problem
from .citation import Citation, load_citation
from .corpus import EntryCache, load_corpus
from .triage import Screened, load_triage

DEFAULT_SITE_URL = "http://127.0.0.1:8000/"


@dataclass(frozen=True)
class SiteConfig:
    """From mkdocs.yml: `extra` (site facts such as the last literature search), `site_url` (the feed's links
    are absolute) and `repo_url` (the header and every issue-form link)."""
    extra: Mapping[str, Any]
    site_url: str
    repo_url: str


@dataclass(frozen=True)
class DocsFile:
    """A hand-written file of docs/: Markdown pages are Jinja templates (text), anything else is copied (data)."""
    relative: str
    text: str | None = None
    data: bytes | None = None


@dataclass(frozen=True)
class Site:
    corpus: Corpus
    config: SiteConfig
    today: date
    triage: tuple[Screened, ...] = ()
    docs: tuple[DocsFile, ...] = ()
    citation: Citation | None = None
    contributing: Markup = field(default_factory=lambda: Markup(""))


def load_config(paths: Paths) -> SiteConfig:
    config = yaml.safe_load(paths.mkdocs_yml.read_text(encoding="utf-8")) or {}
    return SiteConfig(extra=dict(config.get("extra") or {}), site_url=str(config.get("site_url") or DEFAULT_SITE_URL),
                      repo_url=str(config.get("repo_url") or "").rstrip("/"))


def load_docs(paths: Paths) -> tuple[tuple[DocsFile, ...], list[Problem]]:
    """docs/ as it is, with every Markdown page's template syntax checked (a parse, not a render)."""
    files: list[DocsFile] = []
    problems: list[Problem] = []
    parser = Environment()
    for path in sorted(paths.docs.rglob("*")) if paths.docs.is_dir() else []:
        if not path.is_file():
            continue
        relative = path.relative_to(paths.docs).as_posix()
        if path.suffix != ".md":
            files.append(DocsFile(relative, data=path.read_bytes()))
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            parser.parse(text)
        except TemplateSyntaxError as error:
            problems.append(Problem(f"docs/{relative}", error.lineno or 1, 1, "", f"template: {error.message}"))
            continue
        files.append(DocsFile(relative, text=text))
    return tuple(files), problems


def load_site(paths: Paths, *, today: date, cache: EntryCache | None = None) -> tuple[Site, list[Problem]]:
    """Everything pass 2 needs, and every problem found on the way (the caller stops on any error)."""
    corpus, problems = load_corpus(paths, today=today, cache=cache)
    triage, found = load_triage(paths)
    docs, broken = load_docs(paths)
    site = Site(corpus=corpus, config=load_config(paths), today=today, triage=tuple(triage), docs=docs,
                citation=load_citation(paths.root), contributing=contributing_guide(paths, corpus.vocabularies))
    return site, sorted({*problems, *found, *broken}, key=lambda p: (p.path, p.line, p.col, p.message))


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


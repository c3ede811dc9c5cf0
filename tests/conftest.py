"""Shared fixtures: the repository, and throw-away copies of it with a chosen set of entries."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from fmreview.config import Paths
from fmreview.load import load_corpus
from fmreview.model import Corpus

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
TODAY = date(2026, 11, 28)  # builds in tests are pinned to one day so outputs are comparable


def make_repo(target: Path, entries: Path | list[Path]) -> Paths:
    """A minimal checkout in `target`: the real mkdocs.yml, CONTRIBUTING.md and CITATION.cff (the Contributing
    and Cite pages show them), data/, docs/ and the given entry files."""
    for name in ("mkdocs.yml", "CONTRIBUTING.md", "CITATION.cff"):
        shutil.copy(ROOT / name, target / name)
    for folder in ("data", "docs"):
        shutil.copytree(ROOT / folder, target / folder)
    (target / "scripts" / "fmreview").mkdir(parents=True)
    shutil.copytree(ROOT / "scripts" / "fmreview" / "theme", target / "scripts" / "fmreview" / "theme")
    (target / "entries").mkdir()
    files = sorted(entries.glob("*.yaml")) if isinstance(entries, Path) else entries
    for file in files:
        shutil.copy(file, target / "entries" / file.name)
    return Paths(target)


@pytest.fixture
def repo_paths() -> Paths:
    return Paths(ROOT)


@pytest.fixture
def fixture_repo(tmp_path: Path) -> Paths:
    """A checkout holding the small fixture corpus (tests/fixtures/corpus)."""
    return make_repo(tmp_path, FIXTURES / "corpus")


@pytest.fixture(scope="session")
def built_fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """The fixture corpus built once per session with the real `mkdocs build --strict`."""
    from fmreview.build import build_site

    paths = make_repo(tmp_path_factory.mktemp("site"), FIXTURES / "corpus")
    assert build_site(paths, today=TODAY) == 0
    return paths


@pytest.fixture(scope="session")
def corpus(built_fixture_site: Paths) -> Corpus:
    """The fixture corpus as records, loaded from the built fixture site's checkout."""
    loaded, _ = load_corpus(built_fixture_site, today=TODAY)
    return loaded


@pytest.fixture(scope="session", params=["entries", "synthetic"])
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Paths, dict]:
    """Every generated file (path → bytes, no mkdocs) for a copy of the real entries/ and for 400 synthetic
    entries, with the checkout they came from (tests recompute the expected numbers from its YAML)."""
    from fmreview.build import generate
    from fmreview.load import load_corpus
    from fmreview.synthetic import write_synthetic_repo

    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "entries":
        paths = make_repo(folder, ROOT / "entries")
    else:
        paths = write_synthetic_repo(Paths(ROOT), folder, 400, seed=7)
    corpus, problems = load_corpus(paths, today=TODAY)
    assert not [p for p in problems if p.severity == "error"], problems[:3]
    return paths, generate(paths, corpus, TODAY).files


# Browser tests (tests/test_browser_*.py): a real Chromium driven by Playwright, on the fixture site served on
# 127.0.0.1. Never skipped: without a browser they fail saying what to install.

@pytest.fixture(scope="session")
def chromium_path() -> str:
    """The system Chromium ($CHROMIUM or the PATH); installed with apt-get when missing and running as root."""
    from fmreview.browser import BrowserMissing, ensure_chromium

    try:
        return ensure_chromium()
    except BrowserMissing as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    """One headless Chromium for the session."""
    from playwright.sync_api import sync_playwright

    from fmreview.browser import LAUNCH_ARGS

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, args=LAUNCH_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def site_url(built_fixture_site: Paths):
    """The built fixture site, served over HTTP on 127.0.0.1; the base URL ends in '/'."""
    from fmreview.browser import serve_folder

    with serve_folder(built_fixture_site.build_site) as base:
        yield base


class PageWatch:
    """What a page did that a test must not let pass: console errors, uncaught exceptions, dialogs (a hostile
    entry's script running) and requests to any host but 127.0.0.1 (which are blocked, not sent)."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.external: list[str] = []

    def problems(self) -> list[str]:
        return ([f"console error: {e}" for e in self.errors] + [f"dialog opened: {d}" for d in self.dialogs]
                + [f"request left 127.0.0.1: {u}" for u in self.external])


@pytest.fixture
def watch() -> PageWatch:
    return PageWatch()


@pytest.fixture
def page(browser, watch: PageWatch):
    """A fresh browser context and page, watched (see PageWatch); the test fails if anything was seen."""
    from urllib.parse import urlsplit

    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)

    def guard(route) -> None:
        url = route.request.url
        if urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            watch.external.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and watch.errors.append(message.text))
    page.on("pageerror", lambda error: watch.errors.append(str(error)))

    def dismiss(dialog) -> None:
        watch.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", dismiss)
    yield page
    context.close()
    assert not watch.problems(), "\n".join(watch.problems())

"""Shared fixtures: throw-away checkouts with a chosen set of entries, built on frozen test data.

Code tests never read the real vocabularies, dataset registry or mkdocs.yml: they use the frozen copies under
tests/fixtures/ (data/, mkdocs.yml), so that a content pull request (a new paper, dataset or term) never breaks
a code test. The real corpus has one module of its own, test_corpus.py."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from fmreview.config import Paths
from fmreview.load.corpus import load_corpus
from fmreview.load.site import DEFAULT_SITE_URL, Site, SiteConfig
from fmreview.model import Corpus

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
TODAY = date(2026, 11, 28)  # builds in tests are pinned to one day so outputs are comparable
FROZEN = FIXTURES / "data"  # frozen vocabularies, datasets, base models and licences
FROZEN_FILES = ("vocab", "datasets", "base-models", "licenses.yaml")


def make_repo(target: Path, entries: Path | list[Path], real_data: bool = False) -> Paths:
    """A minimal checkout in `target`: the frozen test data (or, with `real_data`, the real data/ and mkdocs.yml),
    the code's own files (schemas, docs/, theme, CONTRIBUTING.md and CITATION.cff, which the Contributing and
    Cite pages show) and the given entry files."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("CONTRIBUTING.md", "CITATION.cff"):
        shutil.copy(ROOT / name, target / name)
    shutil.copy(ROOT / "mkdocs.yml" if real_data else FIXTURES / "mkdocs.yml", target / "mkdocs.yml")
    for folder in ("data", "docs"):
        shutil.copytree(ROOT / folder, target / folder)
    if not real_data:
        for name in FROZEN_FILES:
            real = target / "data" / name
            shutil.rmtree(real) if real.is_dir() else real.unlink(missing_ok=True)
            copy = shutil.copytree if (FROZEN / name).is_dir() else shutil.copy
            copy(FROZEN / name, real)
    (target / "scripts" / "fmreview").mkdir(parents=True)
    shutil.copytree(ROOT / "scripts" / "fmreview" / "theme", target / "scripts" / "fmreview" / "theme")
    (target / "entries").mkdir()
    files = sorted(entries.glob("*.yaml")) if isinstance(entries, Path) else entries
    for file in files:
        shutil.copy(file, target / "entries" / file.name)
    return Paths(target)


# Under `pytest -n 2` (make check) tests sharing an expensive session fixture run on one worker, so that it is
# built once, not once per worker.
SHARED_FIXTURES = ("built_fixture_site", "generated")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        shared = [name for name in SHARED_FIXTURES if name in getattr(item, "fixturenames", ())]
        if shared:
            item.add_marker(pytest.mark.xdist_group(shared[0]))


def site_for(corpus: Corpus, today: date = TODAY) -> Site:
    """A Site holding only a corpus, for renderers that read nothing else (the citation files, the charts)."""
    return Site(corpus=corpus, config=SiteConfig({}, DEFAULT_SITE_URL, ""), today=today)


@pytest.fixture(scope="session")
def repo_paths(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """A frozen checkout standing for "the review" in code tests: the fixture corpus as entries/, and
    tests/fixtures/ at the same relative path, so that problems name files as they do in the repository."""
    paths = make_repo(tmp_path_factory.mktemp("review"), FIXTURES / "corpus")
    shutil.copytree(FIXTURES, paths.root / "tests" / "fixtures")
    return paths


@pytest.fixture
def fixture_repo(tmp_path: Path) -> Paths:
    """A checkout holding the small fixture corpus (tests/fixtures/corpus)."""
    return make_repo(tmp_path, FIXTURES / "corpus")


@pytest.fixture(scope="session")
def built_fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """The fixture corpus built once per session with the real `mkdocs build --strict`."""
    from fmreview.commands.build import build_site

    paths = make_repo(tmp_path_factory.mktemp("site"), FIXTURES / "corpus")
    assert build_site(paths, today=TODAY) == 0
    return paths


@pytest.fixture(scope="session")
def corpus(built_fixture_site: Paths) -> Corpus:
    """The fixture corpus as records, loaded from the built fixture site's checkout."""
    loaded, _ = load_corpus(built_fixture_site, today=TODAY)
    return loaded


@pytest.fixture(scope="session", params=["entries", pytest.param("synthetic", marks=pytest.mark.slow)])
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Paths, dict]:
    """Every generated file (path → bytes, no mkdocs) for the fixture corpus and for 250 synthetic entries on
    the frozen data, with the checkout they came from (tests recompute the expected numbers from its YAML)."""
    from fmreview.commands.build import generate
    from fmreview.devtools.synthetic import write_synthetic_repo
    from fmreview.load.site import load_site

    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "entries":
        paths = make_repo(folder, FIXTURES / "corpus")
    else:
        paths = write_synthetic_repo(make_repo(folder / "source", []), folder / "synthetic", 250, seed=7)
    site, problems = load_site(paths, today=TODAY)
    assert not [p for p in problems if p.severity == "error"], problems[:3]
    return paths, generate(site).files


# Browser tests (tests/test_browser_*.py): a real Chromium driven by Playwright, on the fixture site served on
# 127.0.0.1. Never skipped: without a browser they fail saying what to install.

@pytest.fixture(scope="session")
def chromium_path() -> str:
    """The system Chromium ($CHROMIUM or the PATH); installed with apt-get when missing and running as root."""
    from fmreview.devtools.browser import BrowserMissing, ensure_chromium

    try:
        return ensure_chromium()
    except BrowserMissing as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    """One headless Chromium for the session."""
    from playwright.sync_api import sync_playwright

    from fmreview.devtools.browser import LAUNCH_ARGS

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, args=LAUNCH_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def site_url(built_fixture_site: Paths):
    """The built fixture site, served over HTTP on 127.0.0.1; the base URL ends in '/'."""
    from fmreview.devtools.browser import serve_folder

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


# The `review` command in process: as a contributor runs it, without a process per call.

TODAY_EPOCH = str(int(datetime.combine(TODAY, time(12), tzinfo=UTC).timestamp()))


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


def run_review(args: list[str], cwd: Path = ROOT, stdin: str | bytes | None = None) -> Ran:
    """`review ARGS` run in this process from `cwd`, with today pinned through SOURCE_DATE_EPOCH (a test that
    passes --today overrides it). Output is captured; usage errors exit through argparse as they do for real."""
    from fmreview import cli

    out, err = io.StringIO(), io.StringIO()
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin or b""
    saved_stdin, saved_epoch = sys.stdin, os.environ.get("SOURCE_DATE_EPOCH")
    sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    os.environ["SOURCE_DATE_EPOCH"] = TODAY_EPOCH
    try:
        with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(args)
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else 2
    finally:
        sys.stdin = saved_stdin
        if saved_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved_epoch
    return Ran(code, out.getvalue(), err.getvalue())

"""The contract between `validate` and `build`, as a property over mutated real entries (tests/fuzz.py):
for every mutant, either `review validate` reports it (exit 1, every line `path:line:col: severity: ...`, no
raw control character, no traceback), or a build of a small corpus holding it succeeds and every output is
well-formed: feed.xml parses as XML and with feedparser (bozo 0), every page's front matter is read as front
matter (mkdocs' own reader), every .bib parses strictly with bibtexparser and pybtex and holds its entries,
every CSV and JSON parses and no CSV cell runs as a formula.

Accepted mutants are built in batches without mkdocs (`review build --no-mkdocs`); a batch that fails is split
until the failing mutant is found. A batch of accepted mutants is also built with the real `mkdocs build
--strict`. The normal suite runs a few hundred cases; `pytest -m slow tests/test_fuzz.py` runs thousands.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser
import feedparser
import pybtex.errors
import pytest
import yaml
from mkdocs.utils.meta import get_data
from pybtex.database.input.bibtex import Parser as PybtexParser

from conftest import FIXTURES, TODAY, make_repo, run_review
from fmreview.check.textrules import escape
from fmreview.commands.build import build_site
from fmreview.config import Paths
from fmreview.devtools.fuzz import mutants
from fmreview.render.exports import FORMULA_STARTS

BASES = (FIXTURES / "corpus", FIXTURES / "entries" / "valid")  # valid with the frozen test data
BATCH = 50  # mutants validated together
BUILD_BATCH = 150  # accepted mutants built together (the charts make a build cost seconds)


@dataclass
class Tally:
    cases: int = 0
    rejected: int = 0
    built: int = 0
    failures: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"fuzz: {self.cases} cases, {self.rejected} rejected by validate, {self.built} accepted and built, "
                f"{len(self.failures)} failures")


def load_bases() -> list[dict]:
    files = [path for folder in BASES for path in sorted(folder.glob("*.yaml"))]
    bases = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in files]
    assert len(bases) >= 3, "the fuzzer needs real entries to mutate"
    return bases


def validate(paths: Paths, target: Path) -> tuple[int, str, str]:
    """`review validate TARGET` in-process: (exit code, stdout, stderr)."""
    ran = run_review(["validate", str(target.relative_to(paths.root))], cwd=paths.root)
    return ran.returncode, ran.stdout, ran.stderr


LINE = re.compile(r"^candidates/(?P<name>[^:]+)\.yaml:[1-9][0-9]*:[1-9][0-9]*: (?P<severity>error|warning): ")


def validate_chunk(paths: Paths, chunk: dict[str, str], tally: Tally) -> dict[str, str]:
    """Validate a chunk of mutants with one `review validate candidates/`; return the accepted ones. Each
    refused mutant must have an error line `path:line:col: error: ...`; every line must be in that form and
    free of raw control characters; the exit code is 1 exactly when a mutant is refused. A run that fails
    otherwise (an internal error) is repeated file by file to name the culprit."""
    folder = paths.root / "candidates"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for name, text in chunk.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8", newline="")
    code, out, err = validate(paths, folder)
    refused: set[str] = set()
    problems: list[str] = []
    for line in out.splitlines():
        match = LINE.match(line)
        if not match or match["name"] not in chunk:
            problems.append(f"line not in the form path:line:col: {line[:200]!r}")
        elif match["severity"] == "error":
            refused.add(match["name"])
        if escape(line) != line:
            problems.append(f"raw control character in {line[:200]!r}")
    if code != (1 if refused else 0) or "Traceback" in err + out:
        problems.append(f"exit {code} with {len(refused)} refused: {err.strip()[-300:]}")
    if problems and len(chunk) > 1:
        items = list(chunk.items())
        return {**validate_chunk(paths, dict(items[: len(items) // 2]), tally),
                **validate_chunk(paths, dict(items[len(items) // 2:]), tally)}
    tally.cases += len(chunk)
    tally.rejected += len(refused)
    tally.failures += [f"{name}: {p}\n    {text[:3000]!r}" for name, text in chunk.items() for p in problems]
    return {name: text for name, text in chunk.items() if name not in refused and not problems}


def check_outputs(docs: Path, ids: list[str]) -> list[str]:
    """Every generated file of build/docs is well-formed; [] when all are."""
    problems: list[str] = []
    pybtex.errors.set_strict_mode(True)
    for path in sorted(docs.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(docs).as_posix()
        text = path.read_text(encoding="utf-8") if path.suffix != ".png" else ""
        try:
            if path.suffix == ".md" and text.startswith("---"):
                _, meta = get_data(text)
                if not isinstance(meta.get("title"), str):
                    problems.append(f"{relative}: front matter not read as front matter")
            elif path.suffix == ".bib":
                library = bibtexparser.parse_string(text)
                if library.failed_blocks:
                    problems.append(f"{relative}: bibtexparser failed on {len(library.failed_blocks)} block(s)")
                keys = [entry.key for entry in library.entries]
                if relative.startswith("papers/") and keys != [path.stem]:
                    problems.append(f"{relative}: entries {keys}, expected [{path.stem}]")
                parsed = PybtexParser().parse_string(text)  # the class itself: no plugin lookup per file
                if sorted(parsed.entries.keys()) != sorted(keys):
                    problems.append(f"{relative}: pybtex and bibtexparser disagree on the entries")
            elif path.suffix == ".csv":
                rows = list(csv.reader(io.StringIO(text, newline="")))
                if any(len(row) != len(rows[0]) for row in rows):
                    problems.append(f"{relative}: rows of unequal length")
                if any(cell.startswith(FORMULA_STARTS) for row in rows for cell in row):
                    problems.append(f"{relative}: a cell would run as a spreadsheet formula")
            elif path.suffix == ".json":
                json.loads(text)
            elif path.suffix in (".xml", ".svg"):
                ET.fromstring(text.encode("utf-8"))
        except Exception as error:  # any parser's complaint is a malformed output
            problems.append(f"{relative}: {type(error).__name__}: {str(error)[:200]}")
    feed = feedparser.parse((docs / "feed.xml").read_bytes())
    if feed.bozo:
        problems.append(f"feed.xml: feedparser: {feed.bozo_exception}")
    all_bib = bibtexparser.parse_string((docs / "all.bib").read_text(encoding="utf-8"))
    missing = set(ids) - {entry.key for entry in all_bib.entries}
    if missing:
        problems.append(f"all.bib lacks {sorted(missing)[:5]}")
    for paper_id in ids:
        if not (docs / "papers" / f"{paper_id}.md").is_file():
            problems.append(f"no page for {paper_id}")
    return problems


def build_batch(paths: Paths, batch: dict[str, str], tally: Tally, mkdocs: bool = False) -> None:
    """Build the base corpus plus `batch` (name → text); on failure split it until the culprit is alone."""
    for old in paths.entries.glob("fz-*.yaml"):
        old.unlink()
    for name, text in batch.items():
        (paths.entries / f"{name}.yaml").write_text(text, encoding="utf-8")
    with contextlib.redirect_stderr(io.StringIO()) as err:
        code = build_site(paths, run_mkdocs_too=mkdocs, today=TODAY)
    problems = [f"build exit {code}: {err.getvalue()[-500:]}"] if code else check_outputs(paths.build_docs, list(batch))
    if not problems:
        tally.built += 0 if mkdocs else len(batch)
        return
    if len(batch) == 1 or mkdocs:
        shown = "; ".join(problems[:3])
        tally.failures += [f"{name}: {shown}\n    {text[:3000]!r}" for name, text in list(batch.items())[:1]]
        return
    items = list(batch.items())
    for half in (dict(items[: len(items) // 2]), dict(items[len(items) // 2:])):
        build_batch(paths, half, tally)


def trim_datasets(paths: Paths, bases: list[dict]) -> None:
    """Keep only the registry's datasets that the corpus and the bases use: validation reads every dataset
    file on each run, and the fuzzer validates hundreds of times."""
    used = {"mimic-cxr"}
    for data in [*bases, *(yaml.safe_load(p.read_text()) for p in paths.entries.glob("*.yaml"))]:
        for ids in (data.get("datasets") or {}).values():
            used.update(ids or [])
    for path in paths.datasets.glob("*.yaml"):
        if path.stem not in used:
            path.unlink()


def run_property(root: Path, count: int, seed: int, mkdocs_batch: int = 0) -> Tally:
    paths = make_repo(root, FIXTURES / "corpus")
    trim_datasets(paths, load_bases())
    tally = Tally()
    accepted: dict[str, str] = {}
    first_accepted: dict[str, str] = {}
    generated = list(mutants(load_bases(), count, seed))
    for start in range(0, len(generated), BATCH):
        chunk = dict(generated[start: start + BATCH])
        fine = validate_chunk(paths, chunk, tally)
        accepted.update(fine)
        first_accepted.update(dict(list(fine.items())[: mkdocs_batch - len(first_accepted)]))
        if len(accepted) >= BUILD_BATCH:
            build_batch(paths, accepted, tally)
            accepted = {}
    if accepted:
        build_batch(paths, accepted, tally)
    if mkdocs_batch:  # the real mkdocs build --strict, on a batch of accepted mutants together
        build_batch(paths, first_accepted, tally, mkdocs=True)
        if not tally.failures:
            site = paths.build_site
            ET.fromstring((site / "feed.xml").read_bytes())
            for name in first_accepted:
                page = (site / "papers" / name / "index.html").read_text(encoding="utf-8")
                assert "hide:" not in page and "description:" not in page, f"{name}: front matter shown as text"
    return tally


def report(tally: Tally) -> None:
    print(tally.line())
    assert tally.rejected + tally.built == tally.cases or tally.failures
    assert not tally.failures, tally.line() + "\n" + "\n".join(tally.failures[:10])


def test_validate_is_the_contract_of_build(tmp_path: Path) -> None:
    """Thirty mutants in the quick tier, built without mkdocs (the slow tier runs thousands)."""
    tally = run_property(tmp_path, count=30, seed=2026)
    report(tally)
    assert tally.rejected > 5 and tally.built > 5, tally.line()  # both sides of the property are exercised


@pytest.mark.slow
def test_accepted_mutants_pass_the_real_mkdocs_build(tmp_path: Path) -> None:
    """A batch of accepted mutants built together with the real `mkdocs build --strict`."""
    tally = run_property(tmp_path, count=100, seed=7, mkdocs_batch=25)
    report(tally)


@pytest.mark.slow
def test_validate_is_the_contract_of_build_on_thousands(tmp_path: Path) -> None:
    """Thousands of mutants (FMREVIEW_FUZZ_CASES sets how many; `make fuzz`)."""
    tally = run_property(tmp_path, count=int(os.environ.get("FMREVIEW_FUZZ_CASES", "2000")), seed=11)
    report(tally)


def test_the_mutator_is_deterministic() -> None:
    first = list(mutants(load_bases(), 30, seed=5))
    assert first == list(mutants(load_bases(), 30, seed=5))
    assert first != list(mutants(load_bases(), 30, seed=6))

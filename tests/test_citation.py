"""Citing the review: CITATION.cff is valid per cffconvert, agrees with the package version and the changelog,
and the Cite page shows the same metadata as BibTeX."""

from __future__ import annotations

import html
import re
import subprocess
import tomllib
from pathlib import Path

import bibtexparser
import yaml

from conftest import ROOT
from fmreview.citation import load_citation
from fmreview.config import Paths

CFFCONVERT = ROOT / ".venv" / "cffconvert" / "bin" / "cffconvert"


def cffconvert_validate(path: Path) -> subprocess.CompletedProcess[str]:
    assert CFFCONVERT.is_file(), "cffconvert lives in .venv/cffconvert: run `make test` (it installs it)"
    return subprocess.run([str(CFFCONVERT), "--validate", "-i", str(path)], capture_output=True, text=True,
                          timeout=120)


def test_citation_cff_is_valid_per_cffconvert() -> None:
    result = cffconvert_validate(ROOT / "CITATION.cff")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid according to schema version 1.2.0" in result.stdout + result.stderr


def test_cffconvert_rejects_a_broken_citation(tmp_path: Path) -> None:
    broken = tmp_path / "CITATION.cff"
    broken.write_text(re.sub(r"authors:\n  - name: .*\n", "", (ROOT / "CITATION.cff").read_text()))
    assert cffconvert_validate(broken).returncode != 0


def test_version_agrees_in_citation_pyproject_and_changelog() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    package = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    released = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", (ROOT / "CHANGELOG.md").read_text(), re.M)
    assert released, "CHANGELOG.md needs a '## [X.Y.Z] - YYYY-MM-DD' section per release"
    assert (str(cff["version"]), str(cff["date-released"])) == released[0]
    assert cff["version"] == package
    assert "## [Unreleased]" in (ROOT / "CHANGELOG.md").read_text()
    assert "git tag -a vX.Y.Z" in (ROOT / "RELEASING.md").read_text()


def test_cite_page_shows_the_citation_as_bibtex(built_fixture_site: Paths) -> None:
    page = (built_fixture_site.build_site / "cite" / "index.html").read_text(encoding="utf-8")
    citation = load_citation(ROOT)
    assert citation is not None
    blocks = [html.unescape(re.sub(r"<[^>]+>", "", pre)) for pre in re.findall(r"<pre.*?</pre>", page, re.S)]
    shown = [text for text in blocks if text.startswith("@misc{fm_medical_imaging_living_review,")]
    assert len(shown) == 1, "the Cite page shows the review's BibTeX once"
    entry = bibtexparser.parse_string(shown[0]).entries[0]
    assert entry.fields_dict["version"].value == citation.version
    assert entry.fields_dict["title"].value == "{" + citation.title + "}"
    assert f"version {citation.version}" in page

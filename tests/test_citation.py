"""Citing the review: CITATION.cff is valid against the Citation File Format 1.2.0 schema (the schema cffconvert
validates with, as vendored by check-jsonschema), agrees with the package version and the changelog,
and the Cite page shows the same metadata as BibTeX."""

from __future__ import annotations

import html
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import bibtexparser
import yaml

from conftest import ROOT
from fmreview.config import Paths
from fmreview.load.citation import load_citation

CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")


def validate_cff(path: Path) -> subprocess.CompletedProcess[str]:
    command = [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.citation-file-format", str(path)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_citation_cff_is_valid_against_the_cff_schema() -> None:
    result = validate_cff(ROOT / "CITATION.cff")
    assert result.returncode == 0, result.stdout + result.stderr
    assert yaml.safe_load((ROOT / "CITATION.cff").read_text())["cff-version"] == "1.2.0"


def cff_errors(text: str) -> list[str]:
    """The same schema check in process (check-jsonschema's vendored CFF schema, formats checked as it does)."""
    import json
    from importlib.resources import files

    import jsonschema

    schema = json.loads(files("check_jsonschema").joinpath("builtin_schemas/vendor/citation-file-format.json")
                        .read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)
    checker = validator(schema, format_checker=validator.FORMAT_CHECKER)
    return [error.message for error in checker.iter_errors(yaml.load(text, Loader=yaml.BaseLoader))]


def test_a_broken_citation_is_rejected(tmp_path: Path) -> None:
    text = (ROOT / "CITATION.cff").read_text()
    assert cff_errors(text) == []
    for broken_text in (re.sub(r"authors:\n  - name: .*\n", "", text),  # a required field gone
                        text.replace("cff-version: 1.2.0", "cff-version: 9"),  # an unknown format version
                        re.sub(r"date-released: .*", "date-released: yesterday", text)):  # a malformed date
        assert broken_text != text
        assert cff_errors(broken_text), broken_text
    broken = tmp_path / "CITATION.cff"
    broken.write_text(broken_text)
    assert validate_cff(broken).returncode != 0


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

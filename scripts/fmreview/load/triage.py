"""data/triage.yaml: every paper a maintainer screened, included or not, so that discovery never proposes it again
and the classifier learns from the exclusions.

The file is a YAML list of mappings:

    - title: A paper's title            # required
      arxiv: "2401.01234"               # arxiv and/or doi (optional)
      doi: 10.1000/xyz
      decision: excluded                # included | excluded
      reason: single-task               # for excluded: one of EXCLUSION_REASONS
      screened: 2026-11-28              # YYYY-MM-DD
      entry: medsam                     # optional: the entry id when included
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..check.context import source_name
from ..check.suggest import closest
from ..config import Paths
from ..model import Problem
from .yamlfile import YamlDocument, read_yaml

TRIAGE_FILE = "triage.yaml"
MAX_TRIAGE_BYTES = 64 * 1024 * 1024  # tens of thousands of screened papers; the entry cap does not apply
DECISIONS = ("included", "excluded")
EXCLUSION_REASONS = ("not-foundation-model", "not-medical-imaging", "single-task", "survey-or-benchmark",
                     "duplicate", "no-public-paper", "text-only", "unverifiable")
_FIELDS = {"title", "arxiv", "doi", "decision", "reason", "screened", "entry"}
_ARXIV = re.compile(r"\d{4}\.\d{4,5}")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_ENTRY = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@dataclass(frozen=True)
class Screened:
    """One screened paper."""

    title: str
    decision: str
    reason: str
    screened: date
    arxiv: str | None = None
    doi: str | None = None
    entry: str | None = None
    line: int = 1


def path_for_triage(paths: Paths) -> Path:
    return paths.data / TRIAGE_FILE


def _check_item(item: Any, index: int, doc: YamlDocument, name: str) -> tuple[Screened | None, list[Problem]]:
    line, col = doc.where(index)
    if not isinstance(item, dict):
        return None, [Problem(name, line, col, f"[{index}]", "each item must be a mapping with title, decision, "
                              "reason and screened")]
    problems: list[Problem] = []

    def bad(key: str, message: str) -> None:
        problems.append(Problem(name, *doc.where(index, key), key, message))

    for key in item:
        if key not in _FIELDS:
            hint = closest(str(key), sorted(_FIELDS))
            bad(str(key), f"unknown field{f' (did you mean {hint!r}?)' if hint else ''}; allowed: "
                f"{', '.join(sorted(_FIELDS))}")
    values = {key: item.get(key) for key in _FIELDS}
    for key in ("title", "decision", "reason", "screened"):
        if values[key] in (None, ""):
            problems.append(Problem(name, line, col, key, f"required field missing in item {index + 1}"))
    for key in _FIELDS:
        if values[key] is not None and not isinstance(values[key], str):
            bad(key, f"must be a string (quote it: {key}: \"{values[key]}\")")
            values[key] = None
    if values["decision"] is not None and values["decision"] not in DECISIONS:
        bad("decision", f"'{values['decision']}' is not one of {', '.join(DECISIONS)}")
    if values["decision"] == "excluded" and values["reason"] and values["reason"] not in EXCLUSION_REASONS:
        hint = closest(values["reason"], list(EXCLUSION_REASONS))
        bad("reason", f"'{values['reason']}' is not a known exclusion reason"
            f"{f' (did you mean {hint!r}?)' if hint else ''}; one of {', '.join(EXCLUSION_REASONS)}")
    for key, pattern, example in (("arxiv", _ARXIV, '"2401.01234"'), ("doi", _DOI, "10.1038/s41467-024-44824-z"),
                                  ("entry", _ENTRY, "medsam")):
        if values[key] is not None and not pattern.fullmatch(values[key]):
            bad(key, f"'{values[key]}' is not valid; write it like {example}")
    try:
        screened = date.fromisoformat(values["screened"] or "")
    except ValueError:
        if values["screened"]:
            bad("screened", f"'{values['screened']}' is not a date YYYY-MM-DD")
        screened = date.min
    if problems:
        return None, sorted(problems, key=lambda p: (p.line, p.col, p.field))
    return Screened(values["title"], values["decision"], values["reason"], screened, values["arxiv"],
                    values["doi"], values["entry"], line), []


def load_triage(paths: Paths, path: Path | None = None) -> tuple[list[Screened], list[Problem]]:
    """The screened papers, and problems as path:line:col. A missing file is an empty list, not an error."""
    path = path or path_for_triage(paths)
    if not path.is_file():
        return [], []
    name = source_name(path, paths.root)
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    if all(not line.strip() or line.lstrip().startswith("#") for line in lines):
        return [], []  # nothing screened yet (the file may hold only its explaining comment)
    doc, problems = read_yaml(path, name, max_bytes=MAX_TRIAGE_BYTES)
    if doc is None:
        return [], problems
    if doc.data is None:
        return [], []
    if not isinstance(doc.data, list):
        return [], [Problem(name, 1, 1, "", "the triage file must be a YAML list of screened papers (- title: ...)")]
    screened: list[Screened] = []
    for index, item in enumerate(doc.data):
        record, found = _check_item(item, index, doc, name)
        problems += found
        if record:
            screened.append(record)
    return screened, problems

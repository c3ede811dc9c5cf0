"""What every rule works with: the Context a per-file check may consult, a problem at a path of a YAML
document, and how problems name a file."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..load.yamlfile import YamlDocument
from ..model import Dataset, License, Problem, Vocabulary
from .suggest import normalise


@dataclass(frozen=True)
class Context:
    """What a per-file check may consult: the vocabularies, the dataset registry and today's date."""

    display: str
    file_stem: str
    vocabularies: dict[str, Vocabulary]
    datasets: dict[str, Dataset]
    today: date
    licenses: dict[str, License] = field(default_factory=dict)

    def aliases(self, axis: str) -> dict[str, str]:
        return {normalise(alias): term.id for term in self.vocabularies[axis].terms for alias in term.aliases}

    def dataset_aliases(self) -> dict[str, str]:
        pairs = {normalise(d.name): d.id for d in self.datasets.values()}
        pairs.update({normalise(a): d.id for d in self.datasets.values() for a in d.aliases})
        return pairs


def problem_at(ctx: Context, doc: YamlDocument, path: tuple[Any, ...], message: str,
               severity: str = "error") -> Problem:
    """A problem at `path` (keys and indexes) of the document, with its line and column."""
    return Problem(ctx.display, *doc.where(*path), ".".join(map(str, path)), message, severity)  # type: ignore[arg-type]


@lru_cache(maxsize=65536)  # asked for every entry at every load (the preview loads again on each save)
def source_name(path: Path, root: Path) -> str:
    """How problems name a file: relative to the repository when inside it."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)

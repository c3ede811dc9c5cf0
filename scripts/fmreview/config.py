"""Paths and defaults, kept in one visible place.

Every path is relative to the repository root, which is found from the current directory (the folder
holding mkdocs.yml) so that `review` works from anywhere inside a checkout.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MAX_FILE_BYTES = 256 * 1024  # an entry is a few KiB; anything larger is a mistake or an attack
SITE_NAME = "Foundation Models in Medical Image Analysis: a Living Review"
SOURCE_REVIEW_ARXIV = "2510.16973"
# Where an internal error asks to be reported: the issues of repo_url in mkdocs.yml.
ISSUES_URL = "https://github.com/fm-medical-imaging-review/fm-medical-imaging-review/issues"


@dataclass(frozen=True)
class Paths:
    root: Path

    @property
    def entries(self) -> Path:
        return self.root / "entries"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def vocab(self) -> Path:
        return self.data / "vocab"

    @property
    def datasets(self) -> Path:
        return self.data / "datasets"

    @property
    def base_models(self) -> Path:
        return self.data / "base-models"

    @property
    def licenses(self) -> Path:
        return self.data / "licenses.yaml"

    @property
    def base_model_schema(self) -> Path:
        return self.data / "base-model.schema.json"

    @property
    def license_schema(self) -> Path:
        return self.data / "license.schema.json"

    @property
    def entry_schema(self) -> Path:
        return self.data / "entry.schema.json"

    @property
    def dataset_schema(self) -> Path:
        return self.data / "dataset.schema.json"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def build(self) -> Path:
        return self.root / "build"

    @property
    def build_docs(self) -> Path:
        return self.build / "docs"

    @property
    def build_site(self) -> Path:
        return self.build / "site"


def find_root(start: Path | None = None) -> Path | None:
    """The nearest folder at or above `start` that holds mkdocs.yml and entries/."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "data" / "vocab").is_dir():
            return folder
    return None

"""The golden site: the fixture corpus's generated Markdown and BibTeX, committed under tests/golden/.

`test_golden.py` compares a fresh generation with it; after an intended change to templates or renderers,
regenerate it and review the diff:

    .venv/bin/python tests/golden.py --update
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import FIXTURES, TODAY, make_repo
from fmreview.commands.build import generate
from fmreview.load.site import load_site

GOLDEN = Path(__file__).resolve().parent / "golden"
# Pages whose text comes from entries: a paper of each kind, the hostile one, a term, a dataset, the index.
PAGES = (
    "papers/medsam.md",
    "papers/biomedclip.md",
    "papers/evil.md",
    "papers/evil.bib",
    "all.bib",
    "modalities/ct.md",
    "datasets/mimic-cxr.md",
    "papers/index.md",
)


def render_golden() -> dict[str, str]:
    with tempfile.TemporaryDirectory() as folder:
        paths = make_repo(Path(folder), FIXTURES / "corpus")
        site, problems = load_site(paths, today=TODAY)
        assert not [p for p in problems if p.severity == "error"], problems
        files = generate(site).files
    return {name: files[name].decode("utf-8") for name in PAGES}


def update() -> None:
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for name, text in render_golden().items():
        target = GOLDEN / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"wrote {len(PAGES)} golden files under {GOLDEN}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit(__doc__)
    update()

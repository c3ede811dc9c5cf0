"""The real reference-manager clients that tests/test_citation_clients.py drives: BibTeX (five styles), biblatex
+ biber, Pandoc (its BibTeX reader and citeproc) and a CSL style repository, from Debian. `make test` installs
them from tests/debian-packages.txt; when one is still missing and the tests run as root, ensure_clients installs
it with apt-get (as fmreview.devtools.browser does for Chromium); otherwise the tests fail saying what to install.

Each helper runs one tool in a fresh folder and returns what it wrote, so the tests compare outputs with entries.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

PACKAGES = ("texlive-latex-base", "texlive-latex-recommended", "texlive-bibtex-extra", "biber", "pandoc",
            "citation-style-language-styles")
STYLES = Path("/usr/share/citation-style-language/styles")
NEEDED = {"latex": "texlive-latex-base", "bibtex": "texlive-latex-base", "biber": "biber", "pandoc": "pandoc"}
BST_STYLES = ("plain", "unsrt", "alpha", "ieeetr", "apalike")
# Any clean TeX run prints none of these; a BibTeX or biber warning or error is a failure.
_BIBTEX_PROBLEM = re.compile(r"^(Warning--|I was expecting|I'm ignoring|Repeated entry|.*---line \d+ of file)", re.M)


class ClientsMissing(Exception):
    """A client is not installed and could not be installed."""


def ensure_clients() -> None:
    """Install the clients with apt-get when one is missing and we run as root; raise ClientsMissing otherwise."""
    missing = [tool for tool in NEEDED if not shutil.which(tool)]
    if not missing and (STYLES / "ieee.csl").is_file() and _kpse("biblatex.sty") and _kpse("etoolbox.sty"):
        return
    if not (hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get")):
        raise ClientsMissing(f"install the Debian packages {' '.join(PACKAGES)} (missing: {missing or 'styles'})")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"],
                    ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *PACKAGES]):
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise ClientsMissing(f"`{' '.join(command)}` failed: {result.stderr.strip()[-400:]}")


def _kpse(name: str) -> bool:
    return bool(shutil.which("kpsewhich")) and subprocess.run(
        ["kpsewhich", name], capture_output=True, check=False).returncode == 0


def _run(command: list[str], cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, text=True, check=False, timeout=300)


@dataclass
class Tally:
    """What one client read and how it compared: printed for the report, asserted zero mismatches."""

    client: str
    entries: int = 0
    fields: int = 0
    mismatches: list[str] = field(default_factory=list)

    def compare(self, where: str, name: str, got: object, want: object) -> None:
        self.fields += 1
        if got != want:
            self.mismatches.append(f"{where}: {name}: got {got!r}, want {want!r}")

    def line(self) -> str:
        return (f"{self.client}: entries read {self.entries}, fields compared {self.fields}, "
                f"mismatches {len(self.mismatches)}")


def run_bibtex(bib: str, style: str, folder: Path) -> tuple[str, list[str]]:
    """latex + bibtex with `style` on a document citing every entry: the .bbl and every warning or error."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "refs.bib").write_text(bib, encoding="utf-8")
    (folder / "doc.tex").write_text("\\documentclass{article}\\begin{document}\\nocite{*}"
                                    f"\\bibliographystyle{{{style}}}\\bibliography{{refs}}\\end{{document}}\n")
    _run(["latex", "-interaction=nonstopmode", "doc.tex"], folder)
    result = _run(["bibtex", "doc"], folder)
    log = (folder / "doc.blg").read_text(encoding="utf-8", errors="replace")
    problems = _BIBTEX_PROBLEM.findall(log) + ([f"bibtex exit {result.returncode}"] if result.returncode else [])
    return (folder / "doc.bbl").read_text(encoding="utf-8", errors="replace"), problems


def run_biber(bib: str, folder: Path, preamble: str = "", body: str = "") -> tuple[str, list[str], str]:
    """latex + biber (+ latex again when `body` needs the data): the .bbl, biber's WARN/ERROR lines, the log."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "refs.bib").write_text(bib, encoding="utf-8")
    (folder / "doc.tex").write_text("\\documentclass{article}\\usepackage[backend=biber]{biblatex}"
                                    f"\\addbibresource{{refs.bib}}{preamble}\n\\begin{{document}}\\nocite{{*}}"
                                    f"{body}\\end{{document}}\n")
    _run(["latex", "-interaction=nonstopmode", "doc.tex"], folder)
    result = _run(["biber", "doc"], folder)
    problems = [line for line in result.stdout.splitlines() if re.match(r"(WARN|ERROR) - ", line)]
    if result.returncode:
        problems.append(f"biber exit {result.returncode}")
    if body:
        _run(["latex", "-interaction=nonstopmode", "doc.tex"], folder)
    log = (folder / "doc.log").read_text(encoding="utf-8", errors="replace")
    return (folder / "doc.bbl").read_text(encoding="utf-8"), problems, log


def bbl_verbatims(bbl: str) -> dict[str, dict[str, str]]:
    """biblatex .bbl → {entry key: {verbatim field: value}} (doi, url, eprint, ...), exactly as biber wrote them."""
    found: dict[str, dict[str, str]] = {}
    for match in re.finditer(r"\\entry\{([^}]*)\}(.*?)\\endentry", bbl, re.S):
        fields = dict(re.findall(r"\\verb\{(\w+)\}\n\s*\\verb (.*)\n\s*\\endverb", match.group(2)))
        found[match.group(1)] = fields
    return found


def pandoc_csljson(bib: str, folder: Path) -> tuple[list[dict], str]:
    """`pandoc -f bibtex -t csljson`: the items and Pandoc's warnings."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "refs.bib").write_text(bib, encoding="utf-8")
    result = _run(["pandoc", "-f", "bibtex", "-t", "csljson", "refs.bib"], folder)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def citeproc(csl_json: str, style: Path | None, folder: Path) -> tuple[str, str]:
    """Pandoc citeproc rendering every item of a CSL-JSON file as plain text (Pandoc's default style is
    Chicago author-date): the bibliography text and the warnings."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "refs.json").write_text(csl_json, encoding="utf-8")
    (folder / "doc.md").write_text('---\nnocite: "[@*]"\n---\n', encoding="utf-8")
    command = ["pandoc", "--citeproc", "-t", "plain", "--wrap=none", "--bibliography", "refs.json", "doc.md"]
    if style:
        command += ["--csl", str(style)]
    result = _run(command, folder)
    assert result.returncode == 0, result.stderr
    return result.stdout, result.stderr


def showbox_text(log: str) -> str:
    """The characters of the first box that \\showbox wrote into a TeX log (typewriter font: no ligatures),
    glue read as one space."""
    box = log.split("> \\box0=", 1)[1].split("! OK", 1)[0]
    out = []
    for line in box.splitlines():
        char = re.match(r"^\.\\\S+ (.)$", line)
        if char:
            out.append(char.group(1))
        elif re.match(r"^\.\\glue", line):
            out.append(" ")
    return "".join(out)

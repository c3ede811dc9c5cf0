"""What the review already knows: the entries and the triage file, indexed by arXiv ID, DOI and normalised
title (both the cited title and `arxiv_title`), so that a found paper is recognised even when its published
version was retitled. Read straight from the entry files: an entry with other problems still counts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..check.context import source_name
from ..check.corpus import title_key
from ..config import Paths
from ..load.triage import Screened
from ..load.yamlfile import read_yaml
from .sources import Work

SIMILAR = 0.9  # two normalised titles at least this similar are one paper


@dataclass(frozen=True)
class Known:
    where: str  # "entries/medsam.yaml" or "data/triage.yaml:12"
    title: str
    titles: tuple[str, ...]  # every title key of the paper
    arxiv: str | None = None
    doi: str | None = None
    decision: str = "included"


@dataclass
class KnownIndex:
    papers: list[Known] = field(default_factory=list)
    _arxiv: dict[str, Known] = field(default_factory=dict)
    _doi: dict[str, Known] = field(default_factory=dict)
    _title: dict[str, Known] = field(default_factory=dict)

    def add(self, paper: Known) -> None:
        self.papers.append(paper)
        if paper.arxiv:
            self._arxiv.setdefault(paper.arxiv, paper)
        if paper.doi:
            self._doi.setdefault(paper.doi.casefold(), paper)
        for key in paper.titles:
            self._title.setdefault(key, paper)

    def match(self, work: Work) -> tuple[Known, str] | None:
        """The known paper this work is, with how it was recognised; None for a new paper."""
        if work.arxiv and work.arxiv in self._arxiv:
            return self._arxiv[work.arxiv], f"arXiv ID {work.arxiv}"
        if work.doi and work.doi.casefold() in self._doi:
            return self._doi[work.doi.casefold()], f"DOI {work.doi}"
        key = title_key(work.title)
        if key in self._title:
            return self._title[key], "the same title"
        for known_key, paper in self._title.items():
            matcher = SequenceMatcher(None, key, known_key, autojunk=False)
            if matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR \
                    and matcher.ratio() >= SIMILAR:
                return paper, f"a near-identical title ({matcher.ratio():.0%} alike)"
        return None


def _text(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def load_known(paths: Paths, screened: Iterable[Screened], triage_name: str) -> KnownIndex:
    """The entries and the screened papers, as one index."""
    index = KnownIndex()
    for path in sorted(paths.entries.glob("*.yaml")) if paths.entries.is_dir() else []:
        doc, _ = read_yaml(path)
        data = doc.data if doc and isinstance(doc.data, dict) else {}
        titles = [str(data[k]) for k in ("title", "arxiv_title") if data.get(k)]
        if titles or data.get("arxiv") or data.get("doi"):
            index.add(Known(source_name(path, paths.root), titles[0] if titles else path.stem,
                            tuple(title_key(t) for t in titles), _text(data.get("arxiv")), _text(data.get("doi"))))
    for item in screened:
        index.add(Known(f"{triage_name}:{item.line}", item.title, (title_key(item.title),), item.arxiv, item.doi,
                        item.decision))
    return index


def merge_found(works: Iterable[Work]) -> list[Work]:
    """One work per paper when arXiv and OpenAlex both list it (the first listed is kept)."""
    seen = KnownIndex()
    kept = []
    for work in works:
        if seen.match(work) is None:
            kept.append(work)
            seen.add(Known(work.link, work.title, (title_key(work.title),), work.arxiv, work.doi))
    return kept

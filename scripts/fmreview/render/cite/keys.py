"""Citation keys: the stable entry ids (the default), or author-year keys as Google Scholar writes them.

An author-year key is the first author's family name (lower case, accents folded to ASCII, letters only), the
year and the first word of the title that is not a stopword: `ma2024segment`. Keys are assigned over the whole
corpus, so they are unique in every file cut from it: papers that would share one get a, b, c... in id order.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from itertools import chain
from string import ascii_lowercase

from ...model import Paper

KEY_STYLES = ("id", "authoryear")
_STOPWORDS = frozenset((
    "a", "an", "the", "of", "for", "and", "or", "in", "on", "at", "to", "by", "with", "from", "via", "as", "is",
    "are", "be", "do", "does", "can", "toward", "towards", "into", "onto", "over", "under", "without", "through",
    "using",
))


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def author_year_base(paper: Paper) -> str:
    family = re.sub(r"[^a-z]", "", _ascii(paper.first_author_family)) or "anon"
    words = (re.match(r"[a-z0-9]*", w).group() for w in _ascii(paper.title).split())  # type: ignore[union-attr]
    first = next((w for w in words if w and w not in _STOPWORDS and re.search(r"[a-z]", w)), "")
    return f"{family}{paper.year}{first}"


def author_year_keys(papers: Iterable[Paper]) -> dict[str, str]:
    """Paper id → its author-year key, unique over `papers`."""
    groups: dict[str, list[str]] = defaultdict(list)
    for paper in sorted(papers, key=lambda p: p.id):
        groups[author_year_base(paper)].append(paper.id)
    keys: dict[str, str] = {}
    taken = {base for base, ids in groups.items() if len(ids) == 1}
    for base, ids in groups.items():
        if len(ids) == 1:
            keys[ids[0]] = base
            continue
        letters = chain(ascii_lowercase, (a + b for a in ascii_lowercase for b in ascii_lowercase))
        for paper_id in ids:
            key = base + next(letters)
            while key in taken:
                key = base + next(letters)
            keys[paper_id] = key
            taken.add(key)
    return keys


def keys_for(style: str, papers: Iterable[Paper]) -> dict[str, str] | None:
    """The key map of a style: None (the ids themselves) or the author-year keys."""
    return author_year_keys(papers) if style == "authoryear" else None

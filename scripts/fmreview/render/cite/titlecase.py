"""Which words of a title must keep their case in every bibliography style.

Sentence-case styles (APA, apalike, biblatex with \\MakeSentenceCase, CSL processors) lower-case a title's words;
BibTeX and biblatex leave a braced word alone, Pandoc reads braces as "no case change". Bracing every capitalised
word would stop that lower-casing altogether, so only these are kept: acronyms and mixed case (CT, CheXpert),
letters with digits (3D, GPT-4V), a one-letter capital in a compound (the X of X-ray), the words of the model's
name, a deliberately lower-case first word (nnU-Net, ultrasam) and, in a title written in sentence case, every
capitalised word that does not start a clause (its proper nouns: Mayo Clinic). A proper noun in a Title Case
title cannot be told from an ordinary word and is not kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

# A word: starts and ends with a letter or digit, may hold hyphens and apostrophes ("X-ray", "O'Brien", "GPT-4V").
_WORD = re.compile(r"[^\W_](?:[\w'’+\-]*[^\W_])?")
_SMALL = frozenset((
    "a", "an", "the", "of", "for", "and", "or", "in", "on", "at", "to", "by", "with", "from", "via", "as", "into",
    "onto", "over", "per", "vs", "versus", "is", "are", "be", "using", "toward", "towards", "without", "through",
    "under",
))


def _needs_case(part: str, compound: bool = False) -> bool:
    """Acronyms and mixed case (CT, CheXpert, iPhone), letters with digits (3D, GPT-4V), a one-letter capital
    in a compound (the X of X-ray). `part` is a word or one hyphen-separated part of it."""
    if any(c.isupper() for c in part[1:]) or (any(c.isdigit() for c in part) and any(c.isalpha() for c in part)):
        return True
    return compound and len(part) == 1 and part.isupper() and part != "A"


def _starts_clause(text: str, start: int) -> bool:
    """At the start of the title or after a colon (where every style keeps a capital)."""
    before = text[:start].rstrip()
    return not before or before.endswith((":", "?", "!", ".", "—", "--"))


def _sentence_case(text: str) -> bool:
    """Whether a title is written in sentence case (a quarter or more of its ordinary words in lower case): then
    its capitalised words mid-sentence are proper nouns."""
    capitalised = [m.group()[0].isupper() for m in _WORD.finditer(text)
                   if m.group()[0].isalpha() and m.group().casefold() not in _SMALL
                   and not _starts_clause(text, m.start()) and not _needs_case(m.group().split("-")[0])]
    return not capitalised or sum(capitalised) * 4 <= len(capitalised) * 3


def case_pieces(text: str, names: Iterable[str]) -> Iterator[tuple[str, bool]]:
    """The title cut into (piece, keep its case) pieces; a piece is a word part or what lies between. Kept: see
    _needs_case, the model's name and, in a sentence-case title, capitalised words that do not start a clause."""
    named = {part for name in names for word in name.split() for part in word.split("-") if part[:1].isupper()}
    sentence = _sentence_case(text)
    first = next((m.start() for m in _WORD.finditer(text)), -1)  # a lower-case first word is deliberate
    last = 0
    for match in _WORD.finditer(text):
        yield text[last:match.start()], False
        parts = match.group().split("-")
        clause = _starts_clause(text, match.start())
        for index, part in enumerate(parts):
            keep = bool(part) and (_needs_case(part, len(parts) > 1 and index < len(parts) - 1) or part in named
                                   or (sentence and part[0].isupper() and not (clause and index == 0))
                                   or (match.start() == first and index == 0 and part[0].islower()))
            if index:
                yield "-", False
            yield part, keep
        last = match.end()
    yield text[last:], False


def protected_words(text: str, names: Iterable[str] = ()) -> list[str]:
    """The words (or word parts) of a title whose case every style must keep."""
    return [piece for piece, keep in case_pieces(" ".join(text.split()), names) if keep]

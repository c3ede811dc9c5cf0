"""LaTeX as BibTeX exports write it → plain Unicode text.

Accents (`P{\\'e}rez`, `\\"{u}`, `{\\v{s}}`), protective braces (`{MedSAM}`), ties (`~`), dashes and escaped
specials (`\\&`, `\\_`, `\\%`) become the characters they stand for; text already in UTF-8 is left alone.
pylatexenc does the decoding (bibtexparser depends on it too).
"""

from __future__ import annotations

import re

from pylatexenc.latex2text import LatexNodes2Text

_DECODER = LatexNodes2Text(math_mode="text", strict_latex_spaces=True)

# Pasted snippets often carry a bare % or & ("trained on 1% of data", "2D&3D"); in LaTeX the first starts a
# comment (the rest of the title would vanish) and the second is a table separator. Escape them first.
_BARE_SPECIAL = re.compile(r"(?<!\\)([%&])")


def latex_to_text(value: str) -> str:
    """A BibTeX field value → Unicode text on one line, with runs of white space (and ties) made one space."""
    decoded = _DECODER.latex_to_text(_BARE_SPECIAL.sub(r"\\\1", value))
    return " ".join(decoded.split())

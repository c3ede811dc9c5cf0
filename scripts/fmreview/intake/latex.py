"""LaTeX as BibTeX exports write it → plain Unicode text.

Accents (`P{\\'e}rez`, `\\"{u}`, `{\\v{s}}`), protective braces (`{MedSAM}`), ties (`~`), dashes and escaped
specials (`\\&`, `\\_`, `\\%`) become the characters they stand for; text already in UTF-8 is left alone.
pylatexenc does the decoding (bibtexparser depends on it too).
"""

from __future__ import annotations

import re

from pylatexenc import latex2text, latexwalker, macrospec

# pylatexenc reads \\href with one argument and then fails on its second: declare it, keep the link text.
_WALKER_CONTEXT = latexwalker.get_default_latex_context_db()
_WALKER_CONTEXT.add_context_category("fmreview", prepend=True, macros=[macrospec.MacroSpec("href", "{{")])
_TEXT_CONTEXT = latex2text.get_default_latex_context_db()
_TEXT_CONTEXT.add_context_category("fmreview", prepend=True,
                                   macros=[latex2text.MacroTextSpec("href", simplify_repl="%(2)s")])
_DECODER = latex2text.LatexNodes2Text(math_mode="text", strict_latex_spaces=True, latex_context=_TEXT_CONTEXT)

# Pasted snippets often carry a bare % or & ("trained on 1% of data", "2D&3D"); in LaTeX the first starts a
# comment (the rest of the title would vanish) and the second is a table separator. Escape them first.
_BARE_SPECIAL = re.compile(r"(?<!\\)([%&])")


class LatexError(ValueError):
    """LaTeX that cannot be read (a macro missing its arguments, nesting too deep)."""


def latex_to_text(value: str) -> str:
    """A BibTeX field value → Unicode text on one line, with runs of white space (and ties) made one space.
    Raises LatexError when pylatexenc cannot read it."""
    try:
        decoded = _DECODER.latex_to_text(_BARE_SPECIAL.sub(r"\\\1", value), latex_context=_WALKER_CONTEXT)
    except (RecursionError, latexwalker.LatexWalkerError, LookupError, ValueError, TypeError) as error:
        raise LatexError(f"cannot read the LaTeX in {value[:60]!r} ({type(error).__name__})") from None
    return " ".join(decoded.split())

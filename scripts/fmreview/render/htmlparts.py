"""Pieces of HTML the generated pages write themselves, since Markdown never runs on them: headings as Markdown's
toc extension writes them (an id and a permalink), and code highlighted as pymdownx.highlight does (Pygments)."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from markdown.extensions.toc import slugify
from markupsafe import Markup
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name


@lru_cache(maxsize=8192)
def highlight_code(text: str, language: str) -> Markup:
    """A code block as pymdownx.highlight writes it (Pygments, class "highlight"), for HTML pages that skip
    Markdown; the same text is highlighted once per process. Our own BibTeX entries take a shortcut that gives
    Pygments' very output (tests/test_pages_html.py compares them) at a tenth of its cost."""
    text = text.rstrip("\n")
    if language == "bibtex" and (fast := _bibtex_html(text)) is not None:
        return Markup(fast)
    return Markup(highlight(text, _lexer(language), _FORMATTER).rstrip("\n"))


_FORMATTER = HtmlFormatter(cssclass="highlight", wrapcode=True)
_lexer = lru_cache(maxsize=None)(get_lexer_by_name)  # finding a lexer by name scans every installed one
_BIB_HEAD = re.compile(r"@(\w+)\{([^,{}\s]+),")
_BIB_FIELD = re.compile(r"  (\w+) = (\{[^\n]*\})(,?)")


def _bibtex_html(text: str) -> str | None:
    """An entry as bib.py writes it (head line, one `  name = {value},` per line, a closing brace), as Pygments'
    BibTeX lexer and HTML formatter would write it; None for any other shape."""
    lines = text.split("\n")
    head = _BIB_HEAD.fullmatch(lines[0])
    if head is None or lines[-1] != "}" or len(lines) < 3:
        return None
    out = [f'<span class="nc">@{_esc(head[1])}</span><span class="p">{{</span>'
           f'<span class="nl">{_esc(head[2])}</span><span class="p">,</span>']
    for line in lines[1:-1]:
        field = _BIB_FIELD.fullmatch(line)
        if field is None or not _balanced_braces(field[2]):
            return None
        comma = '<span class="p">,</span>' if field[3] else ""
        out.append(f'<span class="w">  </span><span class="na">{_esc(field[1])}</span><span class="w"> </span>'
                   f'<span class="p">=</span><span class="w"> </span><span class="s">{_esc(field[2])}</span>{comma}')
    out.append('<span class="p">}</span>')
    return '<div class="highlight"><pre><span></span><code>' + "\n".join(out) + "\n</code></pre></div>"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _balanced_braces(value: str) -> bool:
    """One brace group from the first character to the last, nothing escaped that the lexer reads otherwise."""
    depth = 0
    for index, char in enumerate(value):
        depth += (char == "{") - (char == "}")
        if depth == 0 and index != len(value) - 1:
            return False
    return depth == 0 and '"' not in value and "\\" not in value


def heading(level: int, text: str, anchor: str = "", search: bool = True) -> Markup:
    """A heading as Markdown's toc extension writes it (an id and a permalink), for HTML pages. `search=False`
    keeps its section out of the search index."""
    anchor = anchor or slugify(str(text), "-")
    excluded = " data-search-exclude" if not search else ""
    return Markup(f'<h{level}{excluded} id="{html.escape(anchor)}">{html.escape(str(text), quote=False)}'
                  f'<a class="headerlink" href="#{html.escape(anchor)}" title="Permanent link">&para;</a></h{level}>')

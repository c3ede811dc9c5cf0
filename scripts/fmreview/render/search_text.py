"""The copy of a generated HTML page that the search plugin indexes: the same sections and the same text as the
page, without the markup the plugin's parser walks through only to drop it.

mkdocs-material's search parser splits a page into sections at headings that have an id, drops a section whose
heading, or an element whose start tag, has `data-search-exclude`, ignores permalinks, and keeps only a few tags
(p, code, pre, lists, sub, sup) around the text. Our pages are many small tables and links, so that parse costs
more than rendering them. The reduced copy keeps exactly what the parser keeps, so its index entries are those of
the page (tests/test_search_text.py compares them on every generated page of the fixture site). It applies to the
HTML our templates write (well formed, no nested elements of one tag inside an excluded one), not to any HTML.
"""

from __future__ import annotations

import re

_KEPT = "p|code|pre|li|ol|ul|sub|sup"
_HEADING = re.compile(r"(<h[1-6]\b[^>]*>.*?</h[1-6]>)", re.DOTALL)
_HEADING_WITH_ID = re.compile(r"<h[1-6]\b[^>]*\sid=", re.DOTALL)
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
_EXCLUDED = re.compile(r"<(\w+)\b[^>]*\sdata-search-exclude\b[^>]*>.*?</\1>", re.DOTALL)
_SKIPPED = re.compile(r"<(script|style|object)\b[^>]*>.*?</\1>", re.DOTALL)
_DROPPED_TAG = re.compile(rf"<(?!/?(?:{_KEPT})\b)(?!/?h[1-6]\b)[^>]*>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def searchable(html: str) -> str:
    """`html` reduced to what the search parser keeps of it."""
    html = _SKIPPED.sub("", _COMMENT.sub("", html))
    parts = _HEADING.split(html)  # text, heading, text, heading, ...
    kept = [_text(parts[0])]
    excluded = False
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        if _HEADING_WITH_ID.match(heading):  # a new section starts
            excluded = "data-search-exclude" in heading.split(">", 1)[0]
            if not excluded:
                kept.append(_DROPPED_TAG.sub("", _PERMALINK.sub("", heading)))
        elif not excluded:  # a heading without an id is text of the section it is in
            kept.append(_text(heading))
        if not excluded:
            kept.append(_text(body))
    return "".join(kept)


def _text(html: str) -> str:
    return _DROPPED_TAG.sub("", _EXCLUDED.sub("", html))

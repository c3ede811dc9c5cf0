"""An mkdocs plugin (`fmreview-raw` in mkdocs.yml) that keeps Markdown away from HTML the templates already wrote.

Generated pages are mostly HTML (tables, lists, forms) with a few Markdown headings between. Python-Markdown
parses every raw HTML block with Python's html.parser only to set it aside untouched; at a thousand pages that
parse is half of mkdocs' time. Templates mark such blocks with `<!--fm-raw-->` ... `<!--/fm-raw-->` lines; the
plugin sets each marked block aside before Markdown runs (leaving a placeholder paragraph) and puts it back into
the HTML afterwards, byte for byte. A page whose Markdown already holds the placeholder text is left to Markdown
whole, so entry text can never be mistaken for a block.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.plugins import BasePlugin

START, END = "<!--fm-raw-->", "<!--/fm-raw-->"
_BLOCK = re.compile(rf"^{re.escape(START)}\n(.*?)\n{re.escape(END)}$", re.MULTILINE | re.DOTALL)
_TOKEN = "fmrawblock"
_PLACED = re.compile(rf"<p>{_TOKEN}(\d+)x</p>")


class RawBlocksPlugin(BasePlugin):
    def __init__(self) -> None:
        self.blocks: dict[str, list[str]] = {}

    def on_page_markdown(self, markdown: str, page: Any, **kwargs: Any) -> str:
        if START not in markdown or _TOKEN in markdown:  # the markers are HTML comments: Markdown keeps them
            return markdown
        blocks: list[str] = []

        def set_aside(match: re.Match[str]) -> str:
            blocks.append(match.group(1))
            return f"{_TOKEN}{len(blocks) - 1}x"

        self.blocks[page.file.src_uri] = blocks
        return _BLOCK.sub(set_aside, markdown)

    def on_page_content(self, html: str, page: Any, **kwargs: Any) -> str:
        blocks = self.blocks.pop(page.file.src_uri, None)
        if not blocks:
            return html
        return _PLACED.sub(lambda match: blocks[int(match.group(1))], html)

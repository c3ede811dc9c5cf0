"""Bars and Lines (figures.py) → a small hand-written SVG document, in pure Python: the narrowed meta-analysis
charts and every term's and dataset's papers-per-year chart, hundreds per build, where matplotlib would cost
seconds.

Accessible by construction: the root is `role="img"` labelled by its own `<title>` and `<desc>` (the text
alternative), every bar segment and point carries a `<title>` with its value, and every piece of text is
escaped, so entry text stays text. Deterministic: same input, same bytes. `ink` is the colour of text and axes:
a dark grey for charts shown as `<img>` (the dark scheme inverts them, see review.css) or `currentColor` for
charts inlined in a page, which then follow the page's colour scheme.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from html import escape

from .chartdata import Bars, Grid, Lines

INK = "#333333"
GRID = "#999999"
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#666666")  # Okabe-Ito, as charts.py
WIDTH = 640
CHAR = 6.2          # average width of a 11px sans-serif character, for laying out labels
ROW = 22            # a horizontal bar's row height
FONT = 'font-family="DejaVu Sans, Arial, sans-serif" font-size="11"'


_NOT_XML = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")  # XML 1.0 refuses most of these


def _text(value: object) -> str:
    """Text for an SVG text node or attribute: escaped, control characters and newlines as spaces."""
    return escape(" ".join(_NOT_XML.sub(" ", str(value)).split()), quote=True)


def _number(value: float) -> str:
    """A coordinate with at most one decimal, no trailing zeros (stable bytes, small files)."""
    return f"{round(value, 1) + 0.0:g}"  # + 0.0: never "-0"


def _count(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


def _amount(value: float, unit: str) -> str:
    """"3 papers", "1 paper"."""
    return f"{_count(value)} {unit.removesuffix('s') if value == 1 else unit}"


def nice_step(peak: float, ticks: int = 4) -> float:
    """A grid step of 1, 2 or 5 × 10^k giving about `ticks` lines up to `peak` (at least 1)."""
    raw = max(peak, 1) / ticks
    power = 10 ** math.floor(math.log10(raw))
    return max(1, next(m * power for m in (1, 2, 5, 10) if m * power >= raw))  # counts: whole steps


def _document(width: float, height: float, title: str, desc: str, ident: str, ink: str, body: list[str]) -> str:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_number(width)} {_number(height)}" '
            f'width="{_number(width)}" height="{_number(height)}" role="img" '
            f'aria-labelledby="{ident}-title {ident}-desc" class="fm-svg-chart">'
            f'<title id="{ident}-title">{_text(title)}</title><desc id="{ident}-desc">{_text(desc)}</desc>'
            f'<g {FONT} fill="{ink}">'
            f'<text x="0" y="14" font-size="13" font-weight="bold">{_text(title)}</text>')
    return head + "".join(body) + "</g></svg>"


def _legend(names: Sequence[str], x: float, y: float) -> list[str]:
    """One swatch and name per series, in a row from (x, y); nothing for a single unnamed series."""
    out = []
    for index, name in enumerate(names):
        out.append(f'<rect x="{_number(x)}" y="{_number(y - 9)}" width="10" height="10" '
                   f'fill="{PALETTE[index % len(PALETTE)]}"/><text x="{_number(x + 14)}" y="{_number(y)}">'
                   f'{_text(name)}</text>')
        x += 28 + CHAR * len(name)
    return out


def _empty(plot: Bars | Lines) -> bool:
    return not any(v for _, values in plot.series for v in values)


def draw_bars(plot: Bars, title: str, desc: str, ident: str = "chart", ink: str = INK,
              unit: str = "papers", height: float = 220.0) -> str:
    """Stacked bars, vertical (years along the bottom) or horizontal (one row per label, largest given first)."""
    if plot.horizontal:
        return _horizontal(plot, title, desc, ident, ink, unit)
    names = [name for name, _ in plot.series]
    totals = [sum(values[i] or 0 for _, values in plot.series) for i in range(len(plot.labels))]
    left, top, bottom = 40.0, 44.0 if len(names) > 1 else 30.0, 24.0
    plot_h = height - top - bottom
    step = nice_step(max(totals, default=0))
    peak = step * math.ceil(max(max(totals, default=0), 1) / step)
    slot = (WIDTH - left - 8) / max(len(plot.labels), 1)
    body = _legend(names, left, 32) if len(names) > 1 else []
    for k in range(int(peak / step) + 1):  # grid lines and their values
        y = top + plot_h - plot_h * k * step / peak
        body.append(f'<line x1="{_number(left)}" x2="{WIDTH - 8}" y1="{_number(y)}" y2="{_number(y)}" '
                    f'stroke="{GRID}" stroke-opacity="0.4"/><text x="{_number(left - 4)}" y="{_number(y + 4)}" '
                    f'text-anchor="end">{_count(k * step)}</text>')
    every = max(1, math.ceil(len(plot.labels) * 36 / (WIDTH - left)))  # thin out crowded labels
    for i, label in enumerate(plot.labels):
        x, base = left + slot * i + slot * 0.15, top + plot_h
        for index, (name, values) in enumerate(plot.series):
            value = values[i] or 0
            if value:
                h = plot_h * value / peak
                base -= h
                body.append(f'<rect x="{_number(x)}" y="{_number(base)}" width="{_number(slot * 0.7)}" '
                            f'height="{_number(h)}" fill="{PALETTE[index % len(PALETTE)]}"><title>'
                            f'{_text(label)}{", " + _text(name) if name else ""}: {_amount(value, unit)}'
                            f'</title></rect>')
        if totals[i]:
            body.append(f'<text x="{_number(x + slot * 0.35)}" y="{_number(base - 3)}" text-anchor="middle" '
                        f'font-size="10">{_count(totals[i])}</text>')
        if i % every == 0:
            body.append(f'<text x="{_number(x + slot * 0.35)}" y="{_number(top + plot_h + 16)}" '
                        f'text-anchor="middle">{_text(label)}</text>')
    if _empty(plot):
        body.append(f'<text x="{WIDTH / 2}" y="{_number(top + plot_h / 2)}" text-anchor="middle">No papers</text>')
    return _document(WIDTH, height, title, desc, ident, ink, body)


def _horizontal(plot: Bars, title: str, desc: str, ident: str, ink: str, unit: str) -> str:
    names = [name for name, _ in plot.series]
    totals = [sum(values[i] or 0 for _, values in plot.series) for i in range(len(plot.labels))]
    left = min(200.0, 12 + CHAR * max(map(len, plot.labels), default=4))
    top = 44.0 if len(names) > 1 else 30.0
    plot_w = WIDTH - left - 40
    peak = max(max(totals, default=0), 1)
    body = _legend(names, left, 32) if len(names) > 1 else []
    for i, label in enumerate(plot.labels):
        y, x = top + ROW * i, left
        shown = label if len(label) * CHAR <= left - 8 else label[:int((left - 8) / CHAR) - 1] + "…"
        body.append(f'<text x="{_number(left - 6)}" y="{_number(y + ROW * 0.65)}" text-anchor="end">'
                    f'<title>{_text(label)}</title>{_text(shown)}</text>')
        for index, (name, values) in enumerate(plot.series):
            value = values[i] or 0
            if value:
                w = plot_w * value / peak
                body.append(f'<rect x="{_number(x)}" y="{_number(y + 3)}" width="{_number(w)}" '
                            f'height="{ROW - 6}" fill="{PALETTE[index % len(PALETTE)]}"><title>{_text(label)}'
                            f'{", " + _text(name) if name else ""}: {_amount(value, unit)}</title></rect>')
                x += w
        body.append(f'<text x="{_number(x + 4)}" y="{_number(y + ROW * 0.65)}" font-size="10">'
                    f'{_count(totals[i])}</text>')
    height = top + ROW * max(len(plot.labels), 1) + 8
    if not plot.labels:
        body.append(f'<text x="{WIDTH / 2}" y="{_number(top + 14)}" text-anchor="middle">No papers</text>')
    return _document(WIDTH, height, title, desc, ident, ink, body)


def draw_lines(plot: Lines, title: str, desc: str, ident: str = "chart", ink: str = INK) -> str:
    """Percentages (0 to 100) over the labels, one line per series with a marker per value; None is a gap."""
    left, top, bottom, height = 44.0, 44.0, 24.0, 240.0
    plot_h, plot_w = height - top - bottom, WIDTH - left - 16
    slot = plot_w / max(len(plot.labels), 1)
    body = _legend([name for name, _ in plot.series], left, 32)
    for k in range(0, 101, 25):
        y = top + plot_h * (1 - k / 100)
        body.append(f'<line x1="{_number(left)}" x2="{WIDTH - 16}" y1="{_number(y)}" y2="{_number(y)}" '
                    f'stroke="{GRID}" stroke-opacity="0.4"/><text x="{_number(left - 4)}" y="{_number(y + 4)}" '
                    f'text-anchor="end">{k}%</text>')
    for i, label in enumerate(plot.labels):
        body.append(f'<text x="{_number(left + slot * (i + 0.5))}" y="{_number(top + plot_h + 16)}" '
                    f'text-anchor="middle">{_text(label)}</text>')
    for index, (name, values) in enumerate(plot.series):
        colour = PALETTE[index % len(PALETTE)]
        points = [(left + slot * (i + 0.5), top + plot_h * (1 - v / 100), v) if v is not None else None
                  for i, v in enumerate(values)]
        runs: list[list[tuple[float, float, float]]] = [[]]
        for point in points:
            runs[-1].append(point) if point else runs.append([])
        for run in runs:
            if len(run) > 1:
                path = " ".join(f"{_number(x)},{_number(y)}" for x, y, _ in run)
                body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for i, point in enumerate(points):
            if point:
                x, y, v = point
                body.append(f'<circle cx="{_number(x)}" cy="{_number(y)}" r="3.5" fill="{colour}"><title>'
                            f'{_text(plot.labels[i])}, {_text(name)}: {round(v)}%</title></circle>')
    if not plot.labels:
        body.append(f'<text x="{WIDTH / 2}" y="{_number(top + plot_h / 2)}" text-anchor="middle">No papers</text>')
    return _document(WIDTH, height, title, desc, ident, ink, body)


HEAT = ((0xD6, 0xE6, 0xF4), (0x6B, 0xAE, 0xD6), (0x21, 0x71, 0xB5), (0x08, 0x30, 0x6B))  # light to dark blue
CELL, CELL_ROW = 28.0, 20.0
WIDE_CHAR = 7.4  # the width of a character in a label mostly of capitals


def _heat(value: float, peak: float) -> str:
    """The colour of a count on the light-to-dark scale of charts.py's heatmaps (1 lightest, `peak` darkest)."""
    share = min(max((value - 0.5) / max(peak - 0.5, 0.5), 0.0), 1.0) * (len(HEAT) - 1)
    low = min(int(share), len(HEAT) - 2)
    mix = share - low
    return "#" + "".join(f"{round(a + (b - a) * mix):02x}" for a, b in zip(HEAT[low], HEAT[low + 1], strict=True))


def draw_grid(plot: Grid, title: str, desc: str, ident: str = "chart", ink: str = INK, unit: str = "papers") -> str:
    """Heatmaps of counts side by side (one per panel, sharing rows, columns and colour scale): one cell per row
    and column with its count, darker for more, and a `<title>` naming the cell; empty cells are left blank."""
    peak = max((v for _, matrix in plot.panels for row in matrix for v in row), default=0)
    label_w = min(210.0, 12 + WIDE_CHAR * max(map(len, plot.rows), default=4))
    longest = max(map(len, plot.columns), default=0)
    slanted = longest > 4
    top = 52.0 if any(name for name, _ in plot.panels) else 36.0
    grid_h = CELL_ROW * len(plot.rows)
    bottom = 12 + (CHAR * min(longest, 24) * 0.72 if slanted else 14)
    panel_w = CELL * len(plot.columns)
    width = max(WIDTH, label_w + (panel_w + 16) * len(plot.panels) + 8)
    body = [f'<text x="{_number(label_w + 4)}" y="30" font-size="10">Papers per cell: darker is more'
            f'{f" (at most {peak})" if peak else ""}</text>']
    for r, row in enumerate(plot.rows):
        fits = int((label_w - 8) / WIDE_CHAR)  # capitals run wider than CHAR: cut with room to spare
        shown = row if len(row) <= fits else row[:fits - 1] + "…"
        body.append(f'<text x="{_number(label_w - 6)}" y="{_number(top + CELL_ROW * r + 14)}" text-anchor="end">'
                    f'<title>{_text(row)}</title>{_text(shown)}</text>')
    for p, (name, matrix) in enumerate(plot.panels):
        x0 = label_w + (panel_w + 16) * p
        if name:
            body.append(f'<text x="{_number(x0)}" y="{_number(top - 8)}" font-weight="bold">{_text(name)}</text>')
        for c, column in enumerate(plot.columns):
            x = x0 + CELL * (c + 0.5)
            y = top + grid_h + 14
            anchor = f'text-anchor="end" transform="rotate(-45 {_number(x)} {_number(y - 4)})"' if slanted else \
                'text-anchor="middle"'
            shown = column if len(column) <= 24 else column[:23] + "…"
            body.append(f'<text x="{_number(x)}" y="{_number(y)}" font-size="10" {anchor}><title>{_text(column)}'
                        f'</title>{_text(shown)}</text>')
        for r, values in enumerate(matrix):
            for c, value in enumerate(values):
                if not value:
                    continue
                x, y = x0 + CELL * c, top + CELL_ROW * r
                where = f"{plot.rows[r]}, {plot.columns[c]}" + (f" ({name})" if name else "")
                body.append(f'<rect x="{_number(x)}" y="{_number(y)}" width="{CELL - 1:g}" height="{CELL_ROW - 1:g}" '
                            f'fill="{_heat(value, peak)}"><title>{_text(where)}: {_amount(value, unit)}</title></rect>'
                            f'<text x="{_number(x + CELL / 2)}" y="{_number(y + 14)}" text-anchor="middle" '
                            f'font-size="9" fill="{"#ffffff" if value > 0.45 * peak else INK}">{_count(value)}</text>')
    if not peak:
        body.append(f'<text x="{_number(width / 2)}" y="{_number(top + 14)}" text-anchor="middle">No papers</text>')
    return _document(width, top + grid_h + bottom, title, desc, ident, ink, body)

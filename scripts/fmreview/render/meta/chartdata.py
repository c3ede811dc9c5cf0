"""What a chart shows, as plain data: stacked bars, heatmaps, lines, scatters and the figure around them.

figures.py and narrowing.py compute them from the corpus (with pandas); svgchart.py draws them by hand and charts.py
with matplotlib. Nothing here imports either, so the pages' small charts cost no pandas or matplotlib import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Values = tuple[float | None, ...]
Label = Callable[[str, str | None], str]  # (axis, term id) → the term's label


@dataclass(frozen=True)
class Bars:
    """Stacked bars: one bar per category label, one segment per series."""
    labels: tuple[str, ...]
    series: tuple[tuple[str, Values], ...]
    horizontal: bool = False


@dataclass(frozen=True)
class Grid:
    """A heatmap (or several side by side, sharing rows, columns and colour scale) of counts."""
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    panels: tuple[tuple[str, tuple[tuple[int, ...], ...]], ...]


@dataclass(frozen=True)
class Lines:
    """Percentages over the x labels, one line per series; None leaves a gap (a year without papers)."""
    labels: tuple[str, ...]
    series: tuple[tuple[str, Values], ...]


@dataclass(frozen=True)
class Points:
    """A log-log scatter: per series, (x, y, name) points."""
    series: tuple[tuple[str, tuple[tuple[float, float, str], ...]], ...]


@dataclass(frozen=True)
class Figure:
    slug: str
    title: str
    x_label: str
    y_label: str
    plot: Bars | Grid | Lines | Points
    header: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    alt: str

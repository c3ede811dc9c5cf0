"""Figures → SVG bytes with matplotlib (Agg), all in this one process, byte-identical for the same figures.

Determinism: `svg.hashsalt` is fixed (matplotlib derives clip-path ids from it), the SVG's date metadata is
dropped, and nothing random is drawn. Light and dark palettes: the background is transparent, ink is a dark
grey and series colours are mid-tone Okabe-Ito; the site's dark scheme inverts the image with a CSS filter
(`invert` + `hue-rotate(180deg)`, in docs/assets/review.css), which keeps hues and turns dark ink light.
Text stays text (`svg.fonttype: none`), so charts are small and their labels searchable.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg")  # no display; must precede pyplot

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap

from .chartdata import Bars, Figure, Grid, Lines, Points

INK = "#333333"          # text and axes; inverted to a light grey in the dark scheme
FAINT = "#999999"        # grid lines and spines
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#666666")  # Okabe-Ito
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
HEAT = LinearSegmentedColormap.from_list("fm-heat", ["#d6e6f4", "#6baed6", "#2171b5", "#08306b"])
STYLE = {
    "svg.hashsalt": "fmreview",
    "svg.fonttype": "none",
    "text.parse_math": False,  # model names are data: a "$" must print, not start mathtext
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "text.color": INK, "axes.labelcolor": INK, "xtick.color": INK, "ytick.color": INK,
    "axes.edgecolor": FAINT, "grid.color": FAINT, "grid.alpha": 0.4,
    "axes.spines.top": False, "axes.spines.right": False,
    "figure.facecolor": "none", "axes.facecolor": "none", "savefig.transparent": True,
    "legend.frameon": False,
}


_DRAWN: dict[str, bytes] = {}  # what a figure shows (its data and words, as text) → its SVG, in this process
_KEEP = 256


def draw_charts(figures: list[Figure]) -> Iterator[tuple[Figure, bytes]]:
    """Each figure drawn to SVG bytes, in order. A figure drawn before in this process (same data, same words)
    is not drawn again: a preview's edit rarely changes a chart, and drawing is most of a build's Python time."""
    with plt.rc_context(STYLE):
        for figure in figures:
            key = repr((figure.plot, figure.title, figure.x_label, figure.y_label))
            if key not in _DRAWN:
                if len(_DRAWN) >= _KEEP:
                    del _DRAWN[next(iter(_DRAWN))]
                _DRAWN[key] = draw_svg(figure)
            yield figure, _DRAWN[key]


def draw_svg(figure: Figure) -> bytes:
    """One figure → an SVG document (call inside `draw_charts`' style context)."""
    plot = figure.plot
    width, height = _size(plot)
    fig, axes = plt.subplots(1, len(plot.panels) if isinstance(plot, Grid) else 1, figsize=(width, height),
                             squeeze=False, sharey=True, layout="constrained")
    try:
        if isinstance(plot, Grid):
            _draw_grid(fig, list(axes[0]), plot)
        else:
            {Bars: _draw_bars, Lines: _draw_lines, Points: _draw_points}[type(plot)](axes[0][0], plot)
        fig.suptitle(figure.title, x=0.01, ha="left", fontsize=11, fontweight="bold", color=INK)
        fig.supxlabel(figure.x_label, fontsize=9, color=INK)
        axes[0][0].set_ylabel(figure.y_label)
        if not _has_data(plot):
            fig.text(0.5, 0.5, "No papers in the review yet", ha="center", va="center", color=INK)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Title": figure.title})
        return buffer.getvalue()
    finally:
        plt.close(fig)


def _size(plot: Bars | Grid | Lines | Points) -> tuple[float, float]:
    """Figure size in inches, growing with the rows and columns a heatmap or bar chart has to show."""
    if isinstance(plot, Grid):
        label_width = 0.075 * max(map(len, plot.rows), default=0)
        width = 1.4 + 0.36 * len(plot.columns) * len(plot.panels) + label_width
        return max(6.5, min(width, 10.0)), 1.7 + 0.28 * len(plot.rows)
    if isinstance(plot, Bars) and plot.horizontal:
        return 7.0, 1.6 + 0.32 * len(plot.labels)
    return 7.5, 4.2


def _has_data(plot: Bars | Grid | Lines | Points) -> bool:
    if isinstance(plot, Grid):
        return any(any(row) for _, matrix in plot.panels for row in matrix)
    if isinstance(plot, Points):
        return any(points for _, points in plot.series)
    return any(v for _, values in plot.series for v in values)


def _draw_bars(ax: Axes, plot: Bars) -> None:
    positions = np.arange(len(plot.labels))
    base = np.zeros(len(plot.labels))
    for index, (name, values) in enumerate(plot.series):
        heights = np.array([v or 0.0 for v in values])
        bar = ax.barh if plot.horizontal else ax.bar
        bar(positions, heights, 0.7, base, label=name, color=PALETTE[index % len(PALETTE)])
        base += heights
    for position, total in zip(positions, base, strict=True):
        if total:  # the total above (or beside) each bar, so readers need not add segments
            xy, align = ((total, position), {"va": "center", "ha": "left"}) if plot.horizontal else \
                ((position, total), {"ha": "center", "va": "bottom"})
            ax.annotate(f"{total:.0f}", xy, xytext=(3, 0) if plot.horizontal else (0, 2),
                        textcoords="offset points", fontsize=8, **align)
    if plot.horizontal:
        ax.set_yticks(positions, plot.labels)
        ax.invert_yaxis()  # the largest at the top
        ax.grid(axis="x")
    else:
        ax.set_xticks(positions, plot.labels)
        ax.grid(axis="y")
    ax.set_axisbelow(True)
    if plot.labels:
        ax.legend(loc="lower right" if plot.horizontal else "upper left")


def _draw_grid(fig: plt.Figure, axes: list[Axes], plot: Grid) -> None:
    if not plot.rows or not plot.columns:
        return
    peak = max((v for _, matrix in plot.panels for row in matrix for v in row), default=0) or 1
    for ax, (name, matrix) in zip(axes, plot.panels, strict=True):
        values = np.ma.masked_equal(np.array(matrix, dtype=float).reshape(len(plot.rows), len(plot.columns)), 0)
        image = ax.imshow(values, cmap=HEAT, vmin=0.5, vmax=max(peak, 1), aspect="auto",
                          interpolation="nearest")
        for (row, column), value in np.ndenumerate(np.array(matrix, dtype=int).reshape(values.shape)):
            if value:  # dark cells get white numbers, light cells dark ones
                ax.text(column, row, str(value), ha="center", va="center", fontsize=7,
                        color="white" if value > 0.45 * peak else INK)
        ax.set_xticks(range(len(plot.columns)), plot.columns, fontsize=7,
                      rotation=0 if max(map(len, plot.columns), default=0) <= 9 else 45,
                      ha="center" if max(map(len, plot.columns), default=0) <= 9 else "right")
        ax.set_yticks(range(len(plot.rows)), plot.rows)
        ax.tick_params(length=0)
        ax.spines[:].set_visible(False)
        if name:
            ax.set_title(name, fontsize=10, loc="left")
    fig.colorbar(image, ax=axes, shrink=0.6, label="Papers", pad=0.01)


def _draw_lines(ax: Axes, plot: Lines) -> None:
    positions = np.arange(len(plot.labels))
    for index, (name, values) in enumerate(plot.series):
        ys = np.array([np.nan if v is None else v for v in values], dtype=float)
        ax.plot(positions, ys, label=name, color=PALETTE[index % len(PALETTE)],
                marker=MARKERS[index % len(MARKERS)], markersize=4, linewidth=1.6)
    ax.set_xticks(positions, plot.labels, fontsize=8)
    ax.set_ylim(0, 100)
    ax.yaxis.set_major_formatter("{x:.0f}%")
    ax.grid(axis="y")
    if plot.labels:  # outside the axes: lines may reach any height
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)


def _draw_points(ax: Axes, plot: Points) -> None:
    total = sum(len(points) for _, points in plot.series)
    for index, (name, points) in enumerate(plot.series):
        if not points:
            continue
        xs, ys, _ = zip(*points, strict=True)
        ax.scatter(xs, ys, label=name, color=PALETTE[index % len(PALETTE)], marker=MARKERS[index % len(MARKERS)],
                   s=28, alpha=0.85, edgecolors="none")
        if total <= 30:  # few enough to name each model without a pile-up of labels
            for x, y, text in points:
                ax.annotate(text, (x, y), xytext=(4, 3), textcoords="offset points", fontsize=7)
    if total:
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.xaxis.set_major_formatter(_count_label)
        ax.yaxis.set_major_formatter(_count_label)
        ax.legend(loc="upper left")
    ax.grid(which="major")


def _count_label(value: float, _position: int | None = None) -> str:
    """A log-axis tick as papers write counts: 1K, 10M, 1B (not 10^3, which needs mathtext)."""
    for scale, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if value >= scale:
            return f"{value / scale:g}{suffix}"
    return f"{value:g}"

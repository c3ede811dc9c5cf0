"""The log-log scatter (Points) → SVG bytes with matplotlib (Agg), byte-identical for the same figure. Bars,
lines and heatmaps are drawn by hand (svgchart.py); matplotlib's log axes earn their import here.

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
from matplotlib.axes import Axes

from .chartdata import Figure, Points

INK = "#333333"          # text and axes; inverted to a light grey in the dark scheme
FAINT = "#999999"        # grid lines and spines
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#666666")  # Okabe-Ito
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
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
    """One scatter figure → an SVG document (call inside `draw_charts`' style context)."""
    plot = figure.plot
    if not isinstance(plot, Points):
        raise TypeError(f"matplotlib draws only the scatter; {type(plot).__name__} is drawn by svgchart.py")
    fig, ax = plt.subplots(figsize=(7.5, 4.2), layout="constrained")
    try:
        _draw_points(ax, plot)
        fig.suptitle(figure.title, x=0.01, ha="left", fontsize=11, fontweight="bold", color=INK)
        fig.supxlabel(figure.x_label, fontsize=9, color=INK)
        ax.set_ylabel(figure.y_label)
        if not any(points for _, points in plot.series):
            fig.text(0.5, 0.5, "No papers in the review yet", ha="center", va="center", color=INK)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Title": figure.title})
        return buffer.getvalue()
    finally:
        plt.close(fig)


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

"""The hand-written SVG drawer (svgchart.py): well-formed, labelled documents whose bars and points carry their
values, whose geometry is proportional to the data, and whose text, however hostile, stays text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from fmreview.render.meta.chartdata import Bars, Grid, Lines
from fmreview.render.meta.svgchart import draw_bars, draw_grid, draw_lines, nice_step

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script> & \"quoted\" {{ 7*7 }}\x07\nnext"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def titled(root: ET.Element, tag: str) -> dict[str, ET.Element]:
    """Shapes of one kind by their <title> text."""
    return {shape.find(f"{SVG}title").text: shape for shape in root.iter(f"{SVG}{tag}")
            if shape.find(f"{SVG}title") is not None}


def test_the_document_is_labelled_by_its_title_and_description() -> None:
    root = parse(draw_bars(Bars(("2023", "2024"), (("", (1.0, 2.0)),)), "Papers per year", "Two bars.", "x"))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "x-title x-desc"
    assert root.find(f"{SVG}title").get("id") == "x-title" and root.find(f"{SVG}title").text == "Papers per year"
    assert root.find(f"{SVG}desc").get("id") == "x-desc" and root.find(f"{SVG}desc").text == "Two bars."


def test_stacked_bars_carry_their_values_and_heights_are_proportional() -> None:
    plot = Bars(("2023", "2024", "2025"), (("Vision-only", (2.0, 0.0, 4.0)), ("Vision-language", (1.0, 3.0, 0.0))))
    root = parse(draw_bars(plot, "t", "d"))
    bars = titled(root, "rect")
    assert set(bars) == {"2023, Vision-only: 2 papers", "2023, Vision-language: 1 paper",
                         "2024, Vision-language: 3 papers", "2025, Vision-only: 4 papers"}  # no zero-height bars
    height = {name: float(bar.get("height")) for name, bar in bars.items()}
    assert height["2025, Vision-only: 4 papers"] == pytest.approx(2 * height["2023, Vision-only: 2 papers"], 0.01)
    top_of_first = float(bars["2023, Vision-only: 2 papers"].get("y"))
    second = bars["2023, Vision-language: 1 paper"]
    assert float(second.get("y")) + float(second.get("height")) == pytest.approx(top_of_first, abs=0.11)  # stacked
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"3", "4"} <= set(texts), "each bar's total is written above it"
    assert {"Vision-only", "Vision-language"} <= set(texts), "a legend names the series"


def test_horizontal_bars_keep_their_order_and_shorten_long_labels_with_the_full_one_as_title() -> None:
    long = "A very long anatomical region name that cannot fit in the label column at all"
    root = parse(draw_bars(Bars(("Chest", long), (("", (5.0, 1.0)),), horizontal=True), "t", "d"))
    rows = [float(r.get("y")) for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert rows == sorted(rows), "the first label is the top row"
    widths = {r.find(f"{SVG}title").text: float(r.get("width")) for r in root.iter(f"{SVG}rect")
              if r.find(f"{SVG}title") is not None}
    assert widths["Chest: 5 papers"] == pytest.approx(5 * widths[f"{long}: 1 paper"], 0.01)
    label = next(t for t in root.iter(f"{SVG}text") if t.find(f"{SVG}title") is not None
                 and t.find(f"{SVG}title").text == long)  # the full label, for a pointer and for text search
    shown = label.find(f"{SVG}title").tail
    assert shown.endswith("…") and long.startswith(shown[:-1]) and len(shown) < len(long)


def test_lines_leave_gaps_and_mark_each_value() -> None:
    plot = Lines(("2022", "2023", "2024", "2025"), (("Code", (50.0, None, 25.0, 75.0)),))
    root = parse(draw_lines(plot, "t", "d"))
    lines = list(root.iter(f"{SVG}polyline"))
    assert len(lines) == 1, "the gap splits the line; a lone point gets no line"
    assert len(lines[0].get("points").split()) == 2
    points = titled(root, "circle")
    assert set(points) == {"2022, Code: 50%", "2024, Code: 25%", "2025, Code: 75%"}
    y = {name: float(c.get("cy")) for name, c in points.items()}
    assert y["2025, Code: 75%"] < y["2022, Code: 50%"] < y["2024, Code: 25%"]


def test_hostile_text_stays_text() -> None:
    for svg in (draw_bars(Bars((HOSTILE,), ((HOSTILE, (1.0,)),)), HOSTILE, HOSTILE),
                draw_bars(Bars((HOSTILE,), ((HOSTILE, (1.0,)),), horizontal=True), HOSTILE, HOSTILE),
                draw_lines(Lines((HOSTILE,), ((HOSTILE, (50.0,)),)), HOSTILE, HOSTILE),
                draw_grid(Grid((HOSTILE,), (HOSTILE,), ((HOSTILE, ((3,),)),)), HOSTILE, HOSTILE)):
        root = parse(svg)  # well-formed
        assert not list(root.iter(f"{SVG}script")) and "<script>" not in svg
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", svg), "no raw control characters"
        flat = " ".join(HOSTILE.replace("\x07", " ").split())
        assert root.find(f"{SVG}title").text == flat
        assert flat in {"".join(t.itertext()) for t in root.iter(f"{SVG}text")} | {root.find(f"{SVG}desc").text}


def test_empty_charts_say_so() -> None:
    for svg in (draw_bars(Bars(("2024",), (("", (0.0,)),)), "t", "d"), draw_bars(Bars((), (), True), "t", "d"),
                draw_lines(Lines((), ()), "t", "d"), draw_grid(Grid(("a",), ("b",), (("", ((0,),)),)), "t", "d")):
        assert "No papers" in {t.text for t in parse(svg).iter(f"{SVG}text")}


def test_the_same_input_gives_the_same_bytes() -> None:
    plot = Bars(("2023", "2024"), (("a", (1.0, 2.0)), ("b", (3.0, 0.0))))
    assert draw_bars(plot, "t", "d") == draw_bars(plot, "t", "d")


@pytest.mark.parametrize(("peak", "step"), [(0, 1), (1, 1), (3, 1), (7, 2), (10, 5), (37, 10), (180, 50)])
def test_grid_steps_are_whole_and_round(peak: int, step: int) -> None:
    assert nice_step(peak) == step


def test_heatmap_cells_carry_their_counts_darker_for_more_and_zero_left_blank() -> None:
    plot = Grid(("CT", "MRI"), ("Segmentation", "Classification"),
                (("Pre-training", ((12, 0), (3, 1))), ("Evaluation", ((0, 5), (0, 0)))))
    root = parse(draw_grid(plot, "Heat", "desc"))
    cells = titled(root, "rect")
    assert set(cells) == {"CT, Segmentation (Pre-training): 12 papers", "MRI, Segmentation (Pre-training): 3 papers",
                          "MRI, Classification (Pre-training): 1 paper", "CT, Classification (Evaluation): 5 papers"}

    def darkness(title: str) -> int:
        return -sum(int(cells[title].get("fill")[i:i + 2], 16) for i in (1, 3, 5))

    assert darkness("CT, Segmentation (Pre-training): 12 papers") > darkness(
        "CT, Classification (Evaluation): 5 papers") > darkness("MRI, Classification (Pre-training): 1 paper")
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert {"12", "3", "1", "5", "Pre-training", "Evaluation"} <= set(texts) and "0" not in texts

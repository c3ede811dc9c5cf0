"""Papers → the small papers-per-year chart of a term page (modalities/ct/) or a dataset page (datasets/mimic-cxr/):
an inline SVG drawn by svgchart.py on the review's whole span of years (so two pages' charts compare), with its
text alternative and a data table for readers who cannot see it. Templates call `year_chart(papers, name)`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from jinja2 import Environment
from markupsafe import Markup, escape

from ..model import Corpus, Paper
from .meta.chartdata import Bars
from .meta.stats import year_span
from .meta.svgchart import draw_bars

YearChart = Callable[[Iterable[Paper], str, str], Markup]


def render_year_chart(papers: Iterable[Paper], name: str, years: list[int], relation: str = "on") -> Markup:
    """The chart of `papers` (each counted once) per year of `years`: the papers `relation` `name` ("on CT",
    "using MIMIC-CXR")."""
    unique = {p.id: p for p in papers}.values()
    per_year = Counter(p.year for p in unique)
    counts = [per_year[y] for y in years]
    listed = ", ".join(f"{y}: {per_year[y]}" for y in years if per_year[y])
    desc = (f"Bars of the {len(unique)} papers {relation} {name} in the review per publication year, {years[0]} to "
            f"{years[-1]}: {listed}; none in the other years." if unique else f"No paper {relation} {name} yet.")
    svg = draw_bars(Bars(tuple(map(str, years)), (("", tuple(map(float, counts))),)), f"Papers per year: {name}",
                    desc, ident="fm-year-chart", ink="currentColor", height=170)
    rows = "".join(f'<tr><th scope="row">{y}</th><td>{n}</td></tr>' for y, n in zip(years, counts, strict=True) if n)
    table = (f'<details class="fm-year-table"><summary>Papers per year as a table</summary><table><thead><tr>'
             f'<th scope="col">Year</th><th scope="col">Papers {escape(relation)} {escape(name)}</th></tr></thead>'
             f'<tbody>{rows}</tbody></table></details>')
    return Markup(f'<figure class="fm-year-chart" data-search-exclude>{svg}<figcaption>{table}</figcaption></figure>')


def year_chart_global(corpus: Corpus) -> dict[str, YearChart]:
    """The `year_chart` template function, on the corpus' span of years (an empty corpus draws nothing)."""
    years = year_span(corpus.papers)

    def year_chart(papers: Iterable[Paper], name: str, relation: str = "on") -> Markup:
        return render_year_chart(papers, name, years, relation) if years else Markup("")
    return {"year_chart": year_chart}


def add_year_chart(env: Environment, corpus: Corpus) -> None:
    env.globals.update(year_chart_global(corpus))

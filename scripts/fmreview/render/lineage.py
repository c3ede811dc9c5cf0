"""The field's family tree, from `builds_on`: which medical models start from which general-domain bases (SAM,
CLIP, LLaVA, ...) and from each other. One tree per base model, drawn at build time as an SVG whose nodes link
to the papers, plus a chart and table of which bases the field builds on, by year. Pure: corpus in, files out."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from jinja2 import Environment
from markupsafe import Markup

from ..load.site import Site
from ..model import Corpus, Paper
from .meta.chartdata import Bars, Figure
from .meta.svgchart import draw_bars
from .outputs import Output, Page, page_root

ROW, COLUMN, NODE_W, NODE_H = 30, 230, 200, 22  # layout in SVG pixels
TOP_BASES = 8  # the chart shows the most used bases; the rest are one "other" segment


@dataclass(frozen=True)
class Tree:
    root: str                                  # a base model id or an entry id that builds on nothing known
    label: str
    url: str
    nodes: tuple[tuple[str, int, int], ...]    # (paper id, column, row)
    edges: tuple[tuple[str, str], ...]         # (parent, child), the root included as a parent


def children_of(corpus: Corpus) -> dict[str, list[Paper]]:
    """Model id (base or entry) → the papers that build on it, oldest first."""
    found: dict[str, list[Paper]] = {}
    for paper in sorted(corpus.papers, key=lambda p: (p.year, p.model.casefold(), p.id)):
        for parent in paper.builds_on:
            found.setdefault(parent, []).append(paper)
    return found


def descend(root: str, below: dict[str, list[Paper]]) -> tuple[list[tuple[str, int, int]], list[tuple[str, str]]]:
    """Depth-first from `root`: every descendant once, at the column of the first path that reaches it (a cycle
    in `builds_on` cannot loop), and every edge on the way."""
    nodes: list[tuple[str, int, int]] = []
    edges: list[tuple[str, str]] = []
    placed: set[str] = set()
    stack = [(child, root, 1) for child in reversed(below.get(root, []))]
    while stack:
        child, parent, column = stack.pop()
        edges.append((parent, child.id))
        if child.id in placed:
            continue
        placed.add(child.id)
        nodes.append((child.id, column, len(nodes)))
        stack += [(grandchild, child.id, column + 1) for grandchild in reversed(below.get(child.id, []))]
    return nodes, edges


def build_trees(corpus: Corpus) -> list[Tree]:
    """A tree per base model that some paper builds on, largest first; a paper sits under every parent it
    names, drawn once per tree."""
    below = children_of(corpus)
    trees = []
    for root in sorted(set(below) & set(corpus.base_models)):
        nodes, edges = descend(root, below)
        base = corpus.base_models[root]
        trees.append(Tree(root, base.name, base.url, tuple(nodes), tuple(edges)))
    return sorted(trees, key=lambda t: (-len(t.nodes), t.label.casefold()))


def render_tree_svg(tree: Tree, corpus: Corpus, root_url: str) -> Markup:
    """One tree as an inline SVG: the base at the left, each generation a column to the right, a row per paper."""
    papers = {p.id: p for p in corpus.papers}
    depth = max((column for _, column, _ in tree.nodes), default=0)
    height = max(len(tree.nodes), 1) * ROW + 10
    width = (depth + 1) * COLUMN + 10
    where = {tree.root: (5, 5 + (height - 10) // 2 - NODE_H // 2)}
    where.update({pid: (5 + column * COLUMN, 5 + row * ROW) for pid, column, row in tree.nodes})
    # Links use xlink:href: Material's instant navigation rewrites every `a[href]` and fails on SVG anchors. The
    # drawing is a group of links (not role="img", which may not hold interactive content).
    out = [f'<svg class="fm-lineage" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
           f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="group" '
           f'aria-labelledby="tree-{tree.root}-title">',
           f'<title id="tree-{tree.root}-title">{html.escape(tree.label)} and the {len(tree.nodes)} medical '
           f'models built on it</title>']
    for parent, child in tree.edges:
        (x1, y1), (x2, y2) = where[parent], where[child]
        start, end = (x1 + NODE_W, y1 + NODE_H / 2), (x2, y2 + NODE_H / 2)
        middle = (start[0] + end[0]) / 2
        out.append(f'<path d="M{start[0]},{start[1]} C{middle},{start[1]} {middle},{end[1]} {end[0]},{end[1]}" '
                   'class="fm-lineage__edge"/>')
    for node, (x, y) in where.items():
        paper = papers.get(node)
        label = f"{paper.model} ({paper.year})" if paper else tree.label
        href = f"{root_url}papers/{node}/" if paper else tree.url
        kind = "fm-lineage__node" if paper else "fm-lineage__node fm-lineage__node--base"
        out.append(f'<a xlink:href="{html.escape(href)}">'
                   f'<rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="4" class="{kind}"/>'
                   f'<text x="{x + 8}" y="{y + 15}">{html.escape(_fit(label))}</text></a>')
    out.append("</svg>")
    return Markup("".join(out))


def _fit(label: str, most: int = 30) -> str:
    return label if len(label) <= most else label[: most - 1] + "…"


def bases_by_year(corpus: Corpus) -> tuple[list[int], list[tuple[str, list[int]]]]:
    """Years, and per base model (the most used first, the rest as "Other") the papers of each year that build
    on it directly."""
    use = Counter(b for p in corpus.papers for b in set(p.builds_on) if b in corpus.base_models)
    top = [b for b, _ in sorted(use.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_BASES]]
    years = sorted({p.year for p in corpus.papers if any(b in corpus.base_models for b in p.builds_on)})
    series = []
    for base in top:
        series.append((corpus.base_models[base].name,
                       [sum(base in p.builds_on for p in corpus.papers if p.year == y) for y in years]))
    other = [sum(any(b in corpus.base_models and b not in top for b in p.builds_on) for p in corpus.papers
                 if p.year == y) for y in years]
    if any(other):
        series.append(("Other bases", other))
    return years, series


PAGE = "lineage/index.md"


def render_lineage_page(site: Site, env: Environment) -> Iterator[Output]:
    """lineage/index.md (a family tree per root model, drawn as SVG) and the chart of bases per year."""
    corpus = site.corpus
    trees = build_trees(corpus)
    years, series = bases_by_year(corpus)
    chart = b""
    if years:
        rows = tuple((name, *counts) for name, counts in series)
        figure = Figure("bases-per-year", "Which general-domain models the field builds on, by year",
                        "Publication year", "Papers", Bars(tuple(map(str, years)), tuple(series)),
                        ("base", *map(str, years)), rows,
                        "Stacked bars of papers per year by the general-domain model they build on.")
        chart = draw_bars(figure.plot, figure.title, figure.alt, figure.slug)
        yield "lineage/bases-per-year.svg", chart
    svgs = [(tree, render_tree_svg(tree, corpus, page_root(PAGE))) for tree in trees]
    yield Page(PAGE, "lineage.md.j2", {"trees": svgs, "years": years, "series": series, "chart": bool(chart),
                                       "linked": sum(bool(p.builds_on) for p in corpus.papers),
                                       "total": len(corpus.papers)})

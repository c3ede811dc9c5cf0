"""The lineage page: trees from `builds_on` (a base model, the papers on it, the papers on those), drawn as SVG
whose boxes link to the papers; a cycle in the data cannot loop; the per-year counts match the entries."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

from fmreview.model import Corpus
from fmreview.render.lineage import bases_by_year, build_trees, render_tree_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_the_fixture_tree_has_two_generations(corpus: Corpus) -> None:
    (tree,) = build_trees(corpus)
    assert tree.root == "sam"
    assert tree.nodes == (("medsam", 1, 0), ("neurofm", 2, 1))
    assert tree.edges == (("sam", "medsam"), ("medsam", "neurofm"))


def test_the_svg_is_well_formed_and_every_box_links_its_paper(corpus: Corpus) -> None:
    (tree,) = build_trees(corpus)
    svg = ET.fromstring(str(render_tree_svg(tree, corpus, "../")))
    links = [a.get("{http://www.w3.org/1999/xlink}href") for a in svg.iter(f"{SVG}a")]
    assert links == ["https://arxiv.org/abs/2304.02643", "../papers/medsam/", "../papers/neurofm/"]
    assert len(list(svg.iter(f"{SVG}path"))) == len(tree.edges)
    assert svg.find(f"{SVG}title").text.startswith("Segment Anything (SAM) and the 2 medical models")


def test_a_cycle_in_builds_on_ends(corpus: Corpus) -> None:
    papers = {p.id: p for p in corpus.papers}
    looped = dataclasses.replace(papers["medsam"], builds_on=("sam", "neurofm"))
    changed = dataclasses.replace(corpus, papers=tuple(looped if p.id == "medsam" else p for p in corpus.papers))
    (tree,) = build_trees(changed)
    assert [node for node, _, _ in tree.nodes] == ["medsam", "neurofm"]
    assert ("neurofm", "medsam") in tree.edges  # drawn as an edge back, not visited twice


def test_papers_per_year_by_base_counts_direct_use(corpus: Corpus) -> None:
    years, series = bases_by_year(corpus)
    medsam = next(p for p in corpus.papers if p.id == "medsam")
    assert years == [medsam.year]
    assert series == [("Segment Anything (SAM)", [1])]


def test_the_page_is_generated_with_its_chart(generated: tuple) -> None:
    """The fixture corpus builds on SAM (a tree and a chart); synthetic entries build only on each other."""
    paths, files = generated
    text = files["lineage/index.md"]
    text = text if isinstance(text, str) else text.decode()
    medsam = paths.entries / "medsam.yaml"
    on_bases = medsam.is_file() and "builds_on: [sam]" in medsam.read_text(encoding="utf-8")
    assert ("lineage/bases-per-year.svg" in files) == on_bases
    assert ("## Segment Anything (SAM) (2)" in text) == on_bases

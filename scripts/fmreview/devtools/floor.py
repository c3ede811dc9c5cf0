"""The performance floor `review bench` compares the build with: a plain mkdocs-material site of N synthetic paper
pages kept out of the nav, with search on and no tags plugin (the `nonav+notags` variant of the reference
floor script the project is measured against). Its build time is mkdocs' own cost for that many pages.

Each page is about 4.4 KB: front matter, a title, authors, a 150-word abstract, an 8-row metadata table and a
BibTeX block; beside them an index table of all papers and 20 listing pages. Seeded, so every run is the same.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

WORDS = (  # noqa: SIM905 - a sentence is easier to read than 78 quoted words
    "model learning neural network data training graph transformer attention vision language robust efficient "
    "sparse dense scalable adaptive federated causal generative diffusion contrastive self supervised "
    "reinforcement policy reward agent memory retrieval embedding representation benchmark dataset evaluation "
    "inference latency quantization pruning distillation multimodal audio speech video image segmentation "
    "detection tracking pose depth point cloud mesh rendering physics simulation control planning reasoning "
    "symbolic probabilistic bayesian uncertainty calibration fairness privacy security adversarial optimization "
    "gradient convergence theory bound kernel manifold spectral temporal sequence"
).split()
CATEGORIES = [f"category-{i:02d}" for i in range(20)]
VENUES = ["NeurIPS", "ICML", "ICLR", "CVPR", "ACL", "EMNLP", "AAAI", "KDD", "ECCV", "TPAMI"]


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _paper(rng: random.Random, i: int) -> dict:
    return {
        "id": f"paper-{i:05d}", "title": _words(rng, rng.randint(6, 11)).capitalize(),
        "year": rng.randint(2015, 2025), "venue": rng.choice(VENUES), "categories": rng.sample(CATEGORIES, 2),
        "authors": [f"{rng.choice('ABCDEFGHJKLMNPRSTW')}. {_words(rng, 1).capitalize()}son"
                    for _ in range(rng.randint(2, 7))],
        "abstract": _words(rng, 150).capitalize() + ".", "tags": rng.sample(WORDS[:60], 5),
        "doi": f"10.{rng.randint(1000, 9999)}/{rng.randint(100000, 999999)}",
        "arxiv": f"{rng.randint(15, 25)}{rng.randint(1, 12):02d}.{rng.randint(10000, 99999)}",
        "citations": rng.randint(0, 5000),
    }


def _page(p: dict) -> str:
    bibtex = (f"@inproceedings{{{p['id'].replace('-', '')},\n  title     = {{{p['title']}}},\n"
              f"  author    = {{{' and '.join(p['authors'])}}},\n  booktitle = {{{p['venue']}}},\n"
              f"  year      = {{{p['year']}}},\n  doi       = {{{p['doi']}}},\n  eprint    = {{{p['arxiv']}}},\n}}")
    rows = [("Year", p["year"]), ("Venue", p["venue"]), ("Category", p["categories"][0]),
            ("Modality", "image"), ("Task", "segmentation"), ("DOI", p["doi"]), ("arXiv", p["arxiv"]),
            ("Citations", p["citations"])]
    table = "| Field | Value |\n| --- | --- |\n" + "\n".join(f"| {k} | {v} |" for k, v in rows)
    front = yaml.safe_dump({"title": p["title"], "tags": p["tags"]}, sort_keys=False)
    return (f"---\n{front}---\n\n# {p['title']}\n\n*{', '.join(p['authors'])}*\n\n## Abstract\n\n{p['abstract']}\n\n"
            f"## Metadata\n\n{table}\n\n## BibTeX\n\n```bibtex\n{bibtex}\n```\n")


def write_floor_site(target: Path, n: int) -> Path:
    """The floor site's mkdocs.yml and docs/ in `target`; returns the mkdocs.yml path."""
    rng = random.Random(12345)
    papers = [_paper(rng, i) for i in range(n)]
    docs = target / "docs"
    (docs / "papers").mkdir(parents=True, exist_ok=True)
    (docs / "taxonomy").mkdir(exist_ok=True)
    for p in papers:
        (docs / "papers" / f"{p['id']}.md").write_text(_page(p), encoding="utf-8")
    index = ["# Papers\n", f"{n} papers.\n", "| Title | Year | Category |", "| --- | --- | --- |"]
    index += [f"| [{p['title']}](papers/{p['id']}.md) | {p['year']} | {p['categories'][0]} |" for p in papers]
    (docs / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    for c in CATEGORIES:
        members = [p for p in papers if c in p["categories"]]
        lines = [f"# {c}\n", f"{len(members)} papers.\n"]
        lines += [f"- [{p['title']}](../papers/{p['id']}.md) ({p['year']})" for p in members]
        (docs / "taxonomy" / f"{c}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = {
        "site_name": f"Synthetic papers N={n}", "site_url": "https://example.org/",
        "theme": {"name": "material", "features": ["navigation.instant"]}, "plugins": ["search"],
        "markdown_extensions": ["tables", "attr_list", "md_in_html", {"pymdownx.highlight": {"anchor_linenums": False}},
                                "pymdownx.superfences"],
        "nav": ["index.md", {"Taxonomy": [f"taxonomy/{c}.md" for c in CATEGORIES]}], "not_in_nav": "/papers/",
    }
    path = target / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path

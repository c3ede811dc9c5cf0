"""Synthetic corpora for benchmarks and scale tests: N valid entries drawn (seeded) from the real vocabularies
and dataset registry. Synthetic entries never enter entries/; they are written to a temporary checkout."""

from __future__ import annotations

import random
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..config import Paths
from ..load.vocab import load_vocabularies

_WORDS = [
    "foundation",
    "model",
    "medical",
    "image",
    "analysis",
    "self-supervised",
    "vision",
    "language",
    "pre-training",
    "universal",
    "segmentation",
    "radiology",
    "pathology",
    "retinal",
    "scalable",
    "contrastive",
    "masked",
    "generalist",
    "multimodal",
    "transformer",
    "representation",
    "learning",
    "zero-shot",
    "clinical",
    "report",
    "generation",
    "3D",
    "volumetric",
]
_FAMILIES = (
    "Zhang",
    "Wang",
    "Li",
    "Chen",
    "Liu",
    "Smith",
    "Müller",
    "García",
    "Rossi",
    "Kim",
    "Tanaka",
    "Singh",
    "Nguyen",
    "Silva",
    "Ivanov",
    "de Melo",
    "O'Brien",
    "van der Berg",
)
_GIVEN = ["Wei", "Anna", "Jun", "Maria", "Yuki", "Omar", "Lena", "Ravi", "Sofia", "Tomás", "Chloé", "Ahmed"]


SYNTHETIC_TODAY = date(2026, 11, 28)  # the day synthetic entries are checked as of: none is dated after it


def make_entry(index: int, rng: random.Random, vocab: dict[str, list[str]], datasets: list[str]) -> dict[str, Any]:
    def some(axis: str, most: int = 3) -> list[str]:
        return rng.sample(vocab[axis], rng.randint(1, min(most, len(vocab[axis]))))

    year = rng.randint(2019, 2026)
    words = rng.sample(_WORDS, 7)
    entry: dict[str, Any] = {
        "id": f"synthetic-{index:05d}",
        "title": f"{' '.join(words).capitalize()} number {index}",
        "authors": list(
            dict.fromkeys(f"{rng.choice(_FAMILIES)}, {rng.choice(_GIVEN)}" for _ in range(rng.randint(2, 12)))
        ),
        "year": year,
        "venue": rng.choice(["arXiv", "Nature Medicine", "Medical Image Analysis", "MICCAI", "CVPR"]),
        "added": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
        "checked": "2026-11-28",
        "model": f"SynthFM-{index}",
        "category": rng.choice(vocab["category"]),
        "input": some("input", 2),
        "architecture": some("architecture", 2),
        "training": some("training", 2),
        "adaptation": some("adaptation"),
        "modalities": some("modalities"),
        "anatomy": some("anatomy", 2),
        "tasks": some("tasks"),
        "themes": some("themes", 2) if rng.random() < 0.3 else [],
        "datasets": {
            "pretraining": rng.sample(datasets, rng.randint(0, min(3, len(datasets)))),
            "evaluation": rng.sample(datasets, rng.randint(0, min(4, len(datasets)))),
        },
        "summary": f"A synthetic entry for benchmarks: {' '.join(rng.sample(_WORDS, 12))}.",
    }
    entry["type"] = "preprint" if entry["venue"] == "arXiv" else rng.choice(["article", "inproceedings"])
    entry["arxiv"] = f"{year % 100:02d}{rng.randint(1, 12):02d}.{index:05d}"
    if entry["type"] != "preprint":
        entry["doi"] = f"10.5555/synthetic.{index}"
    if rng.random() < 0.6:
        entry["code"] = f"https://example.org/code/{index}"
    if set(entry["modalities"]) <= {"histopathology", "microscopy"} and "whole-body" in entry["anatomy"]:
        entry["anatomy"] = [a for a in entry["anatomy"] if a not in ("whole-body", "tissue")] + ["tissue"]
    if rng.random() < 0.35:
        entry["weights"] = f"https://example.org/weights/{index}"
        entry["weights_access"] = rng.choice(["open", "gated", "on-request"])
        entry["license"] = rng.choice(["MIT", "Apache-2.0", "CC-BY-NC-4.0", "not-stated"])
        entry["weights_license"] = rng.choice(["MIT", "CC-BY-NC-ND-4.0", "LicenseRef-Research-Only"])
    elif rng.random() < 0.5:
        entry["weights_access"] = "none"
    if index and rng.random() < 0.3:
        entry["builds_on"] = [f"synthetic-{rng.randrange(index):05d}"]
    entry["sources"] = [f"https://arxiv.org/abs/{entry['arxiv']}"]
    if rng.random() < 0.4:
        entry["parameters"] = f"{rng.choice([22, 86, 307, 632, 1100, 7000])}M"
        entry["pretraining_data"] = {"size": f"{rng.randint(1, 900)}K", "unit": "images"}
    return entry


def make_corpus(n: int, seed: int = 0, paths: Paths | None = None) -> list[dict[str, Any]]:
    """`n` valid synthetic entries as plain mappings (the same `seed` gives the same corpus)."""
    from ..config import find_root

    paths = paths or Paths(find_root() or Path.cwd())
    vocabularies, _ = load_vocabularies(paths)
    vocab = {axis: list(v.ids) for axis, v in vocabularies.items()}
    datasets = sorted(p.stem for p in paths.datasets.glob("*.yaml"))
    rng = random.Random(seed)
    entries = [make_entry(i, rng, vocab, datasets) for i in range(n)]
    # A required axis that make_entry does not know (one added as a file of data/vocab/) gets terms too.
    added = [v for axis, v in vocabularies.items() if v.required and v.ids and axis not in (entries or [{}])[0]]
    for entry in entries:
        for v in added:
            entry[v.field] = rng.sample(v.ids, rng.randint(1, min(2, len(v.ids)))) if v.multiple else rng.choice(v.ids)
    return entries


def write_synthetic_repo(source: Paths, target: Path, n: int, seed: int = 0) -> Paths:
    """A checkout in `target` with the real configuration, data and docs, and `n` synthetic entries."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(source.mkdocs_yml, target / "mkdocs.yml")
    for folder in ("data", "docs"):
        shutil.copytree(source.root / folder, target / folder, dirs_exist_ok=True)
    theme = source.root / "scripts" / "fmreview" / "theme"
    shutil.copytree(theme, target / "scripts" / "fmreview" / "theme", dirs_exist_ok=True)
    entries = target / "entries"
    shutil.rmtree(entries, ignore_errors=True)
    entries.mkdir()
    for entry in make_corpus(n, seed, source):
        text = yaml.safe_dump(entry, sort_keys=False, allow_unicode=True)
        (entries / f"{entry['id']}.yaml").write_text(text, encoding="utf-8")
    return Paths(target)

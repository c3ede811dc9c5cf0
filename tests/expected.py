"""What the meta-analysis, the chart CSVs and the exports must say, recomputed from the raw YAML files with no
fmreview code: yaml.safe_load on entries/, data/vocab/ and data/datasets/, plain counting, and pandas for the
rank correlation. The rules (ties, rounding, the recent year) are the ones documented in fmreview/render/meta/stats.py.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas
import yaml

AXES = ("category", "architecture", "training", "adaptation", "modalities", "anatomy", "tasks", "themes")
SCALE = {"": 1, "K": 1e3, "M": 1e6, "B": 1e9}


@dataclass
class Raw:
    entries: list[dict[str, Any]]
    vocab: dict[str, list[str]]                # axis → term ids in file order
    labels: dict[str, dict[str, str]]          # axis → id → label
    dataset_names: dict[str, str]              # dataset id → name


def _read(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@functools.cache
def load_raw(root: Path) -> Raw:
    """The checkout's YAML as plain data (read once per checkout: tests only read it)."""
    entries = [_read(p) for p in sorted((root / "entries").glob("*.yaml"))]
    vocab, labels = {}, {}
    for axis in AXES:
        terms = _read(root / "data" / "vocab" / f"{axis}.yaml")["terms"]
        vocab[axis] = [t["id"] for t in terms]
        labels[axis] = {t["id"]: t["label"] for t in terms}
    names = {}
    for path in sorted((root / "data" / "datasets").glob("*.yaml")):
        data = _read(path)
        names[data["id"]] = data["name"]
    return Raw(entries, vocab, labels, names)


def terms(entry: dict[str, Any], axis: str) -> list[str]:
    value = entry.get(axis) or []
    return [value] if isinstance(value, str) else list(value)


def pre(entry: dict[str, Any]) -> set[str]:
    return set((entry.get("datasets") or {}).get("pretraining") or [])


def evaluation(entry: dict[str, Any]) -> set[str]:
    return set((entry.get("datasets") or {}).get("evaluation") or [])


def number(text: str) -> float:
    return float(text[:-1]) * SCALE[text[-1]] if text[-1] in SCALE else float(text)


def pct(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def best(counts: Counter, order: list) -> tuple[Any, int] | tuple[None, int]:
    """The key with the highest positive count, ties in `order`'s order."""
    candidates = [k for k in order if counts[k] > 0]
    if not candidates:
        return None, 0
    top = max(counts[k] for k in candidates)
    key = next(k for k in candidates if counts[k] == top)
    return key, top


def expected_facts(raw: Raw, today: date) -> dict[str, Any]:
    e = raw.entries
    years = Counter(x["year"] for x in e)
    complete = [y for y in years if y < today.year]
    recent = max(complete or list(years), default=None)
    previous = max((y for y in years if recent is not None and y < recent), default=None)
    of_recent = [x for x in e if x["year"] == recent]
    f: dict[str, Any] = {"papers": len(e), "first_year": min(years, default=None),
                         "last_year": max(years, default=None),
                         "vision_only": sum(x["category"] == "vision-only" for x in e),
                         "vision_language": sum(x["category"] == "vision-language" for x in e),
                         "recent_year": recent, "previous_year": previous, "recent_papers": len(of_recent)}
    f["peak_year"], f["peak_papers"] = best(years, sorted(years))
    f["recent_vl_share"] = pct(sum(x["category"] == "vision-language" for x in of_recent), len(of_recent))
    by_name = sorted(raw.dataset_names, key=lambda d: (raw.dataset_names[d].casefold(), d))
    used = {d for x in e for d in pre(x) | evaluation(x)}
    f["datasets_used"], f["heatmap_datasets"] = len(used), min(20, len(used))
    f["no_dataset"] = sum(not (pre(x) | evaluation(x)) for x in e)
    f["top_pretraining_dataset"], f["top_pretraining_papers"] = best(Counter(d for x in e for d in pre(x)), by_name)
    f["top_evaluation_dataset"], f["top_evaluation_papers"] = best(
        Counter(d for x in e for d in evaluation(x)), by_name)
    modality = Counter(m for x in e for m in terms(x, "modalities"))
    f["top_modality"], f["top_modality_papers"] = best(modality, raw.vocab["modalities"])
    f["share_modalities"] = min(6, sum(n > 0 for n in modality.values()))
    f["top_modality_share"] = pct(f["top_modality_papers"], len(e))
    pairs = Counter((m, t) for x in e for m in terms(x, "modalities") for t in terms(x, "tasks"))
    pair, f["top_pair_papers"] = best(pairs, [(m, t) for m in raw.vocab["modalities"] for t in raw.vocab["tasks"]])
    f["top_pair_modality"], f["top_pair_task"] = pair or (None, None)
    f.update(_growth(raw, previous, recent))
    anatomy = Counter(a for x in e for a in terms(x, "anatomy"))
    f["top_anatomy"], f["top_anatomy_papers"] = best(anatomy, raw.vocab["anatomy"])
    f["top_anatomy_share"] = pct(f["top_anatomy_papers"], len(e))
    rest = [a for a in raw.vocab["anatomy"] if a != f["top_anatomy"]]
    f["second_anatomy"], f["second_anatomy_papers"] = best(anatomy, rest)
    for axis in ("training", "architecture", "adaptation"):
        f[f"top_{axis}"], f[f"top_{axis}_papers"] = best(Counter(t for x in e for t in terms(x, axis)),
                                                         raw.vocab[axis])
        f[f"recent_top_{axis}"], f[f"recent_top_{axis}_papers"] = best(
            Counter(t for x in of_recent for t in terms(x, axis)), raw.vocab[axis])
    for name in ("code", "weights", "license"):
        f[f"with_{name}"] = sum(bool(x.get(name)) for x in e)
        f[f"{name}_share"] = pct(f[f"with_{name}"], len(e))
        f[f"recent_{name}_share"] = pct(sum(bool(x.get(name)) for x in of_recent), len(of_recent))
    f.update(_scale(e))
    return f


def _growth(raw: Raw, previous: int | None, recent: int | None) -> dict[str, Any]:
    none = {"growth_modality": None, "growth_from": None, "growth_to": None}
    if previous is None or recent is None:
        return none
    share = {}
    for year in (previous, recent):
        of_year = [x for x in raw.entries if x["year"] == year]
        share[year] = {m: sum(m in terms(x, "modalities") for x in of_year) / len(of_year)
                       for m in raw.vocab["modalities"]}
    rise = {m: share[recent][m] - share[previous][m] for m in raw.vocab["modalities"]}
    top = max(rise.values())
    if top <= 0:
        return none
    m = next(m for m in raw.vocab["modalities"] if rise[m] == top)
    return {"growth_modality": m, "growth_from": round(100 * share[previous][m]),
            "growth_to": round(100 * share[recent][m])}


def _scale(entries: list[dict[str, Any]]) -> dict[str, Any]:
    both = [x for x in entries if x.get("parameters") and x.get("pretraining_data")]
    frame = pandas.DataFrame({"p": [number(x["parameters"]) for x in both],
                              "d": [number(x["pretraining_data"]["size"]) for x in both]})
    rho = frame.corr(method="spearman").loc["p", "d"] if len(both) >= 3 else None
    largest = sorted(both, key=lambda x: (-number(x["parameters"]), x["model"].casefold(), x["id"]))
    return {"scale_papers": len(both),
            "scale_rho": None if rho is None or pandas.isna(rho) else f"{rho:.2f}",
            "largest_model": largest[0]["id"] if largest else None,
            "largest_parameters": largest[0]["parameters"] if largest else None}

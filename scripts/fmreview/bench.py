"""`review bench`: time the build on synthetic corpora. Load + check + generate and the mkdocs build are
timed separately; each size runs `repeat` times and the median is printed, with the site's size."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from .build import generate, run_mkdocs
from .config import Paths
from .load import load_corpus
from .synthetic import SYNTHETIC_TODAY, write_synthetic_repo


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def bench_once(paths: Paths, with_mkdocs: bool) -> dict[str, float]:
    started = time.perf_counter()
    corpus, problems = load_corpus(paths, today=SYNTHETIC_TODAY)
    loaded = time.perf_counter()
    if any(p.severity == "error" for p in problems):
        raise RuntimeError(f"synthetic corpus invalid: {problems[0]}")
    writer = generate(paths, corpus, SYNTHETIC_TODAY)
    writer.write(paths.build_docs)
    generated = time.perf_counter()
    result = {"load_check": loaded - started, "generate": generated - loaded, "mkdocs": 0.0, "site_mb": 0.0}
    if with_mkdocs:
        site = paths.build / "site"
        if run_mkdocs(paths, site) != 0:
            raise RuntimeError("mkdocs build failed")
        result["mkdocs"] = time.perf_counter() - generated
        result["site_mb"] = _size(site) / 1e6
    return result


def run_benchmark(source: Paths, sizes: list[int], repeat: int, with_mkdocs: bool) -> int:
    print(
        f"{'entries':>8} {'load+check s':>13} {'generate s':>11} {'mkdocs s':>9} {'site MB':>8}  (medians of {repeat})"
    )
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix=f"review-bench-{n}-") as folder:
            paths = write_synthetic_repo(source, Path(folder), n)
            runs = [bench_once(paths, with_mkdocs) for _ in range(repeat)]
        median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        print(
            f"{n:>8} {median['load_check']:>13.2f} {median['generate']:>11.2f} {median['mkdocs']:>9.1f} "
            f"{median['site_mb']:>8.1f}"
        )
        sys.stdout.flush()
    return 0

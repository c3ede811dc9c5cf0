"""Time what the narrowed meta-analysis charts and the per-page papers-per-year charts add to a build.

Usage: .venv/bin/python -m fmreview.devtools.bench_charts [--sizes 1000 5000] [--repeat 5]
On a synthetic corpus of each size (the real data/ and docs/), in process, after one warm-up, it prints the
median wall and CPU time of: the narrowed charts (counts, figures, SVG and CSV for every modality and task),
the meta-analysis' pandas tables and facts (no drawing), and the papers-per-year chart of every term and dataset
page. CPU time is the steadier figure on a shared machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fmreview.config import Paths, find_root
from fmreview.devtools.synthetic import SYNTHETIC_TODAY, write_synthetic_repo
from fmreview.load.site import load_site
from fmreview.render.meta.analysis import build_sections, render_narrowed
from fmreview.render.meta.findings import compute_findings
from fmreview.render.meta.frames import load_frames
from fmreview.render.meta.narrowing import build_narrowings
from fmreview.render.pages import make_environment


def medians(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median (wall, CPU) seconds of `repeat` runs."""
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(wall), statistics.median(cpu)


def bench(paths: Paths, repeat: int) -> None:
    site, _ = load_site(paths, today=SYNTHETIC_TODAY)
    corpus, env = site.corpus, make_environment(site)
    narrowed = list(render_narrowed(build_narrowings(corpus, load_frames(corpus))))

    chart = env.globals["year_chart"]
    calls = [(corpus.papers_with(axis, term.id), term.label) for axis, vocabulary in corpus.vocabularies.items()
             for term in vocabulary.terms]
    calls += [(corpus.papers_using(dataset), corpus.datasets[dataset].name) for dataset in corpus.datasets]
    rows = {
        "narrowed charts": medians(lambda: list(render_narrowed(build_narrowings(corpus, load_frames(corpus)))),
                                   repeat),
        "tables and facts": medians(lambda: build_sections(corpus, load_frames(corpus),
                                                           compute_findings(corpus, SYNTHETIC_TODAY)), repeat),
        f"{len(calls)} page charts": medians(lambda: [chart(papers, name) for papers, name in calls], repeat),
    }
    print(f"\n{len(corpus.papers)} papers: {len(narrowed)} narrowed files, "
          f"{sum(len(content) for _, content in narrowed) / 1e3:.0f} kB (medians of {repeat})")
    for name, (wall, cpu) in rows.items():
        print(f"  {name:<20} {wall:6.3f} s wall {cpu:6.3f} s CPU")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    source = Paths(find_root() or Path.cwd())
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="bench-charts-") as folder:
            bench(write_synthetic_repo(source, Path(folder), size), args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())

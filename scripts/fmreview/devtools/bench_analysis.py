"""Time what the meta-analysis (charts), comparison tables and data exports add to the build.

Usage: .venv/bin/python -m fmreview.devtools.bench_analysis [--sizes 0 5000] [--repeat 3] [--no-mkdocs]
Size 0 means the real entries/. For each corpus it prints medians of `repeat` runs of:
- import: importing matplotlib and the chart module in a fresh process (paid once per build);
- each renderer on its own, warm (in process, corpus loaded, after one warm-up run), and the whole generate();
- generate() cold, in a fresh process as `review build` runs it, with and without these renderers;
- mkdocs build --strict of the whole site, and of the same site without these outputs (their three index
  pages kept, so the navigation still resolves): the difference is what they add to the mkdocs step.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Collection
from datetime import date
from pathlib import Path

from fmreview.analysis import render_meta_analysis
from fmreview.build import generate, run_mkdocs
from fmreview.citefiles import render_citation_files
from fmreview.compare import render_comparisons
from fmreview.config import Paths, find_root
from fmreview.exports import render_exports
from fmreview.load import load_corpus
from fmreview.pages import make_environment
from fmreview.synthetic import write_synthetic_repo
from fmreview.writer import SiteWriter

TODAY = date(2026, 11, 28)
KEPT = {"meta-analysis/index.md", "compare/index.md", "data/index.md"}


def is_ours(relative: str, axes: Collection[str]) -> bool:
    """An output of the meta-analysis, comparison or export renderers (`axes`: the taxonomy's axis names)."""
    head, _, tail = relative.partition("/")
    facet_bib = head in axes and tail.endswith((".bib", ".ris", ".json")) and "/" not in tail
    return relative not in KEPT and (head in ("meta-analysis", "compare", "data") or facet_bib)


def median_time(action: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def import_time(repeat: int) -> float:
    code = "import time; t = time.perf_counter(); import fmreview.charts; print(time.perf_counter() - t)"
    return statistics.median(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                                  check=True).stdout) for _ in range(repeat))


_COLD = """
import sys, time
from datetime import date
from pathlib import Path
import fmreview.build as build
from fmreview.config import Paths
from fmreview.load import load_corpus
paths = Paths(Path(sys.argv[1]))
corpus, _ = load_corpus(paths, today=date(2026, 11, 28))
if sys.argv[2] == "without":
    for name in ("render_meta_analysis", "render_comparisons", "render_exports", "render_citation_files"):
        setattr(build, name, lambda *args: iter(()))
started = time.perf_counter()
build.generate(paths, corpus, date(2026, 11, 28))
print(time.perf_counter() - started)
"""


def cold_generate_times(paths: Paths, repeat: int) -> tuple[float, float]:
    """Median generate() time in a fresh process (fonts and caches cold, as in `review build`), with all
    renderers and without these; the variants alternate."""
    runs: dict[str, list[float]] = {"all": [], "without": []}
    for _ in range(repeat):
        for variant in runs:
            done = subprocess.run([sys.executable, "-c", _COLD, str(paths.root), variant], capture_output=True,
                                  text=True, check=True)
            runs[variant].append(float(done.stdout))
    return statistics.median(runs["all"]), statistics.median(runs["without"])


def mkdocs_times(paths: Paths, writer: SiteWriter, repeat: int, axes: Collection[str]) -> tuple[float, float]:
    """Median mkdocs build time of the whole site and of the site without these outputs. The two variants
    alternate run by run, so load from other processes on the machine falls on both alike."""
    variants = {"all": lambda name: True, "without": lambda name: not is_ours(name, axes)}
    runs: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(repeat):
        for name, keep in variants.items():
            docs = SiteWriter()
            for relative, content in writer.files.items():
                if keep(relative):
                    docs.add(relative, content)
            docs.write(paths.build_docs)
            site = paths.build / "bench-site"
            shutil.rmtree(site, ignore_errors=True)
            started = time.perf_counter()
            assert run_mkdocs(paths, site) == 0, "mkdocs build failed"
            runs[name].append(time.perf_counter() - started)
    return statistics.median(runs["all"]), statistics.median(runs["without"])


def bench(paths: Paths, label: str, repeat: int, with_mkdocs: bool) -> None:
    corpus, problems = load_corpus(paths, today=TODAY)
    assert not [p for p in problems if p.severity == "error"], problems[:3]
    env = make_environment(corpus)
    list(render_meta_analysis(env, corpus, TODAY))  # warm-up: fonts, caches; the cold cost is measured below
    timings = {
        "charts+page": median_time(lambda: list(render_meta_analysis(env, corpus, TODAY)), repeat),
        "compare": median_time(lambda: list(render_comparisons(env, corpus)), repeat),
        "exports": median_time(lambda: list(render_exports(env, corpus)), repeat),
        "citation files": median_time(lambda: list(render_citation_files(corpus, TODAY)), repeat),
        "generate (all)": median_time(lambda: generate(paths, corpus, TODAY), repeat),
    }
    writer = generate(paths, corpus, TODAY)
    ours = [name for name in writer.files if is_ours(name, corpus.vocabularies)]
    print(f"\n{label}: {len(corpus.papers)} papers; these renderers write {len(ours)} of {len(writer.files)} "
          f"files, {sum(len(writer.files[n]) for n in ours) / 1e6:.1f} MB (medians of {repeat})")
    for name, seconds in timings.items():
        print(f"  {name + ', warm':<22} {seconds:7.2f} s")
    full, without = cold_generate_times(paths, repeat)
    print(f"  {'generate, cold, all':<22} {full:7.2f} s\n  {'generate, cold, without':<22} {without:7.2f} s\n"
          f"  {'generate, cold, added':<22} {full - without:7.2f} s")
    if with_mkdocs:
        full, without = mkdocs_times(paths, writer, repeat, corpus.vocabularies)
        print(f"  {'mkdocs, all':<22} {full:7.2f} s\n  {'mkdocs, without':<22} {without:7.2f} s\n"
              f"  {'mkdocs, added':<22} {full - without:7.2f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 5000], help="0 = the real entries/")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-mkdocs", dest="mkdocs", action="store_false")
    args = parser.parse_args()
    source = Paths(find_root() or Path.cwd())
    print(f"import matplotlib + charts (fresh process): {import_time(args.repeat):.2f} s")
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="bench-analysis-") as folder:
            if size:
                paths, label = write_synthetic_repo(source, Path(folder), size, seed=0), "synthetic"
            else:
                paths, label = Paths(Path(folder)), "real entries"
                for name in ("mkdocs.yml",):
                    shutil.copy(source.root / name, paths.root / name)
                for sub in ("data", "docs", "entries", "scripts/fmreview/theme"):
                    shutil.copytree(source.root / sub, paths.root / sub)
            bench(paths, label, args.repeat, args.mkdocs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

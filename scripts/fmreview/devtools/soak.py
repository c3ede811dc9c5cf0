"""The scale soak: `review validate` and `review build` on synthetic corpora of 1,000 and 10,000 entries, each in
a fresh process, with wall time and peak memory (the process's maximum resident set, from wait4). A benchmark,
not a test: it prints figures and the growth from the smallest size to each larger one.

    python -m fmreview.devtools.soak --sizes 1000 10000 [--no-mkdocs]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..config import Paths, find_root
from .synthetic import SYNTHETIC_TODAY, write_synthetic_repo


def measure(command: list[str], cwd: Path) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds (user + system, its children included), peak resident MB and exit code of
    one command run to completion. CPU time is the figure to compare on a shared, loaded machine."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    process.stderr.read()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    _, status, usage = os.wait4(process.pid, 0)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command and the processes it waited for (mkdocs)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak = max(usage.ru_maxrss, after.ru_maxrss if after.ru_maxrss > before.ru_maxrss else 0) / 1024
    return time.perf_counter() - started, cpu, peak, os.waitstatus_to_exitcode(status)


def soak(sizes: list[int], with_mkdocs: bool) -> int:
    source = Paths(find_root() or Path.cwd())
    review = [sys.executable, "-m", "fmreview.cli", "--today", SYNTHETIC_TODAY.isoformat()]
    build = [*review, "build"] + ([] if with_mkdocs else ["--no-mkdocs"])
    rows: list[tuple[int, str, float, float]] = []
    print(f"{'entries':>8} {'command':>9} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} {'CPU s per 1k':>13}")
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix=f"review-soak-{n}-") as folder:
            paths = write_synthetic_repo(source, Path(folder), n)
            for name, command in (("validate", [*review, "validate"]), ("build", build)):
                wall, seconds, peak, code = measure(command, paths.root)
                if code != 0:
                    print(f"review {name} failed on {n} entries (exit {code})", file=sys.stderr)
                    return 1
                rows.append((n, name, seconds, peak))
                print(f"{n:>8} {name:>9} {wall:>8.1f} {seconds:>8.1f} {peak:>8.0f} {1000 * seconds / n:>13.2f}",
                      flush=True)
    smallest = min(sizes)
    for n, name, seconds, _ in rows:
        if n != smallest:
            base = next(s for m, c, s, _ in rows if m == smallest and c == name)
            print(f"{name}: {n // smallest}x the entries took {seconds / base:.1f}x the CPU time")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--no-mkdocs", dest="mkdocs", action="store_false")
    args = parser.parse_args(argv)
    return soak(args.sizes, args.mkdocs)


if __name__ == "__main__":
    sys.exit(main())

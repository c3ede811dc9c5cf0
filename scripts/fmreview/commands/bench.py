"""`review bench`: our full build against the floor (a plain mkdocs-material site of as many paper pages, see
floor.py), measured in the same run, plus the live preview's latency from saving an entry to the page showing it.

Every build runs in a fresh process, as a reader of the README runs it (`review build`, `mkdocs build`); ours and
the floor's alternate so that the machine's load hits both alike, and the medians are printed with their ratio.
Peak memory is the largest resident set of any process of the build. The preview is the real `review serve` on a
free port: an entry is saved, the live-reload long poll answers, and the page is fetched until it shows the edit.
"""

from __future__ import annotations

import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from ..config import Paths
from ..devtools.floor import write_floor_site
from ..devtools.synthetic import SYNTHETIC_TODAY, write_synthetic_repo

_MEASURE = """import resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(code, time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """(seconds, peak MB) of one command run in a fresh process tree."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    out = subprocess.run([sys.executable, "-c", _MEASURE, *command], cwd=cwd, env=env, capture_output=True,
                         text=True, check=True).stdout.split()
    if out[0] != "0":
        raise RuntimeError(f"{' '.join(command)} failed (exit {out[0]}) in {cwd}")
    return float(out[1]), int(out[2]) / 1024


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, timeout: float = 120) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as answer:  # 127.0.0.1: our own server
        return answer.read().decode("utf-8", errors="replace")


def preview_latency(paths: Paths, saves: int) -> list[float]:
    """Seconds from saving one entry to the served page showing the edit, for each of `saves` saves."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    paths.build.mkdir(exist_ok=True)
    log = (paths.build / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "fmreview.cli", "--today", SYNTHETIC_TODAY.isoformat(), "serve",
                               "--addr", f"127.0.0.1:{port}"], cwd=paths.root, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 900
        while True:  # a benchmark may wait for its server; the tests never do this
            try:
                _get(base, timeout=5)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"review serve did not start; see {paths.build / 'serve.log'}") from None
                time.sleep(0.2)
        entry = sorted(paths.entries.glob("*.yaml"))[len(list(paths.entries.glob("*.yaml"))) // 2]
        page = f"{base}papers/{entry.stem}/"
        latencies = []
        for n in range(saves):
            html = _get(page)
            epoch = re.search(r"livereload\((\d+),\s*(\d+)\)", html)
            token = f"benchmarkedit{n}x{port}"
            text = entry.read_text(encoding="utf-8")
            edited = re.sub(r"^summary: .*$", f"summary: An edit the benchmark looks for, {token}.", text,
                            count=1, flags=re.MULTILINE)
            started = time.perf_counter()
            temporary = entry.with_suffix(".tmp~")
            temporary.write_text(edited, encoding="utf-8")
            os.replace(temporary, entry)  # as editors save
            while True:
                if epoch:
                    _get(f"{base}livereload/{epoch[1]}/{epoch[2]}")  # answers once a newer build is visible
                html = _get(page)
                if token in html:
                    break
                epoch = re.search(r"livereload\((\d+),\s*(\d+)\)", html)
            latencies.append(time.perf_counter() - started)
        return latencies
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()


def run_benchmark(source: Paths, sizes: list[int], repeat: int, saves: int) -> int:
    print(f"{'entries':>8} {'ours s':>8} {'floor s':>8} {'ratio':>6} {'ours MB':>8} {'floor MB':>9} {'preview s':>10}"
          f"   (medians: builds of {repeat} runs each, preview of {saves} saves)")
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix=f"review-bench-{n}-") as folder:
            ours = write_synthetic_repo(source, Path(folder) / "review", n)
            floor_config = write_floor_site(Path(folder) / "floor", n)
            build = [sys.executable, "-m", "fmreview.cli", "--today", SYNTHETIC_TODAY.isoformat(), "build"]
            floor = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(floor_config),
                     "--site-dir", str(Path(folder) / "floor-site")]
            ours_runs, floor_runs = [], []
            for _ in range(repeat):  # alternating, so that the load of the machine hits both alike
                ours_runs.append(timed(build, ours.root))
                floor_runs.append(timed(floor, floor_config.parent))
            latency = preview_latency(ours, saves) if saves else [float("nan")]
        ours_s, floor_s = (statistics.median(r[0] for r in runs) if runs else float("nan")
                           for runs in (ours_runs, floor_runs))
        ours_mb, floor_mb = (max((r[1] for r in runs), default=float("nan")) for runs in (ours_runs, floor_runs))
        print(f"{n:>8} {ours_s:>8.1f} {floor_s:>8.1f} {ours_s / floor_s:>6.2f} {ours_mb:>8.0f} {floor_mb:>9.0f} "
              f"{statistics.median(latency):>10.2f}")
        sys.stdout.flush()
    return 0


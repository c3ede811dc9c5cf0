"""Benchmark the papers explorer in Chromium at scale, and report the numbers issue 6 asks for.

    .venv/bin/python -m fmreview.devtools.bench_explorer [--rows 5000] [--runs 5] [--site build/site]

Builds a synthetic corpus of --rows entries (fmreview.devtools.synthetic, seeded) with the real pipeline
(`build_site`: generate + mkdocs build --strict), serves it on 127.0.0.1, and in headless Chromium measures
per-keystroke filter latency (typing into the free-text box, 120 ms apart) and per-click latency (ticking
facet terms), each as (a) the script's work plus style and layout, forced synchronously, and (b) the time
until the next frame has been produced (which includes waiting for the frame clock). Prints medians and p95
over --runs page loads, the explorer's page weight (every byte the page loads, and our own files) and the
search index size of the synthetic site and of build/site (the real corpus, if built).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from fmreview.commands.build import build_site
from fmreview.config import Paths, find_root
from fmreview.devtools.browser import LAUNCH_ARGS, ensure_chromium, serve_folder
from fmreview.devtools.synthetic import write_synthetic_repo

QUERY = "segmentation model"  # typed one key at a time; words the synthetic titles are made of
SETTLE_MS = 2000
PAUSE_MS = 120  # between keystrokes and clicks: a fast typist's pace (the address bar is written in the pauses)
FACET_CLICKS = ["modalities=ct", "modalities=mri", "code=yes", "tasks=segmentation", "category=vision-only"]

# Runs in the page: one keystroke or click at a time, timed twice (see the module docstring).
MEASURE_JS = """
async ([query, clicks, pause]) => {
  const frame = () => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
  const rest = () => new Promise(done => setTimeout(done, pause));
  const input = document.querySelector("#fm-q");
  const keys = [], keysFrame = [], ticks = [], ticksFrame = [];
  await frame();
  for (const ch of query) {
    let t0 = performance.now();
    input.value += ch;
    input.dispatchEvent(new Event("input", {bubbles: true}));
    void document.body.offsetHeight;
    keys.push(performance.now() - t0);
    await frame();
    keysFrame.push(performance.now() - t0);
    await rest();
  }
  input.value = "";
  input.dispatchEvent(new Event("input", {bubbles: true}));
  await frame();
  for (const spec of clicks) {
    const [name, value] = spec.split("=");
    const box = document.querySelector(`#fm-filters input[name="${name}"][value="${value}"]`);
    let t0 = performance.now();
    box.click();
    void document.body.offsetHeight;
    ticks.push(performance.now() - t0);
    await frame();
    ticksFrame.push(performance.now() - t0);
    await rest();
  }
  return {keys, keysFrame, ticks, ticksFrame,
          rows: document.querySelectorAll("#fm-table tbody tr").length,
          status: document.querySelector("#fm-status").textContent};
}
"""


def _build(root: Paths, rows: int, folder: Path) -> Path:
    started = time.perf_counter()
    paths = write_synthetic_repo(root, folder / "repo", rows)
    with open(os.devnull, "w") as quiet, contextlib.redirect_stderr(quiet):  # the synthetic warnings
        built = build_site(paths, today=date(2026, 11, 28))
    if built != 0:
        sys.exit("bench_explorer: the synthetic site did not build (run `review bench` to see why)")
    print(f"built a {rows}-entry site in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return paths.build_site


def _weight(site: Path, urls: list[str], base: str) -> tuple[int, int, dict[str, int]]:
    """Bytes (raw and gzipped) of every same-site file the page loaded, and ours by name."""
    raw = zipped = 0
    ours: dict[str, int] = {}
    for url in dict.fromkeys(urls):
        relative = url.removeprefix(base).split("?")[0].split("#")[0]
        path = site / (relative + "index.html" if relative.endswith("/") or not relative else relative)
        if not path.is_file():
            continue
        data = path.read_bytes()
        raw += len(data)
        zipped += len(gzip.compress(data, 6))
        if relative in ("papers/", "papers/explorer.json", "assets/explorer.js", "assets/explorer.css"):
            ours[relative or "papers/"] = len(data)
    return raw, zipped, ours


def measure(site: Path, runs: int, search: bool = True) -> None:
    from playwright.sync_api import sync_playwright

    results: dict[str, list[float]] = {"keys": [], "keysFrame": [], "ticks": [], "ticksFrame": []}
    mounts: list[float] = []
    with serve_folder(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=ensure_chromium(), args=LAUNCH_ARGS)
        urls: list[str] = []
        for run in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            if run == 0:
                page.on("requestfinished", lambda request: urls.append(request.url))
            if not search:
                page.route("**/search/search_index.json", lambda route: route.abort())
            started = time.perf_counter()
            page.goto(base + "papers/")
            page.wait_for_selector(".fm-explorer--live")
            mounts.append(time.perf_counter() - started)
            # Let the page settle (Material's search worker indexes search_index.json after loading).
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(SETTLE_MS)
            found = page.evaluate(MEASURE_JS, [QUERY, FACET_CLICKS, PAUSE_MS])
            for key in results:
                results[key] += found[key]
            page.close()
        browser.close()
    raw, zipped, ours = _weight(site, urls, base)

    def line(name: str, values: list[float]) -> str:
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        return (f"  {name:<38} median {statistics.median(values):6.1f} ms   p95 {p95:6.1f} ms   "
                f"max {max(values):6.1f} ms")

    print(f"filter latency{'' if search else ' (search index blocked)'}, {runs} page loads, {len(QUERY)} "
          f"keystrokes and {len(FACET_CLICKS)} clicks each; last view: {found['status']}, {found['rows']} rows drawn")
    print(line("keystroke: script + style + layout", results["keys"]))
    print(line("keystroke: until the next frame", results["keysFrame"]))
    print(line("facet click: script + style + layout", results["ticks"]))
    print(line("facet click: until the next frame", results["ticksFrame"]))
    print(f"  page load until the filters are live: median {statistics.median(mounts) * 1000:.0f} ms")
    print(f"page weight: {raw / 1e6:.2f} MB ({zipped / 1e6:.2f} MB gzipped) in {len(set(urls))} requests; ours: "
          + ", ".join(f"{name} {size / 1e3:.0f} kB" for name, size in sorted(ours.items())))


def search_index(site: Path) -> str:
    index = site / "search" / "search_index.json"
    if not index.is_file():
        return "not built"
    data = index.read_bytes()
    return f"{len(data) / 1e6:.2f} MB ({len(gzip.compress(data, 6)) / 1e6:.2f} MB gzipped)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5000, help="synthetic entries (default 5000)")
    parser.add_argument("--runs", type=int, default=5, help="page loads to take the median over (default 5)")
    parser.add_argument("--site", type=Path, help="an already built site to measure instead of a synthetic one")
    parser.add_argument("--no-search", dest="search", action="store_false",
                        help="block Material's search index, to time the explorer alone")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build the synthetic site in DIR and keep it")
    args = parser.parse_args()
    root = Paths(find_root() or Path.cwd())
    if args.site:
        measure(args.site, args.runs, args.search)
        print(f"search index of {args.site}: {search_index(args.site)}")
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-explorer-") as folder:
        site = _build(root, args.rows, args.keep or Path(folder))
        measure(site, args.runs, args.search)
        print(f"search index at {args.rows} entries: {search_index(site)}")
    print(f"search index of the real corpus (build/site): {search_index(root.build_site)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

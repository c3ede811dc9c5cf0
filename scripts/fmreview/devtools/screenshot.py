"""Take the README's screenshots from the built site (run `review build` first): the home page (model picker,
evidence map) and a filtered view of the papers explorer.

    .venv/bin/python -m fmreview.devtools.screenshot [--site build/site] [--out docs/assets]

Serves the site on 127.0.0.1, opens each view in headless Chromium and saves a PNG of the window.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fmreview.config import find_root
from fmreview.devtools.browser import LAUNCH_ARGS, ensure_chromium, serve_folder

VIEWS = (  # (file, address, what to wait for)
    ("home.png", "", ".fm-picker"),
    ("explorer.png", "papers/?modalities=ct&modalities=mri&weights=yes", ".fm-explorer--live"),  # CT or MRI, weights
)


def main() -> int:
    root = find_root() or Path.cwd()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=root / "build" / "site")
    parser.add_argument("--out", type=Path, default=root / "docs" / "assets")
    args = parser.parse_args()
    if not (args.site / "papers" / "index.html").is_file():
        print(f"screenshot: {args.site} holds no built site; run `review build` first", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with serve_folder(args.site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=ensure_chromium(), args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900}, device_scale_factor=1)
        for name, view, ready in VIEWS:
            page.goto(base + view, wait_until="networkidle")
            page.wait_for_selector(ready)
            page.screenshot(path=str(args.out / name))
            print(f"wrote {args.out / name}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

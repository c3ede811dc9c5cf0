"""`review serve`'s regeneration: an edited entry shows up in build/docs; a broken one leaves the last pages."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from conftest import FIXTURES, make_repo
from fmreview.serve import regenerate, watch


def wait_for(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_watch_regenerates_changed_entries_and_keeps_pages_on_errors(tmp_path: Path) -> None:
    paths = make_repo(tmp_path, FIXTURES / "corpus")
    assert regenerate(paths)
    page = paths.build_docs / "papers" / "medsam.md"
    assert "MedSAM-Renamed" not in page.read_text()
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(paths, 0.2, stop), daemon=True)
    thread.start()
    try:
        entry = paths.entries / "medsam.yaml"
        entry.write_text(entry.read_text().replace("model: MedSAM", "model: MedSAM-Renamed"))
        assert wait_for(lambda: "MedSAM-Renamed" in page.read_text())
        entry.write_text(entry.read_text().replace("category: vision-only", "category: visiononly"))
        time.sleep(1.0)
        assert "MedSAM-Renamed" in page.read_text()  # the last good page stays up
    finally:
        stop.set()
        thread.join(timeout=5)

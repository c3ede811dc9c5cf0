"""`review serve`'s regeneration: an edited entry shows up in build/docs; a broken entry or docs page leaves the
last good pages up and says where the error is. No sleeps: polls are driven by the test or waited on as events."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from conftest import FIXTURES, TODAY, make_repo
from fmreview.commands.serve import Watcher, regenerate
from fmreview.config import Paths


@pytest.fixture
def served(tmp_path: Path) -> Paths:
    paths = make_repo(tmp_path, FIXTURES / "corpus")
    assert regenerate(paths, TODAY)
    return paths


def edit(path: Path, old: str, new: str) -> None:
    """Save as editors do: the new bytes appear at once (a poll never sees half a file)."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    temporary = path.with_suffix(".tmp~")
    temporary.write_text(text.replace(old, new), encoding="utf-8")
    os.replace(temporary, path)


def test_an_edit_made_right_after_the_watcher_starts_is_seen(served: Paths) -> None:
    page = served.build_docs / "papers" / "medsam.md"
    watcher = Watcher(served, TODAY)
    edit(served.entries / "medsam.yaml", "model: MedSAM", "model: MedSAM-Renamed")  # before any poll
    assert watcher.poll()
    assert "MedSAM-Renamed" in page.read_text(encoding="utf-8")
    assert not watcher.poll()  # nothing changed since


def test_an_invalid_entry_keeps_the_last_good_page(served: Paths, capsys: pytest.CaptureFixture[str]) -> None:
    page = served.build_docs / "papers" / "medsam.md"
    before = page.read_text(encoding="utf-8")
    watcher = Watcher(served, TODAY)
    edit(served.entries / "medsam.yaml", "category: vision-only", "category: visiononly")
    assert watcher.poll()
    assert page.read_text(encoding="utf-8") == before
    err = capsys.readouterr().err
    assert "entries/medsam.yaml:" in err and "unknown category 'visiononly'" in err and "last good pages" in err


def test_a_broken_docs_template_keeps_the_last_good_pages(served: Paths, capsys: pytest.CaptureFixture[str]) -> None:
    index = served.build_docs / "index.md"
    before = index.read_text(encoding="utf-8")
    watcher = Watcher(served, TODAY)
    with (served.docs / "index.md").open("a", encoding="utf-8") as page:
        page.write("\n{{ broken \n")
    assert watcher.poll()
    assert index.read_text(encoding="utf-8") == before
    err = capsys.readouterr().err
    assert "docs/index.md:" in err and "error: template" in err and "Traceback" not in err


def test_the_watcher_thread_regenerates_without_missing_an_edit(served: Paths) -> None:
    page = served.build_docs / "papers" / "medsam.md"
    watcher = Watcher(served, TODAY)
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
    thread.start()
    try:
        edit(served.entries / "medsam.yaml", "model: MedSAM", "model: MedSAM-Threaded")
        assert watcher.regenerated.wait(timeout=600)  # an event, not a sleep: returns as soon as it is set
        assert "MedSAM-Threaded" in page.read_text(encoding="utf-8")
    finally:
        watcher.stop(stop)
        thread.join(timeout=600)
    assert not thread.is_alive()


def test_the_edited_page_is_written_first_and_the_listings_right_after(served: Paths) -> None:
    from fmreview.commands.serve import Preview

    preview = Preview(served, TODAY)
    assert preview.regenerate()  # the first regeneration writes everything
    page, listing = served.build_docs / "papers" / "medsam.md", served.build_docs / "papers" / "index.md"
    edit(served.entries / "medsam.yaml", "model: MedSAM", "model: MedSAM-First")
    assert preview.regenerate(pages_first=True)
    assert "MedSAM-First" in page.read_text(encoding="utf-8")
    assert "MedSAM-First" not in listing.read_text(encoding="utf-8") and preview.pending
    assert preview.finish() and not preview.pending
    assert "MedSAM-First" in listing.read_text(encoding="utf-8")
    assert not preview.finish()  # nothing left to write
    assert set(preview.changed) >= {"papers/index.md", "papers/explorer.json"}

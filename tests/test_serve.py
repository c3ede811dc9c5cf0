"""`review serve`'s regeneration: an edited entry shows up in build/docs; a broken entry or docs page leaves the
last good pages up and says where the error is. No sleeps: polls are driven by the test or waited on as events."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from conftest import FIXTURES, TODAY, make_repo
from fmreview.commands.serve import Preview, Watcher, regenerate
from fmreview.config import Paths


@pytest.fixture
def served(tmp_path: Path) -> Paths:
    paths = make_repo(tmp_path, FIXTURES / "corpus")
    assert regenerate(paths, TODAY)
    return paths


@pytest.fixture
def preview(tmp_path: Path) -> Preview:
    """A preview that has written everything once, as `review serve` does first."""
    made = Preview(make_repo(tmp_path, FIXTURES / "corpus"), TODAY)
    assert made.regenerate()
    return made


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


def test_the_edited_page_is_written_first_and_the_listings_right_after(preview: Preview) -> None:
    served = preview.paths
    page, listing = served.build_docs / "papers" / "medsam.md", served.build_docs / "papers" / "index.md"
    edit(served.entries / "medsam.yaml", "model: MedSAM", "model: MedSAM-First")
    assert preview.regenerate(pages_first=True)
    assert "MedSAM-First" in page.read_text(encoding="utf-8")
    assert "MedSAM-First" not in listing.read_text(encoding="utf-8") and preview.pending
    assert preview.finish() and not preview.pending
    assert "MedSAM-First" in listing.read_text(encoding="utf-8")
    assert not preview.finish()  # nothing left to write
    assert set(preview.changed) >= {"papers/index.md", "papers/explorer.json"}


def test_the_rest_of_an_edit_stops_for_a_newer_one_and_follows_later(preview: Preview) -> None:
    served = preview.paths
    listing = served.build_docs / "papers" / "index.md"
    edit(served.entries / "medsam.yaml", "model: MedSAM", "model: MedSAM-Later")
    assert preview.regenerate(pages_first=True) and preview.changed == ["papers/medsam.md"]
    assert not preview.finish(stop=lambda: True) and preview.pending  # stopped: nothing more written
    assert "MedSAM-Later" not in listing.read_text(encoding="utf-8")
    assert preview.finish() and "MedSAM-Later" in listing.read_text(encoding="utf-8")


def test_a_new_entry_is_not_a_quick_edit(preview: Preview) -> None:
    served = preview.paths
    text = (served.entries / "medsam.yaml").read_text(encoding="utf-8")
    (served.entries / "medsam-copy.yaml").write_text(
        text.replace("id: medsam", "id: medsam-copy").replace('arxiv: "2304.12306"', 'arxiv: "2304.99999"')
        .replace("doi: 10.1038/s41467-024-44824-z\n", "").replace("Segment", "Copy"),
        encoding="utf-8")
    assert preview.regenerate(pages_first=True) and not preview.pending  # everything, at once
    assert (served.build_docs / "papers" / "medsam-copy.md").is_file()
    assert "medsam-copy" in (served.build_docs / "papers" / "explorer.json").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_preview_rebuilds_one_page_as_a_full_build_writes_it(served: Paths, tmp_path: Path) -> None:
    """After an edit, mkdocs rebuilds the edited page alone (livebuild.py): the page is byte for byte what a
    full build writes; a new file takes a full build."""
    from mkdocs.config import load_config

    from fmreview.render.livebuild import LiveBuilder

    preview = Preview(served, TODAY)
    assert preview.regenerate()
    live = LiveBuilder(lambda: load_config(config_file=str(served.mkdocs_yml), site_dir=str(tmp_path / "live")),
                       "http://127.0.0.1:8000/")
    live.full()
    edit(served.entries / "medsam.yaml", "model: MedSAM", "model: MedSAM-Live")
    assert preview.regenerate(pages_first=True)
    assert live.pages(preview.changed)
    page = Path("papers/medsam/index.html")
    assert "MedSAM-Live" in (tmp_path / "live" / page).read_text(encoding="utf-8")
    LiveBuilder(lambda: load_config(config_file=str(served.mkdocs_yml), site_dir=str(tmp_path / "full")),
                "http://127.0.0.1:8000/").full()
    assert (tmp_path / "live" / page).read_bytes() == (tmp_path / "full" / page).read_bytes()
    assert not live.pages(["papers/no-such-page.md"])

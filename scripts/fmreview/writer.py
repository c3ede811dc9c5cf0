"""The one place that touches the disk for generated output.

Renderers hand it (relative path, content); it refuses a path outside the output folder and refuses the same
path twice (two papers slugging to one page is a bug, not a silent overwrite). `write` fills a temporary
sibling folder and swaps it in, so a failed build never leaves a half-written tree; `sync` updates a live
folder in place (for `review serve`, whose file watcher must keep watching the same folder).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path, PurePosixPath


class OutputError(Exception):
    """Two renderers claimed one path, or a path would escape the output folder."""


class SiteWriter:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def add(self, relative: str, content: str | bytes) -> None:
        path = PurePosixPath(relative)
        if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in relative:
            raise OutputError(f"refusing to write outside the output folder: {relative!r}")
        key = path.as_posix()
        if key in self.files:
            raise OutputError(f"two outputs claim {key}; each page needs its own path")
        self.files[key] = content.encode("utf-8") if isinstance(content, str) else content

    def write(self, target: Path) -> None:
        """Write every file into a fresh folder, then replace `target` with it in one rename."""
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
        try:
            self._write_all(staging)
            swap_in(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise

    def sync(self, target: Path) -> int:
        """Bring `target` up to date in place: write changed files, delete stale ones. Returns files changed."""
        changed = 0
        for relative, content in self.files.items():
            path = target / relative
            if path.is_file() and path.read_bytes() == content:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            changed += 1
        for path in sorted(target.rglob("*"), reverse=True):
            relative = path.relative_to(target).as_posix()
            if path.is_file() and relative not in self.files:
                path.unlink()
                changed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
        return changed

    def _write_all(self, root: Path) -> None:
        for relative, content in self.files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)


def swap_in(staging: Path, target: Path) -> None:
    """Replace `target` by the finished folder `staging` (renames on one file system, so readers never see
    a half-written tree), then delete the old one."""
    old = target.with_name(f".{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)

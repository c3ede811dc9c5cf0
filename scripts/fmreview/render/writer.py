"""The one place that touches the disk for generated output.

Renderers hand it (relative path, content); it refuses a path outside the output folder and refuses the same
path twice (two papers slugging to one page is a bug, not a silent overwrite). `write` fills a temporary
sibling folder and swaps it in atomically, so a failed build never leaves a half-written tree and readers never
find the folder missing; `sync` updates a live
folder in place (for `review serve`, whose file watcher must keep watching the same folder).
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath


class OutputError(Exception):
    """Two renderers claimed one path, or a path would escape the output folder."""


class SiteWriter:
    """Outputs by path, kept in `files`; or, given a `folder`, written there as they come, keeping only their
    paths in `names` (a whole build: memory stays that of one page, not of the site)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.files: dict[str, bytes] = {}
        self.folder = folder
        self.names: set[str] = set()

    def claim(self, relative: str) -> str:
        """Register a path (written here, or by a worker process into the same folder); its normal form."""
        path = PurePosixPath(relative)
        if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in relative:
            raise OutputError(f"refusing to write outside the output folder: {relative!r}")
        key = path.as_posix()
        if key in self.names:
            raise OutputError(f"two outputs claim {key}; each page needs its own path")
        self.names.add(key)
        return key

    def add(self, relative: str, content: str | bytes) -> None:
        key = self.claim(relative)
        data = content.encode("utf-8") if isinstance(content, str) else content
        if self.folder is None:
            self.files[key] = data
        else:
            target = self.folder / key
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)

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

    def sync(self, target: Path, previous: Mapping[str, bytes] | None = None) -> list[str]:
        """Bring `target` up to date in place: write changed files, delete stale ones; returns the paths changed.
        `previous` is what the last sync wrote (a live preview keeps it): files equal to it are not even read,
        and only its paths can be stale. Without it, every file is compared with the disk."""
        changed: list[str] = []
        for relative, content in self.files.items():
            path = target / relative
            if previous is not None and previous.get(relative) == content:
                continue
            if previous is None and path.is_file() and path.read_bytes() == content:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            changed.append(relative)
        if previous is not None:
            stale = [target / relative for relative in previous.keys() - self.files.keys()]
        else:
            stale = [p for p in target.rglob("*") if p.is_file() and p.relative_to(target).as_posix() not in self.files]
        for path in sorted(stale, reverse=True):
            path.unlink(missing_ok=True)
            changed.append(path.relative_to(target).as_posix())
            folder = path.parent
            while folder != target and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
        return changed

    def _write_all(self, root: Path) -> None:
        for relative, content in self.files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)


_RENAME_EXCHANGE = 2  # renameat2 flag (Linux 3.15+): swap two paths in one step
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with renameat2(RENAME_EXCHANGE); False where the OS or file system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    done = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0
    if not done and ctypes.get_errno() not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EXDEV):
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(second))
    return done


def swap_in(staging: Path, target: Path) -> None:
    """Replace `target` by the finished folder `staging` with no moment where `target` is missing or
    half-written: an atomic exchange of the two folders where the system has one (Linux), else `target`
    becomes a symbolic link to the newest folder, flipped with one atomic rename. The old tree is deleted."""
    if not target.exists() and not target.is_symlink():
        staging.rename(target)
        return
    if not target.is_symlink() and _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the old tree
        return
    old = (target.parent / os.readlink(target)) if target.is_symlink() else None
    link = target.with_name(f".{target.name}-link")
    link.unlink(missing_ok=True)
    os.symlink(staging.name, link)
    if old is None:  # a real folder becomes a link once; on these systems that first swap has a brief gap
        old = target.with_name(f".{target.name}-old")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
    os.replace(link, target)
    shutil.rmtree(old, ignore_errors=True)


def clean_stale(folder: Path, names: tuple[str, ...]) -> None:
    """Delete what interrupted runs left in `folder`: hidden staging folders `.{name}-*` (never the one a
    live symbolic link points to)."""
    if not folder.is_dir():
        return
    live = {(folder / os.readlink(folder / n)).resolve() for n in names if (folder / n).is_symlink()}
    for path in folder.iterdir():
        if any(path.name.startswith(f".{name}-") for name in names) and path.resolve() not in live:
            if path.is_symlink() or path.is_file():
                path.unlink(missing_ok=True)
            else:
                shutil.rmtree(path, ignore_errors=True)

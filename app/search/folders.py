"""Where an index lives on disk: one folder per build, and a pointer to the current one.

``SEARCH_INDEX_DIR`` holds::

    current -> index-20261127T020000-1a2b3c   (a symlink, swapped atomically)
    index-20261127T020000-1a2b3c/             (Whoosh files, state.json, locks)
    .rebuild.lock                             (one build or clean-up at a time)

A rebuild writes a new folder while searches and the indexer keep using the
old one, then replaces ``current`` with ``os.replace`` (atomic on POSIX), so a
reader always finds a complete index. Work on an index resolves ``current``
once and then uses the real folder, so a swap in the middle cannot mix two
builds. Each app server has its own ``SEARCH_INDEX_DIR`` on local disk (file
locks are unreliable on network file systems), fed by the same change log.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from whoosh.util.filelock import FileLock

CURRENT = "current"
PREFIX = "index-"
REBUILD_LOCK = ".rebuild.lock"
INDEXER_LOCK = "INDEXER.lock"  # held while applying changes and saving the state


class IndexGone(Exception):
    """The folder was removed (replaced by a rebuild) while we were using it."""


def current_folder(root: Path) -> Path | None:
    """The real folder ``current`` points to, or None if there is no index yet."""
    target = _pointer(root)
    while target is not None:
        folder = (root / target).resolve()
        if folder.is_dir():
            return folder
        # A rebuild may have swapped the pointer and removed the old folder
        # between our two steps: look again, unless the link is simply broken.
        again = _pointer(root)
        if again == target:
            return None
        target = again
    return None


def _pointer(root: Path) -> str | None:
    try:
        return os.readlink(root / CURRENT)
    except (FileNotFoundError, NotADirectoryError):
        return None


def new_folder(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    folder = root / f"{PREFIX}{stamp}-{secrets.token_hex(3)}"
    folder.mkdir()
    return folder


def swap(root: Path, folder: Path) -> None:
    """Point ``current`` at ``folder`` in one atomic step."""
    temp = root / f".{CURRENT}-{secrets.token_hex(4)}"
    os.symlink(folder.name, temp)
    try:
        os.replace(temp, root / CURRENT)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


@contextmanager
def try_lock(path: Path) -> Iterator[bool]:
    """A file lock taken without waiting: yields whether we hold it.

    An flock dies with its process, so a crash never leaves a stale lock.

    :raise IndexGone: the folder of ``path`` no longer exists.
    """
    lock = FileLock(str(path))
    try:
        acquired = lock.acquire(blocking=False)
    except FileNotFoundError as error:
        raise IndexGone(str(path.parent)) from error
    try:
        yield acquired
    finally:
        if acquired:
            lock.release()


@contextmanager
def rebuild_lock(root: Path) -> Iterator[bool]:
    """Serialises creating folders, swapping and removing old ones."""
    root.mkdir(parents=True, exist_ok=True)
    with try_lock(root / REBUILD_LOCK) as acquired:
        yield acquired


def remove_old(root: Path, keep: Path) -> list[Path]:
    """Delete every index folder but ``keep``; call with the rebuild lock held.

    A folder whose indexer lock is taken (a process still applying changes to
    the old index) is left for the next clean-up. Open searchers keep working:
    their files are already open, and POSIX removes them only when closed.
    """
    removed = []
    for folder in sorted(root.glob(f"{PREFIX}*")):
        if folder == keep or not folder.is_dir():
            continue
        try:
            with try_lock(folder / INDEXER_LOCK) as acquired:
                if acquired:
                    shutil.rmtree(folder, ignore_errors=True)
                    removed.append(folder)
        except IndexGone:
            continue
    return removed

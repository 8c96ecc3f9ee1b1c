"""SQLite: copy with the online backup API, which is safe while the app writes.

``Connection.backup`` in one step reads the whole database inside a single
read transaction: in WAL mode writers carry on meanwhile, and the copy is the
database as it was when the step began, never a mix. (Copying in several
steps would restart whenever another connection writes in between, and
could never finish under a steady stream of comments.) Copying the file with
``cp`` instead could catch a write half done, or miss what is still in the
``-wal`` file.
"""

from __future__ import annotations

import gzip
import sqlite3
import zlib
from contextlib import closing
from pathlib import Path

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.pool import NullPool

from app.backup import inventory
from app.backup.archive import CHUNK, BackupError
from app.backup.progress import Progress

BUSY_SECONDS = 30  # how long to wait for the app's writer to let go
RESTORE_STEP = 1024  # pages copied between two progress updates


def database_file(url: sa.URL) -> Path:
    """The file behind a ``sqlite:///`` URL.

    :raise BackupError: an in-memory database, which no other process can see.
    """
    name = url.database or ""
    if name in {"", ":memory:"} or "mode=memory" in name:
        raise BackupError(_("Basis data SQLite di memori tidak bisa dicadangkan."))
    return Path(name)


def copy_database(
    url: sa.URL, workdir: Path, progress: Progress
) -> tuple[Path, dict[str, int], str | None]:
    """Copy the database into ``workdir``, gzip it; the payload, row counts
    and revision (both read from the copy, so they match it exactly)."""
    source_path = database_file(url)
    if not source_path.is_file():
        raise BackupError(_("Basis data %(path)s tidak ditemukan.", path=source_path))
    copy = workdir / "copy.sqlite3"
    progress.phase(_("Menyalin basis data"), 1)
    try:
        with (
            closing(sqlite3.connect(source_path, timeout=BUSY_SECONDS)) as source,
            closing(sqlite3.connect(copy)) as target,
        ):
            source.backup(target)
    except sqlite3.Error as error:
        raise BackupError(
            _("SQLite tidak bisa menyalin basis data: %(error)s", error=error)
        ) from error
    progress.advance()
    counts, revision = _inventory(copy, progress)
    _make_standalone(copy)
    payload = workdir / "database.sqlite3.gz"
    _compress(copy, payload, progress)
    copy.unlink()
    return payload, counts, revision


def _inventory(path: Path, progress: Progress) -> tuple[dict[str, int], str | None]:
    engine = sa.create_engine(f"sqlite:///{path}", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            names = inventory.table_names(connection)
            progress.phase(_("Menghitung baris"), len(names))
            counts = inventory.row_counts(connection, lambda _name: progress.advance())
            return counts, inventory.revision(connection)
    finally:
        engine.dispose()


def _make_standalone(path: Path) -> None:
    """One self-contained file: no WAL to carry along, and checked whole."""
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
        _check_integrity(connection)


def _check_integrity(connection: sqlite3.Connection) -> None:
    result = connection.execute("PRAGMA quick_check").fetchone()
    if result is None or result[0] != "ok":
        raise BackupError(
            _("Salinan SQLite tidak utuh (quick_check: %(result)s).", result=result)
        )


def _compress(source: Path, target: Path, progress: Progress) -> None:
    progress.phase(_("Memadatkan"), source.stat().st_size)
    with source.open("rb") as raw, gzip.open(target, "wb", compresslevel=6) as out:
        while chunk := raw.read(CHUNK):
            out.write(chunk)
            progress.advance(len(chunk))


def restore_database(
    url: sa.URL, payload: Path, workdir: Path, progress: Progress
) -> None:
    """Replace the database behind ``url`` with the gzipped copy ``payload``.

    The copy is unpacked and checked before the target is touched; the backup
    API then writes it into the target in one transaction.
    """
    target_path = database_file(url)
    copy = workdir / "restore.sqlite3"
    progress.phase(_("Membuka salinan"), payload.stat().st_size)
    try:
        with gzip.open(payload, "rb") as packed, copy.open("wb") as out:
            while chunk := packed.read(CHUNK):
                out.write(chunk)
                progress.advance(len(chunk) // 4)  # roughly the packed bytes
        with closing(sqlite3.connect(copy)) as connection:
            _check_integrity(connection)
    except (OSError, EOFError, zlib.error, sqlite3.Error) as error:
        raise BackupError(
            _("Salinan SQLite di dalam cadangan rusak: %(error)s", error=error)
        ) from error
    try:
        _copy_pages(copy, target_path, progress)
    except sqlite3.Error as error:
        raise BackupError(
            _("SQLite tidak bisa memulihkan basis data: %(error)s", error=error)
        ) from error


def _copy_pages(source_path: Path, target_path: Path, progress: Progress) -> None:
    with (
        closing(sqlite3.connect(source_path)) as source,
        closing(sqlite3.connect(target_path, timeout=BUSY_SECONDS)) as target,
    ):
        pages = source.execute("PRAGMA page_count").fetchone()[0]
        progress.phase(_("Memulihkan"), pages)
        done = 0

        def report(_status: int, remaining: int, total: int) -> None:
            nonlocal done
            progress.advance(total - remaining - done)
            done = total - remaining

        source.backup(target, pages=RESTORE_STEP, progress=report)

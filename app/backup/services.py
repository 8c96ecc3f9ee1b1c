"""Making and restoring backups of the configured database.

``create_backup`` copies whichever database the app uses (SQLite or
PostgreSQL) into one backup file; ``restore_backup`` puts one back, into an
instance with no data only unless told to overwrite, and checks every table's
row count against the manifest before declaring success.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from app.backup import inventory, pg_backup, sqlite_backup
from app.backup.archive import (
    BackupError,
    Manifest,
    extract_payload,
    file_digest,
    read_manifest,
    write_archive,
)
from app.backup.progress import Progress, Silent
from app.extensions import db
from app.logs import log_event
from app.models.base import utcnow

# Name of a backup written into a folder: sorts by time, so retention can
# keep the newest by name alone.
NAME_PATTERN = "lumbung-*.lpbackup"
SUPPORTED = ("sqlite", "postgresql")


@dataclass
class BackupReport:
    path: Path
    manifest: Manifest
    size: int  # bytes of the backup file
    seconds: float
    removed: list[Path] = field(default_factory=list)  # older backups pruned


@dataclass
class RestoreReport:
    path: Path
    manifest: Manifest
    seconds: float
    latest_revision: str | None  # the newest migration this code ships

    @property
    def needs_upgrade(self) -> bool:
        return self.manifest.revision != self.latest_revision


def backup_file_name(now: datetime) -> str:
    return f"lumbung-{now:%Y%m%dT%H%M%SZ}.lpbackup"


def create_backup(
    target: Path, *, keep: int | None = None, progress: Progress | None = None
) -> BackupReport:
    """Back the database up into ``target``: a new file, or a folder (the
    file is then named for the time, and ``keep`` prunes all but the newest).

    :raise BackupError: the target exists, or the copy failed.
    """
    started = time.monotonic()
    progress = progress or Silent()
    path = target / backup_file_name(utcnow()) if target.is_dir() else target
    if path.exists():
        raise BackupError(_("%(path)s sudah ada; cadangan tidak ditimpa.", path=path))
    if not path.parent.is_dir():
        raise BackupError(_("Folder %(path)s tidak ada.", path=path.parent))
    kind = _kind()
    # Beside the backup: same disk for the final rename; mode 700.
    with (
        _database_errors(),
        tempfile.TemporaryDirectory(dir=path.parent, prefix=".lumbung-") as work,
    ):
        manifest, payload = _copy(kind, Path(work), progress)
        manifest.payload_sha256, manifest.payload_size = file_digest(payload)
        size = write_archive(path, manifest, payload)
    removed = prune(target, keep) if keep and target.is_dir() else []
    log_event("backup.created", kind=kind, path=str(path), size=size)
    return BackupReport(path, manifest, size, time.monotonic() - started, removed)


@contextmanager
def _database_errors() -> Iterator[None]:
    """A database that does not answer is a message, not a traceback. The
    driver's text names host and database, never the password."""
    try:
        yield
    except sa.exc.SQLAlchemyError as error:
        reason = getattr(error, "orig", None) or error
        raise BackupError(
            _("Basis data tidak bisa dipakai: %(reason)s", reason=reason)
        ) from error


def _kind() -> str:
    kind = db.engine.dialect.name
    if kind not in SUPPORTED:
        raise BackupError(
            _("Basis data %(kind)s tidak didukung untuk cadangan.", kind=kind)
        )
    return kind


def _copy(kind: str, work: Path, progress: Progress) -> tuple[Manifest, Path]:
    created_at = utcnow().isoformat()
    if kind == "sqlite":
        payload, counts, revision = sqlite_backup.copy_database(
            db.engine.url, work, progress
        )
        return Manifest(kind, created_at, revision, counts), payload
    payload, counts, revision, server = pg_backup.dump_database(
        db.engine, work, progress
    )
    manifest = Manifest(kind, created_at, revision, counts, server_version=server)
    return manifest, payload


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest backups in ``folder``; those deleted."""
    backups = sorted(folder.glob(NAME_PATTERN))
    old = backups[:-keep] if keep > 0 else backups
    for path in old:
        path.unlink()
    return old


def restore_backup(
    source: Path, *, overwrite: bool = False, progress: Progress | None = None
) -> RestoreReport:
    """Restore the backup file ``source`` into the configured database.

    :raise BackupError: not a (sound) backup, made from another kind of
        database, the target holds data (and ``overwrite`` is off), or the
        result does not match the manifest.
    """
    started = time.monotonic()
    progress = progress or Silent()
    manifest = read_manifest(source)
    kind = _kind()
    if manifest.kind != kind:
        raise BackupError(
            _(
                "Cadangan ini dari %(source)s, basis data tujuan %(target)s: "
                "pemulihan lintas jenis basis data tidak didukung.",
                source=manifest.kind,
                target=kind,
            )
        )
    with _database_errors():
        _check_target(manifest, overwrite)
    db.session.remove()
    db.engine.dispose()
    folder = _work_folder(kind)
    with (
        _database_errors(),
        tempfile.TemporaryDirectory(dir=folder, prefix=".lumbung-") as work,
    ):
        payload = Path(work) / manifest.payload_name
        extract_payload(source, manifest, payload)
        if kind == "sqlite":
            sqlite_backup.restore_database(db.engine.url, payload, Path(work), progress)
        else:
            pg_backup.restore_dump(db.engine, payload, progress, len(manifest.tables))
    db.engine.dispose()
    with _database_errors():
        _verify(manifest, progress)
    log_event("backup.restored", kind=kind, path=str(source), overwrite=overwrite)
    return RestoreReport(
        source, manifest, time.monotonic() - started, inventory.latest_revision()
    )


def _check_target(manifest: Manifest, overwrite: bool) -> None:
    with db.engine.connect() as connection:
        occupied = inventory.tables_with_data(connection)
        names = set(inventory.table_names(connection))
    if occupied and not overwrite:
        raise BackupError(
            _(
                "Basis data tujuan sudah berisi data (%(tables)s). Pulihkan hanya ke "
                "basis data kosong, atau pakai --overwrite untuk menimpanya (hentikan "
                "aplikasi dulu).",
                tables=_few(occupied),
            )
        )
    unknown = sorted(names - set(manifest.tables))
    if unknown and db.engine.dialect.name == "postgresql":
        # pg_restore only replaces what the dump holds: these would stay,
        # and a later `flask db upgrade` would trip over them.
        raise BackupError(
            _(
                "Basis data tujuan punya tabel yang tidak ada di cadangan "
                "(%(tables)s). Pulihkan ke basis data baru yang kosong (createdb).",
                tables=_few(unknown),
            )
        )


def _few(names: list[str]) -> str:
    return ", ".join(names[:5]) + (" …" if len(names) > 5 else "")


def _work_folder(kind: str) -> Path:
    """Where the unpacked copy goes: beside an SQLite file (same disk), else
    the instance folder."""
    folder = Path(current_app.instance_path)
    if kind == "sqlite":
        folder = sqlite_backup.database_file(db.engine.url).resolve().parent
    if not folder.is_dir():
        raise BackupError(_("Folder %(path)s tidak ada.", path=folder))
    return folder


def _verify(manifest: Manifest, progress: Progress) -> None:
    with db.engine.connect() as connection:
        progress.phase(_("Memeriksa hasil"), len(manifest.tables))
        found = inventory.row_counts(connection, lambda _name: progress.advance())
    wrong = inventory.differences(manifest.tables, found)
    if wrong:
        raise BackupError(
            _(
                "Hasil pemulihan tidak cocok dengan manifes cadangan: %(tables)s",
                tables="; ".join(wrong),
            )
        )

"""The backup file: a tar archive with ``manifest.json`` and the database.

The manifest says which engine made the copy (so a restore knows what to do
with it and refuses a mismatch), the migration revision, the row count of
every table (a restore checks them), and the SHA-256 of the database copy, so
a truncated or altered file is refused before anything is touched. Backups
hold personal data (NIP, email): the file is created readable by its owner
only, and written beside its final name then renamed, so a crash never leaves
a half-written file under a backup's name.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import secrets
import tarfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from flask_babel import gettext as _

FORMAT = "lumbung-praktik-backup"
VERSION = 1
MANIFEST = "manifest.json"
# The only member names a backup may hold, by kind of database.
PAYLOADS = {"sqlite": "database.sqlite3.gz", "postgresql": "database.pgdump"}
CHUNK = 1024 * 1024
FORMAT_TAR = tarfile.PAX_FORMAT


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the user."""


@dataclass
class Manifest:
    kind: str  # "sqlite" or "postgresql"
    created_at: str  # ISO 8601, UTC
    revision: str | None  # alembic_version of the copied database
    tables: dict[str, int] = field(default_factory=dict)  # name -> rows
    payload_sha256: str = ""
    payload_size: int = 0
    server_version: str = ""  # PostgreSQL's, for pg_restore compatibility
    format: str = FORMAT
    version: int = VERSION

    @property
    def payload_name(self) -> str:
        return PAYLOADS[self.kind]

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def file_digest(path: Path) -> tuple[str, int]:
    """SHA-256 (hex) and size of the file at ``path``."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def write_archive(path: Path, manifest: Manifest, payload: Path) -> int:
    """Write the backup file ``path``; its size in bytes.

    :raise BackupError: ``path`` exists (a backup is never overwritten).
    """
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as target:
            with tarfile.open(fileobj=target, mode="w", format=FORMAT_TAR) as tar:
                _add_bytes(tar, MANIFEST, json.dumps(asdict(manifest), indent=2))
                info = tarfile.TarInfo(manifest.payload_name)
                info.size = payload.stat().st_size
                info.mode = 0o600
                info.mtime = int(time.time())
                with payload.open("rb") as source:
                    tar.addfile(info, source)
            target.flush()
            os.fsync(target.fileno())
        try:
            os.link(temporary, path)  # unlike rename, never replaces a file
        except FileExistsError:
            raise BackupError(
                _("%(path)s sudah ada; cadangan tidak ditimpa.", path=path)
            ) from None
    finally:
        temporary.unlink(missing_ok=True)
    return path.stat().st_size


def _add_bytes(tar: tarfile.TarFile, name: str, text: str) -> None:
    data = text.encode()
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(time.time())
    tar.addfile(info, io.BytesIO(data))


def read_manifest(path: Path) -> Manifest:
    """The manifest of the backup file ``path``.

    :raise BackupError: no such file, or not a backup this version can read.
    """
    if not path.is_file():
        raise BackupError(_("Berkas cadangan %(path)s tidak ditemukan.", path=path))
    not_a_backup = BackupError(
        _("%(path)s bukan berkas cadangan Lumbung Praktik atau rusak.", path=path)
    )
    try:
        with tarfile.open(path, mode="r:") as tar:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            raw = json.loads(member.read(CHUNK).decode())
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise ValueError("format")
        _refuse_newer(path, raw.get("version"))
        manifest = Manifest(**raw)
        if manifest.kind not in PAYLOADS:
            raise ValueError(manifest.kind)
    except (tarfile.TarError, OSError, EOFError, KeyError, TypeError, ValueError):
        raise not_a_backup from None
    return manifest


def _refuse_newer(path: Path, version: object) -> None:
    if isinstance(version, int) and version > VERSION:
        raise BackupError(
            _(
                "%(path)s dibuat oleh versi aplikasi yang lebih baru (format %(v)d); "
                "perbarui aplikasi dulu.",
                path=path,
                v=version,
            )
        )


def extract_payload(path: Path, manifest: Manifest, target: Path) -> None:
    """Copy the database out of the backup into ``target``, checking its digest.

    :raise BackupError: the copy is missing, truncated or altered.
    """
    digest = hashlib.sha256()
    size = 0
    try:
        with tarfile.open(path, mode="r:") as tar:
            member = tar.extractfile(manifest.payload_name)
            if member is None:
                raise KeyError(manifest.payload_name)
            with target.open("wb") as out:
                while chunk := member.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
    except (tarfile.TarError, OSError, EOFError, KeyError):
        raise _damaged(path) from None
    if size != manifest.payload_size or digest.hexdigest() != manifest.payload_sha256:
        raise _damaged(path)


def _damaged(path: Path) -> BackupError:
    return BackupError(
        _(
            "Berkas cadangan %(path)s rusak: isinya tidak cocok dengan manifesnya. "
            "Tidak ada yang diubah.",
            path=path,
        )
    )

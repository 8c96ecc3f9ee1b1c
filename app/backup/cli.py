"""``flask backup create|restore|verify``: the database into one file and back."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Any

import click
from flask.cli import AppGroup
from flask_babel import format_decimal
from flask_babel import gettext as _

from app.backup.archive import BackupError, extract_payload, read_manifest
from app.backup.services import create_backup, restore_backup

backup = AppGroup("backup", help="Cadangan basis data.")


class BarProgress:
    """One click progress bar per step, on stderr (stdout keeps the summary)."""

    def __init__(self) -> None:
        self._bar: Any = None

    def phase(self, label: str, total: int) -> None:
        self.close()
        length = max(total, 1)
        self._bar = click.progressbar(length=length, label=label, file=sys.stderr)
        self._bar.__enter__()

    def advance(self, units: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(units)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None

    def __enter__(self) -> BarProgress:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self.close()


def human_size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{format_decimal(size / 1024, format='#,##0.0')} KB"
    return f"{format_decimal(size / 1024 / 1024, format='#,##0.0')} MB"


@backup.command("create")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--keep",
    type=click.IntRange(min=1),
    metavar="N",
    help="Bila PATH sebuah folder: simpan N cadangan terbaru, hapus yang lebih lama.",
)
def create_command(path: Path, keep: int | None) -> None:
    """Cadangkan basis data ke PATH (berkas baru, atau folder: nama bertanggal)."""
    if keep is not None and not path.is_dir():
        raise click.ClickException(_("--keep hanya berlaku bila PATH sebuah folder."))
    try:
        with BarProgress() as progress:
            report = create_backup(path, keep=keep, progress=progress)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    for old in report.removed:
        click.echo(_("Cadangan lama dihapus: %(path)s", path=old))
    manifest = report.manifest
    click.echo(
        _(
            "Cadangan %(kind)s dibuat: %(path)s (%(size)s; %(tables)d tabel, "
            "%(rows)d baris; revisi %(revision)s) dalam %(seconds)s detik.",
            kind=manifest.kind,
            path=report.path,
            size=human_size(report.size),
            tables=len(manifest.tables),
            rows=manifest.rows,
            revision=manifest.revision or "-",
            seconds=format_decimal(report.seconds, format="0.0"),
        )
    )


@backup.command("restore")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--overwrite",
    is_flag=True,
    help="Timpa basis data yang sudah berisi data (hentikan aplikasi dulu).",
)
@click.option(
    "--reindex", is_flag=True, help="Bangun ulang indeks pencarian sesudahnya."
)
@click.pass_context
def restore_command(
    ctx: click.Context, path: Path, overwrite: bool, reindex: bool
) -> None:
    """Pulihkan cadangan PATH ke basis data ini (hanya bila kosong)."""
    try:
        with BarProgress() as progress:
            report = restore_backup(path, overwrite=overwrite, progress=progress)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    manifest = report.manifest
    click.echo(
        _(
            "Dipulihkan dari %(path)s (%(kind)s, dibuat %(created)s): "
            "%(tables)d tabel, %(rows)d baris, semuanya cocok dengan manifes; "
            "dalam %(seconds)s detik.",
            path=path,
            kind=manifest.kind,
            created=manifest.created_at,
            tables=len(manifest.tables),
            rows=manifest.rows,
            seconds=format_decimal(report.seconds, format="0.0"),
        )
    )
    if report.needs_upgrade:
        click.echo(
            _(
                "Basis data ada di revisi %(revision)s; kode ini di %(latest)s: "
                "jalankan `flask db upgrade`.",
                revision=manifest.revision or "-",
                latest=report.latest_revision or "-",
            )
        )
    if reindex and not report.needs_upgrade:
        from app.search.cli import reindex_command

        ctx.invoke(reindex_command)
    else:
        click.echo(_("Lalu bangun ulang indeks pencarian: `flask search reindex`."))


@backup.command("verify")
@click.argument("path", type=click.Path(path_type=Path))
def verify_command(path: Path) -> None:
    """Periksa bahwa PATH cadangan yang utuh, tanpa memulihkannya."""
    try:
        manifest = read_manifest(path)
        with tempfile.TemporaryDirectory(prefix="lumbung-verify-") as work:
            extract_payload(path, manifest, Path(work) / manifest.payload_name)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        _(
            "%(path)s utuh: cadangan %(kind)s dibuat %(created)s, revisi "
            "%(revision)s, %(tables)d tabel, %(rows)d baris.",
            path=path,
            kind=manifest.kind,
            created=manifest.created_at,
            revision=manifest.revision or "-",
            tables=len(manifest.tables),
            rows=manifest.rows,
        )
    )

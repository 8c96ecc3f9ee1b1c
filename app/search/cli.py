"""``flask search ...``: keep this server's index in step with the database."""

from __future__ import annotations

import sys
import time

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from app.search.check import compare
from app.search.folders import current_folder, rebuild_lock, remove_old
from app.search.indexer import SyncReport, apply_pending, index_root
from app.search.rebuild import RebuildBusy, count_published, rebuild

search = AppGroup("search", help="Indeks pencarian.")

LOCK_RETRY = 0.1  # seconds between tries while another process holds the lock


@search.command("sync")
@click.option("--follow", is_flag=True, help="Terus berjalan sampai dihentikan.")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.05),
    default=1.0,
    show_default=True,
    metavar="DETIK",
    help="Jeda antarputaran dengan --follow.",
)
def sync_command(follow: bool, interval: float) -> None:
    """Terapkan perubahan yang belum masuk ke indeks."""
    if current_folder(index_root()) is None:
        click.echo(_("Belum ada indeks: membangun dari basis data."))
        _rebuild()
    try:
        while True:
            report = _sync_once(wait=interval if follow else 5.0)
            if report.changes or not follow:
                click.echo(
                    _(
                        "%(n)d perubahan diterapkan (%(docs)d studi kasus).",
                        n=report.changes,
                        docs=report.documents,
                    )
                )
            if not follow:
                return
            time.sleep(interval)
    except KeyboardInterrupt:
        click.echo(_("Dihentikan."))


def _sync_once(wait: float) -> SyncReport:
    """Apply everything; while another process holds the lock, try again
    briefly (it is applying the same changes anyway)."""
    _clean_up()
    deadline = time.monotonic() + wait
    total = SyncReport()
    while True:
        report = apply_pending()
        total.add(report)
        if not report.busy or time.monotonic() >= deadline:
            break
        time.sleep(LOCK_RETRY)
    return total


def _clean_up() -> None:
    """Remove folders a rebuild left because they were in use at the time."""
    root = index_root()
    with rebuild_lock(root) as acquired:
        folder = current_folder(root)
        if acquired and folder is not None:
            remove_old(root, keep=folder)


@search.command("reindex")
def reindex_command() -> None:
    """Bangun ulang indeks dari basis data, lalu gantikan yang lama."""
    _rebuild()


def _rebuild() -> None:
    total = count_published()
    try:
        with click.progressbar(
            length=total, label=_("Mengindeks studi kasus"), file=sys.stderr
        ) as bar:
            report = rebuild(progress=bar.update)
    except RebuildBusy as error:
        raise click.ClickException(
            _("Pembangunan ulang lain sedang berjalan. Coba lagi nanti.")
        ) from error
    click.echo(
        _(
            "%(n)d studi kasus diindeks di %(folder)s; "
            "%(changes)d perubahan selama pembangunan ikut diterapkan.",
            n=report.documents,
            folder=report.folder.name,
            changes=report.caught_up,
        )
    )


@search.command("check")
def check_command() -> None:
    """Bandingkan indeks dengan basis data; keluar dengan kode 1 bila berbeda."""
    report = compare()
    for label, ids in (
        (_("Hilang dari indeks"), report.missing),
        (_("Usang di indeks"), report.stale),
        (_("Berlebih di indeks"), report.extra),
        (_("Ganda di indeks"), report.duplicated),
    ):
        shown = ", ".join(map(str, ids[:50])) + (" …" if len(ids) > 50 else "")
        click.echo(f"{label}: {len(ids)}" + (f" ({shown})" if ids else ""))
    click.echo(_("Perubahan menunggu: %(n)d", n=report.pending))
    if not report.in_agreement:
        click.echo(_("Indeks berbeda dengan basis data."), err=True)
        sys.exit(1)
    click.echo(_("Indeks sesuai dengan basis data."))

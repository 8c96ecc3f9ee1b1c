"""``flask notifications send`` and ``flask digests send``: cron-safe senders.

Both print progress on stderr and, as the last line of stdout, always, a
fixed untranslated count for scripts (``N notifications emailed``, ``N
digests sent``). Exit status 1 when the mail settings cannot work (nothing is
claimed) or when emails were attempted and none went out.
"""

from __future__ import annotations

import sys
from datetime import datetime

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from app.extensions import db
from app.followups.cli import parse_now
from app.mail import MailConfigError
from app.notifications import digests, immediate

notifications = AppGroup("notifications", help="Email notifikasi segera.")
digests_group = AppGroup("digests", help="Email ringkasan harian dan mingguan.")

NOW_OPTION = click.option(
    "--now", "now_text", metavar="ISO-DATETIME", help="Waktu acuan (uji)."
)


def _config_error(error: MailConfigError, summary: str) -> None:
    click.echo(_("Pengaturan email salah: %(error)s", error=error), err=True)
    click.echo(summary)
    sys.exit(1)


@notifications.command("send")
@NOW_OPTION
@click.option(
    "--batch-size",
    type=click.IntRange(min=1, max=1000),
    default=immediate.BATCH_SIZE,
    show_default=True,
    help="Notifikasi yang diklaim per transaksi.",
)
def send_notifications(now_text: str | None, batch_size: int) -> None:
    """Kirim email notifikasi yang dipilih «Segera» (aman dijalankan bersamaan)."""
    now = parse_now(now_text)
    pending = immediate.pending_count(now)
    db.session.rollback()  # hold no snapshot while other senders work
    try:
        with click.progressbar(
            length=pending, label=_("Memeriksa notifikasi"), file=sys.stderr
        ) as bar:
            report = immediate.send_pending(
                now, batch_size=batch_size, on_each=lambda: bar.update(1)
            )
    except MailConfigError as error:
        _config_error(error, immediate.SendReport().summary)
        return
    click.echo(
        _(
            "Email terkirim: %(emailed)d, gagal: %(failed)d; tanpa email: %(quiet)d.",
            emailed=report.emailed,
            failed=report.failed,
            quiet=report.quiet,
        )
    )
    click.echo(report.summary)
    if report.failed and not report.emailed:
        sys.exit(1)  # not one email went out: the mail server needs a look


@digests_group.command("send")
@NOW_OPTION
def send_digests(now_text: str | None) -> None:
    """Kirim ringkasan yang jatuh tempo, masing-masing tepat sekali."""
    now = parse_now(now_text)
    due = sum(len(digests.due_users(f, now)) for f in digests.FREQUENCIES)
    db.session.rollback()
    try:
        with click.progressbar(
            length=due, label=_("Mengirim ringkasan"), file=sys.stderr
        ) as bar:
            report = digests.send_due(now, on_each=lambda: bar.update(1))
    except MailConfigError as error:
        _config_error(error, digests.DigestReport().summary)
        return
    _report_digests(report, now)
    click.echo(report.summary)
    if report.failed and not report.sent:
        sys.exit(1)


def _report_digests(report: digests.DigestReport, now: datetime) -> None:
    click.echo(
        _(
            "Ringkasan terkirim: %(sent)d, gagal: %(failed)d.",
            sent=report.sent,
            failed=report.failed,
        )
    )
    unsent = digests.unsent(now)
    if unsent:
        click.echo(
            _(
                "%(n)d ringkasan diklaim tetapi tidak pernah terkirim (prosesnya "
                "berhenti di tengah jalan); periksa secara manual.",
                n=unsent,
            ),
            err=True,
        )

"""``flask followups ...``: send what is due (cron) and backfill the schedule."""

from __future__ import annotations

import sys
from datetime import date, datetime

import click
import sqlalchemy as sa
from flask.cli import AppGroup
from flask_babel import gettext as _

from app.extensions import db
from app.followups import schedule, sending
from app.i18n import WIB
from app.mail import MailConfigError
from app.models import FollowUp
from app.models.base import utcnow

followups = AppGroup("followups", help="Tindak lanjut setelah program.")


def parse_now(value: str | None) -> datetime:
    """``--now``: an ISO date-time; one without an offset is read as WIB.

    :raise click.BadParameter: not an ISO date-time.
    """
    if not value:
        return utcnow()
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as error:
        raise click.BadParameter(
            _("Tulis waktu ISO, misalnya 2026-04-13T09:00+07:00."), param_hint="--now"
        ) from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=WIB)
    return moment.astimezone(WIB)


def _due_count(now: datetime) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count(FollowUp.id)).where(
                FollowUp.due_at <= now,
                FollowUp.claimed_at.is_(None),
                FollowUp.answered_at.is_(None),
            )
        )
        or 0
    )


@followups.command("send")
@click.option("--now", "now_text", metavar="ISO-DATETIME", help="Waktu acuan (uji).")
@click.option(
    "--batch-size",
    type=click.IntRange(min=1, max=1000),
    default=sending.BATCH_SIZE,
    show_default=True,
    help="Tindak lanjut yang diklaim per transaksi.",
)
def send_command(now_text: str | None, batch_size: int) -> None:
    """Kirim tindak lanjut yang sudah jatuh tempo (aman dijalankan bersamaan)."""
    now = parse_now(now_text)
    due = _due_count(now)
    db.session.rollback()  # hold no snapshot while other senders work
    try:
        with click.progressbar(
            length=due, label=_("Mengirim tindak lanjut"), file=sys.stderr
        ) as bar:
            report = sending.send_due(
                now, batch_size=batch_size, on_each=lambda: bar.update(1)
            )
    except MailConfigError as error:
        click.echo(_("Pengaturan email salah: %(error)s", error=error), err=True)
        click.echo(sending.SendReport().summary)
        sys.exit(1)
    _report(report, now)
    click.echo(report.summary)
    if report.email_failed and not report.emailed:
        sys.exit(1)  # not one email went out: the mail server needs a look


def _report(report: sending.SendReport, now: datetime) -> None:
    if report.not_emailed:
        click.echo(
            _(
                "%(n)d tindak lanjut tanpa email sekarang (pilihan email "
                "penerimanya: ringkasan atau tidak pernah).",
                n=report.not_emailed,
            )
        )
    click.echo(
        _(
            "Email terkirim: %(emailed)d, gagal: %(failed)d; dilewati: %(skipped)d.",
            emailed=report.emailed,
            failed=report.email_failed,
            skipped=report.skipped,
        )
    )
    stuck = sending.stuck(now)
    if stuck:
        click.echo(
            _(
                "%(n)d tindak lanjut diklaim tetapi tidak pernah terkirim "
                "(pengirimnya berhenti di tengah jalan); periksa secara manual.",
                n=stuck,
            ),
            err=True,
        )


@followups.command("schedule")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Hanya program yang selesai pada atau setelah tanggal ini.",
)
def schedule_command(since: datetime | None) -> None:
    """Jadwalkan tindak lanjut untuk program selesai yang belum punya jadwal."""
    since_date: date | None = since.date() if since else None
    ids = schedule.completions_missing_follow_ups(db.session, since=since_date)
    db.session.rollback()
    with click.progressbar(
        length=len(ids), label=_("Menjadwalkan tindak lanjut"), file=sys.stderr
    ) as bar:
        created = schedule.schedule_missing(db.session, ids, progress=bar.update)
    click.echo(
        _(
            "%(n)d tindak lanjut dijadwalkan untuk %(c)d program selesai.",
            n=created,
            c=len(ids),
        )
    )

"""``flask demo load``: demo data so that a fresh install shows a living platform."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from app.demo.content import DEMO_PASSWORD
from app.demo.loader import DemoReport, load_demo
from app.extensions import db

demo = AppGroup("demo", help="Data contoh.")


@demo.command("load")
@click.option(
    "--if-empty",
    is_flag=True,
    help="Hanya muat bila belum ada pengguna maupun studi kasus (dipakai make run).",
)
def load_command(if_empty: bool) -> None:
    """Muat data contoh Kota Medan; aman dijalankan berulang kali."""
    report = load_demo(if_empty=if_empty)
    if report.skipped:
        click.echo(_("Basis data sudah berisi data; data contoh tidak dimuat."))
        return
    db.session.commit()
    if report.created == 0:
        click.echo(_("Data contoh sudah lengkap; tidak ada yang ditambahkan."))
    else:
        _echo_counts(report)
    click.echo(
        _(
            "Semua akun contoh (mis. sri.nasution@medan.go.id) memakai kata sandi: "
            "%(password)s",
            password=DEMO_PASSWORD,
        )
    )


def _echo_counts(report: DemoReport) -> None:
    click.echo(
        _(
            "Data contoh dimuat: %(agencies)d instansi, %(programs)d program, "
            "%(users)d pengguna, %(completions)d program selesai, "
            "%(case_studies)d studi kasus, %(comments)d komentar baru.",
            agencies=report.agencies,
            programs=report.programs,
            users=report.users,
            completions=report.completions + report.evaluation.completions,
            case_studies=report.case_studies,
            comments=report.comments,
        )
    )
    click.echo(
        _(
            "Evaluasi: %(runs)d angkatan, %(follow_ups)d tindak lanjut terkirim, "
            "%(check_ins)d jawaban tindak lanjut, %(feedback)d umpan balik.",
            runs=report.evaluation.runs,
            follow_ups=report.evaluation.follow_ups,
            check_ins=report.evaluation.check_ins,
            feedback=report.evaluation.feedback,
        )
    )
    click.echo(
        _(
            "Komunitas: %(follows)d mengikuti, %(bookmarks)d disimpan, "
            "%(helpful)d tanda bermanfaat, %(replications)d penerapan ulang, "
            "%(decisions)d keputusan moderasi dan verifikasi.",
            follows=report.community.follows,
            bookmarks=report.community.bookmarks,
            helpful=report.community.helpful,
            replications=report.community.replications,
            decisions=report.community.decisions,
        )
    )

"""The tables of the programme dashboard, one builder per figure.

Rows come in run order, so the charts read as a trend across runs.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from app.evaluation import feedback
from app.evaluation.city import LOW_SHARE
from app.evaluation.figures import WITHHELD, Chart, Column, Kind, Row, Table, rate
from app.evaluation.queries import FeedbackScores, FollowUpCounts, Participation
from app.models import FollowUpStage, ProgramRun


def stage_label(stage: FollowUpStage) -> str:
    return {
        FollowUpStage.EARLY: _("Tahap awal (±30 hari)"),
        FollowUpStage.LATER: _("Tahap lanjut (±90 hari)"),
        FollowUpStage.SUSTAINED: _("Keberlanjutan (±180 hari)"),
    }[FollowUpStage(stage)]


def runs_table(
    runs: list[ProgramRun], people: dict[Any, Participation], undated: bool
) -> Table:
    rows = []
    for run in runs:
        p = people.get(run.id, Participation())
        fill = rate(p.completions, run.capacity)
        note = ""
        if run.capacity and p.completions >= run.capacity:
            note = _("Penuh")
        elif fill is not None and fill < LOW_SHARE:
            note = _("Partisipasi rendah")
        rows.append(
            Row(
                [
                    run.name,
                    run.starts_on,
                    run.ends_on,
                    run.hours,
                    run.capacity,
                    p.completions,
                    p.verified,
                    fill,
                    note,
                ]
            )
        )
    if undated:
        p = people.get(None, Participation())
        rows.append(
            Row(
                [
                    _("Tanpa angkatan"),
                    None,
                    None,
                    None,
                    None,
                    p.completions,
                    p.verified,
                    None,
                    _("Dinyatakan sendiri atau data lama"),
                ]
            )
        )
    return Table(
        "angkatan",
        _("Peserta per angkatan"),
        [
            Column(_("Angkatan")),
            Column(_("Mulai"), Kind.DATE),
            Column(_("Berakhir"), Kind.DATE),
            Column(_("JP"), Kind.INT),
            Column(_("Kursi"), Kind.INT),
            Column(_("Peserta"), Kind.INT),
            Column(_("Terverifikasi"), Kind.INT),
            Column(_("Keterisian (%)"), Kind.PCT),
            Column(_("Catatan"), Kind.NOTE),
        ],
        rows,
        Chart(series=(5, 4)),
        note=_("JP kosong: angkatan memakai JP program."),
        empty=_("Belum ada angkatan."),
    )


def _follow_up_columns(first: str) -> list[Column]:
    return [
        Column(first),
        Column(_("Terkirim"), Kind.INT),
        Column(_("Dijawab"), Kind.INT),
        Column(_("Tingkat jawaban (%)"), Kind.PCT),
        Column(_("Menerapkan (%)"), Kind.PCT),
        Column(_("Dikonfirmasi atasan"), Kind.INT),
        Column(_("Dibantah atasan"), Kind.INT),
        Column(_("Menunggu atasan"), Kind.INT),
        Column(_("Jatuh tempo, belum terkirim"), Kind.INT),
    ]


def _follow_up_cells(f: FollowUpCounts) -> list[Any]:
    return [
        f.sent,
        f.answered,
        f.response_rate,
        f.applied_share,
        f.confirmed,
        f.disputed,
        f.awaiting_supervisor,
        f.due_unsent,
    ]


def follow_up_table(
    run_keys: list[int | None],
    names: dict[int | None, str],
    by_run: dict[int | None, FollowUpCounts],
) -> Table:
    rows = [
        Row([names[key], *_follow_up_cells(by_run.get(key, FollowUpCounts()))])
        for key in run_keys
    ]
    return Table(
        "tindak-lanjut",
        _("Tindak lanjut per angkatan (tren)"),
        _follow_up_columns(_("Angkatan")),
        rows,
        Chart(series=(3, 4), kind="line", percent=True),
        note=_(
            "Tingkat jawaban: dijawab dibanding terkirim. Menerapkan: jawaban "
            "yang menyatakan sudah menerapkan. Atasan: konfirmasi perubahan "
            "perilaku oleh atasan langsung."
        ),
        empty=_("Belum ada angkatan."),
    )


def stage_table(by_stage: dict[str, FollowUpCounts]) -> Table:
    rows = [
        Row(
            [
                stage_label(stage),
                *_follow_up_cells(by_stage.get(stage, FollowUpCounts())),
            ]
        )
        for stage in FollowUpStage
    ]
    return Table(
        "tahap",
        _("Tindak lanjut per tahap"),
        _follow_up_columns(_("Tahap")),
        rows,
        Chart(series=(3, 4), percent=True),
    )


def agency_table(agencies: dict[Any, Participation]) -> Table:
    rows = [
        Row([name or _("Tanpa instansi"), p.completions])
        for name, p in sorted(
            agencies.items(), key=lambda item: (-item[1].completions, item[0] or "")
        )
    ]
    return Table(
        "instansi",
        _("Peserta per instansi"),
        [Column(_("Instansi")), Column(_("Peserta"), Kind.INT)],
        rows,
        Chart(series=(1,), horizontal=True),
        empty=_("Belum ada peserta."),
    )


def feedback_table(
    run_keys: list[int | None],
    names: dict[int | None, str],
    scores: dict[Any, FeedbackScores],
    see_small: bool,
) -> Table:
    rows = []
    groups = [(names[key], scores.get(key, FeedbackScores())) for key in run_keys]
    groups.append((_("Semua angkatan"), sum(scores.values(), FeedbackScores())))
    threshold = feedback.min_aggregate()
    for name, s in groups:
        visible = feedback.shown(s, see_small=see_small)
        note = ""
        if 0 < s.n < threshold:
            note = _("Kurang dari %(n)d jawaban: jangan dibagikan", n=threshold)
        averages = s.averages() if visible else [WITHHELD] * 4
        rows.append(Row([name, s.n, *averages, note]))
    return Table(
        "umpan-balik",
        _("Umpan balik peserta per angkatan (skala 1–5)"),
        [
            Column(_("Angkatan")),
            Column(_("Jawaban"), Kind.INT),
            Column(_("Relevansi"), Kind.SCORE),
            Column(_("Mutu"), Kind.SCORE),
            Column(_("Fasilitator"), Kind.SCORE),
            Column(_("Merekomendasikan"), Kind.SCORE),
            Column(_("Catatan"), Kind.NOTE),
        ],
        rows,
        Chart(series=(2, 3, 4, 5), kind="line", max_value=5),
        note=_(
            "Selain penyelenggara dan admin, orang lain hanya melihat rata-rata "
            "dari sedikitnya %(n)d jawaban.",
            n=threshold,
        ),
    )


def answers_table(answers: list[feedback.Answer]) -> Table:
    rows = [
        Row([a.run_name or _("Tanpa angkatan"), a.completed_on, *a.scores, a.comment])
        for a in answers
    ]
    return Table(
        "jawaban",
        _("Jawaban umpan balik satu per satu"),
        [
            Column(_("Angkatan")),
            Column(_("Tanggal selesai"), Kind.DATE),
            Column(_("Relevansi"), Kind.INT),
            Column(_("Mutu"), Kind.INT),
            Column(_("Fasilitator"), Kind.INT),
            Column(_("Merekomendasikan"), Kind.INT),
            Column(_("Komentar")),
        ],
        rows,
        note=_(
            "Hanya penyelenggara dan admin yang melihat jawaban ini. Nama "
            "peserta tidak ditampilkan agar mereka menjawab dengan jujur."
        ),
        empty=_("Belum ada jawaban."),
    )


def case_study_table(studies: list[Any]) -> Table:
    rows = [
        Row(
            [
                s.title,
                s.name or "",
                s.published_at.date() if s.published_at else None,
                _("Ya") if s.featured_at else "",
            ],
            ("practices.show", {"case_id": s.id, "slug": s.slug}),
        )
        for s in studies
    ]
    return Table(
        "studi-kasus",
        _("Studi kasus dan praktik unggulan dari program ini"),
        [
            Column(_("Judul")),
            Column(_("Instansi")),
            Column(_("Terbit"), Kind.DATE),
            Column(_("Praktik unggulan")),
        ],
        rows,
        note=_("Bukti penerapan di tempat kerja (level 3–4)."),
        empty=_("Belum ada studi kasus yang terbit."),
    )

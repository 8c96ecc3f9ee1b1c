"""The city overview (/evaluasi): every programme side by side for one year.

Programmes are ranked by participation and by follow-up response, and a
"Catatan" column names the problems the evaluation found (low participation,
no follow-up), so they stand out without reading every number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from app.evaluation import queries
from app.evaluation.feedback import min_aggregate, shown
from app.evaluation.figures import (
    WITHHELD,
    Chart,
    Column,
    Kind,
    Row,
    Table,
    rate,
)
from app.evaluation.params import year_dates, year_instants
from app.evaluation.queries import FeedbackScores, FollowUpCounts, Participation
from app.extensions import db
from app.models import CaseStudy, Completion, Program, ProgramRun, Status

# Below this share of the seats filled, or of the follow-ups answered, a
# programme is marked: the two gaps the seed evaluation found.
LOW_SHARE = 50.0


@dataclass
class RunStats:
    runs: int = 0
    capacity: int = 0
    seated: int = 0  # participants of the runs that have a capacity

    @property
    def fill(self) -> float | None:
        return rate(self.seated, self.capacity)


@dataclass
class CityOverview:
    year: int
    tables: list[Table]


def run_stats(year: int) -> dict[int, RunStats]:
    """Runs that started in ``year`` per programme, with seats and seated."""
    seated = (
        sa.select(Completion.run_id, sa.func.count(Completion.id).label("n"))
        .where(*queries.counted(), Completion.run_id.is_not(None))
        .group_by(Completion.run_id)
        .subquery()
    )
    has_capacity = ProgramRun.capacity.is_not(None)
    first, last = year_dates(year)
    rows = db.session.execute(
        sa.select(
            ProgramRun.program_id,
            sa.func.count(ProgramRun.id),
            sa.func.coalesce(sa.func.sum(ProgramRun.capacity), 0),
            sa.func.coalesce(
                sa.func.sum(
                    sa.case((has_capacity, sa.func.coalesce(seated.c.n, 0)), else_=0)
                ),
                0,
            ),
        )
        .outerjoin(seated, seated.c.run_id == ProgramRun.id)
        .where(ProgramRun.starts_on.between(first, last))
        .group_by(ProgramRun.program_id)
    )
    return {program_id: RunStats(*map(int, rest)) for program_id, *rest in rows}


def case_study_counts(year: int) -> dict[int, tuple[int, int]]:
    """Published case studies per programme in ``year``, and how many featured."""
    start, end = year_instants(year)
    rows = db.session.execute(
        sa.select(
            CaseStudy.program_id,
            sa.func.count(CaseStudy.id),
            sa.func.count(CaseStudy.featured_at),
        )
        .where(
            CaseStudy.status == Status.PUBLISHED,
            CaseStudy.published_at >= start,
            CaseStudy.published_at < end,
        )
        .group_by(CaseStudy.program_id)
    )
    return {program_id: (int(n), int(f)) for program_id, n, f in rows}


def city_overview(
    year: int, *, now: datetime, see_small: bool, link_dashboards: bool
) -> CityOverview:
    """Six grouped queries, whatever the size of the city.

    ``see_small``: show feedback averages of fewer than the threshold
    (organisers, admins). ``link_dashboards``: programme names lead to the
    programme dashboard rather than the public programme page.
    """
    programs = list(db.session.scalars(sa.select(Program).order_by(Program.name)))
    where = queries.counted(year)
    people = queries.participation([Completion.program_id], where)
    runs = run_stats(year)
    follow = queries.follow_ups([Completion.program_id], where, now)
    scores = queries.feedback([Completion.program_id], where)
    written = case_study_counts(year)
    shown_programs = [
        p
        for p in programs
        if not p.is_archived or p.id in people or p.id in runs or p.id in written
    ]
    endpoint = "evaluation.program" if link_dashboards else "practices.by_program"

    def link(program: Program) -> tuple[str, dict[str, Any]]:
        return endpoint, {"slug": program.slug}

    return CityOverview(
        year,
        [
            _participation_table(shown_programs, people, runs, link),
            _follow_up_table(shown_programs, people, follow, link),
            _feedback_table(shown_programs, scores, see_small, link),
            _case_study_table(shown_programs, written, link),
        ],
    )


def _participation_table(programs, people, runs, link) -> Table:  # noqa: ANN001
    rows = []
    for program in programs:
        p = people.get(program.id, Participation())
        r = runs.get(program.id, RunStats())
        note = ""
        if p.completions == 0:
            note = _("Belum ada peserta")
        elif r.fill is not None and r.fill < LOW_SHARE:
            note = _("Partisipasi rendah")
        rows.append(
            Row(
                [
                    program.name,
                    p.completions,
                    p.verified,
                    r.runs,
                    r.capacity or None,
                    r.fill,
                    note,
                ],
                link(program),
            )
        )
    rows.sort(key=lambda row: (-row.cells[1], row.cells[0]))
    return Table(
        "partisipasi",
        _("Partisipasi per program"),
        [
            Column(_("Program")),
            Column(_("Peserta"), Kind.INT),
            Column(_("Terverifikasi"), Kind.INT),
            Column(_("Angkatan"), Kind.INT),
            Column(_("Kursi"), Kind.INT),
            Column(_("Keterisian (%)"), Kind.PCT),
            Column(_("Catatan"), Kind.NOTE),
        ],
        rows,
        Chart(series=(1,), horizontal=True),
        note=_(
            "Peserta: program selesai pada tahun ini yang tidak ditolak. "
            "Keterisian: peserta dibanding kursi angkatan yang dimulai tahun ini."
        ),
        empty=_("Belum ada program."),
    )


def _follow_up_table(programs, people, follow, link) -> Table:  # noqa: ANN001
    rows = []
    for program in programs:
        f = follow.get(program.id, FollowUpCounts())
        note = ""
        if people.get(program.id) and f.sent == 0:
            note = _("Belum ada tindak lanjut terkirim")
        elif f.response_rate is not None and f.response_rate < LOW_SHARE:
            note = _("Tindak lanjut jarang dijawab")
        rows.append(
            Row(
                [
                    program.name,
                    f.sent,
                    f.answered,
                    f.response_rate,
                    f.applied_share,
                    f.confirmed,
                    f.due_unsent,
                    note,
                ],
                link(program),
            )
        )
    rows.sort(
        key=lambda row: (
            row.cells[3] is None,
            -(row.cells[3] or 0),
            -(row.cells[4] or 0),
            row.cells[0],
        )
    )
    return Table(
        "tindak-lanjut",
        _("Tindak lanjut dan penerapan per program"),
        [
            Column(_("Program")),
            Column(_("Terkirim"), Kind.INT),
            Column(_("Dijawab"), Kind.INT),
            Column(_("Tingkat jawaban (%)"), Kind.PCT),
            Column(_("Menerapkan (%)"), Kind.PCT),
            Column(_("Dikonfirmasi atasan"), Kind.INT),
            Column(_("Jatuh tempo, belum terkirim"), Kind.INT),
            Column(_("Catatan"), Kind.NOTE),
        ],
        rows,
        Chart(series=(3, 4), horizontal=True, percent=True),
        note=_(
            "Tingkat jawaban: tindak lanjut yang dijawab dibanding yang terkirim. "
            "Menerapkan: jawaban yang menyatakan sudah menerapkan."
        ),
        empty=_("Belum ada program."),
    )


def _feedback_table(programs, scores, see_small, link) -> Table:  # noqa: ANN001
    rows = []
    for program in programs:
        s = scores.get(program.id, FeedbackScores())
        visible = shown(s, see_small=see_small)
        averages = s.averages() if visible else [WITHHELD] * 4
        note = ""
        if s.n and s.n < min_aggregate():
            note = (
                _(
                    "Kurang dari %(n)d jawaban: hanya untuk penyelenggara",
                    n=min_aggregate(),
                )
                if visible
                else str(WITHHELD)
            )
        rows.append(Row([program.name, s.n, *averages, note], link(program)))
    return Table(
        "umpan-balik",
        _("Umpan balik peserta (skala 1–5)"),
        [
            Column(_("Program")),
            Column(_("Jawaban"), Kind.INT),
            Column(_("Relevansi"), Kind.SCORE),
            Column(_("Mutu"), Kind.SCORE),
            Column(_("Fasilitator"), Kind.SCORE),
            Column(_("Merekomendasikan"), Kind.SCORE),
            Column(_("Catatan"), Kind.NOTE),
        ],
        rows,
        Chart(series=(2, 3, 4, 5), max_value=5),
        note=_(
            "Rata-rata ditampilkan bila ada sedikitnya %(n)d jawaban.",
            n=min_aggregate(),
        ),
        empty=_("Belum ada program."),
    )


def _case_study_table(programs, written, link) -> Table:  # noqa: ANN001
    rows = [
        Row([program.name, *written.get(program.id, (0, 0))], link(program))
        for program in programs
    ]
    rows.sort(key=lambda row: (-row.cells[1], row.cells[0]))
    return Table(
        "studi-kasus",
        _("Studi kasus yang terbit per program"),
        [
            Column(_("Program")),
            Column(_("Studi kasus terbit"), Kind.INT),
            Column(_("Praktik unggulan"), Kind.INT),
        ],
        rows,
        Chart(series=(1, 2), horizontal=True),
        note=_("Bukti penerapan (level 3–4): studi kasus yang terbit tahun ini."),
        empty=_("Belum ada program."),
    )

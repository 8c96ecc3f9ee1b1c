"""The agency dashboard (/evaluasi/instansi/<slug>) for its pimpinan and admins.

Staff are the agency's active accounts (pending ones, created by a
participant list, included: they are staff who have not signed in yet).
``Agency.headcount`` is the denominator of every rate; when it is unknown the
page shows counts only, never a rate over the accounts that happen to exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from app.evaluation import queries
from app.evaluation.figures import Chart, Column, Kind, Row, Table, rate
from app.evaluation.params import year_instants
from app.evaluation.queries import FollowUpCounts
from app.extensions import db
from app.models import Agency, CaseStudy, Comment, Completion, Program, Status, User
from app.programmes.hours import YEARLY_TARGET_JP, development_hours


@dataclass
class AgencyDashboard:
    agency: Agency
    year: int
    headcount: int | None
    staff: int
    participants: int
    participation: float | None
    total_hours: int
    hours_per_employee: float | None
    reached_target: int
    tables: list[Table]


@dataclass(frozen=True)
class Staff:
    id: int
    name: str
    position: str


def _staff(agency: Agency) -> list[Staff]:
    rows = db.session.execute(
        sa.select(User.id, User.name, User.position)
        .where(User.agency_id == agency.id, User.active.is_(True))
        .order_by(User.name, User.id)
    )
    return [Staff(*row) for row in rows]


def _joined(agency: Agency, year: int) -> list[Any]:
    """(user, programme) pairs of the year's counted completions of staff."""
    return list(
        db.session.execute(
            sa.select(Completion.user_id, Program.id, Program.name, Program.slug)
            .join(Program, Program.id == Completion.program_id)
            .join(User, User.id == Completion.user_id)
            .where(
                *queries.counted(year),
                User.agency_id == agency.id,
                User.active.is_(True),
            )
            .distinct()
        )
    )


def _contributions(agency: Agency, year: int) -> tuple[int, int, int]:
    """Case studies published (and featured) by the agency, staff comments."""
    start, end = year_instants(year)
    studies, featured = db.session.execute(
        sa.select(
            sa.func.count(CaseStudy.id), sa.func.count(CaseStudy.featured_at)
        ).where(
            CaseStudy.agency_id == agency.id,
            CaseStudy.status == Status.PUBLISHED,
            CaseStudy.published_at >= start,
            CaseStudy.published_at < end,
        )
    ).one()
    comments = db.session.scalar(
        sa.select(sa.func.count(Comment.id))
        .join(User, User.id == Comment.author_id)
        .where(
            User.agency_id == agency.id,
            Comment.deleted_at.is_(None),
            Comment.hidden_at.is_(None),
            Comment.created_at >= start,
            Comment.created_at < end,
        )
    )
    return int(studies), int(featured), int(comments or 0)


def agency_dashboard(agency: Agency, year: int, *, now: datetime) -> AgencyDashboard:
    """Six queries whatever the number of staff, completions or programmes."""
    staff = _staff(agency)
    pairs = _joined(agency, year)
    hours = development_hours([s.id for s in staff], year)
    follow = queries.follow_ups(
        [Completion.program_id],
        [*queries.counted(year), User.agency_id == agency.id, User.active.is_(True)],
        now,
    )
    studies, featured, comments = _contributions(agency, year)

    staff_ids = {s.id for s in staff}
    programmes: dict[int, tuple[str, str, set[int]]] = {}
    for user_id, program_id, name, slug in pairs:
        programmes.setdefault(program_id, (name, slug, set()))[2].add(user_id)
    joined = {user_id for user_id, *_rest in pairs} & staff_ids
    headcount = agency.headcount
    total_hours = sum(hours.values())
    reached = sum(1 for h in hours.values() if h >= YEARLY_TARGET_JP)
    per_programme_counts = {
        pid: len(users) for pid, (_n, _s, users) in programmes.items()
    }
    tables = [
        _programme_table(programmes, per_programme_counts, headcount),
        _hours_table(staff, hours, headcount),
        _follow_up_table(programmes, follow),
        _contribution_table(studies, featured, comments),
        _staff_table(staff, hours, pairs),
        _not_joined_table([s for s in staff if s.id not in joined]),
    ]
    return AgencyDashboard(
        agency=agency,
        year=year,
        headcount=headcount,
        staff=len(staff),
        participants=len(joined),
        participation=rate(len(joined), headcount),
        total_hours=total_hours,
        hours_per_employee=round(total_hours / headcount, 1) if headcount else None,
        reached_target=reached,
        tables=tables,
    )


def _programme_table(programmes, counts, headcount) -> Table:  # noqa: ANN001
    rows = [
        Row([name, counts[pid], rate(counts[pid], headcount)])
        for pid, (name, _slug, _users) in programmes.items()
    ]
    rows.sort(key=lambda row: (-row.cells[1], row.cells[0]))
    return Table(
        "program",
        _("Pegawai yang mengikuti program"),
        [
            Column(_("Program")),
            Column(_("Pegawai"), Kind.INT),
            Column(_("Dari jumlah pegawai (%)"), Kind.PCT),
        ],
        rows,
        Chart(series=(1,), horizontal=True),
        note=_("Persentase dihitung dari jumlah pegawai instansi (bila diisi admin)."),
        empty=_("Belum ada pegawai yang menyelesaikan program tahun ini."),
    )


def _hours_table(staff: list[Staff], hours: dict[int, int], headcount) -> Table:  # noqa: ANN001
    target = YEARLY_TARGET_JP
    buckets = [
        (_("0 JP"), lambda h: h == 0),
        (_("1–9 JP"), lambda h: 0 < h < 10),
        (_("10–%(n)d JP", n=target - 1), lambda h: 10 <= h < target),
        (_("%(n)d JP atau lebih", n=target), lambda h: h >= target),
    ]
    rows = [
        Row([label, sum(1 for s in staff if test(hours.get(s.id, 0)))])
        for label, test in buckets
    ]
    if headcount and headcount > len(staff):
        rows.append(Row([_("Belum terdaftar di platform"), headcount - len(staff)]))
    return Table(
        "jp",
        _("Sebaran JP pegawai (target %(n)d JP setahun)", n=target),
        [Column(_("Rentang JP")), Column(_("Pegawai"), Kind.INT)],
        rows,
        Chart(series=(1,)),
        note=_(
            "JP dari program yang selesai tahun ini dan tidak ditolak; JP "
            "angkatan bila ada, selain itu JP program."
        ),
    )


def _follow_up_table(programmes, follow: dict[Any, FollowUpCounts]) -> Table:  # noqa: ANN001
    names = {pid: name for pid, (name, _s, _u) in programmes.items()}
    rows = []
    for pid, f in sorted(follow.items(), key=lambda item: names.get(item[0], "")):
        rows.append(
            Row(
                [
                    names.get(pid, "—"),
                    f.sent,
                    f.answered,
                    f.response_rate,
                    f.applied_share,
                    f.confirmed,
                    f.disputed,
                ]
            )
        )
    total = sum(follow.values(), FollowUpCounts())
    if rows:
        rows.append(
            Row(
                [
                    _("Semua program"),
                    total.sent,
                    total.answered,
                    total.response_rate,
                    total.applied_share,
                    total.confirmed,
                    total.disputed,
                ]
            )
        )
    return Table(
        "tindak-lanjut",
        _("Tindak lanjut oleh pegawai"),
        [
            Column(_("Program")),
            Column(_("Terkirim"), Kind.INT),
            Column(_("Dijawab"), Kind.INT),
            Column(_("Tingkat jawaban (%)"), Kind.PCT),
            Column(_("Menerapkan (%)"), Kind.PCT),
            Column(_("Dikonfirmasi atasan"), Kind.INT),
            Column(_("Dibantah atasan"), Kind.INT),
        ],
        rows,
        Chart(series=(3, 4), horizontal=True, percent=True),
        empty=_("Belum ada tindak lanjut untuk pegawai instansi ini tahun ini."),
    )


def _contribution_table(studies: int, featured: int, comments: int) -> Table:
    return Table(
        "kontribusi",
        _("Kontribusi ke Lumbung Praktik"),
        [Column(_("Jenis")), Column(_("Jumlah"), Kind.INT)],
        [
            Row([_("Studi kasus terbit"), studies]),
            Row([_("Praktik unggulan"), featured]),
            Row([_("Komentar ditulis"), comments]),
        ],
        Chart(series=(1,)),
        note=_("Studi kasus atas nama instansi dan komentar pegawainya tahun ini."),
    )


def _staff_table(staff: list[Staff], hours: dict[int, int], pairs) -> Table:  # noqa: ANN001
    joined: dict[int, int] = {}
    for user_id, *_rest in pairs:
        joined[user_id] = joined.get(user_id, 0) + 1
    rows = [
        Row(
            [
                s.name,
                s.position,
                joined.get(s.id, 0),
                hours.get(s.id, 0),
                _("Ya") if hours.get(s.id, 0) >= YEARLY_TARGET_JP else _("Belum"),
            ],
            ("profiles.show", {"user_id": s.id}),
        )
        for s in staff
    ]
    rows.sort(key=lambda row: (-row.cells[3], row.cells[0]))
    return Table(
        "pegawai",
        _("JP per pegawai"),
        [
            Column(_("Nama")),
            Column(_("Jabatan")),
            Column(_("Program"), Kind.INT),
            Column(_("JP"), Kind.INT),
            Column(_("Mencapai %(n)d JP", n=YEARLY_TARGET_JP)),
        ],
        rows,
        empty=_("Belum ada pegawai instansi ini yang terdaftar."),
    )


def _not_joined_table(staff: list[Staff]) -> Table:
    return Table(
        "belum-ikut",
        _("Pegawai yang belum mengikuti program tahun ini"),
        [Column(_("Nama")), Column(_("Jabatan"))],
        [
            Row([s.name, s.position], ("profiles.show", {"user_id": s.id}))
            for s in staff
        ],
        empty=_("Semua pegawai yang terdaftar sudah mengikuti program tahun ini."),
    )

"""Development hours (JP, jam pelajaran) against the yearly minimum.

ASN are expected to reach 20 JP of competency development a year. A
completion counts the JP of its run (angkatan) when the run sets them, else
the programme's; a rejected completion never counts, an unverified one does
(the member's word stands until an organiser rejects it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from app.extensions import db
from app.models import Completion, Program, ProgramRun

YEARLY_TARGET_JP = 20


def effective_hours_expression() -> sa.ColumnElement[int]:
    """JP of one completion row: the run's, else the programme's, else 0.

    Needs ``Program`` joined and ``ProgramRun`` outer-joined on the completion.
    """
    return sa.func.coalesce(ProgramRun.hours, Program.hours, 0)


def development_hours(user_ids: Iterable[int], year: int) -> dict[int, int]:
    """JP per user for completions dated in calendar ``year``, in one query.

    Every requested id is in the result (0 when nothing counts), so a
    dashboard can show "0 dari 20 JP" for staff who joined nothing.
    """
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(Completion.user_id, sa.func.sum(effective_hours_expression()))
        .join(Program, Program.id == Completion.program_id)
        .outerjoin(ProgramRun, ProgramRun.id == Completion.run_id)
        .where(
            Completion.user_id.in_(ids),
            Completion.rejected_at.is_(None),
            Completion.completed_on >= date(year, 1, 1),
            Completion.completed_on <= date(year, 12, 31),
        )
        .group_by(Completion.user_id)
    )
    hours = dict.fromkeys(ids, 0)
    hours.update({user_id: int(total or 0) for user_id, total in rows})
    return hours


@dataclass(frozen=True)
class HoursProgress:
    """What the profile shows: "12 dari 20 JP tahun 2026" and a bar."""

    hours: int
    year: int
    target: int = YEARLY_TARGET_JP

    @property
    def percent(self) -> int:
        """For the bar: capped at 100 (30 JP is a full bar, not 150%)."""
        return min(100, self.hours * 100 // self.target) if self.target else 100

    @property
    def reached(self) -> bool:
        return self.hours >= self.target


def progress_for(user_id: int, year: int) -> HoursProgress:
    return HoursProgress(hours=development_hours([user_id], year)[user_id], year=year)

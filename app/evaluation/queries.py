"""The aggregate queries every dashboard is built from.

Each function is ONE grouped SQL query whatever the number of users,
completions or runs, so a dashboard's query count is fixed (tested with
``count_queries`` at two data sizes). Callers pass what to group by and
extra conditions; a rejected completion never counts anywhere.

``group_by`` columns become the keys of the returned dict: a single column
gives plain keys, several give tuples.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from app.evaluation.figures import average, rate
from app.evaluation.params import year_dates
from app.extensions import db
from app.models import Agency, CheckIn, Completion, Feedback, FollowUp, User

Condition = sa.ColumnElement[bool]


def counted(year: int | None = None) -> list[Condition]:
    """Completions that count: not rejected and, with ``year``, completed in it."""
    conditions: list[Condition] = [Completion.rejected_at.is_(None)]
    if year is not None:
        first, last = year_dates(year)
        conditions.append(Completion.completed_on.between(first, last))
    return conditions


def _sum_if(condition: sa.ColumnElement[Any]) -> sa.ColumnElement[int]:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def _keyed(row: sa.Row[Any], width: int) -> Any:
    return row[0] if width == 1 else tuple(row[:width])


@dataclass
class Participation:
    completions: int = 0
    verified: int = 0
    people: int = 0


def participation(
    group_by: Sequence[sa.ColumnElement[Any]], where: Sequence[Condition]
) -> dict[Any, Participation]:
    """Completions, verified ones and distinct people per group.

    ``group_by`` and ``where`` may use ``Completion``, ``User`` (the
    participant) and ``Agency`` (theirs).
    """
    stmt = (
        sa.select(
            *group_by,
            sa.func.count(Completion.id),
            _sum_if(Completion.verified_at.is_not(None)),
            sa.func.count(sa.distinct(Completion.user_id)),
        )
        .select_from(Completion)
        .join(User, User.id == Completion.user_id)
        .outerjoin(Agency, Agency.id == User.agency_id)
        .where(*where)
        .group_by(*group_by)
    )
    width = len(group_by)
    return {
        _keyed(row, width): Participation(*map(int, row[width:]))
        for row in db.session.execute(stmt)
    }


@dataclass
class FollowUpCounts:
    """Where the follow-ups of a group stand (Kirkpatrick level 3)."""

    total: int = 0
    sent: int = 0
    answered: int = 0
    due_unsent: int = 0
    applied: int = 0
    not_applied: int = 0
    confirmed: int = 0
    disputed: int = 0
    awaiting_supervisor: int = 0

    def __add__(self, other: FollowUpCounts) -> FollowUpCounts:
        return FollowUpCounts(
            *(getattr(self, f) + getattr(other, f) for f in self.__dataclass_fields__)
        )

    @property
    def response_rate(self) -> float | None:
        return rate(self.answered, self.sent)

    @property
    def applied_share(self) -> float | None:
        return rate(self.applied, self.answered)


def follow_ups(
    group_by: Sequence[sa.ColumnElement[Any]],
    where: Sequence[Condition],
    now: datetime,
) -> dict[Any, FollowUpCounts]:
    """Sent, answered, applied and supervisor verdicts per group.

    ``where`` may use ``Completion`` and ``User`` (the participant).
    """
    stmt = (
        sa.select(
            *group_by,
            sa.func.count(FollowUp.id),
            _sum_if(FollowUp.sent_at.is_not(None)),
            _sum_if(FollowUp.answered_at.is_not(None)),
            _sum_if(sa.and_(FollowUp.sent_at.is_(None), FollowUp.due_at <= now)),
            _sum_if(CheckIn.applied.is_(True)),
            _sum_if(CheckIn.applied.is_(False)),
            _sum_if(CheckIn.supervisor_confirmed.is_(True)),
            _sum_if(CheckIn.supervisor_confirmed.is_(False)),
            _sum_if(
                sa.and_(
                    CheckIn.supervisor_id.is_not(None),
                    CheckIn.supervisor_confirmed.is_(None),
                )
            ),
        )
        .select_from(FollowUp)
        .join(Completion, Completion.id == FollowUp.completion_id)
        .join(User, User.id == Completion.user_id)
        .outerjoin(CheckIn, CheckIn.follow_up_id == FollowUp.id)
        .where(*where)
        .group_by(*group_by)
    )
    width = len(group_by)
    return {
        _keyed(row, width): FollowUpCounts(*map(int, row[width:]))
        for row in db.session.execute(stmt)
    }


SCORES = ("relevance", "quality", "facilitator", "recommend")


@dataclass
class FeedbackScores:
    """Sums of the four 1..5 answers and how many answers (``n``)."""

    n: int = 0
    relevance: int = 0
    quality: int = 0
    facilitator: int = 0
    recommend: int = 0

    def __add__(self, other: FeedbackScores) -> FeedbackScores:
        return FeedbackScores(
            *(getattr(self, f) + getattr(other, f) for f in self.__dataclass_fields__)
        )

    def averages(self) -> list[float | None]:
        return [average(getattr(self, score), self.n) for score in SCORES]


def feedback(
    group_by: Sequence[sa.ColumnElement[Any]], where: Sequence[Condition]
) -> dict[Any, FeedbackScores]:
    """Answer counts and score sums per group (sums, so groups can be added)."""
    stmt = (
        sa.select(
            *group_by,
            sa.func.count(Feedback.id),
            *(sa.func.coalesce(sa.func.sum(getattr(Feedback, s)), 0) for s in SCORES),
        )
        .select_from(Feedback)
        .join(Completion, Completion.id == Feedback.completion_id)
        .join(User, User.id == Completion.user_id)
        .where(*where)
        .group_by(*group_by)
    )
    width = len(group_by)
    return {
        _keyed(row, width): FeedbackScores(*map(int, row[width:]))
        for row in db.session.execute(stmt)
    }

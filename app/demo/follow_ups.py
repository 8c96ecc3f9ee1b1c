"""Demo follow-ups: give each due follow-up a state, as if time had passed.

A profile (per run in ``evaluation_content.RUNS``) and the participant's seat
number pick the state of each stage: "leave" (due, not sent: the cron has
not run), "sent" (not answered), "applied" or "not_applied" (answered), and
"confirmed", "disputed" or "awaiting" (answered, and the atasan confirmed,
disputed or has not answered yet). Only untouched follow-ups that are due
are changed, so loading again changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

from app.demo import evaluation_content as data
from app.extensions import db
from app.models import (
    ApplicationFrequency,
    CheckIn,
    Completion,
    FollowUp,
    FollowUpStage,
    Notification,
    NotificationKind,
)

# States by profile and stage, taken in turn by the participant's seat number.
STATES: dict[str, dict[FollowUpStage, tuple[str, ...]]] = {
    "aktif": {
        FollowUpStage.EARLY: (
            "confirmed",
            "applied",
            "not_applied",
            "sent",
            "awaiting",
            "disputed",
        ),
        FollowUpStage.LATER: ("confirmed", "applied", "sent", "leave"),
        FollowUpStage.SUSTAINED: ("applied", "sent", "leave"),
    },
    "sepi": {
        FollowUpStage.EARLY: ("sent", "sent", "applied"),
        FollowUpStage.LATER: ("leave",),
        FollowUpStage.SUSTAINED: ("leave",),
    },
    "belum": {stage: ("leave",) for stage in FollowUpStage},
    # Authors of case studies evidently applied what they learnt.
    "penulis": {
        FollowUpStage.EARLY: ("confirmed", "applied"),
        FollowUpStage.LATER: ("applied", "confirmed"),
        FollowUpStage.SUSTAINED: ("applied",),
    },
}


class FollowUpStates:
    """Counts what it changed: ``sent`` follow-ups and ``answered`` check-ins."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.sent = 0
        self.answered = 0

    def apply(self, plan: Iterable[tuple[Completion, str, int]]) -> None:
        """Set the state of every due, untouched follow-up of these completions."""
        plan = list(plan)
        rows = db.session.scalars(
            sa.select(FollowUp).where(
                FollowUp.completion_id.in_([c.id for c, _p, _n in plan])
            )
        )
        by_completion: dict[int, list[FollowUp]] = {}
        for follow_up in rows:
            by_completion.setdefault(follow_up.completion_id, []).append(follow_up)
        for completion, profile, number in plan:
            for follow_up in by_completion.get(completion.id, []):
                untouched = (
                    follow_up.claimed_at is None
                    and follow_up.sent_at is None
                    and follow_up.answered_at is None
                )
                if not untouched or follow_up.due_at > self.now:
                    continue
                states = STATES[profile][FollowUpStage(follow_up.stage)]
                self._apply(follow_up, completion, states[number % len(states)], number)

    def _apply(
        self, follow_up: FollowUp, completion: Completion, state: str, number: int
    ) -> None:
        if state == "leave":
            return
        sent = follow_up.due_at
        follow_up.claimed_at = follow_up.sent_at = sent
        notice = Notification(
            user_id=completion.user_id,
            kind=NotificationKind.FOLLOW_UP,
            follow_up=follow_up,
            created_at=sent,
        )
        db.session.add(notice)
        self.sent += 1
        if state == "sent":
            return
        answered = min(sent + timedelta(days=2 + number % 5), self.now)
        follow_up.answered_at = answered
        notice.read_at = answered
        self._check_in(follow_up, completion, state, number, answered)

    def _check_in(
        self,
        follow_up: FollowUp,
        completion: Completion,
        state: str,
        number: int,
        answered: datetime,
    ) -> None:
        applied = state != "not_applied"
        change, figure, unit = data.CHANGES[number % len(data.CHANGES)]
        boss = (
            completion.user.supervisor
            if state in {"confirmed", "disputed", "awaiting"}
            else None
        )
        check_in = CheckIn(
            follow_up=follow_up,
            applied=applied,
            frequency=(
                (
                    ApplicationFrequency.WEEKLY,
                    ApplicationFrequency.DAILY,
                    ApplicationFrequency.MONTHLY,
                )[number % 3]
                if applied
                else ApplicationFrequency.NEVER
            ),
            obstacles=data.OBSTACLES[number % len(data.OBSTACLES)],
            change_description=change if applied else "",
            change_figure=Decimal(figure) if applied and figure else None,
            change_unit=unit if applied and figure else "",
            created_at=answered,
            supervisor_id=boss.id if boss else None,
        )
        db.session.add(check_in)
        self.answered += 1
        if boss is None:
            return
        db.session.add(
            Notification(
                user_id=boss.id,
                kind=NotificationKind.CONFIRM_REQUEST,
                actor_id=completion.user_id,
                follow_up=follow_up,
                created_at=answered,
            )
        )
        if state == "awaiting":
            return
        confirmed = state == "confirmed"
        notes = data.SUPERVISOR_CONFIRMATIONS if confirmed else data.SUPERVISOR_DISPUTES
        check_in.supervisor_confirmed = confirmed
        check_in.supervisor_note = notes[number % len(notes)]
        check_in.supervisor_answered_at = min(answered + timedelta(days=3), self.now)

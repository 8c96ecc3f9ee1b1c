"""Scheduling follow-ups: every completion gets its check-ins in the same transaction.

A session event does the work, like the search change log
(``app.search.changes``), so no code path that creates a completion can
forget it: the profile form, an organiser's participant import, the demo
loader and any command. ``before_flush`` notes new, rejected, reinstated and
re-dated completions; ``after_flush`` writes through the flush's own
connection, so the follow-ups commit or roll back with the completion.

Inserts are idempotent (``INSERT ... ON CONFLICT DO NOTHING`` on the unique
``(completion_id, stage)``), so the backfill (:func:`schedule_missing`) and a
request creating the same rows at once cannot fail each other.

A rejected completion loses its unsent follow-ups; a deleted one loses all of
them through the database's ``ON DELETE CASCADE``. Bulk ``INSERT``/``UPDATE``
statements bypass the unit of work: code that uses them calls
:func:`schedule_completions` or :func:`cancel_unsent` itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.i18n import WIB
from app.models import Completion, FollowUp, FollowUpStage
from app.models.base import utcnow

# Invitations arrive at the start of a working day, not at midnight.
DUE_TIME = time(9, 0)
DEFAULT_DAYS = (30, 90)
DEFAULT_SUSTAINED_DAYS = 180

_PENDING = "followups_pending"  # session.info: what this flush changes


def stage_days(config: Mapping[str, Any] | None = None) -> dict[FollowUpStage, int]:
    """Days after the completion for each stage, from ``FOLLOWUP_*`` settings."""
    if config is None:
        config = current_app.config if has_app_context() else {}
    days = tuple(config.get("FOLLOWUP_DAYS", DEFAULT_DAYS))
    if len(days) != 2:
        raise RuntimeError("FOLLOWUP_DAYS needs two numbers, e.g. 30,90.")
    early, later = days
    sustained = config.get("FOLLOWUP_SUSTAINED_DAYS", DEFAULT_SUSTAINED_DAYS)
    return {
        FollowUpStage.EARLY: int(early),
        FollowUpStage.LATER: int(later),
        FollowUpStage.SUSTAINED: int(sustained),
    }


def due_at(completed_on: date, days: int) -> datetime:
    """09.00 WIB, ``days`` after ``completed_on``, as a UTC timestamp."""
    local = datetime.combine(completed_on + timedelta(days=days), DUE_TIME, WIB)
    return local.astimezone(UTC)


def planned_rows(
    completion_id: int, completed_on: date, days: Mapping[FollowUpStage, int]
) -> list[dict[str, Any]]:
    now = utcnow()
    return [
        {
            "completion_id": completion_id,
            "stage": stage,
            "due_at": due_at(completed_on, offset),
            "email_error": "",
            "created_at": now,
        }
        for stage, offset in days.items()
    ]


# --- the session events ---------------------------------------------------------


@dataclass
class _Pending:
    schedule: list[Completion] = field(default_factory=list)
    cancel: set[int] = field(default_factory=set)
    redate: list[Completion] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.schedule or self.cancel or self.redate)


def listen() -> None:
    """Attach the listeners to every SQLAlchemy session, once per process."""
    for name, handler in (
        ("before_flush", _before_flush),
        ("after_flush", _after_flush),
        ("after_rollback", _after_rollback),
    ):
        if not sa.event.contains(Session, name, handler):
            sa.event.listen(Session, name, handler)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    pending = _Pending()
    for obj in session.new:
        if isinstance(obj, Completion) and obj.rejected_at is None:
            pending.schedule.append(obj)
    for obj in session.dirty:
        if isinstance(obj, Completion):
            _note_change(obj, pending)
    if pending:
        session.info.setdefault(_PENDING, []).append(pending)


def _note_change(completion: Completion, pending: _Pending) -> None:
    state = sa.inspect(completion)
    if state.attrs.rejected_at.history.has_changes():
        if completion.rejected_at is not None:
            pending.cancel.add(completion.id)
        else:  # reinstated: schedule what is missing again
            pending.schedule.append(completion)
    elif state.attrs.completed_on.history.has_changes():
        pending.redate.append(completion)


def _after_flush(session: Session, _context: Any) -> None:
    days = stage_days()
    for pending in session.info.pop(_PENDING, []):
        rows = [
            row
            for obj in pending.schedule
            if obj.id is not None
            for row in planned_rows(obj.id, obj.completed_on, days)
        ]
        insert_ignoring_duplicates(session, rows)
        cancel_unsent(session, pending.cancel)
        for obj in pending.redate:
            _redate(session, obj, days)


def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


# --- writing -----------------------------------------------------------------------


def insert_ignoring_duplicates(
    session: Session, rows: list[dict[str, Any]]
) -> list[int]:
    """Insert follow-up rows, skipping stages a completion already has.

    Returns the ids of the rows actually inserted.
    """
    if not rows:
        return []
    connection = session.connection()
    dialect = connection.dialect.name
    table = FollowUp.__table__
    if dialect in {"postgresql", "sqlite"}:
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = (
            insert(table)
            .on_conflict_do_nothing(index_elements=["completion_id", "stage"])
            .returning(table.c.id)
        )
        return list(connection.scalars(statement, rows))
    return _insert_missing_portably(connection, rows)  # pragma: no cover


def _insert_missing_portably(
    connection: sa.Connection, rows: list[dict[str, Any]]
) -> list[int]:  # pragma: no cover - only SQLite and PostgreSQL are supported
    table = FollowUp.__table__
    ids = []
    for row in rows:
        exists = connection.scalar(
            sa.select(table.c.id).where(
                table.c.completion_id == row["completion_id"],
                table.c.stage == row["stage"],
            )
        )
        if exists is None:
            ids.append(connection.execute(table.insert(), row).inserted_primary_key[0])
    return ids


def schedule_completions(session: Session, completion_ids: Iterable[int]) -> list[int]:
    """Schedule the follow-ups of completions inserted by bulk statements.

    Rejected completions are left alone. Returns the ids of new follow-ups.
    """
    ids = sorted(set(completion_ids))
    if not ids:
        return []
    found = session.connection().execute(
        sa.select(Completion.id, Completion.completed_on).where(
            Completion.id.in_(ids), Completion.rejected_at.is_(None)
        )
    )
    days = stage_days()
    rows = [row for c_id, on in found for row in planned_rows(c_id, on, days)]
    return insert_ignoring_duplicates(session, rows)


def cancel_unsent(session: Session, completion_ids: Iterable[int]) -> int:
    """Remove the follow-ups of these completions that were not sent yet.

    A sender that claimed one of them finds it gone and sends nothing
    (``app.followups.sending``). Sent ones stay: they happened.
    """
    ids = sorted(set(completion_ids))
    if not ids:
        return 0
    result = session.connection().execute(
        sa.delete(FollowUp.__table__).where(
            FollowUp.__table__.c.completion_id.in_(ids),
            FollowUp.__table__.c.sent_at.is_(None),
        )
    )
    return result.rowcount or 0


def _redate(
    session: Session, completion: Completion, days: Mapping[FollowUpStage, int]
) -> None:
    """A corrected completion date moves the follow-ups nobody has claimed yet."""
    table = FollowUp.__table__
    for stage, offset in days.items():
        session.connection().execute(
            sa.update(table)
            .where(
                table.c.completion_id == completion.id,
                table.c.stage == stage,
                table.c.claimed_at.is_(None),
            )
            .values(due_at=due_at(completion.completed_on, offset))
        )


# --- backfill ------------------------------------------------------------------------


def completions_missing_follow_ups(
    session: Session, *, since: date | None = None
) -> list[int]:
    """Ids of unrejected completions with fewer follow-ups than stages."""
    have = (
        sa.select(sa.func.count(FollowUp.id))
        .where(FollowUp.completion_id == Completion.id)
        .scalar_subquery()
    )
    statement = (
        sa.select(Completion.id)
        .where(Completion.rejected_at.is_(None), have < len(FollowUpStage))
        .order_by(Completion.id)
    )
    if since is not None:
        statement = statement.where(Completion.completed_on >= since)
    return list(session.scalars(statement))


def schedule_missing(
    session: Session,
    completion_ids: list[int],
    *,
    batch_size: int = 500,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Backfill: schedule ``completion_ids`` in committed batches; count new rows.

    Commits after each batch so a long backfill holds no lock for long and a
    crash keeps what was done; running it again only fills what is missing.
    """
    created = 0
    for start in range(0, len(completion_ids), batch_size):
        batch = completion_ids[start : start + batch_size]
        created += len(schedule_completions(session, batch))
        session.commit()
        if progress is not None:
            progress(len(batch))
    return created

"""Writing to the audit log: one call per moderator or admin decision."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.extensions import db
from app.logs import log_event
from app.models import AuditEvent, User


def record(
    actor: User | None,
    action: str,
    *,
    target_type: str,
    target_id: int | None,
    reason: str = "",
    **details: Any,
) -> AuditEvent:
    """Append an audit event in the caller's transaction (flushes, never commits).

    ``action`` is a short verb such as ``hide``, ``restore``, ``feature``,
    ``role_change``; ``details`` holds what the action changed (e.g. the old
    and new role) and must be JSON-serialisable.
    """
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        reason=reason,
        details=details,
    )
    db.session.add(event)
    db.session.flush()
    # The same decision in the server log, tied to the request id. Written at
    # flush time: a rolled-back action can leave a log line without an audit
    # row, never the reverse. The reason and details stay in the database
    # (they may quote personal data); the log names who did what to what.
    log_event(
        f"audit.{action}",
        audit_event_id=event.id,
        actor_id=event.actor_id,
        target_type=target_type,
        target_id=target_id,
    )
    return event


def events_for(target_type: str, target_id: int) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            sa.select(AuditEvent)
            .where(
                AuditEvent.target_type == target_type,
                AuditEvent.target_id == target_id,
            )
            .order_by(AuditEvent.created_at, AuditEvent.id)
        )
    )

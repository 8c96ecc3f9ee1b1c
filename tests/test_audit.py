"""The audit log only grows."""

from __future__ import annotations

import pytest

from app.models import AuditEvent, AuditLogIsAppendOnly
from app.moderation.audit import events_for, record


def test_an_action_is_recorded_with_who_what_which_why(db, make_user):
    moderator = make_user("moderator")
    record(moderator, "hide", target_type="case_study", target_id=7, reason="spam")
    db.session.commit()

    (event,) = events_for("case_study", 7)
    assert (event.actor_id, event.action, event.reason) == (
        moderator.id,
        "hide",
        "spam",
    )
    assert event.created_at is not None


def test_an_audit_event_cannot_be_edited(db, make_user):
    event = record(make_user("admin"), "role_change", target_type="user", target_id=1)
    db.session.commit()

    event.reason = "rewritten history"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()


def test_an_audit_event_cannot_be_deleted(db, make_user):
    event = record(make_user("admin"), "deactivate", target_type="user", target_id=2)
    db.session.commit()

    db.session.delete(event)
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(AuditEvent, event.id) is not None

"""The audit log: every moderator and admin decision, append-only."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from app.models.base import Base, utcnow

if TYPE_CHECKING:
    from app.models.people import User


class AuditEvent(Base):
    """Who did what to which item, why and when. Never updated, never deleted."""

    __tablename__ = "audit_event"
    __table_args__ = (
        sa.Index("ix_audit_event_target", "target_type", "target_id"),
        sa.Index("ix_audit_event_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id"), index=True
    )
    action: Mapped[str] = mapped_column(sa.String(40))
    target_type: Mapped[str] = mapped_column(sa.String(40))
    target_id: Mapped[int | None]
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return (
            f"<AuditEvent {self.id} {self.action} {self.target_type}:{self.target_id}>"
        )


class AuditLogIsAppendOnly(RuntimeError):
    pass


@sa.event.listens_for(Session, "before_flush")
def _refuse_changes_to_audit_events(session: Session, _context, _instances) -> None:  # noqa: ANN001
    """The ORM may add audit events, never change or remove one."""
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, AuditEvent) and (
            obj in session.deleted or session.is_modified(obj)
        ):
            raise AuditLogIsAppendOnly("audit events cannot be changed or deleted")

"""Programmes (pelatihan, seminar, ...) and who completed them."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow

if TYPE_CHECKING:
    from app.models.people import User


class Program(Base):
    """A development programme such as Pelatihan Manajemen Krisis."""

    __tablename__ = "program"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(160), unique=True)
    slug: Mapped[str] = mapped_column(sa.String(160), unique=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    hours: Mapped[int | None]  # JP (jam pelajaran)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Archived: no longer offered in forms; existing data keeps showing it.
    archived_at: Mapped[datetime | None]

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def __repr__(self) -> str:
        return f"<Program {self.slug}>"


class CompletionSource(enum.StrEnum):
    DECLARED = "declared"
    IMPORTED = "imported"


class Completion(Base):
    """A user finished a programme; unverified until an organiser confirms it."""

    __tablename__ = "completion"
    __table_args__ = (sa.UniqueConstraint("user_id", "program_id", "completed_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    program_id: Mapped[int] = mapped_column(sa.ForeignKey("program.id"), index=True)
    completed_on: Mapped[date]
    certificate_number: Mapped[str] = mapped_column(sa.String(80), default="")
    source: Mapped[CompletionSource] = mapped_column(
        sa.Enum(
            CompletionSource,
            native_enum=False,
            length=20,
            values_callable=lambda items: [i.value for i in items],
        ),
        default=CompletionSource.DECLARED,
    )
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(
        back_populates="completions", foreign_keys=[user_id]
    )
    program: Mapped[Program] = relationship()

    @property
    def verified(self) -> bool:
        return self.verified_at is not None

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


class ProgramRun(Base):
    """One run (angkatan) of a programme: when, where, how many JP, who organises.

    Participants are the completions that point at the run.
    """

    __tablename__ = "program_run"
    __table_args__ = (
        sa.UniqueConstraint("program_id", "name"),
        sa.CheckConstraint("ends_on >= starts_on", name="dates_in_order"),
        sa.CheckConstraint("hours IS NULL OR hours > 0", name="hours_positive"),
        sa.CheckConstraint(
            "capacity IS NULL OR capacity > 0", name="capacity_positive"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(sa.ForeignKey("program.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))  # "Angkatan I 2026"
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    location: Mapped[str] = mapped_column(sa.String(160), default="")
    # JP of this run; None means the programme's own ``hours``.
    hours: Mapped[int | None]
    capacity: Mapped[int | None]
    organiser_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    program: Mapped[Program] = relationship()
    organiser: Mapped[User | None] = relationship()

    @property
    def effective_hours(self) -> int | None:
        return self.hours if self.hours is not None else self.program.hours

    def __repr__(self) -> str:
        return f"<ProgramRun {self.program_id} {self.name!r}>"


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
    # An organiser found no record of this self-declared completion. Kept (not
    # deleted) so the member sees why; a rejected completion never counts.
    rejected_at: Mapped[datetime | None]
    rejected_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    rejection_reason: Mapped[str] = mapped_column(
        sa.Text, default="", server_default=""
    )
    # The run (angkatan) attended, when known: imported completions always
    # have one; a self-declared one may not.
    run_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("program_run.id"), index=True
    )
    # Atasan named for this completion; falls back to the user's supervisor.
    supervisor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(
        back_populates="completions", foreign_keys=[user_id]
    )
    program: Mapped[Program] = relationship()
    run: Mapped[ProgramRun | None] = relationship()
    supervisor: Mapped[User | None] = relationship(foreign_keys=[supervisor_id])

    @property
    def verified(self) -> bool:
        return self.verified_at is not None

    @property
    def rejected(self) -> bool:
        return self.rejected_at is not None

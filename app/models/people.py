"""People and the agencies they work in."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


if TYPE_CHECKING:
    from app.models.programmes import Completion


class Role(enum.StrEnum):
    """Roles from docs/design: each grants the abilities in ``app.policy``."""

    MEMBER = "anggota"
    MODERATOR = "moderator"
    ORGANISER = "penyelenggara"
    LEADER = "pimpinan"
    ADMIN = "admin"


class Agency(Base):
    """An instansi / OPD such as Dinas Kesehatan."""

    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(160), unique=True)
    slug: Mapped[str] = mapped_column(sa.String(160), unique=True)
    # Number of ASN employed: the denominator of participation rates. Unknown
    # (None) rather than a guess; dashboards then show counts without rates.
    headcount: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Archived: no longer offered in forms; existing data keeps showing it.
    archived_at: Mapped[datetime | None]

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def __repr__(self) -> str:
        return f"<Agency {self.slug}>"


class User(UserMixin, Base):
    """An ASN with an account. NIP and email are personal data: never public."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    nip: Mapped[str | None] = mapped_column(sa.String(18), unique=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    position: Mapped[str] = mapped_column(sa.String(120), default="")
    role: Mapped[Role] = mapped_column(
        sa.Enum(
            Role,
            native_enum=False,
            length=20,
            values_callable=lambda roles: [r.value for r in roles],
        ),
        default=Role.MEMBER,
    )
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(sa.String(5))
    agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id"))
    # Atasan (direct supervisor), a user of the same agency: may confirm in a
    # follow-up check-in that the behaviour changed (third-party evidence).
    supervisor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # Set when an organiser's participant list created the account before the
    # ASN registered; registering with the same NIP claims it and clears this.
    pending_since: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Part of every session and remember-me cookie (see ``get_id``): a new
    # value signs the account out everywhere (logout, password change,
    # deactivation), which Flask's signed cookies alone cannot do.
    session_token: Mapped[str] = mapped_column(sa.String(64), default=new_session_token)
    # Sign-in failures since the last success; at the limit the account is
    # locked until ``locked_until`` (app.auth.lockout).
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None]

    agency: Mapped[Agency | None] = relationship()
    supervisor: Mapped[User | None] = relationship(
        remote_side=[id], foreign_keys=[supervisor_id]
    )
    completions: Mapped[list[Completion]] = relationship(
        back_populates="user",
        foreign_keys="Completion.user_id",
        order_by="Completion.completed_on.desc()",
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active and self.pending_since is None

    @property
    def is_pending(self) -> bool:
        return self.pending_since is not None

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and remember cookie."""
        return f"{self.id}:{self.session_token}"

    def set_password(self, password: str) -> None:
        """Hash as sign-in checks it (NFKC-normalised scrypt, app.auth.passwords);
        the rules themselves are the services' business."""
        from app.auth.passwords import hash_password

        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        from app.auth.passwords import verify_password

        return verify_password(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"

"""Users as an admin manages them: find, change role, deactivate, reactivate.

Every change writes an audit event in the same transaction. Functions flush
but never commit: the caller owns the transaction.

The last active admin cannot be demoted or deactivated. The check is made
inside the transaction that makes the change, so two admins demoting each
other at the same moment cannot both succeed:

* PostgreSQL: the active admins' rows are locked first (``SELECT ... FOR
  UPDATE``). A concurrent demotion waits for that lock, then sees the first
  one's committed change and is refused.
* SQLite has no row locks (SQLAlchemy leaves ``FOR UPDATE`` out), but only one
  connection writes at a time. The change is flushed before the admins are
  counted, and that write holds the database's write lock until the commit;
  the pysqlite driver opens its transaction at that first write, so a
  concurrent demotion waits (busy timeout) and counts after the first commit.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload

from app.admin.errors import AdminError
from app.auth.nip import normalize_nip
from app.extensions import db
from app.models import AuditEvent, Role, User
from app.models.people import new_session_token
from app.moderation.audit import record
from app.profiles.services import role_label

MAX_REASON_LENGTH = 1000


def search_users(
    query: str = "",
    *,
    role: Role | None = None,
    active: bool | None = None,
    page: int = 1,
    per_page: int = 20,
) -> Pagination:
    """Users whose name or email contains ``query`` (any case) or whose NIP
    starts with it (spaces ignored), by name.

    SQLite's ``lower()`` folds ASCII letters only; PostgreSQL folds all.
    """
    stmt = (
        sa.select(User)
        .options(joinedload(User.agency))
        .order_by(sa.func.lower(User.name), User.id)
    )
    query = " ".join(query.split())
    if query:
        stmt = stmt.where(_matches(query))
    if role is not None:
        stmt = stmt.where(User.role == role)
    if active is not None:
        stmt = stmt.where(User.active.is_(active))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def _matches(query: str) -> sa.ColumnElement[bool]:
    lowered = query.lower()
    conditions = [
        sa.func.lower(User.name).contains(lowered, autoescape=True),
        sa.func.lower(User.email).contains(lowered, autoescape=True),
    ]
    digits = normalize_nip(query)
    if digits.isdigit():
        conditions.append(User.nip.startswith(digits, autoescape=True))
    return sa.or_(*conditions)


def role_counts() -> dict[Role, int]:
    """Active users per role (every role present, zero when none)."""
    rows = db.session.execute(
        sa.select(User.role, sa.func.count(User.id))
        .where(User.active.is_(True))
        .group_by(User.role)
    )
    counts = dict.fromkeys(Role, 0)
    counts.update({Role(role): n for role, n in rows})
    return counts


def count_users(*, active: bool | None = None) -> int:
    stmt = sa.select(sa.func.count(User.id))
    if active is not None:
        stmt = stmt.where(User.active.is_(active))
    return db.session.scalar(stmt) or 0


def change_role(actor: User, user: User, role: Role, *, reason: str = "") -> AuditEvent:
    """Give ``user`` another role, and log the old and the new one.

    :raise AdminError: the user already has this role, or they are the last
        active admin.
    """
    _lock(user)
    old = user.role
    if role == old:
        raise AdminError(
            _("Pengguna ini sudah berperan %(role)s.", role=role_label(role)), "role"
        )
    _change_keeping_an_admin(user, role=role)
    return record(
        actor,
        "role_change",
        target_type="user",
        target_id=user.id,
        reason=_clean_reason(reason),
        old=old.value,
        new=role.value,
    )


def deactivate(actor: User, user: User, *, reason: str) -> AuditEvent:
    """The user can no longer sign in (and is signed out); their content stays.

    :raise AdminError: no reason given, already inactive, or the last active admin.
    """
    reason = _required_reason(reason)
    _lock(user)
    if not user.active:
        raise AdminError(_("Akun ini sudah nonaktif."))
    # A new session token: every session and remember-me cookie of the
    # account is anonymous, and stays so if the account is reactivated.
    _change_keeping_an_admin(user, active=False, session_token=new_session_token())
    return record(
        actor, "deactivate", target_type="user", target_id=user.id, reason=reason
    )


def reactivate(actor: User, user: User, *, reason: str) -> AuditEvent:
    """The user can sign in again.

    :raise AdminError: no reason given, or the account is already active.
    """
    reason = _required_reason(reason)
    _lock(user)
    if user.active:
        raise AdminError(_("Akun ini sudah aktif."))
    user.active = True
    db.session.flush()
    return record(
        actor, "reactivate", target_type="user", target_id=user.id, reason=reason
    )


def _clean_reason(reason: str) -> str:
    reason = reason.strip()
    if len(reason) > MAX_REASON_LENGTH:
        raise AdminError(
            _("Alasan paling banyak %(n)d karakter.", n=MAX_REASON_LENGTH), "reason"
        )
    return reason


def _required_reason(reason: str) -> str:
    reason = _clean_reason(reason)
    if not reason:
        raise AdminError(_("Tulis alasannya."), "reason")
    return reason


def _change_keeping_an_admin(user: User, **changes: Any) -> None:
    """Apply ``changes`` to ``user`` unless no active admin would remain.

    See the module docstring for why this is safe under concurrency. When
    refused, the change is undone and flushed again, so the transaction
    holds nothing of it.

    :raise AdminError: the change would leave no active admin.
    """
    removes_admin = _is_active_admin(user) and not _is_active_admin(user, **changes)
    before = {name: getattr(user, name) for name in changes}
    for name, value in changes.items():
        setattr(user, name, value)
    db.session.flush()
    if removes_admin and _active_admin_count() == 0:
        for name, value in before.items():
            setattr(user, name, value)
        db.session.flush()
        raise AdminError(
            _(
                "Ini admin aktif terakhir. Jadikan pengguna lain admin terlebih "
                "dahulu, lalu ulangi."
            )
        )


def _is_active_admin(user: User, **changes: Any) -> bool:
    role = changes.get("role", user.role)
    active = changes.get("active", user.active)
    return role == Role.ADMIN and bool(active)


def _active_admins() -> sa.Select[tuple[User]]:
    return sa.select(User).where(User.role == Role.ADMIN, User.active.is_(True))


def _lock(user: User) -> None:
    """PostgreSQL: lock the active admins' rows, then the user's, until the
    commit, and reload them so the rules see what others committed. Always in
    this order, so two admin changes never wait for each other in a circle."""
    db.session.scalars(
        _active_admins()
        .order_by(User.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    db.session.refresh(user, with_for_update=True)


def _active_admin_count() -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(_active_admins().subquery())
        )
        or 0
    )

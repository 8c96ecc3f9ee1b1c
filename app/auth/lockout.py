"""Locking an account after repeated sign-in failures.

After ``LOGIN_MAX_FAILURES`` consecutive failures the account is locked for
``LOGIN_LOCK_MINUTES``; while locked, even the right password is refused and
the person is told how many minutes are left. A success resets the count; so
does a password reset. The first failure after a lock has expired starts the
count again from one.

The count lives on the account (``user_account.failed_logins``,
``locked_until``) and is raised by one ``UPDATE ... SET failed_logins =
failed_logins + 1 ... RETURNING``, so failures that arrive at the same moment
(several gunicorn workers) are all counted: the database serialises the
updates of one row, and nobody reads a count, adds one in Python and writes
it back over someone else's.

The lock is per account, not per address: colleagues behind one office NAT
address keep signing in while one account is locked (the per-address limit,
``RATELIMIT_LOGIN``, is generous on purpose).

Unknown emails: if only real accounts ever locked, ten failures would tell
anyone whether an email has an account. So an email without an account
"locks" the same way, its count kept in the rate-limit storage
(``RATELIMIT_STORAGE_URI``: Redis in production, shared by the workers) for a
day. See docs/security.md, "Passwords and accounts".
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import ngettext
from limits.errors import StorageError
from limits.storage import Storage, storage_from_string

from app.auth import clock
from app.extensions import db
from app.models import User
from app.models.base import UTCDateTime

# How long the failures of an email without an account are remembered.
UNKNOWN_EMAIL_MEMORY = 24 * 60 * 60
_STORAGE_KEY = "lumbung.unknown_email_failures"


@dataclass(frozen=True)
class Failure:
    """One failure counted: the count now, and the lock it started (minutes)."""

    count: int
    locked_minutes: int | None


def max_failures() -> int:
    return int(current_app.config["LOGIN_MAX_FAILURES"])


def lock_duration() -> timedelta:
    return timedelta(minutes=int(current_app.config["LOGIN_LOCK_MINUTES"]))


def minutes_left(seconds: float) -> int:
    """Whole minutes, rounded up: "1 menit" until the very end."""
    return max(1, math.ceil(seconds / 60))


def lock_message(minutes: int) -> str:
    return ngettext(
        "Terlalu banyak percobaan masuk yang gagal, jadi akun ini dikunci "
        "sementara. Coba lagi dalam %(num)d menit, atau buat kata sandi baru "
        "lewat «Lupa kata sandi?».",
        "Terlalu banyak percobaan masuk yang gagal, jadi akun ini dikunci "
        "sementara. Coba lagi dalam %(num)d menit, atau buat kata sandi baru "
        "lewat «Lupa kata sandi?».",
        minutes,
    )


def account_digest(email: str) -> str:
    """A short keyed hash of an email: lets logs and counters tell attempts
    on one address apart without writing the address down."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, email.strip().lower().encode(), hashlib.sha256)
    return digest.hexdigest()[:12]


# --- real accounts ------------------------------------------------------------


def locked_for(user: User, now: datetime | None = None) -> int | None:
    """Minutes left on ``user``'s lock, or None when they may try."""
    now = now or clock.now()
    if user.locked_until is None or user.locked_until <= now:
        return None
    return minutes_left((user.locked_until - now).total_seconds())


def record_failure(user: User, now: datetime | None = None) -> Failure:
    """Count one failure of ``user`` in a single atomic UPDATE (flushed, not
    committed) and lock the account when it reaches the limit."""
    now = now or clock.now()
    lock_ends = now + lock_duration()
    expired = sa.and_(User.locked_until.is_not(None), User.locked_until <= now)
    count = sa.case((expired, 1), else_=User.failed_logins + 1)
    statement = (
        sa.update(User)
        .where(User.id == user.id)
        .values(
            failed_logins=count,
            locked_until=sa.case(
                (count >= max_failures(), sa.literal(lock_ends, UTCDateTime())),
                (expired, sa.null()),
                else_=User.locked_until,
            ),
        )
        .returning(User.failed_logins, User.locked_until)
        .execution_options(synchronize_session=False)
    )
    failures, locked_until = db.session.execute(statement).one()
    db.session.expire(user, ["failed_logins", "locked_until"])
    locked = locked_until is not None and locked_until > now
    minutes = minutes_left((locked_until - now).total_seconds()) if locked else None
    return Failure(count=failures, locked_minutes=minutes)


def clear(user: User) -> None:
    """A success (or a new password): the count starts again, no lock."""
    if user.failed_logins or user.locked_until is not None:
        user.failed_logins = 0
        user.locked_until = None


# --- emails without an account ---------------------------------------------------


def _storage() -> Storage:
    """Per app, from ``RATELIMIT_STORAGE_URI``; created even when rate limits
    are switched off (tests), because this is not a rate limit."""
    extensions = current_app.extensions
    if _STORAGE_KEY not in extensions:
        extensions[_STORAGE_KEY] = storage_from_string(
            current_app.config["RATELIMIT_STORAGE_URI"], wrap_exceptions=True
        )
    return extensions[_STORAGE_KEY]


def _keys(email: str) -> tuple[str, str]:
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX", "lumbung")
    digest = account_digest(email)
    return f"{prefix}:login-failures:{digest}", f"{prefix}:login-lock:{digest}"


def unknown_locked_for(email: str) -> int | None:
    """Minutes left on the "lock" of an email that has no account."""
    storage = _storage()
    _count_key, lock_key = _keys(email)
    try:
        if not storage.get(lock_key):
            return None
        return minutes_left(storage.get_expiry(lock_key) - time.time())
    except StorageError as error:
        _storage_down(error)
        return None


def record_unknown_failure(email: str) -> Failure:
    """Count a failure for an email without an account, as for a real one."""
    storage = _storage()
    count_key, lock_key = _keys(email)
    try:
        count = storage.incr(count_key, UNKNOWN_EMAIL_MEMORY)
        if count < max_failures():
            return Failure(count=count, locked_minutes=None)
        seconds = lock_duration().total_seconds()
        storage.clear(count_key)
        storage.incr(lock_key, int(seconds))
    except StorageError as error:
        _storage_down(error)
        return Failure(count=0, locked_minutes=None)
    return Failure(count=count, locked_minutes=minutes_left(seconds))


def _storage_down(error: StorageError) -> None:
    """Redis unreachable: sign-in goes on (a 500 here would itself tell that
    the email has no account); unknown emails just stop "locking" meanwhile."""
    current_app.logger.warning(
        "login lockout: rate-limit storage unavailable (%s)",
        type(error.storage_error).__name__,
    )

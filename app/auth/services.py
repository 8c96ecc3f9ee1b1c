"""Accounts: the rules for registering, signing in and changing a password.

The registration form and ``flask users create`` both go through
``register_user``, so a NIP, an email or a password is checked the same way
wherever an account is made; changing and resetting a password use the same
password rules (``app.auth.passwords``). Functions here flush but never
commit: the caller owns the transaction (a failed sign-in is counted, so
the caller commits after a failure too).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.auth import clock, lockout
from app.auth.nip import NIPError, normalize_nip, validate_nip
from app.auth.passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    hash_password,
    password_problem,
    verify_password,
)
from app.auth.sessions import sign_out_everywhere
from app.extensions import db
from app.logs import log_event
from app.models import Agency, Role, User

__all__ = ["MAX_PASSWORD_LENGTH", "MIN_PASSWORD_LENGTH", "password_problem"]

MAX_NAME_LENGTH = 120
MAX_EMAIL_LENGTH = 254
MAX_POSITION_LENGTH = 120


class AccountError(ValueError):
    """One or more fields are wrong; ``errors`` maps a field name to a message.

    Field names match the forms: name, email, nip, password, agency,
    position (registration) and current_password (changing a password).
    """

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(" ".join(errors.values()))
        self.errors = errors


def normalize_email(email: str) -> str:
    """Emails are compared and stored trimmed and lowercase."""
    return email.strip().lower()


def email_taken(email: str) -> bool:
    return _exists(User.email == normalize_email(email))


def nip_taken(nip: str) -> bool:
    """Registered by someone; a pending account's NIP is free to be claimed."""
    return _exists(
        sa.and_(User.nip == normalize_nip(nip), User.pending_since.is_(None))
    )


def pending_account(nip: str) -> User | None:
    """The account a participant list made for this NIP, not yet claimed."""
    return db.session.scalar(
        sa.select(User).where(
            User.nip == normalize_nip(nip), User.pending_since.is_not(None)
        )
    )


def _exists(condition: sa.ColumnElement[bool]) -> bool:
    return db.session.scalar(sa.select(User.id).where(condition).limit(1)) is not None


def agency_by_slug(slug: str) -> Agency | None:
    return db.session.scalar(sa.select(Agency).where(Agency.slug == slug))


def _duplicate_messages() -> dict[str, str]:
    return {
        "email": _("Email sudah terdaftar."),
        "nip": _("NIP sudah terdaftar."),
    }


def _check_registration(
    *,
    name: str,
    email: str,
    password: str,
    nip: str | None,
    agency_id: int | None,
    position: str,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if len(position) > MAX_POSITION_LENGTH:
        errors["position"] = _(
            "Jabatan maksimal %(n)d karakter.", n=MAX_POSITION_LENGTH
        )
    if not name or len(name) > MAX_NAME_LENGTH:
        errors["name"] = _(
            "Isi nama lengkap (maksimal %(n)d karakter).", n=MAX_NAME_LENGTH
        )
    if not email or len(email) > MAX_EMAIL_LENGTH or "@" not in email:
        errors["email"] = _("Masukkan alamat email yang valid.")
    elif email_taken(email):
        errors["email"] = _duplicate_messages()["email"]
    if nip is not None:
        try:
            validate_nip(nip)
        except NIPError as error:
            errors["nip"] = str(error)
        else:
            if nip_taken(nip):
                errors["nip"] = _duplicate_messages()["nip"]
    problem = password_problem(password, name=name, email=email, nip=nip)
    if problem is not None:
        errors["password"] = problem
    if agency_id is not None and db.session.get(Agency, agency_id) is None:
        errors["agency"] = _("Instansi tidak ditemukan.")
    return errors


def register_user(
    *,
    name: str,
    email: str,
    password: str,
    nip: str | None = None,
    agency_id: int | None = None,
    position: str = "",
    role: Role = Role.MEMBER,
) -> User:
    """A new account, flushed so it has an id.

    When an organiser's participant list already made a pending account for
    this NIP, that account is claimed instead: the same row, so the
    completions imported for it stay; it takes the name, email, password,
    agency and position given here and can sign in from now on.

    The role is only ever set by the caller: the public form passes none, so
    self-registered users are always members.

    :raise AccountError: a field is invalid, or the NIP or email is taken.
        When another request took it a moment ago, the database refuses the
        row and the session has been rolled back.
    """
    email = normalize_email(email)
    nip = normalize_nip(nip) if nip else None
    name = " ".join(name.split())
    errors = _check_registration(
        name=name,
        email=email,
        password=password,
        nip=nip,
        agency_id=agency_id,
        position=position.strip(),
    )
    if errors:
        raise AccountError(errors)
    pending = pending_account(nip) if nip else None
    if pending is not None:
        return _claim(
            pending,
            name=name,
            email=email,
            password=password,
            agency_id=agency_id,
            position=position.strip(),
            role=role,
        )
    user = User(
        name=name,
        email=email,
        nip=nip,
        agency_id=agency_id,
        position=position.strip(),
        role=role,
    )
    user.password_hash = hash_password(password)
    _insert(user)
    return user


def _insert(user: User) -> None:
    """Add and flush ``user``; losing a unique-index race reads like a duplicate.

    No savepoint: with SQLite's default driver, releasing an outermost
    SAVEPOINT commits, which would break "services never commit". A failed
    flush leaves the transaction unusable anyway, so it is rolled back here.
    """
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        detail = str(error.orig).lower()
        field = "email" if "email" in detail else "nip"
        raise AccountError({field: _duplicate_messages()[field]}) from error


def _claim(
    pending: User,
    *,
    name: str,
    email: str,
    password: str,
    agency_id: int | None,
    position: str,
    role: Role,
) -> User:
    """Turn a pending account into its owner's: one conditional UPDATE, so of
    two registrations racing for the same NIP exactly one wins.

    :raise AccountError: someone claimed it a moment ago, or took the email
        (the session has been rolled back).
    """
    try:
        result = db.session.execute(
            sa.update(User)
            .where(User.id == pending.id, User.pending_since.is_not(None))
            .values(
                name=name,
                email=email,
                password_hash=hash_password(password),
                agency_id=agency_id,
                position=position,
                role=role,
                pending_since=None,
            )
            .execution_options(synchronize_session=False)
        )
    except IntegrityError as error:
        db.session.rollback()
        raise AccountError({"email": _duplicate_messages()["email"]}) from error
    if result.rowcount != 1:
        raise AccountError({"nip": _duplicate_messages()["nip"]})
    db.session.refresh(pending)
    return pending


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in attempt: the user, or why not.

    ``locked_minutes`` is set when the account is locked (also for an email
    without an account, see ``app.auth.lockout``); otherwise a failure is
    "email or password is wrong", whatever the reason.
    """

    user: User | None = None
    locked_minutes: int | None = None


def attempt_sign_in(email: str, password: str) -> SignIn:
    """Check a sign-in, count a failure, lock after too many.

    Every path costs one password hash except a locked one (which costs
    none, for a real account and an unknown email alike): an unknown email, a
    pending or deactivated account and a wrong password take the same time
    and get the same answer.
    """
    email = normalize_email(email)
    account = lockout.account_digest(email)
    user = db.session.scalar(sa.select(User).where(User.email == email))
    if user is None:
        return _unknown_email(email, password, account)
    now = clock.now()
    minutes = lockout.locked_for(user, now)
    if minutes is not None:
        log_event("login.failed", user_id=user.id, account=account, reason="locked")
        return SignIn(locked_minutes=minutes)
    if verify_password(user.password_hash, password) and user.is_active:
        lockout.clear(user)
        db.session.flush()
        log_event("login.succeeded", user_id=user.id)
        return SignIn(user=user)
    failure = lockout.record_failure(user, now)
    reason = "wrong_password" if user.is_active else "inactive"
    _log_failure(failure, user_id=user.id, account=account, reason=reason)
    return SignIn(locked_minutes=failure.locked_minutes)


def _unknown_email(email: str, password: str, account: str) -> SignIn:
    minutes = lockout.unknown_locked_for(email)
    if minutes is not None:
        log_event("login.failed", user_id=None, account=account, reason="locked")
        return SignIn(locked_minutes=minutes)
    verify_password(None, password)  # the same cost as a real check
    failure = lockout.record_unknown_failure(email)
    _log_failure(failure, user_id=None, account=account, reason="unknown_email")
    return SignIn(locked_minutes=failure.locked_minutes)


def _log_failure(
    failure: lockout.Failure, *, user_id: int | None, account: str, reason: str
) -> None:
    log_event(
        "login.failed",
        user_id=user_id,
        account=account,
        reason=reason,
        failures=failure.count,
    )
    if failure.locked_minutes is not None:
        log_event(
            "login.locked",
            user_id=user_id,
            account=account,
            minutes=failure.locked_minutes,
        )


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, else None (a failure
    is counted as by :func:`attempt_sign_in`)."""
    return attempt_sign_in(email, password).user


def set_new_password(user: User, password: str) -> None:
    """Store ``password`` (already checked), sign the account out everywhere
    and lift any sign-in lock."""
    user.password_hash = hash_password(password)
    sign_out_everywhere(user)
    lockout.clear(user)
    db.session.flush()


def change_password(user: User, *, current: str, new: str) -> None:
    """Give ``user`` the password ``new``, if ``current`` is theirs.

    A wrong current password counts as a failed sign-in: a borrowed or
    stolen session must not become a way to guess the password.

    :raise AccountError: on ``current_password`` (wrong, or the account is
        locked) or on ``password`` (the new one breaks a rule, or is the
        current one).
    """
    now = clock.now()
    minutes = lockout.locked_for(user, now)
    if minutes is not None:
        raise AccountError({"current_password": lockout.lock_message(minutes)})
    if not verify_password(user.password_hash, current):
        failure = lockout.record_failure(user, now)
        _log_failure(
            failure,
            user_id=user.id,
            account=lockout.account_digest(user.email),
            reason="wrong_current_password",
        )
        message = _("Kata sandi saat ini salah.")
        if failure.locked_minutes is not None:
            message = lockout.lock_message(failure.locked_minutes)
        raise AccountError({"current_password": message})
    problem = password_problem(new, name=user.name, email=user.email, nip=user.nip)
    if problem is None and verify_password(user.password_hash, new):
        problem = _("Kata sandi baru harus berbeda dari kata sandi saat ini.")
    if problem is not None:
        raise AccountError({"password": problem})
    set_new_password(user, new)
    log_event("password.changed", user_id=user.id)

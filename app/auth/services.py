"""Accounts: the rules for registering and signing in.

The registration form and ``flask users create`` both go through
``register_user``, so a NIP, an email or a password is checked the same way
wherever an account is made. Functions here flush but never commit: the caller
owns the transaction.
"""

from __future__ import annotations

from functools import cache

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from app.auth.nip import NIPError, normalize_nip, validate_nip
from app.extensions import db
from app.models import Agency, Role, User

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 128
MAX_NAME_LENGTH = 120
MAX_EMAIL_LENGTH = 254
MAX_POSITION_LENGTH = 120


class AccountError(ValueError):
    """One or more fields are wrong; ``errors`` maps a field name to a message.

    Field names match the registration form: name, email, nip, password,
    agency, position.
    """

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(" ".join(errors.values()))
        self.errors = errors


def normalize_email(email: str) -> str:
    """Emails are compared and stored trimmed and lowercase."""
    return email.strip().lower()


def password_problem(password: str) -> str | None:
    """A message when ``password`` is too short or too long, else None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Kata sandi minimal %(n)d karakter.", n=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return _("Kata sandi maksimal %(n)d karakter.", n=MAX_PASSWORD_LENGTH)
    return None


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
    if (problem := password_problem(password)) is not None:
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
    user.set_password(password)
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
                # What User.set_password stores, written in the same UPDATE.
                password_hash=generate_password_hash(password),
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


@cache
def _dummy_hash() -> str:
    return generate_password_hash("tidak-ada-akun-dengan-email-ini")


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, else None.

    An unknown email costs a hash check too, so response time does not tell
    which emails have accounts.
    """
    user = db.session.scalar(
        sa.select(User).where(User.email == normalize_email(email))
    )
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    # A pending account has no password anyone knows; refuse it outright.
    if not user.check_password(password) or not user.is_active:
        return None
    return user

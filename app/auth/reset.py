"""Password reset by email: a signed link that works once, for an hour.

The link carries a token made with itsdangerous (``URLSafeTimedSerializer``,
its own salt, so no other signed value of the app can pass for one). Its
payload binds the account id *and* a fingerprint of the account's current
password hash, so the token:

* expires after ``PASSWORD_RESET_MAX_AGE`` seconds (3600);
* works once: setting the new password changes the hash, and the
  fingerprint no longer matches;
* dies with any other password change too.

Nothing is stored. Asking for a link always gets the same answer, and does
the same work (one lookup, one message composed) whether or not the email has
an account; the message is sent after the response has gone out, so the time
to answer does not depend on the mail server either.

Following the link (a GET, which link scanners in mail systems also do)
consumes nothing: it checks the token, keeps it in the session and redirects
to a page without it in its address (so it is not left in the browser
history or sent in a ``Referer``); only the POST of the new password uses it.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from functools import partial
from typing import Any

import sqlalchemy as sa
from flask import Flask, Response, current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadData, TimestampSigner, URLSafeTimedSerializer

from app.auth import clock, lockout
from app.auth.passwords import password_problem
from app.auth.services import AccountError, normalize_email, set_new_password
from app.extensions import db
from app.i18n import current_language
from app.logs import log_event
from app.mail import Mail, Mailer, MailError, absolute_url
from app.models import User

SALT = "lumbung.password-reset"
# Where the link's token waits between the GET of the link and the POST.
SESSION_KEY = "_reset_token"


class _ClockSigner(TimestampSigner):
    """Timestamps from ``app.auth.clock``, so tests can move time."""

    def get_timestamp(self) -> int:
        return clock.timestamp()


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt=SALT, signer=_ClockSigner
    )


def _fingerprint(password_hash: str) -> str:
    """Changes whenever the password does; reveals nothing about it."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, password_hash.encode(), hashlib.sha256).hexdigest()[:24]


def make_token(user: Any) -> str:
    return _serializer().dumps({"u": user.id, "p": _fingerprint(user.password_hash)})


def user_for_token(token: str) -> User | None:
    """The active account the token was made for, if it is still valid:
    signed by us, younger than ``PASSWORD_RESET_MAX_AGE``, and made with the
    password the account has now."""
    max_age = int(current_app.config["PASSWORD_RESET_MAX_AGE"])
    try:
        data = _serializer().loads(token, max_age=max_age)
    except BadData:
        return None
    if not isinstance(data, dict):
        return None
    user_id, fingerprint = data.get("u"), data.get("p")
    if not isinstance(user_id, int) or not isinstance(fingerprint, str):
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.is_active:
        return None
    if not hmac.compare_digest(_fingerprint(user.password_hash), fingerprint):
        return None
    return user


@dataclass(frozen=True)
class _Nobody:
    """Stands in for an account that does not exist, so that asking for an
    unknown email composes a message exactly as for a real one."""

    email: str
    id: int = 0
    name: str = ""
    password_hash: str = ""
    locale: str | None = None


def compose(user: Any, token: str) -> Mail:
    """The reset message, in the user's language (else the page's)."""
    languages = current_app.config["LANGUAGES"]
    locale = user.locale if user.locale in languages else current_language()
    with force_locale(locale):
        minutes = int(current_app.config["PASSWORD_RESET_MAX_AGE"]) // 60
        context = {
            "user": user,
            "reset_url": absolute_url("auth.reset_link", token=token),
            "forgot_url": absolute_url("auth.forgot_password"),
            "minutes": minutes,
        }
        return Mail(
            to=user.email,
            to_name=user.name,
            subject=_("Membuat kata sandi baru di Lumbung Praktik"),
            text=render_template("auth/email/reset_password.txt", **context),
            html=render_template("auth/email/reset_password.html", **context),
        )


def request_reset(email: str) -> Mail | None:
    """The message to send for a reset asked for ``email``, or None when no
    active account has it (the caller answers the same either way)."""
    email = normalize_email(email)
    user = db.session.scalar(sa.select(User).where(User.email == email))
    account: Any = user if user is not None and user.is_active else None
    target = account or _Nobody(email=email)
    try:
        mail = compose(target, make_token(target))
    except MailError as error:  # no BASE_URL: an operator's mistake, logged
        current_app.logger.error("password reset email not composed: %s", error)
        mail = None
    log_event(
        "password.reset_requested",
        user_id=account.id if account is not None else None,
        account=lockout.account_digest(email),
    )
    return mail if account is not None else None


def send_after_response(response: Response, mail: Mail) -> None:
    """Send ``mail`` once ``response`` has gone out (see module docstring)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    response.call_on_close(partial(_send, app, mail))


def _send(app: Flask, mail: Mail) -> None:
    try:
        with app.app_context(), Mailer() as mailer:
            mailer.send(mail)
    except MailError as error:
        # The reason only: the message (and its link) is never logged here.
        app.logger.warning("password reset email not sent: %s", error)


def reset_password(user: User, password: str) -> None:
    """Give ``user`` a new password from a reset link: the same rules as
    anywhere, every session ends, any sign-in lock is lifted.

    :raise AccountError: on ``password``.
    """
    problem = password_problem(password, name=user.name, email=user.email, nip=user.nip)
    if problem is not None:
        raise AccountError({"password": problem})
    set_new_password(user, password)
    log_event("password.reset", user_id=user.id)

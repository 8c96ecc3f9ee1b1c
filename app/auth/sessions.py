"""Signed-in sessions: how they start, how long they last, how they end.

Sessions are Flask's signed cookies. What makes them revocable is the
account's ``session_token``, part of the id Flask-Login keeps in the session
and in the remember-me cookie (``User.get_id()``, checked by
``app.auth.loader``): a new token makes every copy of every old cookie
anonymous. Logout, a password change, a password reset and an admin's
deactivation all give the account a new token.

Lifetimes, checked before every request (:func:`enforce_lifetimes`):

* ``SESSION_IDLE_MINUTES`` (120) without a request, or ``SESSION_MAX_HOURS``
  (12) after signing in, and the session ends. The session keeps the two
  times (``_started``, ``_seen``); ``_seen`` is rewritten at most once a
  minute, so a page with many requests does not rewrite the cookie each time.
* "Ingat saya" (remember me) is the user's explicit choice to stay signed in
  on this device: when the session ends by the idle or absolute limit, a
  valid remember-me cookie starts a new session (with fresh times), without a
  password. The remember-me cookie itself lives ``REMEMBER_COOKIE_DURATION``
  (14 days) from the sign-in and is not extended by use. The browser's expiry
  date alone would not stop a copied cookie, so the sign-in time travels
  inside the signed cookie value (``id:token:issued``) and is checked here.

At sign-in the session is emptied (only the language stays) before the user
is put into it, so nothing planted in a session before sign-in survives it,
and the cookie after sign-in shares nothing with the one before.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, g, request, session
from flask_babel import gettext as _
from flask_login import COOKIE_NAME, login_user, logout_user, user_loaded_from_cookie
from flask_login.utils import decode_cookie

from app.auth import clock
from app.i18n import LANG_SESSION_KEY
from app.models import User
from app.models.people import new_session_token

STARTED = "_started"
SEEN = "_seen"
# Rewrite ``_seen`` (and so the cookie) at most this often, in seconds.
TOUCH_EVERY = 60
# Requests that need no session: static files (no cookie rewritten for them).
_STATIC_ENDPOINTS = frozenset({"static", "bootstrap.static"})


def _remember_cookie_name() -> str:
    return current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME)


def fresh_session() -> None:
    """Empty the session, keeping only the chosen language."""
    language = session.get(LANG_SESSION_KEY)
    session.clear()
    if language:
        session[LANG_SESSION_KEY] = language


def start(user: User, *, remember: bool = False) -> None:
    """Sign ``user`` in to a brand-new session (see the module docstring)."""
    fresh_session()
    login_user(user, remember=remember)
    now = clock.timestamp()
    # The sign-in time rides along in the id, and so in the remember cookie.
    session["_user_id"] = f"{user.get_id()}:{now}"
    session[STARTED] = session[SEEN] = now


def end() -> None:
    """Sign this browser out; Flask-Login then deletes its remember cookie."""
    fresh_session()
    logout_user()


def sign_out_everywhere(user: User) -> None:
    """A new session token: every session and remember-me cookie of ``user``
    is anonymous from its next request (flushed with the caller's commit)."""
    user.session_token = new_session_token()


def had_remember_cookie() -> bool:
    """Whether this browser came with a remember-me cookie (to keep one)."""
    return _remember_cookie_name() in request.cookies


# --- lifetimes -------------------------------------------------------------------


def _limits() -> tuple[int, int, int]:
    config = current_app.config
    idle = int(config["SESSION_IDLE_MINUTES"]) * 60
    absolute = int(config["SESSION_MAX_HOURS"]) * 3600
    remember = int(config["REMEMBER_COOKIE_DURATION"].total_seconds())
    return idle, absolute, remember


def issued_at(user_id: str) -> int | None:
    """The sign-in time inside a session id ``id:token:issued``."""
    parts = user_id.split(":")
    if len(parts) != 3 or not parts[2].isdigit():
        return None
    return int(parts[2])


def _session_expired(now: int, idle: int, absolute: int) -> bool:
    started, seen = session.get(STARTED), session.get(SEEN)
    if not isinstance(started, int) or not isinstance(seen, int):
        # Signed in before these checks existed: the limits count from now.
        session[STARTED] = session[SEEN] = now
        return False
    if now - seen > idle or now - started > absolute:
        return True
    if now - seen >= TOUCH_EVERY:
        session[SEEN] = now
    return False


def _remember_cookie_valid(now: int, lifetime: int) -> bool:
    cookie = request.cookies.get(_remember_cookie_name())
    if not cookie or session.get("_remember") == "clear":
        return False
    user_id = decode_cookie(cookie)
    issued = issued_at(user_id) if user_id else None
    return issued is not None and 0 <= now - issued <= lifetime


def enforce_lifetimes() -> None:
    """``before_app_request``: end a session past its idle or absolute limit,
    and refuse a remember-me cookie older than its lifetime."""
    if request.endpoint in _STATIC_ENDPOINTS:
        return
    now = clock.timestamp()
    idle, absolute, remember = _limits()
    expired = "_user_id" in session and _session_expired(now, idle, absolute)
    if expired:
        fresh_session()
        g.pop("_login_user", None)  # loaded already? load again
    remembered = False
    if _remember_cookie_name() in request.cookies:
        remembered = _remember_cookie_valid(now, remember)
        if not remembered:
            # Flask-Login skips the cookie and deletes it from the browser.
            session["_remember"] = "clear"
    if expired and not remembered:
        flash(_("Sesi Anda sudah berakhir. Silakan masuk lagi."), "info")


@user_loaded_from_cookie.connect
def _restored_from_cookie(_app: Any, user: User, **_extra: Any) -> None:
    """A remember-me cookie signed the user in: a new session starts now."""
    session[STARTED] = session[SEEN] = clock.timestamp()

"""Language and time: Indonesian first, English second, every date in WIB."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_request_context, request, session
from flask_babel import format_date, format_datetime
from flask_babel import get_locale as babel_locale
from flask_login import current_user

LANG_SESSION_KEY = "lang"
# Medan's time zone: what "today", "this year" and every shown time mean.
WIB = ZoneInfo("Asia/Jakarta")


def select_locale() -> str:
    """``?lang=`` wins, then the session, then the user's setting, then Indonesian."""
    if not has_request_context():  # CLI commands: messages in the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in languages:
        session[LANG_SESSION_KEY] = asked
        return asked
    remembered = session.get(LANG_SESSION_KEY)
    if remembered in languages:
        return remembered
    user_locale = getattr(current_user, "locale", None)
    if user_locale in languages:
        return user_locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def today_wib() -> date:
    """Today's date in Medan: "not in the future" means the user's calendar."""
    return datetime.now(WIB).date()


def wib_datetime(value: datetime | None) -> str:
    """``27 November 2026, 09.00 WIB``: the style the glossary fixes."""
    if value is None:
        return ""
    return format_datetime(value, "d MMMM y, HH.mm") + " WIB"


def long_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return format_date(value, "d MMMM y")


def current_language() -> str:
    return str(babel_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])

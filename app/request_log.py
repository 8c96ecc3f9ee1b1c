"""One JSON log line per request, and the 500's traceback with its incident id.

What a line holds: method, path, the *names* of the query parameters (never
their values: ``?token=`` or ``?email=`` are not ours to keep), status,
duration, the signed-in account's id, the client address, the User-Agent
(cut short) and the request id. A path that carries a secret in its address
(``/berhenti/<token>``, a password-reset link) is logged as its route pattern
instead. Form bodies, cookies and the Authorization header are never read here.

The line is written on Flask's ``request_finished`` signal, which is sent once
per response Flask produces, error pages included, after every
``after_request`` function ran.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from flask import Flask, Response, g, request, request_finished, request_started

log = logging.getLogger("lumbung.requests")
errors = logging.getLogger("lumbung.errors")

SECRET_ARGUMENTS = ("token", "signature", "secret", "key")
MAX_USER_AGENT = 200
STARTED = "lumbung.request_started"  # in the WSGI environ: lives with the request


def loggable_path() -> str:
    """The request path, or its route pattern when a URL argument is a secret."""
    rule = request.url_rule
    arguments = request.view_args or {}
    if rule is not None and any(
        part in name.lower() for name in arguments for part in SECRET_ARGUMENTS
    ):
        return rule.rule
    return request.path


def signed_in_user_id() -> int | None:
    """The account this request ran as, if Flask-Login loaded one.

    Read from where Flask-Login keeps the loaded user, not through
    ``current_user``: that would load a user (a query) just to log a request
    for a static file, and the session's ``_user_id`` holds the session token.
    """
    user = g.get("_login_user")
    if user is not None and getattr(user, "is_authenticated", False):
        return user.id
    return None


def _start_clock(_sender: Flask, **_extra: Any) -> None:
    request.environ[STARTED] = time.perf_counter()


def _log_request(_sender: Flask, response: Response, **_extra: Any) -> None:
    started = request.environ.get(STARTED)
    duration = None if started is None else (time.perf_counter() - started) * 1000
    fields = {
        "method": request.method,
        "path": loggable_path(),
        "query_keys": sorted(set(request.args.keys())),
        "status": response.status_code,
        "duration_ms": None if duration is None else round(duration, 1),
        "user_id": signed_in_user_id(),
        "remote_addr": request.remote_addr,
        "user_agent": (request.user_agent.string or "")[:MAX_USER_AGENT],
    }
    log.info("request", extra={"event": "request", "fields": fields})


def log_exception(exc_info: Any) -> None:
    """Replaces ``Flask.log_exception`` (which logs ``request.path``): the
    traceback, the incident id (the formatter adds it) and a loggable path."""
    errors.error(
        "request.failed",
        exc_info=exc_info,
        extra={
            "event": "request.failed",
            "fields": {"method": request.method, "path": loggable_path()},
        },
    )


def register(app: Flask) -> None:
    # Signals hold weak references to receivers: these are module-level
    # functions, alive as long as the module.
    request_started.connect(_start_clock, app)
    request_finished.connect(_log_request, app)
    # Flask calls ``self.log_exception``; an instance attribute overrides it.
    app.log_exception = log_exception  # type: ignore[method-assign]

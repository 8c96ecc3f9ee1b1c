"""Structured logs: one JSON object per line, on stderr.

Three kinds of record share the format:

* security events, written with :func:`log_event` (``login.failed``,
  ``access.denied``, ``moderation.hide`` ...): callers name what happened and
  give plain fields;
* one line per request (``app.request_log``);
* whatever the app and libraries log otherwise (warnings, the traceback of a
  500), each with the id of the request it belongs to.

Why JSON: ``json.dumps`` escapes CR, LF and every other control character
(and, with ``ensure_ascii``, every non-ASCII one such as U+202E), so text a
user controls (a path, a User-Agent, an email typed at sign-in) can never start
a new line that a log reader would take for a record of its own.

Never pass a password, token, cookie or CSRF value: field names are the
vocabulary of what gets logged. As a second line of defence, a field whose
*name* says it holds a secret is replaced by ``"[redacted]"``.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any

from flask import Flask
from flask.logging import default_handler

from app.request_ids import current_request_id

events = logging.getLogger("lumbung.events")

REDACTED = "[redacted]"
SECRET_NAME = re.compile(
    r"pass(word|wd)?|token|secret|cookie|csrf|authori[sz]ation|session|api_?key",
    re.IGNORECASE,
)
# Loggers whose INFO records we keep: the app's own (Flask names it after the
# package, "app") and ours ("lumbung.events", "lumbung.requests").
APP_LOGGERS = ("app", "lumbung")


def log_event(event: str, **fields: object) -> None:
    """Log ``event`` (e.g. ``"login.failed"``) with ``fields`` at INFO."""
    events.info(event, extra={"event": event, "fields": fields})


def redacted(fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` with the value of every secret-sounding name replaced."""
    return {
        name: REDACTED if SECRET_NAME.search(name) else value
        for name, value in fields.items()
    }


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line, ASCII only."""

    def format(self, record: logging.LogRecord) -> str:
        event = getattr(record, "event", None)
        fields = getattr(record, "fields", None) or {}
        base: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "event": event or "log",
            "request_id": current_request_id(),
        }
        if not event:
            base["message"] = record.getMessage()
        if record.exc_info:
            base["exception"] = self.formatException(record.exc_info)
        # Base keys first and kept: a field cannot pose as the record's level
        # or request id.
        payload = dict(base)
        for name, value in redacted(dict(fields)).items():
            payload.setdefault(name, value)
        return json.dumps(payload, ensure_ascii=True, default=str)


class TextFormatter(JsonFormatter):
    """For people reading a development console (``LOG_FORMAT=text``): the
    record's own lines as they are (the development mail log shows whole
    emails), every continuation line marked ``  | `` so user text with CR/LF
    still cannot pass for a record of its own."""

    def format(self, record: logging.LogRecord) -> str:
        payload = json.loads(super().format(record))
        head = " ".join(
            str(payload.pop(key))
            for key in ("time", "level", "event")
            if payload.get(key) is not None
        )
        request_id = payload.pop("request_id", None)
        payload.pop("logger", None)
        message = str(payload.pop("message", ""))
        exception = str(payload.pop("exception", ""))
        fields = " ".join(
            f"{name}={json.dumps(value, ensure_ascii=False, default=str)}"
            for name, value in payload.items()
        )
        first = " ".join(
            part
            for part in (head, f"[{request_id}]" if request_id else "", fields)
            if part
        )
        body = "\n".join(part for part in (message, exception) if part)
        lines = [first, *body.splitlines()] if body else [first]
        return "\n  | ".join(line.replace("\r", "") for line in lines)


class StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time of each record (like
    logging's own last-resort handler), so replacing stderr later (test
    runners, daemons) does not leave it writing to a closed file."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self):  # noqa: ANN201
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


class _DropDevServerAccessLines(logging.Filter):
    """``flask run``'s server logs every request itself, query string and all;
    the app's own request line replaces it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return " - - [" not in str(record.msg)


def configure_logging(app: Flask) -> None:
    """JSON lines on stderr (``LOG_FORMAT=text``: readable lines), except
    under TESTING (quiet: records still reach pytest's ``caplog`` and any
    handler a test attaches).

    The handler goes on the root logger, so library warnings are JSON too;
    it is installed once per process however many apps are created.
    """
    app.logger.removeHandler(default_handler)
    for name in APP_LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO)
    if app.testing:
        return
    root = logging.getLogger()
    if not any(isinstance(h, StderrHandler) for h in root.handlers):
        handler = StderrHandler()
        text = app.config.get("LOG_FORMAT") == "text"
        handler.setFormatter(TextFormatter() if text else JsonFormatter())
        root.addHandler(handler)
    werkzeug = logging.getLogger("werkzeug")
    if not any(isinstance(f, _DropDevServerAccessLines) for f in werkzeug.filters):
        werkzeug.addFilter(_DropDevServerAccessLines())

"""Security-relevant events as structured log records.

Callers name what happened and give plain fields; the formatter (configured in
``create_app``) writes one line per record. Never pass a password, token or
cookie: the field names here are the whole vocabulary of what gets logged.
"""

from __future__ import annotations

import logging

events = logging.getLogger("lumbung.events")


def log_event(event: str, **fields: object) -> None:
    """Log ``event`` (e.g. ``"login.failed"``) with ``fields`` at INFO."""
    events.info(event, extra={"event": event, "fields": fields})

"""The one clock the sign-in rules read: lockouts, session lifetimes, reset links.

Tests move time by patching :func:`now` (``monkeypatch.setattr(clock, "now",
...)``), so callers must call ``clock.now()`` through the module, never import
the function itself.
"""

from __future__ import annotations

from datetime import datetime

from app.models.base import utcnow


def now() -> datetime:
    """The current time, timezone-aware UTC."""
    return utcnow()


def timestamp() -> int:
    """:func:`now` as whole seconds since the epoch (what sessions store)."""
    return int(now().timestamp())

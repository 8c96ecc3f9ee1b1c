"""Rate limits: how often one person (or one address) may do a costly thing.

Limits are strings in the config (``RATELIMIT_LOGIN = "20 per minute"``), read
at request time, so deployments and tests can change them. Counters live in
``RATELIMIT_STORAGE_URI``: Redis in production (every gunicorn worker must see
the same count), memory in development. Exceeding a limit raises a 429 that
the error handlers render in the user's language, with ``Retry-After``.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, request
from flask_login import current_user

from app.extensions import limiter


def client_key() -> str:
    """The signed-in account, else the client address.

    Keying members by account means colleagues behind one office NAT address
    do not use up each other's allowance.
    """
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"addr:{request.remote_addr or 'unknown'}"


def address_key() -> str:
    """The client address: for forms used before signing in."""
    return f"addr:{request.remote_addr or 'unknown'}"


def configured(name: str) -> Callable[[], str]:
    """A limit read from ``RATELIMIT_<NAME>`` when a request is checked."""
    key = f"RATELIMIT_{name}"
    return lambda: current_app.config[key]


def _post_only() -> bool:
    return request.method != "POST"


def limit_posts(name: str, *, key: Callable[[], str] = client_key):  # noqa: ANN201
    """Limit the POSTs of every view decorated with the same ``name`` together
    (writing and editing share one allowance); showing a form stays free."""
    return limiter.shared_limit(
        configured(name), name.lower(), key_func=key, exempt_when=_post_only
    )


def limit_requests(name: str, *, key: Callable[[], str] = client_key):  # noqa: ANN201
    """Limit every request of the views sharing ``name`` (e.g. search)."""
    return limiter.shared_limit(configured(name), name.lower(), key_func=key)

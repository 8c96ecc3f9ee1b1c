"""One id per request: in the ``X-Request-ID`` header, every log line and the
error page (where it is the "incident id" a user can quote to support).

A reverse proxy or load balancer may already have given the request an id;
we keep it so one request can be followed across both logs, but only if it
looks like an id (letters, digits, ``.``, ``_``, ``-``; 8 to 64 of them).
Anything else — too short, too long, or holding spaces, quotes, CR/LF or
other characters that could confuse a log reader or a header — is replaced by
a fresh random id rather than cleaned, so what we log is never a
half-sanitised copy of attacker text.
"""

from __future__ import annotations

import re
import uuid

from flask import Flask, Response, has_request_context, request

HEADER = "X-Request-ID"
# Kept in the WSGI environ: it lives exactly as long as the request (``g``
# belongs to the app context, which a test client may share between requests).
ENVIRON_KEY = "lumbung.request_id"
SAFE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def accepted(candidate: str | None) -> str | None:
    """``candidate`` if it is a safe id, else None."""
    if candidate and SAFE_ID.fullmatch(candidate):
        return candidate
    return None


def current_request_id() -> str | None:
    """This request's id (chosen on first use), or None outside a request.

    Chosen lazily rather than in a ``before_request`` function: a request an
    earlier hook refuses (CSRF, rate limit) or that never matched a route
    still gets an id, and every caller sees the same one.
    """
    if not has_request_context():
        return None
    request_id = request.environ.get(ENVIRON_KEY)
    if request_id is None:
        request_id = accepted(request.headers.get(HEADER)) or uuid.uuid4().hex
        request.environ[ENVIRON_KEY] = request_id
    return request_id


def add_request_id_header(response: Response) -> Response:
    response.headers[HEADER] = current_request_id() or ""
    return response


def register(app: Flask) -> None:
    app.after_request(add_request_id_header)

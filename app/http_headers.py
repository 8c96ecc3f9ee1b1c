"""Security headers on every response: pages, redirects, errors, static files, JSON.

Set in an ``after_request`` function, which Flask also runs for the responses
of error handlers (404 from routing, 405, 413, 429, CSRF 400, 500) and for
``static`` files, so no response leaves without them.

The Content-Security-Policy allows scripts, styles, fonts and fetches from
this site only. No inline ``<script>`` code, no ``on*=`` attributes, no
``style=`` attributes in page templates (``tests/test_headers.py`` scans them):
that is what lets the policy omit ``'unsafe-inline'``, so an injected
``<script>`` or ``onerror=`` would not run even if escaping ever failed.
Charts read their data from ``<script type="application/json">``, which the
browser never executes, so the policy does not apply to it. ``img-src``
allows ``data:`` for Bootstrap's own icons (the navbar toggler and select
arrows are ``data:`` SVGs in its CSS); user content holds no images.
"""

from __future__ import annotations

from flask import Flask, Response, current_app

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    )
)
# A year, subdomains included; only sent when HSTS_ENABLED (production): a
# browser that saw it refuses plain http for the whole site for that long.
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    # For browsers that predate frame-ancestors.
    "X-Frame-Options": "DENY",
}


def add_security_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers[name] = value
    if current_app.config.get("HSTS_ENABLED"):
        response.headers["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY
    return response


def register(app: Flask) -> None:
    app.after_request(add_security_headers)

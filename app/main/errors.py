"""Error pages in the user's language; never a traceback.

Unexpected exceptions reach the 500 handler through Flask's own
``handle_exception`` (which logs them first), not through a handler for
``Exception``: that way tests still see the real exception (``TESTING``
propagates it) while production shows the friendly page.

Every error page shows an *incident id*: the request id (``app.request_ids``)
that is also in the ``X-Request-ID`` header and on every log line of the
request, so a user's "kode insiden" leads support to the traceback (logged by
``app.request_log.log_exception``). Pages never show exception text, SQL or
version strings. Every 403 is logged as an ``access.denied`` event.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from werkzeug.exceptions import HTTPException, InternalServerError

from app.extensions import db
from app.logs import log_event
from app.request_ids import current_request_id
from app.request_log import loggable_path, signed_in_user_id

# Shown when even the error page cannot be rendered (e.g. the database is down
# and the layout cannot load the signed-in user).
_BARE_500 = (
    '<!doctype html><html lang="id"><meta charset="utf-8">'
    "<title>Terjadi kesalahan · Lumbung Praktik</title>"
    "<h1>Terjadi kesalahan</h1><p>{message}</p>"
    "<p>Kode insiden: <code>{incident}</code></p>"
)


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (
            _("Permintaan tidak valid"),
            _("Periksa kembali isian Anda lalu coba lagi."),
        ),
        403: (
            _("Akses ditolak"),
            _("Anda tidak memiliki izin untuk membuka halaman ini."),
        ),
        404: (
            _("Halaman tidak ditemukan"),
            _("Alamat ini tidak ada atau sudah dipindahkan."),
        ),
        405: (
            _("Metode tidak diizinkan"),
            _("Halaman ini tidak menerima permintaan seperti itu."),
        ),
        413: (
            _("Isian terlalu besar"),
            _("Data yang dikirim terlalu besar. Kurangi isinya lalu kirim lagi."),
        ),
        429: (
            _("Terlalu banyak permintaan"),
            _("Tunggu sebentar lalu coba lagi."),
        ),
        500: (
            _("Terjadi kesalahan"),
            _("Maaf, ada masalah di server. Kesalahan ini sudah dicatat."),
        ),
    }


def _render(
    code: int, detail: str | None = None, headers: dict[str, str] | None = None
) -> tuple[str, int, dict[str, str]]:
    messages = _messages()
    title, message = messages.get(code, messages[400 if code < 500 else 500])
    page = render_template(
        "errors/error.html",
        code=code,
        title=title,
        message=detail or message,
        incident_id=current_request_id(),
    )
    return page, code, headers or {}


def _kept_headers(error: HTTPException) -> dict[str, str]:
    """Headers the error itself sets (``Allow`` on 405, ``Retry-After`` on 429)."""
    return {
        name: value
        for name, value in error.get_headers()
        if name.lower() != "content-type"
    }


def csrf_error(_error: CSRFError) -> tuple[str, int, dict[str, str]]:
    return _render(
        400,
        _(
            "Formulir kedaluwarsa atau tidak sah. Muat ulang halaman, "
            "lalu kirim formulir lagi."
        ),
    )


def http_error(error: HTTPException) -> HTTPException | tuple[str, int, dict]:
    if error.code is None or error.code < 400:
        return error
    if error.code == 403:
        log_denial()
    return _render(error.code, headers=_kept_headers(error))


def server_error(_error: InternalServerError) -> tuple[str, int, dict] | Response:
    """500: roll back first, so the layout's own queries can run."""
    try:
        db.session.rollback()
        return _render(500)
    except Exception:  # the page needs the database too; say something anyway
        current_app.logger.exception("the 500 page itself failed")
        message = escape(_messages()[500][1])
        incident = escape(current_request_id() or "")
        page = _BARE_500.format(message=message, incident=incident)
        return Response(page, 500, mimetype="text/html")


def log_denial() -> None:
    """Every refusal, whichever code raised it (``policy.authorize``, a view).

    The user is the one Flask-Login already loaded, if any: a 403 for an
    anonymous visitor is rare (most views redirect them to sign in).
    """
    if request.environ.get("lumbung.denial_logged"):
        return
    request.environ["lumbung.denial_logged"] = True
    log_event(
        "access.denied",
        method=request.method,
        path=loggable_path(),
        endpoint=request.endpoint,
        user_id=signed_in_user_id(),
        remote_addr=request.remote_addr,
    )


def register(app: Flask) -> None:
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(InternalServerError, server_error)
    app.register_error_handler(HTTPException, http_error)

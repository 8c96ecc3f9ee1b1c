"""Error pages in the user's language; never a traceback."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.extensions import db


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Permintaan tidak valid"), _("Periksa kembali isian Anda lalu coba lagi.")),
        403: (_("Akses ditolak"), _("Anda tidak memiliki izin untuk membuka halaman ini.")),
        404: (_("Halaman tidak ditemukan"), _("Alamat ini tidak ada atau sudah dipindahkan.")),
        405: (_("Metode tidak diizinkan"), _("Halaman ini tidak menerima permintaan seperti itu.")),
        413: (_("Isian terlalu besar"), _("Data yang dikirim melebihi batas ukuran.")),
        429: (_("Terlalu banyak permintaan"), _("Tunggu sebentar lalu coba lagi.")),
        500: (_("Terjadi kesalahan"), _("Maaf, ada masalah di server. Tim kami sudah dicatat.")),
    }


def _render(code: int, detail: str | None = None):  # noqa: ANN202
    title, message = _messages().get(code, _messages()[400 if code < 500 else 500])
    return render_template(
        "errors/error.html", code=code, title=title, message=detail or message
    ), code


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error: CSRFError):  # noqa: ANN202
        return _render(
            400, _("Formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu kirim lagi.")
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):  # noqa: ANN202
        if error.code is None or error.code < 400:
            return error
        return _render(error.code)

    @app.errorhandler(Exception)
    def server_error(error: Exception):  # noqa: ANN202
        db.session.rollback()
        app.logger.exception("unhandled error: %s", type(error).__name__)
        return _render(500)

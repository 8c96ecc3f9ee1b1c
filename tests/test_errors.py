"""Custom error pages: the right status, Indonesian text, never a traceback."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, request

from app import create_app
from app.extensions import db as _db
from app.models import Agency


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_unknown_address_gives_the_custom_404(client):
    response = client.get("/alamat-yang-tidak-ada")
    assert response.status_code == 404
    html = text_of(response)
    assert '<html lang="id">' in html
    assert "Halaman tidak ditemukan" in html
    assert "Kembali ke beranda" in html


def test_404_follows_the_chosen_language(client):
    response = client.get("/alamat-yang-tidak-ada?lang=en")
    assert response.status_code == 404
    assert '<html lang="en">' in text_of(response)


def test_wrong_method_gives_405_with_allow_header(client):
    response = client.get("/keluar")  # log out is POST only
    assert response.status_code == 405
    assert "Metode tidak diizinkan" in text_of(response)
    assert "POST" in response.headers["Allow"]


def test_forbidden_gives_the_custom_403(app, client):
    app.add_url_rule("/uji-403", "uji_403", lambda: abort(403))
    response = client.get("/uji-403")
    assert response.status_code == 403
    html = text_of(response)
    assert "Akses ditolak" in html
    assert "Anda tidak memiliki izin" in html


def _failing_write() -> str:
    """Break the transaction (duplicate slug), then fail like a real bug."""
    _db.session.add_all(
        [
            Agency(name="Dinas Uji A", slug="slug-kembar-uji"),
            Agency(name="Dinas Uji B", slug="slug-kembar-uji"),
        ]
    )
    _db.session.flush()  # raises IntegrityError
    return "not reached"


def test_unexpected_error_gives_500_without_traceback(app, client, auth, make_user):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # TESTING would re-raise it
    app.add_url_rule("/uji-500", "uji_500", _failing_write)
    user = make_user(name="Rina Uji")
    auth.login(user)
    response = client.get("/uji-500")
    assert response.status_code == 500
    html = text_of(response)
    assert "Terjadi kesalahan" in html
    assert "Traceback" not in html and 'File "' not in html
    assert "IntegrityError" not in html and "slug-kembar-uji" not in html
    # The layout queried the signed-in user after the failure: the handler
    # rolled the broken transaction back first.
    assert "Rina Uji" in html


def test_failed_request_leaves_nothing_in_the_database(app, client, db):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.add_url_rule("/uji-500", "uji_500", _failing_write)
    assert client.get("/uji-500").status_code == 500
    assert db.session.scalar(sa.select(sa.func.count(Agency.id))) == 0


def test_plain_runtime_error_gives_500(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def boom() -> str:
        raise RuntimeError("rahasia internal")

    app.add_url_rule("/uji-boom", "uji_boom", boom)
    response = client.get("/uji-boom")
    assert response.status_code == 500
    assert "rahasia internal" not in text_of(response)
    assert "Maaf, ada masalah di server" in text_of(response)


def test_csrf_failure_gives_400_with_a_clear_message(app, config_class):
    class CSRFOnConfig(config_class):
        WTF_CSRF_ENABLED = True

    csrf_app = create_app(CSRFOnConfig)
    csrf_app.add_url_rule("/uji-csrf", "uji_csrf", lambda: "ok", methods=["POST"])
    response = csrf_app.test_client().post("/uji-csrf", data={"isi": "x"})
    assert response.status_code == 400
    html = text_of(response)
    assert "Formulir kedaluwarsa atau tidak sah" in html
    assert "Muat ulang halaman" in html


def test_body_over_the_size_limit_gives_413(app, client):
    app.add_url_rule(
        "/uji-413", "uji_413", lambda: str(len(request.form)), methods=["POST"]
    )
    too_big = "a" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/uji-413", data={"isi": too_big})
    assert response.status_code == 413
    assert "Isian terlalu besar" in text_of(response)

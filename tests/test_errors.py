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


VERSION_WORDS = ("Werkzeug", "Python", "Flask", "SQLAlchemy", "gunicorn", "Jinja")


def _error_responses(app, config_class) -> dict[str, object]:  # noqa: ANN001
    """One response of every error kind the app answers."""
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def boom() -> str:
        raise RuntimeError("rahasia internal 3.1.4")

    app.add_url_rule("/uji-insiden-500", "uji_insiden_500", boom)
    app.add_url_rule("/uji-insiden-403", "uji_insiden_403", lambda: abort(403))
    app.add_url_rule("/uji-insiden-400", "uji_insiden_400", lambda: abort(400))
    client = app.test_client()

    class Strict(config_class):
        WTF_CSRF_ENABLED = True
        RATELIMIT_ENABLED = True
        RATELIMIT_SEARCH = "1 per minute"

    strict_app = create_app(Strict)
    strict = strict_app.test_client()
    strict.get("/cari?q=a")
    responses = {
        "400": client.get("/uji-insiden-400"),
        "403": client.get("/uji-insiden-403"),
        "404": client.get("/alamat-yang-tidak-ada"),
        "405": client.get("/keluar"),
        "413": client.post("/masuk", data={"email": "x" * (3 * 1024 * 1024)}),
        "500": client.get("/uji-insiden-500"),
        "CSRF": strict.post("/masuk", data={"email": "a"}),
        "429": strict.get("/cari?q=a"),
    }
    with strict_app.app_context():
        _db.engine.dispose()  # PostgreSQL: no connection left to the collector
    return responses


def test_every_error_page_shows_its_incident_id_and_no_versions(app, config_class):
    responses = _error_responses(app, config_class)
    expected = {
        "400": 400,
        "403": 403,
        "404": 404,
        "405": 405,
        "413": 413,
        "500": 500,
        "CSRF": 400,
        "429": 429,
    }
    for kind, response in responses.items():
        assert response.status_code == expected[kind], kind
        html = text_of(response)
        incident = response.headers["X-Request-ID"]
        assert f"<code>{incident}</code>" in html, kind
        assert "Kode insiden" in html, kind
        for word in VERSION_WORDS:
            assert word not in html, f"{kind}: {word}"
        assert "Traceback" not in html and "rahasia internal" not in html, kind
        assert not any(
            word in response.headers.get("Server", "") for word in VERSION_WORDS
        )


def test_the_bare_500_page_shows_the_incident_id_too(app, client, monkeypatch):
    """When even the error template fails (database down), the bare page."""
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def boom() -> str:
        raise RuntimeError("uji")

    app.add_url_rule("/uji-polos", "uji_polos", boom)

    def broken_template(*_args, **_kwargs) -> str:  # noqa: ANN002,ANN003
        raise RuntimeError("the layout cannot load")

    monkeypatch.setattr("app.main.errors.render_template", broken_template)
    response = client.get("/uji-polos")
    assert response.status_code == 500
    html = text_of(response)
    assert "Terjadi kesalahan" in html
    assert f"<code>{response.headers['X-Request-ID']}</code>" in html

"""Sessions: a new one at every sign-in; logout and deactivation end every
copy of every cookie; cookie flags; idle and absolute lifetimes; how
"Ingat saya" outlives them, and for how long."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.admin import accounts
from app.auth import sessions
from app.models import Role
from config import ProductionConfig
from tests.conftest import PASSWORD

REMEMBER = "remember_token"
PROTECTED = "/profil/ubah"


def sign_in(client: FlaskClient, user, *, remember: bool = False):  # noqa: ANN001,ANN201
    data = {"email": user.email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/masuk", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def cookie_jar(client: FlaskClient) -> dict[str, str]:
    """The session and remember-me cookies the browser holds now."""
    jar = {}
    for name in ("session", REMEMBER):
        cookie = client.get_cookie(name)
        if cookie is not None:
            jar[name] = cookie.value
    return jar


def replay(app: Flask, jar: dict[str, str]) -> FlaskClient:
    """A fresh browser carrying copies of ``jar`` (e.g. stolen cookies)."""
    thief = app.test_client()
    for name, value in jar.items():
        thief.set_cookie(name, value)
    return thief


def is_signed_in(client: FlaskClient) -> bool:
    return client.get(PROTECTED).status_code == 200


# --- a new session at sign-in ---------------------------------------------------


def test_the_session_cookie_changes_at_sign_in_and_planted_values_are_gone(
    client, make_user
):
    user = make_user()
    with client.session_transaction() as session:
        session["planted"] = "nilai dari penyerang"
        session["lang"] = "en"
    before = client.get_cookie("session").value
    sign_in(client, user)
    after = client.get_cookie("session").value
    assert before != after
    assert before[:20] != after[:20]  # nothing of the old cookie carried over
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["lang"] == "en"  # the chosen language stays
        assert session["_user_id"].startswith(f"{user.id}:{user.session_token}:")


def test_registration_also_starts_a_new_session(client, make_agency):
    from tests.test_auth import registration

    with client.session_transaction() as session:
        session["planted"] = "x"
    assert client.post("/daftar", data=registration(make_agency())).status_code == 302
    with client.session_transaction() as session:
        assert "planted" not in session and "_user_id" in session


# --- logout, deactivation: every copy of every cookie ---------------------------


def test_logout_makes_copied_session_and_remember_cookies_anonymous(
    app, client, make_user
):
    user = make_user()
    sign_in(client, user, remember=True)
    stolen = cookie_jar(client)
    assert set(stolen) == {"session", REMEMBER}
    assert is_signed_in(replay(app, stolen))  # the copies work until logout

    client.post("/keluar")

    assert not is_signed_in(client)
    assert not is_signed_in(replay(app, stolen))
    assert not is_signed_in(replay(app, {REMEMBER: stolen[REMEMBER]}))
    assert not is_signed_in(replay(app, {"session": stolen["session"]}))


def test_logout_on_one_device_signs_out_the_others(app, make_user):
    user = make_user()
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, user)
    sign_in(phone, user, remember=True)
    laptop.post("/keluar")
    assert not is_signed_in(phone)


def test_logout_deletes_the_remember_cookie(client, make_user):
    sign_in(client, make_user(), remember=True)
    response = client.post("/keluar")
    deleted = [h for h in response.headers.getlist("Set-Cookie") if REMEMBER in h]
    assert deleted and "Expires=Thu, 01 Jan 1970" in deleted[0]


def test_deactivation_makes_old_cookies_anonymous_even_after_reactivation(
    app, client, db, make_user
):
    admin = make_user(Role.ADMIN)
    member = make_user()
    sign_in(client, member, remember=True)
    stolen = cookie_jar(client)
    token = member.session_token

    accounts.deactivate(admin, member, reason="Akun disalahgunakan")
    db.session.commit()
    assert member.session_token != token
    assert not is_signed_in(replay(app, stolen))

    accounts.reactivate(admin, member, reason="Sudah aman")
    db.session.commit()
    assert not is_signed_in(replay(app, stolen))
    assert not is_signed_in(replay(app, {REMEMBER: stolen[REMEMBER]}))


def test_the_admin_page_deactivation_rotates_the_token(app, db, make_user):
    admin, member = make_user(Role.ADMIN), make_user()
    members_browser, admins_browser = app.test_client(), app.test_client()
    sign_in(members_browser, member, remember=True)
    stolen = cookie_jar(members_browser)
    sign_in(admins_browser, admin)
    response = admins_browser.post(
        f"/admin/pengguna/{member.id}/nonaktifkan", data={"reason": "Pensiun"}
    )
    assert response.status_code == 302
    assert not is_signed_in(replay(app, stolen))


def test_a_refused_deactivation_keeps_the_token(db, make_user):
    from app.admin.errors import AdminError

    admin = make_user(Role.ADMIN)
    token = admin.session_token
    with pytest.raises(AdminError):
        accounts.deactivate(admin, admin, reason="Keliru")  # the last admin
    db.session.commit()
    db.session.refresh(admin)
    assert admin.session_token == token


# --- cookie flags ------------------------------------------------------------------


def _set_cookie(response, name: str) -> str:  # noqa: ANN001
    (header,) = [
        h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")
    ]
    return header


def test_session_and_remember_cookies_are_httponly_and_samesite_lax(client, make_user):
    response = sign_in(client, make_user(), remember=True)
    for name in ("session", REMEMBER):
        header = _set_cookie(response, name)
        assert "; HttpOnly" in header
        assert "; SameSite=Lax" in header
        assert "; Secure" not in header  # tests run over http


def test_production_marks_both_cookies_secure(config_class, make_user):
    assert ProductionConfig.SESSION_COOKIE_SECURE is True
    assert ProductionConfig.REMEMBER_COOKIE_SECURE is True
    for name in ("SESSION_COOKIE", "REMEMBER_COOKIE"):
        assert getattr(ProductionConfig, f"{name}_HTTPONLY") is True
        assert getattr(ProductionConfig, f"{name}_SAMESITE") == "Lax"

    class ProductionCookies(config_class):
        SESSION_COOKIE_SECURE = ProductionConfig.SESSION_COOKIE_SECURE
        REMEMBER_COOKIE_SECURE = ProductionConfig.REMEMBER_COOKIE_SECURE

    from app import create_app
    from app.extensions import db as _db

    production = create_app(ProductionCookies)
    try:
        user = make_user()
        response = sign_in(production.test_client(), user, remember=True)
        for name in ("session", REMEMBER):
            header = _set_cookie(response, name)
            assert "; Secure" in header and "; HttpOnly" in header
            assert "; SameSite=Lax" in header
    finally:
        with production.app_context():
            _db.engine.dispose()


# --- lifetimes ------------------------------------------------------------------------


def test_default_lifetimes(app):
    assert app.config["SESSION_IDLE_MINUTES"] == 120
    assert app.config["SESSION_MAX_HOURS"] == 12
    assert app.config["REMEMBER_COOKIE_DURATION"].days == 14


def test_a_session_ends_after_two_idle_hours(client, make_user, frozen_clock):
    sign_in(client, make_user())
    frozen_clock.advance(minutes=119)
    assert is_signed_in(client)
    frozen_clock.advance(minutes=119)  # each request restarts the idle time
    assert is_signed_in(client)
    frozen_clock.advance(minutes=121)
    response = client.get(PROTECTED)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/masuk")
    page = client.get("/").get_data(as_text=True)
    assert "Sesi Anda sudah berakhir. Silakan masuk lagi." in page


def test_a_session_ends_twelve_hours_after_sign_in_however_active(
    client, make_user, frozen_clock
):
    sign_in(client, make_user())
    for _hour in range(12):
        frozen_clock.advance(minutes=60)
        assert is_signed_in(client)
    frozen_clock.advance(minutes=1)
    assert not is_signed_in(client)


def test_configured_lifetimes_are_used(app, client, make_user, frozen_clock):
    app.config.update(SESSION_IDLE_MINUTES=5, SESSION_MAX_HOURS=1)
    sign_in(client, make_user())
    frozen_clock.advance(minutes=4)
    assert is_signed_in(client)
    frozen_clock.advance(minutes=6)
    assert not is_signed_in(client)


def test_the_idle_time_is_written_at_most_once_a_minute(
    client, make_user, frozen_clock
):
    sign_in(client, make_user())
    client.get("/")  # shows (and so removes) the "signed in" message
    frozen_clock.advance(seconds=30)
    quiet = client.get(PROTECTED)
    assert not any(
        h.startswith("session=") for h in quiet.headers.getlist("Set-Cookie")
    )
    frozen_clock.advance(seconds=31)
    touched = client.get(PROTECTED)
    assert any(h.startswith("session=") for h in touched.headers.getlist("Set-Cookie"))


def test_remember_me_starts_a_new_session_after_the_idle_limit(
    client, make_user, frozen_clock
):
    sign_in(client, make_user(), remember=True)
    frozen_clock.advance(hours=3)
    assert is_signed_in(client)  # restored from the remember-me cookie
    with client.session_transaction() as session:
        assert session[sessions.STARTED] == sessions.clock.timestamp()
    assert "Sesi Anda sudah berakhir" not in client.get("/").get_data(as_text=True)


def test_a_remember_me_cookie_lasts_fourteen_days_from_sign_in(
    app, client, make_user, frozen_clock
):
    sign_in(client, make_user(), remember=True)
    remember = {REMEMBER: cookie_jar(client)[REMEMBER]}
    frozen_clock.advance(days=13, hours=23)
    assert is_signed_in(replay(app, remember))
    frozen_clock.advance(hours=2)  # the browser would still send a copy
    stale = replay(app, remember)
    response = stale.get(PROTECTED)
    assert response.status_code == 302
    assert any(  # and it is deleted from the browser
        h.startswith(f"{REMEMBER}=;") for h in response.headers.getlist("Set-Cookie")
    )


def test_using_a_remembered_device_does_not_extend_the_cookie(
    client, make_user, frozen_clock
):
    sign_in(client, make_user(), remember=True)
    for _day in range(15):
        frozen_clock.advance(days=1)
        client.get("/")
    assert not is_signed_in(client)


def test_a_remember_cookie_without_a_sign_in_time_is_refused(app, client, make_user):
    """Cookies from before the sign-in time was added: sign in once more."""
    from flask_login.utils import encode_cookie

    user = make_user()
    with app.test_request_context():
        old_style = encode_cookie(user.get_id())
    assert not is_signed_in(replay(app, {REMEMBER: old_style}))


def test_a_session_written_without_times_gets_them_instead_of_ending(
    client, make_user, frozen_clock
):
    """Sessions from before these checks (and the access matrix's) go on."""
    user = make_user()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    assert is_signed_in(client)
    with client.session_transaction() as session:
        assert session[sessions.STARTED] == frozen_clock.now.timestamp()
    frozen_clock.advance(hours=3)
    assert not is_signed_in(client)


def test_static_files_do_not_touch_the_session(client, make_user, frozen_clock):
    sign_in(client, make_user())
    frozen_clock.advance(hours=3)
    response = client.get("/static/css/app.css")
    assert not any(
        h.startswith("session=") for h in response.headers.getlist("Set-Cookie")
    )


def test_logout_is_logged(client, make_user, security_events):
    user = make_user()
    sign_in(client, user)
    client.post("/keluar")
    assert [(r.event, r.fields) for r in security_events][-1] == (
        "logout",
        {"user_id": user.id},
    )

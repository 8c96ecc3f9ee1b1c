"""Changing one's password: needs the current one, follows the password rules,
ends every other session and remember-me cookie, keeps this browser in."""

from __future__ import annotations

import pytest

from app.auth import services
from tests.conftest import PASSWORD
from tests.test_sessions import REMEMBER, cookie_jar, is_signed_in, replay, sign_in

URL = "/akun/kata-sandi"
NEW = "kopi tubruk di pagi hari"


def change(client, current: str = PASSWORD, new: str = NEW, confirm: str | None = None):  # noqa: ANN001,ANN201
    return client.post(
        URL,
        data={
            "current_password": current,
            "password": new,
            "confirm": new if confirm is None else confirm,
        },
    )


def test_the_page_needs_a_signed_in_user(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/masuk?next=")


def test_the_page_asks_for_the_current_and_the_new_password(client, make_user):
    sign_in(client, make_user())
    page = client.get(URL).get_data(as_text=True)
    for field in ("current_password", "password", "confirm"):
        assert f'for="{field}"' in page
    assert 'autocomplete="current-password"' in page
    assert 'autocomplete="new-password"' in page


def test_the_owner_finds_the_link_on_their_profile_and_others_do_not(client, make_user):
    owner, other = make_user(), make_user()
    sign_in(client, owner)
    assert URL in client.get(f"/profil/{owner.id}").get_data(as_text=True)
    assert URL in client.get("/profil/ubah").get_data(as_text=True)
    assert URL not in client.get(f"/profil/{other.id}").get_data(as_text=True)


def test_a_changed_password_works_and_the_old_one_does_not(app, client, make_user):
    user = make_user()
    sign_in(client, user)
    response = change(client)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/profil/{user.id}"
    assert "Kata sandi Anda sudah diubah." in client.get("/").get_data(as_text=True)
    assert services.authenticate(user.email, NEW) is not None
    assert services.authenticate(user.email, PASSWORD) is None


def test_this_browser_stays_signed_in_and_every_other_session_ends(
    app, client, make_user
):
    user = make_user()
    phone = app.test_client()
    sign_in(phone, user, remember=True)
    stolen = cookie_jar(phone)
    sign_in(client, user)
    own_old = cookie_jar(client)

    assert change(client).status_code == 302

    assert is_signed_in(client)  # this browser, in a new session
    assert cookie_jar(client)["session"] != own_old["session"]
    assert not is_signed_in(phone)
    assert not is_signed_in(replay(app, stolen))
    assert not is_signed_in(replay(app, {REMEMBER: stolen[REMEMBER]}))
    assert not is_signed_in(replay(app, own_old))  # even this browser's old cookie


def test_a_remembered_browser_keeps_a_new_remember_cookie(app, client, make_user):
    user = make_user()
    sign_in(client, user, remember=True)
    old = cookie_jar(client)[REMEMBER]
    change(client)
    new = cookie_jar(client)[REMEMBER]
    assert new != old
    assert is_signed_in(replay(app, {REMEMBER: new}))
    assert not is_signed_in(replay(app, {REMEMBER: old}))


def test_a_wrong_current_password_is_refused_on_its_field(client, db, make_user):
    user = make_user()
    sign_in(client, user)
    response = change(client, current="bukan-ini-sandinya")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Kata sandi saat ini salah." in page and "is-invalid" in page
    db.session.refresh(user)
    assert user.failed_logins == 1  # counted like a failed sign-in
    assert services.authenticate(user.email, PASSWORD) is not None  # unchanged


@pytest.mark.parametrize(
    ("new", "confirm", "message"),
    [
        ("pendek", None, "Kata sandi harus 12 sampai 128 karakter."),
        ("x" * 129, None, "Kata sandi harus 12 sampai 128 karakter."),
        ("qwerty123456", None, "Kata sandi ini terlalu umum atau mudah ditebak."),
        ("password2026!", None, "Kata sandi ini terlalu umum atau mudah ditebak."),
        (PASSWORD, None, "Kata sandi baru harus berbeda dari kata sandi saat ini."),
        (NEW, NEW + "x", "Kedua kata sandi tidak sama."),
        ("", "", "Isi kata sandi."),
    ],
)
def test_a_new_password_that_breaks_a_rule_is_refused(
    client, make_user, new, confirm, message
):
    user = make_user()
    sign_in(client, user)
    response = change(client, new=new, confirm=confirm)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert services.authenticate(user.email, PASSWORD) is not None


def test_the_users_own_email_is_refused_as_a_new_password(client, make_user):
    user = make_user(email="budi.santoso@medan.go.id", name="Budi Santoso")
    sign_in(client, user)
    response = change(client, new="budi.santoso@medan.go.id")
    assert "Kata sandi tidak boleh memuat nama, email, atau NIP Anda." in (
        response.get_data(as_text=True)
    )


def test_the_change_is_logged_without_the_passwords(client, make_user, security_events):
    user = make_user()
    sign_in(client, user)
    change(client)
    changed = [r for r in security_events if r.event == "password.changed"]
    assert [r.fields for r in changed] == [{"user_id": user.id}]
    for record in security_events:
        assert NEW not in str(record.fields) and PASSWORD not in str(record.fields)


def test_change_password_service_does_not_commit(db, make_user):
    user = make_user()
    token = user.session_token
    services.change_password(user, current=PASSWORD, new=NEW)
    assert user.session_token != token
    db.session.rollback()
    db.session.refresh(user)
    assert user.session_token == token

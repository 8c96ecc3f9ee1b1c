"""Password reset by email: the same answer for every email, a signed link
that lasts an hour and works once, a GET that consumes nothing, the usual
password rules, every old session ended, the lock lifted."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from app import create_app
from app.auth import reset, services
from app.extensions import db as _db
from app.models.base import utcnow
from tests.conftest import PASSWORD
from tests.mailbox import BASE_URL, body_html, body_text
from tests.test_sessions import REMEMBER, cookie_jar, is_signed_in, replay, sign_in

FORGOT = "/lupa-kata-sandi"
NEW = "kopi tubruk di pagi hari"
SENT = "Bila alamat itu terdaftar pada akun yang aktif"
INVALID = "Tautan tidak berlaku"


def ask(client, email: str):  # noqa: ANN001,ANN201
    return client.post(FORGOT, data={"email": email})


def link_in(message) -> str:  # noqa: ANN001
    """The path of the reset link in an email."""
    match = re.search(
        re.escape(BASE_URL) + r"(/lupa-kata-sandi/\S+)", body_text(message)
    )
    assert match, body_text(message)
    return match.group(1)


def set_password(client, password: str = NEW, confirm: str | None = None):  # noqa: ANN001,ANN201
    return client.post(
        "/kata-sandi-baru",
        data={
            "password": password,
            "confirm": password if confirm is None else confirm,
        },
    )


@pytest.fixture
def requested(client, mail_server, make_user):  # noqa: ANN001,ANN201
    """A member asked for a link: (member, the link's path)."""
    user = make_user(name="Sri Nasution", email="sri.nasution@medan.go.id")
    assert ask(client, user.email).status_code == 200
    (message,) = mail_server.messages
    return user, link_in(message)


# --- asking --------------------------------------------------------------------------


def test_the_login_page_links_to_forgot_password(client):
    page = client.get("/masuk").get_data(as_text=True)
    assert f'href="{FORGOT}"' in page and "Lupa kata sandi?" in page
    form = client.get(FORGOT).get_data(as_text=True)
    assert 'for="email"' in form


def test_a_member_gets_an_email_with_a_link(client, mail_server, make_user):
    make_user(name="Sri Nasution", email="sri.nasution@medan.go.id")
    response = ask(client, " Sri.Nasution@medan.go.id ")
    assert response.status_code == 200
    assert SENT in response.get_data(as_text=True)
    (message,) = mail_server.messages
    assert message["To"] == "Sri Nasution <sri.nasution@medan.go.id>"
    assert message["Subject"] == "Membuat kata sandi baru di Lumbung Praktik"
    text = body_text(message)
    assert "Yth. Sri Nasution," in text
    assert "Tautan berlaku 60 menit dan hanya dapat dipakai sekali." in text
    assert f"{BASE_URL}{FORGOT}" in text
    path = link_in(message)
    assert f'href="{BASE_URL}{path}"' in body_html(message)


@pytest.mark.parametrize("kind", ["unknown", "deactivated", "pending"])
def test_the_answer_is_the_same_whether_or_not_the_email_has_an_account(
    client, db, mail_server, make_user, count_queries, monkeypatch, kind
):
    member = make_user(email="ada@medan.go.id")
    other = make_user(email="lain@medan.go.id", active=False)
    if kind == "pending":
        other.active = True
        other.pending_since = utcnow()
        db.session.commit()
    email = "tidak.ada@medan.go.id" if kind == "unknown" else other.email
    composed: list[str] = []
    real_compose = reset.compose
    monkeypatch.setattr(
        reset, "compose", lambda u, t: composed.append(u.email) or real_compose(u, t)
    )

    answers = {}
    for label, address in (("member", member.email), (kind, email)):
        with count_queries() as queries:
            response = ask(client, address)
        page = response.get_data(as_text=True).replace(address, "EMAIL")
        answers[label] = (response.status_code, page, queries.count)
    assert answers["member"] == answers[kind]
    assert composed == [member.email, email]  # the same work both times
    assert [to for _sender, to in mail_server.envelopes] == [[member.email]]


def test_a_malformed_email_is_refused_on_its_field(client, mail_server):
    response = ask(client, "bukan-email")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Masukkan alamat email yang valid." in page
    assert 'value="bukan-email"' in page
    assert mail_server.messages == []


def test_asking_is_rate_limited_per_address(config_class, make_user):
    class Limited(config_class):
        RATELIMIT_ENABLED = True
        RATELIMIT_PASSWORD_RESET = "3 per hour"

    make_user(email="ada@medan.go.id")
    limited = create_app(Limited)
    try:
        browser = limited.test_client()
        for _ in range(3):
            assert ask(browser, "ada@medan.go.id").status_code == 200
        response = ask(browser, "ada@medan.go.id")
        assert response.status_code == 429
        assert browser.get(FORGOT).status_code == 200  # showing the form is free
    finally:
        with limited.app_context():
            _db.engine.dispose()


def test_the_email_goes_out_after_the_response(client, monkeypatch, make_user, app):
    """A slow or failing mail server changes neither the answer nor its time."""
    sent: list[str] = []

    class Broken:
        def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002,ANN003
            pass

        def __enter__(self):  # noqa: ANN204
            return self

        def __exit__(self, *args) -> None:  # noqa: ANN002
            pass

        def send(self, mail) -> None:  # noqa: ANN001
            from app.mail import MailError

            sent.append(mail.to)
            raise MailError("SMTP 451: coba lagi nanti")

    monkeypatch.setattr(reset, "Mailer", Broken)
    user = make_user()
    response = ask(client, user.email)
    assert response.status_code == 200 and SENT in response.get_data(as_text=True)
    assert sent == [user.email]


# --- following the link ------------------------------------------------------------


def test_following_the_link_consumes_nothing_and_hides_the_token(client, requested):
    _user, path = requested
    token = path.rsplit("/", 1)[1]
    for _ in range(2):  # a link scanner, then the person
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"] == "/kata-sandi-baru"
    form = client.get("/kata-sandi-baru")
    assert form.status_code == 200
    assert token not in form.get_data(as_text=True)
    assert 'for="password"' in form.get_data(as_text=True)


def test_a_new_password_from_the_link_works_and_the_lock_is_lifted(
    client, db, requested
):
    user, path = requested
    user.failed_logins, user.locked_until = 10, utcnow()
    db.session.commit()
    client.get(path)
    response = set_password(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/masuk"
    assert "Silakan masuk dengan kata sandi baru." in client.get("/masuk").get_data(
        as_text=True
    )
    db.session.refresh(user)
    assert (user.failed_logins, user.locked_until) == (0, None)
    assert services.authenticate(user.email, NEW) == user
    assert services.authenticate(user.email, PASSWORD) is None


def test_a_reset_ends_every_old_session(app, client, requested):
    user, path = requested
    phone = app.test_client()
    sign_in(phone, user, remember=True)
    stolen = cookie_jar(phone)
    client.get(path)
    set_password(client)
    assert not is_signed_in(phone)
    assert not is_signed_in(replay(app, stolen))
    assert not is_signed_in(replay(app, {REMEMBER: stolen[REMEMBER]}))
    assert not is_signed_in(client)  # asked to sign in with the new password


def test_the_link_works_once(app, client, requested):
    _user, path = requested
    client.get(path)
    set_password(client)
    again = app.test_client().get(path)
    assert again.status_code == 400
    assert INVALID in again.get_data(as_text=True)


def test_a_password_change_kills_the_link(client, requested):
    user, path = requested
    services.change_password(user, current=PASSWORD, new="lain lagi kata sandinya")
    response = client.get(path)
    assert response.status_code == 400


def test_the_link_lasts_an_hour(app, client, mail_server, make_user, frozen_clock):
    user = make_user()
    ask(client, user.email)
    (message,) = mail_server.messages
    path = link_in(message)
    frozen_clock.advance(minutes=59)
    assert client.get(path).status_code == 302
    frozen_clock.advance(minutes=2)
    expired = app.test_client().get(path)
    assert expired.status_code == 400
    page = expired.get_data(as_text=True)
    assert INVALID in page and f'href="{FORGOT}"' in page


def test_a_link_that_expires_between_opening_and_saving_is_refused(
    client, frozen_clock, requested
):
    _user, path = requested
    client.get(path)
    frozen_clock.advance(minutes=61)
    response = set_password(client)
    assert response.status_code == 400
    assert INVALID in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # signature
        lambda t: "x" + t,  # payload
        lambda t: t.split(".")[0],  # no signature
        lambda _t: "tidak-ada-artinya",
        lambda t: t * 40,  # very long
    ],
    ids=["signature", "payload", "cut", "junk", "long"],
)
def test_a_tampered_link_gives_a_400_page_with_a_way_to_ask_again(
    client, requested, tamper
):
    _user, path = requested
    token = path.rsplit("/", 1)[1]
    response = client.get(f"{FORGOT}/{tamper(token)}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert INVALID in page and "Minta tautan baru" in page
    assert f'href="{FORGOT}"' in page


def test_a_token_for_another_purpose_or_key_is_refused(app, make_user):
    from itsdangerous import URLSafeTimedSerializer

    user = make_user()
    fingerprint = reset._fingerprint(user.password_hash)
    payload = {"u": user.id, "p": fingerprint}
    other_salt = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="lain")
    other_key = URLSafeTimedSerializer("kunci-lain", salt=reset.SALT)
    assert reset.user_for_token(reset.make_token(user)) == user
    assert reset.user_for_token(other_salt.dumps(payload)) is None
    assert reset.user_for_token(other_key.dumps(payload)) is None


def test_a_deactivated_account_cannot_use_a_link(client, db, requested):
    user, path = requested
    user.active = False
    db.session.commit()
    assert client.get(path).status_code == 400


def test_the_new_password_page_without_a_link_sends_to_the_form(client):
    response = client.get("/kata-sandi-baru")
    assert response.status_code == 302
    assert response.headers["Location"] == FORGOT
    assert client.post("/kata-sandi-baru", data={}).status_code == 302


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("pendek", None, "Kata sandi harus 12 sampai 128 karakter."),
        ("qwerty123456", None, "Kata sandi ini terlalu umum atau mudah ditebak."),
        ("sri.nasution@medan.go.id", None, "tidak boleh memuat nama, email, atau NIP"),
        (NEW, NEW + "!", "Kedua kata sandi tidak sama."),
    ],
)
def test_the_new_password_follows_the_rules_and_the_link_still_works(
    client, requested, password, confirm, message
):
    user, path = requested
    client.get(path)
    response = set_password(client, password, confirm)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert set_password(client).status_code == 302  # the link was not used up
    assert services.authenticate(user.email, NEW) == user


# --- the log --------------------------------------------------------------------------


def test_requests_and_resets_are_logged_without_email_or_token(
    client, requested, security_events, make_user
):
    user, path = requested
    token = path.rsplit("/", 1)[1]
    ask(client, "tidak.ada@medan.go.id")
    client.get(path)
    set_password(client)
    events = [(r.event, r.fields) for r in security_events]
    assert ("password.reset", {"user_id": user.id}) in events
    (unknown,) = [f for e, f in events if e == "password.reset_requested"]
    assert unknown["user_id"] is None
    for record in security_events:
        text = f"{record.getMessage()} {record.fields}"
        assert token not in text and NEW not in text and "medan.go.id" not in text


def test_the_link_path_is_not_logged_with_its_token(client, requested, caplog):
    _user, path = requested
    token = path.rsplit("/", 1)[1]
    with caplog.at_level("INFO", logger="lumbung.requests"):
        client.get(path)
    logged = " ".join(str(getattr(r, "fields", "")) for r in caplog.records)
    assert token not in logged
    assert urlsplit(path).path.startswith(FORGOT)

"""Sign-in failures: one answer for every kind of failure, a lock after ten,
told in minutes, lifted by time or success, counted atomically, per account
(not per office address), and logged without the email."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import template_rendered

from app import create_app
from app.auth import lockout, services
from app.extensions import db as _db
from app.models import User
from app.models.base import utcnow
from tests.concurrency import run_together
from tests.conftest import PASSWORD

WRONG = "bukan-kata-sandinya-99"
WRONG_ANSWER = "Email atau kata sandi salah."
LOCKED = "akun ini dikunci sementara"


def sign_in(client, email: str, password: str):  # noqa: ANN001,ANN201
    return client.post("/masuk", data={"email": email, "password": password})


def fail(client, email: str, times: int) -> None:  # noqa: ANN001
    for _ in range(times):
        assert sign_in(client, email, WRONG).status_code == 400


def signed_in(client) -> bool:  # noqa: ANN001
    return client.get("/profil/ubah").status_code == 200


def minutes_in(page: str) -> int:
    match = re.search(r"Coba lagi dalam (\d+) menit", page)
    assert match, page
    return int(match.group(1))


def reload(db, user: User) -> User:  # noqa: ANN001
    db.session.expire_all()
    return db.session.get(User, user.id)


# --- the same answer for every failure ------------------------------------------


@pytest.fixture
def templates(app):  # noqa: ANN001,ANN201
    rendered: list[str] = []

    def record(_sender, template, **_extra) -> None:  # noqa: ANN001
        rendered.append(template.name)

    template_rendered.connect(record, app)
    yield rendered
    template_rendered.disconnect(record, app)


def test_unknown_email_wrong_password_pending_and_deactivated_look_the_same(
    client, db, make_user, templates
):
    member = make_user(email="ada@medan.go.id")
    deactivated = make_user(email="nonaktif@medan.go.id", active=False)
    pending = make_user(email="tertunda@medan.go.id")
    pending.pending_since = utcnow()
    db.session.commit()
    attempts = {
        "unknown": ("tidak.ada@medan.go.id", PASSWORD),
        "wrong password": (member.email, WRONG),
        "deactivated, right password": (deactivated.email, PASSWORD),
        "pending, right password": (pending.email, PASSWORD),
    }
    answers = {}
    for label, (email, password) in attempts.items():
        templates.clear()
        response = sign_in(client, email, password)
        # The typed email is kept in the form; everything else must match.
        page = response.get_data(as_text=True).replace(email, "EMAIL")
        answers[label] = (response.status_code, tuple(templates), page)
    assert len(set(answers.values())) == 1, answers.keys()
    status, rendered, page = answers["unknown"]
    assert status == 400 and rendered[0] == "auth/login.html"
    assert WRONG_ANSWER in page
    assert not signed_in(client)


# --- the lock ------------------------------------------------------------------------


def test_ten_failures_lock_the_account_and_say_for_how_long(
    client, db, make_user, frozen_clock
):
    user = make_user()
    fail(client, user.email, 9)
    assert reload(db, user).locked_until is None
    tenth = sign_in(client, user.email, WRONG)
    assert tenth.status_code == 400
    assert LOCKED in tenth.get_data(as_text=True)
    assert minutes_in(tenth.get_data(as_text=True)) == 10
    user = reload(db, user)
    assert user.failed_logins == 10
    assert user.locked_until == frozen_clock.now + lockout.lock_duration()


def test_a_locked_account_refuses_the_right_password_with_minutes_left(
    client, db, make_user, frozen_clock
):
    user = make_user()
    fail(client, user.email, 10)
    frozen_clock.advance(minutes=3, seconds=30)
    response = sign_in(client, user.email, PASSWORD)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert LOCKED in page and WRONG_ANSWER not in page
    assert minutes_in(page) == 7  # 6.5 minutes left, rounded up
    assert not signed_in(client)
    assert reload(db, user).failed_logins == 10  # attempts while locked don't count


def test_the_lock_expires_and_a_success_resets_the_count(
    client, db, make_user, frozen_clock
):
    user = make_user()
    fail(client, user.email, 10)
    frozen_clock.advance(minutes=10)
    assert sign_in(client, user.email, PASSWORD).status_code == 302
    user = reload(db, user)
    assert (user.failed_logins, user.locked_until) == (0, None)


def test_after_an_expired_lock_the_count_starts_again(
    client, db, make_user, frozen_clock
):
    user = make_user()
    fail(client, user.email, 10)
    frozen_clock.advance(minutes=11)
    fail(client, user.email, 1)
    user = reload(db, user)
    assert (user.failed_logins, user.locked_until) == (1, None)
    fail(client, user.email, 8)
    assert sign_in(client, user.email, PASSWORD).status_code == 302


def test_only_consecutive_failures_count(client, db, make_user):
    user = make_user()
    fail(client, user.email, 9)
    assert sign_in(client, user.email, PASSWORD).status_code == 302
    client.post("/keluar")
    fail(client, user.email, 9)
    assert sign_in(client, user.email, PASSWORD).status_code == 302


def test_configured_limits_are_used(client, app, db, make_user, frozen_clock):
    app.config.update(LOGIN_MAX_FAILURES=3, LOGIN_LOCK_MINUTES=30)
    user = make_user()
    fail(client, user.email, 2)
    third = sign_in(client, user.email, WRONG).get_data(as_text=True)
    assert minutes_in(third) == 30


def test_the_default_limits_are_ten_failures_and_ten_minutes(app):
    assert app.config["LOGIN_MAX_FAILURES"] == 10
    assert app.config["LOGIN_LOCK_MINUTES"] == 10


def test_an_unknown_email_locks_the_same_way_so_the_lock_tells_nothing(
    client, make_user
):
    """Otherwise ten tries would tell whether an email has an account."""
    user = make_user()
    unknown = "tidak.ada@medan.go.id"
    for attempt in range(1, 12):
        real = sign_in(client, user.email, WRONG)
        fake = sign_in(client, unknown, WRONG)
        assert real.status_code == fake.status_code == 400
        real_page = real.get_data(as_text=True).replace(user.email, "EMAIL")
        fake_page = fake.get_data(as_text=True).replace(unknown, "EMAIL")
        assert real_page == fake_page, attempt
        assert (LOCKED in real_page) == (attempt >= 10)


def test_other_accounts_from_the_same_address_still_sign_in(
    config_class, client, make_user
):
    """The lock is per account; the per-address limit (30/min) lets the
    rest of an office behind one NAT address through."""

    class Limited(config_class):
        RATELIMIT_ENABLED = True
        RATELIMIT_LOGIN = "30 per minute"

    locked, colleague = make_user(), make_user()
    limited = create_app(Limited)
    office = limited.test_client()
    try:
        fail(office, locked.email, 10)
        assert LOCKED in sign_in(office, locked.email, PASSWORD).get_data(as_text=True)
        response = sign_in(office, colleague.email, PASSWORD)
        assert response.status_code == 302
        assert office.get("/profil/ubah").status_code == 200
    finally:
        with limited.app_context():
            _db.engine.dispose()


# --- atomic counting --------------------------------------------------------------


def _fail_at_once(config_class, email: str, count: int) -> None:  # noqa: ANN001
    def work(_n: int, start) -> None:  # noqa: ANN001
        start()
        result = services.attempt_sign_in(email, WRONG)
        _db.session.commit()
        assert result.user is None

    run_together(config_class, count, work)


def test_concurrent_failures_are_all_counted(config_class, db, make_user):
    user = make_user()
    _fail_at_once(config_class, user.email, 8)
    assert reload(db, user).failed_logins == 8
    assert reload(db, user).locked_until is None


def test_ten_concurrent_failures_lock_the_account(config_class, db, make_user):
    user = make_user()
    _fail_at_once(config_class, user.email, 10)
    user = reload(db, user)
    assert user.failed_logins == 10
    assert user.locked_until is not None


def test_the_count_is_raised_in_the_database_not_in_python(
    db, make_user, count_queries
):
    """One UPDATE ... SET failed_logins = failed_logins + 1 ... RETURNING."""
    user = make_user()
    db.session.refresh(user)  # loaded before counting
    with count_queries() as queries:
        lockout.record_failure(user)
    (statement,) = queries.statements
    flat = " ".join(statement.split())
    assert flat.startswith("UPDATE user_account SET failed_logins=CASE")
    assert "user_account.failed_logins + " in flat
    assert "RETURNING" in flat


# --- the password change counts too; the log --------------------------------------


def test_wrong_current_passwords_at_a_password_change_count_towards_the_lock(
    client, auth, db, make_user
):
    user = make_user()
    auth.login(user)
    for _ in range(10):
        response = client.post(
            "/akun/kata-sandi",
            data={
                "current_password": WRONG,
                "password": "kata sandi baru yang panjang",
                "confirm": "kata sandi baru yang panjang",
            },
        )
        assert response.status_code == 400
    assert LOCKED in response.get_data(as_text=True)
    assert reload(db, user).failed_logins == 10
    client.post("/keluar")
    assert LOCKED in sign_in(client, user.email, PASSWORD).get_data(as_text=True)


def test_failures_and_locks_are_logged_without_the_email(
    client, make_user, security_events, app
):
    app.config.update(LOGIN_MAX_FAILURES=2)
    user = make_user(email="rahasia.pribadi@medan.go.id")
    fail(client, user.email, 2)
    fail(client, "siapa.ini@medan.go.id", 1)
    sign_in(client, make_user().email, PASSWORD)
    events = [(r.event, r.fields) for r in security_events]
    names = [name for name, _fields in events]
    assert names == [
        "login.failed",
        "login.failed",
        "login.locked",
        "login.failed",
        "login.succeeded",
    ]
    assert events[0][1]["user_id"] == user.id
    assert events[0][1]["account"] == lockout.account_digest(user.email)
    assert events[2][1]["minutes"] == 10
    assert events[3][1]["user_id"] is None
    for record in security_events:
        text = f"{record.getMessage()} {record.fields}"
        assert "medan.go.id" not in text
        assert "rahasia.pribadi" not in text
        assert WRONG not in text and PASSWORD not in text


def test_the_lock_message_is_in_indonesian_and_names_the_reset(app):
    assert lockout.lock_message(7) == (
        "Terlalu banyak percobaan masuk yang gagal, jadi akun ini dikunci "
        "sementara. Coba lagi dalam 7 menit, atau buat kata sandi baru lewat "
        "«Lupa kata sandi?»."
    )


def test_failed_logins_column_counts_from_zero(db, make_user):
    user = make_user()
    count = db.session.scalar(sa.select(User.failed_logins).where(User.id == user.id))
    assert count == 0


def test_an_unreachable_counter_store_does_not_break_sign_in(app, client, make_user):
    """Redis down: unknown emails get the usual answer, not a 500 (which
    would itself tell that the email has no account)."""
    app.config["RATELIMIT_STORAGE_URI"] = "redis://127.0.0.1:1/0"
    app.extensions.pop(lockout._STORAGE_KEY, None)
    response = sign_in(client, "tidak.ada@medan.go.id", WRONG)
    assert response.status_code == 400
    assert WRONG_ANSWER in response.get_data(as_text=True)
    user = make_user()
    assert sign_in(client, user.email, PASSWORD).status_code == 302

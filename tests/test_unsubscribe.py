"""One-click unsubscribe: a signed link that turns one user's topic off, no more."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from app.models import EmailFrequency, NotificationTopic
from app.notifications import settings, unsubscribe

MODERATION = NotificationTopic.MODERATION
FOLLOWING = NotificationTopic.FOLLOWING
INVALID = "Tautan berhenti berlangganan ini tidak sah atau tidak lengkap."
EXPIRED = "Tautan berhenti berlangganan ini sudah kedaluwarsa."


def path(token: str) -> str:
    return f"/berhenti/{token}"


@pytest.fixture
def csrf_on(app):  # noqa: ANN001,ANN201
    """CSRF as in production (the test config turns it off)."""
    app.config["WTF_CSRF_ENABLED"] = True
    return app


def frequency(user, topic: NotificationTopic) -> EmailFrequency:  # noqa: ANN001
    return settings.frequency_for(user, topic)


def test_the_page_names_the_topic_and_get_changes_nothing(db, client, make_user):
    user = make_user()
    token = unsubscribe.make_token(user, [MODERATION])
    response = client.get(path(token))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Keputusan moderator" in html
    assert f'action="{path(token)}"' in html and 'method="post"' in html
    client.get(path(token))  # a link scanner fetching it twice
    assert frequency(user, MODERATION) is EmailFrequency.IMMEDIATE


def test_post_without_a_csrf_token_sets_the_topic_to_never_for_its_user_only(
    db, csrf_on, client, make_user
):
    user, other = make_user(), make_user()
    token = unsubscribe.make_token(user, [MODERATION])
    response = client.post(path(token))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Email dihentikan" in html and "Keputusan moderator" in html
    assert 'href="/pengaturan/notifikasi"' in html
    assert frequency(user, MODERATION) is EmailFrequency.NEVER
    assert frequency(user, FOLLOWING) is EmailFrequency.WEEKLY  # other topics stay
    assert frequency(other, MODERATION) is EmailFrequency.IMMEDIATE
    # CSRF is really on: an ordinary form without its token is refused.
    assert client.post("/notifikasi/baca-semua").status_code == 400


def test_rfc_8058_one_click_post_works_without_a_session(
    db, csrf_on, client, make_user
):
    user = make_user()
    token = unsubscribe.make_token(user, [FOLLOWING])
    response = client.post(
        path(token),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert frequency(user, FOLLOWING) is EmailFrequency.NEVER


def test_unsubscribing_twice_is_harmless(db, client, make_user):
    user = make_user()
    token = unsubscribe.make_token(user, [MODERATION])
    assert client.post(path(token)).status_code == 200
    assert client.post(path(token)).status_code == 200
    assert frequency(user, MODERATION) is EmailFrequency.NEVER


def test_a_digest_token_turns_off_each_of_its_topics(db, client, make_user):
    user = make_user()
    token = unsubscribe.make_token(user, [FOLLOWING, NotificationTopic.DISCUSSION])
    assert client.post(path(token)).status_code == 200
    assert frequency(user, FOLLOWING) is EmailFrequency.NEVER
    assert frequency(user, NotificationTopic.DISCUSSION) is EmailFrequency.NEVER
    assert frequency(user, MODERATION) is EmailFrequency.IMMEDIATE


def test_a_signed_in_visitor_cannot_use_someone_elses_token_for_themselves(
    db, client, auth, make_user
):
    owner, visitor = make_user(), make_user()
    auth.login(visitor)
    client.post(path(unsubscribe.make_token(owner, [MODERATION])))
    assert frequency(owner, MODERATION) is EmailFrequency.NEVER  # the token's user
    assert frequency(visitor, MODERATION) is EmailFrequency.IMMEDIATE


# --- tokens that must not work -------------------------------------------------------


def _tampered(token: str) -> list[str]:
    """The same token with one character changed in each of its three parts."""
    payload, stamp, signature = token.split(".")

    def flip(part: str) -> str:
        return ("A" if part[-1] != "A" else "B") + part[1:]

    return [
        f"{flip(payload)}.{stamp}.{signature}",
        f"{payload}.{flip(stamp)}.{signature}",
        f"{payload}.{stamp}.{flip(signature)}",
    ]


def _forged(app, make_user) -> list[str]:  # noqa: ANN001
    victim = make_user()
    payload = {"u": victim.id, "t": ["moderation"]}
    key = app.config["SECRET_KEY"]
    return [
        "tidak-ada",
        "eyJ1IjoxfQ.abc.def",
        # Signed with the right key but for another purpose (salt) ...
        URLSafeTimedSerializer(key, salt="lumbung.participant-import").dumps(payload),
        URLSafeTimedSerializer(key).dumps(payload),
        # ... or with another key.
        URLSafeTimedSerializer("kunci-lain", salt=unsubscribe.SALT).dumps(payload),
    ]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_forged_tampered_or_foreign_tokens_get_400_and_change_nothing(
    app, db, client, make_user, method
):
    user = make_user()
    good = unsubscribe.make_token(user, [MODERATION])
    for token in [*_tampered(good), *_forged(app, make_user)]:
        response = client.open(path(token), method=method)
        assert response.status_code == 400, token
        assert INVALID in response.get_data(as_text=True)
    assert frequency(user, MODERATION) is EmailFrequency.IMMEDIATE


def test_a_token_cannot_be_bent_to_another_user(app, db, client, make_user):
    """The id is inside the signed payload: swapping it breaks the signature."""
    me, victim = make_user(), make_user()
    mine = unsubscribe.make_token(me, [MODERATION])
    theirs = unsubscribe.make_token(victim, [MODERATION])
    spliced = f"{theirs.split('.')[0]}.{'.'.join(mine.split('.')[1:])}"
    assert client.post(path(spliced)).status_code == 400
    assert frequency(victim, MODERATION) is EmailFrequency.IMMEDIATE


@pytest.mark.parametrize(
    "payload",
    [{"u": "x", "t": ["moderation"]}, {"u": 1, "t": ["semua"]}, {"u": 1, "t": []}, [1]],
)
def test_a_validly_signed_token_of_the_wrong_shape_is_400_not_500(
    app, db, client, make_user, payload
):
    make_user()
    token = URLSafeTimedSerializer(
        app.config["SECRET_KEY"], salt=unsubscribe.SALT
    ).dumps(payload)
    response = client.post(path(token))
    assert response.status_code == 400
    assert INVALID in response.get_data(as_text=True)


def test_a_token_for_a_deleted_user_is_400(db, client, make_user):
    user = make_user()
    token = unsubscribe.make_token(user, [MODERATION])
    db.session.delete(user)
    db.session.commit()
    assert client.get(path(token)).status_code == 400


def signed_ago(app, age: timedelta, payload: object) -> str:  # noqa: ANN001
    """A token signed as if ``age`` ago (the timestamp is inside the signature)."""

    class Past(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time() - age.total_seconds())

    serializer = URLSafeTimedSerializer(
        app.config["SECRET_KEY"], salt=unsubscribe.SALT, signer=Past
    )
    return serializer.dumps(payload)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_an_expired_token_is_400_with_a_message_that_says_so(
    app, db, client, make_user, method
):
    user = make_user()
    age = unsubscribe.MAX_AGE + timedelta(days=1)
    old = signed_ago(app, age, {"u": user.id, "t": ["moderation"]})
    response = client.open(path(old), method=method)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert EXPIRED in html and 'href="/pengaturan/notifikasi"' in html
    assert frequency(user, MODERATION) is EmailFrequency.IMMEDIATE


def test_a_token_still_works_just_before_it_expires(app, db, client, make_user):
    user = make_user()
    age = unsubscribe.MAX_AGE - timedelta(days=1)
    token = signed_ago(app, age, {"u": user.id, "t": ["moderation"]})
    assert client.post(path(token)).status_code == 200
    assert frequency(user, MODERATION) is EmailFrequency.NEVER


def test_tokens_last_about_half_a_year():
    assert unsubscribe.MAX_AGE == timedelta(days=180)

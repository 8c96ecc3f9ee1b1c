"""Email choices per topic: defaults, saving, refusing bad input, the page itself."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.models import (
    DEFAULT_FREQUENCY,
    EmailFrequency,
    Notification,
    NotificationKind,
    NotificationSetting,
    NotificationTopic,
)
from app.notifications import settings
from app.notifications.settings import TOPICS

ALL_DAILY = {topic.value: "daily" for topic in TOPICS}


def stored(db, user) -> dict[NotificationTopic, EmailFrequency]:  # noqa: ANN001
    db.session.expire_all()
    rows = db.session.scalars(
        sa.select(NotificationSetting).where(NotificationSetting.user_id == user.id)
    )
    return {row.topic: row.frequency for row in rows}


def selected(html: str, topic: NotificationTopic) -> str:
    """The value of the selected option in the topic's select."""
    select = re.search(
        rf'<select[^>]*name="{topic.value}"[^>]*>(.*?)</select>', html, re.S
    )
    assert select, f"no select for {topic}"
    chosen = re.search(r'<option selected value="([^"]+)"', select.group(1))
    chosen = chosen or re.search(r'<option value="([^"]+)" selected', select.group(1))
    return chosen.group(1) if chosen else ""


# --- the rules --------------------------------------------------------------------


def test_without_rows_every_topic_has_its_default(db, make_user):
    user = make_user()
    assert settings.frequencies(user) == DEFAULT_FREQUENCY
    for topic in TOPICS:
        assert settings.frequency_for(user, topic) is DEFAULT_FREQUENCY[topic]


def test_defaults_are_weekly_for_follows_immediate_for_moderation_and_follow_ups():
    assert DEFAULT_FREQUENCY[NotificationTopic.FOLLOWING] is EmailFrequency.WEEKLY
    assert DEFAULT_FREQUENCY[NotificationTopic.MODERATION] is EmailFrequency.IMMEDIATE
    assert DEFAULT_FREQUENCY[NotificationTopic.PROGRAMME] is EmailFrequency.IMMEDIATE


def test_all_frequencies_are_read_in_one_query(db, make_user, count_queries):
    user = make_user()
    settings.set_frequencies(user, {NotificationTopic.DISCUSSION: EmailFrequency.NEVER})
    db.session.commit()
    assert user.id  # loaded again after the commit, outside the count
    with count_queries() as counter:
        chosen = settings.frequencies(user)
    assert counter.count == 1
    assert chosen[NotificationTopic.DISCUSSION] is EmailFrequency.NEVER
    assert chosen[NotificationTopic.MODERATION] is EmailFrequency.IMMEDIATE


def test_saving_twice_is_idempotent_and_changes_only_that_user(db, make_user):
    user, other = make_user(), make_user()
    choice = {NotificationTopic.APPRECIATION: EmailFrequency.IMMEDIATE}
    settings.set_frequencies(user, choice)
    settings.set_frequencies(user, choice)
    settings.set_frequencies(user, {NotificationTopic.FOLLOWING: EmailFrequency.DAILY})
    db.session.commit()
    assert stored(db, user) == {
        NotificationTopic.APPRECIATION: EmailFrequency.IMMEDIATE,
        NotificationTopic.FOLLOWING: EmailFrequency.DAILY,
    }
    assert stored(db, other) == {}


def test_a_choice_equal_to_the_default_is_kept_as_a_choice(db, make_user):
    user = make_user()
    weekly = {NotificationTopic.FOLLOWING: EmailFrequency.WEEKLY}
    settings.set_frequencies(user, weekly)
    db.session.commit()
    assert stored(db, user) == weekly  # a later change of the default spares it


def test_the_sql_rule_agrees_with_the_python_rule_for_every_kind(
    db, make_user, make_notification
):
    """The senders decide in SQL; it must match frequency_for for every kind."""
    plain, chooser = make_user(), make_user()
    settings.set_frequencies(
        chooser,
        {
            NotificationTopic.DISCUSSION: EmailFrequency.NEVER,
            NotificationTopic.MODERATION: EmailFrequency.WEEKLY,
            NotificationTopic.PROGRAMME: EmailFrequency.DAILY,
        },
    )
    db.session.commit()
    for user in (plain, chooser):
        for kind in NotificationKind:
            make_notification(user, kind)
    rows = db.session.execute(
        sa.select(
            Notification.user_id, Notification.kind, settings.effective_frequency()
        )
        .select_from(Notification)
        .outerjoin(NotificationSetting, settings.setting_join())
    ).all()
    assert len(rows) == 2 * len(NotificationKind)  # the join never duplicates
    users = {plain.id: plain, chooser.id: chooser}
    for user_id, kind, frequency in rows:
        assert frequency == settings.frequency_for(users[user_id], kind.topic).value


# --- the page ---------------------------------------------------------------------


def test_the_page_lists_every_topic_with_an_explanation_and_an_anchor(
    client, auth, make_user
):
    auth.login(make_user())
    response = client.get("/pengaturan/notifikasi")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for topic in TOPICS:
        assert f'id="topik-{topic.value}"' in html
        assert str(settings.TOPIC_LABELS[topic]) in html
        assert str(settings.TOPIC_EXPLANATIONS[topic]) in html
        assert selected(html, topic) == DEFAULT_FREQUENCY[topic].value
    for label in ("Segera", "Ringkasan harian", "Ringkasan mingguan", "Tidak pernah"):
        assert html.count(f">{label}</option>") == len(TOPICS)


def test_saving_the_form_stores_every_choice_and_shows_them(
    db, client, auth, make_user
):
    user = make_user()
    auth.login(user)
    choices = {**ALL_DAILY, "following": "never", "moderation": "weekly"}
    response = client.post("/pengaturan/notifikasi", data=choices)
    assert response.status_code == 302
    assert response.headers["Location"] == "/pengaturan/notifikasi"
    assert settings.frequencies(user) == {
        NotificationTopic(topic): EmailFrequency(value)
        for topic, value in choices.items()
    }
    page = client.get("/pengaturan/notifikasi").get_data(as_text=True)
    assert "Pengaturan email notifikasi sudah disimpan." in page
    assert selected(page, NotificationTopic.FOLLOWING) == "never"


def test_a_bad_value_is_refused_with_400_and_the_other_choices_are_kept(
    db, client, auth, make_user
):
    user = make_user()
    auth.login(user)
    response = client.post(
        "/pengaturan/notifikasi",
        data={**ALL_DAILY, "moderation": "hourly", "following": "never"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Pilihan ini tidak tersedia." in html
    assert "Pengaturan belum disimpan." in html
    assert selected(html, NotificationTopic.FOLLOWING) == "never"  # what was chosen
    assert selected(html, NotificationTopic.DISCUSSION) == "daily"
    assert stored(db, user) == {}  # nothing saved


@pytest.mark.parametrize("missing", ["", None])
def test_an_empty_or_missing_choice_keeps_the_current_one_or_is_refused(
    db, client, auth, make_user, missing
):
    user = make_user()
    auth.login(user)
    data = dict(ALL_DAILY)
    if missing is None:
        del data["appreciation"]  # a partial post keeps the current choice
        assert client.post("/pengaturan/notifikasi", data=data).status_code == 302
        assert settings.frequency_for(user, NotificationTopic.APPRECIATION) is (
            EmailFrequency.WEEKLY
        )
    else:
        data["appreciation"] = missing
        response = client.post("/pengaturan/notifikasi", data=data)
        assert response.status_code == 400
        assert "Pilih kapan email dikirim." in response.get_data(as_text=True)


def test_the_form_cannot_change_someone_elses_settings(db, client, auth, make_user):
    user, victim = make_user(), make_user()
    auth.login(user)
    response = client.post(
        "/pengaturan/notifikasi",
        data={**ALL_DAILY, "user_id": str(victim.id), "id": str(victim.id)},
    )
    assert response.status_code == 302
    assert stored(db, victim) == {}
    assert len(stored(db, user)) == len(TOPICS)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for response in (
        client.get("/pengaturan/notifikasi"),
        client.post("/pengaturan/notifikasi", data=ALL_DAILY),
    ):
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/masuk")


def test_the_profile_edit_page_and_the_notifications_page_link_to_the_settings(
    client, auth, make_user
):
    auth.login(make_user())
    for page in ("/profil/ubah", "/notifikasi"):
        html = client.get(page).get_data(as_text=True)
        assert 'href="/pengaturan/notifikasi"' in html, page

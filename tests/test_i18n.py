"""Language choice and dates: Indonesian first, English on request, times in WIB."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask import render_template_string
from flask_babel import refresh

from app.i18n import LANG_SESSION_KEY, long_date, select_locale, wib_datetime


def page(client, url: str = "/") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_default_language_is_indonesian(client) -> None:
    html = page(client)
    assert '<html lang="id">' in html
    assert "Langsung ke konten" in html
    assert ">Masuk<" in html and ">Daftar<" in html
    assert 'hreflang="en"' in html and ">English<" in html


def test_lang_en_switches_to_english_and_offers_indonesian_back(client) -> None:
    html = page(client, "/?lang=en")
    assert '<html lang="en">' in html
    assert ">Bahasa Indonesia<" in html
    assert 'hreflang="id"' in html


def test_language_choice_is_remembered_in_the_session(client) -> None:
    page(client, "/?lang=en")
    with client.session_transaction() as session:
        assert session[LANG_SESSION_KEY] == "en"
    assert '<html lang="en">' in page(client, "/")
    assert '<html lang="id">' in page(client, "/?lang=id")
    assert '<html lang="id">' in page(client, "/")


def test_unknown_language_is_ignored(client) -> None:
    assert '<html lang="id">' in page(client, "/?lang=xx")
    with client.session_transaction() as session:
        assert LANG_SESSION_KEY not in session


def test_unknown_language_keeps_an_earlier_choice(client) -> None:
    page(client, "/?lang=en")
    assert '<html lang="en">' in page(client, "/?lang=xx")


def test_signed_in_users_language_applies_without_a_session_choice(
    client, db, auth, make_user
) -> None:
    user = make_user()
    assert auth.login(user).status_code == 302
    user.locale = "en"  # e.g. changed from another device after this login
    db.session.commit()
    with client.session_transaction() as session:
        assert LANG_SESSION_KEY not in session
    assert '<html lang="en">' in page(client)


def test_session_choice_beats_the_users_setting(client, db, auth, make_user) -> None:
    user = make_user()
    user.locale = "en"
    db.session.commit()
    auth.login(user)
    assert '<html lang="id">' in page(client, "/?lang=id")
    assert '<html lang="id">' in page(client)


def test_locale_outside_a_request_is_the_default(app) -> None:
    # CLI commands (imports, demo data) translate messages with no request.
    assert select_locale() == "id"


@pytest.fixture
def indonesian(app):
    with app.test_request_context("/"):
        refresh()  # the fixture's app context may have cached a locale already
        yield


def test_wib_filter_converts_utc_to_jakarta_time(indonesian) -> None:
    moment = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
    assert wib_datetime(moment) == "27 November 2026, 09.00 WIB"
    assert render_template_string("{{ t|wib }}", t=moment) == (
        "27 November 2026, 09.00 WIB"
    )


def test_wib_treats_naive_datetimes_as_utc(indonesian) -> None:
    assert wib_datetime(datetime(2026, 11, 27, 17, 30)) == (
        "28 November 2026, 00.30 WIB"
    )


def test_long_date_uses_indonesian_month_names(indonesian) -> None:
    assert long_date(date(2026, 3, 14)) == "14 Maret 2026"
    assert render_template_string("{{ d|long_date }}", d=date(2026, 8, 17)) == (
        "17 Agustus 2026"
    )


def test_missing_dates_render_as_nothing(indonesian) -> None:
    assert wib_datetime(None) == ""
    assert long_date(None) == ""


def test_dates_follow_the_chosen_language(app) -> None:
    with app.test_request_context("/?lang=en"):
        refresh()
        assert long_date(date(2026, 3, 14)) == "14 March 2026"
        assert wib_datetime(datetime(2026, 11, 27, 2, 0, tzinfo=UTC)) == (
            "27 November 2026, 09.00 WIB"
        )

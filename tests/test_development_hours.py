"""Development hours (JP) per calendar year against the 20-JP minimum."""

from __future__ import annotations

from datetime import date

import pytest

from app.i18n import today_wib
from app.models.base import utcnow
from app.programmes.hours import (
    YEARLY_TARGET_JP,
    HoursProgress,
    development_hours,
    progress_for,
)


@pytest.fixture
def year() -> int:
    return today_wib().year


def completion_in(make_completion, user, program, day, *, run=None):  # noqa: ANN001,ANN201
    completion = make_completion(user, program, completed_on=day)
    completion.run_id = run.id if run else None
    return completion


def test_a_run_s_hours_win_over_the_programme_s(
    app, db, make_user, make_program, make_run, make_completion, year
):
    user = make_user()
    crisis = make_program(hours=24)
    time = make_program(hours=8)
    run = make_run(crisis, hours=12)
    completion_in(make_completion, user, crisis, date(year, 1, 2), run=run)
    completion_in(make_completion, user, time, date(year, 1, 3))
    db.session.commit()
    assert development_hours([user.id], year) == {user.id: 12 + 8}


def test_a_run_without_hours_counts_the_programme_s(
    app, db, make_user, make_program, make_run, make_completion, year
):
    user = make_user()
    program = make_program(hours=16)
    completion_in(
        make_completion, user, program, date(year, 1, 2), run=make_run(program)
    )
    db.session.commit()
    assert development_hours([user.id], year)[user.id] == 16


def test_only_this_year_and_not_rejected_completions_count(
    app, db, make_user, make_program, make_completion, year
):
    user = make_user()
    counted = make_program(hours=10)
    make_completion(user, counted, completed_on=date(year, 12, 31))
    make_completion(user, counted, completed_on=date(year - 1, 12, 31))
    make_completion(user, counted, completed_on=date(year + 1, 1, 1))
    rejected = make_completion(
        user, make_program(hours=50), completed_on=date(year, 6, 1)
    )
    rejected.rejected_at = utcnow()
    unverified_but_declared = make_completion(
        user, make_program(hours=3), completed_on=date(year, 6, 2)
    )
    db.session.commit()
    assert not unverified_but_declared.verified
    assert development_hours([user.id], year) == {user.id: 10 + 3}
    assert development_hours([user.id], year - 1) == {user.id: 10}


def test_a_programme_without_hours_counts_zero(
    app, make_user, make_program, make_completion, year
):
    user = make_user()
    make_completion(user, make_program(hours=None), completed_on=date(year, 2, 1))
    assert development_hours([user.id], year) == {user.id: 0}


def test_many_users_in_one_query_each_present_even_with_nothing(
    app, db, make_user, make_program, make_completion, count_queries, year
):
    program = make_program(hours=4)
    busy = [make_user() for _ in range(5)]
    idle = make_user()
    for n, user in enumerate(busy, start=1):
        for day in range(1, n + 1):
            make_completion(user, program, completed_on=date(year, 3, day))
    ids = [user.id for user in (*busy, idle)]
    with count_queries() as queries:
        hours = development_hours(ids, year)
    assert queries.count == 1
    assert hours == {**{u.id: 4 * n for n, u in enumerate(busy, start=1)}, idle.id: 0}


def test_no_users_no_query(app, count_queries):
    with count_queries() as queries:
        assert development_hours([], 2026) == {}
    assert queries.count == 0


@pytest.mark.parametrize(
    ("hours", "percent", "reached"), [(0, 0, False), (12, 60, False), (30, 100, True)]
)
def test_the_progress_bar_is_capped_at_a_full_bar(hours, percent, reached):
    progress = HoursProgress(hours=hours, year=2026)
    assert progress.target == YEARLY_TARGET_JP == 20
    assert (progress.percent, progress.reached) == (percent, reached)


def test_the_owner_sees_their_hours_on_their_profile(
    client, auth, make_user, make_program, make_completion, year
):
    user = make_user()
    make_completion(user, make_program(hours=12), completed_on=date(year, 1, 2))
    assert progress_for(user.id, year).hours == 12
    auth.login(user)
    page = client.get(f"/profil/{user.id}").get_data(as_text=True)
    assert f"12 dari 20 JP tahun {year}" in page
    assert 'max="20" value="12"' in page


def test_others_do_not_see_someone_s_hours(
    client, auth, make_user, make_program, make_completion, year
):
    user = make_user()
    make_completion(user, make_program(hours=12), completed_on=date(year, 1, 2))
    auth.login(make_user())
    page = client.get(f"/profil/{user.id}").get_data(as_text=True)
    assert "dari 20 JP" not in page

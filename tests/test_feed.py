"""The personal feed (``/beranda``): new case studies from what one follows.

Newest first, each once however many follows match, with the reason shown;
only published case studies (never drafts, held, hidden or withdrawn ones),
never one's own; paginated; and a page costs the same number of SQL queries
with few or many follows and case studies.
"""

from __future__ import annotations

from datetime import timedelta

from app.community import feed as feeds
from app.community import following
from app.models import CaseStudy, FollowTarget, Role, User
from app.models.base import utcnow
from app.moderation import decisions
from app.practices.services import publish_case_study, withdraw_case_study


def _follow(db, user: User, kind: FollowTarget, target) -> None:  # noqa: ANN001
    following.set_follow(user, kind, target, True)
    db.session.commit()


def _feed_ids(user: User, page: int = 1, per_page: int = 20) -> list[int]:
    return [cs.id for cs in feeds.feed(user, page, per_page).items]


def _published_at(db, *case_studies: CaseStudy) -> None:  # noqa: ANN001
    """Publication times in the order given, oldest first, a day apart."""
    start = utcnow() - timedelta(days=len(case_studies))
    for n, cs in enumerate(case_studies):
        cs.published_at = start + timedelta(days=n)
    db.session.commit()


def test_the_feed_shows_what_one_follows_newest_first(
    db, make_user, make_program, make_agency, make_case_study
):
    reader = make_user()
    program, person = make_program(), make_user()
    by_program = make_case_study(program=program)
    by_person = make_case_study(author=person)
    by_tag = make_case_study(tags=["antrean"])
    unrelated = make_case_study(tags=["lain"])
    _follow(db, reader, FollowTarget.PROGRAM, program)
    _follow(db, reader, FollowTarget.PERSON, person)
    _follow(db, reader, FollowTarget.TAG, by_tag.tags[0])
    _published_at(db, by_person, by_tag, by_program, unrelated)
    assert _feed_ids(reader) == [by_program.id, by_tag.id, by_person.id]


def test_an_agency_follow_brings_its_case_studies(db, make_user, make_case_study):
    reader = make_user()
    cs = make_case_study()
    _follow(db, reader, FollowTarget.AGENCY, cs.agency)
    assert _feed_ids(reader) == [cs.id]


def test_equal_publication_times_are_ordered_by_id(
    db, make_user, make_program, make_case_study
):
    reader, program = make_user(), make_program()
    first, second = make_case_study(program=program), make_case_study(program=program)
    second.published_at = first.published_at
    db.session.commit()
    _follow(db, reader, FollowTarget.PROGRAM, program)
    assert _feed_ids(reader) == [second.id, first.id]


def test_each_case_study_appears_once_however_many_follows_match(
    db, make_user, make_program, make_case_study
):
    reader, program, author = make_user(), make_program(), make_user()
    cs = make_case_study(author=author, program=program, tags=["a", "b", "c"])
    _follow(db, reader, FollowTarget.PROGRAM, program)
    _follow(db, reader, FollowTarget.PERSON, author)
    _follow(db, reader, FollowTarget.AGENCY, author.agency)
    for tag in cs.tags:
        _follow(db, reader, FollowTarget.TAG, tag)
    pagination = feeds.feed(reader, 1, 20)
    assert [item.id for item in pagination.items] == [cs.id]
    assert pagination.total == 1


def test_ones_own_case_studies_are_not_in_ones_feed(
    db, make_user, make_program, make_case_study
):
    reader, program = make_user(), make_program()
    make_case_study(author=reader, program=program)
    _follow(db, reader, FollowTarget.PROGRAM, program)
    assert _feed_ids(reader) == []


def test_hidden_held_withdrawn_and_draft_case_studies_never_appear(
    app, db, make_user, make_program, make_case_study
):
    reader, moderator, program = make_user(), make_user(Role.MODERATOR), make_program()
    _follow(db, reader, FollowTarget.PROGRAM, program)
    visible = make_case_study(program=program)
    to_hide = make_case_study(program=program)
    to_withdraw = make_case_study(program=program)
    make_case_study(program=program, publish=False)
    assert set(_feed_ids(reader)) == {visible.id, to_hide.id, to_withdraw.id}
    decisions.hide(to_hide, moderator, "Memuat data pribadi.")
    withdraw_case_study(to_withdraw)
    db.session.commit()
    app.config["MODERATION_MODE"] = "pre"
    held = make_case_study(program=program)  # a new author's first: held
    assert held.status.value == "pending"
    assert _feed_ids(reader) == [visible.id]


def test_a_hidden_case_study_vanishes_from_the_feed_page(
    client, auth, db, make_user, make_program, make_case_study
):
    reader, moderator, program = make_user(), make_user(Role.MODERATOR), make_program()
    _follow(db, reader, FollowTarget.PROGRAM, program)
    cs = make_case_study(program=program, title="Praktik yang dilaporkan")
    auth.login(reader)
    assert "Praktik yang dilaporkan" in client.get("/beranda").get_data(as_text=True)
    decisions.hide(cs, moderator, "Spam.")
    db.session.commit()
    assert "Praktik yang dilaporkan" not in client.get("/beranda").get_data(
        as_text=True
    )
    # Restored by a moderator, it is back.
    decisions.restore(cs, moderator, "Bukan spam.")
    db.session.commit()
    assert "Praktik yang dilaporkan" in client.get("/beranda").get_data(as_text=True)


def test_a_republished_case_study_returns_to_its_first_place(
    db, make_user, make_program, make_case_study
):
    reader, program = make_user(), make_program()
    _follow(db, reader, FollowTarget.PROGRAM, program)
    older, newer = make_case_study(program=program), make_case_study(program=program)
    _published_at(db, older, newer)
    withdraw_case_study(older)
    db.session.commit()
    assert _feed_ids(reader) == [newer.id]
    publish_case_study(older)
    db.session.commit()
    assert _feed_ids(reader) == [newer.id, older.id]


def test_the_feed_page_says_why_each_case_study_is_there(
    client, auth, db, make_user, make_agency, make_program, make_case_study
):
    reader = make_user()
    agency = make_agency("Dinas Kesehatan")
    author = make_user(name="Rina Siregar", agency=agency)
    program = make_program("Pelatihan Manajemen Krisis")
    make_case_study(author=author, program=program, tags=["antrean"])
    _follow(db, reader, FollowTarget.AGENCY, agency)
    _follow(db, reader, FollowTarget.PERSON, author)
    auth.login(reader)
    page = client.get("/beranda").get_data(as_text=True)
    assert "Karena Anda mengikuti Rina Siregar, Dinas Kesehatan" in page


def test_reasons_name_the_most_personal_follow_first(
    db, make_user, make_program, make_case_study
):
    reader, program, author = make_user(), make_program(), make_user()
    cs = make_case_study(author=author, program=program, tags=["antrean"])
    _follow(db, reader, FollowTarget.TAG, cs.tags[0])
    _follow(db, reader, FollowTarget.PROGRAM, program)
    _follow(db, reader, FollowTarget.PERSON, author)
    follows = following.follows_of(reader)
    reasons = feeds.feed_reasons(follows, feeds.feed(reader, 1, 20).items)
    assert [f.target_kind for f in reasons[cs.id]] == [
        FollowTarget.PERSON,
        FollowTarget.PROGRAM,
        FollowTarget.TAG,
    ]


def test_the_feed_is_paginated(
    app, client, auth, db, make_user, make_program, make_case_study
):
    app.config["PER_PAGE"] = 2
    reader, program = make_user(), make_program()
    _follow(db, reader, FollowTarget.PROGRAM, program)
    items = [make_case_study(program=program) for _ in range(3)]
    _published_at(db, *items)
    assert _feed_ids(reader, 1, 2) == [items[2].id, items[1].id]
    assert _feed_ids(reader, 2, 2) == [items[0].id]
    auth.login(reader)
    second = client.get("/beranda?page=2")
    assert second.status_code == 200
    assert items[0].title in second.get_data(as_text=True)
    assert 'rel="prev"' in second.get_data(as_text=True)
    assert client.get("/beranda?page=3").status_code == 404


def test_someone_who_follows_nothing_is_told_how_and_offered_what_to_follow(
    client, auth, db, make_user, make_program, make_case_study
):
    program = make_program("Pelatihan Pelayanan Prima")
    make_case_study(program=program, tags=["antrean"])
    auth.login(make_user())
    page = client.get("/beranda").get_data(as_text=True)
    assert "Anda belum mengikuti apa pun." in page
    assert "Pelatihan Pelayanan Prima" in page
    assert f'action="/ikuti/program/{program.slug}"' in page
    assert 'action="/ikuti/tag/antrean"' in page


def test_archived_programmes_are_not_suggested(
    db, make_user, make_program, make_case_study
):
    program = make_program("Pelatihan Lama")
    make_case_study(program=program)
    program.archived_at = utcnow()
    db.session.commit()
    assert program not in feeds.suggestions()[FollowTarget.PROGRAM]


def test_the_feed_needs_signing_in(client):
    response = client.get("/beranda")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/masuk")


def test_signed_in_users_find_their_feed_from_the_home_page_and_the_menu(
    client, auth, make_user
):
    auth.login(make_user())
    page = client.get("/").get_data(as_text=True)
    assert 'href="/beranda"' in page
    assert 'href="/disimpan"' in page and 'href="/mengikuti"' in page


# --- SQL per page ----------------------------------------------------------------


def _feed_page_queries(client, auth, db, count_queries, world) -> int:  # noqa: ANN001
    reader = world["reader"]
    auth.login(reader)
    with count_queries() as counter:
        response = client.get("/beranda")
    assert response.status_code == 200
    auth.logout()
    return counter.count


def _world(db, make_user, make_program, make_case_study, *, follows: int, items: int):  # noqa: ANN001,ANN202
    reader = make_user()
    programs = [make_program() for _ in range(follows)]
    authors = [make_user() for _ in range(follows)]
    for program, author in zip(programs, authors, strict=True):
        _follow(db, reader, FollowTarget.PROGRAM, program)
        _follow(db, reader, FollowTarget.PERSON, author)
    for n in range(items):
        make_case_study(
            author=authors[n % follows],
            program=programs[n % follows],
            tags=[f"tag {n}", "umum"],
        )
    tag = feeds.feed(reader, 1, 1).items[0].tags[0]
    _follow(db, reader, FollowTarget.TAG, tag)
    return {"reader": reader}


def test_the_feed_page_runs_a_fixed_number_of_queries(
    client, auth, db, count_queries, make_user, make_program, make_case_study
):
    small = _world(db, make_user, make_program, make_case_study, follows=1, items=2)
    large = _world(db, make_user, make_program, make_case_study, follows=6, items=15)
    counts = [
        _feed_page_queries(client, auth, db, count_queries, world)
        for world in (small, large)
    ]
    assert counts[0] == counts[1]
    assert counts[0] <= 12  # a sanity ceiling, not a target

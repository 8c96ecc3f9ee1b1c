"""Following programmes, agencies, tags and people, and the notice a follower
gets when a case study is published in what they follow.

Toggles are idempotent and race-safe (one row however often or however
concurrently the button is pressed); nobody follows themselves; unknown
targets are 404. The fan-out sends one NEW_CASE_STUDY notice per follower,
naming the most personal follow, never to the author or to accounts that
cannot sign in, never twice for one case study, and for held case studies
only once a moderator approves them. Its SQL does not grow with followers.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.admin.tagging import merge_tags
from app.community import feed as feeds
from app.community import following
from app.community.following import FollowError
from app.models import (
    Follow,
    FollowTarget,
    Notification,
    NotificationKind,
    Role,
    Status,
    Tag,
    User,
)
from app.models.base import utcnow
from app.moderation import decisions
from app.practices.services import (
    CaseStudyData,
    create_case_study,
    publish_case_study,
    withdraw_case_study,
)
from tests.concurrency import run_together


def _follows(db, user: User) -> list[Follow]:  # noqa: ANN001
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Follow).where(Follow.user_id == user.id)))


def _notices(db, case_study_id: int | None = None) -> list[Notification]:  # noqa: ANN001
    db.session.expire_all()
    stmt = sa.select(Notification).where(
        Notification.kind == NotificationKind.NEW_CASE_STUDY
    )
    if case_study_id is not None:
        stmt = stmt.where(Notification.case_study_id == case_study_id)
    return list(db.session.scalars(stmt.order_by(Notification.user_id)))


def _follow(db, user, kind, target) -> None:  # noqa: ANN001
    following.set_follow(user, kind, target, True)
    db.session.commit()


def _tag(db, name: str) -> Tag:  # noqa: ANN001
    tag = db.session.scalar(sa.select(Tag).where(Tag.name == name))
    assert tag is not None
    return tag


# --- the service: idempotent toggles --------------------------------------------


@pytest.mark.parametrize("kind", list(FollowTarget))
def test_following_twice_keeps_one_follow_and_unfollowing_twice_is_harmless(
    db, make_user, make_program, make_agency, make_case_study, kind
):
    user = make_user()
    targets = {
        FollowTarget.PROGRAM: make_program,
        FollowTarget.AGENCY: make_agency,
        FollowTarget.TAG: lambda: make_case_study(tags=["antrean"]).tags[0],
        FollowTarget.PERSON: make_user,
    }
    target = targets[kind]()
    assert following.set_follow(user, kind, target, True) is True
    assert following.set_follow(user, kind, target, True) is False
    db.session.commit()
    assert len(_follows(db, user)) == 1
    assert following.is_following(user, kind, target)
    assert following.set_follow(user, kind, target, False) is True
    assert following.set_follow(user, kind, target, False) is False
    db.session.commit()
    assert _follows(db, user) == []
    assert not following.is_following(user, kind, target)


def test_nobody_follows_themselves(db, make_user):
    user = make_user()
    with pytest.raises(FollowError, match="diri sendiri"):
        following.set_follow(user, FollowTarget.PERSON, user, True)
    assert _follows(db, user) == []


def test_an_archived_programme_takes_no_new_followers_but_keeps_its_old_ones(
    db, make_user, make_program
):
    program = make_program()
    old, new = make_user(), make_user()
    _follow(db, old, FollowTarget.PROGRAM, program)
    program.archived_at = utcnow()
    db.session.commit()
    with pytest.raises(FollowError, match="diarsipkan"):
        following.set_follow(new, FollowTarget.PROGRAM, program, True)
    # A repeated click by an existing follower changes nothing and is no error.
    assert following.set_follow(old, FollowTarget.PROGRAM, program, True) is False
    assert following.set_follow(old, FollowTarget.PROGRAM, program, False) is True


def test_follows_of_groups_by_kind_with_names_in_one_query(
    db, count_queries, make_user, make_program, make_agency, make_case_study
):
    user = make_user()
    _follow(db, user, FollowTarget.PROGRAM, make_program("Pelatihan Zebra"))
    _follow(db, user, FollowTarget.PROGRAM, make_program("Pelatihan Anggrek"))
    _follow(db, user, FollowTarget.AGENCY, make_agency("Dinas Kesehatan"))
    _follow(db, user, FollowTarget.TAG, make_case_study(tags=["antrean"]).tags[0])
    _follow(db, user, FollowTarget.PERSON, make_user(name="Rina Siregar"))
    db.session.expire_all()
    assert user.id  # loads the user again: only the follows are counted
    with count_queries() as counter:
        grouped = following.follows_of(user)
        labels = {
            kind: [following.target_label(f) for f in follows]
            for kind, follows in grouped.items()
        }
    assert counter.count == 1
    assert labels == {
        FollowTarget.PROGRAM: ["Pelatihan Anggrek", "Pelatihan Zebra"],
        FollowTarget.AGENCY: ["Dinas Kesehatan"],
        FollowTarget.TAG: ["#antrean"],
        FollowTarget.PERSON: ["Rina Siregar"],
    }


def test_concurrent_follow_clicks_leave_one_row(app, db, config_class, make_user):
    """Four requests at once, each on its own connection (PostgreSQL: truly
    parallel; SQLite serialises them): the unique key keeps one follow."""
    user, person = make_user(), make_user()
    user_id, person_id = user.id, person.id
    clicks = 4

    def click(_n, start) -> bool:  # noqa: ANN001
        me = db.session.get(User, user_id)
        them = db.session.get(User, person_id)
        start()
        followed = following.set_follow(me, FollowTarget.PERSON, them, True)
        db.session.commit()
        return followed

    results = run_together(config_class, clicks, click, timeout=60)
    assert sorted(results) == [False] * (clicks - 1) + [True]
    assert len(_follows(db, user)) == 1


# --- the views ---------------------------------------------------------------------


def test_the_follow_button_follows_and_goes_back_to_the_page(
    client, auth, db, make_user, make_program
):
    user, program = make_user(), make_program()
    auth.login(user)
    page = f"/program/{program.slug}?page=1"
    response = client.post(
        f"/ikuti/program/{program.slug}", data={"on": "1", "next": page}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == page
    assert following.is_following(user, FollowTarget.PROGRAM, program)
    # A double submit ends in the same state.
    client.post(f"/ikuti/program/{program.slug}", data={"on": "1", "next": page})
    assert len(_follows(db, user)) == 1
    client.post(f"/ikuti/program/{program.slug}", data={"on": "0", "next": page})
    assert _follows(db, user) == []


@pytest.mark.parametrize(
    "kind_word,kind",
    [
        ("instansi", FollowTarget.AGENCY),
        ("tag", FollowTarget.TAG),
        ("orang", FollowTarget.PERSON),
    ],
)
def test_agencies_tags_and_people_are_followed_by_slug_or_id(
    client, auth, db, make_user, make_case_study, kind_word, kind
):
    user = make_user()
    cs = make_case_study(tags=["antrean"])
    target = {
        FollowTarget.AGENCY: cs.agency,
        FollowTarget.TAG: cs.tags[0],
        FollowTarget.PERSON: cs.author,
    }[kind]
    key = target.id if kind is FollowTarget.PERSON else target.slug
    auth.login(user)
    response = client.post(f"/ikuti/{kind_word}/{key}", data={"on": "1"})
    assert response.status_code == 302
    # Without a next page: back to the target's own page.
    page = {"instansi": "/instansi/", "tag": "/tag/", "orang": "/profil/"}[kind_word]
    assert response.headers["Location"] == f"{page}{key}"
    assert following.is_following(user, kind, target)


def test_a_next_page_elsewhere_is_ignored(client, auth, make_user, make_program):
    program = make_program()
    auth.login(make_user())
    response = client.post(
        f"/ikuti/program/{program.slug}",
        data={"on": "1", "next": "//evil.example/phish"},
    )
    assert response.headers["Location"] == f"/program/{program.slug}"


@pytest.mark.parametrize(
    "path",
    [
        "/ikuti/program/tidak-ada",
        "/ikuti/instansi/tidak-ada",
        "/ikuti/tag/tidak-ada",
        "/ikuti/orang/999999",
        "/ikuti/orang/bukan-angka",
        "/ikuti/orang/%C2%B2",  # a superscript two is a "digit" to str.isdigit
        "/ikuti/sesuatu/apa",
    ],
)
def test_unknown_targets_are_404(client, auth, make_user, path):
    auth.login(make_user())
    assert client.post(path, data={"on": "1"}).status_code == 404


def test_an_account_not_yet_claimed_cannot_be_followed(client, auth, db, make_user):
    pending = make_user()
    pending.pending_since = utcnow()
    db.session.commit()
    auth.login(make_user())
    assert (
        client.post(f"/ikuti/orang/{pending.id}", data={"on": "1"}).status_code == 404
    )


def test_following_oneself_is_forbidden_and_ones_profile_has_no_button(
    client, auth, db, make_user
):
    user = make_user()
    auth.login(user)
    assert client.post(f"/ikuti/orang/{user.id}", data={"on": "1"}).status_code == 403
    assert _follows(db, user) == []
    page = client.get(f"/profil/{user.id}").get_data(as_text=True)
    assert "follow-form" not in page


def test_signed_out_visitors_are_sent_to_sign_in(client, make_program):
    program = make_program()
    response = client.post(f"/ikuti/program/{program.slug}", data={"on": "1"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/masuk")


@pytest.mark.parametrize("value", ["", "2", "flip", "ya"])
def test_a_toggle_without_a_clear_state_is_a_400(
    client, auth, db, make_user, make_program, value
):
    user, program = make_user(), make_program()
    auth.login(user)
    response = client.post(f"/ikuti/program/{program.slug}", data={"on": value})
    assert response.status_code == 400
    assert "Pilihan tidak valid" in response.get_data(as_text=True)
    assert _follows(db, user) == []


def test_following_an_archived_agency_says_why(
    client, auth, db, make_user, make_agency
):
    agency = make_agency("Dinas Lama")
    agency.archived_at = utcnow()
    db.session.commit()
    auth.login(make_user())
    response = client.post(f"/ikuti/instansi/{agency.slug}", data={"on": "1"})
    assert response.status_code == 400
    assert "Dinas Lama sudah diarsipkan" in response.get_data(as_text=True)


def test_listing_and_profile_headings_show_the_follow_state(
    client, auth, db, make_user, make_program
):
    user, person, program = make_user(), make_user(), make_program()
    _follow(db, user, FollowTarget.PROGRAM, program)
    auth.login(user)
    listing = client.get(f"/program/{program.slug}").get_data(as_text=True)
    assert 'aria-pressed="true"' in listing
    assert "Berhenti mengikuti" in listing
    profile = client.get(f"/profil/{person.id}").get_data(as_text=True)
    assert f'action="/ikuti/orang/{person.id}"' in profile
    assert 'aria-pressed="false"' in profile
    assert "Ikuti" in profile


def test_the_following_page_lists_each_follow_with_an_unfollow_button(
    client, auth, db, make_user, make_program, make_agency
):
    user = make_user()
    program, agency = make_program("Pelatihan Kepemimpinan"), make_agency("BKPSDM")
    _follow(db, user, FollowTarget.PROGRAM, program)
    _follow(db, user, FollowTarget.AGENCY, agency)
    auth.login(user)
    page = client.get("/mengikuti").get_data(as_text=True)
    assert "Pelatihan Kepemimpinan" in page and "BKPSDM" in page
    assert page.count('aria-pressed="true"') == 2
    assert f'action="/ikuti/instansi/{agency.slug}"' in page


def test_the_following_page_explains_when_nothing_is_followed(client, auth, make_user):
    auth.login(make_user())
    page = client.get("/mengikuti").get_data(as_text=True)
    assert "Anda belum mengikuti apa pun." in page


# --- tag merge ---------------------------------------------------------------------


def test_merging_tags_moves_their_followers_and_keeps_one_follow_each(
    db, make_user, make_case_study
):
    admin = make_user(Role.ADMIN)
    make_case_study(tags=["pelayanan", "pelayanan publik"])
    source, target = _tag(db, "pelayanan"), _tag(db, "pelayanan publik")
    only_source, both, only_target = make_user(), make_user(), make_user()
    _follow(db, only_source, FollowTarget.TAG, source)
    _follow(db, both, FollowTarget.TAG, source)
    _follow(db, both, FollowTarget.TAG, target)
    _follow(db, only_target, FollowTarget.TAG, target)
    event = merge_tags(admin, source, target)
    db.session.commit()
    assert event.details["follows"] == 1
    for user in (only_source, both, only_target):
        assert [f.tag_id for f in _follows(db, user)] == [target.id]


# --- telling followers ---------------------------------------------------------------


def _draft(db, make_case_study, **kwargs):  # noqa: ANN001,ANN003,ANN202
    return make_case_study(publish=False, **kwargs)


def test_each_follower_gets_one_notice_naming_the_most_personal_follow(
    db, make_user, make_program, make_case_study
):
    author, program = make_user(), make_program()
    draft = _draft(db, make_case_study, author=author, program=program, tags=["a", "b"])
    everything, by_tags, by_agency = make_user(), make_user(), make_user()
    for kind, target in [
        (FollowTarget.TAG, _tag(db, "a")),
        (FollowTarget.AGENCY, author.agency),
        (FollowTarget.PROGRAM, program),
        (FollowTarget.PERSON, author),
    ]:
        _follow(db, everything, kind, target)
    _follow(db, by_tags, FollowTarget.TAG, _tag(db, "a"))
    _follow(db, by_tags, FollowTarget.TAG, _tag(db, "b"))
    _follow(db, by_agency, FollowTarget.AGENCY, author.agency)
    _follow(db, by_agency, FollowTarget.TAG, _tag(db, "b"))
    publish_case_study(draft)
    db.session.commit()
    notices = _notices(db, draft.id)
    assert [n.user_id for n in notices] == sorted(
        u.id for u in (everything, by_tags, by_agency)
    )
    why = {n.user_id: n.follow for n in notices}
    assert why[everything.id].target_kind is FollowTarget.PERSON
    assert why[by_tags.id].target_kind is FollowTarget.TAG
    assert why[by_agency.id].target_kind is FollowTarget.AGENCY
    assert all(n.actor_id == author.id and n.read_at is None for n in notices)


def test_publishing_at_once_notifies_too(db, make_user, make_program, make_case_study):
    program = make_program()
    follower = make_user()
    _follow(db, follower, FollowTarget.PROGRAM, program)
    cs = make_case_study(program=program)
    assert [n.user_id for n in _notices(db, cs.id)] == [follower.id]


def test_the_author_and_accounts_that_cannot_sign_in_get_no_notice(
    db, make_user, make_program, make_case_study
):
    program = make_program()
    author = make_user()
    inactive, pending, active = make_user(), make_user(), make_user()
    for user in (author, inactive, pending, active):
        _follow(db, user, FollowTarget.PROGRAM, program)
    # Deactivated by an admin, or (as if) made by a participant list, after
    # they followed: their follows stay, but nobody reads notices there.
    inactive.active = False
    pending.pending_since = utcnow()
    db.session.commit()
    cs = make_case_study(author=author, program=program)
    assert [n.user_id for n in _notices(db, cs.id)] == [active.id]


def test_republishing_after_a_withdrawal_notifies_nobody_again(
    db, make_user, make_program, make_case_study
):
    program = make_program()
    early = make_user()
    _follow(db, early, FollowTarget.PROGRAM, program)
    cs = make_case_study(program=program)
    withdraw_case_study(cs)
    db.session.commit()
    late = make_user()
    _follow(db, late, FollowTarget.PROGRAM, program)
    publish_case_study(cs)
    db.session.commit()
    assert [n.user_id for n in _notices(db, cs.id)] == [early.id]
    # Called again by mistake: still one notice each.
    assert feeds.notify_followers(cs) == 1  # only "late", who had none
    db.session.commit()
    assert sorted(n.user_id for n in _notices(db, cs.id)) == sorted([early.id, late.id])
    assert feeds.notify_followers(cs) == 0


def test_drafts_and_edits_notify_nobody(db, make_user, make_program, make_case_study):
    program = make_program()
    _follow(db, make_user(), FollowTarget.PROGRAM, program)
    _draft(db, make_case_study, program=program)
    assert _notices(db) == []


def test_a_held_case_study_notifies_only_once_a_moderator_approves_it(
    app, db, make_user, make_program, make_case_study
):
    app.config["MODERATION_MODE"] = "pre"
    program = make_program()
    follower, moderator = make_user(), make_user(Role.MODERATOR)
    _follow(db, follower, FollowTarget.PROGRAM, program)
    cs = make_case_study(program=program)
    assert cs.status is Status.PENDING
    assert feeds.notify_followers(cs) == 0
    assert _notices(db) == []
    decisions.approve(cs, moderator)
    db.session.commit()
    assert [n.user_id for n in _notices(db, cs.id)] == [follower.id]


def test_a_held_case_study_hidden_then_restored_is_announced_once(
    app, db, make_user, make_program, make_case_study
):
    app.config["MODERATION_MODE"] = "pre"
    program = make_program()
    follower, moderator = make_user(), make_user(Role.MODERATOR)
    _follow(db, follower, FollowTarget.PROGRAM, program)
    cs = make_case_study(program=program)
    decisions.hide(cs, moderator, "Perlu dicek dulu.")
    db.session.commit()
    assert _notices(db) == []
    decisions.restore(cs, moderator, "Sudah dicek.")
    db.session.commit()
    assert [n.user_id for n in _notices(db, cs.id)] == [follower.id]
    # Hidden and restored again later: nobody hears of it twice.
    decisions.hide(cs, moderator, "Dicek lagi.")
    decisions.restore(cs, moderator, "Tidak apa-apa.")
    db.session.commit()
    assert len(_notices(db, cs.id)) == 1


def test_an_archive_import_notifies_nobody(db, make_user, make_program):
    program, author = make_program(), make_user()
    _follow(db, make_user(), FollowTarget.PROGRAM, program)
    data = CaseStudyData(title="Arsip", summary="Lama.", program_id=program.id)
    create_case_study(
        author, data, publish=True, require_completion=False, notify=False
    )
    db.session.commit()
    assert _notices(db) == []


def test_unfollowing_keeps_the_notice_but_forgets_the_follow(
    db, make_user, make_program, make_case_study
):
    program, follower = make_program(), make_user()
    _follow(db, follower, FollowTarget.PROGRAM, program)
    cs = make_case_study(program=program)
    following.set_follow(follower, FollowTarget.PROGRAM, program, False)
    db.session.commit()
    (notice,) = _notices(db, cs.id)
    assert notice.follow_id is None


def _statements_to_notify(
    db, count_queries, make_user, make_program, make_case_study, n
):  # noqa: ANN001,ANN202
    program = make_program()
    followers = [make_user() for _ in range(n)]
    for user in followers:
        db.session.add(Follow(user_id=user.id, program_id=program.id))
    db.session.commit()
    cs = _draft(db, make_case_study, program=program)
    with count_queries() as counter:
        publish_case_study(cs)
        db.session.flush()
    db.session.commit()
    assert len(_notices(db, cs.id)) == n
    return counter.count


def test_the_fan_out_costs_the_same_statements_for_3_or_40_followers(
    db, count_queries, make_user, make_program, make_case_study
):
    counts = [
        _statements_to_notify(
            db, count_queries, make_user, make_program, make_case_study, n
        )
        for n in (3, 40)
    ]
    assert counts[0] == counts[1]
    assert counts[0] <= 8

"""Bookmarks ("Simpan" / "Disimpan"): a personal list to find case studies again.

Saving is idempotent and race-safe, only what the user may read can be saved,
and the list shows only what they may still read, last saved first, in a
number of queries that does not grow with the list.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.community import following
from app.community.following import FollowError
from app.models import Bookmark, CaseStudy, Role, User
from app.moderation import decisions
from app.practices.services import withdraw_case_study
from tests.concurrency import run_together


def _bookmarks(db, user: User) -> list[int]:  # noqa: ANN001
    db.session.expire_all()
    return sorted(
        db.session.scalars(
            sa.select(Bookmark.case_study_id).where(Bookmark.user_id == user.id)
        )
    )


def _save(db, user: User, *case_studies: CaseStudy) -> None:  # noqa: ANN001
    for cs in case_studies:
        following.set_bookmark(user, cs, True)
        db.session.commit()


def test_saving_twice_keeps_one_bookmark_and_unsaving_twice_is_harmless(
    db, make_user, make_case_study
):
    user, cs = make_user(), make_case_study()
    assert following.set_bookmark(user, cs, True) is True
    assert following.set_bookmark(user, cs, True) is False
    db.session.commit()
    assert _bookmarks(db, user) == [cs.id]
    assert following.set_bookmark(user, cs, False) is True
    assert following.set_bookmark(user, cs, False) is False
    db.session.commit()
    assert _bookmarks(db, user) == []


def test_only_what_one_may_read_can_be_saved(db, make_user, make_case_study):
    draft = make_case_study(publish=False)
    with pytest.raises(FollowError):
        following.set_bookmark(make_user(), draft, True)
    # Its author may save their own draft.
    assert following.set_bookmark(draft.author, draft, True) is True


def test_the_saved_list_is_last_saved_first_and_drops_what_was_hidden_or_withdrawn(
    db, make_user, make_case_study
):
    user, moderator = make_user(), make_user(Role.MODERATOR)
    first, second, hidden, withdrawn = (make_case_study() for _ in range(4))
    own_draft = make_case_study(author=user, publish=False)
    _save(db, user, first, hidden, withdrawn, own_draft, second)
    # Saved in this order; make the times distinct whatever the clock does.
    rows = db.session.scalars(
        sa.select(Bookmark).where(Bookmark.user_id == user.id)
    ).all()
    order = [first.id, hidden.id, withdrawn.id, own_draft.id, second.id]
    base = rows[0].created_at
    for row in rows:
        row.created_at = base + timedelta(minutes=order.index(row.case_study_id))
    decisions.hide(hidden, moderator, "Spam.")
    withdraw_case_study(withdrawn)
    db.session.commit()
    items = following.saved(user, 1, 20).items
    assert [cs.id for cs in items] == [second.id, own_draft.id, first.id]
    # The bookmarks themselves stay: restored, the case study is back.
    assert len(_bookmarks(db, user)) == 5


def test_bookmarked_ids_answers_for_a_whole_list_in_one_query(
    db, count_queries, make_user, make_case_study
):
    user = make_user()
    saved, not_saved = make_case_study(), make_case_study()
    _save(db, user, saved)
    ids = [saved.id, not_saved.id]
    assert user.id
    with count_queries() as counter:
        found = following.bookmarked_ids(user, ids)
    assert found == {saved.id}
    assert counter.count == 1
    assert following.bookmarked_ids(user, []) == set()


def test_concurrent_save_clicks_leave_one_bookmark(
    app, db, config_class, make_user, make_case_study
):
    user, cs = make_user(), make_case_study()
    user_id, case_id = user.id, cs.id
    clicks = 4

    def click(_n, start) -> bool:  # noqa: ANN001
        me = db.session.get(User, user_id)
        case_study = db.session.get(CaseStudy, case_id)
        start()
        saved = following.set_bookmark(me, case_study, True)
        db.session.commit()
        return saved

    results = run_together(config_class, clicks, click, timeout=60)
    assert sorted(results) == [False] * (clicks - 1) + [True]
    assert _bookmarks(db, user) == [case_id]


# --- the views -----------------------------------------------------------------


def test_the_save_button_saves_and_returns_to_the_page(
    client, auth, db, make_user, make_case_study
):
    user, cs = make_user(), make_case_study()
    auth.login(user)
    page = f"/praktik/{cs.id}/{cs.slug}"
    for _ in range(2):  # a double submit ends in the same state
        response = client.post(
            f"/praktik/{cs.id}/simpan", data={"on": "1", "next": page}
        )
        assert response.status_code == 302
        assert response.headers["Location"] == page
    assert _bookmarks(db, user) == [cs.id]
    shown = client.get(page).get_data(as_text=True)
    assert "Tersimpan" in shown and 'aria-pressed="true"' in shown
    client.post(f"/praktik/{cs.id}/simpan", data={"on": "0", "next": page})
    assert _bookmarks(db, user) == []
    shown = client.get(page).get_data(as_text=True)
    assert "Simpan" in shown and 'aria-pressed="false"' in shown


def test_a_next_page_elsewhere_is_ignored(client, auth, make_user, make_case_study):
    cs = make_case_study()
    auth.login(make_user())
    response = client.post(
        f"/praktik/{cs.id}/simpan",
        data={"on": "1", "next": "https://evil.example/"},
    )
    assert response.headers["Location"] == f"/praktik/{cs.id}/{cs.slug}"


def test_saving_what_one_may_not_read_is_404(
    client, auth, db, make_user, make_case_study
):
    draft = make_case_study(publish=False)
    user = make_user()
    auth.login(user)
    assert (
        client.post(f"/praktik/{draft.id}/simpan", data={"on": "1"}).status_code == 404
    )
    assert client.post("/praktik/999999/simpan", data={"on": "1"}).status_code == 404
    assert _bookmarks(db, user) == []


def test_signed_out_visitors_are_sent_to_sign_in(client, make_case_study):
    cs = make_case_study()
    response = client.post(f"/praktik/{cs.id}/simpan", data={"on": "1"})
    assert response.headers["Location"].startswith("/masuk")
    page = client.get(f"/praktik/{cs.id}/{cs.slug}").get_data(as_text=True)
    assert "/masuk?next=" in page  # the "Simpan" link signs in first


def test_a_toggle_without_a_clear_state_is_a_400(
    client, auth, db, make_user, make_case_study
):
    user, cs = make_user(), make_case_study()
    auth.login(user)
    response = client.post(f"/praktik/{cs.id}/simpan", data={"on": "flip"})
    assert response.status_code == 400
    assert "Pilihan tidak valid" in response.get_data(as_text=True)


def test_the_saved_page_lists_saved_case_studies_with_unsave_buttons(
    client, auth, db, make_user, make_case_study
):
    user = make_user()
    saved = make_case_study(title="Antrean puskesmas lebih pendek")
    make_case_study(title="Tidak disimpan")
    _save(db, user, saved)
    auth.login(user)
    page = client.get("/disimpan").get_data(as_text=True)
    assert "Antrean puskesmas lebih pendek" in page
    assert "Tidak disimpan" not in page
    assert f'action="/praktik/{saved.id}/simpan"' in page
    assert 'name="on" value="0"' in page


def test_the_saved_page_says_how_to_save_when_empty(client, auth, make_user):
    auth.login(make_user())
    page = client.get("/disimpan").get_data(as_text=True)
    assert "Belum ada yang Anda simpan." in page


def test_the_saved_page_is_paginated(app, client, auth, db, make_user, make_case_study):
    app.config["PER_PAGE"] = 2
    user = make_user()
    _save(db, user, *(make_case_study() for _ in range(3)))
    auth.login(user)
    assert client.get("/disimpan?page=2").status_code == 200
    assert client.get("/disimpan?page=3").status_code == 404


def _queries_for_saved_page(
    client, auth, db, count_queries, make_user, make_case_study, n
):  # noqa: ANN001,ANN202
    user = make_user()
    _save(
        db,
        user,
        *(make_case_study(tags=[f"tag {i}", "umum"]) for i in range(n)),
    )
    auth.login(user)
    with count_queries() as counter:
        response = client.get("/disimpan")
    assert response.status_code == 200
    auth.logout()
    return counter.count


def test_the_saved_page_queries_do_not_grow_with_the_list(
    client, auth, db, count_queries, make_user, make_case_study
):
    counts = [
        _queries_for_saved_page(
            client, auth, db, count_queries, make_user, make_case_study, n
        )
        for n in (1, 8)
    ]
    assert counts[0] == counts[1]

"""In-app notifications: who is told about a comment, and reading them."""

from __future__ import annotations

import sqlalchemy as sa

from app.community import services
from app.models import Notification, NotificationKind
from app.models.base import utcnow


def notices(db) -> set[tuple[int, NotificationKind]]:  # noqa: ANN001
    """(recipient, kind) of every notification, to compare against the rules."""
    rows = db.session.execute(sa.select(Notification.user_id, Notification.kind))
    return {(user_id, kind) for user_id, kind in rows}


def count_notices(db) -> int:  # noqa: ANN001
    return db.session.scalar(sa.select(sa.func.count(Notification.id)))


# Who is notified ----------------------------------------------------------------


def test_comment_on_someone_elses_case_study_notifies_its_author(
    db, make_case_study, make_user
):
    case_study = make_case_study()
    commenter = make_user()
    comment = services.add_comment(case_study, commenter, "Bagus sekali.")
    db.session.commit()
    [notice] = db.session.scalars(sa.select(Notification)).all()
    assert notice.user_id == case_study.author_id
    assert notice.kind is NotificationKind.COMMENT
    assert notice.actor_id == commenter.id
    assert (notice.case_study_id, notice.comment_id) == (case_study.id, comment.id)
    assert notice.read_at is None


def test_author_commenting_on_own_case_study_is_not_notified(db, make_case_study):
    case_study = make_case_study()
    services.add_comment(case_study, case_study.author, "Tambahan dari saya.")
    assert count_notices(db) == 0


def test_reply_notifies_parent_author_and_case_study_author(
    db, make_case_study, make_comment, make_user
):
    case_study = make_case_study()
    parent = make_comment(case_study)
    services.add_comment(case_study, make_user(), "Setuju.", parent=parent)
    assert notices(db) == {
        (parent.author_id, NotificationKind.REPLY),
        (case_study.author_id, NotificationKind.COMMENT),
    }


def test_case_study_author_replying_notifies_only_the_parent_author(
    db, make_case_study, make_comment
):
    case_study = make_case_study()
    parent = make_comment(case_study)
    services.add_comment(case_study, case_study.author, "Terima kasih.", parent=parent)
    assert notices(db) == {(parent.author_id, NotificationKind.REPLY)}


def test_replying_to_own_comment_notifies_only_the_case_study_author(
    db, make_case_study, make_comment
):
    case_study = make_case_study()
    parent = make_comment(case_study)
    services.add_comment(case_study, parent.author, "Satu lagi.", parent=parent)
    assert notices(db) == {(case_study.author_id, NotificationKind.COMMENT)}


def test_case_study_author_whose_comment_gets_a_reply_is_notified_once(
    db, make_case_study, make_comment, make_user
):
    case_study = make_case_study()
    parent = make_comment(case_study, author=case_study.author)
    services.add_comment(case_study, make_user(), "Pertanyaan.", parent=parent)
    assert count_notices(db) == 1
    assert notices(db) == {(case_study.author_id, NotificationKind.REPLY)}


def test_reply_to_a_reply_notifies_both_comment_authors_once_each(
    db, make_case_study, make_comment, make_user
):
    case_study = make_case_study()
    top = make_comment(case_study)
    reply = make_comment(case_study, parent=top)
    services.add_comment(case_study, make_user(), "Menurut saya...", parent=reply)
    assert count_notices(db) == 3
    assert notices(db) == {
        (reply.author_id, NotificationKind.REPLY),
        (top.author_id, NotificationKind.REPLY),
        (case_study.author_id, NotificationKind.COMMENT),
    }


def test_editing_a_comment_notifies_nobody(db, make_case_study, make_user):
    case_study = make_case_study()
    comment = services.add_comment(case_study, make_user(), "Awal.")
    services.edit_comment(comment, comment.author, "Diubah.")
    assert count_notices(db) == 1


def test_deleting_a_comment_drops_the_notifications_about_it(
    db, make_case_study, make_user
):
    case_study = make_case_study()
    kept = services.add_comment(case_study, make_user(), "Tetap.")
    gone = services.add_comment(case_study, make_user(), "Dihapus.")
    services.delete_comment(gone)
    db.session.commit()
    assert [n.comment_id for n in db.session.scalars(sa.select(Notification))] == [
        kept.id
    ]


# Reading them ---------------------------------------------------------------------


def test_unread_count_mark_read_and_mark_all_read(db, make_case_study, make_user):
    mine, theirs = make_case_study(), make_case_study()
    for _ in range(3):
        services.add_comment(mine, make_user(), "Halo.")
    services.add_comment(theirs, make_user(), "Halo.")
    me = mine.author
    assert services.unread_count(me) == 3
    first = services.list_notifications(me).items[0]
    services.mark_read(first)
    assert first.read_at is not None
    assert services.unread_count(me) == 2
    assert services.mark_all_read(me) == 2
    db.session.commit()
    assert services.unread_count(me) == 0
    assert services.unread_count(theirs.author) == 1


def test_notification_for_refuses_someone_elses(db, make_case_study, make_user):
    case_study = make_case_study()
    services.add_comment(case_study, make_user(), "Halo.")
    db.session.commit()
    notice = db.session.scalars(sa.select(Notification)).one()
    assert services.notification_for(case_study.author, notice.id) is notice
    assert services.notification_for(make_user(), notice.id) is None


# Views ------------------------------------------------------------------------------


def test_list_says_why_newest_first_with_the_unread_count_in_the_header(
    db, client, auth, make_case_study, make_comment, make_user
):
    case_study = make_case_study(title="Antrean <b>puskesmas</b>")
    me = case_study.author
    first = services.add_comment(case_study, make_user(name="Budi"), "Satu.")
    my_comment = make_comment(case_study, author=me)
    services.add_comment(case_study, make_user(name="Citra"), "Dua.", parent=my_comment)
    auth.login(me)
    response = client.get("/notifikasi")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    title = "Antrean &lt;b&gt;puskesmas&lt;/b&gt;"
    reply_line = f"Citra membalas komentar Anda pada «{title}»"
    comment_line = f"Budi mengomentari studi kasus Anda «{title}»"
    assert reply_line in html and comment_line in html
    assert html.index(reply_line) < html.index(comment_line)
    assert '2<span class="visually-hidden"> belum dibaca</span>' in html
    first_notice = db.session.scalar(
        sa.select(Notification).where(Notification.comment_id == first.id)
    )
    assert f'href="/notifikasi/{first_notice.id}"' in html


def test_opening_a_notification_marks_it_read_and_goes_to_the_comment(
    db, client, auth, make_case_study, make_user
):
    case_study = make_case_study()
    comment = services.add_comment(case_study, make_user(), "Halo.")
    db.session.commit()
    notice = db.session.scalars(sa.select(Notification)).one()
    auth.login(case_study.author)
    response = client.get(f"/notifikasi/{notice.id}")
    assert response.status_code == 302
    assert response.headers["Location"] == (
        f"/praktik/{case_study.id}/{case_study.slug}#komentar-{comment.id}"
    )
    assert notice.read_at is not None
    html = client.get("/notifikasi").get_data(as_text=True)
    assert "belum dibaca</span></span>" not in html


def test_someone_elses_or_unknown_notification_is_404(
    db, client, auth, make_case_study, make_user
):
    case_study = make_case_study()
    services.add_comment(case_study, make_user(), "Halo.")
    db.session.commit()
    notice = db.session.scalars(sa.select(Notification)).one()
    auth.login(make_user())
    assert client.get(f"/notifikasi/{notice.id}").status_code == 404
    assert client.get("/notifikasi/99999").status_code == 404
    assert notice.read_at is None


def test_mark_all_read_button(db, client, auth, make_case_study, make_user):
    case_study = make_case_study()
    other = make_case_study()
    services.add_comment(case_study, make_user(), "Satu.")
    services.add_comment(case_study, make_user(), "Dua.")
    services.add_comment(other, make_user(), "Bukan untuk saya.")
    auth.login(case_study.author)
    assert "Tandai semua dibaca" in client.get("/notifikasi").get_data(as_text=True)
    response = client.post("/notifikasi/baca-semua")
    assert response.status_code == 302
    assert response.headers["Location"] == "/notifikasi"
    assert services.unread_count(case_study.author) == 0
    assert services.unread_count(other.author) == 1


def test_notifications_are_paginated(db, client, auth, make_case_study, make_user):
    case_study = make_case_study()
    commenter = make_user()
    db.session.add_all(
        Notification(
            user_id=case_study.author_id,
            kind=NotificationKind.COMMENT,
            actor_id=commenter.id,
            case_study_id=case_study.id,
            created_at=utcnow(),
        )
        for _ in range(21)
    )
    auth.login(case_study.author)
    first = client.get("/notifikasi").get_data(as_text=True)
    second = client.get("/notifikasi?page=2").get_data(as_text=True)
    assert first.count('class="list-group-item notification') == 20
    assert second.count('class="list-group-item notification') == 1
    assert 'href="/notifikasi?page=2"' in first


def test_empty_list_explains_what_will_appear(db, client, auth, make_user):
    auth.login(make_user())
    response = client.get("/notifikasi")
    assert response.status_code == 200
    assert "Belum ada notifikasi" in response.get_data(as_text=True)


def test_anonymous_visitor_is_sent_to_login(db, client):
    for response in (
        client.get("/notifikasi"),
        client.get("/notifikasi/1"),
        client.post("/notifikasi/baca-semua"),
    ):
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/masuk")


# Every kind says what, why, and where to turn it off ----------------------------


def _every_kind(db, me, make_case_study, make_user, make_notification):  # noqa: ANN001,ANN202
    """One notice of each kind for ``me``; grouped ones with several colleagues."""
    from app.models import Follow

    mine = make_case_study(author=me, title="Antrean Puskesmas")
    other = make_case_study(title="Arsip Digital Kecamatan")
    sri = make_user(name="Sri Nasution")
    follow = Follow(user_id=me.id, program_id=other.program_id)
    db.session.add(follow)
    db.session.commit()
    for kind in NotificationKind:
        on = other if kind is NotificationKind.NEW_CASE_STUDY else mine
        extra = {"actor_count": 5} if kind is NotificationKind.HELPFUL else {}
        if kind is NotificationKind.NEW_CASE_STUDY:
            extra["follow_id"] = follow.id
        make_notification(me, kind, case_study=on, actor=sri, **extra)
    return mine, other, follow


def test_the_list_shows_every_kind_with_its_reason_and_a_settings_link(
    db, client, auth, make_case_study, make_user, make_notification
):
    me = make_user()
    _mine, other, _follow = _every_kind(
        db, me, make_case_study, make_user, make_notification
    )
    auth.login(me)
    html = client.get("/notifikasi?page=1").get_data(as_text=True)
    assert html.count('class="list-group-item notification') == len(NotificationKind)
    assert (
        "Sri Nasution dan 4 rekan lain menandai studi kasus Anda «Antrean Puskesmas» "
        "bermanfaat." in html
    )
    assert "Sri Nasution juga menerapkan studi kasus Anda «Antrean Puskesmas»." in html
    assert "Studi kasus baru dari Sri Nasution: «Arsip Digital Kecamatan»." in html
    assert (
        f"Anda menerima ini karena Anda mengikuti program «{other.program.name}»."
        in html
    )
    assert "Anda menerima ini karena Anda penulis studi kasus ini." in html
    for topic in ("discussion", "appreciation", "following", "moderation", "programme"):
        assert f'href="/pengaturan/notifikasi#topik-{topic}"' in html
    assert html.count(">Atur</a>") == len(NotificationKind)


def test_a_followed_notice_links_to_the_following_list_when_that_page_exists(
    app, db, client, auth, make_case_study, make_user, make_notification
):
    me = make_user()
    _every_kind(db, me, make_case_study, make_user, make_notification)
    auth.login(me)
    html = client.get("/notifikasi").get_data(as_text=True)
    if "community.following_list" in app.view_functions:
        assert html.count(">Kelola yang Anda ikuti</a>") == 1
    else:
        assert "Kelola yang Anda ikuti" not in html


def test_an_unfollowed_notice_still_says_why(
    db, client, auth, make_case_study, make_user, make_notification
):
    me = make_user()
    make_notification(
        me,
        NotificationKind.NEW_CASE_STUDY,
        case_study=make_case_study(),
        follow_id=None,
    )
    auth.login(me)
    html = client.get("/notifikasi").get_data(as_text=True)
    assert "saat itu Anda mengikuti program, instansi, tag atau penulisnya" in html


def test_a_notice_about_a_case_study_now_hidden_does_not_show_its_title(
    db, client, auth, make_case_study, make_user, make_notification
):
    from app.models import Status

    me = make_user()
    hidden = make_case_study(title="Rahasia Zamrud")
    make_notification(me, NotificationKind.NEW_CASE_STUDY, case_study=hidden)
    hidden.status = Status.HIDDEN
    db.session.commit()
    auth.login(me)
    html = client.get("/notifikasi").get_data(as_text=True)
    assert "Rahasia Zamrud" not in html
    assert "Studi kasus yang dimaksud tidak tersedia lagi." in html


def test_opening_a_helpful_or_new_case_study_notice_goes_to_the_case_study(
    db, client, auth, make_case_study, make_user, make_notification
):
    me = make_user()
    mine, other = make_case_study(author=me), make_case_study()
    helpful = make_notification(me, NotificationKind.HELPFUL, case_study=mine)
    new = make_notification(me, NotificationKind.NEW_CASE_STUDY, case_study=other)
    auth.login(me)
    for notice, case_study in ((helpful, mine), (new, other)):
        response = client.get(f"/notifikasi/{notice.id}")
        assert response.headers["Location"] == (
            f"/praktik/{case_study.id}/{case_study.slug}"
        )


def test_the_list_runs_the_same_queries_for_few_and_many_notices(
    db, client, auth, count_queries, make_case_study, make_user, make_notification
):
    few, many = make_user(), make_user()
    make_notification(few, NotificationKind.COMMENT, case_study=make_case_study())
    for _ in range(3):
        _every_kind(db, many, make_case_study, make_user, make_notification)
    counts = []
    for user in (few, many):
        auth.login(user)
        with count_queries() as counter:
            assert client.get("/notifikasi").status_code == 200
        counts.append(counter.count)
        auth.logout()
    assert counts[0] == counts[1]

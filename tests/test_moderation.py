"""The review queue and moderators' decisions: who may act, what each decision
does to visibility, and that every one is audited and told to the author."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask_login import AnonymousUserMixin

from app.community.services import CommentError, add_comment
from app.models import (
    AuditEvent,
    CaseStudy,
    Comment,
    Flag,
    FlagResolution,
    Notification,
    NotificationKind,
    Role,
    Status,
)
from app.moderation import decisions, flags
from app.moderation.decisions import ModerationError
from app.policy import Ability, can
from app.practices.services import CaseStudyData, create_case_study, update_case_study
from app.search.indexer import apply_pending

STAFF = [Role.MODERATOR, Role.ADMIN]
NOT_STAFF = [Role.MEMBER, Role.ORGANISER, Role.LEADER]


@pytest.fixture
def moderator(make_user):  # noqa: ANN001,ANN201
    return make_user(Role.MODERATOR, name="Moderator Uji")


def case_url(cs: CaseStudy) -> str:
    return f"/praktik/{cs.id}/{cs.slug}"


def events(db, action: str | None = None) -> list[AuditEvent]:  # noqa: ANN001
    stmt = sa.select(AuditEvent).order_by(AuditEvent.id)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    return list(db.session.scalars(stmt))


def notices_for(db, user) -> list[Notification]:  # noqa: ANN001
    return list(
        db.session.scalars(
            sa.select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(Notification.id)
        )
    )


def queue_text(client) -> str:  # noqa: ANN001
    return client.get("/moderasi").get_data(as_text=True)


# Who may use the queue and the actions ------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/moderasi")
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]


@pytest.mark.parametrize("role", NOT_STAFF)
def test_members_organisers_and_leaders_may_not_open_the_queue(
    client, auth, make_user, role
):
    auth.login(make_user(role))
    assert client.get("/moderasi").status_code == 403


@pytest.mark.parametrize("role", STAFF)
def test_moderators_and_admins_open_the_queue(client, auth, make_user, role):
    auth.login(make_user(role))
    response = client.get("/moderasi")
    assert response.status_code == 200
    assert "Antrean moderasi" in response.get_data(as_text=True)


def test_only_moderators_see_the_queue_link(client, auth, make_user, moderator):
    auth.login(make_user())
    assert 'href="/moderasi"' not in client.get("/").get_data(as_text=True)
    auth.logout()
    auth.login(moderator)
    assert 'href="/moderasi"' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        "/moderasi/praktik/{cs}/sembunyikan",
        "/moderasi/praktik/{cs}/pulihkan",
        "/moderasi/praktik/{cs}/abaikan-laporan",
        "/moderasi/praktik/{cs}/setujui",
        "/moderasi/praktik/{cs}/kunci-komentar",
        "/moderasi/praktik/{cs}/buka-komentar",
        "/moderasi/praktik/{cs}/unggulkan",
        "/moderasi/praktik/{cs}/batal-unggulan",
        "/moderasi/komentar/{comment}/sembunyikan",
        "/moderasi/komentar/{comment}/pulihkan",
        "/moderasi/komentar/{comment}/abaikan-laporan",
        "/moderasi/pengguna/{user}/peringatkan",
    ],
)
def test_a_member_cannot_take_any_decision(
    client, auth, db, make_case_study, make_comment, make_user, path
):
    case_study = make_case_study()
    comment = make_comment(case_study)
    member = make_user()
    auth.login(member)
    url = path.format(cs=case_study.id, comment=comment.id, user=case_study.author_id)

    assert client.post(url, data={"reason": "Saya mau."}).status_code == 403
    auth.logout()
    assert client.post(url, data={"reason": "x"}).status_code == 302  # to sign in
    assert events(db) == []
    assert db.session.get(CaseStudy, case_study.id).status is Status.PUBLISHED


def test_decisions_are_post_only(client, auth, moderator, make_case_study):
    case_study = make_case_study()
    auth.login(moderator)
    assert (
        client.get(f"/moderasi/praktik/{case_study.id}/sembunyikan").status_code == 405
    )


def test_unknown_items_are_404_for_moderators(client, auth, moderator):
    auth.login(moderator)
    for path in (
        "/moderasi/praktik/99999/sembunyikan",
        "/moderasi/komentar/99999/sembunyikan",
        "/moderasi/pengguna/99999/peringatkan",
    ):
        assert client.post(path, data={"reason": "x"}).status_code == 404


# The queue -----------------------------------------------------------------------


def test_the_queue_shows_each_item_with_its_reports_and_its_authors_history(
    client, auth, db, moderator, make_case_study, make_comment, make_user
):
    author = make_user(name="Penulis Diadukan")
    case_study = make_case_study(author=author, title="Studi yang dilaporkan")
    make_case_study(author=author)
    make_comment(make_case_study(), author=author)
    earlier = make_comment(make_case_study(), author=author)
    decisions.hide(earlier, moderator, "Sebelumnya tidak pantas.")
    decisions.warn(author, moderator, "Jaga bahasa Anda.")
    reporter = make_user(name="Pelapor Satu")
    flags.flag(reporter, case_study, "inaccurate", "Angka hasilnya keliru.")
    db.session.commit()
    auth.login(moderator)

    page = queue_text(client)

    assert "Studi yang dilaporkan" in page
    assert "Tidak akurat" in page and "Angka hasilnya keliru." in page
    assert "Pelapor Satu" in page and "Penulis Diadukan" in page
    assert "2 studi kasus" in page and "2 komentar" in page
    assert "1 tulisan pernah disembunyikan" in page
    assert "1 peringatan" in page
    assert "1 laporan terbuka" in page
    # The hidden comment is in the queue? No: its reports were resolved by the
    # decision, and it had none. Only the reported case study waits.
    assert "1 tulisan menunggu keputusan" in page


def test_the_queue_shows_a_reported_comment_rendered(
    client, auth, db, moderator, make_case_study, make_comment, make_user
):
    case_study = make_case_study(title="Studi tempat komentar")
    comment = make_comment(case_study, body="Beli **obat** di sini")
    flags.flag(make_user(), comment, "spam")
    db.session.commit()
    auth.login(moderator)

    page = queue_text(client)

    assert "<strong>obat</strong>" in page
    assert "Studi tempat komentar" in page
    assert f"/moderasi/komentar/{comment.id}/sembunyikan" in page
    assert f"/moderasi/komentar/{comment.id}/abaikan-laporan" in page


def test_the_queue_lists_oldest_first(
    client, auth, db, moderator, make_case_study, make_user
):
    newer, older = (
        make_case_study(title="Yang baru"),
        make_case_study(title="Yang lama"),
    )
    flags.flag(make_user(), newer, "spam")
    old_report = flags.flag(make_user(), older, "spam")
    old_report.created_at = old_report.created_at - timedelta(days=2)
    db.session.commit()
    auth.login(moderator)

    page = queue_text(client)

    assert page.index("Yang lama") < page.index("Yang baru")


def test_decided_items_leave_the_queue(
    client, auth, db, moderator, make_case_study, make_user
):
    case_study = make_case_study(title="Sudah diputuskan")
    flags.flag(make_user(), case_study, "spam")
    db.session.commit()
    auth.login(moderator)
    assert "Sudah diputuskan" in queue_text(client)

    client.post(
        f"/moderasi/praktik/{case_study.id}/abaikan-laporan", data={"reason": ""}
    )

    assert "Sudah diputuskan" not in queue_text(client)


@pytest.fixture
def mixed_queue(db, moderator, make_case_study, make_comment, make_user, make_program):
    """A reported case study and a reported comment in two programmes."""
    krisis, waktu = make_program("Pelatihan Krisis"), make_program("Pelatihan Waktu")
    spam_case = make_case_study(program=krisis, title="Studi kasus spam")
    on_waktu = make_case_study(program=waktu, title="Studi kasus waktu")
    comment = make_comment(on_waktu, body="Komentar data pribadi")
    flags.flag(make_user(), spam_case, "spam")
    flags.flag(make_user(), comment, "personal_data")
    db.session.commit()
    return spam_case, comment


@pytest.mark.parametrize(
    ("query", "shown", "not_shown"),
    [
        ("jenis=case_study", "Studi kasus spam", "Komentar data pribadi"),
        ("jenis=comment", "Komentar data pribadi", "Studi kasus spam"),
        ("alasan=spam", "Studi kasus spam", "Komentar data pribadi"),
        ("alasan=personal_data", "Komentar data pribadi", "Studi kasus spam"),
        ("program=pelatihan-krisis", "Studi kasus spam", "Komentar data pribadi"),
        ("program=pelatihan-waktu", "Komentar data pribadi", "Studi kasus spam"),
    ],
)
def test_the_queue_filters_by_type_reason_and_programme(
    client, auth, moderator, mixed_queue, query, shown, not_shown
):
    auth.login(moderator)
    page = client.get(f"/moderasi?{query}").get_data(as_text=True)
    assert shown in page and not_shown not in page


def test_the_queue_filters_by_agency(
    client, auth, db, moderator, make_case_study, make_user, make_agency
):
    dinkes = make_agency("Dinas Kesehatan Uji")
    here = make_case_study(author=make_user(agency=dinkes), title="Dari Dinkes")
    elsewhere = make_case_study(title="Dari tempat lain")
    for item in (here, elsewhere):
        flags.flag(make_user(), item, "spam")
    db.session.commit()
    auth.login(moderator)

    page = client.get("/moderasi?instansi=dinas-kesehatan-uji").get_data(as_text=True)

    assert "Dari Dinkes" in page and "Dari tempat lain" not in page


def test_an_unknown_filter_value_is_a_400_with_a_message(client, auth, moderator):
    auth.login(moderator)
    for query in ("jenis=apa", "alasan=bohong", "program=tidak-ada", "instansi=x"):
        response = client.get(f"/moderasi?{query}")
        assert response.status_code == 400, query
        assert "Pilihan ini tidak tersedia." in response.get_data(as_text=True)


def test_the_queue_is_paginated(
    app, client, auth, db, moderator, make_case_study, make_user
):
    app.config["PER_PAGE"] = 2
    for n in range(3):
        flags.flag(make_user(), make_case_study(title=f"Antre {n}"), "spam")
    db.session.commit()
    auth.login(moderator)

    first = client.get("/moderasi").get_data(as_text=True)
    second = client.get("/moderasi?page=2").get_data(as_text=True)

    assert first.count("Antre ") == 2 and second.count("Antre ") == 1
    assert "3 tulisan menunggu keputusan" in first
    assert 'href="/moderasi?page=2"' in first


def _fill_queue(db, make_case_study, make_comment, make_user, moderator, n):  # noqa: ANN001
    for _ in range(n):
        author = make_user()
        case_study = make_case_study(author=author)
        flags.flag(make_user(), case_study, "spam", "catatan")
        flags.flag(make_user(), make_comment(case_study, author=author), "other")
        decisions.warn(author, moderator, "Peringatan.")
    db.session.commit()


def test_the_queue_page_runs_a_fixed_number_of_queries(
    client, auth, db, moderator, make_case_study, make_comment, make_user, count_queries
):
    auth.login(moderator)
    counts = []
    for n in (1, 6):
        _fill_queue(db, make_case_study, make_comment, make_user, moderator, n)
        with count_queries() as counter:
            response = client.get("/moderasi")
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]
    assert counts[0] <= 20


# Hide and restore -----------------------------------------------------------------


def test_hiding_needs_a_reason_and_keeps_what_was_typed_otherwise(
    client, auth, db, moderator, make_case_study
):
    case_study = make_case_study()
    auth.login(moderator)

    response = client.post(
        f"/moderasi/praktik/{case_study.id}/sembunyikan", data={"reason": "   "}
    )
    too_long = client.post(
        f"/moderasi/praktik/{case_study.id}/sembunyikan", data={"reason": "x" * 1001}
    )

    assert response.status_code == too_long.status_code == 400
    assert "Alasan wajib diisi" in response.get_data(as_text=True)
    assert "x" * 1001 in too_long.get_data(as_text=True)
    assert db.session.get(CaseStudy, case_study.id).status is Status.PUBLISHED
    assert events(db) == []


def test_hiding_a_case_study_hides_it_tells_the_author_and_is_audited(
    client, auth, db, moderator, make_case_study, make_user
):
    author = make_user()
    case_study = make_case_study(author=author)
    flags.flag(make_user(), case_study, "personal_data")
    db.session.commit()
    auth.login(moderator)

    response = client.post(
        f"/moderasi/praktik/{case_study.id}/sembunyikan",
        data={"reason": "Memuat NIK warga.", "next": "/moderasi"},
    )

    assert response.status_code == 302 and response.headers["Location"] == "/moderasi"
    case_study = db.session.get(CaseStudy, case_study.id)
    assert case_study.status is Status.HIDDEN
    assert (case_study.hidden_by_id, case_study.hidden_reason) == (
        moderator.id,
        "Memuat NIK warga.",
    )
    (event,) = events(db, "hide")
    assert (event.actor_id, event.target_type, event.target_id, event.reason) == (
        moderator.id,
        "case_study",
        case_study.id,
        "Memuat NIK warga.",
    )
    (notice,) = notices_for(db, author)
    assert (notice.kind, notice.message) == (
        NotificationKind.HIDDEN,
        "Memuat NIK warga.",
    )
    assert db.session.scalar(sa.select(Flag.resolution)) is FlagResolution.HIDDEN


def test_a_next_url_elsewhere_is_ignored(client, auth, moderator, make_case_study):
    case_study = make_case_study()
    auth.login(moderator)
    response = client.post(
        f"/moderasi/praktik/{case_study.id}/sembunyikan",
        data={"reason": "Spam.", "next": "//jahat.example/"},
    )
    assert response.headers["Location"].endswith(case_url(case_study))


def test_the_author_sees_the_hidden_case_study_with_the_reason_others_get_404(
    client, auth, db, moderator, make_case_study, make_user
):
    author = make_user()
    case_study = make_case_study(author=author)
    decisions.hide(case_study, moderator, "Memuat NIK warga.")
    db.session.commit()

    assert client.get(case_url(case_study)).status_code == 404
    auth.login(make_user())
    assert client.get(case_url(case_study)).status_code == 404
    auth.logout()
    auth.login(author)
    page = client.get(case_url(case_study)).get_data(as_text=True)
    assert "disembunyikan moderator" in page and "Memuat NIK warga." in page
    notices = client.get("/notifikasi").get_data(as_text=True)
    assert "disembunyikan moderator" in notices and "Memuat NIK warga." in notices
    auth.logout()
    auth.login(moderator)
    assert client.get(case_url(case_study)).status_code == 200


def test_hidden_and_held_case_studies_are_in_no_list(
    app, client, db, moderator, make_case_study, make_user
):
    author = make_user()
    visible = make_case_study(author=author, title="Tetap tampil", tags=["rahasia"])
    hidden = make_case_study(author=author, title="Disembunyikan", tags=["rahasia"])
    decisions.hide(hidden, moderator, "Spam.")
    app.config["MODERATION_MODE"] = "pre"
    held = create_case_study(
        make_user(agency=author.agency),
        _data(visible.program_id, "Menunggu tinjauan"),
        publish=True,
        require_completion=False,
    )
    db.session.commit()
    assert held.status is Status.PENDING

    for path in (
        "/",
        f"/program/{visible.program.slug}",
        f"/instansi/{author.agency.slug}",
        "/tag/rahasia",
        f"/profil/{author.id}",
        f"/profil/{held.author_id}",
    ):
        page = client.get(path).get_data(as_text=True)
        assert "Disembunyikan" not in page and "Menunggu tinjauan" not in page, path
    assert "Tetap tampil" in client.get("/").get_data(as_text=True)


def test_hidden_and_held_case_studies_are_not_found_by_search_or_the_api(
    app, client, db, moderator, make_case_study, make_user
):
    hidden = make_case_study(title="Lumbung zebrakuning disembunyikan")
    make_case_study(title="Lumbung zebrakuning terbit")
    apply_pending()  # both indexed while published
    decisions.hide(hidden, moderator, "Spam.")
    app.config["MODERATION_MODE"] = "pre"
    held = create_case_study(
        make_user(),
        _data(hidden.program_id, "Lumbung zebrakuning ditahan"),
        publish=True,
        require_completion=False,
    )
    db.session.commit()
    assert held.status is Status.PENDING

    # The index may lag behind: results are checked against the database anyway.
    for sync in (False, True):
        if sync:
            apply_pending()
        page = client.get("/cari?q=zebrakuning").get_data(as_text=True)
        assert "Lumbung zebrakuning terbit" in page
        assert "disembunyikan</a>" not in page and "ditahan" not in page
        api = client.get("/api/v1/search?q=zebrakuning").get_json()
        assert [hit["title"] for hit in api["results"]] == [
            "Lumbung zebrakuning terbit"
        ]
        assert api["total"] == 1


def test_restoring_needs_a_reason_and_publishes_again(
    client, auth, db, moderator, make_case_study, make_user
):
    author = make_user()
    case_study = make_case_study(author=author)
    decisions.hide(case_study, moderator, "Spam.")
    db.session.commit()
    auth.login(moderator)

    refused = client.post(f"/moderasi/praktik/{case_study.id}/pulihkan", data={})
    done = client.post(
        f"/moderasi/praktik/{case_study.id}/pulihkan",
        data={"reason": "Sudah diperbaiki penulis."},
    )

    assert refused.status_code == 400 and done.status_code == 302
    case_study = db.session.get(CaseStudy, case_study.id)
    assert case_study.status is Status.PUBLISHED and case_study.hidden_at is None
    assert [e.action for e in events(db)] == ["hide", "restore"]
    assert notices_for(db, author)[-1].kind is NotificationKind.RESTORED
    assert notices_for(db, author)[-1].message == "Sudah diperbaiki penulis."
    auth.logout()
    assert client.get(case_url(case_study)).status_code == 200


def test_decisions_that_do_not_fit_the_state_are_refused_with_a_message(
    client, auth, db, moderator, make_case_study
):
    case_study = make_case_study()
    auth.login(moderator)

    restore = client.post(
        f"/moderasi/praktik/{case_study.id}/pulihkan", data={"reason": "x"}
    )
    approve = client.post(f"/moderasi/praktik/{case_study.id}/setujui", data={})
    dismiss = client.post(f"/moderasi/praktik/{case_study.id}/abaikan-laporan")

    assert restore.status_code == approve.status_code == dismiss.status_code == 400
    assert "tidak sedang disembunyikan" in restore.get_data(as_text=True)
    assert "tidak menunggu tinjauan" in approve.get_data(as_text=True)
    assert "Tidak ada laporan terbuka" in dismiss.get_data(as_text=True)
    with pytest.raises(ModerationError):
        decisions.hide(make_case_study(publish=False), moderator, "Draf.")


# Comments: hide, restore, lock ---------------------------------------------------


def test_a_hidden_comment_shows_only_to_its_author_with_the_reason_and_moderators(
    client, auth, db, moderator, make_case_study, make_comment, make_user
):
    commenter = make_user()
    case_study = make_case_study()
    comment = make_comment(case_study, author=commenter, body="Nomor HP warga 0812")
    auth.login(moderator)
    client.post(
        f"/moderasi/komentar/{comment.id}/sembunyikan",
        data={"reason": "Memuat nomor telepon warga."},
    )
    auth.logout()

    assert "Nomor HP warga" not in client.get(case_url(case_study)).get_data(
        as_text=True
    )
    auth.login(make_user())
    assert "Nomor HP warga" not in client.get(case_url(case_study)).get_data(
        as_text=True
    )
    assert client.get(f"/komentar/{comment.id}/ubah").status_code == 404
    auth.logout()
    auth.login(commenter)
    page = client.get(case_url(case_study)).get_data(as_text=True)
    assert "Nomor HP warga" in page and "Memuat nomor telepon warga." in page
    assert client.get(f"/komentar/{comment.id}/ubah").status_code == 403
    auth.logout()
    auth.login(moderator)
    assert "Nomor HP warga" in client.get(case_url(case_study)).get_data(as_text=True)
    (notice,) = notices_for(db, commenter)
    assert (notice.kind, notice.comment_id) == (NotificationKind.HIDDEN, comment.id)
    assert events(db, "hide")[0].target_type == "comment"


def test_a_hidden_comment_with_replies_leaves_a_placeholder(
    client, db, moderator, make_case_study, make_comment
):
    case_study = make_case_study()
    top = make_comment(case_study, body="Komentar yang melanggar")
    make_comment(case_study, parent=top, body="Balasan yang sopan")
    decisions.hide(top, moderator, "Tidak pantas.")
    db.session.commit()

    page = client.get(case_url(case_study)).get_data(as_text=True)

    assert "Komentar yang melanggar" not in page
    assert "Komentar ini disembunyikan moderator." in page
    assert "Balasan yang sopan" in page
    assert "Komentar (1)" in page


def test_nobody_replies_to_a_hidden_comment(
    db, moderator, make_case_study, make_comment, make_user
):
    case_study = make_case_study()
    top = make_comment(case_study)
    decisions.hide(top, moderator, "Spam.")
    db.session.commit()
    with pytest.raises(CommentError, match="disembunyikan"):
        add_comment(case_study, make_user(), "Balasan", parent=top)


def test_restoring_a_comment_shows_it_again(
    client, auth, db, moderator, make_case_study, make_comment
):
    case_study = make_case_study()
    comment = make_comment(case_study, body="Kembali tampil")
    decisions.hide(comment, moderator, "Salah paham.")
    db.session.commit()
    auth.login(moderator)

    client.post(
        f"/moderasi/komentar/{comment.id}/pulihkan", data={"reason": "Tidak melanggar."}
    )
    auth.logout()

    assert "Kembali tampil" in client.get(case_url(case_study)).get_data(as_text=True)
    assert [e.action for e in events(db)] == ["hide", "restore"]


def test_locking_comments_stops_new_ones_and_replaces_the_form_with_a_notice(
    client, auth, db, moderator, make_case_study, make_comment, make_user
):
    author, reader = make_user(), make_user()
    case_study = make_case_study(author=author)
    top = make_comment(case_study)
    auth.login(moderator)
    refused = client.post(f"/moderasi/praktik/{case_study.id}/kunci-komentar")
    locked = client.post(
        f"/moderasi/praktik/{case_study.id}/kunci-komentar",
        data={"reason": "Diskusi memanas."},
    )
    auth.logout()
    auth.login(reader)

    page = client.get(case_url(case_study)).get_data(as_text=True)
    posted = client.post(
        f"/praktik/{case_study.id}/komentar", data={"body": "Satu lagi"}
    )
    replied = client.post(
        f"/praktik/{case_study.id}/komentar",
        data={"body": "Balasan", "parent_id": str(top.id)},
    )

    assert refused.status_code == 400 and locked.status_code == 302
    assert "dikunci moderator" in page and 'id="komentar-baru"' not in page
    assert "Kirim balasan" not in page
    assert posted.status_code == replied.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(Comment.id))) == 1
    with pytest.raises(CommentError, match="dikunci"):
        add_comment(db.session.get(CaseStudy, case_study.id), reader, "Lewat servis")
    (event,) = events(db)
    assert (event.action, event.reason) == ("lock_comments", "Diskusi memanas.")
    assert notices_for(db, author)[-1].kind is NotificationKind.COMMENTS_LOCKED


def test_unlocking_comments_allows_them_again(
    client, auth, db, moderator, make_case_study, make_user
):
    case_study = make_case_study()
    decisions.set_comments_locked(case_study, moderator, True, "Jeda.")
    db.session.commit()
    auth.login(moderator)
    client.post(
        f"/moderasi/praktik/{case_study.id}/buka-komentar",
        data={"reason": "Sudah reda."},
    )
    auth.logout()
    auth.login(make_user())

    page = client.get(case_url(case_study)).get_data(as_text=True)

    assert 'id="komentar-baru"' in page
    assert [e.action for e in events(db)] == ["lock_comments", "unlock_comments"]


# Dismissing reports, warnings ----------------------------------------------------


def test_dismissing_closes_the_reports_and_restores_an_item_hidden_automatically(
    client, auth, db, moderator, make_case_study, make_user
):
    author = make_user()
    case_study = make_case_study(author=author)
    for _ in range(3):
        flags.flag(make_user(), case_study, "spam")
    db.session.commit()
    assert case_study.status is Status.HIDDEN
    auth.login(moderator)

    client.post(
        f"/moderasi/praktik/{case_study.id}/abaikan-laporan",
        data={"reason": "Isinya sesuai aturan."},
    )

    assert db.session.get(CaseStudy, case_study.id).status is Status.PUBLISHED
    resolutions = set(db.session.scalars(sa.select(Flag.resolution)))
    assert resolutions == {FlagResolution.DISMISSED}
    assert [e.action for e in events(db)] == ["auto_hide", "dismiss_flags", "restore"]
    assert events(db, "dismiss_flags")[0].details == {"flags": 3}
    assert notices_for(db, author)[-1].kind is NotificationKind.RESTORED
    assert notices_for(db, author)[-1].message == "Isinya sesuai aturan."


def test_dismissing_reports_on_a_visible_comment_leaves_it_alone(
    client, auth, db, moderator, make_case_study, make_comment, make_user
):
    comment = make_comment(make_case_study())
    flags.flag(make_user(), comment, "spam")
    db.session.commit()
    auth.login(moderator)

    response = client.post(f"/moderasi/komentar/{comment.id}/abaikan-laporan")

    assert response.status_code == 302
    assert not db.session.get(Comment, comment.id).is_hidden
    assert [e.action for e in events(db)] == ["dismiss_flags"]
    assert notices_for(db, comment.author) == []


def test_warning_needs_a_message_and_reaches_the_user(
    client, auth, db, moderator, make_user
):
    member = make_user()
    auth.login(moderator)

    refused = client.post(f"/moderasi/pengguna/{member.id}/peringatkan", data={})
    sent = client.post(
        f"/moderasi/pengguna/{member.id}/peringatkan",
        data={"reason": "Mohon tidak mengunggah data pribadi warga."},
    )

    assert refused.status_code == 400
    assert "Tulis pesan peringatan" in refused.get_data(as_text=True)
    assert sent.status_code == 302
    (event,) = events(db)
    assert (event.action, event.target_type, event.target_id) == (
        "warn",
        "user",
        member.id,
    )
    (notice,) = notices_for(db, member)
    assert notice.kind is NotificationKind.WARNING
    auth.logout()
    auth.login(member)
    page = client.get("/notifikasi").get_data(as_text=True)
    assert "peringatan dari moderator" in page
    assert "Mohon tidak mengunggah data pribadi warga." in page


def test_a_moderator_cannot_warn_themselves(db, moderator):
    with pytest.raises(ModerationError):
        decisions.warn(moderator, moderator, "Hati-hati.")


def test_the_services_refuse_non_moderators(db, make_case_study, make_user):
    member = make_user()
    with pytest.raises(ModerationError):
        decisions.hide(make_case_study(), member, "Saya tidak suka.")


# Pre-moderation ------------------------------------------------------------------


def _data(program_id: int, title: str) -> CaseStudyData:
    return CaseStudyData(
        title=title,
        summary="Ringkasan.",
        program_id=program_id,
        situation="Situasi.",
    )


def test_post_mode_publishes_a_first_case_study_at_once(db, make_case_study):
    assert make_case_study().status is Status.PUBLISHED


def test_pre_mode_holds_the_first_case_study_then_approval_publishes_it(
    app, client, auth, db, moderator, make_user, make_program, make_completion
):
    app.config["MODERATION_MODE"] = "pre"
    author, program = make_user(), make_program()
    make_completion(author, program)
    auth.login(author)

    response = client.post(
        "/praktik/baru",
        data={
            "title": "Studi pertama saya",
            "summary": "Ringkasan.",
            "program_id": str(program.id),
            "situation": "Situasi.",
            "action": "Tindakan.",
            "result": "Hasil.",
            "lessons": "Pelajaran.",
            "publish": "Terbitkan",
        },
        follow_redirects=True,
    )

    page = response.get_data(as_text=True)
    assert "menunggu tinjauan moderator" in page
    held = db.session.scalar(sa.select(CaseStudy))
    assert held.status is Status.PENDING and held.published_at is None
    auth.logout()
    assert client.get(case_url(held)).status_code == 404
    auth.login(moderator)
    assert "Studi pertama saya" in queue_text(client)
    approved = client.post(
        f"/moderasi/praktik/{held.id}/setujui", data={"reason": "Bagus."}
    )
    assert approved.status_code == 302
    held = db.session.get(CaseStudy, held.id)
    assert held.status is Status.PUBLISHED and held.published_at is not None
    assert [e.action for e in events(db)] == ["approve"]
    notice = notices_for(db, author)[-1]
    assert (notice.kind, notice.message) == (NotificationKind.APPROVED, "Bagus.")
    auth.logout()
    assert client.get(case_url(held)).status_code == 200
    assert "Studi pertama saya" not in client.get("/moderasi").get_data(as_text=True)


def test_pre_mode_publishes_later_case_studies_at_once(
    app, db, moderator, make_user, make_program, make_completion
):
    app.config["MODERATION_MODE"] = "pre"
    author, program = make_user(), make_program()
    make_completion(author, program)
    first = create_case_study(author, _data(program.id, "Pertama"), publish=True)
    also_held = create_case_study(author, _data(program.id, "Kedua"), publish=True)
    assert first.status is also_held.status is Status.PENDING

    decisions.approve(first, moderator)
    later = create_case_study(author, _data(program.id, "Ketiga"), publish=True)
    draft = create_case_study(author, _data(program.id, "Draf"))
    update_case_study(draft, author, _data(program.id, "Draf"), publish=True)

    assert later.status is Status.PUBLISHED and draft.status is Status.PUBLISHED


def test_pre_mode_holds_a_draft_published_later_and_republishing_keeps_it_held(
    app, db, make_user, make_program, make_completion
):
    app.config["MODERATION_MODE"] = "pre"
    author, program = make_user(), make_program()
    make_completion(author, program)
    draft = create_case_study(author, _data(program.id, "Draf dulu"))

    update_case_study(draft, author, _data(program.id, "Draf dulu"), publish=True)
    update_case_study(draft, author, _data(program.id, "Diubah"), publish=True)

    assert draft.status is Status.PENDING and draft.title == "Diubah"


def test_pre_mode_never_holds_moderators_or_imports(
    app, db, make_user, make_program, make_completion
):
    app.config["MODERATION_MODE"] = "pre"
    program = make_program()
    for role in STAFF:
        staff = make_user(role)
        make_completion(staff, program)
        own = create_case_study(staff, _data(program.id, "Staf"), publish=True)
        assert own.status is Status.PUBLISHED
    imported = create_case_study(
        make_user(),
        _data(program.id, "Impor"),
        publish=True,
        require_completion=False,
        hold_for_review=False,
    )
    assert imported.status is Status.PUBLISHED


def test_a_held_case_study_can_be_rejected_by_hiding_it(
    app, db, moderator, make_user, make_program, make_completion
):
    app.config["MODERATION_MODE"] = "pre"
    author, program = make_user(), make_program()
    make_completion(author, program)
    held = create_case_study(author, _data(program.id, "Ditolak"), publish=True)

    decisions.hide(held, moderator, "Isinya promosi.")

    assert held.status is Status.HIDDEN and held.hidden_reason == "Isinya promosi."


def test_the_author_sees_a_held_case_study_with_its_state(
    app, client, auth, db, make_user, make_program, make_completion
):
    app.config["MODERATION_MODE"] = "pre"
    author, program = make_user(), make_program()
    make_completion(author, program)
    held = create_case_study(author, _data(program.id, "Menunggu"), publish=True)
    db.session.commit()
    auth.login(author)

    page = client.get(case_url(held)).get_data(as_text=True)
    mine = client.get("/praktik/saya").get_data(as_text=True)

    assert "menunggu tinjauan moderator" in page
    assert "menunggu tinjauan" in mine


# The abilities, asked directly ----------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_only_moderators_and_admins_moderate_and_feature(make_user, role):
    user = make_user(role)
    expected = role in STAFF
    assert can(user, Ability.MODERATE) is expected
    assert can(user, Ability.FEATURE) is expected


def test_a_hidden_comment_is_visible_to_its_author_and_staff_only(
    db, moderator, make_case_study, make_comment, make_user
):
    author = make_user()
    comment = make_comment(make_case_study(), author=author)
    decisions.hide(comment, moderator, "Spam.")

    assert can(author, Ability.VIEW_COMMENT, comment)
    assert can(moderator, Ability.VIEW_COMMENT, comment)
    assert can(make_user(Role.ADMIN), Ability.VIEW_COMMENT, comment)
    for viewer in (AnonymousUserMixin(), make_user(), make_user(Role.LEADER)):
        assert not can(viewer, Ability.VIEW_COMMENT, comment)
    assert not can(author, Ability.EDIT_COMMENT, comment)
    assert can(author, Ability.DELETE_COMMENT, comment)

"""Appreciation: "bermanfaat" marks and "saya menerapkan ini juga".

Services (idempotent toggles, running counts, the author's grouped notice),
race safety with real threads, the views (access, errors that keep the note),
and what the case-study and agency pages show.
"""

from __future__ import annotations

import random

import pytest
import sqlalchemy as sa

from app.community import appreciation
from app.community.appreciation import AgencyMissing, AppreciationError
from app.extensions import db as _db
from app.models import (
    CaseStudy,
    HelpfulMark,
    Notification,
    NotificationKind,
    Replication,
    Status,
    User,
)
from app.models.base import utcnow
from tests.concurrency import run_together


def marks(db, cs) -> int:  # noqa: ANN001
    return db.session.scalar(
        sa.select(sa.func.count()).where(HelpfulMark.case_study_id == cs.id)
    )


def replication_rows(db, cs) -> int:  # noqa: ANN001
    return db.session.scalar(
        sa.select(sa.func.count()).where(Replication.case_study_id == cs.id)
    )


def notices(db, user, kind: NotificationKind) -> list[Notification]:  # noqa: ANN001
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(Notification).where(
                Notification.user_id == user.id, Notification.kind == kind
            )
        )
    )


def counts(db, cs) -> tuple[int, int]:  # noqa: ANN001
    db.session.expire_all()
    row = db.session.get(CaseStudy, cs.id)
    return row.helpful_count, row.replication_count


def page(client, cs) -> str:  # noqa: ANN001
    response = client.get(f"/praktik/{cs.id}/{cs.slug}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


# --- helpful: the service ------------------------------------------------------


def test_marking_helpful_twice_leaves_one_mark_and_a_count_of_one(
    db, make_case_study, make_user
):
    cs, colleague = make_case_study(), make_user()
    assert appreciation.set_helpful(colleague, cs, True) is True
    assert appreciation.set_helpful(colleague, cs, True) is True
    db.session.commit()
    assert marks(db, cs) == 1
    assert counts(db, cs) == (1, 0)


def test_unmarking_twice_leaves_no_mark_and_a_count_of_zero(
    db, make_case_study, make_user
):
    cs, colleague = make_case_study(), make_user()
    appreciation.set_helpful(colleague, cs, True)
    db.session.commit()
    assert appreciation.set_helpful(colleague, cs, False) is False
    assert appreciation.set_helpful(colleague, cs, False) is False
    db.session.commit()
    assert marks(db, cs) == 0
    assert counts(db, cs) == (0, 0)


def test_unmarking_what_was_never_marked_changes_nothing(
    db, make_case_study, make_user
):
    cs = make_case_study()
    appreciation.set_helpful(make_user(), cs, True)
    appreciation.set_helpful(make_user(), cs, False)
    db.session.commit()
    assert counts(db, cs) == (1, 0)


def test_author_cannot_mark_their_own_work(db, make_case_study):
    cs = make_case_study()
    with pytest.raises(AppreciationError, match="sendiri"):
        appreciation.set_helpful(cs.author, cs, True)
    with pytest.raises(AppreciationError):
        appreciation.record_replication(cs.author, cs, "")
    assert counts(db, cs) == (0, 0)
    assert notices(db, cs.author, NotificationKind.HELPFUL) == []


@pytest.mark.parametrize("status", [Status.DRAFT, Status.HIDDEN, Status.WITHDRAWN])
def test_only_published_case_studies_can_be_marked(
    db, make_case_study, make_user, status
):
    cs = make_case_study()
    cs.status = status
    db.session.commit()
    with pytest.raises(AppreciationError, match="terbit"):
        appreciation.set_helpful(make_user(), cs, True)
    assert marks(db, cs) == 0


# --- the author's grouped notice ------------------------------------------------


def test_five_colleagues_give_the_author_one_unread_notice_counting_five(
    db, make_case_study, make_user
):
    cs = make_case_study()
    colleagues = [make_user() for _ in range(5)]
    for colleague in colleagues:
        appreciation.set_helpful(colleague, cs, True)
        db.session.commit()
    [notice] = notices(db, cs.author, NotificationKind.HELPFUL)
    assert notice.actor_count == 5
    assert notice.actor_id == colleagues[-1].id  # the latest is named
    assert notice.read_at is None
    assert notice.case_study_id == cs.id
    assert notice.group_started_at is not None
    assert notice.created_at >= notice.group_started_at


def test_withdrawing_inside_the_group_counts_one_less_and_the_last_removes_it(
    db, make_case_study, make_user
):
    cs = make_case_study()
    first, second, third = make_user(), make_user(), make_user()
    for colleague in (first, second, third):
        appreciation.set_helpful(colleague, cs, True)
    db.session.commit()

    appreciation.set_helpful(third, cs, False)
    db.session.commit()
    [notice] = notices(db, cs.author, NotificationKind.HELPFUL)
    assert notice.actor_count == 2
    assert notice.actor_id == second.id  # no longer names who withdrew

    appreciation.set_helpful(first, cs, False)
    appreciation.set_helpful(second, cs, False)
    db.session.commit()
    assert notices(db, cs.author, NotificationKind.HELPFUL) == []


def test_a_read_notice_is_closed_and_old_marks_do_not_touch_the_new_group(
    db, make_case_study, make_user
):
    cs = make_case_study()
    early, late = make_user(), make_user()
    appreciation.set_helpful(early, cs, True)
    db.session.commit()
    [old] = notices(db, cs.author, NotificationKind.HELPFUL)
    old.read_at = utcnow()
    db.session.commit()

    appreciation.set_helpful(late, cs, True)
    db.session.commit()
    appreciation.set_helpful(early, cs, False)  # marked before this group began
    db.session.commit()

    found = {n.id: n for n in notices(db, cs.author, NotificationKind.HELPFUL)}
    assert len(found) == 2
    new = next(n for n in found.values() if n.id != old.id)
    assert new.actor_count == 1
    assert new.actor_id == late.id
    assert found[old.id].actor_count == 1  # read notices are history


def test_a_mailed_notice_is_closed_too(db, make_case_study, make_user):
    cs = make_case_study()
    appreciation.set_helpful(make_user(), cs, True)
    db.session.commit()
    [mailed] = notices(db, cs.author, NotificationKind.HELPFUL)
    mailed.mailed_at = utcnow()
    db.session.commit()
    appreciation.set_helpful(make_user(), cs, True)
    db.session.commit()
    found = notices(db, cs.author, NotificationKind.HELPFUL)
    assert sorted(n.actor_count for n in found) == [1, 1]


def test_helpful_and_replicated_are_separate_groups(db, make_case_study, make_user):
    cs, colleague = make_case_study(), make_user()
    appreciation.set_helpful(colleague, cs, True)
    appreciation.record_replication(colleague, cs, "")
    db.session.commit()
    assert len(notices(db, cs.author, NotificationKind.HELPFUL)) == 1
    assert len(notices(db, cs.author, NotificationKind.REPLICATED)) == 1


# --- replication: the service ------------------------------------------------------


def test_replication_keeps_the_note_and_the_agency_of_that_moment(
    db, make_case_study, make_user, make_agency
):
    cs = make_case_study()
    there, later = make_agency("Kecamatan Medan Baru"), make_agency("Dinas Lain")
    colleague = make_user(agency=there)
    replication = appreciation.record_replication(
        colleague, cs, "  Kami pakai di loket.\r\nHasilnya baik.  "
    )
    db.session.commit()
    assert replication.note == "Kami pakai di loket.\nHasilnya baik."
    assert replication.agency_id == there.id
    assert replication.updated_at is None

    colleague.agency = later  # moving does not move where it happened
    db.session.commit()
    again = appreciation.record_replication(colleague, cs, "Catatan baru.")
    db.session.commit()
    assert again.id == replication.id
    assert again.agency_id == there.id
    assert again.note == "Catatan baru."
    assert again.updated_at is not None


def test_changing_the_note_changes_neither_the_count_nor_the_notice(
    db, make_case_study, make_user
):
    cs, colleague = make_case_study(), make_user()
    appreciation.record_replication(colleague, cs, "Pertama.")
    db.session.commit()
    appreciation.record_replication(colleague, cs, "Kedua.")
    appreciation.record_replication(colleague, cs, "Ketiga.")
    db.session.commit()
    assert replication_rows(db, cs) == 1
    assert counts(db, cs) == (0, 1)
    [notice] = notices(db, cs.author, NotificationKind.REPLICATED)
    assert notice.actor_count == 1


def test_withdrawing_a_replication_twice_is_the_same_as_once(
    db, make_case_study, make_user
):
    cs, colleague = make_case_study(), make_user()
    appreciation.record_replication(colleague, cs, "")
    db.session.commit()
    assert appreciation.withdraw_replication(colleague, cs) is True
    assert appreciation.withdraw_replication(colleague, cs) is False
    db.session.commit()
    assert counts(db, cs) == (0, 0)
    assert notices(db, cs.author, NotificationKind.REPLICATED) == []


def test_a_note_of_500_characters_counts_line_breaks_once(
    db, make_case_study, make_user
):
    cs, colleague = make_case_study(), make_user()
    note = "a\r\n" * 250  # 750 as sent, 499 once CRLF is one character and stripped
    assert len(appreciation.record_replication(colleague, cs, note).note) == 499
    with pytest.raises(AppreciationError, match="500"):
        appreciation.record_replication(colleague, cs, "b" * 501)


def test_replication_needs_an_agency_on_the_profile(db, make_case_study, make_user):
    cs, colleague = make_case_study(), make_user()
    colleague.agency = None
    db.session.commit()
    with pytest.raises(AgencyMissing, match="profil"):
        appreciation.record_replication(colleague, cs, "")
    assert counts(db, cs) == (0, 0)


def test_read_helpers(db, make_case_study, make_user, make_agency):
    cs, other = make_case_study(), make_case_study()
    a, b = make_agency("Dinas Aaa"), make_agency("Dinas Bbb")
    ana, budi, cici = make_user(agency=a), make_user(agency=a), make_user(agency=b)
    for colleague in (ana, budi, cici):
        appreciation.record_replication(colleague, cs, f"Catatan {colleague.name}")
    appreciation.set_helpful(ana, cs, True)
    appreciation.set_helpful(ana, other, True)
    db.session.commit()

    assert appreciation.marks_for(ana, [cs.id, other.id]) == {cs.id, other.id}
    assert appreciation.marks_for(budi, [cs.id, other.id]) == set()
    assert appreciation.replication_of(cici, cs).agency_id == b.id
    assert appreciation.replication_of(cici, other) is None
    rows = appreciation.replications(cs)
    assert [r.user_id for r in rows] == [cici.id, budi.id, ana.id]  # newest first
    found = [(agency.name, n) for agency, n in appreciation.replicating_agencies(cs)]
    assert found == [("Dinas Aaa", 2), ("Dinas Bbb", 1)]
    assert appreciation.received_counts(cs.author) == (1, 3)


def test_received_counts_leave_out_unpublished_case_studies(
    db, make_case_study, make_user
):
    cs = make_case_study()
    appreciation.set_helpful(make_user(), cs, True)
    db.session.commit()
    cs.status = Status.HIDDEN
    db.session.commit()
    assert appreciation.received_counts(cs.author) == (0, 0)


# --- race safety -------------------------------------------------------------------


THREADS = 20
CLICKS = 8


def test_concurrent_clicks_keep_the_counts_equal_to_the_rows(
    db, config_class, make_case_study, make_user
):
    """20 threads, each with its own app and connection, mark and unmark two
    case studies at random; two threads share each user (a double click in
    two tabs). Run on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""
    case_ids = [make_case_study().id, make_case_study().id]
    user_ids = [make_user().id for _ in range(THREADS // 2)]

    def clicks(n: int, start) -> None:  # noqa: ANN001
        chooser = random.Random(n)
        user = _db.session.get(User, user_ids[n % len(user_ids)])
        studies = [_db.session.get(CaseStudy, cid) for cid in case_ids]
        start()
        for _ in range(CLICKS):
            cs = chooser.choice(studies)
            if chooser.random() < 0.5:
                appreciation.set_helpful(user, cs, chooser.random() < 0.6)
            elif chooser.random() < 0.6:
                appreciation.record_replication(user, cs, f"Catatan {n}")
            else:
                appreciation.withdraw_replication(user, cs)
            _db.session.commit()

    run_together(config_class, THREADS, clicks, timeout=180, start_timeout=60)
    for case_id in case_ids:
        cs = db.session.get(CaseStudy, case_id)
        helpful, replicated = counts(db, cs)
        assert helpful == marks(db, cs)
        assert replicated == replication_rows(db, cs)
        # Nobody read the notices: each open group counts exactly the rows.
        for kind, rows in (
            (NotificationKind.HELPFUL, helpful),
            (NotificationKind.REPLICATED, replicated),
        ):
            found = [n for n in notices(db, cs.author, kind)]
            assert [n.actor_count for n in found] == ([rows] if rows else [])


# --- views ---------------------------------------------------------------------------


def test_posting_helpful_twice_marks_once_and_returns_to_the_case_study(
    client, auth, db, make_case_study, make_user
):
    cs, colleague = make_case_study(), make_user()
    auth.login(colleague)
    for _ in range(2):
        response = client.post(f"/praktik/{cs.id}/bermanfaat", data={"on": "1"})
        assert response.status_code == 302
        assert response.headers["Location"].endswith(
            f"/praktik/{cs.id}/{cs.slug}#apresiasi"
        )
    assert counts(db, cs) == (1, 0)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "menandai studi kasus ini bermanfaat" in html  # the flash
    assert 'aria-pressed="true"' in html

    client.post(f"/praktik/{cs.id}/bermanfaat", data={"on": "0"})
    client.post(f"/praktik/{cs.id}/bermanfaat", data={"on": "0"})
    assert counts(db, cs) == (0, 0)
    assert 'aria-pressed="false"' in page(client, cs)


def test_an_unknown_state_is_refused_with_400(client, auth, make_case_study, make_user):
    cs = make_case_study()
    auth.login(make_user())
    response = client.post(f"/praktik/{cs.id}/bermanfaat", data={"on": "flip"})
    assert response.status_code == 400
    assert "Pilihan tidak dikenal" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["bermanfaat", "diterapkan"])
def test_anonymous_visitors_are_sent_to_sign_in(client, db, make_case_study, path):
    cs = make_case_study()
    response = client.post(f"/praktik/{cs.id}/{path}", data={"on": "1"})
    assert response.status_code == 302
    assert "/masuk" in response.headers["Location"]
    assert counts(db, cs) == (0, 0)


@pytest.mark.parametrize("path", ["bermanfaat", "diterapkan"])
@pytest.mark.parametrize("status", [Status.DRAFT, Status.HIDDEN])
def test_drafts_and_hidden_case_studies_are_404_for_colleagues(
    client, auth, db, make_case_study, make_user, path, status
):
    cs = make_case_study()
    cs.status = status
    db.session.commit()
    auth.login(make_user())
    response = client.post(f"/praktik/{cs.id}/{path}", data={"on": "1"})
    assert response.status_code == 404
    assert client.post(f"/praktik/99999/{path}", data={"on": "1"}).status_code == 404


@pytest.mark.parametrize("path", ["bermanfaat", "diterapkan"])
def test_the_author_is_refused_with_403(client, auth, db, make_case_study, path):
    cs = make_case_study()
    auth.login(cs.author)
    response = client.post(f"/praktik/{cs.id}/{path}", data={"on": "1"})
    assert response.status_code == 403
    assert counts(db, cs) == (0, 0)


def test_recording_a_replication_through_the_page(
    client, auth, db, make_case_study, make_user
):
    cs, colleague = make_case_study(), make_user()
    auth.login(colleague)
    response = client.post(
        f"/praktik/{cs.id}/diterapkan", data={"on": "1", "note": "Dipakai di loket."}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("#apresiasi")
    assert counts(db, cs) == (0, 1)
    html = page(client, cs)
    assert "Dipakai di loket." in html
    assert "Batalkan penerapan saya" in html

    client.post(f"/praktik/{cs.id}/diterapkan", data={"on": "1", "note": "Lagi."})
    assert counts(db, cs) == (0, 1)
    client.post(f"/praktik/{cs.id}/diterapkan", data={"on": "0"})
    client.post(f"/praktik/{cs.id}/diterapkan", data={"on": "0"})
    assert counts(db, cs) == (0, 0)


def test_a_posted_agency_id_is_ignored(
    client, auth, db, make_case_study, make_user, make_agency
):
    cs, colleague, elsewhere = make_case_study(), make_user(), make_agency()
    auth.login(colleague)
    client.post(
        f"/praktik/{cs.id}/diterapkan",
        data={"on": "1", "agency_id": str(elsewhere.id), "user_id": str(cs.author_id)},
    )
    [row] = db.session.scalars(sa.select(Replication)).all()
    assert row.agency_id == colleague.agency_id
    assert row.user_id == colleague.id


def test_a_too_long_note_is_refused_with_400_and_the_text_kept(
    client, auth, db, make_case_study, make_user
):
    cs = make_case_study()
    auth.login(make_user())
    note = "Catatan <b>panjang</b> " + "x" * 500
    response = client.post(
        f"/praktik/{cs.id}/diterapkan", data={"on": "1", "note": note}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "paling banyak 500 karakter" in html
    assert "Catatan &lt;b&gt;panjang&lt;/b&gt; " + "x" * 500 in html
    assert counts(db, cs) == (0, 0)


def test_without_an_agency_the_page_links_to_the_profile_and_keeps_the_note(
    client, auth, db, make_case_study, make_user
):
    cs, colleague = make_case_study(), make_user()
    colleague.agency = None
    db.session.commit()
    auth.login(colleague)
    response = client.post(
        f"/praktik/{cs.id}/diterapkan", data={"on": "1", "note": "Sudah kami coba."}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="/profil/ubah"' in html
    assert "Sudah kami coba." in html
    assert counts(db, cs) == (0, 0)


# --- what pages show ----------------------------------------------------------


def test_case_study_page_lists_the_agencies_and_escaped_notes(
    client, db, make_case_study, make_user, make_agency
):
    cs = make_case_study()
    a, b = make_agency("Kecamatan Medan Baru"), make_agency("Disdukcapil")
    appreciation.record_replication(make_user(agency=a), cs, "<script>x()</script>")
    appreciation.record_replication(make_user(agency=a), cs, "Baris satu\nbaris dua")
    appreciation.record_replication(make_user(agency=b), cs, "")
    appreciation.set_helpful(make_user(), cs, True)
    db.session.commit()
    html = page(client, cs)
    assert "Diterapkan juga di 2 instansi" in html
    assert "Kecamatan Medan Baru" in html and "Disdukcapil" in html
    assert "&lt;script&gt;x()&lt;/script&gt;" in html
    assert "<script>x()" not in html
    assert "Baris satu<br>baris dua" in html
    assert "1 rekan menandai bermanfaat" in html  # anonymous: counts only
    assert "Masuk untuk menandai bermanfaat" in html
    assert "/bermanfaat" not in html


def test_the_author_sees_the_counts_but_no_buttons(
    client, auth, db, make_case_study, make_user
):
    cs = make_case_study()
    appreciation.set_helpful(make_user(), cs, True)
    db.session.commit()
    auth.login(cs.author)
    html = page(client, cs)
    assert "1 rekan menandai bermanfaat" in html
    assert "/bermanfaat" not in html
    assert "/diterapkan" not in html


def test_a_colleague_sees_both_buttons(client, auth, make_case_study, make_user):
    cs = make_case_study()
    auth.login(make_user())
    html = page(client, cs)
    assert f'action="/praktik/{cs.id}/bermanfaat"' in html
    assert 'aria-pressed="false"' in html
    assert "Saya menerapkan ini juga" in html
    assert f'action="/praktik/{cs.id}/diterapkan"' in html


def test_cards_show_the_counts_only_when_above_zero(
    client, db, make_case_study, make_user, make_program
):
    program = make_program()
    marked = make_case_study(program=program)
    make_case_study(program=program)
    appreciation.set_helpful(make_user(), marked, True)
    appreciation.set_helpful(make_user(), marked, True)
    appreciation.record_replication(make_user(), marked, "")
    db.session.commit()
    html = client.get(f"/program/{program.slug}").get_data(as_text=True)
    assert html.count("appreciation-counts") == 1
    assert "2 menandai bermanfaat" in html
    assert "1 menerapkan juga" in html


def test_agency_page_shows_what_was_replicated_there_and_from_there(
    client, db, make_case_study, make_user, make_agency
):
    here, there = make_agency("Dinas Sini"), make_agency("Dinas Sana")
    theirs = make_case_study(author=make_user(agency=there), title="Praktik dari sana")
    ours = make_case_study(author=make_user(agency=here), title="Praktik dari sini")
    hidden = make_case_study(
        author=make_user(agency=there), title="Praktik tersembunyi"
    )
    for _ in range(2):
        appreciation.record_replication(make_user(agency=here), theirs, "")
    appreciation.record_replication(make_user(agency=here), hidden, "")
    appreciation.record_replication(make_user(agency=there), ours, "")
    appreciation.record_replication(make_user(agency=here), ours, "")  # same agency
    db.session.commit()
    hidden.status = Status.HIDDEN
    db.session.commit()

    found = appreciation.replicated_in(here)
    assert [(cs.title, n) for cs, n in found] == [
        ("Praktik dari sana", 2),
        ("Praktik dari sini", 1),
    ]
    assert appreciation.replicated_from(here) == 1
    assert appreciation.replicated_from(there) == 1

    html = client.get("/instansi/dinas-sini").get_data(as_text=True)
    assert "Diterapkan di instansi ini" in html
    assert "Praktik dari sana" in html
    assert "diterapkan 2 rekan di sini" in html
    assert "Praktik tersembunyi" not in html
    assert "1 praktik dari instansi ini diterapkan juga di instansi lain" in html


def test_case_study_page_queries_do_not_grow_with_replications(
    client, auth, db, count_queries, make_case_study, make_user
):
    few, many = make_case_study(), make_case_study()
    appreciation.record_replication(make_user(), few, "Satu.")
    for n in range(12):
        appreciation.record_replication(make_user(), many, f"Catatan {n}.")
        appreciation.set_helpful(make_user(), many, True)
    db.session.commit()
    auth.login(make_user())
    found = []
    for cs in (few, many):
        with count_queries() as counter:
            assert client.get(f"/praktik/{cs.id}/{cs.slug}").status_code == 200
        found.append(counter.count)
    assert found[0] == found[1]


def test_agency_page_queries_do_not_grow_with_replications(
    client, db, count_queries, make_case_study, make_user, make_agency
):
    few, many = make_agency("Dinas Sedikit"), make_agency("Dinas Banyak")
    for agency, n in ((few, 1), (many, 12)):
        for _ in range(n):
            theirs = make_case_study()
            appreciation.record_replication(make_user(agency=agency), theirs, "")
            ours = make_case_study(author=make_user(agency=agency))
            appreciation.record_replication(make_user(), ours, "")
    db.session.commit()
    found = []
    for slug in ("dinas-sedikit", "dinas-banyak"):
        with count_queries() as counter:
            assert client.get(f"/instansi/{slug}").status_code == 200
        found.append(counter.count)
    assert found[0] == found[1]

"""Reporting content (laporkan): who may report what, once, and automatic hiding."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.models import (
    AuditEvent,
    CaseStudy,
    Comment,
    Flag,
    FlagReason,
    Notification,
    NotificationKind,
    Role,
    Status,
)
from app.moderation import decisions, flags
from app.moderation.flags import DuplicateFlag, FlagError


def open_flags(db) -> list[Flag]:  # noqa: ANN001
    return list(
        db.session.scalars(
            sa.select(Flag).where(Flag.resolved_at.is_(None)).order_by(Flag.id)
        )
    )


def case_url(cs: CaseStudy) -> str:
    return f"/praktik/{cs.id}/{cs.slug}"


# The service -------------------------------------------------------------------


def test_a_member_reports_a_case_study_with_a_reason_and_a_note(
    db, make_case_study, make_user
):
    case_study, reporter = make_case_study(), make_user()

    report = flags.flag(reporter, case_study, "personal_data", "  Ada NIK warga.  ")
    db.session.commit()

    assert (report.reason, report.note) == (FlagReason.PERSONAL_DATA, "Ada NIK warga.")
    assert (report.case_study_id, report.comment_id) == (case_study.id, None)
    assert report.is_open and report.target_type == "case_study"


def test_a_comment_report_remembers_the_comment_and_its_case_study(
    db, make_case_study, make_comment, make_user
):
    case_study = make_case_study()
    comment = make_comment(case_study)

    report = flags.flag(make_user(), comment, FlagReason.SPAM)

    assert (report.case_study_id, report.comment_id) == (case_study.id, comment.id)
    assert report.target_type == "comment"


def test_one_open_report_per_user_per_item(db, make_case_study, make_user):
    case_study, reporter = make_case_study(), make_user()
    flags.flag(reporter, case_study, "spam")
    db.session.commit()

    with pytest.raises(DuplicateFlag, match="sudah melaporkan"):
        flags.flag(reporter, case_study, "inaccurate")
    db.session.rollback()
    assert len(open_flags(db)) == 1


def test_reporting_a_case_study_and_one_of_its_comments_are_two_items(
    db, make_case_study, make_comment, make_user
):
    case_study, reporter = make_case_study(), make_user()
    flags.flag(reporter, case_study, "spam")
    flags.flag(reporter, make_comment(case_study), "spam")
    db.session.commit()
    assert len(open_flags(db)) == 2


def test_the_database_refuses_a_second_open_report_when_two_requests_race(
    db, make_case_study, make_user, monkeypatch
):
    case_study, reporter = make_case_study(), make_user()
    flags.flag(reporter, case_study, "spam")
    db.session.commit()
    # The other request passed the check before the first one committed.
    monkeypatch.setattr(flags, "has_open_flag", lambda *_args: False)

    with pytest.raises(DuplicateFlag):
        flags.flag(reporter, case_study, "other")
    db.session.rollback()
    assert len(open_flags(db)) == 1


def test_the_unique_index_covers_only_open_reports(db, make_case_study, make_user):
    case_study, reporter = make_case_study(), make_user()
    first = Flag(
        reporter_id=reporter.id, case_study_id=case_study.id, reason=FlagReason.SPAM
    )
    db.session.add(first)
    db.session.commit()
    db.session.add(
        Flag(
            reporter_id=reporter.id,
            case_study_id=case_study.id,
            reason=FlagReason.OTHER,
        )
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_user_may_report_again_after_a_moderator_decided(
    db, make_case_study, make_user
):
    case_study, reporter = make_case_study(), make_user()
    flags.flag(reporter, case_study, "spam")
    decisions.dismiss_flags(case_study, make_user(Role.MODERATOR))
    db.session.commit()

    flags.flag(reporter, case_study, "inaccurate")
    db.session.commit()

    assert [f.reason for f in open_flags(db)] == [FlagReason.INACCURATE]


def test_nobody_reports_their_own_case_study_or_comment(
    db, make_case_study, make_comment, make_user
):
    author = make_user()
    case_study = make_case_study(author=author)
    comment = make_comment(make_case_study(), author=author)

    for item in (case_study, comment):
        with pytest.raises(FlagError, match="sendiri"):
            flags.flag(author, item, "spam")
    assert open_flags(db) == []


@pytest.mark.parametrize("reason", ["", "SPAM", "jelek", "tidak pantas"])
def test_the_reason_must_be_one_of_the_list(db, make_case_study, make_user, reason):
    with pytest.raises(FlagError, match="alasan"):
        flags.flag(make_user(), make_case_study(), reason)


def test_the_note_is_at_most_1000_characters(db, make_case_study, make_user):
    case_study = make_case_study()
    assert flags.flag(make_user(), case_study, "other", "a" * 1000).id
    with pytest.raises(FlagError, match="1000"):
        flags.flag(make_user(), case_study, "other", "a" * 1001)


def test_only_what_the_public_sees_can_be_reported(
    db, make_case_study, make_comment, make_user
):
    draft = make_case_study(publish=False)
    deleted = make_comment(make_case_study())
    deleted.deleted_at = deleted.created_at
    db.session.commit()

    for item in (draft, deleted):
        with pytest.raises(FlagError, match="tampil untuk umum"):
            flags.flag(make_user(), item, "spam")


# Hidden automatically ----------------------------------------------------------


def test_reports_from_three_different_users_hide_a_case_study_until_a_decision(
    db, make_case_study, make_user
):
    case_study = make_case_study()
    for _ in range(2):
        flags.flag(make_user(), case_study, "spam")
    db.session.commit()
    assert case_study.status is Status.PUBLISHED

    flags.flag(make_user(), case_study, "inappropriate")
    db.session.commit()

    assert case_study.status is Status.HIDDEN
    assert case_study.hidden_by_id is None
    assert case_study.hidden_reason == "disembunyikan otomatis: 3 laporan"
    assert len(open_flags(db)) == 3  # still waiting for a moderator
    event = db.session.scalar(sa.select(AuditEvent))
    assert (event.actor_id, event.action, event.target_id) == (
        None,
        "auto_hide",
        case_study.id,
    )
    notice = db.session.scalar(
        sa.select(Notification).where(Notification.user_id == case_study.author_id)
    )
    assert notice.kind is NotificationKind.HIDDEN
    assert notice.message == "disembunyikan otomatis: 3 laporan"


def test_a_comment_is_hidden_automatically_too(
    db, make_case_study, make_comment, make_user
):
    comment = make_comment(make_case_study())
    for _ in range(3):
        flags.flag(make_user(), comment, "spam")
    db.session.commit()

    assert comment.is_hidden and comment.hidden_reason.endswith("3 laporan")
    assert db.session.scalar(sa.select(AuditEvent.target_type)) == "comment"


def test_only_open_reports_from_different_users_count(
    db, make_case_study, make_comment, make_user
):
    case_study = make_case_study()
    dismissed = make_user()
    flags.flag(dismissed, case_study, "spam")
    decisions.dismiss_flags(case_study, make_user(Role.MODERATOR))
    # Reports on its comments are about the comments, not the case study.
    comment = make_comment(case_study)
    flags.flag(make_user(), comment, "spam")
    flags.flag(make_user(), case_study, "spam")
    flags.flag(make_user(), case_study, "spam")
    db.session.commit()

    assert case_study.status is Status.PUBLISHED
    assert flags.open_reporters(case_study) == 2


def test_the_threshold_is_configurable(app, db, make_case_study, make_user):
    app.config["FLAG_HIDE_THRESHOLD"] = 1
    case_study = make_case_study()

    flags.flag(make_user(), case_study, "spam")
    db.session.commit()

    assert case_study.status is Status.HIDDEN
    assert case_study.hidden_reason == "disembunyikan otomatis: 1 laporan"


# Pages -------------------------------------------------------------------------


def test_the_report_form_asks_for_a_reason_with_labels(
    client, auth, make_case_study, make_user
):
    case_study = make_case_study()
    auth.login(make_user())

    page = client.get(f"/laporkan/praktik/{case_study.id}").get_data(as_text=True)

    for label in ("Spam", "Tidak pantas", "Data pribadi", "Tidak akurat", "Lainnya"):
        assert label in page
    assert 'name="reason"' in page and 'for="note"' in page


def test_reporting_a_case_study_thanks_and_returns_to_it(
    client, auth, db, make_case_study, make_user
):
    case_study, reporter = make_case_study(), make_user()
    auth.login(reporter)

    response = client.post(
        f"/laporkan/praktik/{case_study.id}",
        data={"reason": "inaccurate", "note": "Angkanya keliru."},
    )

    assert response.status_code == 302
    assert response.headers["Location"].endswith(case_url(case_study))
    (report,) = open_flags(db)
    assert (report.reporter_id, report.note) == (reporter.id, "Angkanya keliru.")
    assert "Laporan Anda sudah diterima" in client.get(case_url(case_study)).get_data(
        as_text=True
    )


def test_reporting_a_comment_returns_to_the_comment(
    client, auth, db, make_case_study, make_comment, make_user
):
    case_study = make_case_study()
    comment = make_comment(case_study)
    auth.login(make_user())

    response = client.post(f"/laporkan/komentar/{comment.id}", data={"reason": "spam"})

    assert response.headers["Location"].endswith(f"#komentar-{comment.id}")
    assert open_flags(db)[0].comment_id == comment.id


def test_reporting_twice_shows_a_clear_message(
    client, auth, db, make_case_study, make_user
):
    case_study = make_case_study()
    auth.login(make_user())
    client.post(f"/laporkan/praktik/{case_study.id}", data={"reason": "spam"})

    response = client.post(
        f"/laporkan/praktik/{case_study.id}", data={"reason": "other", "note": "Lagi"}
    )

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Anda sudah melaporkan ini" in page and "Lagi" in page
    assert len(open_flags(db)) == 1


def test_reporting_without_a_valid_reason_keeps_the_note(
    client, auth, db, make_case_study, make_user
):
    case_study = make_case_study()
    auth.login(make_user())

    missing = client.post(
        f"/laporkan/praktik/{case_study.id}", data={"note": "Catatan saya"}
    )
    unknown = client.post(
        f"/laporkan/praktik/{case_study.id}", data={"reason": "bohong"}
    )
    too_long = client.post(
        f"/laporkan/praktik/{case_study.id}",
        data={"reason": "other", "note": "x" * 1001},
    )

    assert missing.status_code == unknown.status_code == too_long.status_code == 400
    assert "Pilih alasan laporan." in missing.get_data(as_text=True)
    assert "Catatan saya" in missing.get_data(as_text=True)
    assert "Pilihan ini tidak tersedia." in unknown.get_data(as_text=True)
    assert "Paling banyak 1000 karakter." in too_long.get_data(as_text=True)
    assert open_flags(db) == []


def test_the_author_is_told_they_cannot_report_their_own_work(
    client, auth, db, make_case_study, make_comment, make_user
):
    author = make_user()
    case_study = make_case_study(author=author)
    comment = make_comment(case_study, author=author)
    auth.login(author)

    for path in (
        f"/laporkan/praktik/{case_study.id}",
        f"/laporkan/komentar/{comment.id}",
    ):
        response = client.post(path, data={"reason": "spam"})
        assert response.status_code == 403
        assert "tulisan Anda sendiri" in response.get_data(as_text=True)
    assert open_flags(db) == []


def test_anonymous_visitors_are_asked_to_sign_in_first(client, make_case_study):
    case_study = make_case_study()

    response = client.get(f"/laporkan/praktik/{case_study.id}")

    assert response.status_code == 302 and "/masuk" in response.headers["Location"]


def test_what_a_user_cannot_see_cannot_be_reported(
    client, auth, db, make_case_study, make_comment, make_user
):
    draft = make_case_study(publish=False)
    hidden = make_comment(make_case_study())
    decisions.hide(hidden, make_user(Role.MODERATOR), "Data pribadi.")
    db.session.commit()
    auth.login(make_user())

    assert client.get(f"/laporkan/praktik/{draft.id}").status_code == 404
    assert client.get(f"/laporkan/komentar/{hidden.id}").status_code == 404
    assert client.get("/laporkan/praktik/999999").status_code == 404
    assert client.get("/laporkan/komentar/999999").status_code == 404


def test_report_links_appear_for_others_but_not_on_ones_own_work(
    client, auth, make_case_study, make_comment, make_user
):
    author, reader = make_user(), make_user()
    case_study = make_case_study(author=author)
    theirs = make_comment(case_study, author=author)
    mine = make_comment(case_study, author=reader)
    auth.login(reader)

    page = client.get(case_url(case_study)).get_data(as_text=True)

    assert f'href="/laporkan/praktik/{case_study.id}"' in page
    assert f'href="/laporkan/komentar/{theirs.id}"' in page
    assert f'href="/laporkan/komentar/{mine.id}"' not in page
    auth.logout()
    auth.login(author)
    page = client.get(case_url(case_study)).get_data(as_text=True)
    assert "/laporkan/praktik/" not in page


def test_three_reports_through_the_pages_hide_the_case_study_from_readers(
    client, auth, db, make_case_study, make_user
):
    case_study = make_case_study()
    for _ in range(3):
        auth.login(make_user())
        client.post(f"/laporkan/praktik/{case_study.id}", data={"reason": "spam"})
        auth.logout()

    assert db.session.get(CaseStudy, case_study.id).status is Status.HIDDEN
    assert client.get(case_url(case_study)).status_code == 404


def test_comment_reports_hide_it_from_the_thread(
    client, auth, db, make_case_study, make_comment, make_user
):
    case_study = make_case_study()
    comment = make_comment(case_study, body="Iklan obat kuat murah")
    for _ in range(3):
        flags.flag(make_user(), comment, "spam")
    db.session.commit()

    page = client.get(case_url(case_study)).get_data(as_text=True)

    assert "Iklan obat kuat murah" not in page
    assert db.session.get(Comment, comment.id).is_hidden

"""Immediate notification emails: once each, only when chosen, even in parallel.

Email goes to a real local SMTP server (``tests/mailbox.py``); the tests read
what arrives.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from app.followups import sending
from app.models import (
    EmailFrequency,
    Notification,
    NotificationKind,
    NotificationTopic,
)
from app.models.base import utcnow
from app.notifications import immediate, settings
from tests.concurrency import command_env, run_commands_together, run_together
from tests.conftest import database_url
from tests.mailbox import BASE_URL, Mailbox, body_html, body_text, use_smtp

NOW = datetime(2026, 4, 13, 2, 0, tzinfo=UTC)  # 09.00 WIB
BEFORE = NOW - timedelta(minutes=1)


def reload(db, notification: Notification) -> Notification:  # noqa: ANN001
    db.session.expire_all()
    return db.session.get(Notification, notification.id)


def choose(db, user, **topics: str) -> None:  # noqa: ANN001
    settings.set_frequencies(
        user,
        {NotificationTopic(t): EmailFrequency(f) for t, f in topics.items()},
    )
    db.session.commit()


@pytest.fixture
def moderated(make_case_study, make_user, make_notification):  # noqa: ANN001,ANN201
    """A notice of a moderator's decision (immediate by default), 1 minute old."""

    def make(user=None, **fields):  # noqa: ANN001,ANN003,ANN202
        user = user or make_user(name="Sri Nasution")
        case_study = make_case_study(author=user, title="Antrean Puskesmas")
        return make_notification(
            user,
            NotificationKind.FEATURED,
            case_study=case_study,
            message="Contoh yang rapi dan terukur.",
            created_at=BEFORE,
            **fields,
        )

    return make


# --- what is emailed --------------------------------------------------------------


def test_an_immediate_notice_is_emailed_once_with_its_reason_and_unsubscribe_link(
    db, mail_server, moderated
):
    notice = moderated()
    user = notice.user
    report = immediate.send_pending(NOW)
    assert (report.emailed, report.failed) == (1, 0)
    assert immediate.send_pending(NOW).emailed == 0  # never twice
    [message] = mail_server.messages
    assert mail_server.envelopes[0][1] == [user.email]
    assert message["Subject"] == (
        "Studi kasus Anda «Antrean Puskesmas» dipilih menjadi praktik unggulan."
    )
    text, html = body_text(message), body_html(message)
    assert "Yth. Sri Nasution," in text
    assert "Catatan kurator: Contoh yang rapi dan terukur." in text
    assert f"{BASE_URL}/notifikasi/{notice.id}" in text
    reason = "Anda menerima ini karena ini keputusan moderator tentang konten Anda."
    assert reason in text and reason in html
    assert f"{BASE_URL}/pengaturan/notifikasi#topik-moderation" in text
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith(f"{BASE_URL}/berhenti/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in text and f'href="{unsubscribe}"' in html
    assert "Berhenti menerima email tentang «Keputusan moderator»" in text
    assert reload(db, notice).mailed_at == NOW


def test_the_unsubscribe_link_in_the_email_turns_that_topic_off(
    db, client, mail_server, moderated
):
    notice = moderated()
    immediate.send_pending(NOW)
    link = mail_server.messages[0]["List-Unsubscribe"].strip("<>")
    response = client.post(urlsplit(link).path, data="List-Unsubscribe=One-Click")
    assert response.status_code == 200
    assert settings.frequency_for(notice.user, NotificationTopic.MODERATION) is (
        EmailFrequency.NEVER
    )


def test_never_is_not_emailed_and_not_looked_at_again(
    db, mail_server, moderated, make_user
):
    user = make_user()
    choose(db, user, moderation="never")
    notice = moderated(user)
    report = immediate.send_pending(NOW)
    assert (report.emailed, report.quiet) == (0, 1)
    assert mail_server.messages == []
    assert reload(db, notice).mailed_at == NOW
    assert immediate.candidates(NOW, 10) == []


def test_a_daily_topic_is_left_for_the_digest(
    db, mail_server, make_case_study, make_user, make_notification
):
    case_study = make_case_study()
    comment = make_notification(
        case_study.author,
        NotificationKind.COMMENT,  # discussion: daily by default
        case_study=case_study,
        actor=make_user(),
        created_at=BEFORE,
    )
    report = immediate.send_pending(NOW)
    assert (report.emailed, report.quiet) == (0, 0)
    assert reload(db, comment).mailed_at is None


def test_inactive_and_pending_accounts_get_no_email_whatever_they_chose(
    db, mail_server, moderated, make_user, make_case_study, make_notification
):
    inactive = make_user(active=False)
    pending = make_user()
    pending.pending_since = utcnow()
    db.session.commit()
    notices = [moderated(inactive), moderated(pending)]
    # Even a daily topic: nobody will read a digest either.
    case_study = make_case_study(author=inactive)
    notices.append(
        make_notification(
            inactive, NotificationKind.COMMENT, case_study=case_study, created_at=BEFORE
        )
    )
    report = immediate.send_pending(NOW)
    assert (report.emailed, report.quiet) == (0, 3)
    assert mail_server.messages == []
    notices = [reload(db, n) for n in notices]
    assert all(n.mailed_at == NOW for n in notices)
    assert "nonaktif" in notices[0].mail_error
    assert "belum didaftarkan" in notices[1].mail_error


def test_a_notice_read_in_the_app_meanwhile_is_not_emailed(db, mail_server, moderated):
    moderated(read_at=BEFORE)
    assert immediate.send_pending(NOW).quiet == 1
    assert mail_server.messages == []


def test_a_notice_about_a_case_study_its_reader_can_no_longer_see_is_not_emailed(
    db, mail_server, make_case_study, make_user, make_notification
):
    from app.models import Status

    user = make_user()
    choose(db, user, following="immediate")
    hidden = make_case_study(title="Rahasia Zamrud")
    notice = make_notification(
        user, NotificationKind.NEW_CASE_STUDY, case_study=hidden, created_at=BEFORE
    )
    hidden.status = Status.HIDDEN
    db.session.commit()
    assert immediate.send_pending(NOW).emailed == 0
    assert mail_server.messages == []
    assert "tidak tersedia" in reload(db, notice).mail_error


def test_a_notice_in_the_future_of_now_waits(db, mail_server, moderated):
    notice = moderated()
    assert immediate.send_pending(BEFORE - timedelta(minutes=5)).emailed == 0
    assert reload(db, notice).mailed_at is None


# --- grouped kinds ----------------------------------------------------------------


def test_grouped_marks_wait_a_few_minutes_then_go_out_as_one_email(
    db, mail_server, make_case_study, make_user, make_notification
):
    author = make_user()
    choose(db, author, appreciation="immediate")
    case_study = make_case_study(author=author, title="Antrean Puskesmas")
    group = make_notification(
        author,
        NotificationKind.HELPFUL,
        case_study=case_study,
        actor=make_user(name="Sri Nasution"),
        actor_count=5,
        group_started_at=NOW - timedelta(minutes=3),
        created_at=NOW - timedelta(minutes=1),
    )
    assert immediate.send_pending(NOW).emailed == 0  # still gathering
    assert reload(db, group).mailed_at is None
    later = NOW + immediate.GROUP_WAIT
    assert immediate.send_pending(later).emailed == 1
    [message] = mail_server.messages
    assert message["Subject"] == (
        "Sri Nasution dan 4 rekan lain menandai studi kasus Anda «Antrean Puskesmas» "
        "bermanfaat."
    )
    assert "Anda menerima ini karena Anda penulis studi kasus ini." in body_text(
        message
    )
    assert reload(db, group).mailed_at == later


def test_the_group_wait_can_be_configured(
    app, db, mail_server, make_case_study, make_user, make_notification
):
    app.config["NOTIFY_GROUP_WAIT"] = 60
    author = make_user()
    choose(db, author, appreciation="immediate")
    make_notification(
        author,
        NotificationKind.REPLICATED,
        case_study=make_case_study(author=author),
        actor=make_user(),
        group_started_at=NOW - timedelta(minutes=2),
        created_at=NOW - timedelta(minutes=2),
    )
    assert immediate.send_pending(NOW).emailed == 1


# --- the command ------------------------------------------------------------------


def test_the_command_reports_and_prints_the_count_last(
    db, runner, mail_server, moderated, make_user
):
    for _ in range(3):
        moderated(make_user())
    quiet = make_user()
    choose(db, quiet, moderation="never")
    moderated(quiet)
    result = runner.invoke(
        args=["notifications", "send", "--now", "2026-04-13T09:00+07:00"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-2:] == [
        "Email terkirim: 3, gagal: 0; tanpa email: 1.",
        "3 notifications emailed",
    ]
    assert len(mail_server.messages) == 3


def test_when_smtp_fails_the_error_is_recorded_and_the_command_fails(
    app, db, runner, moderated
):
    from tests.mailbox import free_port

    use_smtp(app, free_port())  # nobody listens there
    notice = moderated()
    result = runner.invoke(args=["notifications", "send", "--now", "2026-04-13T09:00"])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "0 notifications emailed"
    notice = reload(db, notice)
    assert notice.mailed_at is not None  # not retried: never twice
    assert "ConnectionRefusedError" in notice.mail_error


def test_without_base_url_nothing_is_claimed(app, db, runner, mail_server, moderated):
    app.config["BASE_URL"] = ""
    notice = moderated()
    result = runner.invoke(args=["notifications", "send", "--now", "2026-04-13T09:00"])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "0 notifications emailed"
    assert reload(db, notice).mailed_at is None


# --- two senders at once ----------------------------------------------------------

SENDERS = 2
NOTICES = 40


def many_immediate_notices(make_user, make_notification) -> list[str]:  # noqa: ANN001
    """A warning (moderation: immediate by default) for each of NOTICES users."""
    users = [make_user() for _ in range(NOTICES)]
    for user in users:
        make_notification(
            user,
            NotificationKind.WARNING,
            message="Mohon jaga bahasa.",
            created_at=BEFORE,
        )
    return [u.email for u in users]


def assert_each_emailed_once(db, box: Mailbox, emails: list[str]) -> None:  # noqa: ANN001
    recipients = sorted(to for _sender, tos in box.envelopes for to in tos)
    assert recipients == sorted(emails)
    db.session.expire_all()
    unmailed = db.session.scalar(
        sa.select(sa.func.count(Notification.id)).where(
            Notification.mailed_at.is_(None)
        )
    )
    assert unmailed == 0


def test_two_senders_in_parallel_email_each_notice_exactly_once(
    app, db, config_class, mail_server, make_user, make_notification
):
    emails = many_immediate_notices(make_user, make_notification)

    def send(_n, start) -> immediate.SendReport:  # noqa: ANN001
        start()
        return immediate.send_pending(NOW, batch_size=3)

    reports = run_together(
        config_class,
        SENDERS,
        send,
        prepare=lambda other: use_smtp(other, mail_server.port),
    )
    assert sum(r.emailed for r in reports) == NOTICES
    assert all(r.emailed > 0 for r in reports), "one sender did all the work"
    assert_each_emailed_once(db, mail_server, emails)


def test_two_cron_runs_of_the_command_at_once_email_each_notice_exactly_once(
    db, test_dirs, tmp_path, mail_server, make_user, make_notification
):
    emails = many_immediate_notices(make_user, make_notification)
    env = command_env(database_url(test_dirs), tmp_path, mail_server.port, BASE_URL)

    last_lines = run_commands_together(
        [
            "notifications",
            "send",
            "--now",
            "2026-04-13T09:00+07:00",
            "--batch-size",
            "3",
        ],
        env,
        SENDERS,
    )

    counts = [int(line.removesuffix(" notifications emailed")) for line in last_lines]
    assert sum(counts) == NOTICES, last_lines
    assert_each_emailed_once(db, mail_server, emails)


def test_claims_are_atomic_a_second_claim_of_the_same_notice_fails(db, moderated):
    notice = moderated()
    assert immediate.claim(notice.id, NOW) is True
    assert immediate.claim(notice.id, NOW) is False


# --- follow-ups obey the programme choice -------------------------------------------

COMPLETED = date(2026, 3, 14)
EARLY_DUE = datetime(2026, 4, 13, 2, 0, tzinfo=UTC)


def follow_up_notice(db) -> Notification:  # noqa: ANN001
    db.session.expire_all()
    return db.session.scalars(
        sa.select(Notification).where(Notification.kind == NotificationKind.FOLLOW_UP)
    ).one()


def test_an_immediate_follow_up_is_emailed_by_its_sender_with_unsubscribe_headers(
    db, mail_server, make_user, make_program, make_completion
):
    user = make_user()
    make_completion(user, make_program("Seminar Inovasi"), completed_on=COMPLETED)
    report = sending.send_due(EARLY_DUE)
    assert (report.sent, report.emailed) == (1, 1)
    [message] = mail_server.messages
    assert message["List-Unsubscribe"].startswith(f"<{BASE_URL}/berhenti/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = body_text(message)
    assert "Anda menerima ini karena Anda mencatat telah menyelesaikan" in text
    assert "Berhenti menerima email tentang «Program dan tindak lanjut»" in text
    assert follow_up_notice(db).mailed_at == EARLY_DUE
    # ... so the notification sender does not email it a second time.
    assert immediate.send_pending(EARLY_DUE + timedelta(hours=1)).emailed == 0
    assert len(mail_server.messages) == 1


@pytest.mark.parametrize("frequency", ["daily", "never"])
def test_a_follow_up_for_someone_who_chose_digest_or_never_is_not_emailed_now(
    db, mail_server, make_user, make_program, make_completion, frequency
):
    user = make_user()
    choose(db, user, programme=frequency)
    make_completion(user, make_program(), completed_on=COMPLETED)
    report = sending.send_due(EARLY_DUE)
    assert (report.sent, report.emailed, report.not_emailed) == (1, 0, 1)
    assert mail_server.messages == []
    assert follow_up_notice(db).mailed_at is None  # for the digest, or:
    immediate.send_pending(EARLY_DUE + timedelta(hours=1))
    settled = follow_up_notice(db).mailed_at
    assert (settled is None) == (frequency == "daily")
    assert mail_server.messages == []

"""Sending due follow-ups: notification plus email, exactly once, even in parallel.

Email goes to a real local SMTP server (aiosmtpd); the tests read what arrives.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from app import create_app
from app.followups import sending
from app.mail import MailConfigError, Mailer
from app.models import (
    Completion,
    FollowUp,
    FollowUpStage,
    Notification,
    NotificationKind,
)
from app.models.base import utcnow
from tests.concurrency import command_env, run_commands_together, run_together
from tests.conftest import database_url
from tests.mailbox import Mailbox, body_html, body_text, free_port, running_mailbox

BASE_URL = "https://lumbung.example.go.id"
COMPLETED = date(2026, 3, 14)
EARLY_DUE = datetime(2026, 4, 13, 2, 0, tzinfo=UTC)  # 09.00 WIB
LATER_DUE = datetime(2026, 6, 12, 2, 0, tzinfo=UTC)
SUSTAINED_DUE = datetime(2026, 9, 10, 2, 0, tzinfo=UTC)


def use_smtp(app, port: int) -> None:  # noqa: ANN001
    app.config.update(
        MAIL_BACKEND="smtp",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=port,
        MAIL_DEFAULT_SENDER="Lumbung Praktik <noreply@lumbung.example.go.id>",
        MAIL_TIMEOUT=5,
        BASE_URL=BASE_URL,
    )


@pytest.fixture
def mailbox(app) -> Iterator[Mailbox]:  # noqa: ANN001
    with running_mailbox() as box:
        use_smtp(app, box.port)
        yield box


def stage_of(db, completion: Completion, stage: FollowUpStage) -> FollowUp:  # noqa: ANN001
    return db.session.scalar(
        sa.select(FollowUp).where(
            FollowUp.completion_id == completion.id, FollowUp.stage == stage
        )
    )


def follow_up_notices(db) -> list[Notification]:  # noqa: ANN001
    return list(
        db.session.scalars(
            sa.select(Notification).where(
                Notification.kind == NotificationKind.FOLLOW_UP
            )
        )
    )


# --- what one follow-up sends -------------------------------------------------------


def test_a_due_follow_up_sends_a_notice_and_an_email_with_the_check_in_link(
    db, mailbox, make_user, make_program, make_completion
):
    user = make_user(name="Sri Nasution")
    program = make_program("Pelatihan Manajemen Krisis")
    completion = make_completion(user, program, completed_on=COMPLETED)
    report = sending.send_due(EARLY_DUE)
    assert (report.sent, report.emailed, report.email_failed) == (1, 1, 0)
    early = stage_of(db, completion, FollowUpStage.EARLY)
    assert early.sent_at == EARLY_DUE and early.email_error == ""
    [notice] = follow_up_notices(db)
    assert (notice.user_id, notice.follow_up_id) == (user.id, early.id)
    [message] = mailbox.messages
    assert mailbox.envelopes[0][1] == [user.email]
    assert message["Subject"] == (
        "Tindak lanjut «Pelatihan Manajemen Krisis»: bagaimana penerapannya?"
    )
    link = f"{BASE_URL}/tindak-lanjut/{early.id}"
    text = body_text(message)
    assert link in text
    assert "Sudah 30 hari sejak Anda menyelesaikan" in text
    assert "14 Maret 2026" in text
    assert "Apa yang berubah? Sebutkan angka bila bisa." in text
    assert f'href="{link}"' in body_html(message)


def test_a_follow_up_is_sent_once_however_often_the_command_runs(
    db, mailbox, make_user, make_program, make_completion
):
    make_completion(make_user(), make_program(), completed_on=COMPLETED)
    assert sending.send_due(EARLY_DUE).sent == 1
    assert sending.send_due(EARLY_DUE).sent == 0
    assert len(mailbox.messages) == 1
    assert len(follow_up_notices(db)) == 1


def test_the_email_is_in_the_recipients_language(
    db, mailbox, make_user, make_program, make_completion
):
    user = make_user()
    user.locale = "en"
    db.session.commit()
    make_completion(user, make_program(), completed_on=COMPLETED)
    sending.send_due(EARLY_DUE)
    # Dates are formatted by the locale, whatever the catalogue holds.
    assert "14 March 2026" in body_text(mailbox.messages[0])


def test_the_first_invitation_offers_a_case_study_only_to_who_wrote_none(
    db, mailbox, make_user, make_program, make_completion, make_case_study
):
    program = make_program()
    writer, reader = make_user(), make_user()
    make_case_study(author=writer, program=program)  # also records a completion
    writer_completion = db.session.scalar(
        sa.select(Completion).where(Completion.user_id == writer.id)
    )
    writer_completion.completed_on = COMPLETED
    make_completion(reader, program, completed_on=COMPLETED)
    db.session.commit()
    sending.send_due(EARLY_DUE)
    invite = f"{BASE_URL}/praktik/baru?program_id={program.id}"
    [to_writer] = mailbox.to(writer.email)
    [to_reader] = mailbox.to(reader.email)
    assert invite not in body_text(to_writer)
    assert invite in body_text(to_reader)
    sending.send_due(LATER_DUE)  # later stages always invite
    assert all(invite in body_text(m) for m in mailbox.messages[2:])
    assert len(mailbox.messages) == 4


def test_the_sustainability_check_asks_whether_it_is_still_applied(
    db, mailbox, make_user, make_program, make_completion
):
    make_completion(
        make_user(), make_program("Seminar Inovasi"), completed_on=COMPLETED
    )
    sending.send_due(EARLY_DUE)
    sending.send_due(LATER_DUE)
    sending.send_due(SUSTAINED_DUE)
    assert mailbox.messages[-1]["Subject"] == "Masih menerapkan «Seminar Inovasi»?"
    assert "Sudah 180 hari" in body_text(mailbox.messages[-1])


# --- what is not sent ---------------------------------------------------------------


def test_inactive_and_pending_accounts_are_skipped_visibly_and_never_retried(
    db, mailbox, make_user, make_program, make_completion
):
    program = make_program()
    inactive = make_user(active=False)
    pending = make_user()
    pending.pending_since = utcnow()
    db.session.commit()
    first = make_completion(inactive, program, completed_on=COMPLETED)
    second = make_completion(pending, program, completed_on=COMPLETED)
    report = sending.send_due(EARLY_DUE)
    assert (report.sent, report.skipped) == (0, 2)
    assert mailbox.messages == [] and follow_up_notices(db) == []
    skipped = [stage_of(db, c, FollowUpStage.EARLY) for c in (first, second)]
    assert all(f.claimed_at and f.sent_at is None for f in skipped)
    assert "nonaktif" in skipped[0].email_error
    assert "belum didaftarkan" in skipped[1].email_error
    assert sending.send_due(EARLY_DUE).skipped == 0  # not picked up again


def test_an_answered_follow_up_is_not_sent(
    db, mailbox, make_user, make_program, make_completion
):
    completion = make_completion(make_user(), make_program(), completed_on=COMPLETED)
    stage_of(db, completion, FollowUpStage.EARLY).answered_at = utcnow()
    db.session.commit()
    assert sending.send_due(EARLY_DUE).sent == 0
    assert mailbox.messages == []


def test_a_completion_declared_late_gets_one_invitation_not_three(
    db, mailbox, make_user, make_program, make_completion
):
    completion = make_completion(
        make_user(), make_program(), completed_on=date(2024, 1, 10)
    )
    report = sending.send_due(EARLY_DUE)
    assert (report.sent, report.skipped) == (1, 2)
    assert len(mailbox.messages) == 1
    sustained = stage_of(db, completion, FollowUpStage.SUSTAINED)
    assert sustained.sent_at == EARLY_DUE
    early = stage_of(db, completion, FollowUpStage.EARLY)
    assert early.sent_at is None and "berikutnya" in early.email_error


def test_a_follow_up_rejected_after_its_claim_is_not_sent(
    db, mailbox, make_user, make_program, make_completion
):
    completion = make_completion(make_user(), make_program(), completed_on=COMPLETED)
    [claimed], _left = sending.claim_batch(EARLY_DUE)
    completion.rejected_at = utcnow()  # an organiser, between claim and delivery
    db.session.commit()
    report = sending.SendReport()
    with Mailer() as mailer:
        sending.deliver(claimed, EARLY_DUE, mailer, report)
    assert (report.sent, report.skipped) == (0, 1)
    assert mailbox.messages == [] and follow_up_notices(db) == []


# --- failures -----------------------------------------------------------------------


def test_when_smtp_fails_the_notice_stands_and_the_error_is_recorded(
    app, db, runner, make_user, make_program, make_completion
):
    use_smtp(app, free_port())  # nobody listens there
    completion = make_completion(make_user(), make_program(), completed_on=COMPLETED)
    result = runner.invoke(
        args=["followups", "send", "--now", "2026-04-13T09:00+07:00"]
    )
    lines = result.output.splitlines()
    assert lines[-1] == "1 follow-ups sent"
    assert "Email terkirim: 0, gagal: 1; dilewati: 0." in lines
    assert result.exit_code == 1  # not a single email went out: look at the server
    early = stage_of(db, completion, FollowUpStage.EARLY)
    assert early.sent_at is not None
    assert "ConnectionRefusedError" in early.email_error
    assert len(follow_up_notices(db)) == 1


def test_without_base_url_nothing_is_claimed(
    app, db, runner, mailbox, make_user, make_program, make_completion
):
    app.config["BASE_URL"] = ""
    completion = make_completion(make_user(), make_program(), completed_on=COMPLETED)
    with pytest.raises(MailConfigError):
        sending.send_due(EARLY_DUE)
    result = runner.invoke(args=["followups", "send", "--now", "2026-04-14"])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "0 follow-ups sent"
    assert stage_of(db, completion, FollowUpStage.EARLY).claimed_at is None


def test_the_command_reports_and_prints_the_count_last(
    db, runner, mailbox, make_user, make_program, make_completion
):
    program = make_program()
    for _ in range(3):
        make_completion(make_user(), program, completed_on=COMPLETED)
    result = runner.invoke(args=["followups", "send", "--now", "2026-04-13T09:00"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-2:] == [
        "Email terkirim: 3, gagal: 0; dilewati: 0.",
        "3 follow-ups sent",
    ]
    assert len(mailbox.messages) == 3


# --- two senders at once ------------------------------------------------------------

SENDERS = 2
FOLLOW_UPS = 50


def fifty_due_follow_ups(db, make_user, make_program) -> list[int]:  # noqa: ANN001
    """50 completions whose early follow-up is due at EARLY_DUE (and nothing else)."""
    program = make_program()
    users = [make_user() for _ in range(FOLLOW_UPS)]
    db.session.add_all(
        Completion(user=user, program=program, completed_on=COMPLETED) for user in users
    )
    db.session.commit()
    return [user.id for user in users]


def assert_each_sent_exactly_once(db, box: Mailbox, user_ids: list[int]) -> None:  # noqa: ANN001
    db.session.expire_all()
    notices = follow_up_notices(db)
    assert len(notices) == FOLLOW_UPS
    assert sorted(n.user_id for n in notices) == sorted(user_ids)
    assert len({n.follow_up_id for n in notices}) == FOLLOW_UPS
    assert len(box.messages) == FOLLOW_UPS
    recipients = sorted(to for _sender, tos in box.envelopes for to in tos)
    assert len(set(recipients)) == FOLLOW_UPS == len(recipients)
    sent = db.session.scalar(
        sa.select(sa.func.count(FollowUp.id)).where(FollowUp.sent_at.is_not(None))
    )
    assert sent == FOLLOW_UPS


def test_two_senders_in_parallel_send_each_of_fifty_follow_ups_exactly_once(
    app, db, config_class, mailbox, make_user, make_program
):
    user_ids = fifty_due_follow_ups(db, make_user, make_program)

    def send(_n, start) -> sending.SendReport:  # noqa: ANN001
        start()
        # Small batches so the two senders interleave many times.
        return sending.send_due(EARLY_DUE, batch_size=3)

    reports = run_together(
        config_class,
        SENDERS,
        send,
        prepare=lambda other: use_smtp(other, mailbox.port),
    )
    assert sum(r.sent for r in reports) == FOLLOW_UPS
    assert sum(r.emailed for r in reports) == FOLLOW_UPS
    assert all(r.sent > 0 for r in reports), "one sender did all the work"
    assert_each_sent_exactly_once(db, mailbox, user_ids)


def test_two_cron_runs_of_the_command_at_once_send_each_exactly_once(
    app, db, test_dirs, tmp_path, mailbox, make_user, make_program
):
    user_ids = fifty_due_follow_ups(db, make_user, make_program)
    env = command_env(database_url(test_dirs), tmp_path, mailbox.port, BASE_URL)

    last_lines = run_commands_together(
        ["followups", "send", "--now", "2026-04-13T09:00+07:00", "--batch-size", "3"],
        env,
        SENDERS,
    )

    counts = [int(line.removesuffix(" follow-ups sent")) for line in last_lines]
    assert sum(counts) == FOLLOW_UPS, last_lines
    assert_each_sent_exactly_once(db, mailbox, user_ids)


def test_claims_are_atomic_a_second_claim_of_the_same_row_fails(
    db, make_user, make_program, make_completion
):
    completion = make_completion(make_user(), make_program(), completed_on=COMPLETED)
    early = stage_of(db, completion, FollowUpStage.EARLY)
    assert sending.claim(early.id, EARLY_DUE) is True
    assert sending.claim(early.id, EARLY_DUE) is False


def test_a_sender_never_takes_what_another_sender_claimed(
    app, db, config_class, make_user, make_program, make_completion
):
    make_completion(make_user(), make_program(), completed_on=COMPLETED)
    [mine], _left = sending.claim_batch(EARLY_DUE)
    other = create_app(config_class)
    with other.app_context():
        assert sending.claim_batch(EARLY_DUE) == ([], False)
        db.session.remove()
        db.engine.dispose()
    assert mine


def test_delivering_the_same_follow_up_twice_sends_it_once(
    db, mailbox, make_user, make_program, make_completion
):
    make_completion(make_user(), make_program(), completed_on=COMPLETED)
    [claimed], _left = sending.claim_batch(EARLY_DUE)
    report = sending.SendReport()
    with Mailer() as mailer:
        sending.deliver(claimed, EARLY_DUE, mailer, report)
        sending.deliver(claimed, EARLY_DUE, mailer, report)
    assert (report.sent, report.skipped) == (1, 1)
    assert len(mailbox.messages) == 1 and len(follow_up_notices(db)) == 1

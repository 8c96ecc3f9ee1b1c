"""The follow-up schedule: +30, +90 and +180 days at 09.00 WIB, for every completion.

The clock is frozen by passing ``now`` (the CLI's ``--now``), never by
waiting or patching time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa

from app.followups import schedule
from app.followups.sending import send_due
from app.models import (
    Completion,
    CompletionSource,
    FollowUp,
    FollowUpStage,
    Notification,
    NotificationKind,
)
from app.models.base import utcnow
from app.profiles.services import declare_completion

COMPLETED = date(2026, 3, 14)


def follow_ups(db, completion: Completion) -> dict[FollowUpStage, FollowUp]:  # noqa: ANN001
    rows = db.session.scalars(
        sa.select(FollowUp).where(FollowUp.completion_id == completion.id)
    )
    return {row.stage: row for row in rows}


def count_follow_ups(db) -> int:  # noqa: ANN001
    return db.session.scalar(sa.select(sa.func.count(FollowUp.id)))


def bulk_insert_completions(db, user, programs) -> list[int]:  # noqa: ANN001
    """Completions written by a Core statement, which session events do not see."""
    rows = [
        {
            "user_id": user.id,
            "program_id": program.id,
            "completed_on": COMPLETED,
            "certificate_number": "",
            "source": CompletionSource.IMPORTED,
            "created_at": utcnow(),
        }
        for program in programs
    ]
    result = db.session.execute(
        sa.insert(Completion.__table__).returning(Completion.__table__.c.id), rows
    )
    ids = list(result.scalars())
    db.session.commit()
    return ids


# --- when ---------------------------------------------------------------------------


def test_a_completion_gets_three_follow_ups_due_at_nine_wib(
    db, make_user, make_program, make_completion
):
    completion = make_completion(make_user(), make_program(), completed_on=COMPLETED)
    due = {stage: row.due_at for stage, row in follow_ups(db, completion).items()}
    # 09.00 WIB is 02.00 UTC.
    assert due == {
        FollowUpStage.EARLY: datetime(2026, 4, 13, 2, 0, tzinfo=UTC),
        FollowUpStage.LATER: datetime(2026, 6, 12, 2, 0, tzinfo=UTC),
        FollowUpStage.SUSTAINED: datetime(2026, 9, 10, 2, 0, tzinfo=UTC),
    }
    assert all(
        row.claimed_at is None and row.sent_at is None
        for row in follow_ups(db, completion).values()
    )


def test_the_days_come_from_the_configuration(
    app, db, make_user, make_program, make_completion
):
    app.config["FOLLOWUP_DAYS"] = (7, 45)
    app.config["FOLLOWUP_SUSTAINED_DAYS"] = 365
    completion = make_completion(make_user(), make_program(), completed_on=COMPLETED)
    due = {
        stage: row.due_at.date() for stage, row in follow_ups(db, completion).items()
    }
    assert due == {
        FollowUpStage.EARLY: date(2026, 3, 21),
        FollowUpStage.LATER: date(2026, 4, 28),
        FollowUpStage.SUSTAINED: date(2027, 3, 14),
    }


def test_declaring_a_completion_on_the_profile_schedules_its_follow_ups(
    db, make_user, make_program
):
    user = make_user()
    completion = declare_completion(
        user, program_id=make_program().id, completed_on=COMPLETED
    )
    assert set(follow_ups(db, completion)) == set(FollowUpStage)


def test_the_follow_ups_belong_to_the_completions_transaction(
    db, make_user, make_program
):
    user, program = make_user(), make_program()
    db.session.add(Completion(user=user, program=program, completed_on=COMPLETED))
    db.session.flush()
    assert count_follow_ups(db) == 3
    db.session.rollback()
    assert count_follow_ups(db) == 0


def test_a_completion_created_rejected_gets_no_follow_ups(db, make_user, make_program):
    completion = Completion(
        user=make_user(),
        program=make_program(),
        completed_on=COMPLETED,
        rejected_at=utcnow(),
        rejection_reason="Tidak ada di daftar hadir.",
    )
    db.session.add(completion)
    db.session.commit()
    assert follow_ups(db, completion) == {}


# --- idempotent, and kept in step ---------------------------------------------------


def test_scheduling_again_adds_nothing(db, make_user, make_program, make_completion):
    completion = make_completion(make_user(), make_program())
    assert schedule.schedule_completions(db.session, [completion.id]) == []
    db.session.commit()
    assert count_follow_ups(db) == 3


def test_rejecting_removes_unsent_follow_ups_and_keeps_the_sent_one(
    db, make_user, make_program, make_completion
):
    completion = make_completion(make_user(), make_program(), completed_on=COMPLETED)
    early = follow_ups(db, completion)[FollowUpStage.EARLY]
    early.claimed_at = early.sent_at = utcnow()
    db.session.commit()
    completion.rejected_at = utcnow()
    completion.rejection_reason = "Tidak ada di daftar hadir."
    db.session.commit()
    assert set(follow_ups(db, completion)) == {FollowUpStage.EARLY}


def test_reinstating_a_rejected_completion_schedules_it_again(
    db, make_user, make_program, make_completion
):
    completion = make_completion(make_user(), make_program())
    completion.rejected_at = utcnow()
    db.session.commit()
    assert follow_ups(db, completion) == {}
    completion.rejected_at = None
    completion.verified_at = utcnow()
    db.session.commit()
    assert set(follow_ups(db, completion)) == set(FollowUpStage)


def test_deleting_a_completion_deletes_its_follow_ups_and_their_notices(
    db, make_user, make_program, make_completion
):
    user = make_user()
    completion = make_completion(user, make_program())
    early = follow_ups(db, completion)[FollowUpStage.EARLY]
    early.claimed_at = early.sent_at = utcnow()
    db.session.add(
        Notification(
            user_id=user.id, kind=NotificationKind.FOLLOW_UP, follow_up_id=early.id
        )
    )
    db.session.commit()
    db.session.delete(completion)
    db.session.commit()
    assert count_follow_ups(db) == 0
    assert db.session.scalar(sa.select(sa.func.count(Notification.id))) == 0


def test_correcting_the_date_moves_the_follow_ups_not_yet_claimed(
    db, make_user, make_program, make_completion
):
    completion = make_completion(make_user(), make_program(), completed_on=COMPLETED)
    early = follow_ups(db, completion)[FollowUpStage.EARLY]
    early.claimed_at = early.sent_at = utcnow()
    db.session.commit()
    completion.completed_on = date(2026, 3, 1)
    db.session.commit()
    due = {
        stage: row.due_at.date() for stage, row in follow_ups(db, completion).items()
    }
    assert due == {
        FollowUpStage.EARLY: date(2026, 4, 13),  # already sent: stays
        FollowUpStage.LATER: date(2026, 5, 30),
        FollowUpStage.SUSTAINED: date(2026, 8, 28),
    }


def test_bulk_inserted_completions_are_scheduled_on_request(
    db, make_user, make_program
):
    ids = bulk_insert_completions(db, make_user(), [make_program(), make_program()])
    assert count_follow_ups(db) == 0  # Core inserts bypass the session events
    assert len(schedule.schedule_completions(db.session, ids)) == 6
    db.session.commit()
    assert count_follow_ups(db) == 6


# --- the backfill command -----------------------------------------------------------


def test_backfill_schedules_completions_without_follow_ups_once(
    db, runner, make_user, make_program, make_completion
):
    make_completion(make_user(), make_program())  # already scheduled
    bulk_insert_completions(db, make_user(), [make_program(), make_program()])
    result = runner.invoke(args=["followups", "schedule"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        "6 tindak lanjut dijadwalkan untuk 2 program selesai."
    )
    assert count_follow_ups(db) == 9
    again = runner.invoke(args=["followups", "schedule"])
    assert again.output.splitlines()[-1] == (
        "0 tindak lanjut dijadwalkan untuk 0 program selesai."
    )


def test_backfill_can_start_from_a_date(db, runner, make_user, make_program):
    bulk_insert_completions(db, make_user(), [make_program()])
    result = runner.invoke(args=["followups", "schedule", "--since", "2026-03-15"])
    assert result.output.splitlines()[-1].startswith("0 tindak lanjut")
    assert count_follow_ups(db) == 0


# --- due on the frozen clock --------------------------------------------------------


def test_a_follow_up_is_due_from_nine_wib_on_its_day_not_a_minute_before(
    app, db, runner, make_user, make_program, make_completion
):
    app.config["MAIL_BACKEND"] = "log"
    make_completion(make_user(), make_program(), completed_on=COMPLETED)
    early = runner.invoke(args=["followups", "send", "--now", "2026-04-13T08:59"])
    assert early.output.splitlines()[-1] == "0 follow-ups sent"
    on_time = runner.invoke(args=["followups", "send", "--now", "2026-04-13T09:00"])
    assert on_time.exit_code == 0, on_time.output
    assert on_time.output.splitlines()[-1] == "1 follow-ups sent"
    # With an offset: 01.59 UTC is 08.59 WIB on the day of the second one.
    later = runner.invoke(args=["followups", "send", "--now", "2026-06-12T01:59Z"])
    assert later.output.splitlines()[-1] == "0 follow-ups sent"


def test_the_service_takes_now_and_sends_each_stage_on_its_day(
    app, db, make_user, make_program, make_completion
):
    app.config["MAIL_BACKEND"] = "log"
    completion = make_completion(make_user(), make_program(), completed_on=COMPLETED)
    days = [datetime(2026, m, d, 2, 0, tzinfo=UTC) for m, d in ((4, 13), (6, 12))]
    days.append(datetime(2026, 9, 10, 2, 0, tzinfo=UTC))
    sent = [send_due(day).sent for day in days]
    assert sent == [1, 1, 1]
    rows = follow_ups(db, completion)
    assert [rows[stage].sent_at for stage in FollowUpStage] == days


def test_an_invalid_now_is_refused_with_a_message(runner):
    result = runner.invoke(args=["followups", "send", "--now", "besok pagi"])
    assert result.exit_code == 2
    assert "2026-04-13T09:00+07:00" in result.output

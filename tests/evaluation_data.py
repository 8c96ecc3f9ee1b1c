"""Creators for evaluation tests: runs, participants, follow-ups, feedback.

Shared by ``test_feedback``, ``test_evaluation_dashboards`` and
``test_evaluation_export``. Follow-ups are looked up before they are made,
because a new completion gets its follow-ups from ``app.followups``' session
event; either way each (completion, stage) exists once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import (
    Agency,
    ApplicationFrequency,
    CheckIn,
    Completion,
    CompletionSource,
    Feedback,
    FollowUp,
    FollowUpStage,
    Program,
    ProgramRun,
    Role,
    User,
)
from app.models.base import utcnow
from app.text import slugify

YEAR = 2026
# A fixed "now" for the builders: every 2026 follow-up is due by then.
NOW = datetime(2027, 1, 15, 3, 0, tzinfo=UTC)


def make_run(
    program: Program,
    name: str,
    starts_on: date,
    *,
    capacity: int | None = None,
    hours: int | None = None,
) -> ProgramRun:
    run = ProgramRun(
        program=program,
        name=name,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=2),
        capacity=capacity,
        hours=hours,
    )
    db.session.add(run)
    db.session.flush()
    return run


def attend(
    user: User,
    program: Program,
    run: ProgramRun | None = None,
    *,
    on: date | None = None,
    verified: bool = True,
    rejected: bool = False,
) -> Completion:
    """A completion of ``program`` (in ``run``, if given)."""
    on = on or (run.ends_on if run else date(YEAR, 3, 14))
    completion = Completion(
        user=user,
        program=program,
        run=run,
        completed_on=on,
        source=CompletionSource.IMPORTED if run else CompletionSource.DECLARED,
        verified_at=utcnow() if verified else None,
    )
    if rejected:
        completion.rejected_at = utcnow()
        completion.rejection_reason = "Tidak ada dalam daftar hadir."
    db.session.add(completion)
    db.session.flush()
    return completion


def follow_up(
    completion: Completion,
    stage: FollowUpStage = FollowUpStage.EARLY,
    *,
    sent: bool = False,
    applied: bool | None = None,
    supervisor: User | None = None,
    confirmed: bool | None = None,
    due_at: datetime | None = None,
) -> FollowUp:
    """Set one follow-up's state: ``applied`` given means it was answered."""
    found = db.session.scalar(
        sa.select(FollowUp).where(
            FollowUp.completion_id == completion.id, FollowUp.stage == stage
        )
    )
    if found is None:
        found = FollowUp(
            completion_id=completion.id,
            stage=stage,
            due_at=due_at or datetime(YEAR, 6, 1, 2, tzinfo=UTC),
        )
        db.session.add(found)
    elif due_at is not None:
        found.due_at = due_at
    if sent or applied is not None:
        found.claimed_at = found.sent_at = found.due_at
    if applied is not None:
        found.answered_at = found.due_at + timedelta(days=3)
        db.session.add(
            CheckIn(
                follow_up=found,
                applied=applied,
                frequency=ApplicationFrequency.WEEKLY
                if applied
                else ApplicationFrequency.NEVER,
                supervisor_id=supervisor.id if supervisor else None,
                supervisor_confirmed=confirmed,
                supervisor_answered_at=utcnow() if confirmed is not None else None,
            )
        )
    db.session.flush()
    return found


def rate(
    completion: Completion, scores: tuple[int, int, int, int], comment: str = ""
) -> Feedback:
    answer = Feedback(
        completion_id=completion.id,
        relevance=scores[0],
        quality=scores[1],
        facilitator=scores[2],
        recommend=scores[3],
        comment=comment,
    )
    db.session.add(answer)
    db.session.flush()
    return answer


_serial = iter(range(1, 10_000_000))


def person(agency: Agency, *, role: Role = Role.MEMBER, name: str = "") -> User:
    """A user without a password (tests sign in through the session)."""
    n = next(_serial)
    user = User(
        name=name or f"Pegawai Evaluasi {n}",
        email=f"evaluasi{n}@medan.go.id",
        role=role,
        agency=agency,
        position="Analis",
        password_hash="!",
    )
    db.session.add(user)
    db.session.flush()
    return user


def agency_named(name: str, headcount: int | None = None) -> Agency:
    agency = Agency(name=name, slug=slugify(name), headcount=headcount)
    db.session.add(agency)
    db.session.flush()
    return agency


def program_named(name: str, hours: int | None = 16) -> Program:
    program = Program(name=name, slug=slugify(name), hours=hours)
    db.session.add(program)
    db.session.flush()
    return program


def sign_in(client, user: User) -> None:  # noqa: ANN001
    """What ``login_user`` leaves in the session, without a password check."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


@dataclass
class City:
    """A city of ``scale`` times the base data, for query counts and figures."""

    agency: Agency
    other_agency: Agency
    program: Program
    quiet_program: Program
    runs: list[ProgramRun]
    staff: list[User]
    organiser: User
    leader: User
    admin: User
    completions: list[Completion] = field(default_factory=list)


def build_city(scale: int = 1) -> City:
    """Runs, participants, follow-ups in every state, feedback, case-study-free.

    Everything grows with ``scale`` except the number of programmes and
    agencies (the dashboards list those, so their size is the page's size).
    """
    agency = agency_named("Dinas Kesehatan Uji", headcount=40 * scale)
    other = agency_named("Disdukcapil Uji", headcount=None)
    program = program_named("Pelatihan Manajemen Krisis Uji", hours=24)
    quiet = program_named("Seminar Etika Uji", hours=8)
    organiser = person(other, role=Role.ORGANISER, name="Penyelenggara Uji")
    leader = person(agency, role=Role.LEADER, name="Pimpinan Uji")
    admin = person(other, role=Role.ADMIN, name="Admin Uji")
    runs = [
        make_run(
            program, f"Angkatan {i + 1}", date(YEAR, 2 + 3 * i, 1), capacity=4 * scale
        )
        for i in range(2 * scale)
    ]
    quiet_run = make_run(quiet, "Angkatan Sepi", date(YEAR, 5, 1), capacity=30)
    staff = [person(agency) for _ in range(6 * scale)]
    city = City(agency, other, program, quiet, runs, staff, organiser, leader, admin)
    for index, user in enumerate(staff):
        run = runs[index % len(runs)]
        completion = attend(user, program, run)
        city.completions.append(completion)
        state = index % 4
        follow_up(
            completion,
            FollowUpStage.EARLY,
            sent=True,
            applied=None if state == 0 else state != 3,
            supervisor=leader if state == 1 else None,
            confirmed=True if state == 1 else None,
        )
        rate(completion, (4, 4, 5, 4), comment=f"Komentar {index}")
    city.completions.append(attend(person(other), quiet, quiet_run))
    db.session.commit()
    return city

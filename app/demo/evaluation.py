"""Demo evaluation data: runs and participants, follow-ups in every state, feedback.

Natural keys keep it idempotent: runs by (programme, name), completions by
(user, programme) as in the main loader, feedback by completion. A
follow-up's state is set only while nobody has touched it (not claimed, not
sent, not answered), so a second load changes nothing; follow-ups not yet
due are left alone, as on a real server. New completions get their
follow-ups from ``app.followups.schedule``'s session event;
``schedule_completions`` fills in any that are missing (a database loaded
before that event existed).

Who sits in which run is worked out from the content alone
(:func:`plan_seats`), never from what the database holds, so reloading picks
the same people.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from app.demo import content
from app.demo import evaluation_content as data
from app.demo.follow_ups import FollowUpStates
from app.extensions import db
from app.followups.schedule import schedule_completions
from app.i18n import WIB
from app.models import (
    Agency,
    Completion,
    CompletionSource,
    Feedback,
    Program,
    ProgramRun,
    User,
)
from app.programmes.verification import reject_completion


@dataclass
class EvaluationReport:
    headcounts: int = 0
    supervisors: int = 0
    runs: int = 0
    completions: int = 0
    follow_ups: int = 0
    check_ins: int = 0
    feedback: int = 0

    @property
    def created(self) -> int:
        return sum(vars(self).values())


def plan_seats() -> dict[str, list[str]]:
    """Run key -> participant emails, from the content only.

    Members (not bystanders) in a fixed shuffled order fill the runs in turn;
    nobody sits a programme they already completed in the content.
    """
    pool = [
        user["email"]
        for user in content.USERS
        if user["role"] == "anggota" and user["email"] not in data.BYSTANDERS
    ]
    # A seeded, repeatable shuffle of invented people (demo data): no secret
    # or token depends on it.
    random.Random(2026).shuffle(pool)  # nosec B311  # demo data, not security
    taken = {(spec["author"], spec["program"]) for spec in content.CASE_STUDIES}
    taken |= {(email, program) for email, program, *_ in content.EXTRA_COMPLETIONS}
    taken.add((data.REJECTED["email"], data.REJECTED["program"]))
    plan: dict[str, list[str]] = {}
    cursor = 0
    for spec in data.RUNS:
        chosen: list[str] = []
        for _ in range(len(pool) * 2):
            if len(chosen) == spec["seats"]:
                break
            email = pool[cursor % len(pool)]
            cursor += 1
            if (email, spec["program"]) not in taken:
                taken.add((email, spec["program"]))
                chosen.append(email)
        plan[spec["key"]] = chosen
    return plan


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=WIB).astimezone(UTC)


class EvaluationLoader:
    """Fills the evaluation tables around the users the main loader made."""

    def __init__(
        self,
        users: dict[str, User],
        agencies: dict[str, Agency],
        programs: dict[str, Program],
        now: datetime,
    ) -> None:
        self.report = EvaluationReport()
        self.users = users
        self.agencies = agencies
        self.programs = programs
        self.now = now
        self.organiser = users[data.ORGANISER_EMAIL]

    def load(self) -> EvaluationReport:
        self.headcounts()
        self.supervisors()
        seats = self.seats(self.runs())
        self.rejected()
        db.session.flush()
        completions = list(db.session.scalars(sa.select(Completion)))
        schedule_completions(db.session, [c.id for c in completions])
        states = FollowUpStates(self.now)
        states.apply(self._profiles(completions, seats))
        self.report.follow_ups += states.sent
        self.report.check_ins += states.answered
        self.feedback(seats)
        db.session.flush()
        return self.report

    # People and places ------------------------------------------------------

    def headcounts(self) -> None:
        """Only where none is set: an admin's own figure wins."""
        for name, headcount in data.HEADCOUNTS.items():
            agency = self.agencies[name]
            if agency.headcount is None:
                agency.headcount = headcount
                self.report.headcounts += 1

    def supervisors(self) -> None:
        pairs = dict(data.SUPERVISORS)
        pairs.update(
            {
                user["email"]: user["supervisor"]
                for user in data.STAFF
                if "supervisor" in user
            }
        )
        for email, boss in pairs.items():
            user = self.users[email]
            if user.supervisor_id is None:
                user.supervisor = self.users[boss]
                self.report.supervisors += 1
        db.session.flush()

    # Runs and who sat in them ---------------------------------------------------

    def runs(self) -> dict[str, ProgramRun]:
        runs = {}
        for spec in data.RUNS:
            program = self.programs[spec["program"]]
            run = db.session.scalar(
                sa.select(ProgramRun).where(
                    ProgramRun.program_id == program.id,
                    ProgramRun.name == spec["name"],
                )
            )
            if run is None:
                run = ProgramRun(
                    program=program,
                    name=spec["name"],
                    starts_on=date.fromisoformat(spec["starts_on"]),
                    ends_on=date.fromisoformat(spec["ends_on"]),
                    location=spec["location"],
                    capacity=spec["capacity"],
                    hours=spec.get("hours"),
                    organiser=self.organiser,
                    created_at=_at(
                        date.fromisoformat(spec["starts_on"]) - timedelta(30)
                    ),
                )
                db.session.add(run)
                self.report.runs += 1
            runs[spec["key"]] = run
        db.session.flush()
        return runs

    def seats(self, runs: dict[str, ProgramRun]) -> list[tuple[dict, int, Completion]]:
        """(run spec, seat number, completion) for every seat of every run."""
        seated = []
        for spec, (key, emails) in zip(data.RUNS, plan_seats().items(), strict=True):
            run = runs[key]
            for number, email in enumerate(emails):
                declared = (key, number) in data.DECLARED_SEATS
                completion = self._seat(run, self.users[email], number, declared)
                seated.append((spec, number, completion))
        return seated

    def _seat(
        self, run: ProgramRun, user: User, number: int, declared: bool
    ) -> Completion:
        found = db.session.scalar(
            sa.select(Completion).where(
                Completion.user_id == user.id, Completion.program_id == run.program_id
            )
        )
        if found is not None:
            return found
        done = run.ends_on
        completion = Completion(
            user=user,
            program=run.program,
            run=run,
            completed_on=done,
            certificate_number=(
                ""
                if declared
                else f"800/{run.id:02d}{number + 1:02d}/BKPSDM-MDN/{done.year}"
            ),
            source=CompletionSource.DECLARED if declared else CompletionSource.IMPORTED,
            verified_at=None if declared else _at(done + timedelta(days=5)),
            verified_by_id=None if declared else self.organiser.id,
            created_at=_at(done + timedelta(days=1 if declared else 5)),
        )
        db.session.add(completion)
        self.report.completions += 1
        return completion

    def rejected(self) -> None:
        spec = data.REJECTED
        user, program = self.users[spec["email"]], self.programs[spec["program"]]
        exists = db.session.scalar(
            sa.select(Completion.id).where(
                Completion.user_id == user.id, Completion.program_id == program.id
            )
        )
        if exists:
            return
        on = date.fromisoformat(spec["completed_on"])
        completion = Completion(
            user=user,
            program=program,
            completed_on=on,
            source=CompletionSource.DECLARED,
            created_at=_at(on + timedelta(days=2)),
        )
        db.session.add(completion)
        db.session.flush()
        # Through the service, so the member is told why (a notice) and the
        # audit log has it; then dated when it happened.
        reject_completion(completion, self.organiser, spec["reason"])
        completion.rejected_at = _at(on + timedelta(days=9))
        self.report.completions += 1

    # Follow-ups ---------------------------------------------------------------------

    def _profiles(
        self, completions: list[Completion], seats: list[tuple[dict, int, Completion]]
    ) -> list[tuple[Completion, str, int]]:
        """Seats use their run's profile; older demo completions are authors'
        ("penulis") or, for the rest, "aktif"."""
        in_runs = {c.id for _spec, _n, c in seats}
        authors = {
            (self.users[s["author"]].id, self.programs[s["program"]].id)
            for s in content.CASE_STUDIES
        }
        chosen = [(c, spec["profile"], n) for spec, n, c in seats if c.run_id]
        others = sorted(
            (c for c in completions if c.id not in in_runs and not c.rejected),
            key=lambda c: (c.completed_on, c.id),
        )
        for number, completion in enumerate(others):
            key = (completion.user_id, completion.program_id)
            chosen.append(
                (completion, "penulis" if key in authors else "aktif", number)
            )
        return chosen

    # Feedback -------------------------------------------------------------------------

    def feedback(self, seats: list[tuple[dict[str, Any], int, Completion]]) -> None:
        have = set(db.session.scalars(sa.select(Feedback.completion_id)))
        run_number = {spec["key"]: n for n, spec in enumerate(data.RUNS)}
        for spec, number, completion in seats:
            if (
                number >= spec["feedback"]
                or completion.id in have
                or completion.rejected
                or completion.run_id is None
            ):
                continue
            turn = run_number[spec["key"]] * 5 + number
            scores = data.FEEDBACK_SCORES[turn % len(data.FEEDBACK_SCORES)]
            comments = data.FEEDBACK_COMMENTS
            db.session.add(
                Feedback(
                    completion_id=completion.id,
                    relevance=scores[0],
                    quality=scores[1],
                    facilitator=scores[2],
                    recommend=scores[3],
                    comment=comments[turn // 2 % len(comments)]
                    if number % 2 == 0
                    else "",
                    created_at=_at(completion.completed_on + timedelta(days=1), 16),
                )
            )
            self.report.feedback += 1

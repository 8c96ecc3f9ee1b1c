"""Turn ``app.demo.content`` into rows, idempotently.

Every row has a natural key (agencies and programmes by slug or name, users
by email, completions by user and programme, case studies by ``import_key``
``demo:<n>``, comments by case study, author and text), and existing rows are
left untouched, so loading twice changes nothing. Case studies and comments
go through the same services as the web forms, so Markdown is rendered,
revisions exist and authors get notified.

Runs, participants, follow-ups, check-ins and feedback come last, from
``app.demo.evaluation``.

Like other services, ``load_demo`` flushes but does not commit.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from app.community.services import add_comment
from app.demo import content
from app.demo.community import CommunityLoader, CommunityReport
from app.demo.evaluation import EvaluationLoader, EvaluationReport
from app.extensions import db
from app.i18n import WIB
from app.models import (
    Agency,
    CaseStudy,
    CaseStudyRevision,
    Comment,
    Completion,
    CompletionSource,
    Flag,
    Notification,
    Program,
    Role,
    User,
)
from app.models.base import utcnow
from app.moderation import decisions, featuring, flags
from app.policy import Ability, can
from app.practices.importer import parse_published_at
from app.practices.services import CaseStudyData, create_case_study
from app.text import slugify

SECTIONS = ("situation", "action", "result", "lessons")


@dataclass
class DemoReport:
    """How many rows of each kind this run created; ``skipped`` for --if-empty."""

    agencies: int = 0
    programs: int = 0
    users: int = 0
    completions: int = 0
    case_studies: int = 0
    comments: int = 0
    featured: int = 0
    flags: int = 0
    hidden: int = 0
    skipped: bool = False
    evaluation: EvaluationReport = field(default_factory=EvaluationReport)
    community: CommunityReport = field(default_factory=CommunityReport)

    @property
    def created(self) -> int:
        return (
            self.agencies
            + self.programs
            + self.users
            + self.completions
            + self.case_studies
            + self.comments
            + self.featured
            + self.flags
            + self.hidden
            + self.evaluation.created
            + self.community.created
        )


def database_is_empty() -> bool:
    """No user and no case study: a fresh install that demo data may fill."""
    return not (
        db.session.scalar(sa.select(User.id).limit(1))
        or db.session.scalar(sa.select(CaseStudy.id).limit(1))
    )


def load_demo(if_empty: bool = False) -> DemoReport:
    """Create whatever demo rows are missing; with ``if_empty``, only on a new db."""
    if if_empty and not database_is_empty():
        return DemoReport(skipped=True)
    report = DemoReport()
    loader = _Loader(report)
    loader.agencies()
    loader.programs()
    loader.users()
    loader.completions()
    loader.case_studies()
    loader.comments()
    loader.moderation()
    # Community first: its new completions then get their follow-ups too.
    report.community = CommunityLoader(
        loader.user,
        loader.case_study,
        moderator=loader.user[content.MODERATOR_EMAIL],
        organiser=loader.user[content.VERIFIER_EMAIL],
    ).load()
    report.evaluation = EvaluationLoader(
        loader.user, loader.agency, loader.program, now=utcnow()
    ).load()
    return report


class _Loader:
    def __init__(self, report: DemoReport) -> None:
        self.report = report
        self.agency: dict[str, Agency] = {}
        self.program: dict[str, Program] = {}
        self.user: dict[str, User] = {}
        self.case_study: dict[str, CaseStudy] = {}
        self._password_hash: str | None = None

    def agencies(self) -> None:
        for name in content.AGENCIES:
            self.agency[name] = self._named(Agency, name, {})

    def programs(self) -> None:
        for spec in content.PROGRAMS:
            extra = {"description": spec["description"], "hours": spec["hours"]}
            self.program[spec["name"]] = self._named(Program, spec["name"], extra)

    def _named(self, model: type[Agency | Program], name: str, extra: dict) -> Any:
        slug = slugify(name)
        row = db.session.scalar(
            sa.select(model).where(sa.or_(model.slug == slug, model.name == name))
        )
        if row is None:
            row = model(name=name, slug=slug, **extra)
            db.session.add(row)
            if model is Agency:
                self.report.agencies += 1
            else:
                self.report.programs += 1
        return row

    def users(self) -> None:
        for spec in content.USERS:
            user = db.session.scalar(sa.select(User).where(User.email == spec["email"]))
            if user is None:
                user = User(
                    email=spec["email"],
                    name=spec["name"],
                    nip=spec["nip"],
                    role=Role(spec["role"]),
                    position=spec["position"],
                    agency=self.agency[spec["agency"]],
                    password_hash=self.password_hash,
                )
                db.session.add(user)
                self.report.users += 1
            self.user[spec["email"]] = user
        db.session.flush()

    @property
    def password_hash(self) -> str:
        # Hashing is deliberately slow; every demo account shares the password.
        if self._password_hash is None:
            self._password_hash = generate_password_hash(content.DEMO_PASSWORD)
        return self._password_hash

    def completions(self) -> None:
        wanted: list[tuple[str, str, date, bool]] = []
        for spec in content.CASE_STUDIES:
            pair = (spec["author"], spec["program"])
            written = _when(spec).date()
            verified = pair not in content.UNVERIFIED_COMPLETIONS
            wanted.append(
                (*pair, written - timedelta(days=_spread(spec, 30, 90)), verified)
            )
        for email, program, on, verified in content.EXTRA_COMPLETIONS:
            wanted.append((email, program, date.fromisoformat(on), verified))
        for number, (email, program, on, verified) in enumerate(wanted, start=1):
            self._completion(
                self.user[email], self.program[program], on, verified, number
            )
        db.session.flush()

    def _completion(
        self, user: User, program: Program, on: date, verified: bool, number: int
    ) -> None:
        exists = db.session.scalar(
            sa.select(Completion.id).where(
                Completion.user_id == user.id, Completion.program_id == program.id
            )
        )
        if exists:
            return
        verifier = self.user[content.VERIFIER_EMAIL]
        db.session.add(
            Completion(
                user=user,
                program=program,
                completed_on=on,
                certificate_number=f"800/{number:03d}/BKPSDM-MDN/{on.year}",
                source=CompletionSource.IMPORTED
                if verified
                else CompletionSource.DECLARED,
                verified_at=_at(on + timedelta(days=7)) if verified else None,
                verified_by_id=verifier.id if verified else None,
                created_at=_at(on + timedelta(days=2)),
            )
        )
        self.report.completions += 1

    def case_studies(self) -> None:
        for spec in content.CASE_STUDIES:
            key = spec["key"]
            found = db.session.scalar(
                sa.select(CaseStudy).where(CaseStudy.import_key == key)
            )
            self.case_study[key] = found or self._case_study(spec)

    def _case_study(self, spec: dict[str, Any]) -> CaseStudy:
        draft = spec.get("draft", False)
        when = _when(spec)
        case_study = create_case_study(
            self.user[spec["author"]],
            _data(spec, self.program[spec["program"]].id),
            publish=not draft,
            published_at=None if draft else when,
            hold_for_review=False,
        )
        case_study.import_key = spec["key"]
        # Backdate, so lists and histories look lived-in rather than all "today".
        written = when - timedelta(hours=_spread(spec, 20, 100))
        case_study.created_at = written
        case_study.updated_at = when
        db.session.execute(
            sa.update(CaseStudyRevision)
            .where(CaseStudyRevision.case_study_id == case_study.id)
            .values(created_at=when)
        )
        db.session.flush()
        self.report.case_studies += 1
        return case_study

    def comments(self) -> None:
        for spec in content.COMMENTS:
            case_study = self.case_study[spec["case"]]
            start = case_study.published_at or case_study.created_at
            parent = self._comment(case_study, spec, None, start)
            for reply in spec.get("replies", []):
                self._comment(case_study, reply, parent, parent.created_at)

    def _comment(
        self,
        case_study: CaseStudy,
        spec: dict[str, Any],
        parent: Comment | None,
        after: datetime,
    ) -> Comment:
        author = self.user[spec["author"]]
        body = inspect.cleandoc(spec["body"])
        found = db.session.scalar(
            sa.select(Comment).where(
                Comment.case_study_id == case_study.id,
                Comment.author_id == author.id,
                Comment.body_md == body,
            )
        )
        if found is not None:
            return found
        comment = add_comment(case_study, author, body, parent=parent)
        comment.created_at = after + timedelta(hours=spec["after_hours"])
        db.session.execute(
            sa.update(Notification)
            .where(Notification.comment_id == comment.id)
            .values(created_at=comment.created_at)
        )
        db.session.flush()
        self.report.comments += 1
        return comment

    # Moderation: featured practices, reports, a hidden comment. Decisions go
    # through the moderation services, so audit events and notices exist too.

    def moderation(self) -> None:
        moderator = self.user[content.MODERATOR_EMAIL]
        for key, on, note in content.FEATURED:
            self._feature(self.case_study[key], moderator, on, note)
        for spec in content.MODERATED_COMMENTS:
            self._moderated_comment(spec, moderator)
        for key, reporter, reason, note in content.CASE_STUDY_FLAGS:
            self._flag(self.case_study[key], self.user[reporter], reason, note)

    def _feature(
        self, case_study: CaseStudy, moderator: User, on: str, note: str
    ) -> None:
        if case_study.is_featured or not case_study.is_published:
            return
        featuring.feature(case_study, moderator, inspect.cleandoc(note))
        case_study.featured_at = parse_published_at(on)
        db.session.flush()
        self.report.featured += 1

    def _moderated_comment(self, spec: dict[str, Any], moderator: User) -> None:
        case_study = self.case_study[spec["case"]]
        start = case_study.published_at or case_study.created_at
        comment = self._comment(case_study, spec, None, start)
        for reporter, reason, note in spec["flags"]:
            self._flag(comment, self.user[reporter], reason, note)
        if spec.get("hidden") and not comment.is_hidden:
            decisions.hide(comment, moderator, spec["hidden"])
            self.report.hidden += 1

    def _flag(
        self, item: CaseStudy | Comment, reporter: User, reason: str, note: str
    ) -> None:
        """Once per reporter and item, even after a moderator resolved it."""
        target = (
            Flag.comment_id == item.id
            if isinstance(item, Comment)
            else sa.and_(Flag.case_study_id == item.id, Flag.comment_id.is_(None))
        )
        exists = db.session.scalar(
            sa.select(Flag.id).where(target, Flag.reporter_id == reporter.id).limit(1)
        )
        if exists or not can(reporter, Ability.FLAG, item):
            return
        flags.flag(reporter, item, reason, note)
        self.report.flags += 1


def _data(spec: dict[str, Any], program_id: int) -> CaseStudyData:
    metric, before, after, unit = spec.get("metric", ("", None, None, ""))
    return CaseStudyData(
        title=spec["title"],
        summary=spec["summary"],
        program_id=program_id,
        tags=spec["tags"],
        result_metric=metric,
        result_before=None if before is None else Decimal(before),
        result_after=None if after is None else Decimal(after),
        result_unit=unit,
        **{name: inspect.cleandoc(spec.get(name, "")) for name in SECTIONS},
    )


def _when(spec: dict[str, Any]) -> datetime:
    return parse_published_at(spec.get("published_at") or spec["created_at"])


def _spread(spec: dict[str, Any], low: int, high: int) -> int:
    """A stable pseudo-random number from the key, so reruns agree."""
    return low + sum(map(ord, spec["key"])) * 7 % (high - low)


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=WIB).astimezone(UTC)

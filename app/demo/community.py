"""Load the demo's community activity (``app.demo.community_content``).

Everything goes through the same services as the web pages, so counts,
grouped notices and followers' notices are real. Loading twice changes
nothing: marks, follows and bookmarks are idempotent, and each moderation
or verification step is skipped when the notice it produces already exists.

Activity is dated the day before the load (10.00 WIB), so the notices it
produces are due in the next daily digest: ``flask digests send`` (run by
``make run``) writes them to the development mail log.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from app.community import appreciation, feed, following
from app.demo import community_content as spec
from app.extensions import db
from app.i18n import WIB, today_wib
from app.models import (
    Agency,
    CaseStudy,
    Completion,
    CompletionSource,
    EmailFrequency,
    FollowTarget,
    HelpfulMark,
    Notification,
    NotificationKind,
    NotificationTopic,
    Program,
    Replication,
    Tag,
    User,
)
from app.models.base import utcnow
from app.moderation import decisions, featuring
from app.notifications import settings
from app.practices.importer import parse_published_at
from app.practices.services import CaseStudyData, create_case_study, hold
from app.programmes.verification import verify_completion
from app.text import slugify

_KINDS = {
    "program": FollowTarget.PROGRAM,
    "agency": FollowTarget.AGENCY,
    "tag": FollowTarget.TAG,
    "person": FollowTarget.PERSON,
}


@dataclass
class CommunityReport:
    follows: int = 0
    bookmarks: int = 0
    helpful: int = 0
    replications: int = 0
    announced: int = 0
    decisions: int = 0

    @property
    def created(self) -> int:
        return (
            self.follows
            + self.bookmarks
            + self.helpful
            + self.replications
            + self.announced
            + self.decisions
        )


class CommunityLoader:
    def __init__(
        self,
        users: dict[str, User],
        case_studies: dict[str, CaseStudy],
        moderator: User,
        organiser: User,
    ) -> None:
        self.user = users
        self.case_study = case_studies
        self.moderator = moderator
        self.organiser = organiser
        self.report = CommunityReport()
        # Yesterday 10.00 WIB: before today's digest period began at 07.00.
        yesterday = today_wib() - timedelta(days=1)
        self.when = datetime.combine(yesterday, time(10, 0), tzinfo=WIB).astimezone(UTC)
        self.started = utcnow()
        self._first_notice = (
            db.session.scalar(sa.select(sa.func.max(Notification.id))) or 0
        ) + 1

    def load(self) -> CommunityReport:
        self.email_choices()
        self.follows()
        self.bookmarks()
        self.appreciation()
        self.held_and_approved()
        self.announce()
        self.moderation()
        self.verification()
        self._backdate()
        return self.report

    def email_choices(self) -> None:
        for email, topics in spec.DAILY_TOPICS:
            settings.set_frequencies(
                self.user[email],
                {NotificationTopic(t): EmailFrequency.DAILY for t in topics},
            )

    # Finding your way back ----------------------------------------------------

    def follows(self) -> None:
        for email, kind, name in spec.FOLLOWS:
            target = self._target(kind, name)
            user = self.user[email]
            if not following.is_following(user, _KINDS[kind], target):
                following.set_follow(user, _KINDS[kind], target, True)
                self.report.follows += 1

    def _target(self, kind: str, name: str) -> Any:
        if kind == "person":
            return self.user[name]
        model = {"program": Program, "agency": Agency, "tag": Tag}[kind]
        column = model.slug if kind == "tag" else model.name
        value = slugify(name) if kind == "tag" else name
        return db.session.scalar(sa.select(model).where(column == value))

    def bookmarks(self) -> None:
        for email, keys in spec.BOOKMARKS:
            user = self.user[email]
            for key in keys:
                case_study = self.case_study[key]
                if not following.is_bookmarked(user, case_study):
                    following.set_bookmark(user, case_study, True)
                    self.report.bookmarks += 1

    # Appreciation --------------------------------------------------------------

    def appreciation(self) -> None:
        for key, emails in spec.HELPFUL:
            case_study = self.case_study[key]
            marked = appreciation.marks_for
            for email in emails:
                user = self.user[email]
                if case_study.id not in marked(user, [case_study.id]):
                    appreciation.set_helpful(user, case_study, True)
                    self.report.helpful += 1
        for key, email, note in spec.REPLICATIONS:
            case_study, user = self.case_study[key], self.user[email]
            if appreciation.replication_of(user, case_study) is None:
                appreciation.record_replication(user, case_study, note)
                self.report.replications += 1

    # New case studies for followers ---------------------------------------------

    def announce(self) -> None:
        for key in spec.ANNOUNCED:
            self.report.announced += feed.notify_followers(self.case_study[key])

    # Moderation and verification notices ------------------------------------------

    def held_and_approved(self) -> None:
        held = spec.HELD
        found = db.session.scalar(
            sa.select(CaseStudy).where(CaseStudy.import_key == held["key"])
        )
        if found is not None:
            return
        author = self.user[held["author"]]
        program = db.session.scalar(
            sa.select(Program).where(Program.name == held["program"])
        )
        metric, before, after, unit = held["metric"]
        data = CaseStudyData(
            title=held["title"],
            summary=held["summary"],
            program_id=program.id,
            tags=held["tags"],
            result_metric=metric,
            result_before=Decimal(before),
            result_after=Decimal(after),
            result_unit=unit,
            **{
                name: inspect.cleandoc(held[name])
                for name in ("situation", "action", "result", "lessons")
            },
        )
        case_study = create_case_study(author, data, publish=False)
        case_study.import_key = held["key"]
        hold(case_study)
        db.session.flush()
        decisions.approve(case_study, self.moderator, spec.APPROVAL_NOTE)
        # Dated like the rest of the demo content, not "today".
        case_study.published_at = parse_published_at(held["published_at"])
        case_study.created_at = case_study.published_at - timedelta(days=3)
        case_study.updated_at = case_study.published_at
        self.case_study[held["key"]] = case_study
        self.report.decisions += 1

    def moderation(self) -> None:
        email, message = spec.WARNED
        warned = self.user[email]
        if not self._noticed(warned, NotificationKind.WARNING):
            decisions.warn(warned, self.moderator, message)
            self.report.decisions += 1
        key, lock, unlock = spec.LOCKED_AND_UNLOCKED
        case_study = self.case_study[key]
        if not self._noticed(
            case_study.author, NotificationKind.COMMENTS_LOCKED, case_study
        ):
            decisions.set_comments_locked(case_study, self.moderator, True, lock)
            decisions.set_comments_locked(case_study, self.moderator, False, unlock)
            self.report.decisions += 2
        key, hide, restore = spec.HIDDEN_AND_RESTORED
        case_study = self.case_study[key]
        if not self._noticed(case_study.author, NotificationKind.RESTORED, case_study):
            decisions.hide(case_study, self.moderator, hide)
            decisions.restore(case_study, self.moderator, restore)
            self.report.decisions += 2
        key, note, reason = spec.UNFEATURED
        case_study = self.case_study[key]
        if (
            not self._noticed(
                case_study.author, NotificationKind.UNFEATURED, case_study
            )
            and not case_study.is_featured
        ):
            featuring.feature(case_study, self.moderator, note)
            featuring.unfeature(case_study, self.moderator, reason)
            self.report.decisions += 2

    def verification(self) -> None:
        email, program, on = spec.VERIFIED_LATER
        completion = self._declared(email, program, on)
        if completion is not None:
            verify_completion(completion, self.organiser)
            self.report.decisions += 1

    def _declared(self, email: str, program_name: str, on: str) -> Completion | None:
        """A new declared completion, or None when the demo made it before."""
        user = self.user[email]
        program = db.session.scalar(
            sa.select(Program).where(Program.name == program_name)
        )
        exists = db.session.scalar(
            sa.select(Completion.id).where(
                Completion.user_id == user.id, Completion.program_id == program.id
            )
        )
        if exists:
            return None
        completion = Completion(
            user=user,
            program=program,
            completed_on=date.fromisoformat(on),
            source=CompletionSource.DECLARED,
        )
        db.session.add(completion)
        db.session.flush()
        return completion

    def _noticed(
        self, user: User, kind: NotificationKind, case_study: CaseStudy | None = None
    ) -> bool:
        query = sa.select(Notification.id).where(
            Notification.user_id == user.id, Notification.kind == kind
        )
        if case_study is not None:
            query = query.where(Notification.case_study_id == case_study.id)
        return db.session.scalar(query.limit(1)) is not None

    # Dates ---------------------------------------------------------------------------

    def _backdate(self) -> None:
        """Date this run's activity yesterday, so it reads as lived-in and is
        due in today's digest."""
        for model in (HelpfulMark, Replication):
            db.session.execute(
                sa.update(model)
                .where(model.created_at >= self.started)
                .values(created_at=self.when)
            )
        new = Notification.id >= self._first_notice
        db.session.execute(
            sa.update(Notification).where(new).values(created_at=self.when)
        )
        db.session.execute(
            sa.update(Notification)
            .where(new, Notification.group_started_at.is_not(None))
            .values(group_started_at=self.when)
        )
        db.session.flush()

"""Umpan balik: the level-1 reaction form, once per completion.

Who sees what: individual answers (with their comments) are for organisers
and admins (``Ability.VIEW_FEEDBACK_ANSWERS``); everyone else sees averages,
and only of at least ``FEEDBACK_MIN_AGGREGATE`` answers, because the scores
of two or three people in a small run are theirs, not a statistic.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager

from app.evaluation import queries
from app.evaluation.queries import FeedbackScores
from app.extensions import db
from app.models import Completion, Feedback, Program, ProgramRun, User

MAX_COMMENT_LENGTH = 2000


class FeedbackError(Exception):
    """The answer cannot be recorded; ``str()`` says why, in Indonesian."""


@dataclass(frozen=True)
class FeedbackData:
    relevance: int
    quality: int
    facilitator: int
    recommend: int
    comment: str = ""


def min_aggregate() -> int:
    return int(current_app.config["FEEDBACK_MIN_AGGREGATE"])


def shown(scores: FeedbackScores, *, see_small: bool) -> bool:
    """May these averages be shown? Organisers and admins always may."""
    return see_small or scores.n >= min_aggregate()


def feedback_for(completion: Completion) -> Feedback | None:
    return db.session.scalar(
        sa.select(Feedback).where(Feedback.completion_id == completion.id)
    )


def submit_feedback(completion: Completion, data: FeedbackData) -> Feedback:
    """Record the answer; a second one for the same completion is refused.

    :raise FeedbackError: the completion was rejected, or already answered
        (also when two submissions race: the unique constraint decides).
    """
    if completion.rejected:
        raise FeedbackError(
            _("Program ini ditolak penyelenggara, jadi tidak dapat dinilai.")
        )
    if feedback_for(completion) is not None:
        raise FeedbackError(_("Anda sudah mengisi umpan balik untuk program ini."))
    answer = Feedback(
        completion_id=completion.id,
        relevance=data.relevance,
        quality=data.quality,
        facilitator=data.facilitator,
        recommend=data.recommend,
        comment=data.comment.strip()[:MAX_COMMENT_LENGTH],
    )
    try:
        with db.session.begin_nested():
            db.session.add(answer)
    except IntegrityError as error:
        raise FeedbackError(
            _("Anda sudah mengisi umpan balik untuk program ini.")
        ) from error
    return answer


def programme_scores(program_id: int) -> FeedbackScores:
    """Every counted answer about a programme, all runs and years together."""
    found = queries.feedback(
        [Completion.program_id],
        [*queries.counted(), Completion.program_id == program_id],
    )
    return found.get(program_id, FeedbackScores())


@dataclass(frozen=True)
class MyCompletion:
    completion: Completion
    answered: bool


def my_completions(user: User) -> list[MyCompletion]:
    """The user's completions, newest first, and whether each was rated."""
    rows = db.session.execute(
        sa.select(Completion, Feedback.id)
        .outerjoin(Feedback, Feedback.completion_id == Completion.id)
        .join(Completion.program)
        .outerjoin(Completion.run)
        .where(Completion.user_id == user.id)
        .options(
            contains_eager(Completion.program),
            contains_eager(Completion.run),
        )
        .order_by(Completion.completed_on.desc(), Program.name)
    )
    return [MyCompletion(c, feedback_id is not None) for c, feedback_id in rows]


@dataclass(frozen=True)
class Answer:
    """One person's answer as organisers see it (no name: see the template)."""

    run_name: str | None
    completed_on: object
    created_at: object
    scores: tuple[int, int, int, int]
    comment: str


def answers(program_id: int, year: int | None = None) -> list[Answer]:
    """Individual answers for organisers and admins, newest first."""
    rows = db.session.execute(
        sa.select(Feedback, ProgramRun.name, Completion.completed_on)
        .join(Completion, Completion.id == Feedback.completion_id)
        .outerjoin(ProgramRun, ProgramRun.id == Completion.run_id)
        .where(*queries.counted(year), Completion.program_id == program_id)
        .order_by(Feedback.created_at.desc(), Feedback.id.desc())
    )
    return [
        Answer(
            run_name,
            completed_on,
            answer.created_at,
            (answer.relevance, answer.quality, answer.facilitator, answer.recommend),
            answer.comment,
        )
        for answer, run_name, completed_on in rows
    ]

"""The programme dashboard (/evaluasi/program/<slug>) for organisers and admins.

Runs are the unit of trend: participants, follow-up response and reaction
scores per run, in date order. Without ``year`` everything the programme ever
had is counted, since a trend needs more than one year's runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from app.evaluation import feedback, queries
from app.evaluation import programme_tables as tables
from app.evaluation.figures import Table
from app.evaluation.params import year_dates, year_instants
from app.evaluation.queries import FeedbackScores, FollowUpCounts
from app.extensions import db
from app.models import (
    Agency,
    CaseStudy,
    Completion,
    FollowUp,
    Program,
    ProgramRun,
    Status,
)


@dataclass
class Headline:
    participants: int
    runs: int
    follow_up: FollowUpCounts
    scores: FeedbackScores
    case_studies: int
    featured: int


@dataclass
class ProgrammeDashboard:
    program: Program
    year: int | None
    headline: Headline
    tables: list[Table]


def _runs(program: Program, year: int | None) -> list[ProgramRun]:
    """Runs started in ``year``, or with a completion counted in it."""
    stmt = sa.select(ProgramRun).where(ProgramRun.program_id == program.id)
    if year is not None:
        attended = sa.select(Completion.run_id).where(
            *queries.counted(year),
            Completion.program_id == program.id,
            Completion.run_id.is_not(None),
        )
        stmt = stmt.where(
            sa.or_(
                ProgramRun.starts_on.between(*year_dates(year)),
                ProgramRun.id.in_(attended),
            )
        )
    return list(
        db.session.scalars(stmt.order_by(ProgramRun.starts_on, ProgramRun.name))
    )


def _case_studies(program: Program, year: int | None) -> list[Any]:
    stmt = (
        sa.select(
            CaseStudy.id,
            CaseStudy.slug,
            CaseStudy.title,
            Agency.name,
            CaseStudy.published_at,
            CaseStudy.featured_at,
        )
        .outerjoin(Agency, Agency.id == CaseStudy.agency_id)
        .where(CaseStudy.program_id == program.id, CaseStudy.status == Status.PUBLISHED)
        .order_by(CaseStudy.published_at.desc(), CaseStudy.id.desc())
    )
    if year is not None:
        start, end = year_instants(year)
        stmt = stmt.where(CaseStudy.published_at >= start, CaseStudy.published_at < end)
    return list(db.session.execute(stmt))


def programme_dashboard(
    program: Program,
    year: int | None,
    *,
    now: datetime,
    see_small: bool,
    see_answers: bool,
) -> ProgrammeDashboard:
    """Seven queries (six with ``see_answers`` False), whatever the data size."""
    where = [*queries.counted(year), Completion.program_id == program.id]
    runs = _runs(program, year)
    people = queries.participation([Completion.run_id], where)
    follow = queries.follow_ups([Completion.run_id, FollowUp.stage], where, now)
    agencies = queries.participation([Agency.name], where)
    scores = queries.feedback([Completion.run_id], where)
    studies = _case_studies(program, year)
    run_keys: list[int | None] = [run.id for run in runs]
    if any(key not in run_keys for key in [*people, *scores]):
        run_keys.append(None)  # completions without a known run
    names = {run.id: run.name for run in runs} | {None: _("Tanpa angkatan")}
    by_run: dict[int | None, FollowUpCounts] = {}
    by_stage: dict[str, FollowUpCounts] = {}
    for (run_id, stage), counts in follow.items():
        by_run[run_id] = by_run.get(run_id, FollowUpCounts()) + counts
        by_stage[stage] = by_stage.get(stage, FollowUpCounts()) + counts
    built = [
        tables.runs_table(runs, people, None in run_keys),
        tables.follow_up_table(run_keys, names, by_run),
        tables.stage_table(by_stage),
        tables.agency_table(agencies),
        tables.feedback_table(run_keys, names, scores, see_small),
    ]
    if see_answers:
        built.append(tables.answers_table(feedback.answers(program.id, year)))
    built.append(tables.case_study_table(studies))
    total_people = sum(p.completions for p in people.values())
    headline = Headline(
        participants=total_people,
        runs=len(runs),
        follow_up=sum(by_run.values(), FollowUpCounts()),
        scores=sum(scores.values(), FeedbackScores()),
        case_studies=len(studies),
        featured=sum(1 for s in studies if s.featured_at is not None),
    )
    return ProgrammeDashboard(program, year, headline, built)

"""Who may do what: the one place that decides access.

Views call ``authorize`` (or the ``require`` decorator) and templates call
``can``; neither re-derives a rule. Each ability is a small predicate over the
user and, where it matters, the object.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from app.extensions import login
from app.models import CaseStudy, Comment, Completion, Role, Status, User

F = TypeVar("F", bound=Callable[..., Any])

STAFF_ROLES = frozenset({Role.MODERATOR, Role.ADMIN})
ORGANISER_ROLES = frozenset({Role.ORGANISER, Role.ADMIN})


class Ability(enum.StrEnum):
    WRITE_CASE_STUDY = "write_case_study"
    VIEW_CASE_STUDY = "view_case_study"
    EDIT_CASE_STUDY = "edit_case_study"
    WITHDRAW_CASE_STUDY = "withdraw_case_study"
    VIEW_HISTORY = "view_history"
    COMMENT = "comment"
    EDIT_COMMENT = "edit_comment"
    DELETE_COMMENT = "delete_comment"
    DECLARE_COMPLETION = "declare_completion"
    EDIT_PROFILE = "edit_profile"
    VIEW_PERSONAL_DATA = "view_personal_data"
    # Moderation (/moderasi) and curation (praktik unggulan).
    VIEW_COMMENT = "view_comment"
    FLAG = "flag"
    MODERATE = "moderate"
    FEATURE = "feature"
    # Administration (/admin): users, agencies, programmes, tags, audit log.
    ADMINISTER = "administer"
    MANAGE_USERS = "manage_users"
    MANAGE_AGENCIES = "manage_agencies"
    MANAGE_PROGRAMS = "manage_programs"
    MANAGE_TAGS = "manage_tags"
    VIEW_AUDIT_LOG = "view_audit_log"
    # Programmes (/kelola): runs, participant imports, verifying completions.
    MANAGE_RUNS = "manage_runs"
    VERIFY_COMPLETION = "verify_completion"
    # Evaluation (/evaluasi): dashboards and the reaction form (umpan balik).
    VIEW_EVALUATION = "view_evaluation"
    VIEW_PROGRAM_EVALUATION = "view_program_evaluation"
    VIEW_AGENCY_EVALUATION = "view_agency_evaluation"
    VIEW_FEEDBACK_ANSWERS = "view_feedback_answers"
    GIVE_FEEDBACK = "give_feedback"
    # Follow-ups (tindak lanjut): the ASN answers, their atasan confirms.
    CHECK_IN = "check_in"
    CONFIRM_CHECK_IN = "confirm_check_in"
    # Community: appreciation, bookmarks, follows, email settings.
    MARK_HELPFUL = "mark_helpful"
    REPLICATE = "replicate"
    BOOKMARK = "bookmark"
    FOLLOW = "follow"
    MANAGE_NOTIFICATIONS = "manage_notifications"


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _is_staff(user: Any) -> bool:
    return _signed_in(user) and user.role in STAFF_ROLES


def _is_admin(user: Any, _obj: Any = None) -> bool:
    return _signed_in(user) and user.role == Role.ADMIN


def _is_author(user: Any, case_study: CaseStudy) -> bool:
    return _signed_in(user) and case_study.author_id == user.id


def _view_case_study(user: Any, cs: CaseStudy) -> bool:
    return cs.status is Status.PUBLISHED or _is_author(user, cs) or _is_staff(user)


def _edit_case_study(user: Any, cs: CaseStudy) -> bool:
    return _is_author(user, cs) and cs.status is not Status.HIDDEN


def _withdraw_case_study(user: Any, cs: CaseStudy) -> bool:
    return _is_author(user, cs) and cs.status is Status.PUBLISHED


def _view_history(user: Any, cs: CaseStudy) -> bool:
    # Earlier text may hold what the author later removed (e.g. personal data).
    return _is_author(user, cs) or _is_staff(user)


def _comment(user: Any, cs: CaseStudy) -> bool:
    return _signed_in(user) and cs.status is Status.PUBLISHED and not cs.comments_locked


def _own_profile(user: Any, profile: User | None = None) -> bool:
    # Without a profile the question is "may they edit their own?".
    return _signed_in(user) and (profile is None or profile.id == user.id)


def _personal_data(user: Any, profile: User) -> bool:
    # NIP and email are personal data: only their owner sees them.
    return _signed_in(user) and profile.id == user.id


def _own_comment(user: Any, comment: Comment) -> bool:
    return _signed_in(user) and comment.author_id == user.id and not comment.is_deleted


def _edit_comment(user: Any, comment: Comment) -> bool:
    # Like a hidden case study: its author may delete it, not rewrite it.
    return _own_comment(user, comment) and not comment.is_hidden


def _view_comment(user: Any, comment: Comment) -> bool:
    """Hidden comments: only their author (who sees the reason) and moderators."""
    return (
        not comment.is_hidden
        or _is_staff(user)
        or (_signed_in(user) and comment.author_id == user.id)
    )


def _flag(user: Any, item: CaseStudy | Comment | None = None) -> bool:
    """Any signed-in user may report what the public sees, except their own."""
    if not _signed_in(user) or item is None:
        return _signed_in(user)
    if isinstance(item, Comment):
        if item.is_deleted or item.is_hidden:
            return False
        case_study = item.case_study
    else:
        case_study = item
    return case_study.status is Status.PUBLISHED and item.author_id != user.id


def _moderate(user: Any, _obj: Any = None) -> bool:
    return _is_staff(user)


def _feature(user: Any, cs: CaseStudy | None = None) -> bool:
    # The verified-completion rule needs a query: the service checks it.
    return _is_staff(user) and (cs is None or cs.status is Status.PUBLISHED)


def _organiser(user: Any, _obj: Any = None) -> bool:
    return _signed_in(user) and user.role in ORGANISER_ROLES


def _verify_completion(user: Any, completion: Completion | None = None) -> bool:
    # Nobody vouches for their own completion.
    return _organiser(user) and (completion is None or completion.user_id != user.id)


def _view_evaluation(user: Any, _obj: Any = None) -> bool:
    return _organiser(user) or (_signed_in(user) and user.role == Role.LEADER)


def _view_agency_evaluation(user: Any, agency: Any = None) -> bool:
    """A pimpinan sees their own agency only; without one: "some agency?"."""
    if _is_admin(user):
        return True
    if not _signed_in(user) or user.role != Role.LEADER:
        return False
    return agency is None or agency.id == user.agency_id


def _give_feedback(user: Any, completion: Completion | None = None) -> bool:
    # A rejected completion never counts, so it cannot be rated either.
    return _signed_in(user) and (
        completion is None
        or (completion.user_id == user.id and not completion.rejected)
    )


def _check_in(user: Any, follow_up: Any) -> bool:
    """Only the completion's owner, and only once the invitation went out."""
    return (
        _signed_in(user)
        and follow_up.sent_at is not None
        and follow_up.completion.user_id == user.id
    )


def _confirm_check_in(user: Any, check_in: Any) -> bool:
    """Only the atasan the check-in asked, and only about an applied change."""
    return _signed_in(user) and check_in.applied and check_in.supervisor_id == user.id


def _appreciate(user: Any, cs: CaseStudy | None = None) -> bool:
    """Helpful and replication marks: on colleagues' published work only."""
    if not _signed_in(user):
        return False
    return cs is None or (cs.status is Status.PUBLISHED and cs.author_id != user.id)


def _bookmark(user: Any, cs: CaseStudy | None = None) -> bool:
    # Saving what one may not read would leak it into the saved list.
    return _signed_in(user) and (cs is None or _view_case_study(user, cs))


def _follow(user: Any, target: Any = None) -> bool:
    """Programmes, agencies, tags and people; never oneself."""
    if not _signed_in(user):
        return False
    return not (isinstance(target, User) and target.id == user.id)


_RULES: dict[Ability, Callable[..., bool]] = {
    Ability.WRITE_CASE_STUDY: lambda user, _=None: _signed_in(user),
    Ability.VIEW_CASE_STUDY: _view_case_study,
    Ability.EDIT_CASE_STUDY: _edit_case_study,
    Ability.WITHDRAW_CASE_STUDY: _withdraw_case_study,
    Ability.VIEW_HISTORY: _view_history,
    Ability.COMMENT: _comment,
    Ability.EDIT_COMMENT: _edit_comment,
    Ability.DELETE_COMMENT: _own_comment,
    Ability.DECLARE_COMPLETION: lambda user, _=None: _signed_in(user),
    Ability.EDIT_PROFILE: _own_profile,
    Ability.VIEW_PERSONAL_DATA: _personal_data,
    Ability.VIEW_COMMENT: _view_comment,
    Ability.FLAG: _flag,
    Ability.MODERATE: _moderate,
    Ability.FEATURE: _feature,
    Ability.ADMINISTER: _is_admin,
    Ability.MANAGE_USERS: _is_admin,
    Ability.MANAGE_AGENCIES: _is_admin,
    Ability.MANAGE_PROGRAMS: _is_admin,
    Ability.MANAGE_TAGS: _is_admin,
    Ability.VIEW_AUDIT_LOG: _is_admin,
    Ability.MANAGE_RUNS: _organiser,
    Ability.VERIFY_COMPLETION: _verify_completion,
    Ability.VIEW_EVALUATION: _view_evaluation,
    Ability.VIEW_PROGRAM_EVALUATION: _organiser,
    Ability.VIEW_AGENCY_EVALUATION: _view_agency_evaluation,
    Ability.VIEW_FEEDBACK_ANSWERS: _organiser,
    Ability.GIVE_FEEDBACK: _give_feedback,
    Ability.CHECK_IN: _check_in,
    Ability.CONFIRM_CHECK_IN: _confirm_check_in,
    Ability.MARK_HELPFUL: _appreciate,
    Ability.REPLICATE: _appreciate,
    Ability.BOOKMARK: _bookmark,
    Ability.FOLLOW: _follow,
    Ability.MANAGE_NOTIFICATIONS: lambda user, _=None: _signed_in(user),
}


def can(user: User | Any, ability: Ability | str, obj: Any = None) -> bool:
    """True when ``user`` (possibly anonymous) may exercise ``ability`` on ``obj``."""
    rule = _RULES[Ability(ability)]
    return rule(user, obj) if obj is not None else rule(user)


def authorize(ability: Ability | str, obj: Any = None) -> None:
    """Stop the request unless the current user may do this.

    :raise 401-redirect: anonymous users are sent to the login page.
    :raise 403: a signed-in user without the ability.
    :raise 404: the object is not visible to this user at all, so its
        existence is not revealed.
    """
    if can(current_user, ability, obj):
        return
    if isinstance(obj, CaseStudy) and not can(
        current_user, Ability.VIEW_CASE_STUDY, obj
    ):
        abort(404)
    if not _signed_in(current_user):
        abort(login.unauthorized())
    abort(403)


def require(ability: Ability | str) -> Callable[[F], F]:
    """Decorator for abilities that need no object."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            authorize(ability)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator

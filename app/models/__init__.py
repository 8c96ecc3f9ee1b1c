"""All models, importable from one place (Alembic needs them registered)."""

from app.models.audit import AuditEvent, AuditLogIsAppendOnly
from app.models.community import Comment, Notification, NotificationKind
from app.models.evaluation import (
    ApplicationFrequency,
    CheckIn,
    Feedback,
    FollowUp,
    FollowUpStage,
)
from app.models.moderation import Flag, FlagReason, FlagResolution
from app.models.people import Agency, Role, User
from app.models.practices import (
    SECTIONS,
    CaseStudy,
    CaseStudyRevision,
    Status,
    Tag,
    case_study_tag,
)
from app.models.programmes import Completion, CompletionSource, Program, ProgramRun
from app.models.search import SearchChange

__all__ = [
    "ApplicationFrequency",
    "AuditEvent",
    "CheckIn",
    "Feedback",
    "FollowUp",
    "FollowUpStage",
    "ProgramRun",
    "AuditLogIsAppendOnly",
    "SECTIONS",
    "Agency",
    "CaseStudy",
    "CaseStudyRevision",
    "Comment",
    "Completion",
    "CompletionSource",
    "Flag",
    "FlagReason",
    "FlagResolution",
    "Notification",
    "NotificationKind",
    "Program",
    "Role",
    "SearchChange",
    "Status",
    "Tag",
    "User",
    "case_study_tag",
]

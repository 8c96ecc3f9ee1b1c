"""All models, importable from one place (Alembic needs them registered)."""

from app.models.appreciation import HelpfulMark, Replication
from app.models.audit import AuditEvent, AuditLogIsAppendOnly
from app.models.community import (
    GROUPED_KINDS,
    Comment,
    Notification,
    NotificationKind,
)
from app.models.evaluation import (
    ApplicationFrequency,
    CheckIn,
    Feedback,
    FollowUp,
    FollowUpStage,
)
from app.models.following import FOLLOW_COLUMNS, Bookmark, Follow, FollowTarget
from app.models.mailing import (
    DEFAULT_FREQUENCY,
    Digest,
    EmailFrequency,
    NotificationSetting,
    NotificationTopic,
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
from app.models.submissions import FormSubmission

__all__ = [
    "DEFAULT_FREQUENCY",
    "FOLLOW_COLUMNS",
    "GROUPED_KINDS",
    "Bookmark",
    "Digest",
    "EmailFrequency",
    "Follow",
    "FollowTarget",
    "HelpfulMark",
    "NotificationSetting",
    "NotificationTopic",
    "Replication",
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
    "FormSubmission",
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

"""Case studies (studi kasus / praktik baik), their revisions and tags."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow

if TYPE_CHECKING:
    from app.models.community import Comment
    from app.models.people import Agency, User
    from app.models.programmes import Program

SECTIONS = ("situation", "action", "result", "lessons")


class Status(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"
    HIDDEN = "hidden"
    # Pre-moderation: an account's first case study waits for a moderator.
    PENDING = "pending"


case_study_tag = sa.Table(
    "case_study_tag",
    Base.metadata,
    sa.Column(
        "case_study_id",
        sa.ForeignKey("case_study.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("tag_id", sa.ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True),
    sa.Index("ix_case_study_tag_tag_id", "tag_id"),
)


class Tag(Base):
    __tablename__ = "tag"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(60))
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)

    def __repr__(self) -> str:
        return f"<Tag {self.slug}>"


class _Sections:
    """The four Markdown sections, as written and as rendered at save time."""

    situation_md: Mapped[str] = mapped_column(sa.Text, default="")
    action_md: Mapped[str] = mapped_column(sa.Text, default="")
    result_md: Mapped[str] = mapped_column(sa.Text, default="")
    lessons_md: Mapped[str] = mapped_column(sa.Text, default="")


class CaseStudy(_Sections, Base):
    """What an ASN applied after a programme, and what came of it."""

    __tablename__ = "case_study"
    __table_args__ = (
        sa.Index("ix_case_study_status_published_at", "status", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    slug: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.String(500))
    situation_html: Mapped[str] = mapped_column(sa.Text, default="")
    action_html: Mapped[str] = mapped_column(sa.Text, default="")
    result_html: Mapped[str] = mapped_column(sa.Text, default="")
    lessons_html: Mapped[str] = mapped_column(sa.Text, default="")
    # Optional measured result: e.g. "waktu tunggu" 45 -> 20 "menit".
    result_metric: Mapped[str] = mapped_column(sa.String(120), default="")
    result_before: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    result_after: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    result_unit: Mapped[str] = mapped_column(sa.String(40), default="")
    status: Mapped[Status] = mapped_column(
        sa.Enum(
            Status,
            native_enum=False,
            length=20,
            values_callable=lambda items: [i.value for i in items],
        ),
        default=Status.DRAFT,
    )
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    program_id: Mapped[int] = mapped_column(sa.ForeignKey("program.id"), index=True)
    agency_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agency.id"), index=True
    )
    # Set by bulk import so that re-running the same file changes nothing.
    import_key: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]
    # Praktik unggulan: set by a moderator (issue 4 builds the screens).
    featured_at: Mapped[datetime | None]
    featured_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    featured_note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # Moderation: when it left public view (hidden, or held while PENDING), by
    # whom (None: the system, e.g. hidden automatically) and why; the author
    # sees the reason.
    hidden_at: Mapped[datetime | None]
    hidden_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    hidden_reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    comments_locked: Mapped[bool] = mapped_column(
        default=False, server_default=sa.false()
    )
    # Running counts of HelpfulMark / Replication rows, changed only by an
    # atomic +1/-1 beside the row (app.community.appreciation); for sorting.
    helpful_count: Mapped[int] = mapped_column(default=0, server_default="0")
    replication_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # Raised by one on every saved edit, with a conditional UPDATE: an edit
    # form made from an older version gets a conflict page, not an overwrite.
    edit_version: Mapped[int] = mapped_column(default=1, server_default="1")
    # Times opened by someone other than the author; +1 in one UPDATE.
    view_count: Mapped[int] = mapped_column(default=0, server_default="0")

    author: Mapped[User] = relationship(foreign_keys=[author_id])
    program: Mapped[Program] = relationship()
    agency: Mapped[Agency | None] = relationship()
    tags: Mapped[list[Tag]] = relationship(
        secondary=case_study_tag, order_by="Tag.name"
    )
    revisions: Mapped[list[CaseStudyRevision]] = relationship(
        back_populates="case_study",
        order_by="CaseStudyRevision.number.desc()",
        cascade="all, delete-orphan",
    )
    # The comments everyone may read (not deleted, not hidden), oldest first:
    # what search indexes with the case study (app.search.schema). Read-only.
    visible_comments: Mapped[list[Comment]] = relationship(
        primaryjoin="and_(Comment.case_study_id == CaseStudy.id, "
        "Comment.deleted_at.is_(None), Comment.hidden_at.is_(None))",
        order_by="Comment.id",
        viewonly=True,
    )

    @property
    def is_published(self) -> bool:
        return self.status is Status.PUBLISHED

    @property
    def is_featured(self) -> bool:
        return self.featured_at is not None

    def __repr__(self) -> str:
        return f"<CaseStudy {self.id} {self.status}>"


class CaseStudyRevision(_Sections, Base):
    """A snapshot taken at every save, so the history can be shown."""

    __tablename__ = "case_study_revision"
    __table_args__ = (sa.UniqueConstraint("case_study_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_study_id: Mapped[int] = mapped_column(
        sa.ForeignKey("case_study.id", ondelete="CASCADE")
    )
    number: Mapped[int]
    editor_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.String(500))
    tags: Mapped[str] = mapped_column(sa.String(1000), default="")
    status: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case_study: Mapped[CaseStudy] = relationship(back_populates="revisions")
    editor: Mapped[User] = relationship()

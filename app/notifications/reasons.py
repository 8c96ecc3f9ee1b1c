"""What each notice says, why the user got it, and where to turn it off.

"Why am I getting this?" is the question people ask most about notification
emails (Discourse, Stack Overflow). Every notice therefore carries three
sentences, built here once for the in-app list and for every email:

* ``text``: what happened ("Sri Nasution dan 4 rekan lain menandai ...");
* ``reason``: why this user ("... karena Anda mengikuti program X");
* ``settings_url`` (and for followed content ``following_url``): the exact
  line of the settings page that governs it (``#topik-<topic>``).

Call :func:`describe` inside the recipient's locale (``force_locale``) for
emails; in a request the current locale applies. It reads only relationships
the callers load eagerly (``list_notifications``, the senders), so a page of
notices runs no query per notice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app.mail import absolute_url
from app.models import (
    FollowTarget,
    Notification,
    NotificationKind,
    NotificationTopic,
)
from app.notifications.settings import TOPIC_LABELS, topic_anchor
from app.policy import Ability, can

K = NotificationKind
MODERATION_DECISIONS = frozenset(
    {
        K.HIDDEN,
        K.RESTORED,
        K.APPROVED,
        K.COMMENTS_LOCKED,
        K.COMMENTS_UNLOCKED,
        K.FEATURED,
        K.UNFEATURED,
    }
)
FOLLOWING_LIST = "community.following_list"


@dataclass(frozen=True)
class Notice:
    """One notification, in words and links, ready for a page or an email."""

    notification: Notification
    text: str
    reason: str
    note_label: str  # "Alasan:" etc., shown before ``note`` when there is one
    note: str
    topic: NotificationTopic
    topic_label: str
    url: str  # opens the notice (marks it read) and goes where it points
    settings_url: str
    following_url: str | None

    @property
    def kind(self) -> NotificationKind:
        return self.notification.kind


UrlFor = Callable[..., str]


def describe(notification: Notification, *, absolute: bool = False) -> Notice:
    """The notice's words and links; ``absolute`` for emails (``BASE_URL``)."""
    build: UrlFor = absolute_url if absolute else url_for
    topic = notification.kind.topic
    return Notice(
        notification=notification,
        text=notice_text(notification),
        reason=reason_text(notification),
        note_label=_note_label(notification) if notification.message else "",
        note=notification.message,
        topic=topic,
        topic_label=str(TOPIC_LABELS[topic]),
        url=build("community.open_notification", notification_id=notification.id),
        settings_url=f"{build('notifications.settings')}#{topic_anchor(topic)}",
        following_url=_following_url(notification, build),
    )


def available(notification: Notification) -> bool:
    """False when the notice points at a case study its reader may no longer
    see (withdrawn, hidden, held): its title must not leak, nor be emailed."""
    case_study = notification.case_study
    return case_study is None or can(
        notification.user, Ability.VIEW_CASE_STUDY, case_study
    )


def _following_url(notification: Notification, build: UrlFor) -> str | None:
    if notification.kind is not K.NEW_CASE_STUDY:
        return None
    if FOLLOWING_LIST not in current_app.view_functions:
        return None  # the following pages are not part of this app (yet)
    return build(FOLLOWING_LIST)


def _note_label(notification: Notification) -> str:
    if notification.kind is K.FEATURED:
        return _("Catatan kurator:")
    if notification.kind is K.WARNING:
        return _("Pesan:")
    return _("Alasan:")


# --- what happened ------------------------------------------------------------------


def _names(notification: Notification) -> dict[str, Any]:
    case_study = notification.case_study
    follow_up = notification.follow_up
    return {
        "actor": notification.actor.name if notification.actor else _("Seseorang"),
        "title": case_study.title if case_study else "",
        "program": follow_up.completion.program.name if follow_up else "",
    }


def notice_text(notification: Notification) -> str:
    """What happened, in one sentence."""
    if not available(notification):
        return _("Studi kasus yang dimaksud tidak tersedia lagi.")
    names = _names(notification)
    kind = notification.kind
    if kind in _GROUPED_TEXTS:
        return _GROUPED_TEXTS[kind](notification, names)
    if kind is K.NEW_CASE_STUDY:
        return _new_case_study_text(notification, names)
    if kind in MODERATION_DECISIONS or kind is K.WARNING:
        return _moderation_text(notification, names)
    return _OTHER_TEXTS[kind](names)


def _helpful_text(notification: Notification, names: dict[str, Any]) -> str:
    others = max(notification.actor_count - 1, 0)
    if not others:
        return _("%(actor)s menandai studi kasus Anda «%(title)s» bermanfaat.", **names)
    return ngettext(
        "%(actor)s dan %(num)d rekan lain menandai studi kasus Anda «%(title)s» "
        "bermanfaat.",
        "%(actor)s dan %(num)d rekan lain menandai studi kasus Anda «%(title)s» "
        "bermanfaat.",
        others,
        actor=names["actor"],
        title=names["title"],
    )


def _replicated_text(notification: Notification, names: dict[str, Any]) -> str:
    others = max(notification.actor_count - 1, 0)
    if not others:
        return _("%(actor)s juga menerapkan studi kasus Anda «%(title)s».", **names)
    return ngettext(
        "%(actor)s dan %(num)d rekan lain juga menerapkan studi kasus Anda "
        "«%(title)s».",
        "%(actor)s dan %(num)d rekan lain juga menerapkan studi kasus Anda "
        "«%(title)s».",
        others,
        actor=names["actor"],
        title=names["title"],
    )


_GROUPED_TEXTS = {K.HELPFUL: _helpful_text, K.REPLICATED: _replicated_text}


def _new_case_study_text(notification: Notification, names: dict[str, Any]) -> str:
    case_study = notification.case_study
    author = notification.actor or (case_study.author if case_study else None)
    return _(
        "Studi kasus baru dari %(author)s: «%(title)s».",
        author=author.name if author else _("Seseorang"),
        title=names["title"],
    )


def _moderation_text(notification: Notification, names: dict[str, Any]) -> str:
    title = names["title"]
    on_comment = notification.comment_id is not None
    kind = notification.kind
    if kind is K.HIDDEN:
        if on_comment:
            return _(
                "Komentar Anda pada «%(title)s» disembunyikan moderator.", title=title
            )
        return _("Studi kasus Anda «%(title)s» disembunyikan moderator.", title=title)
    if kind is K.RESTORED:
        if on_comment:
            return _(
                "Komentar Anda pada «%(title)s» dipulihkan dan tampil kembali.",
                title=title,
            )
        return _(
            "Studi kasus Anda «%(title)s» dipulihkan dan tampil kembali.", title=title
        )
    if kind is K.WARNING:
        return _("Anda menerima peringatan dari moderator.")
    return _MODERATION_TEXTS[kind](title)


_MODERATION_TEXTS: dict[NotificationKind, Callable[[str], str]] = {
    K.APPROVED: lambda title: _(
        "Studi kasus Anda «%(title)s» disetujui moderator dan sudah terbit.",
        title=title,
    ),
    K.COMMENTS_LOCKED: lambda title: _(
        "Komentar pada studi kasus Anda «%(title)s» dikunci moderator.", title=title
    ),
    K.COMMENTS_UNLOCKED: lambda title: _(
        "Komentar pada studi kasus Anda «%(title)s» dibuka kembali.", title=title
    ),
    K.FEATURED: lambda title: _(
        "Studi kasus Anda «%(title)s» dipilih menjadi praktik unggulan.", title=title
    ),
    K.UNFEATURED: lambda title: _(
        "Studi kasus Anda «%(title)s» tidak lagi menjadi praktik unggulan.",
        title=title,
    ),
}

_OTHER_TEXTS: dict[NotificationKind, Callable[[dict[str, Any]], str]] = {
    K.REPLY: lambda n: _(
        "%(actor)s membalas komentar Anda pada «%(title)s»",
        actor=n["actor"],
        title=n["title"],
    ),
    K.COMMENT: lambda n: _(
        "%(actor)s mengomentari studi kasus Anda «%(title)s»",
        actor=n["actor"],
        title=n["title"],
    ),
    K.FOLLOW_UP: lambda n: _(
        "Waktunya tindak lanjut: bagaimana penerapan «%(program)s» di tempat "
        "kerja Anda?",
        program=n["program"],
    ),
    K.CONFIRM_REQUEST: lambda n: _(
        "%(actor)s meminta Anda sebagai atasan mengonfirmasi penerapan «%(program)s».",
        actor=n["actor"],
        program=n["program"],
    ),
    K.COMPLETION_VERIFIED: lambda n: _(
        "%(actor)s memverifikasi program yang Anda catat.", actor=n["actor"]
    ),
    K.COMPLETION_REJECTED: lambda n: _(
        "%(actor)s menolak program yang Anda catat.", actor=n["actor"]
    ),
}


# --- why this user ------------------------------------------------------------------


def reason_text(notification: Notification) -> str:
    """Why the user got it: "Anda menerima ini karena ..."."""
    kind = notification.kind
    if kind in (K.COMMENT, K.HELPFUL, K.REPLICATED):
        return _("Anda menerima ini karena Anda penulis studi kasus ini.")
    if kind is K.REPLY:
        return _("Anda menerima ini karena ada balasan pada komentar Anda.")
    if kind is K.NEW_CASE_STUDY:
        return _following_reason(notification)
    if kind is K.WARNING:
        return _("Anda menerima ini karena moderator mengirim peringatan kepada Anda.")
    if kind in MODERATION_DECISIONS:
        return _(
            "Anda menerima ini karena ini keputusan moderator tentang konten Anda."
        )
    if kind is K.CONFIRM_REQUEST:
        return _(
            "Anda menerima ini karena %(actor)s memilih Anda sebagai atasan yang "
            "mengonfirmasi penerapannya.",
            actor=_names(notification)["actor"],
        )
    if kind is K.FOLLOW_UP:
        return _(
            "Anda menerima ini karena Anda mencatat telah menyelesaikan «%(program)s».",
            program=_names(notification)["program"],
        )
    return _("Anda menerima ini karena Anda mencatat program ini di profil Anda.")


def _following_reason(notification: Notification) -> str:
    follow = notification.follow
    if follow is None:  # unfollowed since
        return _(
            "Anda menerima ini karena saat itu Anda mengikuti program, instansi, tag "
            "atau penulisnya."
        )
    kind = follow.target_kind
    if kind is FollowTarget.PROGRAM:
        return _(
            "Anda menerima ini karena Anda mengikuti program «%(name)s».",
            name=follow.program.name,
        )
    if kind is FollowTarget.AGENCY:
        return _(
            "Anda menerima ini karena Anda mengikuti instansi «%(name)s».",
            name=follow.agency.name,
        )
    if kind is FollowTarget.TAG:
        return _(
            "Anda menerima ini karena Anda mengikuti tag «%(name)s».",
            name=follow.tag.name,
        )
    return _(
        "Anda menerima ini karena Anda mengikuti %(name)s.",
        name=follow.followed_user.name,
    )

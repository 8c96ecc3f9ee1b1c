"""Access control, proven for every route.

``RULES`` is the one table of who may reach what: for every endpoint in
``app.url_map`` (only ``static`` and ``bootstrap.static`` are skipped), the
outcome for each of seven visitors. The test walks the url map, so a route
added without a rule here fails with a message naming it, and a rule left
behind for a route that no longer exists fails too.

Outcomes are about access only, not about what the request then does:

* ``ok``: 2xx, or a redirect anywhere but the sign-in page; for POST (and
  other writes) also 400, i.e. the view ran and refused the input.
* ``login``: a redirect to ``/masuk``.
* ``forbidden``: 403.
* ``notfound``: 404 (the object is not visible to this visitor at all).

Every test builds a fresh ``world`` (below) where "member" owns the objects
the URLs point at, and sends one request as one visitor. Visitors are signed
in by putting their id in the session, which is what Flask-Login's
``login_user`` does, so 700 requests do not each pay for a password hash.

After the matrix, tests check ownership through lists, search and the API:
member B never sees member A's draft there either.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from whoosh import index as whoosh_index

from app import create_app
from app.auth.reset import make_token as make_reset_token
from app.models import (
    Agency,
    CaseStudy,
    CheckIn,
    Comment,
    Completion,
    FollowUp,
    Notification,
    NotificationKind,
    NotificationTopic,
    Program,
    ProgramRun,
    Role,
    Status,
    User,
)
from app.moderation.audit import record
from app.notifications.unsubscribe import make_token
from app.practices.services import CaseStudyData, create_case_study
from app.search.folders import current_folder
from app.search.indexer import apply_pending
from config import TestingConfig

# --- visitors and outcomes ---------------------------------------------------

ANON, MEMBER, OTHER = "anonymous", "member", "other"
MOD, ORG, LEAD, ADMIN = "moderator", "penyelenggara", "pimpinan", "admin"
VISITORS = (ANON, MEMBER, OTHER, MOD, ORG, LEAD, ADMIN)
ROLE_OF = {
    MEMBER: Role.MEMBER,
    OTHER: Role.MEMBER,
    MOD: Role.MODERATOR,
    ORG: Role.ORGANISER,
    LEAD: Role.LEADER,
    ADMIN: Role.ADMIN,
}

OK, LOGIN, FORBIDDEN, NOTFOUND = "ok", "login", "forbidden", "notfound"
SKIPPED_ENDPOINTS = frozenset({"static", "bootstrap.static"})
AUTOMATIC_METHODS = frozenset({"HEAD", "OPTIONS"})


def outcomes(default: str, **by_visitor: str) -> dict[str, str]:
    """The same outcome for every visitor, except those named."""
    unknown = set(by_visitor) - set(VISITORS)
    assert not unknown, f"unknown visitors {unknown}"
    return {visitor: by_visitor.get(visitor, default) for visitor in VISITORS}


PUBLIC = outcomes(OK)
SIGNED_IN = outcomes(OK, anonymous=LOGIN)
OWNER = outcomes(FORBIDDEN, anonymous=LOGIN, member=OK)
STAFF = outcomes(FORBIDDEN, anonymous=LOGIN, moderator=OK, admin=OK)
ADMINS = outcomes(FORBIDDEN, anonymous=LOGIN, admin=OK)
# The organiser's area (/kelola): organisers and admins.
ORGANISERS = outcomes(FORBIDDEN, anonymous=LOGIN, penyelenggara=OK, admin=OK)
# Member's draft: only its author and the moderators know it exists.
DRAFT_VISIBLE = outcomes(NOTFOUND, member=OK, moderator=OK, admin=OK)
# ... and only its author may change it; moderators see it, so they get 403.
DRAFT_OWNER = outcomes(NOTFOUND, member=OK, moderator=FORBIDDEN, admin=FORBIDDEN)
DRAFT_NOBODY = outcomes(
    NOTFOUND, member=FORBIDDEN, moderator=FORBIDDEN, admin=FORBIDDEN
)
# History of a published case study: its author and the moderators.
HISTORY = outcomes(FORBIDDEN, anonymous=LOGIN, member=OK, moderator=OK, admin=OK)
# Reporting: anyone signed in, except the author of what is reported.
FLAG = outcomes(OK, anonymous=LOGIN, member=FORBIDDEN)
# Reporting a draft: only those who can see it reach the refusal (403).
FLAG_DRAFT = outcomes(
    NOTFOUND,
    anonymous=LOGIN,
    member=FORBIDDEN,
    moderator=FORBIDDEN,
    admin=FORBIDDEN,
)


# --- the world the URLs point into -------------------------------------------


World = dict[str, Any]  # names below -> ids, slugs and the users by visitor

DRAFT = {"case_id": "draft", "slug": "draft_slug"}
HIDDEN = {"case_id": "hidden", "slug": "hidden_slug"}
PUBLISHED = {"case_id": "published", "slug": "published_slug"}
# What each URL argument names when a rule does not say otherwise.
DEFAULT_ARGS = {
    "case_id": "published",
    "comment_id": "comment",
    "notification_id": "notification",
    "completion_id": "completion",
    "user_id": "member",
    "number": "revision",
    "agency_id": "agency",
    "program_id": "program",
    "tag_id": "tag",
    "follow_up_id": "follow_up",
    "run_id": "run",
    "_rest": "nothing",
}


def _case_study_form(world: World) -> dict[str, str]:
    return {
        "title": "Judul uji akses",
        "summary": "Ringkasan uji akses.",
        "program_id": str(world["program"]),
        "situation": "Situasi.",
        "action": "Tindakan.",
        "result": "Hasil.",
        "lessons": "Pelajaran.",
        "tags": "uji",
        "save": "Simpan draf",
    }


REASON = {"reason": "Alasan uji yang cukup jelas untuk dicatat."}
_FEEDBACK_FORM = dict.fromkeys(
    ("relevance", "quality", "facilitator", "recommend"), "4"
)
# Dashboards: the city for organisers and leaders; an agency for its leader.
EVALUATORS = outcomes(
    FORBIDDEN, anonymous=LOGIN, penyelenggara=OK, pimpinan=OK, admin=OK
)
AGENCY_LEADER = outcomes(FORBIDDEN, anonymous=LOGIN, pimpinan=OK, admin=OK)
_RUN_FORM = {"name": "Angkatan Uji", "starts_on": "2026-01-05", "ends_on": "2026-01-09"}


@dataclass(frozen=True)
class Rule:
    """Who may reach one endpoint, for one object.

    ``expect``: outcome per visitor. ``args``: URL argument -> world name
    (merged over ``DEFAULT_ARGS``). ``form``: what a POST sends (a dict, or a
    function of the world). ``owner``: the visitor who owns the object.
    """

    expect: dict[str, str]
    args: dict[str, str] = field(default_factory=dict)
    form: dict[str, str] | Callable[[World], dict[str, str]] = field(
        default_factory=dict
    )
    owner: str | None = None
    label: str = ""

    def form_for(self, world: World) -> dict[str, str]:
        return self.form(world) if callable(self.form) else dict(self.form)


# The one table: endpoint -> the rules (one per object it is tried on).
RULES: dict[str, list[Rule]] = {
    # Public pages: anyone, signed in or not.
    "main.index": [Rule(PUBLIC)],
    "practices.programs": [Rule(PUBLIC)],
    "practices.agencies": [Rule(PUBLIC)],
    "practices.by_program": [Rule(PUBLIC, args={"slug": "program_slug"})],
    "practices.by_agency": [Rule(PUBLIC, args={"slug": "agency_slug"})],
    "practices.by_tag": [Rule(PUBLIC, args={"slug": "tag_slug"})],
    "profiles.show": [Rule(PUBLIC, owner=MEMBER)],
    "moderation.featured": [Rule(PUBLIC)],
    "search.results": [Rule(PUBLIC)],
    "api.search_v1": [Rule(PUBLIC)],
    "api.not_found": [Rule(outcomes(NOTFOUND))],
    "main.healthz": [Rule(PUBLIC)],
    # Accounts: the forms redirect whoever is signed in already.
    "auth.login": [
        Rule(PUBLIC, form={"email": "tidak@ada.id", "password": "salah-sekali"})
    ],
    "auth.register": [Rule(PUBLIC, form={"name": "Uji"})],
    "auth.logout": [Rule(PUBLIC)],
    "auth.change_password": [
        Rule(SIGNED_IN, form={"current_password": "salah", "password": "x"})
    ],
    # Forgotten password: anyone; the signed link decides, not the session.
    "auth.forgot_password": [Rule(PUBLIC, form={"email": "tidak@ada.id"})],
    "auth.reset_link": [Rule(PUBLIC, args={"token": "reset_token"})],
    "auth.reset_password": [Rule(PUBLIC, form={"password": "x", "confirm": "x"})],
    # Case studies.
    "practices.new": [Rule(SIGNED_IN, form=_case_study_form)],
    "practices.mine": [Rule(SIGNED_IN)],
    # The writing form's aids: the preview for those who can write or edit
    # a case study (a completed programme, or one of their own).
    "practices.live_preview": [
        Rule(
            outcomes(FORBIDDEN, anonymous=LOGIN, member=OK, other=OK),
            form={"situation": "Uji **pratinjau**."},
        )
    ],
    "practices.tag_suggestions_json": [Rule(SIGNED_IN)],
    "practices.show": [
        Rule(PUBLIC, args=PUBLISHED, owner=MEMBER, label="published"),
        Rule(DRAFT_VISIBLE, args=DRAFT, owner=MEMBER, label="draft"),
        Rule(DRAFT_VISIBLE, args=HIDDEN, owner=MEMBER, label="hidden"),
    ],
    "practices.edit": [
        Rule(OWNER, form=_case_study_form, owner=MEMBER, label="published"),
        Rule(
            DRAFT_OWNER, args=DRAFT, form=_case_study_form, owner=MEMBER, label="draft"
        ),
        # Hidden by a moderator: its author may read it, not change it.
        Rule(
            DRAFT_NOBODY,
            args=HIDDEN,
            form=_case_study_form,
            owner=MEMBER,
            label="hidden",
        ),
    ],
    "practices.withdraw": [
        Rule(OWNER, owner=MEMBER, label="published"),
        Rule(DRAFT_NOBODY, args=DRAFT, owner=MEMBER, label="draft"),
    ],
    "practices.history": [
        Rule(HISTORY, owner=MEMBER, label="published"),
        Rule(DRAFT_VISIBLE, args=DRAFT, owner=MEMBER, label="draft"),
    ],
    "practices.revision": [
        Rule(HISTORY, owner=MEMBER, label="published"),
        Rule(
            DRAFT_VISIBLE,
            args={**DRAFT, "number": "draft_revision"},
            owner=MEMBER,
            label="draft",
        ),
    ],
    # Comments and notifications.
    "community.add_comment": [
        Rule(SIGNED_IN, form={"body": "Terima kasih."}, label="published"),
        Rule(
            DRAFT_NOBODY,
            args=DRAFT,
            form={"body": "Bocor?"},
            owner=MEMBER,
            label="draft",
        ),
    ],
    "community.edit_comment": [Rule(OWNER, form={"body": "Diubah."}, owner=MEMBER)],
    "community.delete_comment": [Rule(OWNER, owner=MEMBER)],
    "community.notifications": [Rule(SIGNED_IN)],
    "community.open_notification": [
        Rule(outcomes(NOTFOUND, anonymous=LOGIN, member=OK), owner=MEMBER)
    ],
    "community.mark_all_read": [Rule(SIGNED_IN)],
    # Appreciation: like reporting, colleagues on published work; the author
    # (and staff on a draft they can see) get 403, the rest 404 for a draft.
    "community.mark_helpful": [
        Rule(FLAG, form={"on": "1"}, owner=MEMBER, label="published"),
        Rule(FLAG_DRAFT, args=DRAFT, form={"on": "1"}, owner=MEMBER, label="draft"),
    ],
    "community.replicate": [
        Rule(
            FLAG,
            form={"on": "1", "note": "Kami terapkan."},
            owner=MEMBER,
            label="published",
        ),
        Rule(FLAG_DRAFT, args=DRAFT, form={"on": "1"}, owner=MEMBER, label="draft"),
    ],
    # Email settings; unsubscribe needs no login: the signed token decides.
    "notifications.settings": [
        Rule(SIGNED_IN, form={t.value: "daily" for t in NotificationTopic})
    ],
    "notifications.unsubscribe": [Rule(PUBLIC, args={"token": "unsubscribe_token"})],
    # Bookmarks and follows: signed in; only what one may see; not oneself.
    "community.bookmark": [
        Rule(SIGNED_IN, form={"on": "1"}, owner=MEMBER, label="published"),
        Rule(DRAFT_VISIBLE, args=DRAFT, form={"on": "1"}, owner=MEMBER, label="draft"),
    ],
    "community.follow": [
        Rule(
            SIGNED_IN,
            args={"kind": "kind_program", "target": "program_slug"},
            form={"on": "1"},
            label="program",
        ),
        Rule(
            outcomes(OK, anonymous=LOGIN, member=FORBIDDEN),
            args={"kind": "kind_person", "target": "member"},
            form={"on": "1"},
            owner=MEMBER,
            label="person",
        ),
        Rule(
            outcomes(NOTFOUND),
            args={"kind": "kind_program", "target": "nothing"},
            form={"on": "1"},
            label="unknown",
        ),
    ],
    "community.feed": [Rule(SIGNED_IN)],
    "community.saved": [Rule(SIGNED_IN)],
    "community.following_list": [Rule(SIGNED_IN)],
    # Follow-ups: the ASN answers a sent one; only the atasan asked confirms.
    "followups.mine": [Rule(SIGNED_IN)],
    "followups.check_in": [
        Rule(
            outcomes(NOTFOUND, anonymous=LOGIN, member=OK),
            form={"applied": "ya", "frequency": "daily"},
            owner=MEMBER,
        )
    ],
    "followups.confirm": [
        Rule(
            outcomes(NOTFOUND, anonymous=LOGIN, other=OK),
            args={"follow_up_id": "answered_follow_up"},
            form={"confirmed": "ya"},
            owner=MEMBER,
        )
    ],
    # Profiles.
    "profiles.edit": [
        Rule(
            SIGNED_IN,
            form=lambda w: {
                "name": "Nama Uji",
                "position": "Staf",
                "agency": str(w["agency"]),
                "locale": "id",
            },
        )
    ],
    "profiles.declare_completion": [
        Rule(
            SIGNED_IN,
            form=lambda w: {"program": str(w["program"]), "completed_on": "2026-01-10"},
        )
    ],
    "profiles.delete_completion": [Rule(OWNER, owner=MEMBER)],
    # Reporting and moderation.
    "moderation.flag_case_study": [
        Rule(FLAG, form={"reason": "spam"}, owner=MEMBER, label="published"),
        Rule(
            FLAG_DRAFT, args=DRAFT, form={"reason": "spam"}, owner=MEMBER, label="draft"
        ),
    ],
    "moderation.flag_comment": [Rule(FLAG, form={"reason": "spam"}, owner=MEMBER)],
    "moderation.queue": [Rule(STAFF)],
    "moderation.hide_case_study": [Rule(STAFF, form=REASON)],
    "moderation.restore_case_study": [Rule(STAFF, form=REASON)],
    "moderation.dismiss_case_study_flags": [Rule(STAFF, form=REASON)],
    "moderation.approve": [Rule(STAFF, form=REASON)],
    "moderation.lock_comments": [Rule(STAFF, form=REASON)],
    "moderation.unlock_comments": [Rule(STAFF, form=REASON)],
    "moderation.feature": [Rule(STAFF, form=REASON)],
    "moderation.unfeature": [Rule(STAFF, form=REASON)],
    "moderation.hide_comment": [Rule(STAFF, form=REASON)],
    "moderation.restore_comment": [Rule(STAFF, form=REASON)],
    "moderation.dismiss_comment_flags": [Rule(STAFF, form=REASON)],
    "moderation.warn_user": [Rule(STAFF, form=REASON)],
    # Administration: admins only.
    "admin.index": [Rule(ADMINS)],
    "admin.audit": [Rule(ADMINS)],
    "admin.users": [Rule(ADMINS)],
    "admin.user": [Rule(ADMINS)],
    "admin.change_role": [
        Rule(ADMINS, args={"user_id": "other"}, form={"role": "pimpinan"})
    ],
    "admin.deactivate_user": [Rule(ADMINS, args={"user_id": "other"}, form=REASON)],
    "admin.reactivate_user": [Rule(ADMINS, args={"user_id": "other"}, form=REASON)],
    "admin.agencies": [Rule(ADMINS)],
    "admin.new_agency": [Rule(ADMINS, form={"name": "Instansi Uji Baru"})],
    "admin.edit_agency": [Rule(ADMINS, form={"name": "Instansi Uji Lain"})],
    "admin.archive_agency": [Rule(ADMINS)],
    "admin.unarchive_agency": [Rule(ADMINS)],
    "admin.programs": [Rule(ADMINS)],
    "admin.new_program": [Rule(ADMINS, form={"name": "Program Uji", "hours": "8"})],
    "admin.edit_program": [Rule(ADMINS, form={"name": "Program Lain", "hours": "8"})],
    "admin.archive_program": [Rule(ADMINS)],
    "admin.unarchive_program": [Rule(ADMINS)],
    "admin.tags": [Rule(ADMINS)],
    "admin.rename_tag": [Rule(ADMINS, form={"name": "Pelayanan"})],
    "admin.merge_tag": [Rule(ADMINS, form=lambda w: {"target": str(w["other_tag"])})],
    # Evaluation (/evaluasi) and feedback (/umpan-balik).
    "evaluation.overview": [Rule(EVALUATORS)],
    "evaluation.program": [
        Rule(
            outcomes(FORBIDDEN, anonymous=LOGIN, penyelenggara=OK, admin=OK),
            args={"slug": "program_slug"},
        )
    ],
    "evaluation.agency": [
        Rule(AGENCY_LEADER, args={"slug": "agency_slug"}, label="own agency"),
        Rule(ADMINS, args={"slug": "other_agency_slug"}, label="other agency"),
    ],
    "evaluation.my_feedback": [Rule(SIGNED_IN)],
    "evaluation.give_feedback": [Rule(OWNER, form=_FEEDBACK_FORM, owner=MEMBER)],
    # Programmes, runs and participants (/kelola).
    "programmes.index": [Rule(ORGANISERS)],
    "programmes.new_run": [
        Rule(ORGANISERS, args={"slug": "program_slug"}, form=_RUN_FORM)
    ],
    "programmes.edit_run": [
        Rule(ORGANISERS, args={"slug": "program_slug"}, form=_RUN_FORM)
    ],
    "programmes.run": [Rule(ORGANISERS, args={"slug": "program_slug"})],
    "programmes.import_participants": [Rule(ORGANISERS, args={"slug": "program_slug"})],
    "programmes.confirm_import": [Rule(ORGANISERS, args={"slug": "program_slug"})],
    "programmes.sample_csv": [Rule(ORGANISERS)],
    "programmes.verification_queue": [Rule(ORGANISERS)],
    "programmes.verify": [Rule(ORGANISERS, owner=MEMBER)],
    "programmes.reject": [Rule(ORGANISERS, form=REASON, owner=MEMBER)],
}


# --- the routes, read from the app -------------------------------------------


@dataclass(frozen=True)
class Route:
    endpoint: str
    rule: str
    method: str


@cache
def routes() -> tuple[Route, ...]:
    """Every (endpoint, rule, method) the app serves, but static files."""

    class RoutesOnly(TestingConfig):
        INSTANCE_DIR = Path(tempfile.gettempdir()) / "lumbung-access-matrix"
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    app = create_app(RoutesOnly)
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        for method in sorted((rule.methods or set()) - AUTOMATIC_METHODS):
            found.append(Route(rule.endpoint, rule.rule, method))
    return tuple(sorted(found, key=lambda r: (r.endpoint, r.rule, r.method)))


def _cases(*, reads: bool) -> Iterator[Any]:
    """GET routes: one test per route and object, all visitors in one world
    (reading changes nothing that decides access). Other methods: one test
    per visitor, each in a fresh world."""
    for route in routes():
        if (route.method == "GET") != reads:
            continue
        rules = RULES.get(route.endpoint) or [None]
        for index, rule in enumerate(rules):
            label = rule.label if rule and rule.label else str(index)
            name = f"{route.endpoint}|{route.method} {route.rule}|{label}"
            if reads:
                yield pytest.param(route, index, id=name)
                continue
            for visitor in VISITORS:
                yield pytest.param(route, index, visitor, id=f"{name}|{visitor}")


_ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def build_url(route: Route, rule: Rule, world: World) -> str:
    names = {**DEFAULT_ARGS, **rule.args}

    def value(match: re.Match[str]) -> str:
        argument = match.group(1)
        assert argument in names, (
            f"{route.endpoint}: no world value for URL argument {argument!r}; "
            "add it to the rule's args or to DEFAULT_ARGS"
        )
        return str(world[names[argument]])

    return _ARGUMENT.sub(value, route.rule)


def outcome_of(response: Any, method: str) -> str:
    status = response.status_code
    if 300 <= status < 400:
        target = urlsplit(response.headers.get("Location", "")).path
        return LOGIN if target == "/masuk" else OK
    if 200 <= status < 300:
        return OK
    if status == 400 and method != "GET":
        return OK  # the view ran and refused the input: access was granted
    return {403: FORBIDDEN, 404: NOTFOUND}.get(status, f"HTTP {status}")


def sign_in(client: Any, user: Any) -> None:
    """What ``login_user`` leaves in the session, without a password check."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


# --- fixtures ------------------------------------------------------------------


def _case_study(
    author: User, program: Program, title: str, *, publish: bool, tag: str
) -> CaseStudy:
    data = CaseStudyData(
        title=title,
        summary="Ringkasan.",
        program_id=program.id,
        situation="Situasi.",
        action="Tindakan.",
        result="Hasil.",
        lessons="Pelajaran.",
        tags=[tag],
    )
    return create_case_study(author, data, publish=publish)


def _comment(case_study: CaseStudy, author: User) -> Comment:
    return Comment(
        case_study=case_study,
        author=author,
        body_md="Terima kasih.",
        body_html="<p>Terima kasih.</p>",
    )


@pytest.fixture
def world(app, db) -> World:  # noqa: ANN001
    """Member owns a published case study (with a revision), a draft, a
    comment, a notification and a completion. "other" wrote the case study
    member commented on, and replied to member. Built in one transaction;
    nobody needs a password (visitors are signed in through the session)."""
    # Access is the question here; the index only matters to search routes.
    app.config["SEARCH_SYNC_AFTER_REQUEST"] = False
    agency = Agency(name="Dinas Uji Akses", slug="dinas-uji-akses")
    other_agency = Agency(name="Dinas Uji Lain", slug="dinas-uji-lain")
    db.session.add(other_agency)
    program = Program(name="Pelatihan Uji Akses", slug="pelatihan-uji-akses")
    users = {
        visitor: User(
            name=f"Pengguna {visitor}",
            email=f"{visitor}@akses.go.id",
            role=role,
            agency=agency,
            position="Staf",
            password_hash="!",
        )
        for visitor, role in ROLE_OF.items()
    }
    member, other = users[MEMBER], users[OTHER]
    completions = [
        Completion(user=user, program=program, completed_on=date(2026, 1, 5))
        for user in (member, other)
    ]
    run = ProgramRun(
        program=program,
        name="Angkatan I",
        starts_on=date(2026, 1, 5),
        ends_on=date(2026, 1, 9),
    )
    db.session.add_all([agency, program, run, *users.values(), *completions])
    db.session.flush()
    published = _case_study(member, program, "Terbit", publish=True, tag="layanan")
    draft = _case_study(
        member, program, "Draf Rahasiabanget", publish=False, tag="layanan"
    )
    others_case = _case_study(other, program, "Milik lain", publish=True, tag="antre")
    hidden = _case_study(member, program, "Disembunyikan", publish=True, tag="antre")
    hidden.status = Status.HIDDEN
    comment = _comment(others_case, member)
    reply = _comment(published, other)
    db.session.add_all([comment, reply])
    db.session.flush()
    notification = Notification(
        user_id=member.id,
        kind=NotificationKind.COMMENT,
        actor_id=other.id,
        case_study_id=published.id,
        comment_id=reply.id,
    )
    db.session.add(notification)
    # Scheduled with member's completion: the first follow-up was sent, the
    # second sent and answered, and "other" (same agency) asked to confirm it.
    sent, answered = db.session.scalars(
        sa.select(FollowUp)
        .where(FollowUp.completion_id == completions[0].id)
        .order_by(FollowUp.due_at)
        .limit(2)
    ).all()
    sent.claimed_at = sent.sent_at = answered.claimed_at = answered.sent_at = (
        answered.answered_at
    ) = published.created_at
    db.session.add(
        CheckIn(follow_up=answered, applied=True, frequency="daily", supervisor=other)
    )
    record(users[ADMIN], "role_change", target_type="user", target_id=other.id)
    db.session.commit()
    return {
        "users": users,
        "agency": agency.id,
        "agency_slug": agency.slug,
        "other_agency_slug": other_agency.slug,
        "program": program.id,
        "program_slug": program.slug,
        "tag": published.tags[0].id,
        "tag_slug": published.tags[0].slug,
        "other_tag": others_case.tags[0].id,
        "published": published.id,
        "published_slug": published.slug,
        "draft": draft.id,
        "draft_slug": draft.slug,
        "hidden": hidden.id,
        "hidden_slug": hidden.slug,
        "revision": 1,
        "draft_revision": 1,
        "comment": comment.id,
        "notification": notification.id,
        "follow_up": sent.id,
        "answered_follow_up": answered.id,
        "completion": completions[0].id,
        "run": run.id,
        "member": member.id,
        "other": other.id,
        "nothing": "tidak-ada",
        "unsubscribe_token": make_token(member, [NotificationTopic.FOLLOWING]),
        "reset_token": make_reset_token(member),
        # /ikuti/<kind>/...: the kinds as they read in addresses.
        "kind_program": "program",
        "kind_person": "orang",
    }


# --- the matrix ----------------------------------------------------------------


def test_every_route_has_a_declared_rule() -> None:
    served = {route.endpoint for route in routes()}
    missing = sorted(served - RULES.keys())
    stale = sorted(RULES.keys() - served)
    assert not missing, (
        f"routes without an access rule: {', '.join(missing)}. Declare who may "
        "reach them in RULES (tests/test_access_matrix.py)."
    )
    assert not stale, f"rules for routes that no longer exist: {', '.join(stale)}"


def test_every_rule_names_all_seven_visitors_and_known_outcomes() -> None:
    for endpoint, rules in RULES.items():
        for rule in rules:
            assert set(rule.expect) == set(VISITORS), endpoint
            assert set(rule.expect.values()) <= {OK, LOGIN, FORBIDDEN, NOTFOUND}
            assert rule.owner in (None, *VISITORS), endpoint


def _rule(route: Route, index: int) -> Rule:
    rules = RULES.get(route.endpoint)
    if rules is None:
        pytest.fail(
            f"{route.endpoint} ({route.method} {route.rule}) has no access rule: "
            "declare one in RULES (tests/test_access_matrix.py)"
        )
    return rules[index]


def _visit(app, route: Route, rule: Rule, visitor: str, world: World) -> str:  # noqa: ANN001
    """Send the request as ``visitor`` (a client of their own); a mismatch
    message, or "" if the outcome is the declared one."""
    client = app.test_client()
    if visitor != ANON:
        sign_in(client, world["users"][visitor])
    if route.endpoint.startswith(("search.", "api.", "main.healthz")):
        apply_pending()  # as on a running server, the index exists
    url = build_url(route, rule, world)
    data = rule.form_for(world) if route.method != "GET" else None
    response = client.open(url, method=route.method, data=data)
    got = outcome_of(response, route.method)
    if got == rule.expect[visitor]:
        return ""
    return (
        f"{visitor}: expected {rule.expect[visitor]}, got {got} for {route.method} "
        f"{url} (HTTP {response.status_code} {response.headers.get('Location', '')})"
    )


@pytest.mark.parametrize(("route", "index"), list(_cases(reads=True)))
def test_reading(route: Route, index: int, app, world) -> None:  # noqa: ANN001
    rule = _rule(route, index)
    mismatches = [_visit(app, route, rule, v, world) for v in VISITORS]
    assert not any(mismatches), "\n".join(m for m in mismatches if m)


@pytest.mark.parametrize(("route", "index", "visitor"), list(_cases(reads=False)))
def test_writing(route: Route, index: int, visitor: str, app, world) -> None:  # noqa: ANN001
    mismatch = _visit(app, route, _rule(route, index), visitor, world)
    assert not mismatch, mismatch


# --- ownership through lists, search and the API -------------------------------


@dataclass
class TwoMembers:
    a: User
    b: User
    program: Program
    unpublished: list[CaseStudy]  # A's draft, withdrawn and hidden case studies


@pytest.fixture
def two_members(make_user, make_program, make_completion, make_case_study, db):  # noqa: ANN001,ANN201
    """Member A with a draft, a withdrawn and a hidden case study; member B.

    The withdrawn and hidden ones were indexed while published, then changed
    with a statement that bypasses the change log, so the index still holds
    them: a lagging index, which search must not trust.
    """
    a, b = make_user(name="Anggota A"), make_user(name="Anggota B")
    program = make_program()
    make_completion(a, program)
    draft = make_case_study(
        author=a,
        program=program,
        publish=False,
        title="Draf Zamrudrahasia",
        tags=["zamrud"],
        summary="Zamrudrahasia belum terbit.",
    )
    lagging = {}
    for status, title in (
        (Status.WITHDRAWN, "Ditarik"),
        (Status.HIDDEN, "Disembunyikan"),
    ):
        lagging[status] = make_case_study(
            author=a,
            program=program,
            title=f"{title} Zamrudrahasia",
            tags=["zamrud"],
            summary="Zamrudrahasia pernah terbit.",
        )
    apply_pending()
    for status, case_study in lagging.items():
        db.session.execute(
            sa.update(CaseStudy)
            .where(CaseStudy.id == case_study.id)
            .values(status=status)
        )
    db.session.commit()
    return TwoMembers(a, b, program, [draft, *lagging.values()])


def test_member_b_cannot_reach_member_a_unpublished_work_by_id(client, two_members):
    sign_in(client, two_members.b)
    for case_study in two_members.unpublished:
        for path in ("", "/ubah", "/tarik", "/riwayat", "/riwayat/1"):
            url = f"/praktik/{case_study.id}{path}"
            assert client.get(url).status_code == 404, url
        assert client.post(f"/praktik/{case_study.id}/tarik").status_code == 404
        edit = client.post(f"/praktik/{case_study.id}/ubah", data={"title": "X"})
        assert edit.status_code == 404
        comment = client.post(f"/praktik/{case_study.id}/komentar", data={"body": "X"})
        assert comment.status_code == 404
        assert "Zamrudrahasia" in case_study.title  # unchanged


def test_member_b_does_not_see_member_a_unpublished_work_in_lists(client, two_members):
    a = two_members.a
    sign_in(client, two_members.b)
    pages = [
        "/",
        "/praktik/saya",
        f"/profil/{a.id}",
        f"/program/{two_members.program.slug}",
        f"/instansi/{a.agency.slug}",
        "/tag/zamrud",
        "/praktik-unggulan",
        "/notifikasi",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert "Zamrudrahasia" not in response.get_data(as_text=True), url


def test_member_a_sees_their_own_unpublished_work_in_their_lists(client, two_members):
    sign_in(client, two_members.a)
    mine = client.get("/praktik/saya").get_data(as_text=True)
    for case_study in two_members.unpublished:
        assert case_study.title in mine


@pytest.mark.parametrize(
    "url",
    [
        "/cari?q=zamrudrahasia",
        "/cari?tag=zamrud",
        "/cari?q=zamrudrahasia&sort=newest",
        "/api/v1/search?q=zamrudrahasia",
        "/api/v1/search?tag=zamrud",
    ],
)
@pytest.mark.parametrize("who", ["b", "anonymous"])
def test_search_never_shows_member_a_unpublished_work(client, two_members, url, who):
    if who == "b":
        sign_in(client, two_members.b)
    response = client.get(url)
    assert response.status_code == 200
    assert "Zamrudrahasia" not in response.get_data(as_text=True)


def test_the_index_still_holds_the_lagging_case_studies(app, two_members):
    """So the search tests above prove the results are re-checked in the
    database, not merely that the index never had them."""
    folder = current_folder(Path(app.config["SEARCH_INDEX_DIR"]))
    with whoosh_index.open_dir(str(folder)).searcher() as searcher:
        indexed = {int(fields["id"]) for fields in searcher.all_stored_fields()}
    withdrawn, hidden = two_members.unpublished[1:]
    assert {withdrawn.id, hidden.id} <= indexed


def test_search_does_find_published_work_so_the_checks_above_can_fail(
    client, make_case_study
):
    make_case_study(title="Terbit Zamrudrahasia", tags=["zamrud"])
    apply_pending()
    for url in ("/cari?q=zamrudrahasia", "/api/v1/search?q=zamrudrahasia"):
        assert "Terbit Zamrudrahasia" in client.get(url).get_data(as_text=True)

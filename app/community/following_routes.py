"""Bookmarks, follows and the personal feed: parse, call a service, commit,
go back to where the button was."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.redirects import safe_next_url
from app.community import bp, following
from app.community import feed as feeds
from app.community.following_forms import ToggleForm
from app.extensions import db
from app.models import CaseStudy, Follow, FollowTarget, User
from app.paging import abort_past_end, page_number
from app.policy import Ability, authorize

# The kinds as they read in addresses: /ikuti/instansi/dinas-kesehatan.
URL_KINDS = {
    "program": FollowTarget.PROGRAM,
    "instansi": FollowTarget.AGENCY,
    "tag": FollowTarget.TAG,
    "orang": FollowTarget.PERSON,
}
_KIND_WORDS = {kind: word for word, kind in URL_KINDS.items()}


def _refused(message: str) -> tuple[str, int]:
    """Bad input on a button: say why, with a 400 (no form to show again)."""
    page = render_template(
        "errors/error.html",
        code=400,
        title=_("Permintaan tidak valid"),
        message=message,
    )
    return page, 400


def _back(form: ToggleForm, fallback: str) -> ResponseReturnValue:
    return redirect(safe_next_url(form.next.data) or fallback)


def _case_url(case_study: CaseStudy) -> str:
    return url_for("practices.show", case_id=case_study.id, slug=case_study.slug)


# --- template helpers ----------------------------------------------------------


@bp.app_template_global()
def follow_url(kind: FollowTarget | str, target: following.Target) -> str:
    """Where a follow button posts to: people by id, the rest by slug."""
    kind = FollowTarget(kind)
    key = target.id if kind is FollowTarget.PERSON else target.slug
    return url_for("community.follow", kind=_KIND_WORDS[kind], target=key)


@bp.app_template_global()
def target_url(kind: FollowTarget | str, target: following.Target) -> str:
    """The page of a followed programme, agency, tag or person."""
    kind = FollowTarget(kind)
    if kind is FollowTarget.PERSON:
        return url_for("profiles.show", user_id=target.id)
    endpoint = {
        FollowTarget.PROGRAM: "practices.by_program",
        FollowTarget.AGENCY: "practices.by_agency",
        FollowTarget.TAG: "practices.by_tag",
    }[kind]
    return url_for(endpoint, slug=target.slug)


@bp.app_template_global()
def is_following(kind: FollowTarget | str, target: following.Target) -> bool:
    """For one button in a page heading (one query); lists use their own."""
    return following.is_following(current_user, FollowTarget(kind), target)


@bp.app_template_filter("follow_label")
def follow_label(follow: Follow) -> str:
    return following.target_label(follow)


@bp.app_template_filter("follow_target")
def follow_target(follow: Follow) -> following.Target:
    return following.target_of(follow)


@bp.app_template_global()
def is_bookmarked(case_study: CaseStudy) -> bool:
    return following.is_bookmarked(current_user, case_study)


# --- toggles -------------------------------------------------------------------


@bp.route("/praktik/<int:case_id>/simpan", methods=["POST"])
def bookmark(case_id: int) -> ResponseReturnValue:
    """Save (``on=1``) or unsave (``on=0``) a case study.

    :raise 404: unknown, or not visible to this user.
    """
    case_study = db.get_or_404(CaseStudy, case_id)
    authorize(Ability.BOOKMARK, case_study)
    form = ToggleForm()
    if not form.validate_on_submit():
        return _refused(_("Pilihan tidak valid. Muat ulang halaman lalu coba lagi."))
    try:
        following.set_bookmark(current_user, case_study, form.wanted)
    except following.FollowError as error:
        db.session.rollback()
        return _refused(str(error))
    db.session.commit()
    if form.wanted:
        flash(_("Disimpan. Temukan lagi di halaman Disimpan."), "success")
    else:
        flash(_("Dihapus dari daftar Disimpan."), "success")
    return _back(form, _case_url(case_study))


def _target(kind: FollowTarget, key: str) -> following.Target:
    """:raise 404: no such programme, agency or tag (by slug) or person (by
    id); accounts not yet claimed are not people one can follow."""
    if kind is FollowTarget.PERSON:
        if not (key.isascii() and key.isdigit() and len(key) <= 18):
            abort(404)
        user = db.session.get(User, int(key))
        if user is None or user.is_pending:
            abort(404)
        return user
    model = following.TARGET_MODELS[kind]
    return db.first_or_404(sa.select(model).where(model.slug == key))


@bp.route("/ikuti/<any(program, instansi, tag, orang):kind>/<target>", methods=["POST"])
def follow(kind: str, target: str) -> ResponseReturnValue:
    """Follow (``on=1``) or unfollow (``on=0``) a programme, agency, tag or person.

    :raise 404: unknown target. :raise 403: following oneself.
    """
    follow_kind = URL_KINDS[kind]
    obj = _target(follow_kind, target)
    authorize(Ability.FOLLOW, obj)
    form = ToggleForm()
    if not form.validate_on_submit():
        return _refused(_("Pilihan tidak valid. Muat ulang halaman lalu coba lagi."))
    try:
        following.set_follow(current_user, follow_kind, obj, form.wanted)
    except following.FollowError as error:
        db.session.rollback()
        return _refused(str(error))
    db.session.commit()
    name = f"#{obj.name}" if follow_kind is FollowTarget.TAG else obj.name
    if form.wanted:
        flash(
            _(
                "Anda mengikuti %(name)s. Studi kasus barunya tampil di Beranda Anda.",
                name=name,
            ),
            "success",
        )
    else:
        flash(_("Anda berhenti mengikuti %(name)s.", name=name), "success")
    return _back(form, target_url(follow_kind, obj))


# --- pages ---------------------------------------------------------------------


@bp.route("/beranda")
@login_required
def feed() -> ResponseReturnValue:
    """New case studies from what the user follows; suggestions if nothing."""
    follows = following.follows_of(current_user)
    if not any(follows.values()):
        return render_template(
            "community/feed.html",
            pagination=None,
            suggestions=feeds.suggestions(),
        )
    pagination = feeds.feed(current_user, page_number(), current_app.config["PER_PAGE"])
    abort_past_end(pagination)
    items = pagination.items
    return render_template(
        "community/feed.html",
        pagination=pagination,
        reasons=feeds.feed_reasons(follows, items),
        saved_ids=following.bookmarked_ids(current_user, [cs.id for cs in items]),
    )


@bp.route("/disimpan")
@login_required
def saved() -> ResponseReturnValue:
    pagination = following.saved(
        current_user, page_number(), current_app.config["PER_PAGE"]
    )
    abort_past_end(pagination)
    return render_template("community/saved.html", pagination=pagination)


@bp.route("/mengikuti")
@login_required
def following_list() -> ResponseReturnValue:
    """What the user follows, with a button to stop each."""
    return render_template(
        "community/following.html",
        follows=following.follows_of(current_user),
    )

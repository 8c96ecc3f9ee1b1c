"""Comment and notification views: parse, call a service, commit, redirect."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app import submissions
from app.community import bp, services
from app.community.forms import CommentForm, NewCommentForm
from app.extensions import db
from app.followups.notices import notice_url
from app.models import CaseStudy, Comment, NotificationKind
from app.notifications.reasons import describe
from app.policy import Ability, authorize, can
from app.ratelimits import limit_posts


def _comment_url(comment: Comment) -> str:
    case_study = comment.case_study
    return url_for(
        "practices.show",
        case_id=case_study.id,
        slug=case_study.slug,
        _anchor=f"komentar-{comment.id}",
    )


def _visible_comment(comment_id: int) -> Comment:
    """A comment that still has text, on a case study this user may see.

    :raise 404: unknown, deleted, hidden from this user, or under a case
        study hidden from the user.
    """
    comment = db.get_or_404(Comment, comment_id)
    if (
        comment.is_deleted
        or not can(current_user, Ability.VIEW_CASE_STUDY, comment.case_study)
        or not can(current_user, Ability.VIEW_COMMENT, comment)
    ):
        abort(404)
    return comment


def _parent(form: NewCommentForm) -> Comment | None:
    parent_id = form.parent_comment_id()
    if parent_id is None:
        return None
    parent = db.session.get(Comment, parent_id)
    if parent is None:
        raise services.CommentError(_("Komentar yang Anda balas tidak ditemukan."))
    return parent


def _comment_form_page(
    form: NewCommentForm, case_study: CaseStudy, error: str | None = None
) -> tuple[str, int]:
    if not form.form_token.data:
        form.form_token.data = submissions.new_token()
    return (
        render_template(
            "community/comment_form.html", form=form, case_study=case_study, error=error
        ),
        400,
    )


@bp.route("/praktik/<int:case_id>/komentar", methods=["POST"])
@limit_posts("COMMENT")
def add_comment(case_id: int) -> Response | tuple[str, int]:
    """Post a comment or a reply; on error show the text again with the reason."""
    case_study = db.get_or_404(CaseStudy, case_id)
    authorize(Ability.COMMENT, case_study)
    form = NewCommentForm()
    if not form.validate_on_submit():
        return _comment_form_page(form, case_study)
    try:
        sent = submissions.submit_once(
            form.form_token.data or None,
            current_user,
            lambda: services.add_comment(
                case_study, current_user, form.body.data, parent=_parent(form)
            ),
            _comment_url,
        )
    except services.CommentError as error:
        db.session.rollback()
        return _comment_form_page(form, case_study, str(error))
    if sent.item is None:
        flash(submissions.already_sent_message(), "info")
    else:
        flash(_("Komentar Anda sudah terkirim."), "success")
    return redirect(sent.location)


@bp.route("/komentar/<int:comment_id>/ubah", methods=["GET", "POST"])
@limit_posts("COMMENT")
def edit_comment(comment_id: int) -> Response | str | tuple[str, int]:
    comment = _visible_comment(comment_id)
    authorize(Ability.EDIT_COMMENT, comment)
    form = CommentForm(
        data={"body": comment.body_md} if request.method == "GET" else None
    )
    error = None
    if form.validate_on_submit():
        try:
            services.edit_comment(comment, current_user, form.body.data)
        except services.CommentError as exc:
            db.session.rollback()
            error = str(exc)
        else:
            db.session.commit()
            flash(_("Komentar Anda sudah diubah."), "success")
            return redirect(_comment_url(comment))
    page = render_template(
        "community/edit_comment.html", form=form, comment=comment, error=error
    )
    return (page, 400) if request.method == "POST" else page


@bp.route("/komentar/<int:comment_id>/hapus", methods=["POST"])
def delete_comment(comment_id: int) -> Response:
    comment = _visible_comment(comment_id)
    authorize(Ability.DELETE_COMMENT, comment)
    services.delete_comment(comment)
    db.session.commit()
    flash(_("Komentar Anda sudah dihapus."), "success")
    return redirect(_comment_url(comment))


@bp.route("/notifikasi")
@login_required
def notifications() -> str:
    pagination = services.list_notifications(
        current_user,
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["PER_PAGE"],
    )
    return render_template(
        "community/notifications.html",
        pagination=pagination,
        notices=[describe(n) for n in pagination.items],
        unread=services.unread_count(current_user),
    )


@bp.route("/notifikasi/<int:notification_id>")
@login_required
def open_notification(notification_id: int) -> Response:
    """Mark the notification read and go to the comment it is about.

    :raise 404: unknown, or someone else's.
    """
    notification = services.notification_for(current_user, notification_id)
    if notification is None:
        abort(404)
    services.mark_read(notification)
    db.session.commit()
    follow_up_page = notice_url(notification)
    if follow_up_page is not None:
        return redirect(follow_up_page)
    case_study = notification.case_study
    if notification.kind in (
        NotificationKind.COMPLETION_VERIFIED,
        NotificationKind.COMPLETION_REJECTED,
    ):
        return redirect(
            url_for("profiles.show", user_id=current_user.id, _anchor="program-selesai")
        )
    if case_study is None:
        return redirect(url_for("community.notifications"))
    anchor = f"komentar-{notification.comment_id}" if notification.comment_id else None
    return redirect(
        url_for(
            "practices.show",
            case_id=case_study.id,
            slug=case_study.slug,
            _anchor=anchor,
        )
    )


@bp.route("/notifikasi/baca-semua", methods=["POST"])
@login_required
def mark_all_read() -> Response:
    services.mark_all_read(current_user)
    db.session.commit()
    flash(_("Semua notifikasi sudah ditandai dibaca."), "success")
    return redirect(url_for("community.notifications"))

"""Reporting (laporkan) and the review queue (/moderasi).

Views parse the request, ask ``app.policy``, call one service, commit and
redirect or render. Decisions are in ``decision_routes``, the list of
praktik unggulan in ``featured_routes``.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.models import Agency, CaseStudy, Comment, FlagReason, Program
from app.moderation import bp, flags
from app.moderation.forms import FlagForm, QueueFilterForm
from app.moderation.labels import action_label, reason_label
from app.moderation.queue import QueueFilters, queue_page
from app.paging import page_number
from app.policy import Ability, can, require
from app.practices import queries
from app.practices.forms import SECTION_LABELS
from app.ratelimits import limit_posts


def case_url(case_study: CaseStudy, comment: Comment | None = None) -> str:
    anchor = f"komentar-{comment.id}" if comment is not None else None
    return url_for(
        "practices.show", case_id=case_study.id, slug=case_study.slug, _anchor=anchor
    )


def places() -> tuple[list[Program], list[Agency]]:
    """Every programme and agency, for the filters' choices."""
    return (
        list(db.session.scalars(sa.select(Program).order_by(Program.name))),
        list(db.session.scalars(sa.select(Agency).order_by(Agency.name))),
    )


def by_slug(rows: list, slug: str | None) -> object | None:
    return next((row for row in rows if row.slug == slug), None) if slug else None


# Reporting ---------------------------------------------------------------------


def _visible_comment(comment_id: int) -> Comment:
    """:raise 404: unknown, deleted, or not visible to this user."""
    comment = db.get_or_404(Comment, comment_id)
    if (
        comment.is_deleted
        or not can(current_user, Ability.VIEW_CASE_STUDY, comment.case_study)
        or not can(current_user, Ability.VIEW_COMMENT, comment)
    ):
        abort(404)
    return comment


@bp.route("/laporkan/praktik/<int:case_id>", methods=["GET", "POST"])
@limit_posts("FLAG")
@require(Ability.FLAG)
def flag_case_study(case_id: int) -> ResponseReturnValue:
    case_study = queries.case_study_for_page(case_id)
    if not can(current_user, Ability.VIEW_CASE_STUDY, case_study):
        abort(404)
    return _flag(case_study, case_study, case_url(case_study))


@bp.route("/laporkan/komentar/<int:comment_id>", methods=["GET", "POST"])
@limit_posts("FLAG")
@require(Ability.FLAG)
def flag_comment(comment_id: int) -> ResponseReturnValue:
    comment = _visible_comment(comment_id)
    return _flag(comment, comment.case_study, case_url(comment.case_study, comment))


def _flag(
    item: CaseStudy | Comment, case_study: CaseStudy, back: str
) -> ResponseReturnValue:
    """Show the report form, or record the report and go back to the item."""
    form = FlagForm()
    refused = None
    if item.author_id == current_user.id:
        refused = _("Anda tidak dapat melaporkan tulisan Anda sendiri.")
    elif not can(current_user, Ability.FLAG, item):
        refused = _("Hanya tulisan yang tampil untuk umum yang dapat dilaporkan.")
    if refused:
        return _flag_page(form, item, case_study, back, refused, refused=True), 403
    if not form.is_submitted():
        return _flag_page(form, item, case_study, back)
    if form.validate():
        try:
            flags.flag(current_user, item, form.reason.data, form.note.data or "")
        except flags.FlagError as error:
            db.session.rollback()
            return _flag_page(form, item, case_study, back, str(error)), 400
        db.session.commit()
        flash(
            _("Terima kasih. Laporan Anda sudah diterima dan akan ditinjau moderator."),
            "success",
        )
        return redirect(back)
    return _flag_page(form, item, case_study, back), 400


def _flag_page(
    form: FlagForm,
    item: CaseStudy | Comment,
    case_study: CaseStudy,
    back: str,
    error: str | None = None,
    *,
    refused: bool = False,
) -> str:
    return render_template(
        "moderation/flag.html",
        refused=refused,
        form=form,
        item=item,
        is_comment=isinstance(item, Comment),
        case_study=case_study,
        back=back,
        error=error,
    )


# The queue ---------------------------------------------------------------------


@bp.route("/moderasi")
@require(Ability.MODERATE)
def queue() -> ResponseReturnValue:
    """Reported and held items, oldest first, filterable."""
    programs, agencies = places()
    form = QueueFilterForm(formdata=request.args)
    form.set_places(programs, agencies)
    valid = form.validate()
    filters = QueueFilters()
    if valid:
        filters = QueueFilters(
            kind=form.jenis.data or "",
            reason=FlagReason(form.alasan.data) if form.alasan.data else None,
            program=by_slug(programs, form.program.data),
            agency=by_slug(agencies, form.instansi.data),
        )
    page = queue_page(
        filters, page=page_number(), per_page=current_app.config["PER_PAGE"]
    )
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    html = render_template(
        "moderation/queue.html",
        form=form,
        pagination=page,
        filter_args=args,
        reason_label=reason_label,
        action_label=action_label,
        section_labels=SECTION_LABELS,
        here=request.full_path,
    )
    return (html, 200) if valid else (html, 400)

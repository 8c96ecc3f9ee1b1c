"""Appreciation views: parse the form, call ``appreciation``, commit, redirect."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.community import appreciation, bp
from app.community.appreciation_forms import HelpfulForm, ReplicationForm
from app.extensions import db
from app.models import CaseStudy, Replication
from app.policy import Ability, authorize, can

ANCHOR = "apresiasi"


def _case_study(case_id: int, ability: Ability) -> CaseStudy:
    """:raise 404: unknown or not visible. :raise 403: visible, but this user
    may not mark it (their own work, or not published)."""
    case_study = db.get_or_404(CaseStudy, case_id)
    if not can(current_user, Ability.VIEW_CASE_STUDY, case_study):
        abort(404)
    authorize(ability, case_study)
    return case_study


def _back(case_study: CaseStudy) -> ResponseReturnValue:
    return redirect(
        url_for(
            "practices.show",
            case_id=case_study.id,
            slug=case_study.slug,
            _anchor=ANCHOR,
        )
    )


def _error_page(
    case_study: CaseStudy,
    form: HelpfulForm | ReplicationForm,
    error: str | None = None,
    *,
    needs_agency: bool = False,
) -> tuple[str, int]:
    page = render_template(
        "community/appreciation.html",
        case_study=case_study,
        form=form,
        replication=isinstance(form, ReplicationForm),
        error=error,
        needs_agency=needs_agency,
    )
    return page, 400


@bp.route("/praktik/<int:case_id>/bermanfaat", methods=["POST"])
@login_required
def mark_helpful(case_id: int) -> ResponseReturnValue:
    case_study = _case_study(case_id, Ability.MARK_HELPFUL)
    form = HelpfulForm()
    if not form.validate_on_submit():
        return _error_page(case_study, form)
    try:
        marked = appreciation.set_helpful(current_user, case_study, form.wanted)
    except appreciation.AppreciationError as error:
        db.session.rollback()
        return _error_page(case_study, form, str(error))
    db.session.commit()
    if marked:
        flash(_("Terima kasih. Anda menandai studi kasus ini bermanfaat."), "success")
    else:
        flash(_("Tanda bermanfaat Anda sudah dibatalkan."), "success")
    return _back(case_study)


@bp.route("/praktik/<int:case_id>/diterapkan", methods=["POST"])
@login_required
def replicate(case_id: int) -> ResponseReturnValue:
    case_study = _case_study(case_id, Ability.REPLICATE)
    form = ReplicationForm()
    if not form.validate_on_submit():
        return _error_page(case_study, form)
    try:
        if form.wanted:
            replication = appreciation.record_replication(
                current_user, case_study, form.note.data
            )
        else:
            appreciation.withdraw_replication(current_user, case_study)
            replication = None
    except appreciation.AppreciationError as error:
        db.session.rollback()
        needs_agency = isinstance(error, appreciation.AgencyMissing)
        return _error_page(case_study, form, str(error), needs_agency=needs_agency)
    message = _replication_message(replication)
    db.session.commit()
    flash(message, "success")
    return _back(case_study)


def _replication_message(replication: Replication | None) -> str:
    if replication is None:
        return _("Anda tidak lagi tercatat menerapkan praktik ini.")
    if replication.updated_at is not None:
        return _("Catatan penerapan Anda sudah diperbarui.")
    return _("Terima kasih. Penerapan praktik ini di instansi Anda sudah dicatat.")

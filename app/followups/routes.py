"""Follow-up pages: the ASN's check-in, the atasan's confirmation, the list.

Someone else's follow-up answers 404, so its existence is not revealed.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.extensions import db
from app.followups import bp, services
from app.followups.forms import (
    FREQUENCY_LABELS,
    STAGE_LABELS,
    YES,
    CheckInForm,
    ConfirmForm,
)
from app.models import CheckIn, FollowUp
from app.policy import Ability, can


def _follow_up_or_404(follow_up_id: int, ability: Ability) -> FollowUp:
    """:raise 404: unknown, not sent yet, or not this user's to answer."""
    follow_up = services.follow_up_for_page(follow_up_id)
    if follow_up is None:
        abort(404)
    subject = follow_up if ability is Ability.CHECK_IN else follow_up.check_in
    if subject is None or not can(current_user, ability, subject):
        abort(404)
    return follow_up


def _render(
    template: str, follow_up: FollowUp, status: int = 200, **context: object
) -> tuple[str, int]:
    page = render_template(
        template,
        follow_up=follow_up,
        completion=follow_up.completion,
        check_in=follow_up.check_in,
        frequency_labels=FREQUENCY_LABELS,
        stage_labels=STAGE_LABELS,
        **context,
    )
    return page, status


@bp.route("/tindak-lanjut")
@login_required
def mine() -> str:
    return render_template(
        "followups/mine.html",
        follow_ups=services.follow_ups_of(current_user),
        stage_labels=STAGE_LABELS,
    )


@bp.route("/tindak-lanjut/<int:follow_up_id>", methods=["GET", "POST"])
@login_required
def check_in(follow_up_id: int) -> ResponseReturnValue:
    """The short check-in form; once answered, the answer instead."""
    follow_up = _follow_up_or_404(follow_up_id, Ability.CHECK_IN)
    if follow_up.answered_at is not None:
        return _render("followups/answered.html", follow_up)
    form = CheckInForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return _render("followups/check_in.html", follow_up, status, form=form)
    try:
        services.submit_check_in(follow_up, current_user, form.to_data())
    except services.AlreadyAnswered as error:
        flash(str(error), "info")
        return redirect(url_for("followups.check_in", follow_up_id=follow_up_id))
    except services.CheckInError as error:
        db.session.rollback()
        return _render(
            "followups/check_in.html", follow_up, 400, form=form, error=str(error)
        )
    db.session.commit()
    flash(_("Terima kasih, jawaban Anda sudah tercatat."), "success")
    return redirect(url_for("followups.check_in", follow_up_id=follow_up_id))


@bp.route("/tindak-lanjut/<int:follow_up_id>/atasan", methods=["GET", "POST"])
@login_required
def confirm(follow_up_id: int) -> ResponseReturnValue:
    """The atasan reads the check-in and confirms or disputes it, once."""
    follow_up = _follow_up_or_404(follow_up_id, Ability.CONFIRM_CHECK_IN)
    check_in: CheckIn = follow_up.check_in  # type: ignore[assignment]
    if check_in.supervisor_answered_at is not None:
        return _render("followups/confirm.html", follow_up)
    form = ConfirmForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return _render("followups/confirm.html", follow_up, status, form=form)
    try:
        services.confirm_check_in(
            check_in,
            current_user,
            confirmed=form.confirmed.data == YES,
            note=form.note.data or "",
        )
    except services.AlreadyAnswered as error:
        flash(str(error), "info")
        return redirect(url_for("followups.confirm", follow_up_id=follow_up_id))
    except services.CheckInError as error:
        db.session.rollback()
        return _render(
            "followups/confirm.html", follow_up, 400, form=form, error=str(error)
        )
    db.session.commit()
    flash(_("Terima kasih, konfirmasi Anda sudah tercatat."), "success")
    return redirect(url_for("followups.confirm", follow_up_id=follow_up_id))

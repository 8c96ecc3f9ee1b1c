"""Verifying what members declared: a list of what waits, and two decisions."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.forms import attach_errors
from app.auth.redirects import safe_next_url
from app.extensions import db
from app.models import Completion
from app.paging import abort_past_end, page_number
from app.policy import Ability, authorize, require
from app.programmes import bp, services, verification
from app.programmes.forms import RejectForm, VerifyForm


def _back() -> str:
    """Where the organiser came from (the filtered list), if it is on this site."""
    return safe_next_url(request.form.get("next")) or url_for(
        "programmes.verification_queue"
    )


@bp.route("/kelola/verifikasi")
@require(Ability.VERIFY_COMPLETION)
def verification_queue() -> ResponseReturnValue:
    """Unverified self-declared completions; ``?program=<slug>`` narrows them."""
    slug = request.args.get("program", "")
    program = services.program_by_slug(slug) if slug else None
    if slug and program is None:
        abort(404)
    pagination = verification.awaiting_verification(
        program, page=page_number(), per_page=current_app.config["PER_PAGE"]
    )
    abort_past_end(pagination)
    runs = verification.runs_by_program({c.program_id for c in pagination.items})
    forms = {}
    for completion in pagination.items:
        form = VerifyForm(formdata=None, prefix=f"c{completion.id}")
        form.set_runs(runs.get(completion.program_id, []))
        forms[completion.id] = form
    return render_template(
        "programmes/verification.html",
        pagination=pagination,
        forms=forms,
        program=program,
        programs=services.all_programs(),
        filters={"program": slug} if slug else {},
    )


def _completion(completion_id: int) -> Completion:
    """:raise 404: no such completion. :raise 403: the organiser's own."""
    completion = db.get_or_404(Completion, completion_id)
    authorize(Ability.VERIFY_COMPLETION, completion)
    return completion


@bp.route("/kelola/verifikasi/<int:completion_id>/verifikasi", methods=["POST"])
@require(Ability.VERIFY_COMPLETION)
def verify(completion_id: int) -> ResponseReturnValue:
    completion = _completion(completion_id)
    form = VerifyForm(prefix=f"c{completion.id}")
    form.set_runs(services.program_runs(completion.program_id))
    if form.validate_on_submit():
        try:
            verification.verify_completion(
                completion, current_user, run_id=form.run.data
            )
        except services.ProgrammeError as error:
            flash(str(error), "danger")
            return redirect(_back())
        db.session.commit()
        flash(
            _(
                "Program %(program)s milik %(name)s sudah terverifikasi.",
                program=completion.program.name,
                name=completion.user.name,
            ),
            "success",
        )
    else:
        flash(_("Permintaan tidak valid. Coba lagi."), "danger")
    return redirect(_back())


@bp.route("/kelola/verifikasi/<int:completion_id>/tolak", methods=["GET", "POST"])
@require(Ability.VERIFY_COMPLETION)
def reject(completion_id: int) -> ResponseReturnValue:
    """A form for the reason; the member reads it on their profile."""
    completion = _completion(completion_id)
    form = RejectForm()
    if form.validate_on_submit():
        try:
            verification.reject_completion(completion, current_user, form.reason.data)
        except services.ProgrammeError as refused:
            attach_errors(form, refused.errors)
        else:
            db.session.commit()
            flash(
                _(
                    "Program %(program)s milik %(name)s ditolak. Anggota sudah diberi "
                    "tahu alasannya.",
                    program=completion.program.name,
                    name=completion.user.name,
                ),
                "success",
            )
            return redirect(_back())
    page = render_template(
        "programmes/reject.html",
        form=form,
        completion=completion,
        next_url=safe_next_url(request.values.get("next")) or "",
    )
    return page, 400 if form.is_submitted() else 200

"""Profiles: who someone is, what they completed and what they shared."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.auth.forms import attach_errors
from app.extensions import db
from app.i18n import LANG_SESSION_KEY, today_wib
from app.models import Completion, User
from app.policy import Ability, authorize, can, require
from app.profiles import bp, services
from app.profiles.forms import CompletionForm, ProfileForm
from app.programmes.hours import progress_for


def _completion_form(user: User) -> CompletionForm:
    form = CompletionForm()
    form.set_supervisors(services.supervisor_candidates(user, user.agency_id))
    return form


def _render_profile(
    user: User, completion_form: CompletionForm | None = None, status: int = 200
) -> tuple[str, int]:
    owner = can(current_user, Ability.EDIT_PROFILE, user)
    if owner and completion_form is None:
        completion_form = _completion_form(user)
    organiser = can(current_user, Ability.MANAGE_RUNS)
    case_studies = services.profile_case_studies(user, include_unpublished=owner)
    page = render_template(
        "profiles/show.html",
        user=user,
        case_studies=case_studies,
        activity=services.profile_activity(user, current_user, case_studies),
        completions=services.profile_completions_for(
            user, include_rejected=owner or organiser
        ),
        completion_form=completion_form if owner else None,
        hours=progress_for(user.id, today_wib().year) if owner else None,
        role_label=services.role_label(user.role),
        status_label=services.status_label,
    )
    return page, status


@bp.route("/profil/<int:user_id>")
def show(user_id: int) -> ResponseReturnValue:
    """:raise 404: no such user, or an account a participant list created
    that its owner has not claimed yet (only organisers see those)."""
    user = db.get_or_404(User, user_id)
    if user.is_pending and not can(current_user, Ability.MANAGE_RUNS):
        abort(404)
    return _render_profile(user)


@bp.route("/profil/program", methods=["POST"])
@require(Ability.DECLARE_COMPLETION)
def declare_completion() -> ResponseReturnValue:
    user = db.session.get(User, current_user.id)
    form = _completion_form(user)
    if form.validate_on_submit():
        try:
            services.declare_completion(
                user,
                program_id=form.program.data,
                completed_on=form.completed_on.data,
                certificate_number=form.certificate_number.data or "",
                supervisor_id=form.supervisor.data,
            )
        except services.ProfileError as error:
            attach_errors(form, error.errors)
        else:
            db.session.commit()
            flash(_("Program ditambahkan. Statusnya belum diverifikasi."), "success")
            return redirect(url_for("profiles.show", user_id=user.id))
    return _render_profile(user, form, status=400)


@bp.route("/profil/program/<int:completion_id>/hapus", methods=["POST"])
def delete_completion(completion_id: int) -> Response:
    """:raise 404: no such completion. :raise 403: someone else's."""
    completion = db.get_or_404(Completion, completion_id)
    authorize(Ability.EDIT_PROFILE, completion.user)
    try:
        services.delete_completion(completion.user, completion)
    except services.ProfileError as error:
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(_("Program dihapus dari profil Anda."), "success")
    return redirect(url_for("profiles.show", user_id=current_user.id))


@bp.route("/profil/ubah", methods=["GET", "POST"])
@require(Ability.EDIT_PROFILE)
def edit() -> ResponseReturnValue:
    user = db.session.get(User, current_user.id)
    form = ProfileForm(
        data={
            "name": user.name,
            "position": user.position,
            "agency": user.agency_id,
            "locale": user.locale or session.get(LANG_SESSION_KEY) or "id",
            "supervisor": user.supervisor_id,
        }
    )
    # Colleagues of the agency chosen now, so a refused change still lists
    # whom the user may pick there.
    agency_id = form.agency.data if form.is_submitted() else user.agency_id
    form.set_supervisors(services.supervisor_candidates(user, agency_id))
    if form.validate_on_submit():
        try:
            services.update_profile(
                user,
                name=form.name.data,
                position=form.position.data,
                agency_id=form.agency.data,
                locale=form.locale.data,
                supervisor_id=form.supervisor.data,
            )
        except services.ProfileError as error:
            attach_errors(form, error.errors)
        else:
            db.session.commit()
            session[LANG_SESSION_KEY] = user.locale
            flash(_("Profil Anda sudah diperbarui."), "success")
            return redirect(url_for("profiles.show", user_id=user.id))
    status = 400 if form.is_submitted() else 200
    return render_template("profiles/edit.html", form=form), status

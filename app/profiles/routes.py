"""Profiles: who someone is, what they completed and what they shared."""

from __future__ import annotations

from flask import flash, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.auth.forms import attach_errors
from app.extensions import db
from app.i18n import LANG_SESSION_KEY
from app.models import Completion, User
from app.policy import Ability, authorize, can, require
from app.profiles import bp, services
from app.profiles.forms import CompletionForm, ProfileForm


def _render_profile(
    user: User, completion_form: CompletionForm | None = None, status: int = 200
) -> tuple[str, int]:
    owner = can(current_user, Ability.EDIT_PROFILE, user)
    if owner and completion_form is None:
        completion_form = CompletionForm()
    page = render_template(
        "profiles/show.html",
        user=user,
        case_studies=services.profile_case_studies(user, include_unpublished=owner),
        completions=services.profile_completions(user),
        completion_form=completion_form if owner else None,
        role_label=services.role_label(user.role),
        status_label=services.status_label,
    )
    return page, status


@bp.route("/profil/<int:user_id>")
def show(user_id: int) -> ResponseReturnValue:
    """:raise 404: no such user."""
    return _render_profile(db.get_or_404(User, user_id))


@bp.route("/profil/program", methods=["POST"])
@require(Ability.DECLARE_COMPLETION)
def declare_completion() -> ResponseReturnValue:
    user = db.session.get(User, current_user.id)
    form = CompletionForm()
    if form.validate_on_submit():
        try:
            services.declare_completion(
                user,
                program_id=form.program.data,
                completed_on=form.completed_on.data,
                certificate_number=form.certificate_number.data or "",
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
        }
    )
    if form.validate_on_submit():
        try:
            services.update_profile(
                user,
                name=form.name.data,
                position=form.position.data,
                agency_id=form.agency.data,
                locale=form.locale.data,
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

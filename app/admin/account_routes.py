"""Users: find them, change a role, deactivate and reactivate (POST, CSRF, reason)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from app.admin import accounts, bp
from app.admin.errors import AdminError
from app.admin.forms import DeactivateForm, ReactivateForm, RoleForm, UserSearchForm
from app.auth.forms import attach_errors
from app.extensions import db
from app.models import Role, User
from app.moderation.audit import events_for
from app.paging import abort_past_end, page_number
from app.policy import Ability, authorize
from app.profiles.services import role_label


@bp.route("/pengguna")
def users() -> ResponseReturnValue:
    authorize(Ability.MANAGE_USERS)
    form = UserSearchForm(formdata=request.args)
    valid = form.validate()
    pagination = accounts.search_users(
        (form.q.data or "") if valid else "",
        role=form.chosen_role(),
        active=form.chosen_active(),
        page=page_number(),
        per_page=current_app.config["PER_PAGE"],
    )
    abort_past_end(pagination)
    args = request.args.to_dict(flat=True)
    args.pop("page", None)
    page = render_template(
        "admin/users.html",
        form=form,
        pagination=pagination,
        filters=args,
        role_label=role_label,
    )
    return page, 200 if valid else 400


def _user_page(
    user: User,
    *,
    role_form: RoleForm | None = None,
    status_form: FlaskForm | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    if status_form is None:
        status_form = DeactivateForm() if user.active else ReactivateForm()
    if role_form is None:
        role_form = RoleForm(data={"role": user.role.value})
    page = render_template(
        "admin/user.html",
        user=user,
        role_form=role_form,
        status_form=status_form,
        events=list(reversed(events_for("user", user.id))),
        role_label=role_label,
    )
    return page, status


@bp.route("/pengguna/<int:user_id>")
def user(user_id: int) -> ResponseReturnValue:
    """:raise 404: no such user."""
    authorize(Ability.MANAGE_USERS)
    return _user_page(db.get_or_404(User, user_id))


def _done(user: User, message: str) -> ResponseReturnValue:
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("admin.user", user_id=user.id))


def _refused(
    user: User, form: FlaskForm, error: AdminError, **forms: FlaskForm
) -> ResponseReturnValue:
    """Show the page again with the message and what was typed, status 400."""
    db.session.rollback()
    attach_errors(form, {error.field or "": str(error)})
    user = db.session.get(User, user.id)
    return _user_page(user, status=400, **forms)


@bp.route("/pengguna/<int:user_id>/peran", methods=["POST"])
def change_role(user_id: int) -> ResponseReturnValue:
    authorize(Ability.MANAGE_USERS)
    user = db.get_or_404(User, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        return _user_page(user, role_form=form, status=400)
    try:
        accounts.change_role(
            current_user, user, Role(form.role.data), reason=form.reason.data or ""
        )
    except AdminError as error:
        return _refused(user, form, error, role_form=form)
    return _done(
        user,
        _(
            "Peran %(name)s sekarang %(role)s.",
            name=user.name,
            role=role_label(user.role),
        ),
    )


@bp.route("/pengguna/<int:user_id>/nonaktifkan", methods=["POST"])
def deactivate_user(user_id: int) -> ResponseReturnValue:
    """The user cannot sign in any more; what they wrote stays."""
    authorize(Ability.MANAGE_USERS)
    user = db.get_or_404(User, user_id)
    form = DeactivateForm()
    if not form.validate_on_submit():
        return _user_page(user, status_form=form, status=400)
    try:
        accounts.deactivate(current_user, user, reason=form.reason.data or "")
    except AdminError as error:
        return _refused(user, form, error, status_form=form)
    return _done(user, _("Akun %(name)s dinonaktifkan.", name=user.name))


@bp.route("/pengguna/<int:user_id>/aktifkan", methods=["POST"])
def reactivate_user(user_id: int) -> ResponseReturnValue:
    authorize(Ability.MANAGE_USERS)
    user = db.get_or_404(User, user_id)
    form = ReactivateForm()
    if not form.validate_on_submit():
        return _user_page(user, status_form=form, status=400)
    try:
        accounts.reactivate(current_user, user, reason=form.reason.data or "")
    except AdminError as error:
        return _refused(user, form, error, status_form=form)
    return _done(user, _("Akun %(name)s aktif kembali.", name=user.name))

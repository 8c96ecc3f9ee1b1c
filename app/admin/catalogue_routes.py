"""Agencies and programmes: list, create, edit, archive and bring back."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp, catalogue
from app.admin.errors import AdminError
from app.admin.forms import AgencyForm, ConfirmForm, ProgramForm
from app.auth.forms import attach_errors
from app.extensions import db
from app.models import Agency, Program
from app.policy import Ability, authorize

# --- agencies ----------------------------------------------------------------


@bp.route("/instansi")
def agencies() -> ResponseReturnValue:
    authorize(Ability.MANAGE_AGENCIES)
    return render_template("admin/agencies.html", rows=catalogue.agency_rows())


@bp.route("/instansi/baru", methods=["GET", "POST"])
def new_agency() -> ResponseReturnValue:
    authorize(Ability.MANAGE_AGENCIES)
    form = AgencyForm()
    del form.new_slug  # a new agency's slug always comes from its name
    if form.validate_on_submit():
        try:
            agency = catalogue.create_agency(current_user, form.name.data)
        except AdminError as error:
            attach_errors(form, {error.field or "": str(error)})
        else:
            db.session.commit()
            flash(_("Instansi %(name)s dibuat.", name=agency.name), "success")
            return redirect(url_for("admin.agencies"))
    return _form_page("admin/agency_form.html", form, None)


@bp.route("/instansi/<int:agency_id>/ubah", methods=["GET", "POST"])
def edit_agency(agency_id: int) -> ResponseReturnValue:
    authorize(Ability.MANAGE_AGENCIES)
    agency = db.get_or_404(Agency, agency_id)
    form = AgencyForm(data={"name": agency.name})
    if form.validate_on_submit():
        try:
            changed = catalogue.update_agency(
                current_user, agency, form.name.data, new_slug=form.new_slug.data
            )
        except AdminError as error:
            db.session.rollback()
            attach_errors(form, {error.field or "": str(error)})
            agency = db.session.get(Agency, agency_id)
        else:
            db.session.commit()
            _flash_saved(changed is not None)
            return redirect(url_for("admin.agencies"))
    return _form_page("admin/agency_form.html", form, agency)


@bp.route("/instansi/<int:agency_id>/arsipkan", methods=["POST"])
def archive_agency(agency_id: int) -> ResponseReturnValue:
    authorize(Ability.MANAGE_AGENCIES)
    return _set_archived(db.get_or_404(Agency, agency_id), True, "admin.agencies")


@bp.route("/instansi/<int:agency_id>/batal-arsip", methods=["POST"])
def unarchive_agency(agency_id: int) -> ResponseReturnValue:
    authorize(Ability.MANAGE_AGENCIES)
    return _set_archived(db.get_or_404(Agency, agency_id), False, "admin.agencies")


# --- programmes --------------------------------------------------------------


@bp.route("/program")
def programs() -> ResponseReturnValue:
    authorize(Ability.MANAGE_PROGRAMS)
    return render_template("admin/programs.html", rows=catalogue.program_rows())


def _program_data(form: ProgramForm) -> catalogue.ProgramData:
    return catalogue.ProgramData(
        name=form.name.data or "",
        description=form.description.data or "",
        hours=form.hours.data,
    )


@bp.route("/program/baru", methods=["GET", "POST"])
def new_program() -> ResponseReturnValue:
    authorize(Ability.MANAGE_PROGRAMS)
    form = ProgramForm()
    del form.new_slug
    if form.validate_on_submit():
        try:
            program = catalogue.create_program(current_user, _program_data(form))
        except AdminError as error:
            attach_errors(form, {error.field or "": str(error)})
        else:
            db.session.commit()
            flash(_("Program %(name)s dibuat.", name=program.name), "success")
            return redirect(url_for("admin.programs"))
    return _form_page("admin/program_form.html", form, None)


@bp.route("/program/<int:program_id>/ubah", methods=["GET", "POST"])
def edit_program(program_id: int) -> ResponseReturnValue:
    authorize(Ability.MANAGE_PROGRAMS)
    program = db.get_or_404(Program, program_id)
    form = ProgramForm(
        data={
            "name": program.name,
            "description": program.description,
            "hours": program.hours,
        }
    )
    if form.validate_on_submit():
        try:
            changed = catalogue.update_program(
                current_user,
                program,
                _program_data(form),
                new_slug=form.new_slug.data,
            )
        except AdminError as error:
            db.session.rollback()
            attach_errors(form, {error.field or "": str(error)})
            program = db.session.get(Program, program_id)
        else:
            db.session.commit()
            _flash_saved(changed is not None)
            return redirect(url_for("admin.programs"))
    return _form_page("admin/program_form.html", form, program)


@bp.route("/program/<int:program_id>/arsipkan", methods=["POST"])
def archive_program(program_id: int) -> ResponseReturnValue:
    authorize(Ability.MANAGE_PROGRAMS)
    return _set_archived(db.get_or_404(Program, program_id), True, "admin.programs")


@bp.route("/program/<int:program_id>/batal-arsip", methods=["POST"])
def unarchive_program(program_id: int) -> ResponseReturnValue:
    authorize(Ability.MANAGE_PROGRAMS)
    return _set_archived(db.get_or_404(Program, program_id), False, "admin.programs")


# --- shared ------------------------------------------------------------------


def _form_page(
    template: str, form: AgencyForm | ProgramForm, item: Agency | Program | None
) -> ResponseReturnValue:
    """The form; after a failed POST, with the errors and what was typed (400)."""
    status = 400 if form.is_submitted() else 200
    return render_template(template, form=form, item=item), status


def _flash_saved(changed: bool) -> None:
    if changed:
        flash(_("Perubahan disimpan."), "success")
    else:
        flash(_("Tidak ada yang berubah."), "info")


def _set_archived(
    item: Agency | Program, archived: bool, list_endpoint: str
) -> ResponseReturnValue:
    form = ConfirmForm()
    if not form.validate_on_submit():
        flash(_("Formulir tidak sah. Muat ulang halaman lalu coba lagi."), "danger")
        return redirect(url_for(list_endpoint))
    try:
        catalogue.set_archived(current_user, item, archived)
    except AdminError as error:
        db.session.rollback()
        flash(str(error), "info")
    else:
        db.session.commit()
        if archived:
            flash(_("%(name)s diarsipkan.", name=item.name), "success")
        else:
            flash(_("%(name)s tidak lagi diarsipkan.", name=item.name), "success")
    return redirect(url_for(list_endpoint))

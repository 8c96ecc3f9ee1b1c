"""The organiser's area: programmes and their runs, and each run's participants.

Everything here is for organisers and admins (``Ability.MANAGE_RUNS``).
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.forms import attach_errors
from app.extensions import db
from app.models import Program, ProgramRun
from app.policy import Ability, require
from app.programmes import bp, participants, services, signed_upload
from app.programmes.csvfile import MAX_FILE_BYTES, MAX_ROWS
from app.programmes.forms import ConfirmImportForm, RunForm, UploadForm

SAMPLE_CSV = (
    "NIP;nama;instansi;tanggal selesai;nomor sertifikat\r\n"
    "198504122010031001;Rina Marpaung;Dinas Kesehatan;14/03/2026;"
    "BKPSDM/MK/2026/001\r\n"
)


def _program(slug: str) -> Program:
    """:raise 404: no programme with this slug."""
    program = services.program_by_slug(slug)
    if program is None:
        abort(404)
    return program


def _run(slug: str, run_id: int) -> ProgramRun:
    """:raise 404: no such run, or it belongs to another programme."""
    run = db.get_or_404(ProgramRun, run_id)
    if run.program.slug != slug:
        abort(404)
    return run


@bp.route("/kelola/program")
@require(Ability.MANAGE_RUNS)
def index() -> ResponseReturnValue:
    programmes = services.programmes_with_runs()
    counts = services.participant_counts(
        run.id for item in programmes for run in item.runs
    )
    return render_template(
        "programmes/index.html", programmes=programmes, counts=counts
    )


def _run_form(
    form: RunForm, program: Program, run: ProgramRun | None
) -> ResponseReturnValue:
    """Show the run form, or save it and go to the run's page."""
    form.set_organisers(services.organisers())
    if form.validate_on_submit():
        data = services.RunData(
            name=form.name.data,
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            location=form.location.data or "",
            hours=form.hours.data,
            capacity=form.capacity.data,
            organiser_id=form.organiser.data,
        )
        try:
            if run is None:
                run = services.create_run(current_user, program, data)
            else:
                services.update_run(current_user, run, data)
        except services.ProgrammeError as error:
            attach_errors(form, error.errors)
        else:
            db.session.commit()
            flash(_("Angkatan «%(name)s» disimpan.", name=run.name), "success")
            return redirect(url_for("programmes.run", slug=program.slug, run_id=run.id))
    status = 400 if form.is_submitted() else 200
    page = render_template(
        "programmes/run_form.html", form=form, program=program, run=run
    )
    return page, status


@bp.route("/kelola/program/<slug>/angkatan/baru", methods=["GET", "POST"])
@require(Ability.MANAGE_RUNS)
def new_run(slug: str) -> ResponseReturnValue:
    """:raise 404: no such programme."""
    program = _program(slug)
    form = RunForm(data={"organiser": current_user.id})
    return _run_form(form, program, None)


@bp.route("/kelola/program/<slug>/angkatan/<int:run_id>/ubah", methods=["GET", "POST"])
@require(Ability.MANAGE_RUNS)
def edit_run(slug: str, run_id: int) -> ResponseReturnValue:
    """:raise 404: no such run in this programme."""
    run = _run(slug, run_id)
    form = RunForm(data=services.run_form_data(run))
    return _run_form(form, run.program, run)


@bp.route("/kelola/program/<slug>/angkatan/<int:run_id>")
@require(Ability.MANAGE_RUNS)
def run(slug: str, run_id: int) -> ResponseReturnValue:
    """:raise 404: no such run in this programme."""
    run = _run(slug, run_id)
    return render_template(
        "programmes/run.html",
        run=run,
        participants=services.run_participants(run),
    )


def _import_page(
    run: ProgramRun,
    *,
    plan: participants.ImportPlan | None = None,
    upload: str = "",
    error: str | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    confirm = (
        ConfirmImportForm(formdata=None, data={"upload": upload}) if upload else None
    )
    page = render_template(
        "programmes/import.html",
        run=run,
        form=UploadForm(formdata=None),
        plan=plan,
        confirm=confirm,
        error=error,
        Outcome=participants.Outcome,
        max_kb=MAX_FILE_BYTES // 1024,
        max_rows=MAX_ROWS,
    )
    return page, status


@bp.route("/kelola/program/<slug>/angkatan/<int:run_id>/impor", methods=["GET", "POST"])
@require(Ability.MANAGE_RUNS)
def import_participants(slug: str, run_id: int) -> ResponseReturnValue:
    """Step 1: upload a CSV and see what would happen. Nothing is written."""
    run = _run(slug, run_id)
    form = UploadForm()
    if not form.is_submitted():
        return _import_page(run)
    if not form.validate():
        problems = [str(m) for messages in form.errors.values() for m in messages]
        return _import_page(run, error=" ".join(problems), status=400)
    data = form.file.data.stream.read(MAX_FILE_BYTES + 1)
    plan = participants.plan_import(run, data)
    if not plan.ok:
        return _import_page(run, plan=plan, status=400)
    upload = signed_upload.sign_upload(data, run_id=run.id, user_id=current_user.id)
    return _import_page(run, plan=plan, upload=upload)


@bp.route("/kelola/program/<slug>/angkatan/<int:run_id>/impor/simpan", methods=["POST"])
@require(Ability.MANAGE_RUNS)
def confirm_import(slug: str, run_id: int) -> ResponseReturnValue:
    """Step 2: check the previewed file again and write it all, or nothing."""
    run = _run(slug, run_id)
    form = ConfirmImportForm()
    if not form.validate():
        return _import_page(run, error=_("Unggah ulang berkas."), status=400)
    try:
        data = signed_upload.load_upload(
            form.upload.data, run_id=run.id, user_id=current_user.id
        )
        plan = participants.plan_import(run, data)
        if not plan.ok:
            return _import_page(
                run,
                plan=plan,
                error=_("Data berubah sejak pratinjau; tidak ada yang diimpor."),
                status=400,
            )
        result = participants.apply_import(
            plan, current_user, file_digest=signed_upload.digest(data)
        )
    except participants.ImportRefused as refused:
        return _import_page(run, error=str(refused), status=400)
    db.session.commit()
    flash(
        _(
            "Impor selesai: %(added)d penyelesaian baru, %(updated)d diperbarui, "
            "%(accounts)d akun baru menunggu pendaftaran.",
            added=result.added,
            updated=result.updated,
            accounts=result.accounts_created,
        ),
        "success",
    )
    return redirect(url_for("programmes.run", slug=run.program.slug, run_id=run.id))


@bp.route("/kelola/peserta-contoh.csv")
@require(Ability.MANAGE_RUNS)
def sample_csv() -> Response:
    """A file to fill in, with the headers the import expects."""
    return Response(
        "\ufeff" + SAMPLE_CSV,
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=peserta-contoh.csv"},
    )

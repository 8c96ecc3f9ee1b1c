"""Views: the reaction form and the three dashboards, each also as CSV/XLSX.

A dashboard view reads ``?tahun=`` and ``?format=``, asks one builder in
``city``/``programme``/``agency`` for its tables, and renders them or hands
them to ``export``. Bad parameters answer 400 with a message, not 500.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from app.evaluation import bp, feedback
from app.evaluation.agency import agency_dashboard
from app.evaluation.city import city_overview
from app.evaluation.export import csv_response, xlsx_response
from app.evaluation.figures import Kind, Table, Withheld
from app.evaluation.forms import FeedbackForm
from app.evaluation.params import (
    BadParameter,
    current_year,
    parse_format,
    parse_year,
)
from app.evaluation.programme import programme_dashboard
from app.extensions import db
from app.i18n import long_date, today_wib
from app.models import Agency, Completion, Program
from app.policy import Ability, authorize, can, require
from app.programmes.hours import YEARLY_TARGET_JP


class Refused(Exception):
    """403 with a reason the visitor can act on."""


@bp.errorhandler(BadParameter)
def bad_parameter(error: BadParameter) -> ResponseReturnValue:
    page = render_template(
        "errors/error.html",
        code=400,
        title=_("Permintaan tidak valid"),
        message=str(error),
    )
    return page, 400


@bp.errorhandler(Refused)
def refused(error: Refused) -> ResponseReturnValue:
    page = render_template(
        "errors/error.html", code=403, title=_("Akses ditolak"), message=str(error)
    )
    return page, 403


def format_cell(value: Any, kind: Kind) -> str:
    """A table cell as people read it, in the page's language."""
    if value is None or value == "":
        return "—" if kind is not Kind.TEXT else ""
    if isinstance(value, Withheld):
        return str(value)
    if kind is Kind.INT:
        return format_decimal(value)
    if kind is Kind.PCT:
        return format_decimal(value, "#,##0.0") + "%"
    if kind is Kind.SCORE:
        return format_decimal(value, "0.00")
    if kind is Kind.NUMBER:
        return format_decimal(value, "#,##0.0")
    if kind is Kind.DATE:
        return long_date(value)
    return str(value)


def export_url(fmt: str, table: str | None = None) -> str:
    """This page as ``fmt`` (csv/xlsx), keeping the chosen year."""
    args = {**(request.view_args or {}), "format": fmt}
    if request.args.get("tahun"):
        args["tahun"] = request.args["tahun"]
    if table:
        args["tabel"] = table
    return url_for(request.endpoint or "evaluation.overview", **args)


@bp.context_processor
def helpers() -> dict[str, Any]:
    return {
        "format_cell": format_cell,
        "export_url": export_url,
        "Kind": Kind,
        "jp_target": YEARLY_TARGET_JP,
        "max_year": current_year() + 1,
    }


def _respond(
    template: str, tables: list[Table], stem: str, **context: Any
) -> ResponseReturnValue:
    """The page, or with ``?format=`` one table (CSV) or all/one (XLSX)."""
    fmt = parse_format(request.args.get("format"))
    if fmt == "html":
        return render_template(template, tables=tables, **context)
    name = request.args.get("tabel")
    chosen = _chosen(tables, name)
    today = today_wib().isoformat()
    if fmt == "csv":
        return csv_response(chosen[0], f"{stem}-{chosen[0].name}-{today}")
    suffix = f"-{chosen[0].name}" if name else ""
    return xlsx_response(chosen, f"{stem}{suffix}-{today}")


def _chosen(tables: list[Table], name: str | None) -> list[Table]:
    """:raise BadParameter: ``?tabel=`` names no table on this page."""
    if not name:
        return tables
    found = [table for table in tables if table.name == name]
    if not found:
        raise BadParameter(
            _(
                "Tabel tidak dikenal. Pilihan: %(names)s.",
                names=", ".join(table.name for table in tables),
            )
        )
    return found


def _stem(scope: str, slug: str, year: int | None) -> str:
    return f"evaluasi-{scope}-{slug}" + (f"-tahun-{year}" if year else "")


# Dashboards -----------------------------------------------------------------


@bp.route("/evaluasi")
@require(Ability.VIEW_EVALUATION)
def overview() -> ResponseReturnValue:
    year = parse_year(request.args.get("tahun"), default=None) or current_year()
    data = city_overview(
        year,
        now=datetime.now(UTC),
        see_small=can(current_user, Ability.VIEW_FEEDBACK_ANSWERS),
        link_dashboards=can(current_user, Ability.VIEW_PROGRAM_EVALUATION),
    )
    agencies: list[Agency] = []
    if can(current_user, Ability.ADMINISTER):
        agencies = list(db.session.scalars(sa.select(Agency).order_by(Agency.name)))
    return _respond(
        "evaluation/overview.html",
        data.tables,
        _stem("kota", "medan", year),
        year=year,
        agencies=agencies,
    )


@bp.route("/evaluasi/program/<slug>")
@require(Ability.VIEW_PROGRAM_EVALUATION)
def program(slug: str) -> ResponseReturnValue:
    """:raise 404: no such programme."""
    found = db.first_or_404(sa.select(Program).where(Program.slug == slug))
    year = parse_year(request.args.get("tahun"), default=None)
    data = programme_dashboard(
        found,
        year,
        now=datetime.now(UTC),
        see_small=can(current_user, Ability.VIEW_FEEDBACK_ANSWERS),
        see_answers=can(current_user, Ability.VIEW_FEEDBACK_ANSWERS),
    )
    return _respond(
        "evaluation/program.html",
        data.tables,
        _stem("program", found.slug, year),
        data=data,
        year=year,
    )


@bp.route("/evaluasi/instansi/<slug>")
@require(Ability.VIEW_AGENCY_EVALUATION)
def agency(slug: str) -> ResponseReturnValue:
    """:raise 404: no such agency. :raise 403: a pimpinan of another agency."""
    found = db.first_or_404(sa.select(Agency).where(Agency.slug == slug))
    authorize(Ability.VIEW_AGENCY_EVALUATION, found)
    year = parse_year(request.args.get("tahun"), default=None) or current_year()
    data = agency_dashboard(found, year, now=datetime.now(UTC))
    return _respond(
        "evaluation/agency.html",
        data.tables,
        _stem("instansi", found.slug, year),
        data=data,
        year=year,
    )


# Feedback ----------------------------------------------------------------------


@bp.route("/umpan-balik")
@require(Ability.GIVE_FEEDBACK)
def my_feedback() -> ResponseReturnValue:
    return render_template(
        "evaluation/my_feedback.html", items=feedback.my_completions(current_user)
    )


def _own_completion(completion_id: int) -> Completion:
    """:raise 404: unknown. :raise 403: someone else's, or rejected."""
    completion = db.get_or_404(Completion, completion_id)
    if completion.user_id == current_user.id and completion.rejected:
        raise Refused(
            _("Program ini ditolak penyelenggara, jadi tidak dapat diberi umpan balik.")
        )
    authorize(Ability.GIVE_FEEDBACK, completion)
    return completion


@bp.route("/umpan-balik/<int:completion_id>", methods=["GET", "POST"])
@require(Ability.GIVE_FEEDBACK)
def give_feedback(completion_id: int) -> ResponseReturnValue:
    completion = _own_completion(completion_id)
    given = feedback.feedback_for(completion)
    form = FeedbackForm()
    if given is None and form.validate_on_submit():
        try:
            feedback.submit_feedback(completion, form.data_object())
        except feedback.FeedbackError as error:
            flash(str(error), "warning")
        else:
            db.session.commit()
            flash(_("Terima kasih, umpan balik Anda tersimpan."), "success")
        return redirect(
            url_for("evaluation.give_feedback", completion_id=completion.id)
        )
    if given is not None and request.method == "POST":
        flash(_("Anda sudah mengisi umpan balik untuk program ini."), "info")
        return redirect(
            url_for("evaluation.give_feedback", completion_id=completion.id)
        )
    scores = feedback.programme_scores(completion.program_id)
    see_small = can(current_user, Ability.VIEW_FEEDBACK_ANSWERS)
    page = render_template(
        "evaluation/feedback.html",
        completion=completion,
        given=given,
        form=form,
        scores=scores,
        scores_shown=feedback.shown(scores, see_small=see_small),
        min_answers=feedback.min_aggregate(),
    )
    return page, 400 if form.errors else 200

"""The admin dashboard and the audit log (read only: GET is the only method)."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask.typing import ResponseReturnValue

from app.admin import accounts, audit_log, bp, catalogue, tagging
from app.admin.forms import AuditFilterForm
from app.models import Agency, Program
from app.paging import abort_past_end, page_number
from app.policy import Ability, authorize
from app.profiles.services import role_label


@bp.route("/")
def index() -> ResponseReturnValue:
    authorize(Ability.ADMINISTER)
    return render_template(
        "admin/index.html",
        users=accounts.count_users(),
        inactive=accounts.count_users(active=False),
        roles=accounts.role_counts(),
        role_label=role_label,
        agencies=catalogue.count(Agency),
        archived_agencies=catalogue.count(Agency, archived=True),
        programs=catalogue.count(Program),
        archived_programs=catalogue.count(Program, archived=True),
        tags=tagging.paginate_tags(page=1, per_page=1).total,
        latest=audit_log.latest_events(),
    )


@bp.route("/audit")
def audit() -> ResponseReturnValue:
    """Filter errors (a bad date) show beside the field, with status 400."""
    authorize(Ability.VIEW_AUDIT_LOG)
    form = AuditFilterForm(formdata=request.args)
    form.set_choices(
        [(a, audit_log.action_label(a)) for a in audit_log.used_actions()],
        [(t, audit_log.target_label(t)) for t in audit_log.used_target_types()],
    )
    valid = form.validate()
    filters = _filters(form) if valid else audit_log.AuditFilters()
    pagination = audit_log.paginate_events(
        filters, page=page_number(), per_page=current_app.config["PER_PAGE"]
    )
    abort_past_end(pagination)
    page = render_template(
        "admin/audit.html",
        form=form,
        pagination=pagination,
        filters=_args_without_page(),
    )
    return page, 200 if valid else 400


def _filters(form: AuditFilterForm) -> audit_log.AuditFilters:
    return audit_log.AuditFilters(
        action=form.action.data or "",
        actor=form.actor.data or "",
        actor_id=request.args.get("actor_id", type=int),
        target_type=form.target_type.data or "",
        target_id=request.args.get("target_id", type=int),
        since=form.since.data,
        until=form.until.data,
    )


def _args_without_page() -> dict[str, str]:
    """The query string, for the pager's links to keep the filters."""
    args = request.args.to_dict(flat=True)
    args.pop("page", None)
    return args

"""Administration under ``/admin``: users and roles, agencies, programmes, tags,
and the audit log.

Every route here is for admins. ``guard`` refuses anyone else before any view
runs, so a view added later cannot be left open by mistake; each view still
asks ``app.policy`` for its own ability, so the rules stay declared in one place.
"""

from __future__ import annotations

from flask import Blueprint

from app.policy import Ability, authorize

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def guard() -> None:
    """:raise 401-redirect: anonymous. :raise 403: not an admin."""
    authorize(Ability.ADMINISTER)


@bp.context_processor
def audit_words() -> dict:
    """How audit events are worded, for every admin page that lists them."""
    from app.admin import audit_log

    return {
        "action_label": audit_log.action_label,
        "target_label": audit_log.target_label,
        "detail_label": audit_log.detail_label,
    }


from app.admin import (  # noqa: E402,F401
    account_routes,
    catalogue_routes,
    routes,
    tag_routes,
)

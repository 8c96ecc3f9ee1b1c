"""The home page and what every page's layout needs."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from app.community.services import unread_count
from app.main import bp
from app.moderation.featuring import latest_featured
from app.practices import queries


@bp.app_context_processor
def layout_helpers() -> dict:
    def unread_notifications() -> int:
        if not current_user.is_authenticated:
            return 0
        return unread_count(current_user)

    return {"unread_notifications": unread_notifications}


@bp.route("/")
def index() -> str:
    return render_template(
        "main/index.html",
        latest=queries.latest_published(limit=6),
        featured=latest_featured(limit=3),
        programs=queries.program_counts(),
        agencies=queries.agency_counts(),
        tags=queries.tag_counts(limit=15),
        total=queries.count_published(),
    )

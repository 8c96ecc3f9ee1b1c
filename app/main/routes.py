"""The home page and what every page's layout needs."""

from __future__ import annotations

import sqlalchemy as sa
from flask import render_template
from flask_login import current_user

from app.extensions import db
from app.main import bp
from app.models import Notification
from app.practices import queries


@bp.app_context_processor
def layout_helpers() -> dict:
    def unread_notifications() -> int:
        if not current_user.is_authenticated:
            return 0
        return db.session.scalar(
            sa.select(sa.func.count(Notification.id)).where(
                Notification.user_id == current_user.id,
                Notification.read_at.is_(None),
            )
        ) or 0

    return {"unread_notifications": unread_notifications}


@bp.route("/")
def index() -> str:
    return render_template(
        "main/index.html",
        latest=queries.latest_published(limit=6),
        programs=queries.program_counts(),
        agencies=queries.agency_counts(),
        total=queries.count_published(),
    )

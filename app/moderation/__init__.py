"""Moderation and curation: reports, the review queue, decisions, praktik unggulan.

The audit log writer (``audit.record``) lives here too: every decision goes
through it.
"""

from flask import Blueprint

bp = Blueprint("moderation", __name__)

from app.moderation import decision_routes, featured_routes, routes  # noqa: E402,F401

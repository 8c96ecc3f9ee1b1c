from flask import Blueprint

bp = Blueprint("community", __name__)

from app.community import (  # noqa: E402,F401
    appreciation_routes,
    following_routes,
    routes,
)

from flask import Blueprint

bp = Blueprint("practices", __name__)

from app.practices import routes, writing_routes  # noqa: E402,F401

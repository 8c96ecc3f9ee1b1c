from flask import Blueprint

from app.auth.sessions import enforce_lifetimes

bp = Blueprint("auth", __name__)
# Every request of the app, not only this blueprint's: session lifetimes.
bp.before_app_request(enforce_lifetimes)

from app.auth import account_routes, reset_routes, routes  # noqa: E402,F401

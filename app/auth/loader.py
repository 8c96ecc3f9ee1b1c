"""How Flask-Login finds the signed-in user."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.extensions import db, login
from app.models import User

login.login_view = "auth.login"
login.login_message = _l("Silakan masuk untuk membuka halaman ini.")
login.login_message_category = "info"


@login.user_loader
def load_user(user_id: str) -> User | None:
    """A deactivated account is signed out at its next request, not only
    refused at the next sign-in."""
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.active else None

"""How Flask-Login finds the signed-in user."""

from __future__ import annotations

import hmac

from flask_babel import lazy_gettext as _l

from app.extensions import db, login
from app.models import User

login.login_view = "auth.login"
login.login_message = _l("Silakan masuk untuk membuka halaman ini.")
login.login_message_category = "info"


@login.user_loader
def load_user(session_id: str) -> User | None:
    """The user whose id *and* current session token the cookie carries.

    A deactivated account, or a cookie from before a logout or a password
    change (the token has changed since), is anonymous at its next request.
    """
    user_id, _sep, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active:
        return None
    return user if hmac.compare_digest(user.session_token, token) else None

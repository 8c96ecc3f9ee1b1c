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

    ``session_id`` is ``id:token``, or ``id:token:issued`` when
    ``app.auth.sessions.start`` added the sign-in time (checked there). A
    deactivated account, or a cookie from before a logout, a password change
    or reset, or a deactivation (the token has changed since), is anonymous
    at its next request.
    """
    user_id, _sep, rest = session_id.partition(":")
    token = rest.partition(":")[0]
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active:
        return None
    return user if hmac.compare_digest(user.session_token, token) else None

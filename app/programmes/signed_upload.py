"""The previewed file, carried to the confirmation inside a signed value.

Signed with the app's secret key and bound to the run and the organiser, so
the confirmed content is exactly what was previewed, without a folder shared
between servers. It expires after two hours.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.programmes.participants import ImportRefused

SIGNED_UPLOAD_MAX_AGE = 2 * 60 * 60  # seconds between preview and confirm
_SALT = "participant-import"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sign_upload(data: bytes, *, run_id: int, user_id: int) -> str:
    """The file, bound to this run and organiser, signed; call after planning
    (which has checked that it is UTF-8 and small enough)."""
    text = data.decode("utf-8-sig")
    return _serializer().dumps({"run": run_id, "by": user_id, "csv": text})


def load_upload(token: str, *, run_id: int, user_id: int) -> bytes:
    """The file previewed by this organiser for this run.

    :raise ImportRefused: the value was changed, is for another run or
        organiser, or is older than two hours.
    """
    try:
        payload = _serializer().loads(token, max_age=SIGNED_UPLOAD_MAX_AGE)
    except SignatureExpired:
        raise ImportRefused(
            _("Pratinjau sudah kedaluwarsa. Unggah ulang berkas.")
        ) from None
    except BadSignature:
        raise ImportRefused(
            _("Data pratinjau tidak sah. Unggah ulang berkas.")
        ) from None
    if (
        not isinstance(payload, dict)
        or payload.get("run") != run_id
        or payload.get("by") != user_id
        or not isinstance(payload.get("csv"), str)
    ):
        raise ImportRefused(_("Data pratinjau tidak sah. Unggah ulang berkas."))
    return payload["csv"].encode("utf-8")

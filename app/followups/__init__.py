"""Follow-ups (tindak lanjut) after a programme: schedule, send, check in, confirm.

``schedule`` gives every completion its follow-ups in the same transaction
(a session event), ``sending`` delivers the due ones exactly once (``flask
followups send``) through ``app.mail`` (the SMTP transport), and the pages let the ASN
answer and their atasan confirm. See docs/followups.md.
"""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

bp = Blueprint("followups", __name__)


@bp.record_once
def _listen(_state: BlueprintSetupState) -> None:
    """Schedule follow-ups from every session once the app uses this area."""
    from app.followups.schedule import listen

    listen()


from app.followups import routes  # noqa: E402,F401

"""SCAFFOLD: replaced by the community work."""
from app.community import bp


@bp.route("/notifikasi")
def notifications():
    return "notifikasi"

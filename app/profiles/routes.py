"""SCAFFOLD: replaced by the auth/profile work."""
from app.profiles import bp


@bp.route("/profil/<int:user_id>")
def show(user_id):
    return "profil"

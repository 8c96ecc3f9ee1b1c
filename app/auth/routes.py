"""SCAFFOLD: replaced by the auth work."""
from app.auth import bp


@bp.route("/daftar")
def register():
    return "daftar"


@bp.route("/masuk")
def login():
    return "masuk"


@bp.route("/keluar", methods=["POST"])
def logout():
    return "keluar"

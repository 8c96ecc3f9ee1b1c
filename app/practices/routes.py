"""SCAFFOLD: replaced by the practices work."""
from app.practices import bp


@bp.route("/praktik/baru")
def new():
    return "new"


@bp.route("/praktik/<int:case_id>")
@bp.route("/praktik/<int:case_id>/<slug>")
def show(case_id, slug=None):
    return "show"


@bp.route("/program")
def programs():
    return "programs"


@bp.route("/instansi")
def agencies():
    return "agencies"


@bp.route("/program/<slug>")
def by_program(slug):
    return slug


@bp.route("/instansi/<slug>")
def by_agency(slug):
    return slug


@bp.route("/tag/<slug>")
def by_tag(slug):
    return slug

"""/praktik-unggulan: featured practices, newest feature first, for everyone."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask.typing import ResponseReturnValue

from app.moderation import bp, featuring
from app.moderation.forms import FeaturedFilterForm
from app.moderation.routes import by_slug, page_number, places


@bp.route("/praktik-unggulan")
def featured() -> ResponseReturnValue:
    """Filterable by ``program`` and ``instansi`` (slugs); 400 for unknown ones."""
    programs, agencies = places()
    form = FeaturedFilterForm(formdata=request.args)
    form.set_places(programs, agencies)
    valid = form.validate()
    program = by_slug(programs, form.program.data) if valid else None
    agency = by_slug(agencies, form.instansi.data) if valid else None
    pagination = featuring.paginate_featured(
        page=page_number(),
        per_page=current_app.config["PER_PAGE"],
        program=program,
        agency=agency,
    )
    filter_args = {
        key: value
        for key, value in (("program", program), ("instansi", agency))
        if value is not None
    }
    html = render_template(
        "moderation/featured.html",
        form=form,
        pagination=pagination,
        filter_args={key: value.slug for key, value in filter_args.items()},
        filtered=bool(filter_args),
    )
    return html, 200 if valid else 400

"""Routes of the writing form's aids (``static/js/writing.js``): the live
preview and tag suggestions. JSON for a script, never a page: without the
script the form still works, with its server-side preview button.
"""

from __future__ import annotations

from flask import abort, get_template_attribute, jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.policy import Ability, require
from app.practices import bp, preview, tag_suggestions
from app.ratelimits import limit_requests


@bp.route("/praktik/pratinjau", methods=["POST"])
@limit_requests("WRITING_AIDS")
@require(Ability.WRITE_CASE_STUDY)
def live_preview() -> ResponseReturnValue:
    """The text being written, rendered as readers will see it; saves nothing.

    :raise 403: a member who can neither write nor edit a case study.
    :return: JSON ``{"html": ...}``, or ``{"error": ...}`` with 413 when the
        text is longer than saving allows.
    """
    if not preview.may_preview(current_user):
        abort(403)
    if (request.content_length or 0) > preview.MAX_BODY_BYTES:
        return _json_error(_("Teks terlalu panjang untuk pratinjau."), 413)
    try:
        result = preview.build_preview(request.form)
    except preview.PreviewTooLong as error:
        return _json_error(str(error), 413)
    body = get_template_attribute("practices/_fields.html", "preview_body")
    return jsonify(html=str(body(result.title, result.summary, result.sections)))


@bp.route("/praktik/saran-tag")
@limit_requests("WRITING_AIDS")
@require(Ability.WRITE_CASE_STUDY)
def tag_suggestions_json() -> ResponseReturnValue:
    """Existing tags matching ``?q=`` (the word being typed), most used first.

    :raise 400: ``q`` longer than a tag can be.
    """
    typed = request.args.get("q", "")
    if len(typed) > tag_suggestions.MAX_QUERY_LENGTH:
        message = _(
            "Kata yang dicari terlalu panjang: tag paling banyak %(max)d karakter.",
            max=tag_suggestions.MAX_QUERY_LENGTH,
        )
        return _json_error(message, 400)
    found = tag_suggestions.suggest_tags(typed)
    # The label is made here, where the plural rules of the language are known.
    response = jsonify(
        tags=[
            {
                "name": tag.name,
                "uses": tag.uses,
                "label": ngettext(
                    "%(num)d studi kasus", "%(num)d studi kasus", tag.uses
                ),
            }
            for tag in found
        ]
    )
    response.cache_control.private = True
    response.cache_control.max_age = 60
    return response


def _json_error(message: str, status: int) -> ResponseReturnValue:
    return jsonify(error=message), status

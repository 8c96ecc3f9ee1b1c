"""Tags: the list with usage counts, rename, and merge one into another."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp, tagging
from app.admin.errors import AdminError
from app.admin.forms import TagMergeForm, TagRenameForm
from app.auth.forms import attach_errors
from app.extensions import db
from app.models import Tag
from app.paging import abort_past_end, page_number
from app.policy import Ability, authorize


@bp.route("/tag")
def tags() -> ResponseReturnValue:
    authorize(Ability.MANAGE_TAGS)
    query = (request.args.get("q") or "").strip()[:100]
    pagination = tagging.paginate_tags(
        query, page=page_number(), per_page=current_app.config["PER_PAGE"]
    )
    abort_past_end(pagination)
    return render_template(
        "admin/tags.html",
        pagination=pagination,
        counts=tagging.usage_counts(list(pagination.items)),
        query=query,
    )


@bp.route("/tag/<int:tag_id>/ubah", methods=["GET", "POST"])
def rename_tag(tag_id: int) -> ResponseReturnValue:
    """A name whose slug another tag has is refused, with a link to merge."""
    authorize(Ability.MANAGE_TAGS)
    tag = db.get_or_404(Tag, tag_id)
    form = TagRenameForm(data={"name": tag.name})
    existing = None
    if form.validate_on_submit():
        try:
            changed = tagging.rename_tag(current_user, tag, form.name.data)
        except tagging.TagExists as error:
            existing = error.existing
            attach_errors(form, {"name": str(error)})
        except AdminError as error:
            attach_errors(form, {error.field or "": str(error)})
        else:
            db.session.commit()
            if changed is None:
                flash(_("Tidak ada yang berubah."), "info")
            else:
                flash(_("Nama tag diubah menjadi %(name)s.", name=tag.name), "success")
            return redirect(url_for("admin.tags"))
    status = 400 if form.is_submitted() else 200
    page = render_template(
        "admin/tag_rename.html", form=form, tag=tag, existing=existing
    )
    return page, status


@bp.route("/tag/<int:tag_id>/gabung", methods=["GET", "POST"])
def merge_tag(tag_id: int) -> ResponseReturnValue:
    """``?ke=<slug>`` preselects the target (the rename page links here)."""
    authorize(Ability.MANAGE_TAGS)
    source = db.get_or_404(Tag, tag_id)
    form = TagMergeForm()
    form.set_targets(source, tagging.all_tags())
    if request.method == "GET" and (slug := request.args.get("ke")):
        target = tagging.tag_by_slug(slug)
        form.target.data = target.id if target else None
    if form.validate_on_submit():
        target = db.get_or_404(Tag, form.target.data)  # gone since the form
        source_name = source.name
        try:
            tagging.merge_tags(current_user, source, target)
        except AdminError as error:
            attach_errors(form, {error.field or "": str(error)})
        else:
            db.session.commit()
            flash(
                _(
                    "Tag %(source)s digabungkan ke %(target)s.",
                    source=source_name,
                    target=target.name,
                ),
                "success",
            )
            return redirect(url_for("admin.tags"))
    status = 400 if form.is_submitted() else 200
    counts = tagging.usage_counts([source])
    page = render_template(
        "admin/tag_merge.html", form=form, tag=source, count=counts[source.id]
    )
    return page, status

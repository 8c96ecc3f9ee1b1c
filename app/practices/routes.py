"""Case-study pages: write, read, edit, withdraw, history, and the browse lists.

Views parse the request, ask ``app.policy``, call one service or query, commit
and redirect or render. Rules live in ``services``; loading in ``queries``.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal
from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app import submissions
from app.community import appreciation
from app.community.services import comment_thread
from app.extensions import db
from app.models import SECTIONS, CaseStudy, Status
from app.paging import abort_past_end, page_number
from app.policy import Ability, authorize, require
from app.practices import autosave, bp, queries, services
from app.practices.forms import SECTION_LABELS, CaseStudyForm, WithdrawForm
from app.ratelimits import limit_posts
from app.search.query import related
from app.text import render_markdown


@bp.app_template_filter("figure")
def figure(value: Decimal | None) -> str:
    """A result figure in the reader's locale: ``12,5`` or ``1.500``."""
    return "" if value is None else format_decimal(value, locale=get_locale())


def _canonical(case_study: CaseStudy) -> str:
    return url_for("practices.show", case_id=case_study.id, slug=case_study.slug)


# --- writing ---------------------------------------------------------------


@bp.route("/praktik/baru", methods=["GET", "POST"])
@limit_posts("POST")
@require(Ability.WRITE_CASE_STUDY)
def new() -> ResponseReturnValue:
    programs = services.completed_programs(current_user)
    if not programs:
        return render_template("practices/needs_completion.html")
    form = CaseStudyForm()
    form.set_programs(programs)
    # A follow-up's "write a case study" link names the programme.
    wanted = request.args.get("program_id", type=int)
    if not form.is_submitted() and wanted in {program.id for program in programs}:
        form.program_id.data = wanted
    return _handle_form(form, None)


@bp.route("/praktik/<int:case_id>/ubah", methods=["GET", "POST"])
@limit_posts("POST")
def edit(case_id: int) -> ResponseReturnValue:
    case_study = queries.case_study_for_page(case_id)
    authorize(Ability.EDIT_CASE_STUDY, case_study)
    if request.method == "GET":
        form = CaseStudyForm(data=CaseStudyForm.initial_data(case_study))
    else:
        form = CaseStudyForm()
    programs = services.completed_programs(current_user)
    if case_study.program not in programs:
        programs.append(case_study.program)
    form.set_programs(programs)
    return _handle_form(form, case_study)


def _handle_form(
    form: CaseStudyForm, case_study: CaseStudy | None
) -> ResponseReturnValue:
    """Shared by write and edit: preview, or save a draft, or publish."""
    if not form.is_submitted():
        return _render_form(form, case_study)
    valid = form.validate()
    if form.preview.data:
        return _render_form(form, case_study, preview=True), 200 if valid else 400
    if not valid:
        return _render_form(form, case_study), 400
    publish = bool(form.publish.data)
    try:
        sent = submissions.submit_once(
            form.form_token.data or None,
            current_user,
            lambda: _save(form, case_study, publish=publish),
            _canonical,
        )
    except services.EditConflict:
        db.session.rollback()
        return _render_conflict(form, case_study), 409
    except services.CaseStudyError as error:
        db.session.rollback()
        return _render_form(form, case_study, error=str(error)), 400
    # The browser's copy of this draft (static/js/autosave.js) is no longer
    # needed: the next page the writer sees tells the script to drop it.
    autosave.remember_saved(case_study)
    if sent.item is None:
        flash(submissions.already_sent_message(), "info")
    else:
        flash(_saved_message(sent.item, publish), "success")
    return redirect(sent.location)


def _save(
    form: CaseStudyForm, case_study: CaseStudy | None, *, publish: bool
) -> CaseStudy:
    data = form.to_data()
    if case_study is None:
        return services.create_case_study(current_user, data, publish=publish)
    return services.update_case_study(
        case_study,
        current_user,
        data,
        publish=publish,
        seen_version=form.edit_version.data,
    )


def _saved_message(case_study: CaseStudy, publish: bool) -> str:
    if case_study.status is Status.PENDING:
        return _(
            "Studi kasus Anda menunggu tinjauan moderator sebelum terbit. "
            "Anda akan diberi tahu setelah ditinjau."
        )
    if publish:
        return _("Studi kasus Anda sudah terbit. Terima kasih telah berbagi.")
    if case_study.is_published:
        return _("Perubahan disimpan.")
    return _("Draf disimpan. Hanya Anda yang dapat melihatnya.")


def _render_form(
    form: CaseStudyForm,
    case_study: CaseStudy | None,
    *,
    preview: bool = False,
    error: str | None = None,
    template: str = "practices/form.html",
    **context: object,
) -> str:
    if not form.form_token.data:
        form.form_token.data = submissions.new_token()
    return render_template(
        template,
        form=form,
        case_study=case_study,
        preview=_preview(form) if preview else None,
        error=error,
        max_section=services.MAX_SECTION_LENGTH,
        draft_key=autosave.draft_key(case_study),
        saved_draft_key=autosave.saved_draft_key(),
        **context,
    )


def _render_conflict(form: CaseStudyForm, case_study: CaseStudy) -> str:
    """The editor's text, untouched, beside what was saved meanwhile.

    The form now carries the current version: saving it again is a
    deliberate choice to replace the other save, made after reading it.
    """
    db.session.refresh(case_study)
    form.edit_version.data = case_study.edit_version
    return _render_form(
        form,
        case_study,
        template="practices/conflict.html",
        latest=queries.latest_revision(case_study),
        section_labels=SECTION_LABELS,
    )


def _preview(form: CaseStudyForm) -> list[tuple[str, str]]:
    """The sections as they would look; nothing is saved."""
    sections = []
    for name in SECTIONS:
        text = getattr(form, name).data or ""
        if text.strip() and len(text) <= services.MAX_SECTION_LENGTH:
            sections.append((str(SECTION_LABELS[name]), render_markdown(text)))
    return sections


# --- reading ---------------------------------------------------------------


@bp.route("/praktik/<int:case_id>")
@bp.route("/praktik/<int:case_id>/<slug>")
def show(case_id: int, slug: str | None = None) -> ResponseReturnValue:
    """:raise 404: unknown, or not visible to this user (draft, hidden...)."""
    case_study = queries.case_study_for_page(case_id)
    authorize(Ability.VIEW_CASE_STUDY, case_study)
    if slug != case_study.slug:
        target = _canonical(case_study)
        if request.query_string:
            target += "?" + request.query_string.decode("latin-1")
        return redirect(target, 301)
    counted = _counts_as_view(case_study)
    page = render_template(
        "practices/show.html",
        case_study=case_study,
        thread=comment_thread(case_study),
        appreciation=appreciation.for_page(current_user, case_study),
        section_labels=SECTION_LABELS,
        related=related(case_study),
        views=case_study.view_count + counted,
        saved_draft_key=autosave.saved_draft_key(),
    )
    if counted:
        queries.count_view(case_study.id)
    return page


_BOT_MARKS = ("bot", "crawl", "spider", "slurp")


def _counts_as_view(case_study: CaseStudy) -> bool:
    """A reader other than the author opened the page (not a crawler, not a
    ``HEAD``): the author rereading their own page is not interest."""
    if request.method != "GET":
        return False
    if current_user.is_authenticated and current_user.id == case_study.author_id:
        return False
    agent = request.user_agent.string.lower()
    return not any(mark in agent for mark in _BOT_MARKS)


@bp.route("/praktik/<int:case_id>/riwayat")
def history(case_id: int) -> ResponseReturnValue:
    case_study = queries.case_study_for_page(case_id)
    authorize(Ability.VIEW_HISTORY, case_study)
    return render_template(
        "practices/history.html",
        case_study=case_study,
        revisions=queries.revisions_of(case_study),
    )


@bp.route("/praktik/<int:case_id>/riwayat/<int:number>")
def revision(case_id: int, number: int) -> ResponseReturnValue:
    """One saved version. Revisions keep Markdown only, so render it here."""
    case_study = queries.case_study_for_page(case_id)
    authorize(Ability.VIEW_HISTORY, case_study)
    rev = queries.revision_of(case_study, number)
    sections = [
        (str(SECTION_LABELS[name]), render_markdown(getattr(rev, f"{name}_md")))
        for name in SECTIONS
    ]
    return render_template(
        "practices/revision.html", case_study=case_study, rev=rev, sections=sections
    )


@bp.route("/praktik/<int:case_id>/tarik", methods=["GET", "POST"])
def withdraw(case_id: int) -> ResponseReturnValue:
    """GET asks for confirmation; only the POST (with CSRF) withdraws."""
    case_study = queries.case_study_for_page(case_id)
    authorize(Ability.WITHDRAW_CASE_STUDY, case_study)
    form = WithdrawForm()
    if not form.validate_on_submit():
        return render_template(
            "practices/withdraw.html", case_study=case_study, form=form
        )
    services.withdraw_case_study(case_study)
    db.session.commit()
    flash(
        _(
            "Studi kasus ditarik. Sekarang hanya Anda yang dapat melihatnya. "
            "Anda dapat menerbitkannya lagi dari halaman Ubah."
        ),
        "success",
    )
    return redirect(_canonical(case_study))


@bp.route("/praktik/saya")
@login_required
def mine() -> ResponseReturnValue:
    pagination = queries.authored_by(
        current_user.id, page=page_number(), per_page=current_app.config["PER_PAGE"]
    )
    abort_past_end(pagination)
    return render_template("practices/mine.html", pagination=pagination)


# --- browsing --------------------------------------------------------------


@bp.route("/program")
def programs() -> ResponseReturnValue:
    return render_template("practices/programs.html", rows=queries.program_counts())


@bp.route("/instansi")
def agencies() -> ResponseReturnValue:
    return render_template("practices/agencies.html", rows=queries.agency_counts())


@bp.route("/program/<slug>")
def by_program(slug: str) -> ResponseReturnValue:
    program = queries.program_by_slug(slug)
    return _listing(
        "practices.by_program",
        slug,
        kind=_("Program"),
        name=program.name,
        description=program.description,
        program=program,
    )


@bp.route("/instansi/<slug>")
def by_agency(slug: str) -> ResponseReturnValue:
    agency = queries.agency_by_slug(slug)
    return _listing(
        "practices.by_agency",
        slug,
        kind=_("Instansi"),
        name=agency.name,
        agency=agency,
        context={
            "replicated_here": appreciation.replicated_in(agency),
            "replicated_elsewhere": appreciation.replicated_from(agency),
        },
    )


@bp.route("/tag/<slug>")
def by_tag(slug: str) -> ResponseReturnValue:
    tag = queries.tag_by_slug(slug)
    return _listing(
        "practices.by_tag", slug, kind=_("Tag"), name=f"#{tag.name}", tag=tag
    )


def _listing(
    endpoint: str,
    slug: str,
    *,
    kind: str,
    name: str,
    description: str = "",
    context: dict[str, object] | None = None,
    **filters: object,
) -> ResponseReturnValue:
    """One page of published case studies for a programme, agency or tag.

    :raise 400: an unknown ``?sort=`` (the page says which are known).
    """
    page = {
        "endpoint": endpoint,
        "slug": slug,
        "kind": kind,
        "name": name,
        "description": description,
        # The programme, agency or tag itself, for the follow button.
        **filters,
        **(context or {}),
    }
    sort = request.args.get("sort") or "newest"
    if sort not in queries.LISTING_SORTS:
        error = _(
            "Urutan harus newest (terbaru), helpful (paling bermanfaat) atau "
            "replicated (paling banyak diterapkan)."
        )
        html = render_template(
            "practices/listing.html", pagination=None, sort=None, error=error, **page
        )
        return html, 400
    pagination = queries.paginate_published(
        page=page_number(),
        per_page=current_app.config["PER_PAGE"],
        sort=sort,
        **filters,
    )
    abort_past_end(pagination)
    return render_template(
        "practices/listing.html", pagination=pagination, sort=sort, **page
    )

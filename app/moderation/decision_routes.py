"""Moderators' decisions: one POST endpoint each (CSRF), moderators and admins only.

A refused decision re-renders its form with what the moderator typed and the
reason (400), never a redirect that loses it.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.models import CaseStudy, Comment, User
from app.moderation import bp, decisions, featuring
from app.moderation.forms import FeatureForm, NoteForm, ReasonForm, WarnForm
from app.moderation.routes import case_url
from app.policy import Ability, require
from app.practices import queries


def _decide(
    form: ReasonForm | NoteForm | WarnForm | FeatureForm,
    decide: Callable[[str], object],
    *,
    done: str,
    back: str,
    title: str,
    item: CaseStudy | Comment | User,
    submit: str,
) -> ResponseReturnValue:
    """Validate, take the decision, commit, go back; or show the form again."""
    error = None
    if form.validate_on_submit():
        try:
            decide(form.reason.data or "")
        except decisions.ModerationError as exc:
            db.session.rollback()
            error = str(exc)
        else:
            db.session.commit()
            flash(done, "success")
            return redirect(form.next_url() or back)
    page = render_template(
        "moderation/decide.html",
        form=form,
        error=error,
        title=title,
        item=item,
        submit=submit,
        action=request.path,
    )
    return page, 400


def _case_study(case_id: int) -> CaseStudy:
    return queries.case_study_for_page(case_id)


def _comment(comment_id: int) -> Comment:
    comment = db.get_or_404(Comment, comment_id)
    if comment.is_deleted:
        abort(404)
    return comment


@bp.route("/moderasi/praktik/<int:case_id>/sembunyikan", methods=["POST"])
@require(Ability.MODERATE)
def hide_case_study(case_id: int) -> ResponseReturnValue:
    cs = _case_study(case_id)
    return _decide(
        ReasonForm(),
        lambda reason: decisions.hide(cs, current_user, reason),
        done=_("Studi kasus disembunyikan. Penulis sudah diberi tahu alasannya."),
        back=case_url(cs),
        title=_("Sembunyikan studi kasus"),
        item=cs,
        submit=_("Sembunyikan"),
    )


@bp.route("/moderasi/praktik/<int:case_id>/pulihkan", methods=["POST"])
@require(Ability.MODERATE)
def restore_case_study(case_id: int) -> ResponseReturnValue:
    cs = _case_study(case_id)
    return _decide(
        ReasonForm(),
        lambda reason: decisions.restore(cs, current_user, reason),
        done=_("Studi kasus dipulihkan dan tampil kembali."),
        back=case_url(cs),
        title=_("Pulihkan studi kasus"),
        item=cs,
        submit=_("Pulihkan"),
    )


@bp.route("/moderasi/praktik/<int:case_id>/abaikan-laporan", methods=["POST"])
@require(Ability.MODERATE)
def dismiss_case_study_flags(case_id: int) -> ResponseReturnValue:
    cs = _case_study(case_id)
    return _decide(
        NoteForm(),
        lambda note: decisions.dismiss_flags(cs, current_user, note),
        done=_("Laporan diabaikan dan ditutup."),
        back=url_for("moderation.queue"),
        title=_("Abaikan laporan atas studi kasus"),
        item=cs,
        submit=_("Abaikan laporan"),
    )


@bp.route("/moderasi/praktik/<int:case_id>/setujui", methods=["POST"])
@require(Ability.MODERATE)
def approve(case_id: int) -> ResponseReturnValue:
    cs = _case_study(case_id)
    return _decide(
        NoteForm(),
        lambda note: decisions.approve(cs, current_user, note),
        done=_("Studi kasus disetujui dan sudah terbit."),
        back=case_url(cs),
        title=_("Setujui studi kasus"),
        item=cs,
        submit=_("Setujui dan terbitkan"),
    )


@bp.route("/moderasi/praktik/<int:case_id>/kunci-komentar", methods=["POST"])
@require(Ability.MODERATE)
def lock_comments(case_id: int) -> ResponseReturnValue:
    cs = _case_study(case_id)
    return _decide(
        ReasonForm(),
        lambda reason: decisions.set_comments_locked(cs, current_user, True, reason),
        done=_("Komentar dikunci. Tidak ada komentar baru yang dapat ditulis."),
        back=case_url(cs),
        title=_("Kunci komentar"),
        item=cs,
        submit=_("Kunci komentar"),
    )


@bp.route("/moderasi/praktik/<int:case_id>/buka-komentar", methods=["POST"])
@require(Ability.MODERATE)
def unlock_comments(case_id: int) -> ResponseReturnValue:
    cs = _case_study(case_id)
    return _decide(
        ReasonForm(),
        lambda reason: decisions.set_comments_locked(cs, current_user, False, reason),
        done=_("Komentar dibuka kembali."),
        back=case_url(cs),
        title=_("Buka kunci komentar"),
        item=cs,
        submit=_("Buka kunci komentar"),
    )


@bp.route("/moderasi/praktik/<int:case_id>/unggulkan", methods=["POST"])
@require(Ability.FEATURE)
def feature(case_id: int) -> ResponseReturnValue:
    cs = _case_study(case_id)
    return _decide(
        FeatureForm(),
        lambda note: featuring.feature(cs, current_user, note),
        done=_("Studi kasus ini sekarang praktik unggulan."),
        back=case_url(cs),
        title=_("Jadikan praktik unggulan"),
        item=cs,
        submit=_("Jadikan praktik unggulan"),
    )


@bp.route("/moderasi/praktik/<int:case_id>/batal-unggulan", methods=["POST"])
@require(Ability.FEATURE)
def unfeature(case_id: int) -> ResponseReturnValue:
    cs = _case_study(case_id)
    return _decide(
        ReasonForm(),
        lambda reason: featuring.unfeature(cs, current_user, reason),
        done=_("Studi kasus ini tidak lagi menjadi praktik unggulan."),
        back=case_url(cs),
        title=_("Batalkan praktik unggulan"),
        item=cs,
        submit=_("Batalkan praktik unggulan"),
    )


@bp.route("/moderasi/komentar/<int:comment_id>/sembunyikan", methods=["POST"])
@require(Ability.MODERATE)
def hide_comment(comment_id: int) -> ResponseReturnValue:
    comment = _comment(comment_id)
    return _decide(
        ReasonForm(),
        lambda reason: decisions.hide(comment, current_user, reason),
        done=_("Komentar disembunyikan. Penulis sudah diberi tahu alasannya."),
        back=case_url(comment.case_study, comment),
        title=_("Sembunyikan komentar"),
        item=comment,
        submit=_("Sembunyikan"),
    )


@bp.route("/moderasi/komentar/<int:comment_id>/pulihkan", methods=["POST"])
@require(Ability.MODERATE)
def restore_comment(comment_id: int) -> ResponseReturnValue:
    comment = _comment(comment_id)
    return _decide(
        ReasonForm(),
        lambda reason: decisions.restore(comment, current_user, reason),
        done=_("Komentar dipulihkan dan tampil kembali."),
        back=case_url(comment.case_study, comment),
        title=_("Pulihkan komentar"),
        item=comment,
        submit=_("Pulihkan"),
    )


@bp.route("/moderasi/komentar/<int:comment_id>/abaikan-laporan", methods=["POST"])
@require(Ability.MODERATE)
def dismiss_comment_flags(comment_id: int) -> ResponseReturnValue:
    comment = _comment(comment_id)
    return _decide(
        NoteForm(),
        lambda note: decisions.dismiss_flags(comment, current_user, note),
        done=_("Laporan diabaikan dan ditutup."),
        back=url_for("moderation.queue"),
        title=_("Abaikan laporan atas komentar"),
        item=comment,
        submit=_("Abaikan laporan"),
    )


@bp.route("/moderasi/pengguna/<int:user_id>/peringatkan", methods=["POST"])
@require(Ability.MODERATE)
def warn_user(user_id: int) -> ResponseReturnValue:
    user = db.get_or_404(User, user_id)
    return _decide(
        WarnForm(),
        lambda message: decisions.warn(user, current_user, message),
        done=_("Peringatan terkirim kepada %(name)s.", name=user.name),
        back=url_for("moderation.queue"),
        title=_("Peringatkan %(name)s", name=user.name),
        item=user,
        submit=_("Kirim peringatan"),
    )

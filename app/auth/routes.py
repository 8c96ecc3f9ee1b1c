"""Register, sign in, sign out."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.auth import bp, lockout, services, sessions
from app.auth.forms import LoginForm, RegisterForm, attach_errors
from app.auth.redirects import safe_next_url
from app.extensions import db
from app.i18n import LANG_SESSION_KEY
from app.logs import log_event
from app.ratelimits import address_key, limit_posts


@bp.route("/daftar", methods=["GET", "POST"])
@limit_posts("REGISTER", key=address_key)
def register() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("profiles.show", user_id=current_user.id))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.register_user(
                name=form.name.data,
                email=form.email.data,
                password=form.password.data,
                nip=form.nip.data,
                agency_id=form.agency.data,
                position=form.position.data,
            )
        except services.AccountError as error:
            attach_errors(form, error.errors)
        else:
            db.session.commit()
            sessions.start(user)
            flash(
                _(
                    "Selamat datang, %(name)s! Tambahkan program yang sudah Anda "
                    "selesaikan agar dapat menulis studi kasus.",
                    name=user.name,
                ),
                "success",
            )
            return redirect(url_for("profiles.show", user_id=user.id))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/masuk", methods=["GET", "POST"])
@limit_posts("LOGIN", key=address_key)
def login() -> ResponseReturnValue:
    next_url = safe_next_url(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        result = services.attempt_sign_in(form.email.data, form.password.data)
        db.session.commit()  # a failure is counted even when nothing else is
        if result.user is not None:
            sessions.start(result.user, remember=form.remember.data)
            if result.user.locale:
                session[LANG_SESSION_KEY] = result.user.locale
            flash(_("Anda sudah masuk."), "success")
            return redirect(next_url or url_for("main.index"))
        if result.locked_minutes is not None:
            form.form_errors.append(lockout.lock_message(result.locked_minutes))
        else:
            form.form_errors.append(_("Email atau kata sandi salah."))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form, next_url=next_url), status


@bp.route("/keluar", methods=["POST"])
def logout() -> Response:
    """Sign out here *and* on every other device: a new session token makes
    every copy of this account's session and remember-me cookies anonymous."""
    if current_user.is_authenticated:
        user = current_user._get_current_object()  # type: ignore[attr-defined]
        sessions.sign_out_everywhere(user)
        db.session.commit()
        log_event("logout", user_id=user.id)
    sessions.end()
    flash(_("Anda sudah keluar."), "info")
    response = redirect(url_for("main.index"))
    # Office computers are shared: the writing form's autosaved copies
    # (static/js/autosave.js, localStorage) leave with the member. Sessions
    # that merely expire keep them, to be restored after signing in again.
    response.headers["Clear-Site-Data"] = '"storage"'
    return response

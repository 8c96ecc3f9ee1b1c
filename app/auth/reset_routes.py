"""Forgotten password: ask for a link, follow it, choose a new password.

See ``app.auth.reset`` for the token and why the link redirects.
"""

from __future__ import annotations

from flask import flash, make_response, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.auth import bp, reset, sessions
from app.auth.forms import ForgotPasswordForm, ResetPasswordForm, attach_errors
from app.auth.services import AccountError
from app.extensions import db
from app.ratelimits import address_key, limit_posts


@bp.route("/lupa-kata-sandi", methods=["GET", "POST"])
@limit_posts("PASSWORD_RESET", key=address_key)
def forgot_password() -> ResponseReturnValue:
    """The same answer whether or not the email has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        mail = reset.request_reset(form.email.data)
        response = make_response(render_template("auth/forgot_password_sent.html"))
        if mail is not None:
            reset.send_after_response(response, mail)
        return response
    status = 400 if form.is_submitted() else 200
    return render_template("auth/forgot_password.html", form=form), status


def _invalid_link() -> ResponseReturnValue:
    session.pop(reset.SESSION_KEY, None)
    return render_template("auth/reset_invalid.html"), 400


@bp.route("/lupa-kata-sandi/<token>")
def reset_link(token: str) -> ResponseReturnValue:
    """The link in the email: check it, keep it out of the address bar."""
    if reset.user_for_token(token) is None:
        return _invalid_link()
    session[reset.SESSION_KEY] = token
    return redirect(url_for("auth.reset_password"))


@bp.route("/kata-sandi-baru", methods=["GET", "POST"])
def reset_password() -> ResponseReturnValue:
    token = session.get(reset.SESSION_KEY)
    if not isinstance(token, str):
        flash(_("Buka tautan dari email Anda, atau minta tautan baru."), "info")
        return redirect(url_for("auth.forgot_password"))
    user = reset.user_for_token(token)
    if user is None:
        return _invalid_link()
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            reset.reset_password(user, form.password.data)
        except AccountError as error:
            attach_errors(form, error.errors)
        else:
            db.session.commit()
            sessions.end()  # whoever was signed in here: sign in afresh
            flash(
                _(
                    "Kata sandi Anda sudah diubah dan semua sesi lama sudah "
                    "diakhiri. Silakan masuk dengan kata sandi baru."
                ),
                "success",
            )
            return redirect(url_for("auth.login"))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/reset_password.html", form=form), status

"""The signed-in user's own account: changing the password."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth import bp, services, sessions
from app.auth.forms import ChangePasswordForm, attach_errors
from app.extensions import db
from app.ratelimits import limit_posts


@bp.route("/akun/kata-sandi", methods=["GET", "POST"])
@limit_posts("LOGIN")
@login_required
def change_password() -> ResponseReturnValue:
    """Needs the current password. Afterwards every other session of the
    account has ended, and this browser carries on in a new one."""
    user = current_user._get_current_object()  # type: ignore[attr-defined]
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                user, current=form.current_password.data, new=form.password.data
            )
        except services.AccountError as error:
            db.session.commit()  # a wrong current password is counted
            attach_errors(form, error.errors)
        else:
            db.session.commit()
            sessions.start(user, remember=sessions.had_remember_cookie())
            flash(
                _(
                    "Kata sandi Anda sudah diubah. Semua sesi lain, di perangkat "
                    "mana pun, sudah diakhiri."
                ),
                "success",
            )
            return redirect(url_for("profiles.show", user_id=user.id))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/change_password.html", form=form), status

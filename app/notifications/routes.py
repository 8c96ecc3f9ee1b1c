"""Email settings (signed in) and the one-click unsubscribe page (signed link)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import csrf, db
from app.models import User
from app.notifications import bp, settings, unsubscribe
from app.notifications.forms import SettingsForm
from app.policy import Ability, require


def _settings_page(form: SettingsForm, status: int = 200) -> tuple[str, int]:
    page = render_template(
        "notifications/settings.html",
        form=form,
        topics=settings.TOPICS,
        explanations=settings.TOPIC_EXPLANATIONS,
        anchor=settings.topic_anchor,
    )
    return page, status


# Endpoint "notifications.settings"; the function's name avoids shadowing
# the settings module.
@bp.route("/pengaturan/notifikasi", methods=["GET", "POST"], endpoint="settings")
@require(Ability.MANAGE_NOTIFICATIONS)
def settings_page() -> ResponseReturnValue:
    """One choice per topic; a refused form keeps every choice the user made."""
    user = db.session.get(User, current_user.id)
    current = settings.frequencies(user)
    form = SettingsForm(
        data={topic.value: frequency.value for topic, frequency in current.items()}
    )
    if not form.is_submitted():
        return _settings_page(form)
    if not form.validate():
        return _settings_page(form, 400)
    settings.set_frequencies(user, form.choices())
    db.session.commit()
    flash(_("Pengaturan email notifikasi sudah disimpan."), "success")
    return redirect(url_for("notifications.settings"))


def _token_error_page(error: unsubscribe.TokenError) -> tuple[str, int]:
    if error.expired:
        message = _(
            "Tautan berhenti berlangganan ini sudah kedaluwarsa. Masuk lalu atur "
            "email notifikasi Anda di halaman pengaturan."
        )
    else:
        message = _(
            "Tautan berhenti berlangganan ini tidak sah atau tidak lengkap. Salin "
            "tautan dari email Anda secara utuh, atau masuk lalu atur email "
            "notifikasi Anda di halaman pengaturan."
        )
    page = render_template("notifications/unsubscribe_error.html", message=message)
    return page, 400


# Exempt from CSRF: mail clients send RFC 8058 one-click unsubscribe as a bare
# POST (body "List-Unsubscribe=One-Click") without any CSRF token, and the
# person may not be signed in at all. The signed token in the URL is the
# authority; it can only set its own user's topics to "never".
@csrf.exempt
@bp.route("/berhenti/<token>", methods=["GET", "POST"], endpoint="unsubscribe")
def unsubscribe_page(token: str) -> ResponseReturnValue:
    """GET asks, POST acts.

    GET must not change anything: mail security scanners and link previews
    fetch every link in an email, and a GET that unsubscribed would turn
    people's emails off without them ever clicking. So GET shows the topic
    and one button; only the POST (the button, or the mail client's
    one-click request) sets the topic to "never".

    :raise 400: the token is forged, tampered with, expired or names nobody.
    """
    try:
        request_ = unsubscribe.read_token(token)
    except unsubscribe.TokenError as error:
        return _token_error_page(error)
    labels = [str(settings.TOPIC_LABELS[t]) for t in request_.topics]
    if request.method == "GET":
        return render_template(
            "notifications/unsubscribe.html", topics=labels, token=token
        )
    unsubscribe.apply(request_)
    db.session.commit()
    return render_template("notifications/unsubscribed.html", topics=labels)

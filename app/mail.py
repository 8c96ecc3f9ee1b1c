"""Email over SMTP (stdlib ``smtplib``), or into the app log in development.

``MAIL_BACKEND`` picks the transport: ``smtp`` (production's default) or
``log`` (development's: the whole message is written to the app log, so
``make run`` needs no mail server). Links in messages are absolute, built from
``BASE_URL`` (see :func:`absolute_url`): a command run from cron has no
request to take a host name from.

A :class:`Mailer` keeps one SMTP connection for a whole send run and opens a
new one after a failure. Every failure is raised as :class:`MailError`, whose
text is what the caller records (``FollowUp.email_error``,
``Notification.mail_error``, ``Digest.email_error``).

Shared by follow-ups and notifications (``app/notifications``); every message
they send carries its one-click unsubscribe link in ``headers`` (RFC 8058).
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from flask import current_app

BACKENDS = ("smtp", "log")


class MailError(Exception):
    """The message could not be handed to the mail server; ``str()`` says why."""


class MailConfigError(MailError):
    """The settings cannot work (unknown backend, no ``BASE_URL``, ...)."""


# Headers a caller may not set: build_message writes these itself.
RESERVED_HEADERS = frozenset({"from", "to", "subject", "message-id"})


@dataclass(frozen=True)
class Mail:
    """One message: a plain-text body and an HTML alternative.

    ``headers`` adds more, e.g. RFC 8058 one-click unsubscribe::

        {"List-Unsubscribe": "<https://.../berhenti/TOKEN>",
         "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    """

    to: str
    subject: str
    text: str
    html: str
    to_name: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 2369 + RFC 8058 headers: mail clients show an "unsubscribe" button
    that POSTs ``List-Unsubscribe=One-Click`` to ``url`` (an https URL)."""
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def absolute_url(endpoint: str, **values: Any) -> str:
    """``BASE_URL`` + the route's path, e.g. ``https://lumbung.go.id/tindak-lanjut/5``.

    :raise MailConfigError: ``BASE_URL`` is empty (production must set it).
    """
    base = (current_app.config.get("BASE_URL") or "").strip()
    if not base:
        raise MailConfigError("BASE_URL is not set: email links need it.")
    parts = urlsplit(base)
    adapter = current_app.url_map.bind(
        parts.netloc,
        script_name=parts.path.rstrip("/") or "/",
        url_scheme=parts.scheme or "https",
    )
    return adapter.build(endpoint, values, force_external=True)


def recipient_locale(user: Any) -> str:
    """The user's own language setting, or the default (Indonesian).

    Emails are rendered inside ``flask_babel.force_locale(...)`` of this: a
    command run from cron has no request whose language could apply.
    """
    if user.locale in current_app.config["LANGUAGES"]:
        return str(user.locale)
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def build_message(mail: Mail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = formataddr((mail.to_name, mail.to)) if mail.to_name else mail.to
    message["Subject"] = mail.subject
    domain = sender.rpartition("@")[2].strip("> ") or None
    message["Message-ID"] = make_msgid(domain=domain)
    for name, value in mail.headers.items():
        if name.lower() in RESERVED_HEADERS:
            raise MailConfigError(f"{name} is set by the mailer, not by headers.")
        message[name] = value
    message.set_content(mail.text)
    message.add_alternative(mail.html, subtype="html")
    return message


class Mailer:
    """Sends :class:`Mail`; use as a context manager so the connection closes."""

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        self.config = config if config is not None else current_app.config
        self.backend = str(self.config.get("MAIL_BACKEND") or "log").lower()
        if self.backend not in BACKENDS:
            raise MailConfigError(
                f"MAIL_BACKEND must be one of {', '.join(BACKENDS)}, "
                f"not {self.backend!r}."
            )
        self.sender = self.config.get("MAIL_DEFAULT_SENDER") or ""
        if self.backend == "smtp" and not self.sender:
            raise MailConfigError("MAIL_DEFAULT_SENDER is not set.")
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self.close()

    def send(self, mail: Mail) -> None:
        """Hand ``mail`` over to the server (or the log).

        :raise MailError: connecting, logging in or sending failed.
        """
        message = build_message(mail, self.sender or "lumbung@localhost")
        if self.backend == "log":
            # Readable, not the quoted-printable MIME: a developer reads this.
            headers = "".join(
                f"{name}: {message[name]}\n"
                for name in ("From", "To", "Subject", *mail.headers)
            )
            current_app.logger.info(
                "Email (MAIL_BACKEND=log; HTML alternative not shown):\n%s\n%s",
                headers,
                mail.text,
            )
            return
        try:
            self._connection().send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            self.close()  # the next message starts on a fresh connection
            raise MailError(_describe(error)) from error

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            self._smtp = self._connect()
        return self._smtp

    def _connect(self) -> smtplib.SMTP:
        host = self.config.get("MAIL_SERVER") or "localhost"
        port = int(self.config.get("MAIL_PORT") or 0)
        timeout = float(self.config.get("MAIL_TIMEOUT") or 30)
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if self.config.get("MAIL_USE_SSL"):
            smtp = smtplib.SMTP_SSL(host, port or 465, timeout=timeout, context=context)
        else:
            smtp = smtplib.SMTP(host, port or 25, timeout=timeout)
        try:
            if self.config.get("MAIL_USE_TLS") and not self.config.get("MAIL_USE_SSL"):
                smtp.starttls(context=context)
            username = self.config.get("MAIL_USERNAME")
            if username:
                smtp.login(username, self.config.get("MAIL_PASSWORD") or "")
        except BaseException:
            _quietly_close(smtp)
            raise
        return smtp

    def close(self) -> None:
        if self._smtp is not None:
            smtp, self._smtp = self._smtp, None
            _quietly_close(smtp)


def _quietly_close(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()


def _describe(error: BaseException) -> str:
    """A one-line reason for the record, without the password or a traceback."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = ", ".join(
            f"{address}: {code}" for address, (code, _msg) in error.recipients.items()
        )
        return f"SMTP refused the recipient ({codes})"
    if isinstance(error, smtplib.SMTPResponseException):
        detail = error.smtp_error
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        return f"SMTP {error.smtp_code}: {detail}"[:500]
    return f"{type(error).__name__}: {error}"[:500]

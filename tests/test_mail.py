"""Email: SMTP to a real local server, the development log, and absolute links."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from app.mail import (
    Mail,
    MailConfigError,
    Mailer,
    MailError,
    absolute_url,
    unsubscribe_headers,
)
from tests.mailbox import body_html, body_text, free_port, running_mailbox

MAIL = Mail(
    to="sri@medan.go.id",
    to_name="Sri Nasution",
    subject="Tindak lanjut «Pelatihan Manajemen Krisis»",
    text="Isi tindak lanjut: https://lumbung.example/tindak-lanjut/1",
    html='<p><a href="https://lumbung.example/tindak-lanjut/1">Isi</a></p>',
)


def smtp_config(port: int, **extra: object) -> dict[str, object]:
    return {
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": port,
        "MAIL_DEFAULT_SENDER": "Lumbung Praktik <noreply@lumbung.example>",
        "MAIL_TIMEOUT": 5,
        **extra,
    }


def test_smtp_backend_delivers_text_with_an_html_alternative(app):
    with running_mailbox() as box, Mailer(smtp_config(box.port)) as mailer:
        mailer.send(MAIL)
    [message] = box.messages
    assert box.envelopes == [("noreply@lumbung.example", ["sri@medan.go.id"])]
    assert message["To"] == "Sri Nasution <sri@medan.go.id>"
    assert message["Subject"] == MAIL.subject
    assert message["Message-ID"].endswith("@lumbung.example>")
    assert "https://lumbung.example/tindak-lanjut/1" in body_text(message)
    assert '<a href="https://lumbung.example/tindak-lanjut/1">' in body_html(message)


def test_one_connection_serves_several_messages_and_logs_in_once(app):
    with running_mailbox() as box:
        config = smtp_config(box.port, MAIL_USERNAME="lumbung", MAIL_PASSWORD="rahasia")
        with Mailer(config) as mailer:
            for _ in range(3):
                mailer.send(MAIL)
    assert len(box.messages) == 3
    assert box.logins == ["lumbung"]  # one login: the connection was reused


def test_wrong_password_is_a_mail_error_without_the_password(app):
    with running_mailbox() as box:
        config = smtp_config(box.port, MAIL_USERNAME="lumbung", MAIL_PASSWORD="salah")
        with Mailer(config) as mailer, pytest.raises(MailError) as caught:
            mailer.send(MAIL)
    assert "salah" not in str(caught.value)
    assert "535" in str(caught.value)
    assert box.messages == []


def test_unreachable_server_is_a_mail_error_saying_why(app):
    with Mailer(smtp_config(free_port())) as mailer, pytest.raises(MailError) as error:
        mailer.send(MAIL)
    assert "ConnectionRefusedError" in str(error.value)


def test_log_backend_writes_the_whole_message_to_the_app_log(app, caplog):
    with caplog.at_level(logging.INFO, logger=app.logger.name):
        Mailer({"MAIL_BACKEND": "log"}).send(MAIL)
    logged = caplog.text
    assert "To: Sri Nasution <sri@medan.go.id>" in logged
    assert "https://lumbung.example/tindak-lanjut/1" in logged


def test_extra_headers_such_as_one_click_unsubscribe_are_sent(app):
    link = "https://lumbung.example/berhenti/abc"
    mail = replace(MAIL, headers=unsubscribe_headers(link))
    with running_mailbox() as box, Mailer(smtp_config(box.port)) as mailer:
        mailer.send(mail)
    [message] = box.messages
    assert message["List-Unsubscribe"] == f"<{link}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_headers_cannot_replace_the_ones_the_mailer_writes(app):
    mail = replace(MAIL, headers={"To": "penyusup@contoh.id"})
    with Mailer(smtp_config(free_port())) as mailer, pytest.raises(MailConfigError):
        mailer.send(mail)


def test_an_unknown_backend_is_refused(app):
    with pytest.raises(MailConfigError, match="MAIL_BACKEND"):
        Mailer({"MAIL_BACKEND": "pigeon"})


def _config_values(env: dict[str, str], expression: str) -> str:
    """Evaluate in a fresh interpreter without MAIL_*/BASE_URL: config reads env."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MAIL_", "FOLLOWUP_")) and k != "BASE_URL"
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import config; print({expression})"],
        env={**clean, **env},
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_development_logs_email_and_production_sends_it_by_default():
    expression = (
        "config.DevelopmentConfig.MAIL_BACKEND, config.ProductionConfig.MAIL_BACKEND,"
        " repr(config.ProductionConfig.BASE_URL), config.Config.FOLLOWUP_DAYS"
    )
    assert _config_values({}, expression) == "log smtp '' (30, 90)"


def test_mail_and_follow_up_settings_come_from_the_environment():
    env = {
        "MAIL_BACKEND": "smtp",
        "MAIL_PORT": "587",
        "MAIL_USE_TLS": "true",
        "FOLLOWUP_DAYS": "14,60",
        "FOLLOWUP_SUSTAINED_DAYS": "365",
        "BASE_URL": "https://lumbung.medan.go.id",
    }
    expression = (
        "config.Config.MAIL_BACKEND, config.Config.MAIL_PORT,"
        " config.Config.MAIL_USE_TLS, config.Config.MAIL_USE_SSL,"
        " config.Config.FOLLOWUP_DAYS, config.Config.FOLLOWUP_SUSTAINED_DAYS,"
        " config.ProductionConfig.BASE_URL"
    )
    assert _config_values(env, expression) == (
        "smtp 587 True False (14, 60) 365 https://lumbung.medan.go.id"
    )


def test_links_are_absolute_from_base_url_even_under_a_sub_path(app):
    app.config["BASE_URL"] = "https://bkpsdm.medan.go.id/lumbung/"
    assert (
        absolute_url("followups.check_in", follow_up_id=7)
        == "https://bkpsdm.medan.go.id/lumbung/tindak-lanjut/7"
    )


def test_without_base_url_links_cannot_be_built(app):
    app.config["BASE_URL"] = ""
    with pytest.raises(MailConfigError, match="BASE_URL"):
        absolute_url("followups.mine")

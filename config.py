"""Configuration classes.

Every value that differs between machines comes from the environment, so the
same code runs as the embedded default (SQLite and files under ``instance/``)
and in production (PostgreSQL, Redis, gunicorn).
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_DIR", BASE_DIR / "instance"))


def _dev_secret_key(instance_dir: Path) -> str:
    """A key generated once and kept in ``instance/`` so sessions survive restarts."""
    path = instance_dir / "secret_key"
    if not path.exists():
        instance_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _moderation_mode() -> str:
    """``post`` (publish at once, the default) or ``pre`` (first case study held)."""
    mode = os.environ.get("MODERATION_MODE", "post").strip().lower() or "post"
    if mode not in {"post", "pre"}:
        raise RuntimeError("MODERATION_MODE must be 'post' or 'pre'.")
    return mode


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


class Config:
    INSTANCE_DIR = INSTANCE_DIR
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'lumbung.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SEARCH_INDEX_DIR = os.environ.get(
        "SEARCH_INDEX_DIR", str(INSTANCE_DIR / "search-index")
    )

    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "Asia/Jakarta"
    LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}

    BOOTSTRAP_SERVE_LOCAL = True
    WTF_CSRF_TIME_LIMIT = None  # a long draft must not die on an expired token

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Sessions (app.auth.sessions): signed out after this long without a
    # request, and this long after signing in; "Ingat saya" keeps a device
    # signed in for REMEMBER_COOKIE_DURATION from the sign-in.
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "120"))
    SESSION_MAX_HOURS = int(os.environ.get("SESSION_MAX_HOURS", "12"))
    REMEMBER_COOKIE_DURATION = timedelta(
        days=int(os.environ.get("REMEMBER_COOKIE_DAYS", "14"))
    )
    # Logs: "json" (one object per line, for collectors) or "text" (for a
    # person at a development console; `make run` uses it).
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
    # Sign-in lockout (app.auth.lockout) and password-reset links (app.auth.reset).
    LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "10"))
    LOGIN_LOCK_MINUTES = int(os.environ.get("LOGIN_LOCK_MINUTES", "10"))
    PASSWORD_RESET_MAX_AGE = int(os.environ.get("PASSWORD_RESET_MAX_AGE", "3600"))
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # Reverse proxies in front of the app (nginx: 1). Their X-Forwarded-For,
    # -Proto and -Host are believed only then: without a proxy anyone could
    # send them and pose as another address (docs/deploy.md).
    TRUST_PROXY = int(os.environ.get("TRUST_PROXY", "0"))
    # Werkzeug's limits for multipart bodies (the participant import; a
    # url-encoded body is only capped by MAX_CONTENT_LENGTH): a text part may
    # be 512 KB, well above any field we accept (a section of 20,000
    # characters is at most 80 KB; the signed copy of a 256 KB participant
    # file about 350 KB) and files go to disk; at most 200 parts, where our
    # largest form has a few dozen fields.
    MAX_FORM_MEMORY_SIZE = 512 * 1024
    MAX_FORM_PARTS = 200
    # Refuse to start on a database behind the migrations (app/schema_check.py).
    SCHEMA_CHECK = True
    HSTS_ENABLED = False  # Strict-Transport-Security: production only

    # Rate limits (app.ratelimits): Redis when several processes serve the
    # app, memory for one development process.
    REDIS_URL = os.environ.get("REDIS_URL", "")
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    RATELIMIT_STRATEGY = "moving-window"
    RATELIMIT_HEADERS_ENABLED = True
    # Several sites (staging beside production, the smoke test) can share one
    # Redis without counting each other's requests.
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "lumbung")
    # Redis unreachable: each process counts in memory (the limits still
    # hold, per worker) until it is back, instead of a 500 on every limited
    # request (tests/test_rate_limits.py).
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_LOGIN = os.environ.get("RATELIMIT_LOGIN", "30 per minute")
    RATELIMIT_REGISTER = os.environ.get("RATELIMIT_REGISTER", "20 per hour")
    RATELIMIT_PASSWORD_RESET = os.environ.get("RATELIMIT_PASSWORD_RESET", "5 per hour")
    RATELIMIT_POST = os.environ.get("RATELIMIT_POST", "20 per hour")
    RATELIMIT_COMMENT = os.environ.get("RATELIMIT_COMMENT", "30 per 10 minutes")
    RATELIMIT_FLAG = os.environ.get("RATELIMIT_FLAG", "20 per hour")
    RATELIMIT_SEARCH = os.environ.get("RATELIMIT_SEARCH", "60 per minute")
    # The writing form's live preview and tag suggestions, together: one
    # request per pause in typing at most.
    RATELIMIT_WRITING_AIDS = os.environ.get("RATELIMIT_WRITING_AIDS", "120 per minute")

    PER_PAGE = 20
    ARCHIVE_USER_EMAIL = "arsip@lumbung.local"

    # Moderation: `pre` holds an account's first case study for review; an
    # item reported by this many different users is hidden until a decision.
    MODERATION_MODE = _moderation_mode()
    FLAG_HIDE_THRESHOLD = int(os.environ.get("FLAG_HIDE_THRESHOLD", "3"))
    # Reaction scores (umpan balik) of fewer answers than this are not shown
    # to anyone but organisers and admins: a small group is identifiable.
    FEEDBACK_MIN_AGGREGATE = 5

    # Follow-ups (tindak lanjut): days after a completion for the early and
    # later check-ins, and for the sustainability check; due at 09.00 WIB.
    FOLLOWUP_DAYS = tuple(
        int(d) for d in os.environ.get("FOLLOWUP_DAYS", "30,90").split(",")
    )
    FOLLOWUP_SUSTAINED_DAYS = int(os.environ.get("FOLLOWUP_SUSTAINED_DAYS", "180"))
    # Email: "log" writes messages to the app log, "smtp" sends them.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "log")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = _env_flag("MAIL_USE_TLS")  # STARTTLS after connecting
    MAIL_USE_SSL = _env_flag("MAIL_USE_SSL")  # TLS from the start (port 465)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_DEFAULT_SENDER = os.environ.get(
        "MAIL_DEFAULT_SENDER", "Lumbung Praktik <noreply@lumbung.local>"
    )
    MAIL_TIMEOUT = 30
    # Where links in emails point: commands run from cron have no request.
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")

    @classmethod
    def secret_key(cls) -> str:
        return os.environ.get("SECRET_KEY") or _dev_secret_key(Path(cls.INSTANCE_DIR))

    @classmethod
    def rate_limit_storage(cls) -> str:
        return cls.RATELIMIT_STORAGE_URI


class DevelopmentConfig(Config):
    DEBUG = False  # `make run` is what newcomers see: no debugger on 127.0.0.1


class TestingConfig(Config):
    TESTING = True
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite:///:memory:")
    WTF_CSRF_ENABLED = False
    SERVER_NAME = "localhost"
    MODERATION_MODE = "post"  # tests switch to "pre" themselves
    # Off for the suite (700-request access matrix); tests/test_rate_limits.py
    # turns it on.
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    FLAG_HIDE_THRESHOLD = 3
    SCHEMA_CHECK = False  # the suite builds its schema with create_all

    @classmethod
    def secret_key(cls) -> str:
        return "testing-only-not-secret"


class ProductionConfig(Config):
    # Without Redis each gunicorn worker would count on its own.
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL", "") or "memory://"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
    BASE_URL = os.environ.get("BASE_URL", "")  # required to send follow-ups
    HSTS_ENABLED = True

    @classmethod
    def secret_key(cls) -> str:
        key = os.environ.get("SECRET_KEY")
        if not key:
            raise RuntimeError(
                "SECRET_KEY is not set: production refuses to start without it."
            )
        return key

    @classmethod
    def rate_limit_storage(cls) -> str:
        url = os.environ.get("REDIS_URL")
        if not url:
            raise RuntimeError(
                "REDIS_URL is not set: production refuses to start without it "
                "(every gunicorn worker must count rate limits in the same Redis)."
            )
        return url


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}

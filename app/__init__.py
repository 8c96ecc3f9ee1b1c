"""Lumbung Praktik: the application factory, built from small steps."""

from __future__ import annotations

import os

import sqlalchemy as sa
from flask import Flask

from app.search import register_search
from config import BASE_DIR, CONFIGS, Config


def create_app(config_class: type[Config] | str | None = None) -> Flask:
    """Build an app; ``config_class`` defaults to ``$APP_ENV`` (development)."""
    if config_class is None or isinstance(config_class, str):
        config_class = CONFIGS[config_class or os.environ.get("APP_ENV", "development")]
    app = Flask(__name__, instance_path=str(config_class.INSTANCE_DIR))
    app.config.from_object(config_class)
    app.config["SECRET_KEY"] = config_class.secret_key()
    app.config["RATELIMIT_STORAGE_URI"] = config_class.rate_limit_storage()
    os.makedirs(app.instance_path, exist_ok=True)
    configure_proxy(app)
    configure_logging(app)
    register_request_hooks(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    register_search(app)
    check_schema(app)
    return app


def register_request_hooks(app: Flask) -> None:
    """Cleaned input, request ids, security headers, one log line per request."""
    from app import http_headers, request_ids, request_input, request_log

    request_input.register(app)
    request_ids.register(app)
    http_headers.register(app)
    request_log.register(app)


def check_schema(app: Flask) -> None:
    """Refuse to start when the database is behind ``migrations/``."""
    from app.schema_check import ensure_schema_current, should_check

    if should_check(app):
        ensure_schema_current(app, BASE_DIR / "migrations")


def configure_proxy(app: Flask) -> None:
    """Behind ``TRUST_PROXY`` reverse proxies, take the client's address and
    scheme from their X-Forwarded-* headers: rate limits and logs need the
    real address, Secure cookies and redirects the real ``https``."""
    hops = int(app.config.get("TRUST_PROXY") or 0)
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_extensions(app: Flask) -> None:
    from app.extensions import babel, bootstrap, csrf, db, limiter, login, migrate
    from app.i18n import select_locale

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        _configure_sqlite(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"))
    login.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    bootstrap.init_app(app)
    limiter.init_app(app)
    from app.auth import loader  # noqa: F401  (registers the user loader)


def _configure_sqlite(app: Flask) -> None:
    """WAL and a busy timeout so readers never block the writer."""
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
    options.setdefault("connect_args", {"timeout": 15})
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    if not sa.event.contains(sa.engine.Engine, "connect", _sqlite_pragmas):
        sa.event.listen(sa.engine.Engine, "connect", _sqlite_pragmas)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()


def register_blueprints(app: Flask) -> None:
    from app.admin import bp as admin_bp
    from app.api import bp as api_bp
    from app.auth import bp as auth_bp
    from app.community import bp as community_bp
    from app.main import bp as main_bp
    from app.moderation import bp as moderation_bp
    from app.practices import bp as practices_bp
    from app.profiles import bp as profiles_bp
    from app.search.routes import bp as search_bp

    for blueprint in (main_bp, auth_bp, practices_bp, community_bp, profiles_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(search_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(moderation_bp)
    from app.followups import bp as followups_bp

    app.register_blueprint(followups_bp)
    from app.programmes import bp as programmes_bp

    app.register_blueprint(programmes_bp)
    from app.evaluation import bp as evaluation_bp

    app.register_blueprint(evaluation_bp)
    from app.notifications import bp as notifications_bp

    app.register_blueprint(notifications_bp)


def register_errorhandlers(app: Flask) -> None:
    from app.main.errors import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from app.i18n import current_language, long_date, wib_datetime
    from app.policy import Ability, can
    from app.submissions import new_token

    app.jinja_env.filters["wib"] = wib_datetime
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.globals.update(
        can=can, Ability=Ability, current_language=current_language
    )
    app.jinja_env.globals["form_token"] = new_token


def register_commands(app: Flask) -> None:
    from app.cli import register

    register(app)


def configure_logging(app: Flask) -> None:
    from app.logs import configure_logging as configure

    configure(app)

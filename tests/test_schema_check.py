"""The app refuses to start on a database behind the migrations, and says what to run.

Databases come from conftest's ``empty_database_url``: a
SQLite file, or a database of its own on PostgreSQL runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask.cli import FlaskGroup
from flask_migrate import upgrade

from app import create_app
from app.extensions import db
from app.schema_check import SchemaOutOfDate, _first_argument
from config import BASE_DIR, ProductionConfig, TestingConfig

MIGRATIONS = BASE_DIR / "migrations"
HEAD = ScriptDirectory(str(MIGRATIONS)).get_current_head()
PREVIOUS = ScriptDirectory(str(MIGRATIONS)).get_revision(HEAD).down_revision


def _config(url: str, tmp_path: Path, *, check: bool) -> type:
    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = url
        INSTANCE_DIR = tmp_path / "instance"
        SCHEMA_CHECK = check

    return Config


def _migrate(url: str, tmp_path: Path, revision: str) -> None:
    """What ``flask db upgrade <revision>`` does (the check is off for it)."""
    app = create_app(_config(url, tmp_path, check=False))
    with app.app_context():
        upgrade(directory=str(MIGRATIONS), revision=revision)
        db.session.remove()
        db.engine.dispose()


def test_a_database_one_migration_behind_is_refused_until_upgraded(
    empty_database_url,
    tmp_path,
):
    _migrate(empty_database_url, tmp_path, PREVIOUS)
    checked = _config(empty_database_url, tmp_path, check=True)
    with pytest.raises(SchemaOutOfDate) as refused:
        create_app(checked)
    message = str(refused.value)
    assert "behind" in message and "`flask db upgrade`" in message
    assert PREVIOUS in message and HEAD in message
    assert isinstance(refused.value, RuntimeError)

    _migrate(empty_database_url, tmp_path, "head")
    app = create_app(checked)
    assert app.config["SCHEMA_CHECK"] is True


def test_an_empty_database_is_behind_too(empty_database_url, tmp_path):
    with pytest.raises(SchemaOutOfDate, match="no schema yet.*`flask db upgrade`"):
        create_app(_config(empty_database_url, tmp_path, check=True))


def test_production_checks_without_being_asked(
    empty_database_url,
    tmp_path,
    monkeypatch,
):
    monkeypatch.setenv("SECRET_KEY", "a-long-secret-from-the-vault")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/15")

    class Production(ProductionConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url
        INSTANCE_DIR = tmp_path / "instance"

    _migrate(empty_database_url, tmp_path, PREVIOUS)
    with pytest.raises(RuntimeError, match="flask db upgrade"):
        create_app(Production)


def test_a_database_migrated_by_newer_code_is_refused(
    empty_database_url,
    tmp_path,
):
    _migrate(empty_database_url, tmp_path, "head")
    engine = sa.create_engine(empty_database_url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = 'fff999'"))
    engine.dispose()
    with pytest.raises(SchemaOutOfDate, match="fff999.*newer release"):
        create_app(_config(empty_database_url, tmp_path, check=True))


def test_a_database_that_does_not_answer_is_refused_with_a_clear_message(tmp_path):
    url = f"sqlite:///{tmp_path}/tidak/ada/db.sqlite3"
    with pytest.raises(SchemaOutOfDate, match="did not answer.*DATABASE_URL"):
        create_app(_config(url, tmp_path, check=True))


def test_testing_config_does_not_check(empty_database_url, tmp_path):
    create_app(_config(empty_database_url, tmp_path, check=False))
    assert TestingConfig.SCHEMA_CHECK is False


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["db", "upgrade"], "db"),
        (["--app", "app", "db", "upgrade"], "db"),
        (["-A", "app:create_app()", "--debug", "search", "sync"], "search"),
        (["--app=app", "backup", "create", "x"], "backup"),
        (["-e", ".env", "run", "--port", "5000"], "run"),
        (["--help"], ""),
        ([], ""),
    ],
)
def test_the_command_name_is_read_past_the_root_options(argv, command):
    assert _first_argument(FlaskGroup(), argv) == command


def _flask(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_flask_db_upgrade_runs_on_a_behind_database_and_other_commands_wait(
    empty_database_url,
    tmp_path,
):
    """The real command line: development config, checked at start."""
    _migrate(empty_database_url, tmp_path, PREVIOUS)
    env = {
        **{k: v for k, v in os.environ.items() if k != "TEST_DATABASE_URL"},
        "APP_ENV": "development",
        "DATABASE_URL": empty_database_url,
        "INSTANCE_DIR": str(tmp_path / "instance"),
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
    }
    refused = _flask(["search", "check"], env)  # an app command
    assert refused.returncode != 0
    assert "`flask db upgrade`" in refused.stderr
    builtin = _flask(["routes"], env)  # a built-in command
    assert builtin.returncode != 0 and "`flask db upgrade`" in builtin.stderr
    assert _flask(["--help"], env).returncode == 0

    upgraded = _flask(["db", "upgrade"], env)
    assert upgraded.returncode == 0, upgraded.stderr

    checked = _flask(["search", "check"], env)
    assert checked.returncode == 0, checked.stderr

"""Refuse to start on a database the code does not match.

A server started before ``flask db upgrade`` would answer with 500s on the
first query that touches a new column; a clear refusal at start-up, naming
the command to run, is kinder to the operator and to users. An empty
database (no ``alembic_version`` table) is behind too.

The check runs in ``create_app`` unless:

* ``SCHEMA_CHECK`` is false (``TestingConfig``: the suite builds its schema
  with ``create_all``), or
* the process is ``flask db …`` (it exists to fix exactly this) or
  ``flask backup …`` (a backup is what one takes *before* upgrading; a
  restore starts from an empty database), or ``flask`` with no command
  (``--help``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from flask import Flask

from app.extensions import db

# Top-level `flask` commands that run on a database whatever its revision.
EXEMPT_COMMANDS = frozenset({"db", "backup"})


class SchemaOutOfDate(RuntimeError):
    """The database is not at the code's latest migration."""


def should_check(app: Flask) -> bool:
    wanted = app.config.get("SCHEMA_CHECK")
    if wanted is None:
        wanted = not app.testing
    if not wanted:
        return False
    command = cli_command()
    return command is None or (command != "" and command not in EXEMPT_COMMANDS)


def cli_command() -> str | None:
    """The top-level ``flask`` command this process runs (``"db"``, ``"run"``);
    ``""`` when it names none; None outside the ``flask`` command line
    (gunicorn, ``wsgi.py``).

    Built-in commands (``run``, ``shell``) load the app inside their own
    click context, whose parents name them. Commands the app registers
    (``db``, ``search``, ``demo``) are looked up *by loading the app*, while
    click's root context has already handed over the remaining arguments, so
    there the name is read from ``sys.argv``, skipping the root's options.
    """
    context = click.get_current_context(silent=True)
    if context is None:
        return None
    names = []
    while context.parent is not None:
        names.append(context.info_name or "")
        context = context.parent
    if names:
        return names[-1]
    return _first_argument(context.command, sys.argv[1:])


def _first_argument(command: click.Command, argv: list[str]) -> str:
    takes_value = {
        name
        for param in command.params
        if isinstance(param, click.Option) and not param.is_flag and not param.count
        for name in param.opts
    }
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word.startswith("-"):
            skip = word in takes_value  # "--app x" (but not "--app=x")
        else:
            return word
    return ""


def ensure_schema_current(app: Flask, migrations: Path) -> None:
    """:raise SchemaOutOfDate: the database is behind (or ahead of) ``migrations``."""
    heads = set(ScriptDirectory(str(migrations)).get_heads())
    with app.app_context():
        try:
            with db.engine.connect() as connection:
                current = set(
                    MigrationContext.configure(connection).get_current_heads()
                )
        except sa.exc.SQLAlchemyError as error:
            raise SchemaOutOfDate(
                "Cannot check the database schema: the database did not answer "
                f"({type(error).__name__}). Check DATABASE_URL and that the "
                "database server is running."
            ) from error
        finally:
            # gunicorn --preload forks after this: no pooled connection may
            # be shared with the workers.
            db.engine.dispose()
    if current == heads:
        return
    raise SchemaOutOfDate(_message(migrations, current, heads))


def _message(migrations: Path, current: set[str], heads: set[str]) -> str:
    expected = ", ".join(sorted(heads))
    if not current:
        return (
            "The database has no schema yet (no alembic_version): run "
            "`flask db upgrade` before starting the app "
            f"(expected revision {expected})."
        )
    found = ", ".join(sorted(current))
    script = ScriptDirectory(str(migrations))
    try:
        for revision in current:
            script.get_revision(revision)
    except CommandError:
        return (
            f"The database is at revision {found}, which this code does not know: "
            "it was migrated by a newer release. Deploy that release, or downgrade "
            "the database with the newer code's `flask db downgrade`."
        )
    return (
        f"The database schema is behind the code (database at {found}, code "
        f"expects {expected}): run `flask db upgrade` before starting the app."
    )

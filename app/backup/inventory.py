"""What a database holds: its tables, their row counts and its revision.

A backup records these in its manifest; a restore uses them twice: to refuse
a target that already holds data, and to prove afterwards that every table
came back whole. Tables are read from the database itself, not the models,
so ``alembic_version`` and anything a newer migration added are included.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from flask import current_app

# Bookkeeping, not data: a migrated but empty database still counts as empty.
NOT_DATA = frozenset({"alembic_version"})


def table_names(connection: sa.Connection) -> list[str]:
    return sorted(sa.inspect(connection).get_table_names())


def row_counts(
    connection: sa.Connection, on_table: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Rows in every table, by name; ``on_table`` is told after each one."""
    counts: dict[str, int] = {}
    for name in table_names(connection):
        query = sa.select(sa.func.count()).select_from(sa.table(name))
        counts[name] = connection.scalar(query) or 0
        if on_table is not None:
            on_table(name)
    return counts


def tables_with_data(connection: sa.Connection) -> list[str]:
    """The tables (bookkeeping aside) that hold at least one row."""
    found = []
    for name in table_names(connection):
        if name in NOT_DATA:
            continue
        query = sa.select(sa.literal(1)).select_from(sa.table(name)).limit(1)
        if connection.scalar(query) is not None:
            found.append(name)
    return found


def revision(connection: sa.Connection) -> str | None:
    """The migration the database is at (None: never migrated)."""
    if "alembic_version" not in table_names(connection):
        return None
    query = sa.select(sa.column("version_num")).select_from(sa.table("alembic_version"))
    return connection.scalar(query)


def latest_revision() -> str | None:
    """The newest migration this code ships (the head of ``migrations/``)."""
    from alembic.script import ScriptDirectory

    directory = current_app.extensions["migrate"].directory
    return ScriptDirectory(directory).get_current_head()


def differences(expected: dict[str, int], found: dict[str, int]) -> list[str]:
    """``table: expected → found`` for every table whose count differs."""
    names = sorted(set(expected) | set(found))
    return [
        f"{name}: {expected.get(name, '-')} → {found.get(name, '-')}"
        for name in names
        if expected.get(name) != found.get(name)
    ]

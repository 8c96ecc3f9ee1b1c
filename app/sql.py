"""Small SQL helpers for what SQLite and PostgreSQL spell differently."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db


def is_postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def dialect_insert(table: Any) -> Any:
    """``INSERT`` with ``on_conflict_do_nothing``/``_update`` for this database.

    Both dialects spell the conflict clause the same way; the generic
    ``sa.insert`` has none.
    """
    return (postgresql.insert if is_postgres() else sqlite.insert)(table)

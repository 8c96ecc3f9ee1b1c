"""Migrations build the schema from nothing and take it away again.

They run on the suite's database engine:
the SQLite run checks SQLite (batch mode); the PostgreSQL run (``TEST_DATABASE_URL``)
checks PostgreSQL in a database of its own, created and dropped here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app import create_app
from app.extensions import db
from config import TestingConfig
from tests.conftest import is_postgres


@pytest.fixture
def empty_database_url(tmp_path: Path, config_class) -> Iterator[str]:  # noqa: ANN001
    if not is_postgres():
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    server = sa.make_url(config_class.SQLALCHEMY_DATABASE_URI)
    name = f"lumbung_migrations_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def empty_app(empty_database_url: str, tmp_path: Path):  # noqa: ANN201
    class EmptyDatabaseConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url
        INSTANCE_DIR = tmp_path / "instance"

    app = create_app(EmptyDatabaseConfig)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def _tables() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names())


def test_upgrade_to_head_creates_every_table_and_downgrade_to_base_removes_them(
    empty_app,  # noqa: ANN001
):
    assert _tables() == set()

    upgrade()
    assert _tables() == set(db.metadata.tables) | {"alembic_version"}

    downgrade(revision="base")
    assert _tables() == {"alembic_version"}


def test_models_and_migrations_agree(empty_app):  # noqa: ANN001
    """A model change without its migration fails here, before it fails a deploy."""
    upgrade()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []

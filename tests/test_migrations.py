"""Migrations build the schema from nothing and take it away again.

They run on the suite's database engine:
the SQLite run checks SQLite (batch mode); the PostgreSQL run (``TEST_DATABASE_URL``)
checks PostgreSQL in a database of its own, created and dropped here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app import create_app
from app.extensions import db
from config import TestingConfig


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


FIRST_REVISION = "bad62a147ea0"


def test_upgrading_a_database_that_already_holds_data_keeps_it(empty_app):  # noqa: ANN001
    """Columns added later get defaults for existing rows, on both engines."""
    upgrade(revision=FIRST_REVISION)
    now = "2026-01-05 03:00:00+00:00"
    with db.engine.begin() as connection:
        for statement in (
            "INSERT INTO agency (id, name, slug, created_at)"
            " VALUES (1, 'Dinas Kesehatan', 'dinas-kesehatan', :now)",
            "INSERT INTO program (id, name, slug, description, created_at)"
            " VALUES (1, 'Pelatihan Manajemen Krisis', 'manajemen-krisis', '', :now)",
            "INSERT INTO user_account (id, name, email, position, role,"
            " password_hash, active, agency_id, created_at) VALUES (1, 'Sri',"
            " 'sri@medan.go.id', '', 'anggota', 'x', true, 1, :now)",
            "INSERT INTO case_study (id, title, slug, summary, situation_md,"
            " action_md, result_md, lessons_md, situation_html, action_html,"
            " result_html, lessons_html, result_metric, result_unit, status,"
            " author_id, program_id, agency_id, created_at, updated_at)"
            " VALUES (1, 'Posko', 'posko', 'Ringkas', '', '', '', '', '', '', '',"
            " '', '', '', 'published', 1, 1, 1, :now, :now)",
            "INSERT INTO comment (id, case_study_id, author_id, body_md, body_html,"
            " created_at) VALUES (1, 1, 1, 'Bagus', '<p>Bagus</p>', :now)",
            "INSERT INTO notification (id, user_id, kind, case_study_id, created_at)"
            " VALUES (1, 1, 'comment', 1, :now)",
        ):
            connection.execute(sa.text(statement), {"now": now})

    upgrade()

    with db.engine.connect() as connection:
        case_study = connection.execute(
            sa.text(
                "SELECT title, featured_note, hidden_reason, comments_locked"
                " FROM case_study"
            )
        ).one()
        comment = connection.execute(sa.text("SELECT hidden_reason FROM comment")).one()
        message = connection.execute(sa.text("SELECT message FROM notification")).one()
    assert tuple(case_study) == ("Posko", "", "", False)
    assert comment.hidden_reason == "" and message.message == ""

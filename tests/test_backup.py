"""``flask backup create`` and ``flask backup restore``: every row comes back.

Each test builds whole instances of its own (a database migrated with
``flask db upgrade``, an instance folder, a search index), on the suite's
engine: SQLite files in the SQLite run, scratch databases created and dropped
here in the PostgreSQL run (``TEST_DATABASE_URL``). The content fingerprint
below is computed independently of the backup code: raw rows, in primary-key
order, hashed per table.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import tarfile
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import Result
from flask import Flask
from whoosh import index as whoosh_index

from app import create_app
from app.backup import pg_backup
from app.backup.archive import Manifest, read_manifest, write_archive
from app.backup.inventory import latest_revision
from app.backup.services import prune
from app.extensions import db
from app.models import Agency, Program
from app.search.check import compare
from app.search.folders import current_folder
from app.search.indexer import index_root
from app.search.rebuild import count_published
from config import TestingConfig
from tests.conftest import is_postgres, scratch_database

Fingerprint = dict[str, tuple[int, str]]


class Instances:
    """Apps on databases of their own (no tables yet), removed by ``close``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.apps: list[Flask] = []
        self.databases = ExitStack()

    def make(self, name: str) -> Flask:
        uri = self.databases.enter_context(
            scratch_database(self.folder / f"{name}.sqlite3", "lumbung_backup")
        )

        class InstanceConfig(TestingConfig):
            SQLALCHEMY_DATABASE_URI = uri
            INSTANCE_DIR = self.folder / name
            SEARCH_INDEX_DIR = str(self.folder / name / "search-index")

        app = create_app(InstanceConfig)
        self.apps.append(app)
        return app

    def close(self) -> None:
        for app in self.apps:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
        self.databases.close()


@pytest.fixture
def new_instance(tmp_path: Path) -> Iterator[Callable[[str], Flask]]:
    """``new_instance(name)``: an app on a database of its own with no tables."""
    instances = Instances(tmp_path)
    yield instances.make
    instances.close()


def flask(app: Flask, *args: str) -> Result:
    """``flask ARGS`` against ``app``, in process; an uncaught exception (a
    traceback for the operator) fails the test instead of becoming a result."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args), catch_exceptions=False)


def ok(app: Flask, *args: str) -> str:
    result = flask(app, *args)
    assert result.exit_code == 0, result.output
    return result.output


def refused(app: Flask, *args: str) -> str:
    result = flask(app, *args)
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    return result.output


@dataclass
class DemoBackup:
    app: Flask  # migrated, demo data loaded and indexed; never changed
    before: Fingerprint  # of app's database
    published: int  # case studies
    path: Path  # its backup
    output: str  # of `flask backup create`


@pytest.fixture(scope="module")
def demo_backup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoBackup]:
    """One instance with the demo data, and its backup, for the whole module."""
    folder = tmp_path_factory.mktemp("demo-backup")
    instances = Instances(folder)
    app = instances.make("demo")
    ok(app, "db", "upgrade")
    ok(app, "demo", "load")
    with app.app_context():
        published = count_published()
    before = fingerprint(app)
    path = folder / "demo.lpbackup"
    output = ok(app, "backup", "create", str(path))
    yield DemoBackup(app, before, published, path, output)
    instances.close()


@pytest.fixture
def demo_instance(demo_backup: DemoBackup, new_instance) -> Flask:
    """An instance of its own holding the demo data (restored), to change."""
    app = new_instance("copy")
    ok(app, "backup", "restore", str(demo_backup.path))
    return app


# -- an independent fingerprint of the content ------------------------------


def fingerprint(app: Flask) -> Fingerprint:
    """Every table's row count and SHA-256 of its rows (primary-key order)."""
    with app.app_context(), db.engine.connect() as connection:
        inspector = sa.inspect(connection)
        return {
            name: _table_fingerprint(connection, inspector, name)
            for name in inspector.get_table_names()
        }


def _table_fingerprint(
    connection: sa.Connection, inspector: sa.Inspector, name: str
) -> tuple[int, str]:
    columns = [column["name"] for column in inspector.get_columns(name)]
    key = inspector.get_pk_constraint(name)["constrained_columns"] or columns
    # Untyped columns: the driver's raw values, no SQLAlchemy conversion.
    table = sa.table(name, *(sa.column(column) for column in columns))
    digest = hashlib.sha256()
    rows = 0
    query = sa.select(table).order_by(*(table.c[k] for k in key))
    for row in connection.execute(query):
        line = json.dumps(dict(zip(columns, map(_plain, row), strict=True)))
        digest.update(line.encode() + b"\n")
        rows += 1
    return rows, digest.hexdigest()


def _plain(value: Any) -> Any:
    """One spelling per value: timestamps in UTC, exact decimals, exact floats."""
    if isinstance(value, datetime):
        return (value.astimezone(UTC) if value.tzinfo else value).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, float):
        return float.hex(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def indexed_documents(app: Flask) -> int:
    with app.app_context():
        folder = current_folder(index_root())
        assert folder is not None
        ix = whoosh_index.open_dir(str(folder))
        try:
            return ix.doc_count()
        finally:
            ix.close()


# -- the round trip ---------------------------------------------------------


@pytest.mark.parametrize("target_state", ["blank", "migrated"])
def test_backup_and_restore_round_trip_keeps_every_row_of_every_table(
    demo_backup: DemoBackup, new_instance, target_state: str
) -> None:
    before = demo_backup.before
    with demo_backup.app.app_context():
        models = set(db.metadata.tables)
    assert set(before) == models | {"alembic_version"}
    assert sum(1 for rows, _ in before.values() if rows) >= 20  # demo fills most
    assert demo_backup.published > 30
    rows = sum(count for count, _ in before.values())
    assert f"{len(before)} tabel, {rows} baris" in demo_backup.output
    assert demo_backup.path.stat().st_mode & 0o077 == 0  # personal data: owner only

    target = new_instance("restored")
    if target_state == "migrated":
        ok(target, "db", "upgrade")
    restored = ok(target, "backup", "restore", "--reindex", str(demo_backup.path))
    assert f"{len(before)} tabel, {rows} baris, semuanya cocok" in restored
    assert "flask db upgrade" not in restored  # same revision as the code

    assert fingerprint(target) == before  # every table: same count, same content
    with target.app_context():
        assert count_published() == demo_backup.published
        assert compare().in_agreement
    assert indexed_documents(target) == demo_backup.published


def test_restore_carries_the_migration_revision(
    demo_backup: DemoBackup, new_instance
) -> None:
    target = new_instance("restored")
    ok(target, "backup", "restore", str(demo_backup.path))
    with target.app_context(), db.engine.connect() as connection:
        revision = connection.scalar(sa.text("SELECT version_num FROM alembic_version"))
        latest = latest_revision()
    assert revision == read_manifest(demo_backup.path).revision == latest


def test_restore_without_reindex_says_to_rebuild_the_index(
    demo_backup: DemoBackup, new_instance
) -> None:
    output = ok(new_instance("restored"), "backup", "restore", str(demo_backup.path))
    assert "flask search reindex" in output


# -- refusals ---------------------------------------------------------------


def test_restore_refuses_a_database_that_already_holds_data(
    demo_backup: DemoBackup, demo_instance: Flask
) -> None:
    with demo_instance.app_context():
        db.session.add(Agency(name="Dinas Baru", slug="dinas-baru"))
        db.session.commit()
    before = fingerprint(demo_instance)

    output = refused(demo_instance, "backup", "restore", str(demo_backup.path))

    assert "sudah berisi data" in output
    assert "--overwrite" in output
    assert fingerprint(demo_instance) == before  # nothing touched


def test_overwrite_replaces_existing_data_with_the_backup(
    demo_backup: DemoBackup, demo_instance: Flask
) -> None:
    with demo_instance.app_context():
        db.session.add(Agency(name="Dinas Baru", slug="dinas-baru"))
        db.session.commit()
    assert fingerprint(demo_instance) != demo_backup.before

    path = str(demo_backup.path)
    ok(demo_instance, "backup", "restore", "--overwrite", path)

    assert fingerprint(demo_instance) == demo_backup.before


def test_missing_backup_file_is_a_clear_error(
    new_instance,
    tmp_path: Path,
) -> None:
    output = refused(new_instance("target"), "backup", "restore", str(tmp_path / "x"))
    assert "tidak ditemukan" in output


def _damaged_copies(path: Path, folder: Path) -> dict[str, Path]:
    """The backup at ``path`` spoiled three ways."""
    raw = path.read_bytes()
    with tarfile.open(path) as tar:
        member = tar.getmember(read_manifest(path).payload_name)
    middle = member.offset_data + member.size // 2
    copies = {
        "not-a-backup": b"PGDMP this is no backup at all" * 100,
        "truncated": raw[:middle],
        # One byte of the database copy changed: only its digest tells.
        "altered": raw[:middle] + bytes([raw[middle] ^ 0xFF]) + raw[middle + 1 :],
    }
    paths = {}
    for name, content in copies.items():
        paths[name] = folder / f"{name}.lpbackup"
        paths[name].write_bytes(content)
    return paths


def test_damaged_backup_file_is_refused_and_the_target_left_empty(
    demo_backup: DemoBackup, new_instance, tmp_path: Path
) -> None:
    path = demo_backup.path
    target = new_instance("target")
    for name, damaged in _damaged_copies(path, tmp_path).items():
        output = refused(target, "backup", "restore", str(damaged))
        assert "rusak" in output, name
        assert refused(target, "backup", "verify", str(damaged))
        assert fingerprint(target) == {}, name  # not a single table made
    assert "utuh" in ok(target, "backup", "verify", str(path))


def test_a_database_that_cannot_be_reached_is_a_message(
    demo_backup: DemoBackup, config_class, tmp_path: Path
) -> None:
    if is_postgres():
        server = sa.make_url(config_class.SQLALCHEMY_DATABASE_URI)
        url = server.set(database=f"{server.database}_absent_{uuid.uuid4().hex[:6]}")
        uri = url.render_as_string(hide_password=False)
    else:
        uri = f"sqlite:///{tmp_path / 'no-such-folder' / 'db.sqlite3'}"

    class Unreachable(TestingConfig):
        SQLALCHEMY_DATABASE_URI = uri
        INSTANCE_DIR = tmp_path / "instance"

    app = create_app(Unreachable)
    try:
        created = refused(app, "backup", "create", str(tmp_path / "b.lpbackup"))
        restored = refused(app, "backup", "restore", str(demo_backup.path))
    finally:
        with app.app_context():
            db.engine.dispose()
    expected = "tidak bisa dipakai" if is_postgres() else "tidak ditemukan"
    assert expected in created
    assert "Basis data tidak bisa dipakai" in restored
    assert not (tmp_path / "b.lpbackup").exists()


def test_backup_of_another_kind_of_database_is_refused(
    new_instance,
    tmp_path: Path,
) -> None:
    other = "sqlite" if is_postgres() else "postgresql"
    payload = tmp_path / "payload"
    payload.write_bytes(b"x")
    path = tmp_path / "other.lpbackup"
    write_archive(path, Manifest(other, "2026-01-01T00:00:00+00:00", None), payload)

    output = refused(new_instance("target"), "backup", "restore", str(path))

    assert "lintas jenis" in output


def test_backup_from_a_newer_release_is_refused(new_instance, tmp_path: Path) -> None:
    payload = tmp_path / "payload"
    payload.write_bytes(b"x")
    path = tmp_path / "newer.lpbackup"
    kind = "postgresql" if is_postgres() else "sqlite"
    manifest = Manifest(kind, "2030-01-01T00:00:00+00:00", "abc", version=99)
    write_archive(path, manifest, payload)

    output = refused(new_instance("target"), "backup", "restore", str(path))

    assert "versi aplikasi yang lebih baru" in output


def test_restore_reports_a_result_that_does_not_match_the_manifest(
    demo_backup: DemoBackup, new_instance, tmp_path: Path
) -> None:
    """The count check is real: a manifest promising one row more fails it."""
    path = demo_backup.path
    manifest = read_manifest(path)
    manifest.tables["agency"] += 1
    with tarfile.open(path) as tar:
        payload = tmp_path / "payload"
        payload.write_bytes(tar.extractfile(manifest.payload_name).read())
    lying = tmp_path / "lying.lpbackup"
    write_archive(lying, manifest, payload)

    output = refused(new_instance("target"), "backup", "restore", str(lying))

    assert "tidak cocok dengan manifes" in output
    assert "agency" in output


def test_backup_never_overwrites_a_file(
    demo_backup: DemoBackup, tmp_path: Path
) -> None:
    path = tmp_path / "b.lpbackup"
    path.write_text("an older backup")
    assert "sudah ada" in refused(demo_backup.app, "backup", "create", str(path))
    assert path.read_text() == "an older backup"


def test_backup_into_a_folder_is_named_by_time_and_keeps_the_newest(
    demo_backup: DemoBackup, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    old = [folder / f"lumbung-2026010{n}T020000Z.lpbackup" for n in range(1, 5)]
    for path in old:
        path.write_text("old")
    (folder / "notes.txt").write_text("not a backup")

    output = ok(demo_backup.app, "backup", "create", "--keep", "2", str(folder))

    kept = sorted(p.name for p in folder.iterdir())
    assert len(kept) == 3 and kept[0] == old[-1].name and kept[-1] == "notes.txt"
    assert kept[1].startswith("lumbung-2026") and read_manifest(folder / kept[1])
    assert output.count("Cadangan lama dihapus") == 3


def test_prune_keeps_exactly_the_newest(tmp_path: Path) -> None:
    names = [f"lumbung-2026020{n}T000000Z.lpbackup" for n in range(1, 6)]
    for name in names:
        (tmp_path / name).write_text("x")
    removed = prune(tmp_path, 2)
    assert [p.name for p in removed] == names[:3]
    assert sorted(p.name for p in tmp_path.iterdir()) == names[3:]


# -- safe while the app writes -------------------------------------------------


def test_backup_taken_while_the_app_writes_is_one_consistent_moment(
    new_instance,
    tmp_path: Path,
) -> None:
    """A writer commits an agency and a programme together, again and again;
    the backup taken meanwhile holds the same number of each, numbered without
    gaps: the database at one moment, never half a transaction."""
    source = new_instance("source")
    ok(source, "db", "upgrade")
    with source.app_context():
        engine = sa.create_engine(db.engine.url)
    written = threading.Semaphore(0)
    stop = threading.Event()
    failures: list[BaseException] = []

    def write() -> None:
        n = 0
        try:
            while not stop.is_set():
                n += 1
                with engine.begin() as connection:
                    for model in (Agency, Program):
                        connection.execute(
                            sa.insert(model.__table__).values(
                                name=f"Unit {n}", slug=f"unit-{n}"
                            )
                        )
                written.release()
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)
            written.release()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        for _ in range(30):
            assert written.acquire(timeout=30)
        path = tmp_path / "busy.lpbackup"
        ok(source, "backup", "create", str(path))
        for _ in range(30):
            assert written.acquire(timeout=30)
    finally:
        stop.set()
        writer.join(timeout=60)
        engine.dispose()
    assert not failures, failures

    target = new_instance("restored")
    ok(target, "backup", "restore", str(path))  # counts checked against manifest
    restored = read_manifest(path).tables
    with target.app_context():
        ids = db.session.scalars(sa.select(Agency.id).order_by(Agency.id)).all()
    final = fingerprint(source)["agency"][0]
    assert 30 <= restored["agency"] == restored["program"] < final
    assert ids == list(range(1, len(ids) + 1))


# -- PostgreSQL: the password never on a command line --------------------------


def test_libpq_url_leaves_the_password_to_the_environment() -> None:
    url = sa.make_url(
        "postgresql+psycopg://lumbung:s3cr%40t@db.example:5433/lumbung?sslmode=require"
    )
    dsn, env = pg_backup.libpq_connection(url)
    assert dsn == "postgresql://lumbung@db.example:5433/lumbung?sslmode=require"
    assert env == {"PGPASSWORD": "s3cr@t"}
    assert pg_backup.libpq_connection(url._replace(password=None))[1] == {}


def test_tool_failure_is_a_message_with_its_last_lines(tmp_path: Path) -> None:
    script = tmp_path / "fails"
    script.write_text("#!/bin/sh\necho 'pg_dump: connection refused' >&2\nexit 1\n")
    script.chmod(0o700)
    with pytest.raises(pg_backup.BackupError, match="connection refused"):
        pg_backup.run_tool([str(script)], {}, on_table=lambda _name: None)


if is_postgres():  # pg_dump needs a PostgreSQL server

    def test_pg_dump_gets_the_password_through_the_environment_only(
        new_instance,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        source = new_instance("source")
        ok(source, "db", "upgrade")
        password = "not-on-the-command-line"  # trust auth accepts any password
        with source.app_context():
            url = db.engine.url.set(password=password)

        class WithPassword(TestingConfig):
            SQLALCHEMY_DATABASE_URI = url.render_as_string(hide_password=False)
            INSTANCE_DIR = tmp_path / "with-password"

        calls: list[tuple[list[str], dict[str, str]]] = []
        real = subprocess.Popen

        def spy(args: list[str], **kwargs: Any) -> subprocess.Popen:
            calls.append((args, kwargs["env"]))
            return real(args, **kwargs)

        monkeypatch.setattr(pg_backup.subprocess, "Popen", spy)
        app = create_app(WithPassword)
        try:
            output = ok(app, "backup", "create", str(tmp_path / "pw.lpbackup"))
        finally:
            with app.app_context():
                db.engine.dispose()

        assert password not in output
        ((args, env),) = calls
        assert "pg_dump" in args[0]
        assert not any(password in arg for arg in args)
        assert env["PGPASSWORD"] == password

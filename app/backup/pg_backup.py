"""PostgreSQL: ``pg_dump`` and ``pg_restore``, the tools PostgreSQL stands behind.

The dump is in the custom format (``-Fc``: compressed, restorable table by
table) without owners or privileges, so it restores into a database owned by
whichever role the new server uses. ``pg_dump`` reads from a snapshot we
export from our own transaction, so the row counts in the manifest are those
of exactly the data dumped, while the app keeps writing.

The connection comes from the app's ``SQLALCHEMY_DATABASE_URI``, turned into
a libpq URL without the password; the password goes to the tools through
``PGPASSWORD`` in their environment, never on a command line (which any user
of the machine can read in ``ps``) or in a message.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess  # nosec B404  # pg_dump/pg_restore, list args, no shell
from collections import deque
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from flask_babel import gettext as _

from app.backup import inventory
from app.backup.archive import BackupError
from app.backup.progress import Progress

# "pg_dump: dumping contents of table "public.agency"" and pg_restore's
# "processing data for table "public.agency"" (with --verbose).
_TABLE_LINE = re.compile(
    r'(?:dumping contents of|processing data for) table "(?:[^"]+\.)?([^"]+)"'
)


def libpq_connection(url: sa.URL) -> tuple[str, dict[str, str]]:
    """A libpq URL for ``url`` (no password in it) and the environment
    variables that carry the password, if there is one."""
    # Built afresh: URL.set(password=None) would keep the password.
    plain = sa.URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    env = {"PGPASSWORD": str(url.password)} if url.password else {}
    return plain.render_as_string(hide_password=False), env


def tool(name: str) -> str:
    """The full path of ``pg_dump`` or ``pg_restore``.

    :raise BackupError: not installed.
    """
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            _(
                "%(tool)s tidak ditemukan. Pasang klien PostgreSQL dengan versi "
                "utama yang sama dengan server (paket postgresql-client).",
                tool=name,
            )
        )
    return found


def dump_database(
    engine: sa.Engine, workdir: Path, progress: Progress
) -> tuple[Path, dict[str, int], str | None, str]:
    """``pg_dump -Fc`` into ``workdir``; the dump, row counts, revision and
    server version, all of one snapshot."""
    payload = workdir / "database.pgdump"
    dsn, secret = libpq_connection(engine.url)
    command = tool("pg_dump")
    with engine.connect().execution_options(
        isolation_level="REPEATABLE READ"
    ) as connection:
        snapshot = connection.scalar(sa.text("SELECT pg_export_snapshot()"))
        server = connection.scalar(sa.text("SHOW server_version")) or ""
        names = inventory.table_names(connection)
        progress.phase(_("Menghitung baris"), len(names))
        counts = inventory.row_counts(connection, lambda _name: progress.advance())
        revision = inventory.revision(connection)
        progress.phase("pg_dump", len(names))
        run_tool(
            [
                command,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--verbose",
                f"--snapshot={snapshot}",
                f"--file={payload}",
                f"--dbname={dsn}",
            ],
            secret,
            on_table=lambda _name: progress.advance(),
        )
        connection.rollback()  # only now may the exported snapshot go
    return payload, counts, revision, str(server)


def restore_dump(
    engine: sa.Engine, payload: Path, progress: Progress, tables: int
) -> None:
    """``pg_restore`` the dump into the database behind ``engine``, in one
    transaction: an error leaves the target as it was.

    ``--clean --if-exists`` first drops what the dump is about to create, so a
    database that was migrated but holds no data can be restored into as well.
    """
    dsn, secret = libpq_connection(engine.url)
    engine.dispose()  # our idle connections must not hold locks pg_restore needs
    progress.phase("pg_restore", tables)
    run_tool(
        [
            tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            "--verbose",
            f"--dbname={dsn}",
            str(payload),
        ],
        secret,
        on_table=lambda _name: progress.advance(),
    )


def run_tool(
    args: list[str], secret: dict[str, str], on_table: Callable[[str], None]
) -> None:
    """Run a PostgreSQL tool, reporting each table it reaches.

    :raise BackupError: it failed; the message ends with its last lines.
    """
    last_lines: deque[str] = deque(maxlen=8)
    # No shell, a fixed program found by `tool` and arguments we built: nothing
    # a user typed reaches a shell, and the password is only in the environment.
    with subprocess.Popen(  # nosec B603  # list arguments, no shell
        args,
        env={**os.environ, **secret},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        for line in process.stderr or ():
            found = _TABLE_LINE.search(line)
            if found:
                on_table(found.group(1))
            else:
                last_lines.append(line.rstrip())
    if process.returncode != 0:
        name = Path(args[0]).name
        raise BackupError(
            _(
                "%(tool)s gagal (kode %(code)d):\n%(output)s",
                tool=name,
                code=process.returncode,
                output="\n".join(last_lines),
            )
        )

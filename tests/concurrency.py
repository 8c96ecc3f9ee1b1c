"""Running the same work at the same moment: threads with their own app and
connection, or whole ``flask`` processes as two cron runs would be.

On PostgreSQL the threads truly overlap; SQLite serialises their writes, so
the same test shows that the code also holds where the database queues.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from flask import Flask

from app import create_app
from app.extensions import db

T = TypeVar("T")
ROOT = Path(__file__).parent.parent


def run_together(
    config_class: type,
    count: int,
    work: Callable[[int, Callable[[], None]], T],
    *,
    prepare: Callable[[Flask], None] | None = None,
    timeout: float = 120,
    start_timeout: float = 30,
) -> list[T]:
    """``work(n, start)`` in ``count`` threads, each inside its own app (its
    own connection pool); ``start()`` waits until every thread is ready, so
    what follows it runs at the same moment. Results in finishing order.

    :raise AssertionError: a thread raised (all errors are listed).
    """
    apps = [create_app(config_class) for _ in range(count)]
    for other in apps:
        if prepare is not None:
            prepare(other)
    barrier = threading.Barrier(count)
    results: list[T] = []
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            with apps[n].app_context():
                results.append(work(n, lambda: barrier.wait(timeout=start_timeout)))
                db.session.remove()
                db.engine.dispose()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not errors, errors
    return results


def command_env(database: str, tmp_path: Path, mail_port: int, base_url: str) -> dict:
    """The environment of a ``flask`` process that uses the test database and
    sends mail to the test's SMTP server."""
    return {
        **os.environ,
        "TEST_DATABASE_URL": database,
        "INSTANCE_DIR": str(tmp_path / "instance"),
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(mail_port),
        "BASE_URL": base_url,
    }


def run_commands_together(
    args: list[str], env: dict, count: int = 2, timeout: float = 120
) -> list[str]:
    """``flask <args>`` in ``count`` processes started at once; the last line
    each printed.

    :raise AssertionError: a process did not exit with 0 (outputs listed).
    """
    command = [sys.executable, "-m", "flask", "--app", "app:create_app('testing')"]
    runs = [
        subprocess.Popen(
            [*command, *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(count)
    ]
    outputs = [run.communicate(timeout=timeout) for run in runs]
    assert [run.returncode for run in runs] == [0] * count, outputs
    return [out.decode().splitlines()[-1] for out, _err in outputs]

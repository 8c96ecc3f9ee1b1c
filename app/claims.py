"""Claiming rows for work that must happen once, even with two cron runs.

The follow-up sender and the immediate-email sender both work this way: read
a batch of candidate ids (on PostgreSQL ``FOR UPDATE SKIP LOCKED``, so two
runs take different rows instead of queueing), claim each one with an atomic
``UPDATE ... SET <claim column> = :now WHERE id = :id AND <claim column> IS
NULL`` (a row count of 1 means this run owns it), commit, then do the slow
part (SMTP) with no lock held. Nothing is claimed twice, so nothing is done
twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute

from app.extensions import db
from app.sql import is_postgres


def locked_ids(statement: sa.Select, model: type[Any]) -> list[int]:
    """The ids ``statement`` selects, skipping rows another run has locked."""
    if is_postgres():
        statement = statement.with_for_update(skip_locked=True, of=model)
    return list(db.session.scalars(statement))


def claim(column: InstrumentedAttribute, row_id: int, now: datetime) -> bool:
    """The atomic claim: True for exactly one caller per row."""
    model = column.class_
    result = db.session.execute(
        sa.update(model)
        .where(model.id == row_id, column.is_(None))
        .values({column.key: now})
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def claim_all(
    candidates: list[int], column: InstrumentedAttribute, now: datetime
) -> tuple[list[int], bool]:
    """Claim what can be claimed of ``candidates`` and commit; (claimed ids,
    were there any candidates?)."""
    claimed = [row_id for row_id in candidates if claim(column, row_id, now)]
    db.session.commit()
    return claimed, bool(candidates)


def drain(
    claim_batch: Callable[[], tuple[list[int], bool]],
    handle: Callable[[int], None],
    on_each: Callable[[], None] | None = None,
) -> None:
    """Claim batch after batch until no candidate is left, handling each
    claimed id (``on_each`` after each, for a progress bar)."""
    while True:
        claimed, any_found = claim_batch()
        if not any_found:
            return
        for row_id in claimed:
            handle(row_id)
            if on_each is not None:
                on_each()

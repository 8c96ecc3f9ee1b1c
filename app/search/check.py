"""Does the index agree with the database? (``flask search check``)

Compares the published case studies with the documents in the current index:
*missing* (published, not indexed), *stale* (indexed, but older than the
database's ``updated_at`` or built from different data, e.g. a tag renamed
since) and *extra* (indexed, but not published: draft, withdrawn, hidden or
deleted) and *duplicated* (more than one document for one case study: Whoosh
keeps both when one writer adds the same id twice before committing, and a
search would then show the case study twice). Right after a change and
before the indexer ran, a difference is expected; ``pending`` says how many
changes are waiting.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session
from whoosh import index as whoosh_index

from app.extensions import db
from app.models import SearchChange
from app.search.documents import published_batches
from app.search.folders import current_folder
from app.search.indexer import index_root
from app.search.schema import document_for
from app.search.state import load_state


@dataclass
class CheckReport:
    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)
    duplicated: list[int] = field(default_factory=list)
    pending: int = 0  # changes not yet applied (above the watermark)

    @property
    def in_agreement(self) -> bool:
        return not (self.missing or self.stale or self.extra or self.duplicated)


def compare(root: str | Path | None = None) -> CheckReport:
    """Database against the current index in ``root`` (default ``SEARCH_INDEX_DIR``)."""
    folder = current_folder(index_root(root))
    indexed, duplicated = _indexed(folder) if folder else ({}, [])
    report = CheckReport(duplicated=duplicated)
    for case_id, updated, fingerprint in _published():
        entry = indexed.pop(case_id, None)
        if entry is None:
            report.missing.append(case_id)
        elif entry[0] is None or entry[0] < updated or entry[1] != fingerprint:
            report.stale.append(case_id)
    report.extra = sorted(indexed)
    if folder:
        last_id = load_state(folder).last_id
        report.pending = db.session.scalar(
            sa.select(sa.func.count()).where(SearchChange.id > last_id)
        )
    return report


def _indexed(
    folder: Path,
) -> tuple[dict[int, tuple[datetime | None, str | None]], list[int]]:
    """(updated, digest) of every indexed case study, and the ids of those
    indexed more than once."""
    indexed: dict[int, tuple[datetime | None, str | None]] = {}
    duplicated: set[int] = set()
    with whoosh_index.open_dir(str(folder)).searcher() as searcher:
        for fields in searcher.all_stored_fields():
            case_id = int(fields["id"])
            if case_id in indexed:
                duplicated.add(case_id)
            indexed[case_id] = (fields.get("updated"), fields.get("digest"))
    return indexed, sorted(duplicated)


def _published() -> Iterator[tuple[int, datetime, str]]:
    """(id, updated, digest) of every published case study, as it would be indexed."""
    with Session(db.engine) as session:
        for batch in published_batches(session):
            for case_study in batch:
                document = document_for(case_study)
                yield case_study.id, document["updated"], document["digest"]

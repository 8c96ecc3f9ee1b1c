"""View counts: one more per reader other than the author, none lost when
many read at once (one ``UPDATE … SET view_count = view_count + 1``).

The helpful and replication counters have their own race test:
``test_appreciation.py::test_concurrent_clicks_keep_the_counts_equal_to_the_rows``.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app

from app.models import CaseStudy, SearchChange
from tests.concurrency import run_together

READERS = 20


def page(cs) -> str:  # noqa: ANN001
    return f"/praktik/{cs.id}/{cs.slug}"


def views(db, cs) -> int:  # noqa: ANN001
    return db.session.scalar(
        sa.select(CaseStudy.view_count).where(CaseStudy.id == cs.id)
    )


def test_an_anonymous_reader_and_a_member_each_add_one_view(
    client, auth, db, make_case_study, make_user
):
    cs = make_case_study()
    first = client.get(page(cs)).get_data(as_text=True)
    assert "Dilihat 1 kali" in first
    auth.login(make_user())
    second = client.get(page(cs)).get_data(as_text=True)
    assert "Dilihat 2 kali" in second
    assert views(db, cs) == 2


def test_the_author_rereading_their_page_adds_no_view(
    client, auth, db, make_case_study
):
    cs = make_case_study()
    auth.login(cs.author)
    for _ in range(3):
        html = client.get(page(cs)).get_data(as_text=True)
    assert "Dilihat 0 kali" in html
    assert views(db, cs) == 0


def test_crawlers_and_head_requests_add_no_view(client, db, make_case_study):
    cs = make_case_study()
    bot = {"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"}
    assert client.get(page(cs), headers=bot).status_code == 200
    assert client.head(page(cs)).status_code == 200
    assert views(db, cs) == 0


def test_a_view_does_not_change_the_case_study_or_queue_reindexing(
    client, db, make_case_study
):
    cs = make_case_study()
    updated_at, changes = (
        cs.updated_at,
        db.session.scalar(sa.select(sa.func.count(SearchChange.id))),
    )
    client.get(page(cs))
    db.session.refresh(cs)
    assert cs.view_count == 1
    assert cs.updated_at == updated_at
    assert db.session.scalar(sa.select(sa.func.count(SearchChange.id))) == changes


def test_twenty_readers_at_once_are_all_counted(db, config_class, make_case_study):
    """Each thread has its own app and connection and opens the page at the
    same moment; reading the count and writing it back would lose some."""
    cs = make_case_study()
    path = page(cs)

    def read(_n: int, start) -> int:  # noqa: ANN001
        client = current_app.test_client()
        start()
        return client.get(path).status_code

    statuses = run_together(config_class, READERS, read, timeout=180)
    assert statuses == [200] * READERS
    assert views(db, cs) == READERS

"""Sorting by "most helpful" and "most replicated": the browse lists
(programme, agency, tag), search (service, page, API), and the case-study id
column the search sort reads (with the fallback for an older index)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from whoosh import index as whoosh_index
from whoosh.fields import ID

from app.models import CaseStudy, Status
from app.search import facets
from app.search.indexer import apply_pending
from app.search.query import SearchInputError, SearchRequest, parse_request, search
from app.search.schema import build_schema, document_for
from app.search.searcher import get_searcher
from tests.conftest import NEUTRAL

START = datetime(2026, 1, 1, 2, 0, tzinfo=UTC)


@pytest.fixture
def write(db, make_case_study, make_program):  # noqa: ANN001,ANN201
    """A case study of one programme, published ``day`` days after START,
    with the given running counts."""
    program = make_program("Program Uji")

    def make(day: int, helpful: int = 0, replicated: int = 0, **kwargs) -> CaseStudy:  # noqa: ANN003
        cs = make_case_study(**{**NEUTRAL, "program": program, **kwargs})
        cs.published_at = START + timedelta(days=day)
        cs.helpful_count, cs.replication_count = helpful, replicated
        db.session.commit()
        return cs

    return make


def set_counts(db, cs, helpful: int, replicated: int = 0) -> None:  # noqa: ANN001
    db.session.execute(
        sa.update(CaseStudy)
        .where(CaseStudy.id == cs.id)
        .values(helpful_count=helpful, replication_count=replicated)
    )
    db.session.commit()


def listed(client, url: str) -> list[str]:  # noqa: ANN001
    """The case-study links of a list page, in order."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    found = []
    for part in html.split('<h3 class="h5 card-title mb-1"><a href="/praktik/')[1:]:
        found.append(int(part.split("/", 1)[0]))
    return found


def ids(results) -> list[int]:  # noqa: ANN001
    return [hit.case_study.id for hit in results.hits]


# --- browse lists ----------------------------------------------------------------


def test_programme_list_sorts_by_helpful_then_newest(client, write):
    old_popular = write(day=1, helpful=5)
    new_tied = write(day=3, helpful=2)
    old_tied = write(day=2, helpful=2)
    newest_unmarked = write(day=4)
    url = f"/program/{old_popular.program.slug}"

    assert listed(client, url + "?sort=helpful") == [
        old_popular.id,
        new_tied.id,
        old_tied.id,
        newest_unmarked.id,
    ]
    assert listed(client, url) == [
        newest_unmarked.id,
        new_tied.id,
        old_tied.id,
        old_popular.id,
    ]
    assert listed(client, url + "?sort=newest") == listed(client, url)


def test_agency_and_tag_lists_sort_by_replications(
    client, make_case_study, make_user, make_agency, db
):
    agency = make_agency("Dinas Urut")
    made = []
    for day, replicated in ((1, 0), (2, 3), (3, 1)):
        cs = make_case_study(author=make_user(agency=agency), tags=["urut"])
        cs.published_at = START + timedelta(days=day)
        cs.replication_count = replicated
        made.append(cs)
    db.session.commit()
    expected = [made[1].id, made[2].id, made[0].id]

    assert listed(client, "/instansi/dinas-urut?sort=replicated") == expected
    assert listed(client, "/tag/urut?sort=replicated") == expected


def test_sort_links_mark_the_current_one_and_pages_keep_the_sort(app, client, write):
    app.config["PER_PAGE"] = 2
    slug = [write(day=day, helpful=day) for day in range(3)][0].program.slug
    html = client.get(f"/program/{slug}?sort=helpful").get_data(as_text=True)
    assert (
        f'<a class="nav-link active" aria-current="true" '
        f'href="/program/{slug}?sort=helpful">'
    ) in html
    assert f'<a class="nav-link" href="/program/{slug}">' in html
    assert f'href="/program/{slug}?sort=replicated"' in html
    assert f'href="/program/{slug}?page=2&amp;sort=helpful"' in html


@pytest.mark.parametrize("base", ["/program/{p}", "/instansi/{a}", "/tag/pelayanan"])
def test_an_unknown_sort_on_a_list_is_400_with_a_clear_message(
    client, make_case_study, base
):
    cs = make_case_study(tags=["pelayanan"])
    url = base.format(p=cs.program.slug, a=cs.agency.slug) + "?sort=acak"
    response = client.get(url)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Urutan harus newest (terbaru), helpful (paling bermanfaat)" in html
    assert "Tampilkan yang terbaru" in html


def test_hidden_case_studies_stay_out_of_sorted_lists(client, db, write):
    shown = write(day=1, helpful=1)
    hidden = write(day=2, helpful=9)
    hidden.status = Status.HIDDEN
    db.session.commit()
    assert listed(client, f"/program/{shown.program.slug}?sort=helpful") == [shown.id]


# --- search -------------------------------------------------------------------------


def test_search_sorts_by_helpful_then_relevance(db, write):
    strong_unmarked = write(day=1, title="Antrean antrean antrean")
    weak_two = write(day=2, situation="Ada antrean.")
    strong_two = write(day=3, title="Antrean loket")
    weak_five = write(day=4, situation="Sedikit antrean.")
    write(day=5, title="Tidak cocok")
    apply_pending()
    set_counts(db, weak_two, 2)
    set_counts(db, strong_two, 2)
    set_counts(db, weak_five, 5)

    results = search(SearchRequest(q="antrean", sort="helpful"))
    assert ids(results) == [
        weak_five.id,
        strong_two.id,
        weak_two.id,
        strong_unmarked.id,
    ]
    assert results.total == 4
    assert all(hit.score > 0 for hit in results.hits)  # still the relevance


def test_search_without_words_sorts_by_count_then_newest(db, write):
    first = write(day=1, replicated=1)
    second = write(day=2, replicated=1)
    third = write(day=3)
    fourth = write(day=4, replicated=3)
    apply_pending()

    results = search(SearchRequest(sort="replicated"))
    assert ids(results) == [fourth.id, second.id, first.id, third.id]
    assert all(hit.score == 0.0 for hit in results.hits)


def test_search_counts_come_from_the_database_not_the_index(db, write):
    a, b = write(day=1), write(day=2)
    apply_pending()
    set_counts(db, a, 1)
    assert ids(search(SearchRequest(sort="helpful"))) == [a.id, b.id]
    set_counts(db, b, 4)  # no reindex needed
    assert ids(search(SearchRequest(sort="helpful"))) == [b.id, a.id]


def test_search_count_sort_pages_do_not_repeat_or_skip(db, write):
    made = [write(day=n, helpful=n % 3, situation="Antrean.") for n in range(7)]
    apply_pending()
    pages = [
        ids(search(SearchRequest(q="antrean", sort="helpful", page=p, per_page=3)))
        for p in (1, 2, 3)
    ]
    flat = [cid for page in pages for cid in page]
    assert sorted(flat) == sorted(cs.id for cs in made)
    counts = {cs.id: cs.helpful_count for cs in made}
    assert [counts[cid] for cid in flat] == sorted(counts.values(), reverse=True)


def test_search_count_sort_with_a_filter(db, write, make_case_study, make_program):
    other_program = make_program("Program Lain")
    inside = write(day=1, helpful=1)
    outside = make_case_study(**{**NEUTRAL, "program": other_program})
    set_counts(db, outside, 9)
    apply_pending()
    results = search(SearchRequest(sort="helpful", program=inside.program.slug))
    assert ids(results) == [inside.id]


def test_parse_request_accepts_the_new_sorts_and_refuses_others():
    assert parse_request({"sort": "helpful"}).sort == "helpful"
    assert parse_request({"sort": "replicated"}).sort == "replicated"
    with pytest.raises(SearchInputError, match="helpful"):
        parse_request({"sort": "populer"})


def test_search_page_offers_the_sorts_and_marks_the_current_one(client, write):
    write(day=1, title="Antrean loket", helpful=1)
    apply_pending()
    html = client.get("/cari?q=antrean&sort=helpful").get_data(as_text=True)
    assert (
        '<a class="nav-link active" aria-current="true" '
        'href="/cari?q=antrean&amp;sort=helpful">Paling bermanfaat</a>'
    ) in html
    assert 'href="/cari?q=antrean&amp;sort=replicated">Paling banyak diterapkan' in html
    assert '<input type="hidden" name="sort" value="helpful">' in html
    assert "1 menandai bermanfaat" in html


def test_search_page_refuses_an_unknown_sort_with_400(client):
    response = client.get("/cari?q=antrean&sort=populer")
    assert response.status_code == 400
    assert "replicated (paling banyak diterapkan)" in response.get_data(as_text=True)


def test_api_sorts_by_replications_and_refuses_an_unknown_sort(db, client, write):
    low, high = write(day=1, replicated=1), write(day=2, replicated=4)
    apply_pending()
    body = client.get("/api/v1/search?sort=replicated").get_json()
    assert [r["id"] for r in body["results"]] == [high.id, low.id]

    response = client.get("/api/v1/search?sort=populer")
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert "helpful" in message and "replicated" in message


# --- the id column -----------------------------------------------------------------


def _old_schema():  # noqa: ANN202
    """The schema before ``id`` became a column."""
    schema = build_schema()
    schema.remove("id")
    schema.add("id", ID(stored=True, unique=True))
    return schema


@pytest.mark.parametrize("old", [False, True], ids=["column", "stored fields"])
def test_document_ids_are_read_from_the_column_or_stored_fields(
    db, tmp_path, make_case_study, old
):
    made = [make_case_study() for _ in range(3)]
    folder = tmp_path / ("old" if old else "new")
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), _old_schema() if old else build_schema())
    for batch in (made[:2], made[2:]):  # two segments
        writer = ix.writer()
        for cs in batch:
            writer.add_document(**document_for(cs))
        writer.commit(merge=False)
    with ix.searcher() as searcher:
        reader = next(iter(searcher.leaf_searchers()))[0].reader()
        assert reader.has_column("id") is not old
        view = facets.values(searcher)
        found = {
            int(searcher.stored_fields(doc)["id"]): int(view.ids[doc])
            for doc in range(searcher.doc_count_all())
        }
    assert found == {cs.id: cs.id for cs in made}


def test_new_indexes_have_the_id_column(db, write):
    write(day=1)
    apply_pending()
    searcher = get_searcher()
    for leaf, _offset in searcher.leaf_searchers():
        assert leaf.reader().has_column("id")

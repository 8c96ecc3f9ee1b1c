"""The query side of search, called as the page and the API call it: words and
phrases, ranking, filters and facets, sorting, pages, snippets, "did you
mean", typo tolerance, hostile input, and never showing what is not public.

Case studies are written through the usual fixtures and indexed by the real
indexer (``apply_pending``), as after a request."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from werkzeug.datastructures import MultiDict

from app.models import CaseStudy, Status
from app.search.indexer import apply_pending
from app.search.parser import MAX_QUERY_LENGTH, clean_query, cut_query, parse
from app.search.query import (
    SearchInputError,
    SearchRequest,
    parse_request,
    related,
    search,
)

# Queries that must find nothing they should not, and never fail.
HOSTILE = [
    "status:draft",
    "title:rahasia",
    "*",
    "?",
    "~",
    "^",
    "rahasia~2",
    "rahasia^10",
    "[a TO z]",
    "{a TO z}",
    '"tanda kutip tidak ditutup',
    'kutip " di tengah',
    "(kurung tidak ditutup",
    "kurung) terbalik (",
    "AND OR NOT",
    "x" * 10_000,
    "kata " * 3_000,
    "\x00",
    "draf\x00rahasia",
    "\x01\x02\x1b[31m",
    "\u202erahasia\u202c",
    "\u2066draf\u2069",
    "a\ud800b",
    "\ufffd",
    "<script>alert(1)</script>",
    "%00 %ff \\ ' ;--",
]


def ids(results) -> list[int]:  # noqa: ANN001
    return [hit.case_study.id for hit in results.hits]


def find(q: str = "", **kwargs) -> object:  # noqa: ANN003
    return search(SearchRequest(q=q, **kwargs))


def publish_at(db, case_study: CaseStudy, when: datetime) -> None:  # noqa: ANN001
    case_study.published_at = when
    db.session.commit()


def test_a_word_finds_other_forms_of_it(write) -> None:
    trained = write(title="Pelatihan petugas loket")
    write(title="Antrean pasien puskesmas")
    apply_pending()

    assert ids(find("melatih")) == [trained.id]
    assert ids(find("dilatih")) == [trained.id]


def test_document_with_more_of_the_words_ranks_first(write) -> None:
    # One word many times, in the boosted fields: plain OR would rank it first.
    one_word = write(
        title="Antrean, antrean, antrean",
        summary="Antrean di loket dan ruang tunggu.",
        situation="Antrean.",
    )
    both = write(
        title="Catatan dari lapangan",
        summary="Sebuah cerita.",
        situation="Antrean panjang setiap pagi di puskesmas kecamatan.",
    )
    for n in range(4):
        write(title=f"Cerita lain {n}", situation="Antrean dan loket.")
    apply_pending()

    results = find("antrean puskesmas")

    assert ids(results)[:2] == [both.id, one_word.id]
    assert results.hits[0].score > results.hits[1].score


def test_quoted_phrase_needs_the_words_together(write) -> None:
    together = write(situation="Waktu tunggu turun menjadi 20 menit.")
    apart = write(situation="Waktu pelayanan singkat, tunggu sebentar.")
    with_stopword = write(situation="Pelayanan di puskesmas makin cepat.")
    apply_pending()

    assert ids(find('"waktu tunggu"')) == [together.id]
    assert set(ids(find("waktu tunggu"))) == {together.id, apart.id}
    # A stopword inside the phrase leaves a gap in positions: still a phrase.
    assert ids(find('"pelayanan di puskesmas"')) == [with_stopword.id]


@pytest.fixture
def catalogue(db, write, make_program, make_user, make_agency):  # noqa: ANN001,ANN201
    """Five case studies over two programmes, two agencies, three tags, two years."""
    waktu, krisis = make_program("Manajemen Waktu"), make_program("Manajemen Krisis")
    dinkes, bpbd = make_agency("Dinas Kesehatan"), make_agency("BPBD Kota Medan")
    at_dinkes, at_bpbd = make_user(agency=dinkes), make_user(agency=bpbd)
    rows = [
        (waktu, at_dinkes, ["antrean", "puskesmas"], 2025),
        (waktu, at_dinkes, ["antrean"], 2026),
        (waktu, at_bpbd, ["banjir"], 2026),
        (krisis, at_bpbd, ["banjir"], 2025),
        (krisis, at_dinkes, ["puskesmas"], 2026),
    ]
    made = []
    for n, (program, author, tags, year) in enumerate(rows):
        cs = write(
            program=program, author=author, tags=tags, situation="Pelayanan warga."
        )
        publish_at(db, cs, datetime(year, 3, 1 + n, tzinfo=UTC))
        made.append(cs)
    apply_pending()
    return made


def counts(results, name: str) -> dict[str, int]:  # noqa: ANN001
    return {value.slug: value.count for value in results.facets[name]}


def test_facets_count_programmes_agencies_tags_and_years(catalogue) -> None:  # noqa: ANN001
    results = find("pelayanan")

    assert results.total == 5
    assert counts(results, "program") == {"manajemen-waktu": 3, "manajemen-krisis": 2}
    assert counts(results, "agency") == {"dinas-kesehatan": 3, "bpbd-kota-medan": 2}
    assert counts(results, "tag") == {"antrean": 2, "puskesmas": 2, "banjir": 2}
    assert counts(results, "year") == {"2026": 3, "2025": 2}
    names = {v.slug: v.name for v in results.facets["program"]}
    assert names["manajemen-waktu"] == "Manajemen Waktu"


def test_filters_combine_and_each_facet_counts_with_the_other_filters(
    catalogue,  # noqa: ANN001
) -> None:
    results = find("pelayanan", program="manajemen-waktu", agency="dinas-kesehatan")

    assert set(ids(results)) == {catalogue[0].id, catalogue[1].id}
    assert results.total == 2
    # Programme counts ignore the programme filter, so the other is reachable.
    assert counts(results, "program") == {"manajemen-waktu": 2, "manajemen-krisis": 1}
    assert counts(results, "agency") == {"dinas-kesehatan": 2, "bpbd-kota-medan": 1}
    assert counts(results, "tag") == {"antrean": 2, "puskesmas": 1}

    by_tag_and_year = find("", tag="banjir", year=2026)
    assert ids(by_tag_and_year) == [catalogue[2].id]


def test_unknown_filter_finds_nothing_and_keeps_the_value(catalogue) -> None:  # noqa: ANN001
    results = find("pelayanan", program="tidak-ada")

    assert results.total == 0 and results.hits == []
    assert counts(results, "agency") == {}


def test_year_is_the_year_in_medan(db, write) -> None:  # noqa: ANN001
    cs = write()
    # 31 December, 18.00 UTC is already 1 January in WIB.
    publish_at(db, cs, datetime(2025, 12, 31, 18, 0, tzinfo=UTC))
    apply_pending()

    assert ids(find("", year=2026)) == [cs.id]
    assert find("", year=2025).total == 0


def test_newest_first_and_pages(db, write) -> None:  # noqa: ANN001
    start = datetime(2026, 1, 1, tzinfo=UTC)
    made = []
    for n in range(5):
        cs = write(situation="Pelayanan loket.")
        publish_at(db, cs, start + timedelta(days=(n * 3) % 5))
        made.append(cs)
    apply_pending()
    newest = [cs.id for cs in sorted(made, key=lambda c: c.published_at, reverse=True)]

    assert ids(find("pelayanan", sort="newest", per_page=50)) == newest
    assert ids(find("", per_page=50)) == newest  # no words: newest first
    pages = [find("pelayanan", sort="newest", page=p, per_page=2) for p in (1, 2, 3)]
    assert [ids(p) for p in pages] == [newest[:2], newest[2:4], newest[4:]]
    assert all(p.total == 5 for p in pages)
    assert find("pelayanan", page=4, per_page=2).hits == []


def test_relevance_pages_do_not_repeat_or_skip(write) -> None:
    made = {write(situation="Antrean " * n).id for n in range(1, 8)}
    apply_pending()

    seen = [i for p in (1, 2, 3) for i in ids(find("antrean", page=p, per_page=3))]

    assert sorted(seen) == sorted(made)


def test_snippet_marks_matching_words_from_the_database_text(write) -> None:
    write(
        title="Loket",
        situation="Sebelumnya antrean panjang. Kami melatih petugas loket baru.",
    )
    apply_pending()

    snippet = str(find("pelatihan").hits[0].snippet)

    assert "<mark>melatih</mark>" in snippet
    assert "antrean" in snippet and "<mark>antrean</mark>" not in snippet


def test_snippet_escapes_everything_but_the_marks(write) -> None:
    write(
        title="<script>alert('judul')</script> Antrean",
        summary="<b>tebal</b> & antrean <img src=x onerror=alert(1)>",
        situation="Antrean <script>alert('isi')</script> panjang.",
    )
    apply_pending()

    snippet = str(find("antrean").hits[0].snippet)

    assert "<script" not in snippet and "<img" not in snippet and "<b>" not in snippet
    assert "&lt;b&gt;tebal&lt;/b&gt; &amp; <mark>antrean</mark> &lt;img" in snippet


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("pelayaan", "pelayanan"),
        ("kordinasi", "koordinasi"),
        ("pelayaan puskesmas", "pelayanan puskesmas"),
        ('kordinasi "rapat rutin"', 'koordinasi "rapat rutin"'),
        ("antrian", "antrean"),
    ],
)
def test_likely_misspelt_word_gets_a_suggestion(
    write,  # noqa: ANN001
    typed: str,
    meant: str,
) -> None:
    write(title="Pelayanan puskesmas lebih cepat", tags=["pelayanan"])
    write(title="Koordinasi lintas dinas", situation="Rapat rutin.")
    write(title="Antrean pagi")
    apply_pending()

    assert find(typed).suggestion == meant


def test_words_that_exist_get_no_suggestion(write) -> None:
    write(title="Pelayanan puskesmas", summary="Pelayan loket ramah.")
    apply_pending()

    assert find("pelayanan").suggestion is None
    assert find("pelayan").suggestion is None


def test_word_that_matches_nothing_is_searched_with_similar_spellings(
    write,  # noqa: ANN001
) -> None:
    service = write(title="Pelayanan puskesmas lebih cepat")
    # "retribusi" is only in the section text: no suggestion list holds it.
    levy = write(title="Pasar", situation="Penerimaan retribusi naik.")
    apply_pending()

    typo = find("pelayaan")
    assert ids(typo) == [service.id]
    assert typo.corrected == ("pelayaan",)
    assert "<mark>" not in str(typo.hits[0].snippet) or "Pelayanan" in str(
        typo.hits[0].snippet
    )
    body_only = find("retribsi")
    assert ids(body_only) == [levy.id]
    assert body_only.corrected == ("retribsi",) and body_only.suggestion is None
    assert find("pelayanan").corrected == ()


@pytest.mark.parametrize("typed", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_query_is_harmless(db, write, typed: str) -> None:  # noqa: ANN001
    public = write(title="Rahasia sukses antrean", situation="Draf kerja.")
    for status in Status:
        if status is not Status.PUBLISHED:
            hidden = write(
                title=f"Status draft rahasia {status.value}",
                situation="status:draft title:rahasia rahasia draf",
            )
            hidden.status = status
    db.session.commit()
    apply_pending()

    search_request = parse_request({"q": typed})
    results = search(search_request)

    assert len(search_request.q) <= MAX_QUERY_LENGTH
    assert set(ids(results)) <= {public.id}
    assert results.total <= 1


def test_field_syntax_is_plain_words(write) -> None:
    plain = write(title="Status antrean hari ini")
    apply_pending()

    assert ids(find("status:antrean")) == [plain.id]
    assert ids(find("title:antrean")) == [plain.id]  # "title" is just a word
    assert find("antr*").total == 0  # no wildcards


@pytest.mark.parametrize("status", [s for s in Status if s is not Status.PUBLISHED])
def test_lagging_index_never_shows_what_is_no_longer_published(
    db,  # noqa: ANN001
    write,  # noqa: ANN001
    status: Status,
) -> None:
    gone = write(title="Antrean puskesmas")
    kept = write(title="Antrean loket")
    apply_pending()
    # Changed in the database; the index is not told (no request, no sync).
    gone.status = status
    db.session.commit()

    results = find("antrean")

    assert ids(results) == [kept.id]
    assert results.total == 1
    assert gone.id not in [cs.id for cs in related(kept)]
    apply_pending()
    assert find("antrean").total == 1


def test_edited_case_study_is_counted_once(db, write) -> None:  # noqa: ANN001
    cs = write(title="Antrean puskesmas", tags=["antrean"])
    apply_pending()
    cs.title = "Antrean puskesmas kecamatan"
    db.session.commit()
    apply_pending()  # replaces the document: the old one is deleted, not gone

    results = find("antrean")
    assert results.total == 1
    assert counts(results, "tag") == {"antrean": 1}
    assert ids(find("", sort="newest")) == [cs.id]


def test_related_practices_are_similar_visible_and_not_itself(
    db,  # noqa: ANN001
    write,  # noqa: ANN001
) -> None:
    flood = "Banjir di bantaran sungai. Posko banjir dan evakuasi warga."
    base = write(title="Posko banjir", situation=flood, tags=["banjir"])
    alike = write(title="Evakuasi banjir", situation=flood, tags=["banjir"])
    hidden = write(title="Banjir lagi", situation=flood, tags=["banjir"])
    write(title="Antrean loket", situation="Antrean pasien puskesmas.")
    apply_pending()
    hidden.status = Status.HIDDEN
    db.session.commit()

    found = related(base)

    assert [cs.id for cs in found] == [alike.id]
    assert related(base, limit=0) == []


def test_a_search_out_of_time_stops_and_says_partial(app, write) -> None:  # noqa: ANN001
    for n in range(3):
        write(title=f"Antrean {n}", situation="Waktu tunggu panjang.")
    apply_pending()
    app.config["SEARCH_TIME_LIMIT"] = 0.0

    results = find('antrean "waktu tunggu"')

    assert results.partial is True
    assert results.total <= 3
    app.config["SEARCH_TIME_LIMIT"] = 1.5
    assert find('antrean "waktu tunggu"').partial is False


def test_without_an_index_search_says_it_is_not_available(write) -> None:
    write()

    results = find("antrean")

    assert results.available is False
    assert results.total == 0 and results.hits == []
    assert related(write()) == []


def test_parse_request_cleans_cuts_and_clamps() -> None:
    args = MultiDict(
        {
            "q": "  antrean\x00 \u202epuskesmas\t" + "x" * 400,
            "program": " waktu ",
            "agency": "",
            "page": "abc",
            "per_page": "500",
        }
    )

    request = parse_request(args)

    assert request.q.startswith("antrean puskesmas")
    assert len(request.q) <= MAX_QUERY_LENGTH
    assert request.program == "waktu" and request.agency is None
    assert (request.page, request.per_page, request.sort) == (1, 50, "relevance")
    assert parse_request({"page": "0", "per_page": "0"}).per_page == 1
    assert parse_request({"page": "99999999999"}).page == 1000


@pytest.mark.parametrize(
    "args", [{"sort": "terbaru"}, {"year": "dua ribu"}, {"year": "99999"}]
)
def test_parse_request_refuses_what_it_cannot_guess(args: dict) -> None:
    with pytest.raises(SearchInputError) as error:
        parse_request(args)
    assert str(error.value)


def test_query_cleaning_drops_control_and_invisible_characters() -> None:
    assert clean_query("a\x00b \u202ec\u202c\u200bd\ud800e\n\tf") == "ab cde f"
    assert clean_query("“waktu tunggu”") == '"waktu tunggu"'
    assert cut_query("kata " * 100).endswith("kata")
    assert len(cut_query("x" * 1000)) == MAX_QUERY_LENGTH


def test_parse_keeps_words_and_balanced_phrases_only() -> None:
    parsed = parse('status:draft "waktu tunggu" (antrean "lepas')

    items = {item.terms for item in parsed.items}

    assert items == {
        ("status",),
        ("draft",),
        ("waktu", "tunggu"),
        ("antre",),
        ("lepas",),
    }


def test_an_empty_index_answers_with_nothing(write) -> None:  # noqa: ANN001
    draft = write(title="Antrean", publish=False)
    apply_pending()  # creates the index; a draft is not in it

    results = find("antrean")

    assert results.available is True
    assert (results.total, results.hits) == (0, [])
    assert find("").total == 0 and find("pelayaan").suggestion is None
    assert related(draft) == []

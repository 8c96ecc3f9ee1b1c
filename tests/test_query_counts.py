"""The number of SQL queries per page does not grow with what is on the page.

Each test renders the same page twice, once small and once large, and asserts
the two counts are equal: an N+1 (a lazy load per comment, tag or card) makes
the large one bigger.
"""

from __future__ import annotations

import pytest


def _queries(client, count_queries, path: str) -> int:  # noqa: ANN001
    with count_queries() as counter:
        response = client.get(path)
    assert response.status_code == 200, path
    return counter.count


def _case_study_with(
    make_case_study, make_comment, make_user, *, tags, threads, replies
):  # noqa: ANN001,ANN202
    cs = make_case_study(tags=[f"tag {n}" for n in range(tags)])
    for _ in range(threads):
        top = make_comment(cs, author=make_user())
        for _ in range(replies):
            make_comment(cs, author=make_user(), parent=top)
    return cs


@pytest.mark.parametrize("signed_in", [False, True])
def test_case_study_page_queries_do_not_grow_with_comments_and_tags(
    client, auth, count_queries, make_case_study, make_comment, make_user, signed_in
):
    small = _case_study_with(
        make_case_study, make_comment, make_user, tags=1, threads=1, replies=0
    )
    large = _case_study_with(
        make_case_study, make_comment, make_user, tags=8, threads=10, replies=2
    )
    if signed_in:
        auth.login(make_user())
    counts = [
        _queries(client, count_queries, f"/praktik/{cs.id}/{cs.slug}")
        for cs in (small, large)
    ]
    assert counts[0] == counts[1]
    assert counts[0] <= 10  # a sanity ceiling, not a target


def test_author_view_of_a_case_study_does_not_grow_either(
    client, auth, count_queries, make_case_study, make_comment, make_user
):
    small = _case_study_with(
        make_case_study, make_comment, make_user, tags=1, threads=1, replies=0
    )
    large = _case_study_with(
        make_case_study, make_comment, make_user, tags=8, threads=10, replies=2
    )
    counts = []
    for cs in (small, large):
        auth.login(cs.author)
        counts.append(_queries(client, count_queries, f"/praktik/{cs.id}/{cs.slug}"))
        auth.logout()
    assert counts[0] == counts[1]


def _fill_program(make_case_study, make_program, make_user, n: int, name: str):  # noqa: ANN001,ANN202
    program = make_program(name)
    for i in range(n):
        make_case_study(
            author=make_user(), program=program, tags=[f"tag {i}", f"lain {i}", "umum"]
        )
    return program


def test_programme_page_queries_do_not_grow_with_items(
    client, count_queries, make_case_study, make_program, make_user
):
    few = _fill_program(make_case_study, make_program, make_user, 2, "Sedikit")
    many = _fill_program(make_case_study, make_program, make_user, 20, "Banyak")
    counts = [
        _queries(client, count_queries, f"/program/{program.slug}")
        for program in (few, many)
    ]
    assert counts[0] == counts[1]


def test_agency_and_tag_pages_do_not_grow_with_items(
    client, count_queries, make_case_study, make_user, make_agency
):
    few_agency, many_agency = make_agency("Sedikit"), make_agency("Banyak")
    for agency, n, tag in ((few_agency, 2, "jarang"), (many_agency, 20, "sering")):
        for _ in range(n):
            make_case_study(author=make_user(agency=agency), tags=[tag, "umum"])
    agency_counts = [
        _queries(client, count_queries, f"/instansi/{slug}")
        for slug in ("sedikit", "banyak")
    ]
    tag_counts = [
        _queries(client, count_queries, f"/tag/{slug}") for slug in ("jarang", "sering")
    ]
    assert agency_counts[0] == agency_counts[1]
    assert tag_counts[0] == tag_counts[1]


def test_home_page_queries_do_not_grow_with_content(
    client, count_queries, make_case_study, make_program, make_user
):
    _fill_program(make_case_study, make_program, make_user, 2, "Awal")
    before = _queries(client, count_queries, "/")
    for n in range(6):
        _fill_program(make_case_study, make_program, make_user, 2, f"Tambahan {n}")
    after = _queries(client, count_queries, "/")
    assert before == after


def test_my_case_studies_page_does_not_grow_with_items(
    client, auth, count_queries, make_case_study, make_program, make_user
):
    program = make_program()
    few_author, many_author = make_user(), make_user()
    for author, n in ((few_author, 1), (many_author, 15)):
        for i in range(n):
            make_case_study(
                author=author, program=program, publish=i % 2 == 0, tags=[f"t{i}"]
            )
    counts = []
    for author in (few_author, many_author):
        auth.login(author)
        counts.append(_queries(client, count_queries, "/praktik/saya"))
        auth.logout()
    assert counts[0] == counts[1]

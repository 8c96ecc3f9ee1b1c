"""Browsing published case studies: home, programmes, agencies, tags, pagination."""

from __future__ import annotations

import pytest

from app.models import Status
from app.practices import services


@pytest.fixture
def small_pages(app):  # noqa: ANN001,ANN201
    app.config["PER_PAGE"] = 2
    return app


def test_publishing_makes_it_visible_on_every_list(
    db, client, make_user, make_agency, make_program, make_case_study
):
    agency = make_agency("Disdukcapil")
    program = make_program("Pelatihan Komunikasi Efektif")
    author = make_user(agency=agency)
    draft = make_case_study(
        author=author,
        program=program,
        publish=False,
        title="Loket jemput bola",
        tags=["Pelayanan Publik"],
    )
    pages = (
        "/",
        "/program/pelatihan-komunikasi-efektif",
        "/instansi/disdukcapil",
        "/tag/pelayanan-publik",
    )
    for path in pages:
        assert "Loket jemput bola" not in client.get(path).get_data(as_text=True)
    services.publish_case_study(draft)
    db.session.commit()
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Loket jemput bola" in response.get_data(as_text=True), path


def test_withdrawn_and_hidden_case_studies_leave_the_lists(
    db, client, make_program, make_case_study
):
    program = make_program("Etika Pelayanan Publik")
    withdrawn = make_case_study(program=program, title="Sudah ditarik", tags=["etika"])
    hidden = make_case_study(program=program, title="Disembunyikan", tags=["etika"])
    make_case_study(program=program, title="Masih terbit", tags=["etika"])
    services.withdraw_case_study(withdrawn)
    hidden.status = Status.HIDDEN
    db.session.commit()
    for path in (
        "/",
        "/program/etika-pelayanan-publik",
        "/tag/etika",
        f"/instansi/{withdrawn.agency.slug}",
    ):
        page = client.get(path).get_data(as_text=True)
        assert "Sudah ditarik" not in page and "Disembunyikan" not in page
    page = client.get("/program/etika-pelayanan-publik").get_data(as_text=True)
    assert "Masih terbit" in page
    assert "1 studi kasus terbit" in page


def test_programme_and_agency_directories_show_counts(
    client, make_user, make_agency, make_program, make_case_study
):
    program = make_program("Pelatihan Manajemen Krisis")
    make_program("Seminar Tanpa Cerita")
    agency = make_agency("Dinas Kesehatan")
    author = make_user(agency=agency)
    for _ in range(3):
        make_case_study(author=author, program=program)
    make_case_study(author=author, program=program, publish=False)
    page = client.get("/program").get_data(as_text=True)
    assert 'href="/program/pelatihan-manajemen-krisis"' in page
    assert "Seminar Tanpa Cerita" in page
    assert ">3<" in page and ">0<" in page
    page = client.get("/instansi").get_data(as_text=True)
    assert 'href="/instansi/dinas-kesehatan"' in page
    assert ">3<" in page


@pytest.mark.parametrize(
    "path", ["/program/tidak-ada", "/instansi/tidak-ada", "/tag/tidak-ada"]
)
def test_unknown_slug_is_not_found(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.get_data(as_text=True)


def test_programme_page_is_paginated_with_a_total(
    client, small_pages, make_program, make_case_study
):
    program = make_program("Manajemen Waktu")
    for n in range(5):
        make_case_study(program=program, title=f"Cerita nomor {n}")
    page1 = client.get("/program/manajemen-waktu").get_data(as_text=True)
    assert "5 studi kasus terbit" in page1
    assert page1.count('class="card mb-3"') == 2
    assert "Halaman 1 dari 3" in page1
    assert 'href="/program/manajemen-waktu?page=2"' in page1
    page3 = client.get("/program/manajemen-waktu?page=3").get_data(as_text=True)
    assert page3.count('class="card mb-3"') == 1
    assert "5 studi kasus terbit" in page3


@pytest.mark.parametrize("value", ["abc", "0", "-3", "", "1.5"])
def test_a_bad_page_number_means_page_one(
    client, small_pages, make_program, make_case_study, value
):
    program = make_program("Komunikasi Efektif")
    for _ in range(3):
        make_case_study(program=program)
    response = client.get(f"/program/komunikasi-efektif?page={value}")
    assert response.status_code == 200
    assert "Halaman 1 dari 2" in response.get_data(as_text=True)


@pytest.mark.parametrize("value", ["3", "99999999999999999999999"])
def test_a_page_past_the_end_is_not_found(
    client, small_pages, make_program, make_case_study, value
):
    program = make_program("Komunikasi Efektif")
    for _ in range(3):
        make_case_study(program=program)
    assert client.get(f"/program/komunikasi-efektif?page={value}").status_code == 404


def test_agency_and_tag_pages_are_paginated(
    client, small_pages, make_user, make_agency, make_case_study
):
    author = make_user(agency=make_agency("BKPSDM"))
    for _ in range(3):
        make_case_study(author=author, tags=["Kepegawaian"])
    for path in ("/instansi/bkpsdm", "/tag/kepegawaian"):
        page = client.get(path + "?page=2").get_data(as_text=True)
        assert "3 studi kasus terbit" in page
        assert page.count('class="card mb-3"') == 1
        assert "Halaman 2 dari 2" in page


def test_empty_programme_page_says_so(client, make_program):
    make_program("Program Baru")
    response = client.get("/program/program-baru")
    assert response.status_code == 200
    assert "Belum ada studi kasus yang terbit di sini." in response.get_data(
        as_text=True
    )


def test_home_shows_latest_programmes_agencies_and_popular_tags(
    client, make_user, make_agency, make_program, make_case_study
):
    author = make_user(agency=make_agency("Kecamatan Medan Baru"))
    program = make_program("Pelatihan Manajemen Krisis")
    make_case_study(
        author=author,
        program=program,
        title="Posko banjir",
        tags=["Banjir", "koordinasi"],
    )
    make_case_study(author=author, program=program, tags=["banjir"])
    make_case_study(publish=False, tags=["rahasia-draf"])
    page = client.get("/").get_data(as_text=True)
    assert "Posko banjir" in page
    assert 'href="/program/pelatihan-manajemen-krisis"' in page
    assert 'href="/instansi/kecamatan-medan-baru"' in page
    assert "Tag populer" in page
    assert 'href="/tag/banjir"' in page and 'href="/tag/koordinasi"' in page
    assert "rahasia-draf" not in page
    assert page.index('href="/tag/banjir"') < page.index('href="/tag/koordinasi"')


def test_home_lists_at_most_fifteen_tags(client, make_case_study):
    make_case_study(tags=[f"tag {n:02d}" for n in range(10)])
    make_case_study(tags=[f"tag {n:02d}" for n in range(10, 20)])
    page = client.get("/").get_data(as_text=True)
    section = page[page.index("Tag populer") :]
    assert section.count('href="/tag/') == 15

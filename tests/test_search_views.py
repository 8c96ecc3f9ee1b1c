"""``/cari`` and the header search box: what a reader sees, without JavaScript."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from app.models import Status
from app.models.base import utcnow
from app.search.indexer import apply_pending
from tests.test_search_query import HOSTILE


def page(client, url: str, status: int = 200) -> str:  # noqa: ANN001
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True)


def test_results_page_shows_count_results_facets_and_keeps_the_query(
    db,  # noqa: ANN001
    client,  # noqa: ANN001
    write,  # noqa: ANN001
) -> None:
    cs = write(
        title="Antrean puskesmas lebih pendek",
        situation="Kami melatih petugas loket.",
        tags=["pelayanan publik"],
    )
    cs.published_at = datetime(2026, 3, 14, 2, 0, tzinfo=UTC)
    db.session.commit()
    apply_pending()

    html = page(client, "/cari?q=pelatihan")

    assert 'value="pelatihan"' in html
    assert "1 studi kasus ditemukan" in html
    assert f'href="/praktik/{cs.id}/{cs.slug}"' in html
    assert "Program Uji" in html and cs.agency.name in html
    assert "14 Maret 2026" in html
    assert "<mark>melatih</mark>" in html
    assert 'href="/cari?q=pelatihan&amp;tag=pelayanan-publik"' in html
    assert 'href="/cari?q=pelatihan&amp;sort=newest"' in html
    assert 'method="get"' in html


def test_filter_links_combine_and_active_filters_can_be_removed(
    client,  # noqa: ANN001
    write,  # noqa: ANN001
) -> None:
    write(title="Antrean loket", tags=["antrean", "loket"])
    write(title="Antrean puskesmas", tags=["antrean"])
    apply_pending()

    html = page(client, "/cari?q=antrean&tag=loket")

    assert "1 studi kasus ditemukan" in html
    assert 'href="/cari?q=antrean"' in html  # remove the tag filter
    assert "(hapus filter)" in html
    # The form keeps the filter for the next query.
    assert '<input type="hidden" name="tag" value="loket">' in html


def test_featured_badge_in_results_and_on_the_case_study_page(
    db,  # noqa: ANN001
    client,  # noqa: ANN001
    write,  # noqa: ANN001
) -> None:
    cs = write(title="Antrean pendek")
    cs.featured_at = utcnow()
    cs.featured_note = "Mudah ditiru di kecamatan lain."
    db.session.commit()
    apply_pending()

    assert "Praktik unggulan" in page(client, "/cari?q=antrean")
    show = page(client, f"/praktik/{cs.id}/{cs.slug}")
    assert "Praktik unggulan" in show and "Mudah ditiru" in show
    assert "Praktik unggulan" in page(client, "/")  # the card on the home page


def test_case_study_page_lists_related_practices(client, write) -> None:  # noqa: ANN001
    flood = "Banjir di bantaran sungai. Posko banjir dan evakuasi warga."
    base = write(title="Posko banjir", situation=flood, tags=["banjir"])
    alike = write(title="Evakuasi banjir", situation=flood, tags=["banjir"])
    apply_pending()

    html = page(client, f"/praktik/{base.id}/{base.slug}")

    section = html.split("Praktik terkait", 1)[1]
    assert f'href="/praktik/{alike.id}/{alike.slug}"' in section
    assert f'href="/praktik/{base.id}/{base.slug}"' not in section


def test_did_you_mean_links_to_the_corrected_query(client, write) -> None:  # noqa: ANN001
    write(title="Pelayanan puskesmas")
    apply_pending()

    html = page(client, "/cari?q=pelayaan")

    assert "Mungkin maksud Anda:" in html
    assert 'href="/cari?q=pelayanan"' in html
    assert "ejaan yang mirip" in html and "1 studi kasus ditemukan" in html


def test_empty_results_suggest_what_to_try(client, write) -> None:  # noqa: ANN001
    write(title="Antrean loket", tags=["loket"])
    apply_pending()

    html = page(client, "/cari?q=antrean&tag=banjir")

    assert "Tidak ada studi kasus yang cocok." in html
    assert 'href="/cari?q=antrean"' in html  # remove the filter
    assert 'href="/program"' in html and 'href="/instansi"' in html


@pytest.mark.parametrize("typed", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_answer_200_without_hidden_content(
    db,  # noqa: ANN001
    client,  # noqa: ANN001
    write,  # noqa: ANN001
    typed: str,
) -> None:
    for status in Status:
        if status is not Status.PUBLISHED:
            hidden = write(title=f"RahasiaTersembunyi {status.value}")
            hidden.status = status
    write(title="Rahasia umum")
    db.session.commit()
    apply_pending()

    response = client.get("/cari", query_string={"q": typed.encode("utf-8", "replace")})

    assert response.status_code == 200
    assert "RahasiaTersembunyi" not in response.get_data(as_text=True)


def test_lagging_index_does_not_show_withdrawn_work(db, app, client, write) -> None:  # noqa: ANN001
    app.config["SEARCH_SYNC_AFTER_REQUEST"] = False
    gone = write(title="Antrean ditarik")
    write(title="Antrean tetap")
    apply_pending()
    gone.status = Status.WITHDRAWN
    db.session.commit()

    html = page(client, "/cari?q=antrean")

    assert "Antrean ditarik" not in html and "Antrean tetap" in html
    assert "1 studi kasus ditemukan" in html


def test_long_query_is_cut_and_the_page_says_so(client, write) -> None:  # noqa: ANN001
    write(title="Antrean")
    apply_pending()

    html = page(client, "/cari?q=" + "antrean+" * 100)

    assert "256 karakter" in html
    assert "1 studi kasus ditemukan" in html


def test_search_out_of_time_answers_with_what_it_found(app, client, write) -> None:  # noqa: ANN001
    write(title="Antrean")
    apply_pending()
    app.config["SEARCH_TIME_LIMIT"] = 0.0

    html = page(client, "/cari?q=antrean")

    assert "hanya perkiraan" in html


def test_unusable_parameter_is_a_polite_400(client, write) -> None:  # noqa: ANN001
    write(title="Antrean")
    apply_pending()

    html = page(client, "/cari?q=antrean&sort=acak", status=400)

    assert "Urutan harus" in html
    assert 'value="antrean"' in html


def test_without_an_index_the_page_says_search_is_being_prepared(client) -> None:  # noqa: ANN001
    html = page(client, "/cari?q=antrean")

    assert "Pencarian sedang disiapkan" in html
    assert 'href="/program"' in html


def test_pages_link_to_each_other(client, write) -> None:  # noqa: ANN001
    for n in range(3):
        write(title=f"Antrean {n}")
    apply_pending()

    first = page(client, "/cari?q=antrean&per_page=2")
    second = page(client, "/cari?q=antrean&per_page=2&page=2")

    assert 'href="/cari?q=antrean&amp;page=2&amp;per_page=2"' in first
    assert "Halaman 2 dari 2" in second
    assert 'href="/cari?q=antrean&amp;per_page=2"' in second  # back to page 1


@pytest.mark.parametrize(
    "url", ["/", "/program", "/instansi", "/masuk", "/daftar", "/cari", "/tidak-ada"]
)
def test_every_page_has_the_header_search_box(client, url: str) -> None:  # noqa: ANN001
    html = client.get(url).get_data(as_text=True)

    form = re.search(r'<form class="header-search[^>]*>(.*?)</form>', html, re.S)
    assert form is not None
    assert 'action="/cari"' in form.group(0) and 'method="get"' in form.group(0)
    assert '<label for="cari-header"' in form.group(1)
    assert 'id="cari-header"' in form.group(1) and 'name="q"' in form.group(1)


def test_header_search_box_on_a_case_study_page(client, write) -> None:  # noqa: ANN001
    cs = write()

    assert 'id="cari-header"' in page(client, f"/praktik/{cs.id}/{cs.slug}")

"""Evaluation dashboards: what they count, who may see them, and their cost.

The builders (``city_overview``, ``programme_dashboard``, ``agency_dashboard``)
are tested directly with a fixed "now"; the pages through the client.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
import sqlalchemy as sa

from app.evaluation.agency import agency_dashboard
from app.evaluation.city import city_overview
from app.evaluation.figures import WITHHELD, Table
from app.evaluation.params import current_year
from app.evaluation.programme import programme_dashboard
from app.models import CaseStudy, FollowUpStage, Role
from app.models.base import utcnow
from tests.evaluation_data import (
    NOW,
    YEAR,
    attend,
    build_city,
    follow_up,
    make_run,
    person,
    program_named,
    rate,
    sign_in,
)


def table(tables: list[Table], name: str) -> Table:
    return next(t for t in tables if t.name == name)


def row(t: Table, first: str) -> list:
    return next(r.cells for r in t.rows if r.cells[0] == first)


def cells_by_label(t: Table, first: str) -> dict[str, object]:
    return {str(c.label): v for c, v in zip(t.columns, row(t, first), strict=True)}


# --- city overview ---------------------------------------------------------------


def test_city_overview_ranks_programmes_and_marks_low_participation(app, db):
    city = build_city()

    tables = city_overview(YEAR, now=NOW, see_small=True, link_dashboards=True).tables

    participation = table(tables, "partisipasi")
    assert [r.cells[0] for r in participation.rows] == [
        city.program.name,
        city.quiet_program.name,
    ]
    busy = cells_by_label(participation, city.program.name)
    assert (busy["Peserta"], busy["Angkatan"], busy["Kursi"]) == (6, 2, 8)
    assert busy["Keterisian (%)"] == 75.0 and busy["Catatan"] == ""
    quiet = cells_by_label(participation, city.quiet_program.name)
    assert quiet["Keterisian (%)"] == 3.3
    assert quiet["Catatan"] == "Partisipasi rendah"


def test_city_overview_shows_follow_up_response_and_missing_follow_up(app, db):
    city = build_city()

    tables = city_overview(YEAR, now=NOW, see_small=True, link_dashboards=True).tables

    follow = table(tables, "tindak-lanjut")
    busy = cells_by_label(follow, city.program.name)
    # 6 sent, 4 answered (3 applied, 1 not), 2 confirmed by the supervisor.
    assert (busy["Terkirim"], busy["Dijawab"]) == (6, 4)
    assert busy["Tingkat jawaban (%)"] == 66.7
    assert busy["Menerapkan (%)"] == 75.0
    assert busy["Dikonfirmasi atasan"] == 2
    quiet = cells_by_label(follow, city.quiet_program.name)
    assert quiet["Terkirim"] == 0
    assert quiet["Catatan"] == "Belum ada tindak lanjut terkirim"
    assert follow.rows[0].cells[0] == city.program.name  # ranked by response


def test_rejected_and_other_years_completions_do_not_count(app, db):
    city = build_city()
    extra = person(city.agency)
    attend(extra, city.program, city.runs[0], rejected=True)
    attend(person(city.agency), city.program, on=date(YEAR - 1, 6, 1))
    db.session.commit()

    tables = city_overview(YEAR, now=NOW, see_small=True, link_dashboards=True).tables

    assert (
        cells_by_label(table(tables, "partisipasi"), city.program.name)["Peserta"] == 6
    )
    last_year = city_overview(YEAR - 1, now=NOW, see_small=True, link_dashboards=True)
    assert row(table(last_year.tables, "partisipasi"), city.program.name)[1] == 1


def test_city_overview_withholds_small_averages_unless_allowed(app, db):
    city = build_city()
    few = program_named("Program Sedikit Jawaban")
    for _ in range(4):
        rate(attend(person(city.agency), few), (2, 2, 2, 2))
    db.session.commit()

    hidden = city_overview(YEAR, now=NOW, see_small=False, link_dashboards=False)
    shown = city_overview(YEAR, now=NOW, see_small=True, link_dashboards=True)

    small = row(table(hidden.tables, "umpan-balik"), few.name)
    assert small[1] == 4 and small[2:6] == [WITHHELD] * 4
    assert row(table(hidden.tables, "umpan-balik"), city.program.name)[2] == 4.0
    assert row(table(shown.tables, "umpan-balik"), few.name)[2:6] == [2.0] * 4


def test_fifth_answer_makes_the_average_visible_to_everyone(app, db):
    city = build_city()
    few = program_named("Program Ambang")
    for _ in range(4):
        rate(attend(person(city.agency), few), (3, 3, 3, 3))
    db.session.commit()
    before = city_overview(YEAR, now=NOW, see_small=False, link_dashboards=False)
    assert row(table(before.tables, "umpan-balik"), few.name)[2] == WITHHELD

    rate(attend(person(city.agency), few), (5, 5, 5, 5))
    db.session.commit()

    after = city_overview(YEAR, now=NOW, see_small=False, link_dashboards=False)
    assert row(table(after.tables, "umpan-balik"), few.name)[1:3] == [5, 3.4]


# --- programme dashboard ----------------------------------------------------------


def test_programme_dashboard_counts_per_run_agency_and_stage(app, db):
    city = build_city()
    guest = person(city.other_agency)
    attend(guest, city.program, city.runs[0], verified=False)
    db.session.commit()

    data = programme_dashboard(
        city.program, None, now=NOW, see_small=True, see_answers=True
    )

    runs = table(data.tables, "angkatan")
    first = cells_by_label(runs, "Angkatan 1")
    assert (first["Peserta"], first["Terverifikasi"], first["Kursi"]) == (4, 3, 4)
    assert first["Catatan"] == "Penuh"
    agencies = table(data.tables, "instansi")
    assert [r.cells for r in agencies.rows] == [
        [city.agency.name, 6],
        [city.other_agency.name, 1],
    ]
    stages = table(data.tables, "tahap")
    early = stages.rows[0].cells
    assert early[1:3] == [6, 4]
    assert data.headline.participants == 7 and data.headline.runs == 2


def test_programme_dashboard_trend_of_follow_up_per_run(app, db):
    city = build_city()
    # Angkatan 1 holds staff 0, 2, 4: silent, applied, silent; Angkatan 2
    # staff 1, 3, 5: applied, not applied, applied.
    data = programme_dashboard(
        city.program, YEAR, now=NOW, see_small=True, see_answers=True
    )

    trend = table(data.tables, "tindak-lanjut")
    one = cells_by_label(trend, "Angkatan 1")
    two = cells_by_label(trend, "Angkatan 2")
    assert (one["Terkirim"], one["Dijawab"], one["Tingkat jawaban (%)"]) == (3, 1, 33.3)
    assert one["Menerapkan (%)"] == 100.0
    assert (two["Dijawab"], two["Menerapkan (%)"]) == (3, 66.7)
    assert trend.chart is not None and trend.chart.kind == "line"


def test_supervisor_confirmed_disputed_and_awaiting_are_counted(app, db):
    city = build_city()
    boss = person(city.agency, name="Atasan")
    program = program_named("Program Atasan")
    verdicts = [True, False, None]
    for verdict in verdicts:
        completion = attend(person(city.agency), program)
        follow_up(completion, applied=True, supervisor=boss, confirmed=verdict)
    db.session.commit()

    data = programme_dashboard(program, None, now=NOW, see_small=True, see_answers=True)

    stage = cells_by_label(table(data.tables, "tahap"), "Tahap awal (±30 hari)")
    assert stage["Dikonfirmasi atasan"] == 1
    assert stage["Dibantah atasan"] == 1
    assert stage["Menunggu atasan"] == 1


def test_due_but_unsent_follow_ups_are_counted_against_now(app, db):
    city = build_city()
    program = program_named("Program Jatuh Tempo")
    completion = attend(person(city.agency), program, on=date(YEAR, 1, 10))
    follow_up(completion, FollowUpStage.EARLY)
    db.session.commit()

    early = programme_dashboard(
        program,
        None,
        now=NOW.replace(year=YEAR, month=1, day=1),
        see_small=True,
        see_answers=False,
    )
    late = programme_dashboard(
        program, None, now=NOW, see_small=True, see_answers=False
    )

    column = "Jatuh tempo, belum terkirim"
    assert (
        cells_by_label(table(early.tables, "tahap"), "Tahap awal (±30 hari)")[column]
        == 0
    )
    assert (
        cells_by_label(table(late.tables, "tahap"), "Tahap awal (±30 hari)")[column]
        == 1
    )


def test_programme_dashboard_lists_case_studies_and_featured(
    app, db, make_case_study, make_user
):
    city = build_city()
    case = make_case_study(program=city.program, title="Rapat pagi lima belas menit")
    db.session.execute(
        sa.update(CaseStudy).where(CaseStudy.id == case.id).values(featured_at=utcnow())
    )
    make_case_study(program=city.program, title="Draf belum terbit", publish=False)
    db.session.commit()

    data = programme_dashboard(
        city.program, None, now=NOW, see_small=True, see_answers=True
    )

    studies = table(data.tables, "studi-kasus")
    assert [r.cells[0] for r in studies.rows] == ["Rapat pagi lima belas menit"]
    assert studies.rows[0].cells[3] == "Ya"
    assert (data.headline.case_studies, data.headline.featured) == (1, 1)


def test_completions_without_a_run_get_their_own_row(app, db):
    city = build_city()
    attend(person(city.agency), city.program, verified=False)
    db.session.commit()

    data = programme_dashboard(
        city.program, None, now=NOW, see_small=True, see_answers=True
    )

    assert row(table(data.tables, "angkatan"), "Tanpa angkatan")[5] == 1


def test_individual_answers_only_when_allowed(app, db):
    city = build_city()

    without = programme_dashboard(
        city.program, None, now=NOW, see_small=False, see_answers=False
    )
    with_answers = programme_dashboard(
        city.program, None, now=NOW, see_small=True, see_answers=True
    )

    assert "jawaban" not in {t.name for t in without.tables}
    comments = table(with_answers.tables, "jawaban").column(6)
    assert sorted(comments) == [f"Komentar {i}" for i in range(6)]


# --- agency dashboard -------------------------------------------------------------


def test_agency_dashboard_participation_hours_and_who_has_not_joined(app, db):
    city = build_city()
    idle = person(city.agency, name="Belum Ikut Siapa Pun")
    quiet_run = make_run(city.quiet_program, "Angkatan Kecil", date(YEAR, 8, 1))
    attend(city.staff[0], city.quiet_program, quiet_run)  # 24 + 8 JP
    db.session.commit()

    data = agency_dashboard(city.agency, YEAR, now=NOW)

    assert data.headcount == 40
    assert data.participants == 6 and data.participation == 15.0
    assert data.total_hours == 6 * 24 + 8
    assert data.hours_per_employee == round(152 / 40, 1)
    assert data.reached_target == 6
    not_joined = [r.cells[0] for r in table(data.tables, "belum-ikut").rows]
    assert not_joined == sorted([idle.name, city.leader.name])
    programmes = table(data.tables, "program")
    assert row(programmes, city.program.name)[1:] == [6, 15.0]
    hours = {r.cells[0]: r.cells[1] for r in table(data.tables, "jp").rows}
    assert hours["0 JP"] == 2 and hours["20 JP atau lebih"] == 6
    assert hours["Belum terdaftar di platform"] == 40 - 8


def test_agency_without_headcount_shows_counts_only(app, db):
    city = build_city()

    data = agency_dashboard(city.other_agency, YEAR, now=NOW)

    assert data.headcount is None
    assert data.participation is None and data.hours_per_employee is None
    assert row(table(data.tables, "program"), city.quiet_program.name)[1:] == [
        1,
        None,
    ]


def test_agency_dashboard_counts_follow_up_and_contributions(
    app, db, make_case_study, make_comment
):
    city = build_city()
    author = city.staff[0]
    case = make_case_study(author=author, program=city.program)
    make_comment(case, author=city.staff[1])
    make_comment(case, author=person(city.other_agency))

    data = agency_dashboard(city.agency, YEAR, now=NOW)
    # Written and commented just now: this (WIB) year's contributions.
    written = agency_dashboard(city.agency, current_year(), now=NOW)

    follow = cells_by_label(table(data.tables, "tindak-lanjut"), "Semua program")
    assert (follow["Terkirim"], follow["Dijawab"]) == (6, 4)
    contributions = {
        r.cells[0]: r.cells[1] for r in table(written.tables, "kontribusi").rows
    }
    assert contributions == {
        "Studi kasus terbit": 1,
        "Praktik unggulan": 0,
        "Komentar ditulis": 1,
    }


# --- pages, access and parameters -------------------------------------------------


@pytest.fixture
def city(app, db):  # noqa: ANN001, ANN201
    return build_city()


def test_pimpinan_sees_own_agency_but_not_another(client, city):
    sign_in(client, city.leader)

    own = client.get(f"/evaluasi/instansi/{city.agency.slug}")
    other = client.get(f"/evaluasi/instansi/{city.other_agency.slug}")
    export = client.get(f"/evaluasi/instansi/{city.other_agency.slug}?format=csv")

    assert own.status_code == 200
    assert "Pegawai yang belum mengikuti program" in own.get_data(as_text=True)
    assert other.status_code == 403 and export.status_code == 403


def test_pimpinan_may_not_open_programme_dashboards(client, city):
    sign_in(client, city.leader)

    assert client.get("/evaluasi").status_code == 200
    assert client.get(f"/evaluasi/program/{city.program.slug}").status_code == 403


def test_members_get_403_and_anonymous_visitors_the_login_page(client, city):
    urls = [
        "/evaluasi",
        f"/evaluasi/program/{city.program.slug}",
        f"/evaluasi/instansi/{city.agency.slug}",
        f"/evaluasi/program/{city.program.slug}?format=xlsx",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/masuk"), url
    sign_in(client, city.staff[0])
    for url in urls:
        assert client.get(url).status_code == 403, url


def test_organiser_sees_programmes_but_not_agencies(client, city):
    sign_in(client, city.organiser)

    assert client.get(f"/evaluasi/program/{city.program.slug}").status_code == 200
    assert client.get(f"/evaluasi/instansi/{city.agency.slug}").status_code == 403


def test_admin_sees_every_dashboard(client, city):
    sign_in(client, city.admin)

    for url in (
        "/evaluasi",
        f"/evaluasi/program/{city.program.slug}",
        f"/evaluasi/instansi/{city.agency.slug}",
        f"/evaluasi/instansi/{city.other_agency.slug}",
    ):
        assert client.get(url).status_code == 200, url


def test_unknown_programme_or_agency_is_404(client, city):
    sign_in(client, city.admin)

    assert client.get("/evaluasi/program/tidak-ada").status_code == 404
    assert client.get("/evaluasi/instansi/tidak-ada").status_code == 404


@pytest.mark.parametrize("year", ["abc", "1999", "20266", "-1", "2026.5"])
def test_invalid_year_is_a_400_with_a_message(client, city, year):
    sign_in(client, city.admin)

    for url in (
        f"/evaluasi?tahun={year}",
        f"/evaluasi/program/{city.program.slug}?tahun={year}",
        f"/evaluasi/instansi/{city.agency.slug}?tahun={year}",
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "Tahun tidak valid" in response.get_data(as_text=True)


def test_year_filter_selects_the_year(client, city):
    sign_in(client, city.admin)

    this_year = client.get(f"/evaluasi?tahun={YEAR}").get_data(as_text=True)
    next_year = client.get(f"/evaluasi?tahun={YEAR + 1}").get_data(as_text=True)

    assert f"tahun {YEAR}" in this_year and f"tahun {YEAR + 1}" in next_year
    assert "Partisipasi rendah" in this_year
    assert "Partisipasi rendah" not in next_year


def _charts(page: str) -> dict[str, dict]:
    found = re.findall(
        r'<script type="application/json" id="data-([a-z-]+)">(.*?)</script>',
        page,
        re.S,
    )
    return {name: json.loads(body) for name, body in found}


def test_each_chart_has_its_data_as_json_and_an_accessible_table(client, city):
    sign_in(client, city.organiser)

    page = client.get(f"/evaluasi/program/{city.program.slug}").get_data(as_text=True)

    charts = _charts(page)
    assert {"angkatan", "tindak-lanjut", "tahap", "instansi", "umpan-balik"} <= set(
        charts
    )
    assert charts["angkatan"]["data"]["labels"] == ["Angkatan 1", "Angkatan 2"]
    assert charts["angkatan"]["data"]["datasets"][0]["data"] == [3, 3]
    for name in charts:
        assert f'data-chart="data-{name}"' in page
        assert re.search(
            rf'<canvas id="grafik-{name}" role="img" aria-label="[^"]+"', page
        )
    assert page.count("<caption") >= len(charts)
    assert '<th scope="col"' in page and '<th scope="row"' in page
    assert "vendor/chartjs/chart.umd.min.js" in page and "js/charts.js" in page
    assert "<script>" not in page  # no inline script: the data is JSON


def test_chart_json_cannot_break_out_of_its_script_element(client, city, db):
    city.program.name = "Pelatihan </script><script>alert(1)</script>"
    db.session.commit()
    sign_in(client, city.admin)

    page = client.get("/evaluasi").get_data(as_text=True)

    assert "<script>alert(1)" not in page
    charts = _charts(page)
    assert city.program.name in charts["partisipasi"]["data"]["labels"]


def test_chart_library_and_its_licence_are_served_locally(client):
    script = client.get("/static/vendor/chartjs/chart.umd.min.js")
    licence = client.get("/static/vendor/chartjs/LICENSE.md")
    ours = client.get("/static/js/charts.js")

    assert script.status_code == 200 and b"Chart.js v4." in script.data[:200]
    assert licence.status_code == 200 and b"MIT" in licence.data
    assert ours.status_code == 200 and b"application/json" in ours.data
    for response in (script, licence, ours):
        response.close()


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        (Role.MEMBER, False),
        (Role.MODERATOR, False),
        (Role.ORGANISER, True),
        (Role.LEADER, True),
        (Role.ADMIN, True),
    ],
)
def test_nav_link_evaluasi_for_organisers_leaders_and_admins(client, city, role, shown):
    sign_in(client, person(city.agency, role=role))

    page = client.get("/").get_data(as_text=True)

    assert ('href="/evaluasi"' in page) is shown


# --- a bounded number of queries ---------------------------------------------------


def _grow(city, scale: int) -> None:  # noqa: ANN001
    """More runs, staff, completions, follow-ups and answers: same pages."""
    for n in range(scale):
        run = make_run(city.program, f"Angkatan Tambahan {n}", date(YEAR, 9, 1 + n))
        for i in range(5):
            completion = attend(person(city.agency), city.program, run)
            follow_up(completion, sent=True, applied=i % 2 == 0)
            rate(completion, (5, 4, 4, 5), comment="Tambahan")
        person(city.agency)  # staff who joined nothing


def _count(client, count_queries, url: str) -> int:  # noqa: ANN001
    client.get(url)  # warm caches (translations, templates)
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200, url
    return counter.count


@pytest.mark.parametrize(
    "path",
    [
        "/evaluasi?tahun=2026",
        "/evaluasi/program/{program}",
        "/evaluasi/program/{program}?tahun=2026",
        "/evaluasi/instansi/{agency}?tahun=2026",
        "/evaluasi/program/{program}?format=xlsx",
        "/evaluasi/instansi/{agency}?tahun=2026&format=csv&tabel=pegawai",
    ],
)
def test_dashboards_run_the_same_number_of_queries_at_two_sizes(
    client, db, count_queries, city, path
):
    url = path.format(program=city.program.slug, agency=city.agency.slug)
    sign_in(client, city.admin)
    small = _count(client, count_queries, url)

    _grow(city, 4)
    db.session.commit()
    large = _count(client, count_queries, url)

    assert small == large, f"{url}: {small} queries, then {large}"
    assert small <= 12, url

"""Case studies: the writing rules (services) and every page that writes, reads,
edits or withdraws one."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.models import CaseStudy, CaseStudyRevision, Role, Status, Tag
from app.practices import services
from app.practices.services import CaseStudyData, CaseStudyError
from tests.conftest import count_rows


def _data(program, **overrides) -> CaseStudyData:  # noqa: ANN001
    values = {
        "title": "Posko krisis terpadu",
        "summary": "Satu posko untuk semua laporan.",
        "program_id": program.id,
        "situation": "Laporan tersebar di banyak grup.",
        "action": "Membentuk **posko** terpadu.",
        "result": "Respons lebih cepat.",
        "lessons": "Latih tim sebelum krisis.",
        "tags": ["krisis"],
    }
    values.update(overrides)
    return CaseStudyData(**values)


def _form(program, **overrides) -> dict[str, str]:  # noqa: ANN001
    values = {
        "title": "Antrean puskesmas lebih pendek",
        "summary": "Jadwal kedatangan per jam memangkas antrean.",
        "program_id": str(program.id),
        "situation": "Antrean pagi sampai 60 orang.",
        "action": "Menerapkan **manajemen waktu**: kartu jam kedatangan.",
        "result": "Waktu tunggu turun.",
        "lessons": "Libatkan petugas loket sejak awal.",
        "result_metric": "Waktu tunggu",
        "result_before": "45",
        "result_after": "20,5",
        "result_unit": "menit",
        "tags": "Pelayanan Publik, antrean, pelayanan publik",
    }
    values.update(overrides)
    return values


# --- services ----------------------------------------------------------------


def test_new_case_study_is_a_draft_with_one_revision(db, writer):
    user, program = writer
    cs = services.create_case_study(user, _data(program))
    db.session.commit()
    assert cs.status is Status.DRAFT
    assert cs.published_at is None
    assert cs.agency_id == user.agency_id
    assert "<strong>posko</strong>" in cs.action_html
    assert [r.number for r in cs.revisions] == [1]


def test_publishing_at_creation_sets_the_publication_date(db, writer):
    user, program = writer
    cs = services.create_case_study(user, _data(program), publish=True)
    assert cs.status is Status.PUBLISHED
    assert cs.published_at is not None


def test_writing_about_a_programme_not_completed_is_refused(db, make_user, writer):
    _, program = writer
    with pytest.raises(CaseStudyError, match="sudah Anda selesaikan"):
        services.create_case_study(make_user(), _data(program))


def test_every_save_keeps_a_revision(db, writer):
    user, program = writer
    cs = services.create_case_study(user, _data(program, title="Versi satu"))
    services.update_case_study(cs, user, _data(program, title="Versi dua"))
    services.update_case_study(cs, user, _data(program, title="Versi tiga"))
    db.session.commit()
    revisions = db.session.scalars(
        sa.select(CaseStudyRevision).order_by(CaseStudyRevision.number)
    ).all()
    assert [(r.number, r.title) for r in revisions] == [
        (1, "Versi satu"),
        (2, "Versi dua"),
        (3, "Versi tiga"),
    ]
    assert cs.title == "Versi tiga"


def test_tags_are_deduplicated_by_slug(db, writer, make_case_study):
    user, program = writer
    assert services.parse_tags("Pelayanan Publik, pelayanan  publik ,antrean,, ") == [
        "Pelayanan Publik",
        "antrean",
    ]
    make_case_study(author=user, program=program, tags=["Antrean"])
    make_case_study(author=user, program=program, tags=["antrean", "ANTREAN"])
    assert db.session.scalars(sa.select(Tag.slug)).all() == ["antrean"]


def test_withdrawing_takes_a_published_case_study_back(db, make_case_study):
    cs = make_case_study()
    services.withdraw_case_study(cs)
    assert cs.status is Status.WITHDRAWN


def test_a_draft_cannot_be_withdrawn(db, make_case_study):
    cs = make_case_study(publish=False)
    with pytest.raises(CaseStudyError):
        services.withdraw_case_study(cs)
    assert cs.status is Status.DRAFT


def test_republishing_keeps_the_first_publication_date(db, make_case_study):
    cs = make_case_study()
    first = cs.published_at
    services.withdraw_case_study(cs)
    services.publish_case_study(cs)
    db.session.commit()
    assert cs.status is Status.PUBLISHED
    assert cs.published_at == first


def test_a_hidden_case_study_cannot_be_published(db, make_case_study):
    cs = make_case_study(publish=False, title="Judul asli")
    cs.status = Status.HIDDEN
    with pytest.raises(CaseStudyError, match="disembunyikan"):
        services.publish_case_study(cs)
    with pytest.raises(CaseStudyError):
        services.update_case_study(
            cs, cs.author, _data(cs.program, title="Judul baru"), publish=True
        )
    assert cs.status is Status.HIDDEN
    assert cs.title == "Judul asli"


def test_a_section_longer_than_the_cap_is_refused(db, writer):
    user, program = writer
    too_long = "a" * (services.MAX_SECTION_LENGTH + 1)
    with pytest.raises(CaseStudyError, match="paling banyak"):
        services.create_case_study(user, _data(program, lessons=too_long))


def test_result_figures_are_kept_to_two_decimals_and_bounded(db, writer):
    user, program = writer
    cs = services.create_case_study(
        user, _data(program, result_before=Decimal("45"), result_after=Decimal("20.5"))
    )
    assert (cs.result_before, cs.result_after) == (Decimal("45.00"), Decimal("20.50"))
    with pytest.raises(CaseStudyError):
        services.create_case_study(
            user, _data(program, result_before=Decimal("1e15"), result_after=None)
        )


def test_editing_onto_a_programme_not_completed_is_refused(db, writer, make_program):
    user, program = writer
    cs = services.create_case_study(user, _data(program))
    other = make_program()
    with pytest.raises(CaseStudyError):
        services.update_case_study(cs, user, _data(other))


def test_a_title_that_would_clash_with_a_route_gets_another_slug(db, writer):
    user, program = writer
    cs = services.create_case_study(user, _data(program, title="Ubah"))
    assert cs.slug == "ubah-1"


# --- writing: /praktik/baru ----------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_writer_is_sent_to_log_in(client, method):
    response = getattr(client, method)("/praktik/baru")
    assert response.status_code == 302
    assert "/masuk" in response.headers["Location"]


def test_member_without_completion_is_told_to_declare_one(client, auth, make_user):
    user = make_user()
    auth.login(user)
    response = client.get("/praktik/baru")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'href="/profil/{user.id}"' in page
    assert "belum mencatat program" in page
    assert '<form method="post" action="/praktik/baru"' not in page


def test_form_offers_only_completed_programmes(client, auth, writer, make_program):
    user, program = writer
    make_program("Pelatihan Yang Tidak Diikuti")
    auth.login(user)
    page = client.get("/praktik/baru").get_data(as_text=True)
    assert "Pelatihan Manajemen Waktu" in page
    assert "Pelatihan Yang Tidak Diikuti" not in page
    for label in ("Situasi", "Tindakan", "Hasil", "Pelajaran", "Pratinjau"):
        assert label in page


def test_a_follow_up_link_preselects_its_programme_among_completed_ones(
    client, auth, writer, make_program, make_completion
):
    user, program = writer
    other = make_program("Pelatihan Komunikasi Efektif")
    make_completion(user, other)
    never = make_program("Pelatihan Yang Tidak Diikuti")
    auth.login(user)

    def selected(query: str) -> list[str]:
        page = client.get(f"/praktik/baru{query}").get_data(as_text=True)
        return re.findall(r'<option selected value="(\d+)"', page) + re.findall(
            r'<option value="(\d+)" selected', page
        )

    assert selected(f"?program_id={other.id}") == [str(other.id)]
    assert selected(f"?program_id={never.id}") == []  # not completed: not offered
    assert selected("?program_id=abc") == []


def test_publishing_from_the_form_shows_the_case_study(db, client, auth, writer):
    user, program = writer
    auth.login(user)
    response = client.post("/praktik/baru", data=_form(program, publish="Terbitkan"))
    cs = db.session.scalars(sa.select(CaseStudy)).one()
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/praktik/{cs.id}/{cs.slug}")
    assert cs.status is Status.PUBLISHED
    assert sorted(t.name for t in cs.tags) == ["Pelayanan Publik", "antrean"]
    assert (cs.result_before, cs.result_after) == (Decimal("45.00"), Decimal("20.50"))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Studi kasus Anda sudah terbit" in page


def test_saving_a_draft_keeps_it_unpublished(db, client, auth, writer):
    user, program = writer
    auth.login(user)
    client.post("/praktik/baru", data=_form(program, save="Simpan draf"))
    cs = db.session.scalars(sa.select(CaseStudy)).one()
    assert cs.status is Status.DRAFT
    assert cs.published_at is None


def test_fields_a_user_may_not_set_are_ignored(db, client, auth, writer, make_user):
    user, program = writer
    someone = make_user()
    auth.login(user)
    data = _form(
        program,
        save="Simpan draf",
        author_id=str(someone.id),
        agency_id=str(someone.agency_id),
        status="published",
    )
    client.post("/praktik/baru", data=data)
    cs = db.session.scalars(sa.select(CaseStudy)).one()
    assert (cs.author_id, cs.agency_id) == (user.id, user.agency_id)
    assert cs.status is Status.DRAFT


def test_preview_renders_the_sections_and_saves_nothing(db, client, auth, writer):
    user, program = writer
    auth.login(user)
    response = client.post("/praktik/baru", data=_form(program, preview="Pratinjau"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<strong>manajemen waktu</strong>" in page
    assert "Belum disimpan" in page
    assert "Antrean pagi sampai 60 orang." in page  # still in the textarea
    assert count_rows(CaseStudy) == 0
    assert count_rows(CaseStudyRevision) == 0


def test_preview_never_renders_raw_html(client, auth, writer):
    user, program = writer
    auth.login(user)
    hostile = "<script>alert(1)</script> [x](javascript:alert(1))"
    page = client.post(
        "/praktik/baru", data=_form(program, situation=hostile, preview="Pratinjau")
    ).get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert 'href="javascript:' not in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": "  "}, "Judul wajib diisi."),
        ({"program_id": ""}, "Pilih program."),
        ({"program_id": "abc"}, "Pilih program."),
        ({"result_before": "dua puluh"}, "Tulis angka seperti"),
        ({"result_before": "12.5"}, "Tulis angka seperti"),
        ({"result_before": "NaN"}, "tidak wajar"),
        ({"result_after": ""}, "Isi angka sebelum dan sesudah"),
        ({"result_metric": ""}, "Tulis apa yang diukur"),
        ({"lessons": ""}, "Isi bagian ini sebelum menerbitkan."),
    ],
)
def test_bad_input_is_explained_and_what_was_typed_is_kept(
    db, client, auth, writer, overrides, message
):
    user, program = writer
    auth.login(user)
    data = _form(program, publish="Terbitkan", **overrides)
    response = client.post("/praktik/baru", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page
    assert "Antrean pagi sampai 60 orang." in page
    assert "Jadwal kedatangan per jam memangkas antrean." in page
    assert count_rows(CaseStudy) == 0


def test_a_programme_not_completed_cannot_be_chosen(
    db, client, auth, writer, make_program
):
    user, program = writer
    other = make_program()
    auth.login(user)
    response = client.post(
        "/praktik/baru", data=_form(program, program_id=str(other.id), save="x")
    )
    assert response.status_code == 400
    assert "Pilih program yang sudah Anda selesaikan." in response.get_data(
        as_text=True
    )
    assert count_rows(CaseStudy) == 0


def test_a_section_over_the_cap_is_refused_with_a_clear_message(
    db, client, auth, writer
):
    user, program = writer
    auth.login(user)
    too_long = "b" * (services.MAX_SECTION_LENGTH + 1)
    response = client.post(
        "/praktik/baru", data=_form(program, action=too_long, save="x")
    )
    assert response.status_code == 400
    assert "paling banyak 20000 karakter" in response.get_data(as_text=True)
    assert count_rows(CaseStudy) == 0


def test_a_rule_broken_in_the_service_shows_as_a_form_error(
    db, client, auth, writer, monkeypatch
):
    user, program = writer
    auth.login(user)

    def refuse(*_args, **_kwargs):  # noqa: ANN002,ANN003,ANN202
        raise CaseStudyError("Aturan dilanggar di layanan.")

    monkeypatch.setattr(services, "create_case_study", refuse)
    response = client.post("/praktik/baru", data=_form(program, save="x"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Aturan dilanggar di layanan." in page
    assert "Antrean puskesmas lebih pendek" in page


# --- reading: /praktik/<id> ----------------------------------------------------


def test_case_study_url_without_slug_redirects_permanently(client, make_case_study):
    cs = make_case_study(title="Koordinasi darurat kesehatan")
    for path in (f"/praktik/{cs.id}", f"/praktik/{cs.id}/judul-lama"):
        response = client.get(path + "?lang=en")
        assert response.status_code == 301
        assert response.headers["Location"].endswith(
            f"/praktik/{cs.id}/koordinasi-darurat-kesehatan?lang=en"
        )


def test_case_study_page_shows_everything_a_reader_needs(
    db, client, make_user, make_agency, make_case_study
):
    author = make_user(name="Siti Aminah", agency=make_agency("Dinas Kesehatan"))
    cs = make_case_study(
        author=author,
        title="Posko krisis DBD",
        tags=["kesehatan", "krisis"],
        situation="Kasus **DBD** naik.",
    )
    cs.result_metric, cs.result_unit = "Waktu respons", "jam"
    cs.result_before, cs.result_after = Decimal("48"), Decimal("6.5")
    db.session.commit()
    page = client.get(f"/praktik/{cs.id}/{cs.slug}").get_data(as_text=True)
    for heading in ("Situasi", "Tindakan", "Hasil", "Pelajaran"):
        assert f"<h2>{heading}</h2>" in page
    assert "Kasus <strong>DBD</strong> naik." in page
    assert f'href="/profil/{author.id}">Siti Aminah</a>' in page
    assert 'href="/instansi/dinas-kesehatan"' in page
    assert f'href="/program/{cs.program.slug}"' in page
    assert 'href="/tag/kesehatan"' in page and 'href="/tag/krisis"' in page
    assert "Waktu respons" in page and "48 jam" in page and "6,5 jam" in page
    assert " WIB" in page
    assert 'id="komentar"' in page
    assert "/ubah" not in page and "/tarik" not in page and "/riwayat" not in page


def test_unknown_case_study_is_not_found(client):
    assert client.get("/praktik/999").status_code == 404
    assert client.get("/praktik/999/apa-saja").status_code == 404


@pytest.mark.parametrize("status", [Status.DRAFT, Status.WITHDRAWN, Status.HIDDEN])
def test_unpublished_case_study_is_not_found_for_others(
    db, client, auth, make_user, make_case_study, status
):
    cs = make_case_study(publish=False)
    cs.status = status
    db.session.commit()
    url = f"/praktik/{cs.id}/{cs.slug}"
    assert client.get(url).status_code == 404
    auth.login(make_user())
    assert client.get(url).status_code == 404


def test_author_sees_own_draft_with_its_status(client, auth, make_case_study):
    cs = make_case_study(publish=False)
    auth.login(cs.author)
    page = client.get(f"/praktik/{cs.id}/{cs.slug}").get_data(as_text=True)
    assert "draf" in page
    assert "Hanya Anda yang dapat melihatnya" in page
    assert f'href="/praktik/{cs.id}/ubah"' in page


def test_moderator_may_read_a_draft(client, auth, make_user, make_case_study):
    cs = make_case_study(publish=False)
    auth.login(make_user(Role.MODERATOR))
    assert client.get(f"/praktik/{cs.id}/{cs.slug}").status_code == 200


def test_author_sees_edit_withdraw_and_history_buttons(client, auth, make_case_study):
    cs = make_case_study()
    auth.login(cs.author)
    page = client.get(f"/praktik/{cs.id}/{cs.slug}").get_data(as_text=True)
    for path in ("ubah", "tarik", "riwayat"):
        assert f'href="/praktik/{cs.id}/{path}"' in page


# --- editing -------------------------------------------------------------------


def test_anonymous_editor_is_sent_to_log_in(client, make_case_study):
    cs = make_case_study()
    response = client.get(f"/praktik/{cs.id}/ubah")
    assert response.status_code == 302
    assert "/masuk" in response.headers["Location"]


def test_member_cannot_edit_someone_elses_case_study(
    db, client, auth, make_user, make_case_study
):
    cs = make_case_study(title="Asli")
    draft = make_case_study(publish=False)
    auth.login(make_user())
    assert client.get(f"/praktik/{cs.id}/ubah").status_code == 403
    response = client.post(
        f"/praktik/{cs.id}/ubah", data=_form(cs.program, title="Dibajak", save="x")
    )
    assert response.status_code == 403
    assert client.get(f"/praktik/{draft.id}/ubah").status_code == 404
    assert db.session.get(CaseStudy, cs.id).title == "Asli"


def test_edit_form_is_prefilled(client, auth, make_case_study):
    cs = make_case_study(title="Judul lama", tags=["antrean", "loket"])
    cs.result_before = Decimal("1500")
    auth.login(cs.author)
    page = client.get(f"/praktik/{cs.id}/ubah").get_data(as_text=True)
    assert 'value="Judul lama"' in page
    assert 'value="antrean, loket"' in page
    assert 'value="1500"' in page
    assert "Antrean panjang di loket." in page
    assert "Simpan perubahan" in page


def test_author_edit_keeps_status_and_adds_a_revision(
    db, client, auth, make_case_study
):
    cs = make_case_study(title="Judul lama")
    auth.login(cs.author)
    response = client.post(
        f"/praktik/{cs.id}/ubah",
        data=_form(cs.program, title="Judul baru", save="Simpan perubahan"),
    )
    assert response.status_code == 302
    cs = db.session.get(CaseStudy, cs.id)
    assert cs.title == "Judul baru"
    assert cs.status is Status.PUBLISHED
    assert [r.number for r in cs.revisions] == [2, 1]


def test_edit_preview_changes_nothing(db, client, auth, make_case_study):
    cs = make_case_study(title="Judul lama")
    auth.login(cs.author)
    response = client.post(
        f"/praktik/{cs.id}/ubah", data=_form(cs.program, title="Baru", preview="x")
    )
    assert response.status_code == 200
    cs = db.session.get(CaseStudy, cs.id)
    assert cs.title == "Judul lama"
    assert len(cs.revisions) == 1


def test_a_hidden_case_study_cannot_be_edited_by_its_author(
    db, client, auth, make_case_study
):
    cs = make_case_study()
    cs.status = Status.HIDDEN
    db.session.commit()
    auth.login(cs.author)
    assert client.get(f"/praktik/{cs.id}/ubah").status_code == 403


# --- history -------------------------------------------------------------------


def test_author_sees_the_history_and_each_revision(db, client, auth, make_case_study):
    cs = make_case_study(title="Versi pertama", action="Pakai **jadwal**.")
    services.update_case_study(
        cs, cs.author, _data(cs.program, title="Versi kedua", tags=[])
    )
    db.session.commit()
    auth.login(cs.author)
    page = client.get(f"/praktik/{cs.id}/riwayat").get_data(as_text=True)
    assert "Versi pertama" in page and "Versi kedua" in page
    assert cs.author.name in page and " WIB" in page
    assert f'href="/praktik/{cs.id}/riwayat/1"' in page
    page = client.get(f"/praktik/{cs.id}/riwayat/1").get_data(as_text=True)
    assert "Versi pertama" in page
    assert "Pakai <strong>jadwal</strong>." in page
    assert client.get(f"/praktik/{cs.id}/riwayat/9").status_code == 404


def test_others_cannot_see_the_history(client, auth, make_user, make_case_study):
    cs = make_case_study()
    response = client.get(f"/praktik/{cs.id}/riwayat")
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]
    auth.login(make_user())
    assert client.get(f"/praktik/{cs.id}/riwayat").status_code == 403
    assert client.get(f"/praktik/{cs.id}/riwayat/1").status_code == 403


# --- withdrawing ---------------------------------------------------------------


def test_author_withdraws_after_confirming(db, client, auth, make_case_study):
    cs = make_case_study()
    auth.login(cs.author)
    page = client.get(f"/praktik/{cs.id}/tarik").get_data(as_text=True)
    assert 'method="post"' in page and "Ya, tarik" in page
    assert db.session.get(CaseStudy, cs.id).status is Status.PUBLISHED
    response = client.post(f"/praktik/{cs.id}/tarik", follow_redirects=True)
    assert "Studi kasus ditarik" in response.get_data(as_text=True)
    assert db.session.get(CaseStudy, cs.id).status is Status.WITHDRAWN


def test_others_cannot_withdraw(db, client, auth, make_user, make_case_study):
    cs = make_case_study()
    response = client.post(f"/praktik/{cs.id}/tarik")
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]
    auth.login(make_user())
    assert client.post(f"/praktik/{cs.id}/tarik").status_code == 403
    assert db.session.get(CaseStudy, cs.id).status is Status.PUBLISHED


def test_a_draft_cannot_be_withdrawn_from_the_page(db, client, auth, make_case_study):
    cs = make_case_study(publish=False)
    auth.login(cs.author)
    assert client.post(f"/praktik/{cs.id}/tarik").status_code == 403
    assert db.session.get(CaseStudy, cs.id).status is Status.DRAFT


def test_author_republishes_a_withdrawn_case_study_from_edit(
    db, client, auth, make_case_study
):
    cs = make_case_study()
    services.withdraw_case_study(cs)
    db.session.commit()
    auth.login(cs.author)
    assert "Terbitkan lagi" in client.get(f"/praktik/{cs.id}/ubah").get_data(
        as_text=True
    )
    client.post(
        f"/praktik/{cs.id}/ubah", data=_form(cs.program, publish="Terbitkan lagi")
    )
    assert db.session.get(CaseStudy, cs.id).status is Status.PUBLISHED


# --- my case studies -----------------------------------------------------------


def test_my_case_studies_needs_login(client):
    response = client.get("/praktik/saya")
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]


def test_my_case_studies_lists_every_state_with_a_badge(
    db, client, auth, writer, make_case_study
):
    user, program = writer
    titles = {}
    for status in Status:
        cs = make_case_study(author=user, program=program, title=f"Cerita {status}")
        cs.status = status
        titles[status] = cs.title
    make_case_study(title="Cerita orang lain")
    db.session.commit()
    auth.login(user)
    page = client.get("/praktik/saya").get_data(as_text=True)
    for title in titles.values():
        assert title in page
    for badge in ("draf", "terbit", "ditarik", "disembunyikan"):
        assert f"</span>{badge}</span>" in page
    assert "Cerita orang lain" not in page

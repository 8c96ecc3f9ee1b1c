"""Two edits of one case study: the later save never silently overwrites.

The edit form carries the ``edit_version`` it was made from; a save raises it
with a conditional ``UPDATE``. A save from an older version gets a 409 page
that keeps every word typed and shows what was saved meanwhile.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import current_app
from markupsafe import escape

from app.models import CaseStudy, CaseStudyRevision, SearchChange
from app.practices import services
from app.practices.services import CaseStudyData, EditConflict
from tests.concurrency import run_together
from tests.conftest import PASSWORD

EDITORS = 4


def hidden(html: str, name: str) -> str:
    [value] = re.findall(rf'name="{name}"[^>]*value="([^"]*)"', html)
    return value


def edit_form(client, case_id: int, values: dict[str, str]) -> dict[str, str]:  # noqa: ANN001
    """What the edit page's form would send back: ``values`` (the case
    study's fields, read beforehand) and the hidden fields the page rendered."""
    html = client.get(f"/praktik/{case_id}/ubah").get_data(as_text=True)
    return {
        **values,
        "form_token": hidden(html, "form_token"),
        "edit_version": hidden(html, "edit_version"),
    }


def fields_of(cs: CaseStudy) -> dict[str, str]:
    return {
        "title": cs.title,
        "summary": cs.summary,
        "program_id": str(cs.program_id),
        "situation": cs.situation_md,
        "action": cs.action_md,
        "result": cs.result_md,
        "lessons": cs.lessons_md,
        "tags": "pelayanan publik",
        "save": "Simpan perubahan",
    }


def stored(db, cs) -> CaseStudy:  # noqa: ANN001
    db.session.expire_all()
    return db.session.get(CaseStudy, cs.id)


def revisions(db, cs) -> int:  # noqa: ANN001
    return db.session.scalar(
        sa.select(sa.func.count(CaseStudyRevision.id)).where(
            CaseStudyRevision.case_study_id == cs.id
        )
    )


@pytest.fixture
def two_tabs(app, make_case_study):  # noqa: ANN001,ANN201
    """A published case study and two signed-in clients of its author (two
    tabs or two devices), each with the edit form open."""
    cs = make_case_study(title="Judul awal")
    clients = [app.test_client(), app.test_client()]
    forms = []
    for client in clients:
        client.post("/masuk", data={"email": cs.author.email, "password": PASSWORD})
        forms.append(edit_form(client, cs.id, fields_of(cs)))
    return cs, clients, forms


def test_the_edit_form_carries_the_version_it_was_made_from(two_tabs):
    cs, _clients, forms = two_tabs
    assert [form["edit_version"] for form in forms] == ["1", "1"]


def test_the_second_save_gets_a_conflict_page_that_keeps_its_text(db, two_tabs):
    cs, (first, second), (form_a, form_b) = two_tabs
    saved = first.post(
        f"/praktik/{cs.id}/ubah",
        data={**form_a, "title": "Versi pertama", "lessons": "Pelajaran dari A."},
    )
    assert saved.status_code == 302
    typed = {
        "title": "Versi kedua <b>tebal</b>",
        "summary": "Ringkasan yang diketik di tab kedua.",
        "lessons": "Pelajaran panjang dari B,\nbaris kedua.",
    }
    conflict = second.post(f"/praktik/{cs.id}/ubah", data={**form_b, **typed})
    html = conflict.get_data(as_text=True)
    assert conflict.status_code == 409
    assert "Perubahan Anda belum disimpan" in html
    for value in typed.values():
        assert str(escape(value)) in html
    assert "<b>tebal</b>" not in html
    # What was saved meanwhile, and a link to it in the history.
    assert "Pelajaran dari A." in html and "Versi pertama" in html
    assert f'href="/praktik/{cs.id}/riwayat/2"' in html
    assert hidden(html, "edit_version") == "2"
    assert hidden(html, "form_token") == form_b["form_token"]
    current = stored(db, cs)
    assert current.title == "Versi pertama" and current.edit_version == 2
    assert revisions(db, cs) == 2


def test_saving_again_from_the_conflict_page_replaces_the_other_save(db, two_tabs):
    cs, (first, second), (form_a, form_b) = two_tabs
    first.post(f"/praktik/{cs.id}/ubah", data={**form_a, "title": "Versi pertama"})
    conflict = second.post(
        f"/praktik/{cs.id}/ubah", data={**form_b, "title": "Versi kedua"}
    ).get_data(as_text=True)
    deliberate = {
        **form_b,
        "title": "Versi kedua",
        "edit_version": hidden(conflict, "edit_version"),
        "form_token": hidden(conflict, "form_token"),
    }
    response = second.post(f"/praktik/{cs.id}/ubah", data=deliberate)
    assert response.status_code == 302
    current = stored(db, cs)
    assert current.title == "Versi kedua" and current.edit_version == 3
    assert revisions(db, cs) == 3


def test_the_conflict_page_speaks_english_when_asked(two_tabs):
    cs, (first, second), (form_a, form_b) = two_tabs
    first.post(f"/praktik/{cs.id}/ubah", data=form_a)
    response = second.post(f"/praktik/{cs.id}/ubah?lang=en", data=form_b)
    assert response.status_code == 409
    assert 'lang="en"' in response.get_data(as_text=True)


def test_an_edit_form_without_a_version_still_saves(client, auth, db, make_case_study):
    """A script or a page from before versions: saved as before."""
    cs = make_case_study()
    auth.login(cs.author)
    data = edit_form(client, cs.id, fields_of(cs))
    data.pop("edit_version")
    data["title"] = "Tanpa versi"
    assert client.post(f"/praktik/{cs.id}/ubah", data=data).status_code == 302
    current = stored(db, cs)
    assert current.title == "Tanpa versi" and current.edit_version == 2


@pytest.mark.parametrize("version", ["99999999999999999999999", "-1", "abc", "1\x00"])
def test_a_hostile_version_is_not_a_server_error(
    client, auth, db, make_case_study, version
):
    cs = make_case_study()
    auth.login(cs.author)
    data = {**edit_form(client, cs.id, fields_of(cs)), "edit_version": version}
    assert client.post(f"/praktik/{cs.id}/ubah", data=data).status_code in (302, 400)


def test_a_stale_save_changes_nothing_at_all(db, make_case_study):
    cs = make_case_study(title="Judul awal")
    services.update_case_study(cs, cs.author, _data(cs, "Disimpan"), seen_version=1)
    db.session.commit()
    changes = db.session.scalar(sa.select(sa.func.count(SearchChange.id)))
    with pytest.raises(EditConflict):
        services.update_case_study(cs, cs.author, _data(cs, "Basi"), seen_version=1)
    db.session.rollback()
    current = stored(db, cs)
    assert current.title == "Disimpan" and current.edit_version == 2
    assert revisions(db, cs) == 2
    assert db.session.scalar(sa.select(sa.func.count(SearchChange.id))) == changes


def _data(cs: CaseStudy, title: str) -> CaseStudyData:
    return CaseStudyData(
        title=title,
        summary=cs.summary,
        program_id=cs.program_id,
        situation="Situasi.",
        action="Tindakan.",
        result="Hasil.",
        lessons="Pelajaran.",
    )


def test_editors_saving_the_same_version_at_once_let_exactly_one_win(
    db, config_class, make_case_study
):
    """Four connections save version 1 at the same moment: one 302, the rest
    409, one new revision, and the stored title is the winner's."""
    cs = make_case_study(title="Judul awal")
    case_id, email, values = cs.id, cs.author.email, fields_of(cs)
    path = f"/praktik/{case_id}/ubah"

    def save(n: int, start) -> tuple[int, str]:  # noqa: ANN001
        client = current_app.test_client()
        client.post("/masuk", data={"email": email, "password": PASSWORD})
        form = edit_form(client, case_id, values)
        start()
        response = client.post(path, data={**form, "title": f"Penyunting {n}"})
        return response.status_code, f"Penyunting {n}"

    results = run_together(config_class, EDITORS, save)
    assert sorted(status for status, _title in results) == [302] + [409] * (EDITORS - 1)
    [winner] = [title for status, title in results if status == 302]
    current = stored(db, cs)
    assert current.title == winner and current.edit_version == 2
    assert revisions(db, cs) == 2

"""Praktik unggulan: the rules for featuring, the list, and the badge everywhere."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.models import AuditEvent, CaseStudy, Notification, NotificationKind, Role
from app.moderation import decisions, featuring
from app.moderation.decisions import ModerationError
from app.search.indexer import apply_pending

BADGE = "Praktik unggulan"


@pytest.fixture
def moderator(make_user):  # noqa: ANN001,ANN201
    return make_user(Role.MODERATOR)


@pytest.fixture
def make_verified(make_case_study, make_user, make_program, make_completion):  # noqa: ANN001,ANN201
    """A published case study whose author's completion is verified."""

    def make(**kwargs):  # noqa: ANN003,ANN202
        author = kwargs.pop("author", None) or make_user()
        program = kwargs.pop("program", None) or make_program()
        make_completion(author, program, verified=True)
        return make_case_study(author=author, program=program, **kwargs)

    return make


def feature(db, case_study, moderator, note="Layak dicontoh.", days_ago=0):  # noqa: ANN001,ANN201
    featuring.feature(case_study, moderator, note)
    case_study.featured_at = case_study.featured_at - timedelta(days=days_ago)
    db.session.commit()
    return case_study


def case_url(cs: CaseStudy) -> str:
    return f"/praktik/{cs.id}/{cs.slug}"


# The rules ------------------------------------------------------------------------


def test_featuring_records_who_when_why_audits_and_tells_the_author(
    db, moderator, make_verified
):
    case_study = make_verified()

    featuring.feature(case_study, moderator, "  Hasilnya terukur dan mudah ditiru. ")
    db.session.commit()

    assert case_study.is_featured and case_study.featured_by_id == moderator.id
    assert case_study.featured_note == "Hasilnya terukur dan mudah ditiru."
    event = db.session.scalar(sa.select(AuditEvent))
    assert (event.action, event.target_id, event.reason) == (
        "feature",
        case_study.id,
        "Hasilnya terukur dan mudah ditiru.",
    )
    notice = db.session.scalar(sa.select(Notification))
    assert (notice.user_id, notice.kind) == (
        case_study.author_id,
        NotificationKind.FEATURED,
    )
    assert notice.message == "Hasilnya terukur dan mudah ditiru."


def test_the_authors_completion_must_be_verified(
    db, moderator, make_case_study, make_verified, make_program
):
    unverified = make_case_study()  # the fixture's completion is unverified
    with pytest.raises(ModerationError, match="belum diverifikasi"):
        featuring.feature(unverified, moderator, "Bagus.")
    # A verified completion of another programme does not count.
    other = make_verified()
    elsewhere = make_case_study(author=other.author, program=make_program())
    with pytest.raises(ModerationError, match="belum diverifikasi"):
        featuring.feature(elsewhere, moderator, "Bagus.")
    assert db.session.scalar(sa.select(AuditEvent)) is None


def test_only_a_published_case_study_can_be_featured(
    db, moderator, make_verified, make_case_study
):
    hidden = make_verified()
    decisions.hide(hidden, moderator, "Spam.")
    draft = make_verified(publish=False)
    for case_study in (hidden, draft):
        with pytest.raises(ModerationError, match="terbit"):
            featuring.feature(case_study, moderator, "Bagus.")


def test_the_curators_note_is_required_and_featuring_twice_is_refused(
    db, moderator, make_verified
):
    case_study = make_verified()
    with pytest.raises(ModerationError, match="Catatan kurator wajib diisi"):
        featuring.feature(case_study, moderator, "   ")
    featuring.feature(case_study, moderator, "Bagus.")
    with pytest.raises(ModerationError, match="sudah menjadi praktik unggulan"):
        featuring.feature(case_study, moderator, "Lagi.")


def test_members_cannot_feature(db, make_user, make_verified):
    with pytest.raises(ModerationError):
        featuring.feature(make_verified(), make_user(), "Punya saya bagus.")


def test_unfeaturing_needs_a_reason_clears_the_badge_and_is_audited(
    db, moderator, make_verified
):
    case_study = feature(db, make_verified(), moderator)
    with pytest.raises(ModerationError, match="Alasan wajib diisi"):
        featuring.unfeature(case_study, moderator, "")

    featuring.unfeature(case_study, moderator, "Datanya ternyata belum lengkap.")
    db.session.commit()

    assert not case_study.is_featured and case_study.featured_note == ""
    actions = list(db.session.scalars(sa.select(AuditEvent.action).order_by("id")))
    assert actions == ["feature", "unfeature"]
    kinds = list(db.session.scalars(sa.select(Notification.kind).order_by("id")))
    assert kinds == [NotificationKind.FEATURED, NotificationKind.UNFEATURED]
    with pytest.raises(ModerationError, match="bukan praktik unggulan"):
        featuring.unfeature(case_study, moderator, "Lagi.")


# Through the pages ----------------------------------------------------------------


def test_a_moderator_features_from_the_case_study_page(
    client, auth, db, moderator, make_verified
):
    case_study = make_verified()
    auth.login(moderator)
    page = client.get(case_url(case_study)).get_data(as_text=True)
    assert f"/moderasi/praktik/{case_study.id}/unggulkan" in page

    response = client.post(
        f"/moderasi/praktik/{case_study.id}/unggulkan",
        data={"reason": "Contoh koordinasi lintas instansi."},
    )

    assert response.status_code == 302
    assert db.session.get(CaseStudy, case_study.id).is_featured


def test_featuring_without_a_note_or_a_verified_completion_says_why(
    client, auth, db, moderator, make_case_study, make_verified
):
    auth.login(moderator)
    no_note = client.post(
        f"/moderasi/praktik/{make_verified().id}/unggulkan", data={"reason": ""}
    )
    unverified = client.post(
        f"/moderasi/praktik/{make_case_study().id}/unggulkan",
        data={"reason": "Catatan saya"},
    )

    assert no_note.status_code == unverified.status_code == 400
    assert "Catatan kurator wajib diisi" in no_note.get_data(as_text=True)
    page = unverified.get_data(as_text=True)
    assert "belum diverifikasi" in page and "Catatan saya" in page
    assert db.session.scalar(sa.select(AuditEvent)) is None


def test_a_moderator_unfeatures_with_a_reason(
    client, auth, db, moderator, make_verified
):
    case_study = feature(db, make_verified(), moderator)
    auth.login(moderator)

    refused = client.post(f"/moderasi/praktik/{case_study.id}/batal-unggulan")
    done = client.post(
        f"/moderasi/praktik/{case_study.id}/batal-unggulan",
        data={"reason": "Sudah tidak relevan."},
    )

    assert refused.status_code == 400 and done.status_code == 302
    assert not db.session.get(CaseStudy, case_study.id).is_featured


def test_the_page_shows_the_badge_and_the_curators_note(
    client, db, moderator, make_verified
):
    case_study = feature(db, make_verified(), moderator, "Mudah ditiru unit lain.")

    page = client.get(case_url(case_study)).get_data(as_text=True)

    assert BADGE in page
    assert "Catatan kurator:" in page and "Mudah ditiru unit lain." in page


# /praktik-unggulan -------------------------------------------------------------------


def test_the_list_is_newest_feature_first_with_each_note(
    client, db, moderator, make_verified
):
    old = feature(db, make_verified(title="Dipilih dulu"), moderator, "Catatan A", 9)
    new = feature(db, make_verified(title="Dipilih baru"), moderator, "Catatan B", 1)
    make_verified(title="Tidak dipilih")

    page = client.get("/praktik-unggulan").get_data(as_text=True)

    assert page.index(new.title) < page.index(old.title)
    assert "Catatan A" in page and "Catatan B" in page
    assert "Tidak dipilih" not in page
    assert "2 praktik unggulan" in page


def test_a_hidden_featured_case_study_leaves_the_list(
    client, db, moderator, make_verified
):
    case_study = feature(
        db, make_verified(title="Unggul lalu disembunyikan"), moderator
    )
    decisions.hide(case_study, moderator, "Ternyata memuat data pribadi.")
    db.session.commit()

    assert "Unggul lalu disembunyikan" not in client.get("/praktik-unggulan").get_data(
        as_text=True
    )
    assert "Unggul lalu disembunyikan" not in client.get("/").get_data(as_text=True)


def test_the_list_filters_by_programme_and_agency(
    client, db, moderator, make_verified, make_program, make_user, make_agency
):
    krisis = make_program("Pelatihan Krisis Uji")
    bpbd = make_agency("BPBD Uji")
    feature(db, make_verified(program=krisis, title="Krisis di mana saja"), moderator)
    feature(
        db,
        make_verified(author=make_user(agency=bpbd), title="Apa saja di BPBD"),
        moderator,
    )

    by_program = client.get("/praktik-unggulan?program=pelatihan-krisis-uji")
    by_agency = client.get("/praktik-unggulan?instansi=bpbd-uji")
    unknown = client.get("/praktik-unggulan?program=tidak-ada")

    assert "Krisis di mana saja" in by_program.get_data(as_text=True)
    assert "Apa saja di BPBD" not in by_program.get_data(as_text=True)
    assert "Apa saja di BPBD" in by_agency.get_data(as_text=True)
    assert "Krisis di mana saja" not in by_agency.get_data(as_text=True)
    assert unknown.status_code == 400
    assert "Pilihan ini tidak tersedia." in unknown.get_data(as_text=True)


def test_the_list_is_paginated_and_keeps_its_filter(
    app, client, db, moderator, make_verified, make_program
):
    app.config["PER_PAGE"] = 2
    program = make_program("Pelatihan Halaman")
    for n in range(3):
        feature(db, make_verified(program=program, title=f"Unggul {n}"), moderator)

    first = client.get("/praktik-unggulan?program=pelatihan-halaman")
    second = client.get("/praktik-unggulan?program=pelatihan-halaman&page=2")

    assert first.get_data(as_text=True).count("Unggul ") == 2
    assert second.get_data(as_text=True).count("Unggul ") == 1
    assert "page=2" in first.get_data(as_text=True)
    assert "program=pelatihan-halaman" in first.get_data(as_text=True)


def test_the_list_runs_a_fixed_number_of_queries(
    client, db, moderator, make_verified, count_queries
):
    counts = []
    for n in (1, 6):
        for _ in range(n):
            feature(db, make_verified(tags=["a", "b"]), moderator)
        with count_queries() as counter:
            assert client.get("/praktik-unggulan").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]


# The home page and the badge elsewhere ----------------------------------------------


def test_the_home_page_shows_the_latest_three_with_their_notes(
    client, db, moderator, make_verified
):
    for n in range(4):
        feature(
            db, make_verified(title=f"Unggulan {n}"), moderator, f"Alasan {n}", 10 - n
        )

    page = client.get("/").get_data(as_text=True)
    section = page[page.index('id="unggulan"') : page.index('id="terbaru"')]

    assert "Unggulan 0" not in section  # the oldest feature of four
    for n in (1, 2, 3):
        assert f"Unggulan {n}" in section and f"Alasan {n}" in section
    assert section.index("Unggulan 3") < section.index("Unggulan 1")
    assert 'href="/praktik-unggulan"' in section


def test_the_badge_shows_in_lists_and_search_results(
    client, db, moderator, make_verified, make_program
):
    program = make_program("Pelatihan Lencana")
    feature(db, make_verified(program=program, title="Lencana zebrabiru"), moderator)
    apply_pending()

    listing = client.get("/program/pelatihan-lencana").get_data(as_text=True)
    results = client.get("/cari?q=zebrabiru").get_data(as_text=True)
    api = client.get("/api/v1/search?q=zebrabiru").get_json()

    assert BADGE in listing
    assert "Lencana zebrabiru" in results and BADGE in results
    assert api["results"][0]["featured"] is True


def test_a_case_study_without_the_badge_shows_none(client, make_verified):
    case_study = make_verified()
    page = client.get(case_url(case_study)).get_data(as_text=True)
    assert "featured-badge" not in page

"""Accounts: registering, signing in and out, and where a sign-in may send you."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.auth import services
from app.auth.redirects import safe_next_url
from app.models import Role, User
from tests.conftest import PASSWORD, VALID_NIP

OTHER_NIP = "199002282015022001"


class Inputs(HTMLParser):
    """Input values, selected options and form actions, read with an HTML parser."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.values: dict[str, str | None] = {}
        self.selected: dict[str, str | None] = {}
        self.form_actions: list[str | None] = []
        self._select: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name"):
            self.values[attributes["name"]] = attributes.get("value")
        elif tag == "form":
            self.form_actions.append(attributes.get("action"))
        elif tag == "select":
            self._select = attributes.get("name")
        elif tag == "option" and "selected" in attributes and self._select:
            self.selected[self._select] = attributes.get("value")


def registration(agency_obj, /, **overrides: str) -> dict[str, str]:
    data = {
        "name": "Siti Rahmawati",
        "nip": VALID_NIP,
        "email": "siti.rahmawati@medan.go.id",
        "agency": str(agency_obj.id),
        "position": "Analis SDM Aparatur",
        "password": PASSWORD,
        "confirm": PASSWORD,
    }
    data.update(overrides)
    return data


def user_by_email(db, email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email))


def user_count(db) -> int:
    return db.session.scalar(sa.select(sa.func.count(User.id)))


# --- registration ----------------------------------------------------------


def test_register_page_has_a_label_for_every_input(client, make_agency):
    make_agency("Dinas Kesehatan")
    page = client.get("/daftar").get_data(as_text=True)
    for field in ("name", "nip", "email", "agency", "position", "password", "confirm"):
        assert f'for="{field}"' in page
    assert "Dinas Kesehatan" in page


def test_registration_creates_a_member_logs_them_in_and_opens_their_profile(
    client, db, make_agency
):
    agency = make_agency()
    response = client.post("/daftar", data=registration(agency))

    user = user_by_email(db, "siti.rahmawati@medan.go.id")
    assert user is not None
    assert response.status_code == 302
    assert response.headers["Location"] == f"/profil/{user.id}"
    assert user.role is Role.MEMBER
    assert user.agency_id == agency.id
    assert user.nip == VALID_NIP
    assert user.position == "Analis SDM Aparatur"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Selamat datang, Siti Rahmawati!" in page
    assert client.get("/profil/ubah").status_code == 200  # signed in


def test_password_is_stored_as_an_scrypt_hash(client, db, make_agency):
    client.post("/daftar", data=registration(make_agency()))
    user = user_by_email(db, "siti.rahmawati@medan.go.id")
    assert user.password_hash != PASSWORD
    assert PASSWORD not in user.password_hash
    assert user.password_hash.startswith("scrypt:")
    assert user.check_password(PASSWORD)


def test_email_is_stored_trimmed_and_lowercase(client, db, make_agency):
    client.post(
        "/daftar",
        data=registration(make_agency(), email="  Siti.Rahmawati@Medan.GO.id "),
    )
    assert user_by_email(db, "siti.rahmawati@medan.go.id") is not None


def test_nip_typed_with_spaces_is_stored_as_digits(client, db, make_agency):
    client.post(
        "/daftar", data=registration(make_agency(), nip="19850412 201003 1 001")
    )
    assert user_by_email(db, "siti.rahmawati@medan.go.id").nip == VALID_NIP


def test_a_posted_role_is_ignored(client, db, make_agency):
    client.post("/daftar", data=registration(make_agency(), role="admin"))
    assert user_by_email(db, "siti.rahmawati@medan.go.id").role is Role.MEMBER


# Not one character repeated ("é" * 12 is refused as trivial, see
# tests/test_passwords.py), but any script, counted in code points.
@pytest.mark.parametrize(
    "password",
    ["Ünïcödé-Kätå", "山川異域風月同天" * 16, "kata sandi 🙂 spasi"],
    ids=["12", "128", "mix"],
)
def test_any_unicode_password_from_12_to_128_characters_is_accepted(
    client, db, make_agency, password
):
    response = client.post(
        "/daftar",
        data=registration(make_agency(), password=password, confirm=password),
    )
    assert response.status_code == 302
    user = user_by_email(db, "siti.rahmawati@medan.go.id")
    assert services.authenticate(user.email, password) == user


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": "  "}, "Isi nama lengkap Anda."),
        ({"name": "N" * 121}, "Nama maksimal 120 karakter."),
        ({"email": ""}, "Isi alamat email Anda."),
        ({"email": "siti-at-medan.go.id"}, "Masukkan alamat email yang valid."),
        ({"email": "siti@"}, "Masukkan alamat email yang valid."),
        ({"nip": ""}, "Isi NIP Anda."),
        ({"nip": "19850412201003100"}, "NIP harus terdiri dari 18 angka."),
        ({"nip": "19850412201003100X"}, "NIP hanya boleh berisi angka."),
        ({"nip": "198502302010031001"}, "Tanggal lahir pada NIP"),
        ({"nip": "198504122010131001"}, "Bulan TMT pada NIP"),
        ({"nip": "198504122010033001"}, "jenis kelamin"),
        ({"agency": ""}, "Pilih instansi Anda."),
        ({"agency": "999999"}, "Pilih instansi dari daftar."),
        ({"agency": "bukan-angka"}, "Pilih instansi Anda."),
        ({"position": ""}, "Isi jabatan Anda."),
        (
            {"password": "a" * 11, "confirm": "a" * 11},
            "Kata sandi harus 12 sampai 128 karakter.",
        ),
        (
            {"password": "a" * 129, "confirm": "a" * 129},
            "Kata sandi harus 12 sampai 128 karakter.",
        ),
        ({"confirm": PASSWORD + "x"}, "Kedua kata sandi tidak sama."),
        ({"password": "", "confirm": ""}, "Isi kata sandi."),
    ],
)
def test_invalid_registration_is_rerendered_with_the_message_and_typed_values(
    client, db, make_agency, overrides, message
):
    agency = make_agency()
    data = registration(agency, **overrides)
    response = client.post("/daftar", data=data)

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert "is-invalid" in page
    typed = Inputs(page)
    for field in ("name", "nip", "email", "position"):
        assert typed.values[field] == data[field].strip()
    assert not typed.values["password"]  # passwords are never echoed back
    if data["agency"] == str(agency.id):
        assert typed.selected["agency"] == str(agency.id)
    assert user_count(db) == 0


def test_duplicate_nip_is_refused_on_the_nip_field(client, db, make_agency, make_user):
    make_user(nip=VALID_NIP)
    response = client.post("/daftar", data=registration(make_agency()))
    assert response.status_code == 400
    assert "NIP sudah terdaftar." in response.get_data(as_text=True)
    assert user_count(db) == 1


def test_duplicate_email_is_refused_whatever_its_case(
    client, db, make_agency, make_user
):
    make_user(email="siti.rahmawati@medan.go.id")
    response = client.post(
        "/daftar",
        data=registration(
            make_agency(), email=" SITI.Rahmawati@medan.go.id", nip=OTHER_NIP
        ),
    )
    assert response.status_code == 400
    assert "Email sudah terdaftar." in response.get_data(as_text=True)
    assert user_count(db) == 1


def test_duplicate_nip_and_email_are_both_reported(client, make_agency, make_user):
    make_user(email="siti.rahmawati@medan.go.id", nip=VALID_NIP)
    page = client.post("/daftar", data=registration(make_agency())).get_data(
        as_text=True
    )
    assert "Email sudah terdaftar." in page
    assert "NIP sudah terdaftar." in page


@pytest.mark.parametrize(
    ("taken", "existing", "message"),
    [
        ("email_taken", {"email": "siti.rahmawati@medan.go.id"}, "Email sudah"),
        ("nip_taken", {"nip": VALID_NIP}, "NIP sudah terdaftar."),
    ],
)
def test_a_registration_race_lost_at_the_database_gives_the_same_message(
    client, db, make_agency, make_user, monkeypatch, taken, existing, message
):
    """Two requests check "not taken" at once; the unique index decides."""
    make_user(**existing)
    monkeypatch.setattr(services, taken, lambda _value: False)
    response = client.post("/daftar", data=registration(make_agency()))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert user_count(db) == 1


@pytest.mark.parametrize(
    ("taken", "existing", "field"),
    [
        ("email_taken", {"email": "siti@medan.go.id"}, "email"),
        ("nip_taken", {"nip": VALID_NIP}, "nip"),
    ],
)
def test_register_user_turns_a_unique_index_error_into_the_right_field(
    db, make_user, monkeypatch, taken, existing, field
):
    make_user(**existing)
    monkeypatch.setattr(services, taken, lambda _value: False)
    with pytest.raises(services.AccountError) as caught:
        services.register_user(
            name="Siti", email="siti@medan.go.id", password=PASSWORD, nip=VALID_NIP
        )
    assert isinstance(caught.value.__cause__, IntegrityError)
    assert list(caught.value.errors) == [field]
    assert user_count(db) == 1  # the session is usable again


def test_signed_in_user_visiting_register_goes_to_their_profile(
    client, auth, make_user
):
    user = make_user()
    auth.login(user)
    response = client.get("/daftar")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/profil/{user.id}"


def test_register_user_service_does_not_commit(db, make_agency):
    register = services.register_user(
        name="Budi", email="budi@medan.go.id", password=PASSWORD, nip=VALID_NIP
    )
    assert register.id is not None
    db.session.rollback()
    assert user_count(db) == 0


def test_register_user_service_reports_every_bad_field(db, make_agency):
    with pytest.raises(services.AccountError) as caught:
        services.register_user(
            name="", email="x", password="pendek", nip="123", agency_id=424242
        )
    assert set(caught.value.errors) == {"name", "email", "password", "nip", "agency"}


# --- signing in and out ----------------------------------------------------


def test_login_page_has_remember_me(client):
    page = client.get("/masuk").get_data(as_text=True)
    assert "Ingat saya" in page
    assert 'for="email"' in page and 'for="password"' in page


def test_member_can_log_in_and_lands_on_the_home_page(client, auth, make_user):
    user = make_user()
    response = auth.login(user)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/profil/ubah").status_code == 200


def test_login_ignores_email_case_and_spaces(client, make_user):
    user = make_user(email="budi@medan.go.id")
    response = client.post(
        "/masuk", data={"email": " Budi@Medan.go.id ", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/profil/ubah").status_code == 200
    assert user.is_authenticated


def _failed_login(client, email: str, password: str) -> tuple[int, str]:
    response = client.post("/masuk", data={"email": email, "password": password})
    return response.status_code, response.get_data(as_text=True)


def test_wrong_password_and_unknown_email_get_the_same_answer(client, make_user):
    user = make_user()
    wrong_password = _failed_login(client, user.email, PASSWORD + "salah")
    unknown_email = _failed_login(client, "tidak.ada@medan.go.id", PASSWORD)
    assert wrong_password[0] == unknown_email[0] == 400
    assert "Email atau kata sandi salah." in wrong_password[1]
    assert "Email atau kata sandi salah." in unknown_email[1]
    assert client.get("/profil/ubah").status_code == 302  # still anonymous


def test_failed_login_keeps_the_typed_email(client, make_user):
    user = make_user()
    _status, page = _failed_login(client, user.email, "salah-sekali-ini")
    assert Inputs(page).values["email"] == user.email


def test_inactive_user_cannot_log_in(client, auth, make_user):
    user = make_user(active=False)
    response = auth.login(user)
    assert response.status_code == 400
    assert "Email atau kata sandi salah." in response.get_data(as_text=True)
    assert client.get("/profil/ubah").status_code == 302


def test_authenticate_service(db, make_user):
    user = make_user(email="ani@medan.go.id")
    inactive = make_user(email="nonaktif@medan.go.id", active=False)
    assert services.authenticate("ANI@medan.go.id", PASSWORD) == user
    assert services.authenticate("ani@medan.go.id", "salah") is None
    assert services.authenticate("siapa@medan.go.id", PASSWORD) is None
    assert services.authenticate(inactive.email, PASSWORD) is None


def test_remember_me_sets_a_remember_cookie(client, make_user):
    user = make_user()
    response = client.post(
        "/masuk", data={"email": user.email, "password": PASSWORD, "remember": "y"}
    )
    assert "remember_token=" in " ".join(response.headers.getlist("Set-Cookie"))


def test_login_without_remember_me_sets_no_remember_cookie(client, auth, make_user):
    response = auth.login(make_user())
    assert "remember_token=" not in " ".join(response.headers.getlist("Set-Cookie"))


def test_login_takes_the_users_language_into_the_session(client, db, auth, make_user):
    user = make_user()
    user.locale = "en"
    db.session.commit()
    auth.login(user)
    with client.session_transaction() as session:
        assert session["lang"] == "en"
    assert 'lang="en"' in client.get("/").get_data(as_text=True)


def test_logout_signs_out_and_protected_pages_then_ask_to_log_in(
    client, auth, make_user
):
    auth.login(make_user())
    response = auth.logout()
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "Anda sudah keluar." in client.get("/").get_data(as_text=True)

    protected = client.get("/profil/ubah")
    assert protected.status_code == 302
    assert protected.headers["Location"].startswith("/masuk?next=")


def test_logout_tells_the_browser_to_forget_the_autosaved_drafts(
    client, auth, make_user
):
    """The writing form keeps unsent text in localStorage; on a shared office
    computer it must not outlive the member's session."""
    auth.login(make_user())
    response = client.post("/keluar")
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"storage"'


def test_logout_by_get_is_not_allowed(client, auth, make_user):
    auth.login(make_user())
    response = client.get("/keluar")
    assert response.status_code == 405
    assert "Metode tidak diizinkan" in response.get_data(as_text=True)
    assert client.get("/profil/ubah").status_code == 200  # still signed in


# --- where a sign-in may send you ------------------------------------------


def test_login_follows_a_next_path_on_this_site(client, make_user):
    user = make_user()
    response = client.post(
        "/masuk",
        query_string={"next": "/profil/ubah?tab=1"},
        data={"email": user.email, "password": PASSWORD},
    )
    assert response.headers["Location"] == "/profil/ubah?tab=1"


def test_a_protected_page_returns_after_login(client, make_user):
    user = make_user()
    login_url = client.get("/profil/ubah").headers["Location"]
    response = client.post(login_url, data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/profil/ubah"


UNSAFE_NEXT = [
    "//evil.example",
    "//evil.example/profil/1",
    "///evil.example",
    "https://evil.example/",
    "http:/evil.example",
    "javascript:alert(1)",
    "evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    " //evil.example",
    "",
    "%2F%2Fevil.example",  # what a double-encoded ?next= decodes to
    "%5C%5Cevil.example",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "\t//evil.example",
    "/\r\n/evil.example",
    "/\x00/evil.example",
    "/\u2028/evil.example",
    "https:evil.example",
    "data:text/html,<script>alert(1)</script>",
]


@pytest.mark.parametrize("target", UNSAFE_NEXT)
def test_login_ignores_a_next_that_leaves_the_site(client, make_user, target):
    user = make_user()
    response = client.post(
        "/masuk",
        query_string={"next": target},
        data={"email": user.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(
    "raw_query",
    [
        "next=%2F%2Fevil.example",
        "next=%252F%252Fevil.example",
        "next=%2F%5Cevil.example",
        "next=https%3A%2F%2Fevil.example",
        "next=%2F%09%2Fevil.example",
        "next=%2F%0D%0A%2Fevil.example",
        "next=javascript%3Aalert(1)",
    ],
)
def test_login_ignores_an_encoded_next_that_leaves_the_site(
    client, make_user, raw_query
):
    """The query string as an attacker's link would carry it, decoded by
    Werkzeug exactly as in production."""
    user = make_user()
    response = client.post(
        f"/masuk?{raw_query}", data={"email": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", [*UNSAFE_NEXT, None])
def test_safe_next_url_refuses_other_sites(target):
    assert safe_next_url(target) is None


@pytest.mark.parametrize(
    "target", ["/", "/praktik/3/slug", "/tag/pelayanan-publik?page=2", "/profil/1#x"]
)
def test_safe_next_url_keeps_paths_on_this_site(target):
    assert safe_next_url(target) == target


def test_login_form_carries_only_a_safe_next(client):
    page = client.get("/masuk", query_string={"next": "//evil.example"}).get_data(
        as_text=True
    )
    assert "/masuk" in Inputs(page).form_actions
    assert not any("evil" in (action or "") for action in Inputs(page).form_actions)


# --- claiming an account a participant list created ------------------------


@pytest.fixture
def pending(db, make_agency, make_program, make_completion):  # noqa: ANN001,ANN201
    """What a participant import leaves: a pending account with a completion."""
    from app.models.base import utcnow

    user = User(
        name="Siti R.",
        nip=VALID_NIP,
        email=f"{VALID_NIP}@belum-terdaftar.invalid",
        agency=make_agency(),
        role=Role.MEMBER,
        password_hash="!belum-terdaftar!",
        pending_since=utcnow(),
    )
    db.session.add(user)
    db.session.commit()
    make_completion(user, make_program(), verified=True)
    return user


def test_registering_with_a_pending_nip_claims_that_account(
    client, db, make_agency, pending
):
    agency = make_agency()
    response = client.post("/daftar", data=registration(agency))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/profil/{pending.id}"
    db.session.refresh(pending)
    assert pending.pending_since is None and pending.is_active
    assert pending.name == "Siti Rahmawati"
    assert pending.email == "siti.rahmawati@medan.go.id"
    assert pending.agency_id == agency.id
    assert pending.position == "Analis SDM Aparatur"
    assert len(pending.completions) == 1 and pending.completions[0].verified
    assert user_count(db) == 1
    assert services.authenticate("siti.rahmawati@medan.go.id", PASSWORD) == pending


def test_a_pending_account_cannot_sign_in_even_with_a_real_password(
    client, db, pending
):
    pending.set_password(PASSWORD)
    db.session.commit()
    response = client.post(
        "/masuk", data={"email": pending.email, "password": PASSWORD}
    )
    assert response.status_code == 400
    assert services.authenticate(pending.email, PASSWORD) is None


def test_a_claimed_nip_cannot_be_claimed_again(client, db, make_agency, pending):
    client.post("/daftar", data=registration(make_agency()))
    client.post("/keluar")
    second = client.post(
        "/daftar", data=registration(make_agency(), email="lain@medan.go.id")
    )
    assert second.status_code == 400
    assert "NIP sudah terdaftar." in second.get_data(as_text=True)


def test_of_two_racing_claims_only_one_wins(db, make_agency, pending):
    """The second request read the account while it was still pending."""
    agency = make_agency()
    services.register_user(
        name="Siti Rahmawati",
        email="siti@medan.go.id",
        password=PASSWORD,
        nip=VALID_NIP,
        agency_id=agency.id,
    )
    db.session.commit()
    with pytest.raises(services.AccountError) as lost:
        services._claim(
            pending,
            name="Penyerobot",
            email="lain@medan.go.id",
            password=PASSWORD,
            agency_id=agency.id,
            position="",
            role=Role.MEMBER,
        )
    assert "nip" in lost.value.errors
    db.session.refresh(pending)
    assert pending.name == "Siti Rahmawati"

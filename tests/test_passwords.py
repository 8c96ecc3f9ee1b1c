"""Password rules and hashing: length in code points, NFKC, no truncation,
the common-password list, padded and personal passwords, one hash per check,
and every place a password is set applying the same rules."""

from __future__ import annotations

import hashlib
import unicodedata

import pytest
import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from app.auth import passwords, services
from app.auth.passwords import (
    common_passwords,
    hash_password,
    password_problem,
    verify_password,
)
from app.models import User
from tests.conftest import PASSWORD, VALID_NIP
from tests.test_auth import registration, user_by_email

COMMON = "Kata sandi ini terlalu umum atau mudah ditebak."
PERSONAL = "Kata sandi tidak boleh memuat nama, email, atau NIP Anda."

# --- length ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Kopi-Susu-7", "Kata sandi minimal 12 karakter."),
        ("Kopi-Susu-7 " + "x" * 117, "Kata sandi maksimal 128 karakter."),
    ],
    ids=["11", "129"],
)
def test_passwords_outside_12_to_128_characters_are_refused(app, password, message):
    assert password_problem(password) == message


def test_length_is_counted_in_code_points_not_bytes(app):
    # 12 emoji are 48 UTF-8 bytes; 128 CJK characters are 384 bytes.
    emoji = "🌂🚲🌉🍵🍜🥥🐘🦜🌋🏝🎋🪁"
    assert (len(emoji), len(emoji.encode())) == (12, 48)
    assert password_problem(emoji) is None
    assert password_problem(emoji[:-1]) == "Kata sandi minimal 12 karakter."
    assert password_problem("山川異域風月同天" * 16) is None
    assert len("山川異域風月同天" * 16) == 128
    assert password_problem("山川異域風月同天" * 16 + "山").endswith("128 karakter.")


def test_length_counts_the_nfkc_form():
    """ "é" typed as e + combining accent is one character, as it looks."""
    decomposed = unicodedata.normalize("NFD", "Sémé-Kédé-Ré")
    assert len(decomposed) == 17
    assert len(passwords.normalize_password(decomposed)) == 12


# --- normalisation and hashing -------------------------------------------------


def test_a_password_matches_whatever_unicode_form_it_is_typed_in(app):
    composed = "Kafé-di-Médan-pagi"
    stored = hash_password(composed)
    assert verify_password(stored, unicodedata.normalize("NFD", composed))
    fullwidth = "ＫＯＰＩ ｔｕｂｒｕｋ ｐａｇｉ"  # from a CJK input method
    assert verify_password(hash_password("KOPI tubruk pagi"), fullwidth)


def test_hashes_made_before_normalisation_still_verify(app):
    raw = unicodedata.normalize("NFD", "Kafé-di-Médan-pagi")
    legacy = generate_password_hash(raw)  # what User.set_password stored
    assert verify_password(legacy, raw)
    assert not verify_password(legacy, raw + "x")


def test_two_128_character_passwords_differing_only_in_the_last_are_different(app):
    first = "kata sandi panjang sekali " * 4 + "x" * 23 + "a"
    second = first[:-1] + "b"
    assert len(first) == len(second) == 128
    stored = hash_password(first)
    assert verify_password(stored, first)
    assert not verify_password(stored, second)


def test_no_truncation_at_bcrypts_72_bytes_either(app):
    # 128 four-byte characters: 512 bytes, all of them count.
    first = "".join(chr(0x1F400 + n * 7 % 200) for n in range(128))
    second = first[:-1] + chr(0x1F600)
    assert len(first.encode()) == 512
    assert password_problem(first) is None
    stored = hash_password(first)
    assert verify_password(stored, first)
    assert not verify_password(stored, second)


def test_hashes_are_salted_scrypt(app):
    assert hash_password(PASSWORD).startswith("scrypt:")
    assert hash_password(PASSWORD) != hash_password(PASSWORD)


@pytest.fixture
def scrypt_calls(monkeypatch):  # noqa: ANN001,ANN201
    real = hashlib.scrypt
    calls: list[int] = []

    def counting(*args, **kwargs):  # noqa: ANN002,ANN003,ANN202
        calls.append(1)
        return real(*args, **kwargs)

    passwords._dummy_hash()  # made once per process, not part of a check
    monkeypatch.setattr(hashlib, "scrypt", counting)
    return calls


@pytest.mark.parametrize(
    "stored",
    [None, "", "!belum-terdaftar!", "!", "bcrypt$x$y"],
    ids=["no-account", "empty", "pending", "placeholder", "unknown-method"],
)
def test_a_check_costs_one_hash_even_without_a_usable_hash(app, scrypt_calls, stored):
    """An unknown email or a pending account takes as long as a wrong password."""
    assert verify_password(stored, PASSWORD) is False
    assert len(scrypt_calls) == 1


def test_a_wrong_password_costs_one_hash(app, scrypt_calls):
    stored = generate_password_hash(PASSWORD)
    scrypt_calls.clear()
    assert verify_password(stored, PASSWORD + "x") is False
    assert len(scrypt_calls) == 1


def test_a_lone_surrogate_is_refused_not_a_crash(app):
    assert "tidak dapat dipakai" in password_problem("kata-sandi-\ud800-panjang")
    assert verify_password(hash_password(PASSWORD), "kata-sandi-\ud800") is False


# --- the common-password list ---------------------------------------------------


def test_the_shipped_list_is_read_once_and_has_ten_thousand_passwords(app, monkeypatch):
    common_passwords.cache_clear()
    reads = []
    real_read = type(passwords.COMMON_PASSWORDS_FILE).read_text

    def counting_read(path, *args, **kwargs):  # noqa: ANN001,ANN002,ANN003,ANN202
        reads.append(path)
        return real_read(path, *args, **kwargs)

    monkeypatch.setattr(
        type(passwords.COMMON_PASSWORDS_FILE), "read_text", counting_read
    )
    for _ in range(3):
        password_problem("qwerty123456")
    assert len(reads) == 1
    assert 9_900 <= len(common_passwords()) <= 10_000


@pytest.mark.parametrize(
    "password",
    [
        "qwerty123456",  # on the list as it is
        "QWERTY123456",  # any case
        "1q2w3e4r5t6y",
        "password2026!",  # a listed word padded with digits and symbols
        "!!!sunshine!!!",
        "2026-football",
        "monkeymonkeymonkey",  # a listed word repeated
        "dragon!dragon!",
        "aaaaaaaaaaaa",  # one character repeated
        "abababababab",
        "abcabcabcabc",
        "abcdefghijklmn",  # a run
        "zyxwvutsrqpo",
        "ＰＡＳＳＷＯＲＤ２０２６",  # full-width, folded by NFKC
    ],
)
def test_common_padded_and_repeated_passwords_are_refused(app, password):
    assert password_problem(password) is not None
    assert password_problem(password).startswith(COMMON)


@pytest.mark.parametrize(
    "password",
    [
        PASSWORD,
        "demo-lumbung-2026",
        "kopi tubruk di pagi hari",
        "Senja di Danau Toba 7",
        "Ünïcödé-Kätå",
        "berkas-arsip-dinas-kesehatan",
    ],
)
def test_ordinary_passphrases_are_accepted(app, password):
    assert password_problem(password) is None


@pytest.mark.parametrize(
    "password",
    [
        "siti.rahmawati@medan.go.id",  # the email
        "sitirahmawati2026",  # the email's local part
        "Rahmawati!!2026",  # a word of the name, padded
        "siti rahmawati 99",  # the whole name
        f"nip{VALID_NIP}",  # the NIP
    ],
)
def test_the_users_own_email_name_or_nip_is_refused(app, password):
    problem = password_problem(
        password,
        name="Siti Rahmawati",
        email="siti.rahmawati@medan.go.id",
        nip=VALID_NIP,
    )
    assert problem == PERSONAL


def test_short_name_words_do_not_block_ordinary_passwords(app):
    assert (
        password_problem("ani pergi ke pasar", name="Ani", email="ani@medan.go.id")
        is None
    )


# --- every place a password is set ---------------------------------------------


def test_registration_refuses_a_common_password_on_its_field_and_keeps_the_form(
    client, db, make_agency
):
    data = registration(
        make_agency(), password="password2026!", confirm="password2026!"
    )
    response = client.post("/daftar", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert COMMON in page
    assert 'id="password"' in page and "is-invalid" in page
    assert 'value="siti.rahmawati@medan.go.id"' in page
    assert "password2026!" not in page  # a password is never echoed
    assert user_by_email(db, "siti.rahmawati@medan.go.id") is None


def test_registration_refuses_the_users_own_name(client, db, make_agency):
    data = registration(
        make_agency(), password="Rahmawati-2026", confirm="Rahmawati-2026"
    )
    response = client.post("/daftar", data=data)
    assert response.status_code == 400
    assert PERSONAL in response.get_data(as_text=True)


def test_registration_stores_the_nfkc_form(client, db, make_agency):
    typed = unicodedata.normalize("NFD", "Kafé-di-Médan-pagi")
    client.post(
        "/daftar", data=registration(make_agency(), password=typed, confirm=typed)
    )
    user = user_by_email(db, "siti.rahmawati@medan.go.id")
    assert user is not None
    # The hash is of the composed form: werkzeug alone finds it with NFC text.
    from werkzeug.security import check_password_hash

    assert check_password_hash(user.password_hash, "Kafé-di-Médan-pagi")


def test_flask_users_create_refuses_a_common_password(runner, db):
    result = runner.invoke(
        args=[
            "users", "create", "admin@medan.go.id", "--name", "Admin Kota",
            "--role", "admin", "--password", "qwerty123456",
        ]
    )  # fmt: skip
    assert result.exit_code != 0
    assert COMMON in result.output
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def test_flask_users_create_refuses_the_users_own_email(runner, db):
    result = runner.invoke(
        args=[
            "users", "create", "kepala.dinas@medan.go.id", "--name", "Kepala",
            "--role", "admin", "--password", "kepala.dinas@medan.go.id",
        ]
    )  # fmt: skip
    assert result.exit_code != 0
    assert PERSONAL in result.output


def test_register_user_service_applies_the_rules(db):
    with pytest.raises(services.AccountError) as caught:
        services.register_user(
            name="Budi", email="budi@medan.go.id", password="iloveyou2026"
        )
    assert caught.value.errors["password"].startswith(COMMON)

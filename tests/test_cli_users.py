"""``flask users create``: accounts made from the command line."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.auth.services import authenticate
from app.models import Role, User
from tests.conftest import PASSWORD, VALID_NIP


def create(runner, *args: str, input: str | None = None):  # noqa: A002
    return runner.invoke(args=["users", "create", *args], input=input)


def users(db) -> list[User]:
    return list(db.session.scalars(sa.select(User)))


def test_create_with_every_option(runner, db, make_agency):
    agency = make_agency("Dinas Kesehatan")
    result = create(
        runner,
        "Admin@Medan.go.id",
        "--name", "Admin Lumbung",
        "--role", "admin",
        "--agency", agency.slug,
        "--nip", "19850412 201003 1 001",
        "--password", PASSWORD,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User))
    assert user.email == "admin@medan.go.id"
    assert (user.name, user.role, user.agency_id) == (
        "Admin Lumbung",
        Role.ADMIN,
        agency.id,
    )
    assert user.nip == VALID_NIP
    assert user.password_hash.startswith("scrypt:")
    assert authenticate("admin@medan.go.id", PASSWORD) == user
    assert "admin@medan.go.id" in result.output
    assert "Admin Lumbung" in result.output
    assert "Dinas Kesehatan" in result.output


def test_agency_and_nip_are_optional(runner, db):
    result = create(
        runner, "mod@medan.go.id", "--name", "Moderator", "--role", "moderator",
        "--password", PASSWORD,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User))
    assert (user.agency_id, user.nip, user.role) == (None, None, Role.MODERATOR)


def test_password_is_prompted_hidden_with_confirmation(runner, db):
    result = create(
        runner, "p@medan.go.id", "--name", "Penyelenggara", "--role", "penyelenggara",
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Kata sandi" in result.output
    assert "Ulangi kata sandi" in result.output
    assert PASSWORD not in result.output  # hidden input is not echoed
    assert authenticate("p@medan.go.id", PASSWORD) is not None


def test_prompt_asks_again_when_the_confirmation_differs(runner, db):
    result = create(
        runner, "p@medan.go.id", "--name", "Pimpinan", "--role", "pimpinan",
        input=f"{PASSWORD}\nlain-sekali-1234\n{PASSWORD}\n{PASSWORD}\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert authenticate("p@medan.go.id", PASSWORD) is not None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "superadmin"], "Peran tidak dikenal: superadmin"),
        (["--role", "anggota", "--agency", "tidak-ada"], "Instansi tidak ditemukan"),
        (["--role", "anggota", "--nip", "198504122010033001"], "jenis kelamin"),
        (["--role", "anggota", "--nip", "12345"], "18 angka"),
        (["--role", "anggota", "--password", "pendek"], "minimal 12 karakter"),
        (["--role", "anggota", "--password", "x" * 129], "maksimal 128 karakter"),
    ],
)
def test_invalid_input_is_refused_with_a_message_and_nonzero_exit(
    runner, db, args, message
):
    result = create(
        runner, "baru@medan.go.id", "--name", "Baru", *args, input=f"{PASSWORD}\n" * 2
    )
    assert result.exit_code != 0
    assert message in result.output
    assert users(db) == []


def test_prompted_password_that_is_too_short_is_refused(runner, db):
    result = create(
        runner, "b@medan.go.id", "--name", "B", "--role", "anggota",
        input="pendek\npendek\n",
    )  # fmt: skip
    assert result.exit_code != 0
    assert "minimal 12 karakter" in result.output
    assert users(db) == []


def test_duplicate_email_is_refused_whatever_its_case(runner, db, make_user):
    make_user(email="ada@medan.go.id")
    result = create(
        runner, "ADA@medan.go.id", "--name", "Lagi", "--role", "anggota",
        "--password", PASSWORD,
    )  # fmt: skip
    assert result.exit_code != 0
    assert "Email sudah terdaftar." in result.output
    assert len(users(db)) == 1


def test_duplicate_nip_is_refused_before_asking_for_a_password(runner, db, make_user):
    make_user(nip=VALID_NIP)
    result = create(
        runner, "baru@medan.go.id", "--name", "Baru", "--role", "anggota",
        "--nip", VALID_NIP,
    )  # fmt: skip
    assert result.exit_code != 0
    assert "NIP sudah terdaftar." in result.output
    assert "Kata sandi" not in result.output
    assert len(users(db)) == 1


def test_name_and_role_are_required(runner, db):
    assert create(runner, "x@medan.go.id", "--role", "anggota").exit_code == 2
    assert create(runner, "x@medan.go.id", "--name", "X").exit_code == 2
    assert users(db) == []


def test_help_lists_the_roles(runner):
    result = runner.invoke(args=["users", "create", "--help"])
    assert result.exit_code == 0
    for role in Role:
        assert role.value in result.output

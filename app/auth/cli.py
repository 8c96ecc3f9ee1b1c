"""``flask users ...``: accounts made by an operator, e.g. the first admin."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from app.auth import services
from app.auth.nip import NIPError, validate_nip
from app.extensions import db
from app.models import Role

users = AppGroup("users", help="Kelola akun pengguna.")

ROLE_NAMES = [role.value for role in Role]


@users.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Nama lengkap.")
@click.option("--role", required=True, help=f"Peran: {', '.join(ROLE_NAMES)}.")
@click.option("--agency", "agency_slug", help="Slug instansi, mis. dinas-kesehatan.")
@click.option("--nip", help="NIP 18 angka.")
@click.option("--password", help="Kata sandi; tanpa opsi ini akan ditanyakan.")
def create(
    email: str,
    name: str,
    role: str,
    agency_slug: str | None,
    nip: str | None,
    password: str | None,
) -> None:
    """Buat akun pengguna baru."""
    if role not in ROLE_NAMES:
        raise click.ClickException(
            _(
                "Peran tidak dikenal: %(role)s. Pilih salah satu: %(roles)s.",
                role=role,
                roles=", ".join(ROLE_NAMES),
            )
        )
    agency_id = _agency_id(agency_slug)
    _check_before_prompt(email, nip)
    if password is None:
        password = click.prompt(
            _("Kata sandi"),
            hide_input=True,
            confirmation_prompt=_("Ulangi kata sandi"),
        )
    try:
        user = services.register_user(
            name=name,
            email=email,
            password=password,
            nip=nip,
            agency_id=agency_id,
            role=Role(role),
        )
    except services.AccountError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    agency = user.agency.name if user.agency else _("tanpa instansi")
    click.echo(
        _(
            "Akun dibuat: #%(id)d %(name)s <%(email)s>, peran %(role)s, %(agency)s.",
            id=user.id,
            name=user.name,
            email=user.email,
            role=user.role.value,
            agency=agency,
        )
    )


def _agency_id(slug: str | None) -> int | None:
    if slug is None:
        return None
    agency = services.agency_by_slug(slug)
    if agency is None:
        raise click.ClickException(_("Instansi tidak ditemukan: %(slug)s.", slug=slug))
    return agency.id


def _check_before_prompt(email: str, nip: str | None) -> None:
    """Refuse a duplicate or a bad NIP before asking for a password."""
    if services.email_taken(email):
        raise click.ClickException(_("Email sudah terdaftar."))
    if nip is None:
        return
    try:
        validate_nip(nip)
    except NIPError as error:
        raise click.ClickException(str(error)) from error
    if services.nip_taken(nip):
        raise click.ClickException(_("NIP sudah terdaftar."))

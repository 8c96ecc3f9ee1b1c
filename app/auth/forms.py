"""Forms for registering and signing in, with every message in Indonesian.

WTForms ships no Indonesian catalogue, so each validator gets its own message;
otherwise an English default would leak into the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from app.auth.nip import NIPError, validate_nip
from app.auth.services import (
    MAX_EMAIL_LENGTH,
    MAX_NAME_LENGTH,
    MAX_PASSWORD_LENGTH,
    MAX_POSITION_LENGTH,
    MIN_PASSWORD_LENGTH,
)
from app.extensions import db
from app.models import Agency


def optional_int(value: Any) -> int | None:
    """Coerce a select's value; junk becomes None so "required" reports it."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def strip(value: Any) -> Any:
    """Field filter: what people paste often carries spaces at either end."""
    return value.strip() if isinstance(value, str) else value


def agency_choices(keep: int | None = None) -> list[tuple[int | str, str]]:
    """Agencies not archived, plus ``keep`` (the one the user already has)."""
    agencies = db.session.execute(
        sa.select(Agency.id, Agency.name)
        .where(sa.or_(Agency.archived_at.is_(None), Agency.id == keep))
        .order_by(Agency.name)
    )
    return [("", _l("Pilih instansi"))] + [(id_, name) for id_, name in agencies]


def attach_errors(form: FlaskForm, errors: Mapping[str, str]) -> None:
    """Show a service's errors beside the fields they belong to."""
    for name, message in errors.items():
        field = form._fields.get(name)
        if field is None:
            form.form_errors.append(message)
        else:
            field.errors = [*field.errors, message]


def name_field() -> StringField:
    return StringField(
        _l("Nama lengkap"),
        filters=[strip],
        validators=[
            DataRequired(_l("Isi nama lengkap Anda.")),
            Length(
                max=MAX_NAME_LENGTH,
                message=_l("Nama maksimal %(max)d karakter."),
            ),
        ],
    )


def position_field() -> StringField:
    return StringField(
        _l("Jabatan"),
        filters=[strip],
        validators=[
            DataRequired(_l("Isi jabatan Anda.")),
            Length(
                max=MAX_POSITION_LENGTH,
                message=_l("Jabatan maksimal %(max)d karakter."),
            ),
        ],
    )


def agency_field() -> SelectField:
    return SelectField(
        _l("Instansi"),
        coerce=optional_int,
        validate_choice=False,
        validators=[DataRequired(_l("Pilih instansi Anda."))],
    )


def new_password_field(label: str | None = None) -> PasswordField:
    """A new password: the length is checked here, the other rules (common
    passwords, the user's own name/email/NIP) by ``app.auth.passwords``."""
    return PasswordField(
        label or _l("Kata sandi"),
        description=_l("Minimal %(n)d karakter.", n=MIN_PASSWORD_LENGTH),
        validators=[
            DataRequired(_l("Isi kata sandi.")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=MAX_PASSWORD_LENGTH,
                message=_l("Kata sandi harus %(min)d sampai %(max)d karakter."),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )


def email_field() -> EmailField:
    """An email someone types to be reached at (registering, asking for a
    reset link); the sign-in form only needs it filled in."""
    return EmailField(
        _l("Email"),
        filters=[strip],
        validators=[
            DataRequired(_l("Isi alamat email Anda.")),
            Length(max=MAX_EMAIL_LENGTH, message=_l("Email terlalu panjang.")),
            Email(
                message=_l("Masukkan alamat email yang valid."),
                check_deliverability=False,
            ),
        ],
        render_kw={"autocomplete": "email"},
    )


def confirm_field() -> PasswordField:
    return PasswordField(
        _l("Ulangi kata sandi"),
        validators=[
            DataRequired(_l("Ulangi kata sandi Anda.")),
            EqualTo("password", message=_l("Kedua kata sandi tidak sama.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class AgencyChoiceMixin:
    """Fills the agency list from the database and rejects ids not on it."""

    def _load_agencies(self, keep: int | None = None) -> None:
        self.agency.choices = agency_choices(keep)

    def validate_agency(self, field: SelectField) -> None:
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Pilih instansi dari daftar."))


class RegisterForm(AgencyChoiceMixin, FlaskForm):
    name = name_field()
    nip = StringField(
        _l("NIP"),
        filters=[strip],
        description=_l("18 angka, tanpa titik. Tidak ditampilkan kepada orang lain."),
        validators=[DataRequired(_l("Isi NIP Anda."))],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    email = email_field()
    agency = agency_field()
    position = position_field()
    password = new_password_field()
    confirm = confirm_field()
    submit = SubmitField(_l("Daftar"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._load_agencies()

    def validate_nip(self, field: StringField) -> None:
        try:
            validate_nip(field.data or "")
        except NIPError as error:
            raise ValidationError(str(error)) from error


class LoginForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        filters=[strip],
        validators=[DataRequired(_l("Isi alamat email Anda."))],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Kata sandi"),
        validators=[DataRequired(_l("Isi kata sandi."))],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Ingat saya"))
    submit = SubmitField(_l("Masuk"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Kata sandi saat ini"),
        validators=[DataRequired(_l("Isi kata sandi Anda saat ini."))],
        render_kw={"autocomplete": "current-password"},
    )
    password = new_password_field(_l("Kata sandi baru"))
    confirm = confirm_field()
    submit = SubmitField(_l("Ubah kata sandi"))


class ForgotPasswordForm(FlaskForm):
    email = email_field()
    submit = SubmitField(_l("Kirim tautan"))


class ResetPasswordForm(FlaskForm):
    password = new_password_field(_l("Kata sandi baru"))
    confirm = confirm_field()
    submit = SubmitField(_l("Simpan kata sandi baru"))

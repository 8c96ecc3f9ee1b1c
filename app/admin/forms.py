"""Admin forms. Each holds only what an admin may set through it, so a posted
field that is not here (``email``, ``active`` on the role form...) is ignored.

Numbers and dates are parsed by ``app.form_fields`` (messages of our own:
WTForms ships no Indonesian ones).
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, ValidationError

from app.admin.accounts import MAX_REASON_LENGTH
from app.admin.catalogue import MAX_DESCRIPTION_LENGTH, MAX_HOURS, MAX_NAME_LENGTH
from app.auth.forms import optional_int, strip
from app.form_fields import DayField, WholeNumberField
from app.models import Role, Tag
from app.practices.services import MAX_TAG_LENGTH
from app.profiles.services import ROLE_LABELS


def _reason_field(label: Any, *, required: bool, field_id: str) -> TextAreaField:
    validators: list[Any] = [
        Length(max=MAX_REASON_LENGTH, message=_l("Paling banyak %(max)d karakter."))
    ]
    if required:
        validators.insert(0, DataRequired(_l("Tulis alasannya.")))
    # Distinct ids: the role and the deactivation forms share one page.
    return TextAreaField(
        label,
        filters=[strip],
        validators=validators,
        id=field_id,
        render_kw={"rows": 2},
    )


class UserSearchForm(FlaskForm):
    """GET filters for the user list (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Cari nama, NIP atau email"),
        filters=[strip],
        validators=[Length(max=200, message=_l("Paling banyak %(max)d karakter."))],
    )
    role = SelectField(_l("Peran"), validate_choice=False)
    status = SelectField(_l("Status"), validate_choice=False)
    submit = SubmitField(_l("Cari"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = [("", _l("Semua peran"))] + [
            (role.value, label) for role, label in ROLE_LABELS.items()
        ]
        self.status.choices = [
            ("", _l("Semua")),
            ("aktif", _l("Aktif")),
            ("nonaktif", _l("Nonaktif")),
        ]

    def chosen_role(self) -> Role | None:
        return Role(self.role.data) if self.role.data in set(Role) else None

    def chosen_active(self) -> bool | None:
        return {"aktif": True, "nonaktif": False}.get(self.status.data or "")


class RoleForm(FlaskForm):
    role = SelectField(_l("Peran"), validate_choice=False)
    reason = _reason_field(
        _l("Alasan (opsional)"), required=False, field_id="role_reason"
    )
    submit = SubmitField(_l("Ubah peran"), id="role_submit")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = [(role.value, label) for role, label in ROLE_LABELS.items()]

    def validate_role(self, field: SelectField) -> None:
        if field.data not in set(Role):
            raise ValidationError(_l("Pilih peran dari daftar."))


class DeactivateForm(FlaskForm):
    reason = _reason_field(_l("Alasan"), required=True, field_id="status_reason")
    submit = SubmitField(_l("Nonaktifkan akun"), id="status_submit")


class ReactivateForm(FlaskForm):
    reason = _reason_field(_l("Alasan"), required=True, field_id="status_reason")
    submit = SubmitField(_l("Aktifkan lagi"), id="status_submit")


def _name_field() -> StringField:
    return StringField(
        _l("Nama"),
        filters=[strip],
        validators=[
            DataRequired(_l("Isi nama.")),
            Length(max=MAX_NAME_LENGTH, message=_l("Paling banyak %(max)d karakter.")),
        ],
    )


def _new_slug_field() -> BooleanField:
    return BooleanField(
        _l("Perbarui alamat halaman sesuai nama baru"),
        description=_l(
            "Tautan lama ke alamat sebelumnya tidak akan berfungsi lagi. "
            "Biarkan kosong bila ragu."
        ),
    )


class AgencyForm(FlaskForm):
    name = _name_field()
    new_slug = _new_slug_field()
    submit = SubmitField(_l("Simpan"))


class ProgramForm(FlaskForm):
    name = _name_field()
    description = TextAreaField(
        _l("Deskripsi"),
        filters=[strip],
        validators=[
            Length(
                max=MAX_DESCRIPTION_LENGTH,
                message=_l("Paling banyak %(max)d karakter."),
            )
        ],
        render_kw={"rows": 4},
    )
    hours = WholeNumberField(
        _l("Jam pelajaran (JP)"),
        description=_l("Opsional. Antara 1 dan %(n)d.", n=MAX_HOURS),
        render_kw={"inputmode": "numeric"},
    )
    new_slug = _new_slug_field()
    submit = SubmitField(_l("Simpan"))

    def validate_hours(self, field: WholeNumberField) -> None:
        if field.data is not None and not 1 <= field.data <= MAX_HOURS:
            raise ValidationError(_l("JP harus antara 1 dan %(n)d.", n=MAX_HOURS))


class ConfirmForm(FlaskForm):
    """Only a button and the CSRF token: archiving needs a deliberate POST."""

    submit = SubmitField(_l("Ya, lanjutkan"))


class TagRenameForm(FlaskForm):
    name = StringField(
        _l("Nama tag"),
        filters=[strip],
        validators=[
            DataRequired(_l("Isi nama tag.")),
            Length(max=MAX_TAG_LENGTH, message=_l("Paling banyak %(max)d karakter.")),
        ],
    )
    submit = SubmitField(_l("Simpan"))


class TagMergeForm(FlaskForm):
    target = SelectField(
        _l("Gabungkan ke tag"),
        coerce=optional_int,
        validate_choice=False,
        validators=[DataRequired(_l("Pilih tag tujuan."))],
    )
    submit = SubmitField(_l("Gabungkan"))

    def set_targets(self, source: Tag, tags: list[Tag]) -> None:
        self.target.choices = [("", _l("— Pilih tag —"))] + [
            (tag.id, f"{tag.name} ({tag.slug})") for tag in tags if tag.id != source.id
        ]

    def validate_target(self, field: SelectField) -> None:
        if field.data not in {value for value, _label in field.choices if value}:
            raise ValidationError(_l("Pilih tag dari daftar."))


class AuditFilterForm(FlaskForm):
    """GET filters for the audit log (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    action = SelectField(_l("Tindakan"), validate_choice=False)
    actor = StringField(
        _l("Pelaku (nama atau email)"),
        filters=[strip],
        validators=[Length(max=200, message=_l("Paling banyak %(max)d karakter."))],
    )
    target_type = SelectField(_l("Jenis sasaran"), validate_choice=False)
    since = DayField(_l("Dari tanggal"), render_kw={"type": "date"})
    until = DayField(_l("Sampai tanggal"), render_kw={"type": "date"})
    submit = SubmitField(_l("Saring"))

    def set_choices(
        self, actions: list[tuple[str, str]], targets: list[tuple[str, str]]
    ) -> None:
        self.action.choices = [("", _l("Semua tindakan")), *actions]
        self.target_type.choices = [("", _l("Semua jenis")), *targets]

    def validate_until(self, field: DayField) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("Tanggal akhir tidak boleh sebelum tanggal awal."))

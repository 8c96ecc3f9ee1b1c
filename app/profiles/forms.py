"""Forms on the profile: declaring a completion and editing one's own details."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, ValidationError

from app.auth.forms import (
    AgencyChoiceMixin,
    agency_field,
    name_field,
    optional_int,
    position_field,
    strip,
)
from app.extensions import db
from app.models import Program, User
from app.profiles.services import MAX_CERTIFICATE_LENGTH


def program_choices() -> list[tuple[int | str, str]]:
    programs = db.session.execute(
        sa.select(Program.id, Program.name)
        .where(Program.archived_at.is_(None))
        .order_by(Program.name)
    )
    return [("", _l("Pilih program"))] + [(id_, name) for id_, name in programs]


def supervisor_field(description: Any) -> SelectField:
    return SelectField(
        _l("Atasan"),
        coerce=optional_int,
        validate_choice=False,
        description=description,
    )


class SupervisorChoiceMixin:
    """The atasan list: colleagues of the user's agency; the service re-checks."""

    def set_supervisors(self, people: list[User]) -> None:
        self.supervisor.choices = [("", _l("Tidak ada"))] + [
            (
                person.id,
                f"{person.name} ({person.position})"
                if person.position
                else person.name,
            )
            for person in people
        ]


class CompletionForm(SupervisorChoiceMixin, FlaskForm):
    program = SelectField(
        _l("Program"),
        coerce=optional_int,
        validate_choice=False,
        validators=[DataRequired(_l("Pilih program yang Anda selesaikan."))],
    )
    # An unparseable date leaves no data, so DataRequired replaces WTForms'
    # English "Not a valid date value" with this message.
    completed_on = DateField(
        _l("Tanggal selesai"),
        validators=[DataRequired(_l("Isi tanggal selesai yang valid."))],
    )
    certificate_number = StringField(
        _l("Nomor sertifikat (opsional)"),
        filters=[strip],
        validators=[
            Length(
                max=MAX_CERTIFICATE_LENGTH,
                message=_l("Nomor sertifikat maksimal %(max)d karakter."),
            )
        ],
    )
    supervisor = supervisor_field(
        _l(
            "Opsional. Atasan yang dapat mengonfirmasi penerapannya; kosongkan "
            "untuk memakai atasan di profil Anda."
        )
    )
    submit = SubmitField(_l("Tambahkan program"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.program.choices = program_choices()

    def validate_program(self, field: SelectField) -> None:
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Pilih program dari daftar."))


class ProfileForm(SupervisorChoiceMixin, AgencyChoiceMixin, FlaskForm):
    name = name_field()
    position = position_field()
    agency = agency_field()
    supervisor = supervisor_field(
        _l("Rekan di instansi Anda yang dapat mengonfirmasi penerapan hasil pelatihan.")
    )
    locale = SelectField(
        _l("Bahasa"),
        validate_choice=False,
        validators=[DataRequired(_l("Pilih bahasa."))],
    )
    submit = SubmitField(_l("Simpan"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # An archived agency stays selectable for those already in it.
        self._load_agencies(keep=self.agency.object_data)
        self.locale.choices = list(current_app.config["LANGUAGES"].items())

    def validate_locale(self, field: SelectField) -> None:
        if field.data not in current_app.config["LANGUAGES"]:
            raise ValidationError(_l("Pilih bahasa dari daftar."))

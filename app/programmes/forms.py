"""Forms of the organiser's area: runs, the participant upload, decisions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from app.auth.forms import optional_int, strip
from app.form_fields import DayField, WholeNumberField
from app.models import ProgramRun, User
from app.programmes.services import (
    MAX_CAPACITY,
    MAX_HOURS,
    MAX_LOCATION_LENGTH,
    MAX_RUN_NAME_LENGTH,
)
from app.programmes.verification import MAX_REASON_LENGTH


class RunForm(FlaskForm):
    name = StringField(
        _l("Nama angkatan"),
        description=_l("Misalnya «Angkatan I 2026»."),
        filters=[strip],
        validators=[
            DataRequired(_l("Isi nama angkatan.")),
            Length(
                max=MAX_RUN_NAME_LENGTH,
                message=_l("Paling banyak %(max)d karakter."),
            ),
        ],
    )
    starts_on = DayField(
        _l("Tanggal mulai"),
        validators=[InputRequired(_l("Isi tanggal mulai."))],
        render_kw={"type": "date"},
    )
    ends_on = DayField(
        _l("Tanggal berakhir"),
        validators=[InputRequired(_l("Isi tanggal berakhir."))],
        render_kw={"type": "date"},
    )
    location = StringField(
        _l("Lokasi"),
        filters=[strip],
        validators=[
            Length(
                max=MAX_LOCATION_LENGTH,
                message=_l("Paling banyak %(max)d karakter."),
            )
        ],
    )
    hours = WholeNumberField(
        _l("Jam pelajaran (JP)"),
        description=_l("Kosongkan untuk memakai JP program."),
        render_kw={"inputmode": "numeric"},
    )
    capacity = WholeNumberField(
        _l("Kapasitas peserta"),
        description=_l("Opsional."),
        render_kw={"inputmode": "numeric"},
    )
    organiser = SelectField(
        _l("Penyelenggara"), coerce=optional_int, validate_choice=False
    )
    submit = SubmitField(_l("Simpan"))

    def set_organisers(self, people: list[User]) -> None:
        self.organiser.choices = [("", _l("Belum ditentukan"))] + [
            (person.id, person.name) for person in people
        ]

    def validate_ends_on(self, field: DayField) -> None:
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(
                _l("Tanggal berakhir tidak boleh sebelum tanggal mulai.")
            )

    def validate_hours(self, field: WholeNumberField) -> None:
        if field.data is not None and not 1 <= field.data <= MAX_HOURS:
            raise ValidationError(_l("JP harus antara 1 dan %(n)d.", n=MAX_HOURS))

    def validate_capacity(self, field: WholeNumberField) -> None:
        if field.data is not None and not 1 <= field.data <= MAX_CAPACITY:
            raise ValidationError(
                _l("Kapasitas harus antara 1 dan %(n)d.", n=MAX_CAPACITY)
            )

    def validate_organiser(self, field: SelectField) -> None:
        if field.data is not None and field.data not in {
            value for value, _label in field.choices
        }:
            raise ValidationError(_l("Pilih penyelenggara dari daftar."))


class UploadForm(FlaskForm):
    file = FileField(
        _l("Berkas CSV daftar peserta"),
        validators=[FileRequired(_l("Pilih berkas CSV."))],
        render_kw={"accept": ".csv,text/csv"},
    )
    submit = SubmitField(_l("Lihat pratinjau"))


class ConfirmImportForm(FlaskForm):
    """The previewed file, signed by the server; tampering voids the signature."""

    upload = HiddenField(validators=[DataRequired(_l("Unggah ulang berkas."))])
    submit = SubmitField(_l("Impor semua peserta"))


class VerifyForm(FlaskForm):
    run = SelectField(
        _l("Angkatan (opsional)"), coerce=optional_int, validate_choice=False
    )
    submit = SubmitField(_l("Verifikasi"))

    def set_runs(self, runs: list[ProgramRun]) -> None:
        self.run.choices = [("", _l("Tanpa angkatan"))] + [
            (run.id, run.name) for run in runs
        ]


class RejectForm(FlaskForm):
    reason = TextAreaField(
        _l("Alasan penolakan (dibaca anggota)"),
        filters=[strip],
        validators=[
            DataRequired(_l("Tulis alasan penolakan. Anggota akan membacanya.")),
            Length(
                max=MAX_REASON_LENGTH,
                message=_l("Paling banyak %(max)d karakter."),
            ),
        ],
        render_kw={"rows": 4},
    )
    submit = SubmitField(_l("Tolak"))

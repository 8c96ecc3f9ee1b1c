"""The check-in form and the atasan's confirmation: labels in Indonesian."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.followups import services
from app.models import ApplicationFrequency, FollowUpStage
from app.moderation.forms import CheckedRadioField
from app.practices.forms import FigureField

YES, NO = "ya", "tidak"

STAGE_LABELS = {
    FollowUpStage.EARLY: _l("Tindak lanjut pertama"),
    FollowUpStage.LATER: _l("Tindak lanjut kedua"),
    FollowUpStage.SUSTAINED: _l("Cek keberlanjutan"),
}

FREQUENCY_LABELS = {
    ApplicationFrequency.DAILY: _l("Setiap hari"),
    ApplicationFrequency.WEEKLY: _l("Setiap minggu"),
    ApplicationFrequency.MONTHLY: _l("Setiap bulan"),
    ApplicationFrequency.RARELY: _l("Jarang"),
    ApplicationFrequency.NEVER: _l("Tidak pernah"),
}


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _unix_newlines(value: str | None) -> str | None:
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def _length(limit: int) -> Length:
    return Length(max=limit, message=_l("Paling banyak %(max)d karakter."))


class CheckInForm(FlaskForm):
    applied = CheckedRadioField(
        _l("Apakah Anda sudah menerapkan yang Anda pelajari di tempat kerja?"),
        choices=[SelectChoice(YES, _l("Ya, sudah")), SelectChoice(NO, _l("Belum"))],
        validators=[DataRequired(message=_l("Pilih «Ya, sudah» atau «Belum»."))],
    )
    frequency = CheckedRadioField(
        _l("Seberapa sering Anda menerapkannya?"),
        choices=[SelectChoice(f.value, label) for f, label in FREQUENCY_LABELS.items()],
        validators=[DataRequired(message=_l("Pilih seberapa sering."))],
    )
    obstacles = TextAreaField(
        _l("Apa yang menghambat? (boleh dikosongkan)"),
        filters=[_strip, _unix_newlines],
        validators=[Optional(), _length(services.MAX_TEXT_LENGTH)],
    )
    change_description = TextAreaField(
        _l("Apa yang berubah? (boleh dikosongkan)"),
        description=_l("Misalnya: antrean lebih pendek, keluhan berkurang."),
        filters=[_strip, _unix_newlines],
        validators=[Optional(), _length(services.MAX_TEXT_LENGTH)],
    )
    change_figure = FigureField(
        _l("Perubahan dalam angka (boleh dikosongkan)"),
        description=_l("Misalnya 35 atau 12,5."),
        render_kw={"inputmode": "decimal"},
    )
    change_unit = StringField(
        _l("Satuan"),
        description=_l("Misalnya: menit waktu tunggu, keluhan per bulan."),
        filters=[_strip],
        # No Optional(): an empty unit must still reach validate_change_unit.
        validators=[_length(services.MAX_UNIT_LENGTH)],
    )

    def validate_frequency(self, field: CheckedRadioField) -> None:
        not_applied = {f.value for f in services.NOT_APPLIED_FREQUENCIES}
        if self.applied.data == NO and field.data and field.data not in not_applied:
            raise ValidationError(
                _l("Jika belum menerapkan, pilih «jarang» atau «tidak pernah».")
            )

    def validate_change_unit(self, field: StringField) -> None:
        if self.change_figure.data is not None and not field.data:
            raise ValidationError(_l("Tulis satuan angkanya, misalnya «menit»."))

    def to_data(self) -> services.CheckInData:
        return services.CheckInData(
            applied=self.applied.data == YES,
            frequency=ApplicationFrequency(self.frequency.data),
            obstacles=self.obstacles.data or "",
            change_description=self.change_description.data or "",
            change_figure=self.change_figure.data,
            change_unit=self.change_unit.data or "",
        )


class ConfirmForm(FlaskForm):
    confirmed = CheckedRadioField(
        _l("Apakah Anda melihat perubahan ini di tempat kerja?"),
        choices=[
            SelectChoice(YES, _l("Ya, saya mengonfirmasi perubahan ini")),
            SelectChoice(NO, _l("Tidak, laporan ini tidak sesuai")),
        ],
        validators=[DataRequired(message=_l("Pilih salah satu jawaban."))],
    )
    note = TextAreaField(
        _l("Catatan (boleh dikosongkan)"),
        filters=[_strip, _unix_newlines],
        validators=[Optional(), _length(services.MAX_NOTE_LENGTH)],
    )

"""The case-study form: what a writer may set, and nothing else.

Author, agency and status are not fields, so posting them changes nothing:
the services take them from the signed-in user and from the button pressed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from babel.numbers import NumberFormatError, format_decimal, parse_decimal
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    Field,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app import submissions
from app.models import SECTIONS, CaseStudy, Program
from app.practices import services

SECTION_LABELS = {
    "situation": _l("Situasi"),
    "action": _l("Tindakan"),
    "result": _l("Hasil"),
    "lessons": _l("Pelajaran"),
}
SECTION_HINTS = {
    "situation": _l(
        "Masalah apa yang Anda hadapi di tempat kerja? Siapa yang terdampak?"
    ),
    "action": _l(
        "Apa yang Anda terapkan dari program itu? Langkah apa saja, dan kapan?"
    ),
    "result": _l(
        "Apa yang berubah? Sebutkan angka bila ada, misalnya waktu tunggu atau "
        "jumlah keluhan."
    ),
    "lessons": _l(
        "Apa yang Anda pelajari? Apa saran Anda untuk rekan yang ingin mencoba?"
    ),
}


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _unix_newlines(value: str | None) -> str | None:
    # Browsers send CRLF; count a line break as one character, as they do.
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def _to_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _version(value: Any) -> int | None:
    """A version number as the form sent it; anything else (missing, text,
    a number too big for the column) counts as not sent."""
    text = str(value) if value is not None else ""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


class FigureField(StringField):
    """A number typed the Indonesian way (``12,5`` or ``1.500``), or empty."""

    def process_formdata(self, valuelist: list[str]) -> None:
        text = valuelist[0].strip() if valuelist else ""
        self.data = None
        if not text:
            return
        try:
            value = parse_decimal(text, locale=get_locale(), strict=True)
        except NumberFormatError as error:
            raise ValueError(_l("Tulis angka seperti 45, 12,5 atau 1.500.")) from error
        if not services.is_valid_figure(value):
            raise ValueError(_l("Angka ini terlalu besar atau tidak wajar."))
        self.data = value

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if isinstance(self.data, Decimal):
            return format_decimal(self.data, locale=get_locale(), group_separator=False)
        return ""


def _section_field(name: str) -> TextAreaField:
    limit = services.MAX_SECTION_LENGTH
    return TextAreaField(
        SECTION_LABELS[name],
        description=SECTION_HINTS[name],
        filters=[_unix_newlines],
        validators=[
            Length(
                max=limit,
                message=_l(
                    "Bagian ini paling banyak %(max)d karakter; "
                    "saat ini %(length)d. Persingkat lalu kirim lagi."
                ),
            )
        ],
        render_kw={"rows": 8},
    )


class CaseStudyForm(FlaskForm):
    title = StringField(
        _l("Judul"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Judul wajib diisi.")),
            Length(
                max=services.MAX_TITLE_LENGTH,
                message=_l("Judul paling banyak %(max)d karakter."),
            ),
        ],
    )
    summary = TextAreaField(
        _l("Ringkasan"),
        description=_l("Satu atau dua kalimat: apa yang Anda lakukan dan hasilnya."),
        filters=[_strip, _unix_newlines],
        validators=[
            DataRequired(_l("Ringkasan wajib diisi.")),
            Length(
                max=services.MAX_SUMMARY_LENGTH,
                message=_l("Ringkasan paling banyak %(max)d karakter."),
            ),
        ],
        render_kw={"rows": 2},
    )
    program_id = SelectField(
        _l("Program"),
        description=_l("Program pembinaan yang Anda selesaikan dan Anda terapkan."),
        coerce=_to_int,
        validate_choice=False,  # checked below, with a message in Indonesian
    )
    situation = _section_field("situation")
    action = _section_field("action")
    result = _section_field("result")
    lessons = _section_field("lessons")
    result_metric = StringField(
        _l("Ukuran hasil"),
        description=_l("Opsional, misalnya: waktu tunggu pelayanan."),
        filters=[_strip],
        validators=[
            Length(
                max=services.MAX_METRIC_LENGTH,
                message=_l("Paling banyak %(max)d karakter."),
            )
        ],
    )
    result_before = FigureField(
        _l("Sebelum"), validators=[Optional()], render_kw={"inputmode": "decimal"}
    )
    result_after = FigureField(
        _l("Sesudah"), validators=[Optional()], render_kw={"inputmode": "decimal"}
    )
    result_unit = StringField(
        _l("Satuan"),
        description=_l("Misalnya: menit, keluhan per bulan, persen."),
        filters=[_strip],
        validators=[
            Length(
                max=services.MAX_UNIT_LENGTH,
                message=_l("Paling banyak %(max)d karakter."),
            )
        ],
    )
    tags = StringField(
        _l("Tag"),
        description=_l("Pisahkan dengan koma, misalnya: pelayanan publik, antrean."),
        filters=[_strip],
        validators=[Length(max=1000, message=_l("Paling banyak %(max)d karakter."))],
    )
    # Hidden: the one-time token (a double submit makes one case study) and,
    # when editing, the version the form was made from (a save over someone
    # else's newer save is a conflict, not an overwrite).
    form_token = HiddenField(filters=[submissions.well_formed])
    edit_version = HiddenField(filters=[_version])
    preview = SubmitField(_l("Pratinjau"))
    save = SubmitField(_l("Simpan draf"))
    publish = SubmitField(_l("Terbitkan"))

    def set_programs(self, programs: list[Program]) -> None:
        """Offer only these programmes (those the writer has completed)."""
        self.program_id.choices = [("", _l("— Pilih program —"))] + [
            (program.id, program.name) for program in programs
        ]
        chosen = self.program_id.data is not None or self.program_id.raw_data
        if len(programs) == 1 and not chosen:
            self.program_id.data = programs[0].id

    def validate_program_id(self, field: Field) -> None:
        offered = {value for value, _label in field.choices if value != ""}
        if field.data is None:
            raise ValidationError(_l("Pilih program."))
        if field.data not in offered:
            raise ValidationError(_l("Pilih program yang sudah Anda selesaikan."))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.publish.data:
            valid = self._sections_filled() and valid
        return self._figures_complete() and valid

    def _sections_filled(self) -> bool:
        missing = [
            getattr(self, name)
            for name in SECTIONS
            if not (getattr(self, name).data or "").strip()
        ]
        for field in missing:
            field.errors.append(_l("Isi bagian ini sebelum menerbitkan."))
        return not missing

    def _figures_complete(self) -> bool:
        before, after = self.result_before, self.result_after
        if before.errors or after.errors:
            return True  # already reported
        if (before.data is None) == (after.data is None):
            if before.data is not None and not self.result_metric.data:
                self.result_metric.errors.append(
                    _l("Tulis apa yang diukur, misalnya: waktu tunggu.")
                )
                return False
            return True
        missing = before if before.data is None else after
        missing.errors.append(
            _l("Isi angka sebelum dan sesudah, atau kosongkan keduanya.")
        )
        return False

    def to_data(self) -> services.CaseStudyData:
        return services.CaseStudyData(
            title=self.title.data or "",
            summary=self.summary.data or "",
            program_id=self.program_id.data or 0,
            tags=services.parse_tags(self.tags.data or ""),
            result_metric=self.result_metric.data or "",
            result_before=self.result_before.data,
            result_after=self.result_after.data,
            result_unit=self.result_unit.data or "",
            **{name: getattr(self, name).data or "" for name in SECTIONS},
        )

    @staticmethod
    def initial_data(case_study: CaseStudy) -> dict[str, Any]:
        """What the edit form starts with: the case study as it is now."""
        return {
            "title": case_study.title,
            "edit_version": case_study.edit_version,
            "summary": case_study.summary,
            "program_id": case_study.program_id,
            "tags": ", ".join(tag.name for tag in case_study.tags),
            "result_metric": case_study.result_metric,
            "result_before": case_study.result_before,
            "result_after": case_study.result_after,
            "result_unit": case_study.result_unit,
            **{name: getattr(case_study, f"{name}_md") for name in SECTIONS},
        }


class WithdrawForm(FlaskForm):
    """Only a button and the CSRF token: withdrawing needs a deliberate POST."""

    submit = SubmitField(_l("Ya, tarik studi kasus ini"))

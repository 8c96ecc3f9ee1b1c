"""Forms for reporting, moderating and featuring; every label in Indonesian."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.auth.redirects import safe_next_url
from app.models.moderation import MAX_FLAG_NOTE_LENGTH
from app.moderation.decisions import MAX_REASON_LENGTH
from app.moderation.labels import REASON_LABELS


def _text_length(max_length: int = MAX_REASON_LENGTH) -> Length:
    return Length(
        max=max_length, message=_l("Paling banyak %(n)s karakter.", n=max_length)
    )


class _OfferedChoice:
    """WTForms says "Not a valid choice." in English only: say it in Indonesian.

    An empty value is left to ``DataRequired`` (or allowed, for filters).
    """

    def pre_validate(self: Field, form: FlaskForm) -> None:  # type: ignore[misc]
        offered = {str(choice.value) for choice in self.choices}
        if self.data and str(self.data) not in offered:
            raise ValidationError(_l("Pilihan ini tidak tersedia."))


class CheckedRadioField(_OfferedChoice, RadioField):
    pass


class CheckedSelectField(_OfferedChoice, SelectField):
    pass


class FlagForm(FlaskForm):
    reason = CheckedRadioField(
        _l("Alasan"),
        choices=[SelectChoice(r.value, label) for r, label in REASON_LABELS.items()],
        validators=[DataRequired(message=_l("Pilih alasan laporan."))],
    )
    note = TextAreaField(
        _l("Keterangan (boleh dikosongkan)"),
        validators=[Optional(), _text_length(MAX_FLAG_NOTE_LENGTH)],
    )


class _DecisionForm(FlaskForm):
    """A moderator's action; ``next`` brings them back where they clicked."""

    next = HiddenField()

    def next_url(self) -> str | None:
        return safe_next_url(self.next.data)


class ReasonForm(_DecisionForm):
    """Hide, restore, lock, unlock, unfeature: the author reads the reason."""

    reason = TextAreaField(
        _l("Alasan (dibaca penulis)"),
        validators=[
            DataRequired(message=_l("Alasan wajib diisi. Penulis akan membacanya.")),
            _text_length(),
        ],
    )


class NoteForm(_DecisionForm):
    """Dismiss reports, approve a held case study: a note is optional."""

    reason = TextAreaField(
        _l("Catatan untuk penulis (boleh dikosongkan)"),
        validators=[Optional(), _text_length()],
    )


class WarnForm(_DecisionForm):
    reason = TextAreaField(
        _l("Pesan peringatan"),
        validators=[
            DataRequired(message=_l("Tulis pesan peringatan untuk pengguna ini.")),
            _text_length(),
        ],
    )


class FeatureForm(_DecisionForm):
    reason = TextAreaField(
        _l("Catatan kurator: mengapa praktik ini layak dicontoh"),
        validators=[
            DataRequired(
                message=_l(
                    "Catatan kurator wajib diisi: jelaskan mengapa praktik ini "
                    "layak dicontoh."
                )
            ),
            _text_length(),
        ],
    )


class QueueFilterForm(FlaskForm):
    """GET filters of the queue; programme and agency by slug."""

    class Meta:
        csrf = False

    jenis = CheckedSelectField(
        _l("Jenis"),
        choices=[
            SelectChoice("", _l("Semua")),
            SelectChoice("case_study", _l("Studi kasus")),
            SelectChoice("comment", _l("Komentar")),
        ],
        default="",
    )
    alasan = CheckedSelectField(
        _l("Alasan laporan"),
        choices=[SelectChoice("", _l("Semua"))]
        + [SelectChoice(r.value, label) for r, label in REASON_LABELS.items()],
        default="",
    )
    program = CheckedSelectField(_l("Program"), default="")
    instansi = CheckedSelectField(_l("Instansi"), default="")

    def set_places(self, programs: list, agencies: list) -> None:
        everything = [SelectChoice("", _l("Semua"))]
        self.program.choices = everything + [
            SelectChoice(p.slug, p.name) for p in programs
        ]
        self.instansi.choices = everything + [
            SelectChoice(a.slug, a.name) for a in agencies
        ]


class FeaturedFilterForm(FlaskForm):
    class Meta:
        csrf = False

    program = CheckedSelectField(_l("Program"), default="")
    instansi = CheckedSelectField(_l("Instansi"), default="")

    set_places = QueueFilterForm.set_places

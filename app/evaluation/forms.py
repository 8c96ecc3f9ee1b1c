"""The reaction form: four 1–5 questions as radio buttons and a comment."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from app.auth.forms import optional_int, strip
from app.evaluation.feedback import MAX_COMMENT_LENGTH, FeedbackData
from app.moderation.forms import CheckedRadioField


def _score(question: str) -> CheckedRadioField:
    return CheckedRadioField(
        question,
        choices=[SelectChoice(n, str(n)) for n in range(1, 6)],
        coerce=optional_int,
        validators=[DataRequired(message=_l("Pilih nilai 1 sampai 5."))],
    )


class FeedbackForm(FlaskForm):
    relevance = _score(_l("Seberapa relevan program ini dengan pekerjaan Anda?"))
    quality = _score(_l("Bagaimana mutu materi dan penyelenggaraannya?"))
    facilitator = _score(_l("Bagaimana fasilitator atau narasumbernya?"))
    recommend = _score(_l("Seberapa besar Anda akan menyarankan program ini?"))
    comment = TextAreaField(
        _l("Komentar (boleh dikosongkan)"),
        filters=[strip],
        validators=[
            Optional(),
            Length(
                max=MAX_COMMENT_LENGTH,
                message=_l("Komentar paling banyak %(n)s karakter.", n="2.000"),
            ),
        ],
    )
    submit = SubmitField(_l("Kirim umpan balik"))

    def data_object(self) -> FeedbackData:
        return FeedbackData(
            relevance=self.relevance.data,
            quality=self.quality.data,
            facilitator=self.facilitator.data,
            recommend=self.recommend.data,
            comment=self.comment.data or "",
        )

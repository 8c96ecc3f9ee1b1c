"""Forms for writing and editing comments."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from app import submissions
from app.community.services import MAX_COMMENT_LENGTH, normalise_body


class CommentForm(FlaskForm):
    """The text of a comment; used as is to edit one."""

    body = TextAreaField(
        _l("Komentar"),
        filters=[normalise_body],
        validators=[
            DataRequired(message=_l("Komentar tidak boleh kosong.")),
            Length(
                max=MAX_COMMENT_LENGTH,
                message=_l("Komentar paling banyak %(n)s karakter.", n="5.000"),
            ),
        ],
    )


class NewCommentForm(CommentForm):
    """A new comment; ``parent_id`` is set when it answers another comment.

    ``form_token`` makes a double submit post one comment (``app.submissions``).
    """

    form_token = HiddenField(filters=[submissions.well_formed])

    parent_id = HiddenField(
        validators=[
            Optional(),
            Regexp(
                r"^\d{1,18}$",
                message=_l("Komentar yang Anda balas tidak ditemukan."),
            ),
        ]
    )

    def parent_comment_id(self) -> int | None:
        return int(self.parent_id.data) if self.parent_id.data else None

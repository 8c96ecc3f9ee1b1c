"""Forms for "bermanfaat" and "saya menerapkan ini juga".

Each sends the state wanted (``on=1`` or ``on=0``), never "toggle", so a
double submit gives the same result as one.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import AnyOf, Length

from app.community.appreciation import normalise_note
from app.models.appreciation import MAX_REPLICATION_NOTE


class _StateForm(FlaskForm):
    on = HiddenField(
        default="1",
        validators=[AnyOf(["0", "1"], message=_l("Pilihan tidak dikenal."))],
    )

    @property
    def wanted(self) -> bool:
        return self.on.data != "0"


class HelpfulForm(_StateForm):
    """Mark (``on=1``) or unmark (``on=0``) a case study as helpful."""


class ReplicationForm(_StateForm):
    """Record a replication with an optional note, or withdraw it (``on=0``)."""

    note = TextAreaField(
        _l("Catatan (opsional)"),
        filters=[normalise_note],
        validators=[
            Length(
                max=MAX_REPLICATION_NOTE,
                message=_l(
                    "Catatan paling banyak %(n)d karakter.", n=MAX_REPLICATION_NOTE
                ),
            )
        ],
    )

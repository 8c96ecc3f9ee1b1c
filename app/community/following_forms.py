"""The one form behind every bookmark and follow button."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import AnyOf, InputRequired, Length, Optional


class ToggleForm(FlaskForm):
    """An idempotent switch: ``on`` is the state wanted (1 or 0), never "flip",
    so a double submit ends where a single one does. ``next`` is the page to
    return to (checked with ``safe_next_url`` before use)."""

    on = HiddenField(
        validators=[
            InputRequired(message=_l("Pilihan tidak valid.")),
            AnyOf(["0", "1"], message=_l("Pilihan tidak valid.")),
        ]
    )
    next = HiddenField(validators=[Optional(), Length(max=2000)])

    @property
    def wanted(self) -> bool:
        return self.on.data == "1"

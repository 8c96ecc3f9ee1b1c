"""Form fields with messages of our own.

WTForms ships no Indonesian messages, so numbers and dates are parsed here
rather than by ``IntegerField``/``DateField``; the admin and organiser forms
share them.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import StringField


class WholeNumberField(StringField):
    """A whole number, or empty (None); WTForms' own says so in English only."""

    def process_formdata(self, valuelist: list[str]) -> None:
        text = valuelist[0].strip() if valuelist else ""
        self.data = None
        if not text:
            return
        if not text.isdigit() or len(text) > 9:
            raise ValueError(_l("Tulis angka bulat, misalnya 20."))
        self.data = int(text)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)


class DayField(StringField):
    """A calendar day typed or picked as YYYY-MM-DD, or empty (None)."""

    def process_formdata(self, valuelist: list[str]) -> None:
        text = valuelist[0].strip() if valuelist else ""
        self.data = None
        if not text:
            return
        try:
            self.data = date.fromisoformat(text)
        except ValueError as error:
            raise ValueError(_l("Tulis tanggal seperti 2026-11-27.")) from error

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return self.data.isoformat() if isinstance(self.data, date) else ""

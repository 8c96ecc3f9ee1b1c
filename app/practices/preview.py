"""The live preview of the writing form: the text as it will look, unsaved.

The writing form's script posts the title, summary and four sections a
moment after the writer stops typing; this renders them with the one
Markdown renderer and sanitiser the site uses (``app.text``), so what the
writer sees is what readers will get. Nothing is stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from app.extensions import db
from app.models import SECTIONS, CaseStudy, User
from app.practices import services
from app.practices.forms import SECTION_LABELS
from app.text import render_markdown

# Every field the preview reads, with the most it accepts: the same limits as
# saving, so a preview never shows what could not be saved.
LIMITS = {
    "title": services.MAX_TITLE_LENGTH,
    "summary": services.MAX_SUMMARY_LENGTH,
    **dict.fromkeys(SECTIONS, services.MAX_SECTION_LENGTH),
}
# A whole request above this is refused before its fields are read: the four
# sections at their limit, in 4-byte characters and percent-encoded, fit.
MAX_BODY_BYTES = 4 * services.MAX_SECTION_LENGTH * 4 * 3 + 64 * 1024


class PreviewTooLong(ValueError):
    """A field is over its limit; ``str(error)`` tells the writer which."""


@dataclass(frozen=True)
class Preview:
    title: str
    summary: str
    sections: list[tuple[str, str]]  # (label, sanitised HTML)


def field_labels() -> dict[str, str]:
    labels = {"title": _("Judul"), "summary": _("Ringkasan")}
    return labels | {name: str(label) for name, label in SECTION_LABELS.items()}


def build_preview(fields: Mapping[str, str]) -> Preview:
    """The case study as readers would see it, from the raw form fields.

    :raise PreviewTooLong: a field is longer than saving allows.
    """
    values = {name: (fields.get(name) or "").replace("\r\n", "\n") for name in LIMITS}
    for name, limit in LIMITS.items():
        if len(values[name]) > limit:
            raise PreviewTooLong(
                _(
                    "%(field)s terlalu panjang untuk pratinjau: paling banyak "
                    "%(max)d karakter, saat ini %(length)d. Persingkat dulu.",
                    field=field_labels()[name],
                    max=limit,
                    length=len(values[name]),
                )
            )
    sections = [
        (str(SECTION_LABELS[name]), render_markdown(values[name]))
        for name in SECTIONS
        if values[name].strip()
    ]
    return Preview(values["title"].strip(), values["summary"].strip(), sections)


def may_preview(user: User) -> bool:
    """Only someone who can write or edit a case study gets previews: a
    member with a completed programme (the writing form is open to them),
    or the author of a case study (the edit form is)."""
    completed = services.completed_programs(user)
    if completed:
        return True
    authored = db.session.scalar(
        sa.select(CaseStudy.id).where(CaseStudy.author_id == user.id).limit(1)
    )
    return authored is not None

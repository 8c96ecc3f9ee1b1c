"""The browser's copy of the form being written (``static/js/autosave.js``).

The script keeps the text in ``localStorage`` while the writer types, so a
dropped connection or a closed tab loses nothing. The server only names the
copy (per member and per case study, ``baru`` for a new one) and, once the
form has been saved, tells the next page to drop it.
"""

from __future__ import annotations

from flask import session
from flask_login import current_user

from app.models import CaseStudy

_SAVED_DRAFT = "autosave_saved"


def _draft_name(case_study: CaseStudy | None) -> str:
    return "baru" if case_study is None else str(case_study.id)


def _key(name: str) -> str:
    return f"lumbung-draf:{current_user.id}:{name}"


def draft_key(case_study: CaseStudy | None) -> str:
    """The ``localStorage`` key of one draft: per member, so two people
    sharing a browser never see each other's text."""
    return _key(_draft_name(case_study))


def remember_saved(case_study: CaseStudy) -> None:
    """The form was saved: the browser's copy is no longer needed."""
    session[_SAVED_DRAFT] = _draft_name(case_study)


def saved_draft_key() -> str | None:
    """The key of a draft saved since the last page, once: that page's
    script drops the browser's copy."""
    if not current_user.is_authenticated:
        return None
    name = session.pop(_SAVED_DRAFT, None)
    return _key(name) if isinstance(name, str) else None

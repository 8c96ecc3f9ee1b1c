"""The one error the admin services raise."""

from __future__ import annotations


class AdminError(ValueError):
    """A rule refused the change; nothing was changed.

    ``str(error)`` is a translated message for the admin; ``field`` names the
    form field it belongs to (None: the whole form).
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field

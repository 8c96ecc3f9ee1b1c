"""How long work reports how far it got, without knowing who is watching."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def phase(self, label: str, total: int) -> None:
        """A new step begins, ``total`` units long."""

    def advance(self, units: int = 1) -> None:
        """``units`` more of the current step are done."""


class Silent:
    """Progress nobody watches (services called from code and tests)."""

    def phase(self, label: str, total: int) -> None:
        pass

    def advance(self, units: int = 1) -> None:
        pass

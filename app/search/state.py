"""How far an index has applied the change log: a watermark with remembered gaps.

PostgreSQL hands out sequence ids when a row is inserted, but transactions
commit in their own order: change 41 can become visible after change 42 was
applied. A bare "last applied id" would then skip 41 forever. So the state is
the highest id seen plus the ranges of ids below it that were missing when the
watermark passed them, each with the time it was first seen. Later runs look
for rows in those ranges again until the range empties or times out (a
rolled-back transaction leaves a permanent hole; 10 minutes is far longer
than any transaction here should take).

The state lives in ``state.json`` inside the index folder, written atomically
(temporary file, ``fsync``, ``os.replace``) after the index commit. A crash in
between only means some changes are applied twice, which is harmless: a
document is replaced by id, or deleted by id.
"""

from __future__ import annotations

import bisect
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

STATE_FILE = "state.json"


@dataclass
class Gap:
    """Ids ``low..high`` (inclusive) not visible when the watermark passed them."""

    low: int
    high: int
    seen: float  # epoch seconds when first noticed


@dataclass
class IndexState:
    last_id: int = 0
    gaps: list[Gap] = field(default_factory=list)  # sorted, disjoint

    def advance(self, applied: Iterable[int], now: float, timeout: float) -> list[Gap]:
        """Note that the changes ``applied`` are now in the index.

        Ids above the watermark move it up, opening gaps for what they skip;
        ids inside a gap close that part of it. Gaps older than ``timeout``
        seconds are given up and returned.
        """
        for change_id in sorted(set(applied)):
            if change_id > self.last_id:
                if change_id > self.last_id + 1:
                    self.gaps.append(Gap(self.last_id + 1, change_id - 1, now))
                self.last_id = change_id
            else:
                self._fill(change_id)
        expired = [gap for gap in self.gaps if now - gap.seen >= timeout]
        self.gaps = [gap for gap in self.gaps if now - gap.seen < timeout]
        return expired

    def _fill(self, change_id: int) -> None:
        lows = [gap.low for gap in self.gaps]
        at = bisect.bisect_right(lows, change_id) - 1
        if at < 0 or self.gaps[at].high < change_id:
            return
        gap = self.gaps.pop(at)
        parts = [
            Gap(gap.low, change_id - 1, gap.seen),
            Gap(change_id + 1, gap.high, gap.seen),
        ]
        self.gaps[at:at] = [part for part in parts if part.low <= part.high]

    def to_json(self) -> str:
        return json.dumps(
            {
                "last_id": self.last_id,
                "gaps": [[gap.low, gap.high, gap.seen] for gap in self.gaps],
            }
        )

    @classmethod
    def from_json(cls, text: str) -> IndexState:
        data = json.loads(text)
        gaps = [Gap(int(lo), int(hi), float(seen)) for lo, hi, seen in data["gaps"]]
        return cls(last_id=int(data["last_id"]), gaps=sorted(gaps, key=_low))


def _low(gap: Gap) -> int:
    return gap.low


def load_state(folder: Path) -> IndexState:
    """The state of the index in ``folder``; a missing file means nothing applied."""
    try:
        return IndexState.from_json((folder / STATE_FILE).read_text())
    except FileNotFoundError:
        return IndexState()


def save_state(folder: Path, state: IndexState) -> None:
    """Replace the state file atomically: a reader sees the old or the new one."""
    fd, temp = tempfile.mkstemp(prefix=".state-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(state.to_json())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, folder / STATE_FILE)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise

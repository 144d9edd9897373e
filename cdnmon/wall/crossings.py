"""Threshold crossings in the log: the first few of each minute in full, then one line.

A wall of a thousand tiles can cross a threshold all at once (a region's traffic rises, a
threshold set too low for every tile); a line per tile per refresh would bury the log. So
each minute the first ``lines_per_minute`` crossings are written one by one, the rest are
counted, and once the minute is over one line says how many more there were. The log stays
in English (it is read with grep and by support), whatever the interface language.
"""

from __future__ import annotations

import logging
from collections import Counter

from cdnmon.wall.state import Crossing, Level

log = logging.getLogger("cdnmon.alerts")

LINES_PER_MINUTE = 10
PERIOD_S = 60.0


class CrossingLog:
    """Writes crossings to the ``cdnmon.alerts`` log, at most ``lines_per_minute`` lines
    and one summary line a minute."""

    def __init__(self, lines_per_minute: int = LINES_PER_MINUTE, period_s: float = PERIOD_S):
        self.lines_per_minute = lines_per_minute
        self.period_s = period_s
        self._since: float | None = None  # when the current minute began (its first crossing)
        self._written = 0
        self._held: Counter[Level] = Counter()  # crossings not written, by the level reached

    @property
    def held(self) -> int:
        """Crossings of the current minute counted but not written."""
        return sum(self._held.values())

    def record(self, title: str, crossing: Crossing, now: float) -> bool:
        """Write the crossing if the minute has room for it; whether it was written."""
        self.flush(now)
        if self._since is None:
            self._since, self._written = now, 0
        if self._written >= self.lines_per_minute:
            self._held[crossing.after] += 1
            return False
        self._written += 1
        rising = crossing.after > crossing.before
        (log.warning if rising else log.info)(
            "threshold crossing: %s: %s -> %s at %.0f bit/s",
            title, crossing.before.name, crossing.after.name, crossing.value,
        )  # fmt: skip
        return True

    def flush(self, now: float) -> int:
        """Once the minute is over, one line for the crossings it held back; their number."""
        if self._since is None or now - self._since < self.period_s:
            return 0
        held = self.held
        if held:
            log.warning(
                "and %d more threshold crossings in that minute, not logged one by one "
                "(%d to CRITICAL, %d to WARNING, %d back to NORMAL)",
                held, self._held[Level.CRITICAL], self._held[Level.WARNING],
                self._held[Level.NORMAL],
            )  # fmt: skip
        self._since = None
        self._held.clear()
        return held

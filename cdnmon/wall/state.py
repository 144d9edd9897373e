"""What a wall tile is showing and how alarming it is, decided without Qt.

Five data states, never to be confused with each other or with zero:

- ``LIVE``: the provider's data is as recent as its usual delay allows. Its newest
  minutes are always provisional (still being revised): they are shaded, never read as a
  drop, and the big figure is the newest settled point.
- ``LATE``: updates succeed but the provider is behind its usual delay: the newest point
  is older than ``late_before``, so what should be settled by now is missing or partial.
- ``STALE``: no successful update for ``stale_after_intervals`` refreshes; the last data
  stays on screen, greyed, with how long ago and why.
- ``NO_DATA``: updates succeed but the provider reports no points for the window.
- ``ERROR``: an update failed in a way retrying will not fix (credentials rejected,
  throttled, domain offline), or failed before anything was ever fetched.

Threshold levels (``NORMAL``/``WARNING``/``CRITICAL``) step up at once and step down only
when the value has fallen below the threshold by a hysteresis fraction, so a value hovering
around a threshold does not make the tile flicker.
"""

from __future__ import annotations

import enum
import math
import time
from collections.abc import Callable
from dataclasses import dataclass


class TileState(enum.Enum):
    LIVE = "live"
    LATE = "late"
    STALE = "stale"
    NO_DATA = "no data"
    ERROR = "error"


class Level(enum.IntEnum):
    NORMAL = 0
    WARNING = 1
    CRITICAL = 2


def classify(
    now: float,
    last_success: float | None,
    last_error: float | None,
    newest_point_time: float | None,
    late_before: float | None,
    refresh_s: float,
    stale_after_intervals: int,
    *,
    persistent_error: bool = False,
) -> TileState:
    """The state of a tile at ``now``.

    ``last_success``/``last_error`` are the times of the latest successful and failed
    updates (None: none yet). ``newest_point_time`` is the newest point's timestamp (None:
    the provider returned no points). A newest point before ``late_before`` (the provider's
    usual delay plus two intervals ago) means the data is late. ``persistent_error`` says
    the latest failure will not fix itself by retrying (auth, throttling, offline domain):
    it shows as ERROR at once, where a transient failure (a timeout) keeps the last data up
    until it goes STALE.

    Before the first update of any kind the tile is NO_DATA (nothing to show yet).
    """
    failing = last_error is not None and (last_success is None or last_error >= last_success)
    if failing and (persistent_error or last_success is None):
        return TileState.ERROR
    if last_success is None:
        return TileState.NO_DATA
    if now - last_success >= refresh_s * stale_after_intervals:
        return TileState.STALE
    if newest_point_time is None:
        return TileState.NO_DATA
    if late_before is not None and newest_point_time < late_before:
        return TileState.LATE
    return TileState.LIVE


def format_age(seconds: float, unit: Callable[[int, str], str] = lambda n, u: f"{n} {u}") -> str:
    """``45 s``, ``7 min``, ``2 h 5 min``: how long a tile has been stale. ``unit(n, u)``
    words one amount (``u`` is ``s``, ``min`` or ``h``), e.g. in another language."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return unit(seconds, "s")
    minutes = seconds // 60
    if minutes < 60:
        return unit(minutes, "min")
    hours, minutes = divmod(minutes, 60)
    return f"{unit(hours, 'h')} {unit(minutes, 'min')}" if minutes else unit(hours, "h")


@dataclass(frozen=True)
class Crossing:
    """A level change, for notifications: when, from what, to what, at what value."""

    time: float
    before: Level
    after: Level
    value: float


class ThresholdTracker:
    """The alarm level of one tile, with hysteresis.

    Steps up as soon as a value reaches a threshold; steps down from a level only once the
    value is below that level's threshold by ``hysteresis`` (a fraction: 0.1 means 10%
    below). A missing value (None or NaN) leaves the level unchanged.
    """

    def __init__(
        self, warning: float | None, critical: float | None, hysteresis: float = 0.1
    ) -> None:
        if not 0 <= hysteresis < 1:
            raise ValueError("hysteresis is a fraction from 0 to below 1")
        self.warning = warning
        self.critical = critical
        self.hysteresis = hysteresis
        self.level = Level.NORMAL
        self.crossings: list[Crossing] = []

    def _threshold(self, level: Level) -> float | None:
        return {Level.WARNING: self.warning, Level.CRITICAL: self.critical}.get(level)

    def _reached(self, bps: float) -> Level:
        """The highest level whose threshold ``bps`` reaches, ignoring hysteresis."""
        for level in (Level.CRITICAL, Level.WARNING):
            threshold = self._threshold(level)
            if threshold is not None and bps >= threshold:
                return level
        return Level.NORMAL

    def update(self, bps: float | None, at: float | None = None) -> Level:
        if bps is None or math.isnan(bps):
            return self.level
        new = self.level
        while new > Level.NORMAL:
            threshold = self._threshold(new)
            if threshold is not None and bps >= threshold * (1 - self.hysteresis):
                break
            new = Level(new - 1)
        new = max(new, self._reached(bps))
        if new != self.level:
            moment = time.time() if at is None else at
            self.crossings.append(Crossing(moment, self.level, new, bps))
            self.level = new
        return self.level

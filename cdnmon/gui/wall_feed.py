"""What one wall tile should show, worked out from the monitor's tracks.

A tile is one domain or a group of domains summed; its feed reads the members' fetched
points, fetch times and errors, and decides the points to draw, the data state, the alarm
level (with hysteresis) and the trend against the same time yesterday.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QLocale

from cdnmon.model import DAY
from cdnmon.providers.registry import DATA_DELAYS
from cdnmon.wall_layout import TileSpec, WallLayout
from cdnmon.wall_state import (
    Crossing,
    Level,
    ThresholdTracker,
    TileState,
    classify,
    sum_group,
)

from .error_text import brief
from .i18n import arg
from .locale_format import age
from .monitor import SeriesKey, Track

translate = QCoreApplication.translate
# A change smaller than this against yesterday reads as "same as yesterday".
FLAT_TREND = 0.02


@dataclass(frozen=True)
class TileView:
    points: list[tuple[float, float]]
    provisional_after: float | None
    state: TileState
    reason: str
    age_s: float | None
    level: Level
    trend: str


def trend_text(now_bps: float | None, yesterday_bps: float | None) -> str:
    """``▲ 12% vs yesterday``; empty when either value is unknown."""
    if now_bps is None or yesterday_bps is None or math.isnan(now_bps):
        return ""
    if yesterday_bps <= 0:
        return translate("WallFeed", "▲ new traffic vs yesterday") if now_bps > 0 else ""
    change = now_bps / yesterday_bps - 1
    if abs(change) < FLAT_TREND:
        return translate("WallFeed", "= same as yesterday")
    percent = QLocale().toString(round(abs(change) * 100))
    if change > 0:
        return arg(translate("WallFeed", "▲ %1% vs yesterday"), percent)
    return arg(translate("WallFeed", "▼ %1% vs yesterday"), percent)


class TileFeed:
    def __init__(self, spec: TileSpec) -> None:
        self.spec = spec
        self.keys: list[SeriesKey] = [(spec.provider, spec.account, d) for d in spec.domains]
        self.tracker = ThresholdTracker(spec.warning_bps, spec.critical_bps)
        self.yesterday: dict[SeriesKey, dict[int, float]] = {}
        self.missing_source = ""  # why the tile's account cannot be asked, if it cannot

    def set_yesterday(self, key: SeriesKey, points: Sequence[tuple[int, float]]) -> None:
        self.yesterday[key] = dict(points)

    def view(
        self,
        tracks: dict[SeriesKey, Track],
        now: float,
        provisional_after: float,
        layout: WallLayout,
    ) -> tuple[TileView, Crossing | None]:
        members = [tracks.get(key) for key in self.keys]
        present = [t for t in members if t is not None]
        points = self._points(present)
        settled = [(t, v) for t, v in points if t < provisional_after]
        latest = settled[-1] if settled else None
        crossings = len(self.tracker.crossings)
        level = self.tracker.update(latest[1] if latest else None, now)
        crossing = self.tracker.crossings[-1] if len(self.tracker.crossings) > crossings else None

        if self.missing_source or len(present) < len(members):
            reason = self.missing_source or translate("WallFeed", "waiting for the account")
            state = TileState.ERROR if self.missing_source else TileState.NO_DATA
            return TileView(points, provisional_after, state, reason, None, level, ""), crossing

        # A group is as fresh as its least fresh member.
        successes = [t.succeeded_at for t in present]
        last_success = None if None in successes else min(s for s in successes if s is not None)
        failures = [t for t in present if t.error and t.failed_at is not None]
        last_error = max((t.failed_at or 0.0 for t in failures), default=None)
        state = classify(
            now,
            last_success,
            last_error,
            points[-1][0] if points else None,
            now - DATA_DELAYS.get(self.spec.provider, 0) - 2 * max(t.interval for t in present),
            layout.refresh_s,
            layout.stale_after_intervals,
            persistent_error=any(t.persistent for t in failures),
        )
        reason = "; ".join(
            dict.fromkeys(brief(t.failure) if t.failure else t.error for t in failures)
        )
        if state is TileState.LATE:
            reason = arg(translate("WallFeed", "newest data %1 old"), age(now - points[-1][0]))
        elif state is TileState.NO_DATA and not reason:
            reason = (
                arg(
                    translate("WallFeed", "no traffic reported in the last %1"),
                    age(layout.window_s),
                )
                if last_success is not None
                else translate("WallFeed", "first fetch under way")
            )
        stale_for = now - last_success if last_success is not None else None
        trend = trend_text(latest[1], self._yesterday_at(latest[0])) if latest else ""
        view = TileView(points, provisional_after, state, reason, stale_for, level, trend)
        return view, crossing

    def _points(self, tracks: list[Track]) -> list[tuple[float, float]]:
        if len(tracks) == 1:
            return sorted(tracks[0].points.items())
        return sum_group([sorted(t.points.items()) for t in tracks])

    def _yesterday_at(self, time: float) -> float | None:
        values = [self.yesterday.get(key, {}).get(int(time - DAY)) for key in self.keys]
        if any(v is None or math.isnan(v) for v in values):
            return None
        return sum(values)  # type: ignore[arg-type]

"""What one wall tile should show, worked out from the monitor's snapshots, without Qt.

A tile is one domain or a group of domains summed. Its feed reads the members' snapshots
(points, fetch times, failures) and decides the snapshot to draw, the data state and why,
the alarm level (with hysteresis) and the change against the same time yesterday. The
words are the window's business: a ``Reason`` is a code and its value.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from cdnmon.live import points as pts
from cdnmon.live import snapshot
from cdnmon.live.keys import SeriesKey
from cdnmon.live.points import Points
from cdnmon.live.snapshot import Snapshot
from cdnmon.model import DAY, TimeRange
from cdnmon.wall.layout import TileSpec, WallLayout
from cdnmon.wall.state import Crossing, Level, ThresholdTracker, TileState, classify

# A change smaller than this against yesterday reads as "same as yesterday".
FLAT_TREND = 0.02


class Why(Enum):
    """Why a tile is not simply live; ``Reason.value`` holds what is in brackets."""

    NONE = "none"
    NO_ACCOUNT = "no account"  # (the account's problem in words)
    WAITING = "waiting"  # the account is being set up
    FAILED = "failed"  # (the members' latest failures)
    LATE = "late"  # (seconds since the newest point)
    NO_TRAFFIC = "no traffic"  # (the window in seconds)
    FIRST_FETCH = "first fetch"  # the first answer has not come


@dataclass(frozen=True)
class Reason:
    why: Why = Why.NONE
    value: object = None


@dataclass(frozen=True, eq=False)
class TileView:
    shot: Snapshot  # the domain's, or the group's sum
    state: TileState
    reason: Reason
    age_s: float | None  # since the last successful update
    level: Level
    trend: float | None  # change against yesterday (0.05: 5% up; inf: new traffic)


def trend(now_bps: float | None, yesterday_bps: float | None) -> float | None:
    """The relative change against yesterday: 0 within ``FLAT_TREND``, ``inf`` for traffic
    where there was none, None when either value is unknown."""
    if now_bps is None or yesterday_bps is None or math.isnan(now_bps):
        return None
    if yesterday_bps <= 0:
        return math.inf if now_bps > 0 else None
    change = now_bps / yesterday_bps - 1
    return 0.0 if abs(change) < FLAT_TREND else change


class TileFeed:
    def __init__(self, spec: TileSpec) -> None:
        self.spec = spec
        self.keys: list[SeriesKey] = [(spec.provider, spec.account, d) for d in spec.domains]
        self.tracker = ThresholdTracker(spec.warning_bps, spec.critical_bps)
        self.yesterday: dict[SeriesKey, Points] = {}
        self.missing_source = ""  # why the tile's account cannot be asked, if it cannot
        self._summed: tuple[tuple[Snapshot, ...], Snapshot] | None = None

    def set_yesterday(self, key: SeriesKey, points: Points) -> None:
        self.yesterday[key] = points

    def view(
        self, shot_of: Callable[[SeriesKey], Snapshot | None], now: float, layout: WallLayout
    ) -> tuple[TileView, Crossing | None]:
        """What the tile shows at ``now``; ``shot_of`` gives a member's latest snapshot."""
        members = [shot_of(key) for key in self.keys]
        present = [s for s in members if s is not None]
        shot = self._combined(present) if present else None
        summary = shot.summary if shot else None
        latest = None  # the newest settled point: provisional ones would read as a drop
        if shot and summary and summary.latest_time < shot.provisional_after:
            latest = (summary.latest_time, summary.latest)
        crossings = len(self.tracker.crossings)
        level = self.tracker.update(latest[1] if latest else None, now)
        crossing = self.tracker.crossings[-1] if len(self.tracker.crossings) > crossings else None

        if shot is None or self.missing_source or len(present) < len(members):
            reason = (
                Reason(Why.NO_ACCOUNT, self.missing_source)
                if self.missing_source
                else Reason(Why.WAITING)
            )
            state = TileState.ERROR if self.missing_source else TileState.NO_DATA
            shown = shot or snapshot.waiting(
                self.keys[0], TimeRange.last(layout.window_s, now), now
            )
            return TileView(shown, state, reason, None, level, None), crossing

        # A group is as fresh as its least fresh member.
        successes = [s.health.succeeded_at for s in present]
        last_success = None if None in successes else min(s for s in successes if s is not None)
        failures = [s.health for s in present if s.health.failure and s.health.failed_at]
        last_error = max((h.failed_at or 0.0 for h in failures), default=None)
        newest = shot.newest_time
        state = classify(
            now,
            last_success,
            last_error,
            newest,
            shot.provisional_after - 2 * max(s.interval for s in present),
            layout.refresh_s,
            layout.stale_after_intervals,
            persistent_error=any(h.persistent for h in failures),
        )
        reason = Reason(Why.FAILED, [h.failure for h in failures]) if failures else Reason()
        if state is TileState.LATE and newest is not None:
            reason = Reason(Why.LATE, now - newest)
        elif state is TileState.NO_DATA and not failures:
            reason = (
                Reason(Why.NO_TRAFFIC, layout.window_s)
                if last_success is not None
                else Reason(Why.FIRST_FETCH)
            )
        stale_for = now - last_success if last_success is not None else None
        change = trend(latest[1], self._yesterday_at(latest[0])) if latest else None
        return TileView(shot, state, reason, stale_for, level, change), crossing

    def _combined(self, present: list[Snapshot]) -> Snapshot:
        """The one member's snapshot, or the group's sum, made again only when a member's
        snapshot changed (the wall asks every second)."""
        if len(present) == 1:
            return present[0]
        members = tuple(present)  # snapshots compare by identity: a new one is a change
        if self._summed is None or self._summed[0] != members:
            interval = max(s.interval for s in members)
            edges = [s.edge.points for s in members if s.edge is not None]
            shot = snapshot.make(
                members[0].key,
                interval,
                pts.sum_group([s.points for s in members], interval),
                members[0].visible,
                min(s.provisional_after for s in members),
                # A group's offload is its total's: every member's edge, or none.
                edge=pts.sum_group(edges, interval) if len(edges) == len(members) else None,
            )  # its health is the members': the feed reads theirs
            self._summed = (members, shot)
        return self._summed[1]

    def _yesterday_at(self, time: float) -> float | None:
        """The group's total at the same time yesterday; None if a member lacks it."""
        total = 0.0
        for key in self.keys:
            times, values = self.yesterday.get(key, pts.empty())
            at = int(times.searchsorted(time - DAY))
            if at >= times.size or times[at] != time - DAY:
                return None
            total += float(values[at])
        return total

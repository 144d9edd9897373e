"""One series as every view reads it, made once, off the GUI thread.

A ``Snapshot`` is immutable: the monitor replaces it whole when an answer or a failure
arrives, and charts, the figures table, exports and wall tiles only read it. Its arrays
are read-only so that no reader can change what another draws.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from cdnmon.live import points as pts
from cdnmon.live.curves import curve_arrays
from cdnmon.live.keys import SeriesKey
from cdnmon.live.points import Points
from cdnmon.model import (
    EDGE,
    MINUTE,
    Series,
    Summary,
    TimeRange,
    summarize,
    summarize_offload,
)


@dataclass(frozen=True, eq=False)
class Health:
    """How the latest fetches of a series went (epoch seconds; None: none yet)."""

    succeeded_at: float | None = None
    failed_at: float | None = None
    failure: BaseException | None = None  # the latest failure, None once one succeeds
    persistent: bool = False  # retrying soon will not fix it (credentials, throttling...)


@dataclass(frozen=True, eq=False)
class Edge:
    """Edge bandwidth beside a series' origin (fetched only where it is shown), and the
    offload the two give; curves and figures derived once, as the origin's are."""

    points: Points
    x: np.ndarray
    y: np.ndarray
    summary: Summary | None
    offload: Points  # 1 - origin / edge where both have a point
    offload_x: np.ndarray
    offload_y: np.ndarray

    def shown(self, visible: TimeRange) -> Points:
        return pts.within(self.points, visible)


@dataclass(frozen=True, eq=False)
class Snapshot:
    key: SeriesKey
    interval: int
    points: Points  # every point held, sorted, no NaN
    visible: TimeRange
    provisional_after: float  # points at or after this are still being revised
    health: Health = field(default_factory=Health)
    # Derived once in ``make``: the curve (NaN at gaps) and the figures of the visible part.
    x: np.ndarray = field(default_factory=lambda: np.empty(0))
    y: np.ndarray = field(default_factory=lambda: np.empty(0))
    summary: Summary | None = None
    edge: Edge | None = None  # None: edge not asked for

    @property
    def has_points(self) -> bool:
        return self.points[0].size > 0

    @property
    def newest_time(self) -> float | None:
        times = self.points[0]
        return float(times[-1]) if times.size else None

    def shown(self) -> Points:
        """The points inside the visible range."""
        return pts.within(self.points, self.visible)

    def series(self, whole: bool = False) -> Series:
        """The visible points (``whole``: every point held) as a ``Series``, for a file."""
        provider, account, domain = self.key
        chosen = self.points if whole else self.shown()
        return Series(provider, account, domain, self.interval, pts.pairs(chosen))

    def edge_series(self, whole: bool = False) -> Series | None:
        """``series`` of the edge bandwidth, where it was fetched."""
        if self.edge is None:
            return None
        provider, account, domain = self.key
        chosen = self.edge.points if whole else self.edge.shown(self.visible)
        return Series(provider, account, domain, self.interval, pts.pairs(chosen), EDGE)

    def with_health(self, health: Health) -> Snapshot:
        return replace(self, health=health)

    def without_edge(self) -> Snapshot:
        """The same origin, its edge and offload dropped (nothing computed again)."""
        summary = self.summary and replace(self.summary, offload=None)
        return replace(self, edge=None, summary=summary)


def make(
    key: SeriesKey,
    interval: int,
    points: Points,
    visible: TimeRange,
    provisional_after: float,
    health: Health | None = None,
    edge: Points | None = None,
) -> Snapshot:
    """Everything a view needs from ``points`` (and ``edge``, where it was fetched),
    computed here so no view computes it."""
    for array in points:
        array.flags.writeable = False
    x, y = curve_arrays(*points, interval)
    summary = _figures(points, visible, provisional_after)
    edged = None
    if edge is not None:
        edged = _edge(points, edge, interval, visible, provisional_after)
        offload = summarize_offload(*pts.within(edged.offload, visible), provisional_after)
        summary = summary and replace(summary, offload=offload)
    return Snapshot(
        key, interval, points, visible, provisional_after, health or Health(), x, y, summary,
        edged,
    )  # fmt: skip


def _figures(points: Points, visible: TimeRange, provisional_after: float) -> Summary | None:
    times, values = pts.within(points, visible)
    summary = summarize(times, values, provisional_after)
    settled = int(np.searchsorted(points[0], provisional_after))
    if summary and summary.latest_time >= provisional_after and settled:
        # Nothing settled in view: the newest settled point is held from before the window.
        latest_time, latest = points[0][settled - 1], points[1][settled - 1]
        summary = replace(summary, latest=float(latest), latest_time=int(latest_time))
    return summary


def _edge(
    origin: Points, edge: Points, interval: int, visible: TimeRange, provisional_after: float
) -> Edge:
    for array in edge:
        array.flags.writeable = False
    offload = pts.offload(origin, edge)
    for array in offload:
        array.flags.writeable = False
    return Edge(
        edge, *curve_arrays(*edge, interval), _figures(edge, visible, provisional_after),
        offload, *curve_arrays(*offload, interval),
    )  # fmt: skip


def waiting(key: SeriesKey, visible: TimeRange, provisional_after: float) -> Snapshot:
    """A series asked for and not fetched yet."""
    return make(key, MINUTE, pts.empty(), visible, provisional_after)

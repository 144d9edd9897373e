"""A series' points as two sorted arrays, and the rules that change them.

``times`` are UTC epoch seconds and ``values`` bit/s, both float64, sorted by time with no
time twice and no NaN: a missing minute is absent. The store reads arrays and the charts
draw arrays, so the points stay in this shape from the answer to the pixel.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from cdnmon.history.chunks import bucket_means
from cdnmon.model import Series, TimeRange

Points = tuple[np.ndarray, np.ndarray]


def empty() -> Points:
    return np.empty(0), np.empty(0)


def from_pairs(pairs: Iterable[tuple[float, float]]) -> Points:
    """Arrays from ``(time, bit/s)`` pairs, which are already sorted and distinct (a
    provider answer parsed into a ``Series``)."""
    flat = np.fromiter((x for pair in pairs for x in pair), dtype=np.float64)
    return flat[0::2].copy(), flat[1::2].copy()


def from_series(series: Series) -> Points:
    return from_pairs(series.points)


def pairs(points: Points) -> tuple[tuple[int, float], ...]:
    """``(epoch second, bit/s)`` pairs, for a file or a table row."""
    times, values = points
    return tuple(zip(times.astype(np.int64).tolist(), values.tolist(), strict=True))


def merge(
    old: Points, new: Points, replaced: TimeRange | None = None, keep_from: float = -np.inf
) -> Points:
    """``old`` with its points inside ``replaced`` (the provider may have revised them) and
    before ``keep_from`` (scrolled out of view) dropped, and ``new`` added; where both have
    a time, ``new`` wins. Without ``replaced`` it is the union of the two."""
    times, values = old
    kept = times >= keep_from
    if replaced is not None:
        kept &= (times < replaced.start) | (times >= replaced.end)
    times = np.concatenate((times[kept], new[0]))
    values = np.concatenate((values[kept], new[1]))
    order = np.argsort(times, kind="stable")  # stable: of two equal times, new comes last
    times, values = times[order], values[order]
    last = np.append(times[1:] != times[:-1], True) if times.size else times == 0
    return times[last], values[last]


def offload(origin: Points, edge: Points) -> Points:
    """``1 - origin / edge`` at the times both have a point and edge is above zero. Below
    zero where origin exceeds edge (a purge refilling, prefetch): shown as it is."""
    times, at_origin, at_edge = np.intersect1d(
        origin[0], edge[0], assume_unique=True, return_indices=True
    )
    served = edge[1][at_edge]
    kept = served > 0
    return times[kept].astype(np.float64), 1.0 - origin[1][at_origin][kept] / served[kept]


def within(points: Points, time_range: TimeRange) -> Points:
    times, values = points
    first, end = np.searchsorted(times, (time_range.start, time_range.end), side="left")
    return times[first:end], values[first:end]


def shifted(points: Points, seconds: float) -> Points:
    return points[0] + seconds, points[1]


def coarsened(points: Points, interval: int) -> Points:
    """``points`` (or a curve's arrays, NaN at its gaps) as means over ``interval``-second
    buckets where they come finer, as a 1-minute series beside a 5-minute one: the
    providers' own 5-minute value is the mean of their minutes, so no minute is invented."""
    times, values = points
    present = ~np.isnan(values)
    times, values = times[present], values[present]
    if times.size < 2 or np.diff(times).min() >= interval:
        return times, values
    starts, means = bucket_means(times.astype(np.int64), values, interval)
    return starts.astype(np.float64), means


def sum_group(members: Sequence[Points], interval: int) -> Points:
    """Several domains summed into one series for a group, at ``interval`` (the coarsest
    member's): only times every member has are summed, so a member missing a point makes
    that time missing in the total, never a smaller partial total. An empty group sums to
    nothing."""
    if not members:
        return empty()
    members = [coarsened(m, interval) for m in members]
    common = members[0][0]
    for times, _ in members[1:]:
        common = np.intersect1d(common, times, assume_unique=True)
    total = np.zeros(common.size)
    for times, values in members:
        total += values[np.searchsorted(times, common)]
    return common, total

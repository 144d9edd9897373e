"""Turn origin-bandwidth points into the arrays the charts draw, without Qt.

A missing minute must look missing: gaps become NaN (drawn with ``connect='finite'``),
never zero, which would read as "the origin served nothing" and hide an outage.
"""

from __future__ import annotations

import numpy as np

Curve = tuple[np.ndarray, np.ndarray]


def curve_arrays(times: np.ndarray, values: np.ndarray, interval: int) -> Curve:
    """x (UTC epoch s) and y (bit/s) as float64, with a NaN wherever two consecutive
    points are more than ``interval`` apart so the line breaks instead of bridging."""
    x = np.asarray(times, dtype=np.float64)
    y = np.asarray(values, dtype=np.float64)
    after_gap = _break_gaps(x, interval)
    if after_gap.size == 0:
        return x.copy(), y.copy()
    # The break marker sits one interval after the last point before the gap: still
    # strictly between its neighbours, so x stays sorted (clip-to-view relies on that).
    return (
        np.insert(x, after_gap, x[after_gap - 1] + interval),
        np.insert(y, after_gap, np.nan),
    )


def provisional_start(x: np.ndarray, provisional_after: float | None) -> int:
    """Index of the first provisional point in sorted ``x`` (``x.size`` when none is):
    points at or after ``provisional_after`` are still being revised by the provider."""
    if provisional_after is None:
        return x.size
    return int(np.searchsorted(x, provisional_after, side="left"))


def split_slices(size: int, start: int) -> tuple[slice, slice]:
    """Slices of the settled part (before ``start``) and of the provisional part, which
    begins at the last settled point so that its line continues the settled one."""
    if start >= size:
        return slice(0, size), slice(0, 0)
    return slice(0, start), slice(max(0, start - 1), size)


def split_provisional(
    x: np.ndarray, y: np.ndarray, provisional_after: float | None
) -> tuple[Curve, Curve]:
    """The settled curve and the provisional continuation (empty when nothing is
    provisional). A gap's NaN stays in whichever part it falls, so a gap across the
    boundary still breaks the line."""
    settled, provisional = split_slices(x.size, provisional_start(x, provisional_after))
    return (x[settled], y[settled]), (x[provisional], y[provisional])


def _break_gaps(x: np.ndarray, interval: int) -> np.ndarray:
    """Positions (for np.insert) where consecutive x are more than one interval apart."""
    if interval <= 0 or x.size < 2:
        return np.empty(0, dtype=np.intp)
    return np.flatnonzero(np.diff(x) > interval) + 1


def stack(arrays: list[Curve], interval: int) -> list[Curve]:
    """Cumulative layers for a stacked-total chart, aligned on the union of timestamps.

    Layer ``i`` of the result is the sum of input layers ``0..i``. Where a layer has no
    point at a time, it and every layer above it are NaN there: a total with a hole in it
    is shown as a hole, not as a smaller total.
    """
    if not arrays:
        return []
    finite = []
    for x, y in arrays:
        present = ~np.isnan(y)
        finite.append((x[present], y[present]))
    first = finite[0][0]
    if all(np.array_equal(x, first) for x, _ in finite[1:]):
        union = first  # the usual case: every domain reported the same minutes
    else:
        # Each layer is already sorted: a stable sort (timsort) merges the runs in
        # linear-ish time, where np.unique's quicksort would be ~5x slower.
        merged = np.concatenate([x for x, _ in finite])
        merged.sort(kind="stable")
        union = merged[np.concatenate(([True], np.diff(merged) != 0))]
    grid = np.full((len(arrays), union.size), np.nan)
    for row, (x, y) in enumerate(finite):
        grid[row, np.searchsorted(union, x)] = y
    cumulative = np.cumsum(grid, axis=0)  # NaN + anything = NaN: holes propagate upward
    after_gap = _break_gaps(union, interval)
    if after_gap.size:
        union = np.insert(union, after_gap, union[after_gap - 1] + interval)
        cumulative = np.insert(cumulative, after_gap, np.nan, axis=1)
    return [(union, cumulative[row]) for row in range(len(arrays))]


def value_at(x: np.ndarray, y: np.ndarray, t: float, interval: int) -> float | None:
    """The value of the point at or just before ``t`` if it lies within one interval of
    ``t``; None when ``t`` falls in a gap, before the first point or after the last."""
    i = int(np.searchsorted(x, t, side="right")) - 1
    if i < 0 or t - x[i] >= max(interval, 1):
        return None
    value = float(y[i])
    return None if np.isnan(value) else value


def visible_peaks(
    x: np.ndarray, layers: list[np.ndarray], start: float, end: float, max_points: int
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Clip to ``[start, end]`` (one point beyond each side, so lines reach the edges)
    and, if more than ``max_points`` remain, keep each bin's maximum.

    For the stacked fills, which pyqtgraph neither clips nor downsamples. The maximum
    keeps spikes and keeps cumulative layers in order (a <= b pointwise implies
    max(a) <= max(b)); a bin that is entirely missing stays NaN.
    """
    first = max(0, int(np.searchsorted(x, start, side="left")) - 1)
    last = min(x.size, int(np.searchsorted(x, end, side="right")) + 1)
    x = x[first:last]
    layers = [y[first:last] for y in layers]
    factor = -(-x.size // max(1, max_points))
    if factor <= 1:
        return x, layers
    bins = np.arange(0, x.size, factor)
    return x[bins], [np.fmax.reduceat(y, bins) for y in layers]

"""Spans of time that have been fetched, and the arithmetic on them.

Coverage is what lets the history tell "the provider reported no traffic here" (covered,
no points) from "nobody has asked yet" (not covered). Spans are half-open TimeRanges.
"""

from __future__ import annotations

from collections.abc import Iterable

from cdnmon.model import TimeRange


def merge(spans: Iterable[TimeRange]) -> list[TimeRange]:
    """Sorted, with overlapping and touching spans joined into one."""
    merged: list[TimeRange] = []
    for span in sorted(spans):
        if merged and span.start <= merged[-1].end:
            if span.end > merged[-1].end:
                merged[-1] = TimeRange(merged[-1].start, span.end)
        else:
            merged.append(span)
    return merged


def subtract(wanted: TimeRange, covered: Iterable[TimeRange]) -> list[TimeRange]:
    """The parts of ``wanted`` that no span of ``covered`` includes, in time order."""
    gaps: list[TimeRange] = []
    cursor = wanted.start
    for span in merge(covered):
        if span.end <= cursor:
            continue
        if span.start >= wanted.end:
            break
        if span.start > cursor:
            gaps.append(TimeRange(cursor, span.start))
        cursor = max(cursor, span.end)
        if cursor >= wanted.end:
            break
    if cursor < wanted.end:
        gaps.append(TimeRange(cursor, wanted.end))
    return gaps


def clip(spans: Iterable[TimeRange], within: TimeRange) -> list[TimeRange]:
    """The parts of ``spans`` inside ``within``, merged."""
    return merge(
        TimeRange(max(s.start, within.start), min(s.end, within.end))
        for s in spans
        if s.start < within.end and s.end > within.start
    )


def intersect(first: Iterable[TimeRange], second: Iterable[TimeRange]) -> list[TimeRange]:
    """The time both lists of spans cover."""
    a, b = merge(first), merge(second)
    found: list[TimeRange] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i].start, b[j].start), min(a[i].end, b[j].end)
        if start < end:
            found.append(TimeRange(start, end))
        if a[i].end < b[j].end:
            i += 1
        else:
            j += 1
    return found


def seconds(spans: Iterable[TimeRange]) -> int:
    return sum(s.seconds for s in merge(spans))


def settled_part(
    fetched: TimeRange, provisional_after: float | None, interval: int
) -> TimeRange | None:
    """The part of a fetch that counts as covered: everything but the provisional tail.

    A point stands for ``[t, t + interval)``, so it is settled only if that whole bucket
    ends by ``provisional_after``; the tail therefore starts on the interval grid at
    ``floor(provisional_after / interval) * interval`` and is fetched again next time.
    """
    if provisional_after is None:
        return fetched
    end = min(fetched.end, int(provisional_after) // interval * interval)
    return TimeRange(fetched.start, end) if end > fetched.start else None


def aligned(time_range: TimeRange, interval: int) -> TimeRange:
    """``time_range`` widened to the interval grid (start down, end up)."""
    start = time_range.start // interval * interval
    return TimeRange(start, -(-time_range.end // interval) * interval)


def inward(span: TimeRange, interval: int) -> TimeRange | None:
    """``span`` narrowed to whole ``interval`` buckets, or None if none fits."""
    start = -(-span.start // interval) * interval
    end = span.end // interval * interval
    return TimeRange(start, end) if end > start else None

"""How the history lays points out on disk: fixed blocks of float64 bit/s, NaN for none.

One row per series per ``CHUNK_POINTS`` intervals (an hour of 1-minute points) instead of
one row per point: a row costs SQLite ~20 bytes of key and cell overhead, and reading a row
into Python costs ~0.6 µs, so a week of 50 domains (504,000 points) took ~330 ms as rows
and takes a few ms as 8,400 blobs. NaN cannot come from a provider, so it marks "no point".
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

CHUNK_POINTS = 60  # 480-byte blobs: well inside a WITHOUT ROWID cell, no overflow pages
_DTYPE = np.dtype("<f8")


def span(interval: int) -> int:
    """Seconds one chunk of an ``interval`` series holds."""
    return interval * CHUNK_POINTS


def start_of(t: int, interval: int) -> int:
    """The start of the chunk holding timestamp ``t``."""
    return t // span(interval) * span(interval)


def empty() -> np.ndarray:
    return np.full(CHUNK_POINTS, np.nan, dtype=_DTYPE)


def decode(blob: bytes) -> np.ndarray:
    """A writable copy of a chunk's values."""
    return np.frombuffer(blob, dtype=_DTYPE).copy()


def encode(values: np.ndarray) -> bytes | None:
    """The blob for ``values``, or None when it holds no point (the row should go)."""
    if np.isnan(values).all():
        return None
    return np.ascontiguousarray(values, dtype=_DTYPE).tobytes()


def unpack(rows: Iterable[tuple[int, bytes]], interval: int) -> tuple[np.ndarray, np.ndarray]:
    """Timestamps and values of the points in ``(chunk start, blob)`` rows, sorted by start;
    slots without a point are dropped."""
    rows = list(rows)
    if not rows:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=_DTYPE)
    starts = np.fromiter((start for start, _ in rows), dtype=np.int64, count=len(rows))
    values = np.frombuffer(b"".join(blob for _, blob in rows), dtype=_DTYPE)
    offsets = np.arange(CHUNK_POINTS, dtype=np.int64) * interval
    times = (starts[:, None] + offsets[None, :]).ravel()
    present = ~np.isnan(values)
    return times[present], values[present]


def bucket_means(
    times: np.ndarray, values: np.ndarray, width: int
) -> tuple[np.ndarray, np.ndarray]:
    """Mean of the points in each ``width``-second bucket that has any (sorted by time).

    Used to turn 1-minute points into 5-minute ones: the providers' own 5-minute value is
    the mean of the minutes they have, so a minute missing from a bucket is left out.
    """
    if times.size == 0:
        return times.astype(np.int64), values.astype(_DTYPE)
    buckets = times // width * width
    starts, index = np.unique(buckets, return_inverse=True)
    sums = np.bincount(index, weights=values)
    counts = np.bincount(index)
    return starts.astype(np.int64), sums / counts

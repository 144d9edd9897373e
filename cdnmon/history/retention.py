"""How long history is kept: 1-minute points for 90 days, then 5-minute means for 13 months.

Each step handles at most ``BATCH`` chunks of one series in one transaction (a day of
1-minute points: a few milliseconds of write lock), so a worker thread can run it while
the window keeps fetching and saving.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from cdnmon.history import chunks, coverage, schema
from cdnmon.model import DAY, MINUTE

FIVE_MINUTES = 5 * MINUTE
KEEP_MINUTE_S = 90 * DAY
KEEP_5MIN_S = 395 * DAY  # 13 months
BATCH = 24


@dataclass(frozen=True)
class RetentionResult:
    """What one pass did, in points."""

    aggregated: int  # 1-minute points folded into 5-minute means, then deleted
    expired: int  # 5-minute points deleted for age
    stopped: bool = False  # asked to stop before the end; the next pass carries on


def minute_cutoff(now: float, keep_s: int) -> int:
    """1-minute chunks starting before this go (a chunk is an hour: whole 5-minute buckets)."""
    return chunks.start_of(int(now) - keep_s, MINUTE)


def five_minute_cutoff(now: float, keep_s: int) -> int:
    return chunks.start_of(int(now) - keep_s, FIVE_MINUTES)


def has_minutes_before(conn: sqlite3.Connection, series_id: int, cutoff: int) -> bool:
    """Whether a 1-minute series holds points or coverage older than ``cutoff``."""
    return bool(
        schema.first_chunks(conn, series_id, cutoff, 1)
        or conn.execute(
            "SELECT 1 FROM coverage WHERE series_id = ? AND start < ? LIMIT 1",
            (series_id, cutoff),
        ).fetchone()
    )


def fold_minutes(
    conn: sqlite3.Connection, source_id: int, target_id: int, cutoff: int
) -> tuple[int, bool]:
    """Move one batch of a 1-minute series' chunks before ``cutoff`` into its 5-minute
    series as means. Returns the points folded and whether more batches remain."""
    rows = schema.first_chunks(conn, source_id, cutoff, BATCH)
    more = len(rows) == BATCH
    done_until = rows[-1][0] + chunks.span(MINUTE) if more else cutoff
    times, values = chunks.unpack(rows, MINUTE)
    # replace=None: where the provider's own 5-minute value is stored, it stays.
    means = chunks.bucket_means(times, values, FIVE_MINUTES)
    schema.put_points(conn, target_id, FIVE_MINUTES, *means, replace=None)
    schema.delete_chunks(conn, source_id, done_until)
    # Coverage moves along, narrowed to whole 5-minute buckets: a partly fetched bucket
    # keeps its mean but is not claimed as fetched.
    moved = schema.take_coverage(conn, source_id, done_until)
    narrowed = [coverage.inward(span, FIVE_MINUTES) for span in moved]
    schema.add_coverage(conn, target_id, [s for s in narrowed if s is not None])
    return int(times.size), more


def expire(conn: sqlite3.Connection, series_id: int, cutoff: int) -> tuple[int, bool]:
    """Delete one batch of a series' chunks before ``cutoff``, and their coverage."""
    rows = schema.first_chunks(conn, series_id, cutoff, BATCH)
    more = len(rows) == BATCH
    done_until = rows[-1][0] + chunks.span(FIVE_MINUTES) if more else cutoff
    schema.delete_chunks(conn, series_id, done_until)
    schema.take_coverage(conn, series_id, done_until)
    return int(chunks.unpack(rows, FIVE_MINUTES)[0].size), more

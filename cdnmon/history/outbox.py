"""What each remote-write receiver has taken: the collector's queue, kept in the history.

A settled point is in the history anyway (its chunk, its coverage), so the queue holds no
copy of it: per receiver and series, ``delivered`` records the spans the receiver has
acknowledged (a domain's origin and edge are two series, each with its own id). What is
covered and not delivered is still to be sent, and stays so through a receiver's downtime
and the collector's restarts. The first time a series is sent to a receiver, the time
before a starting point is recorded as delivered: older history is not pushed (a receiver
refuses samples that old; ``cdnmon export --format openmetrics`` is the way to backfill
it).

Functions here run inside a transaction the caller holds (``cdnmon.history.store``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from cdnmon.history import schema
from cdnmon.model import TimeRange


def receiver_id(conn: sqlite3.Connection, url: str, create: bool) -> int | None:
    """The id of the receiver at ``url``; with ``create``, call inside a write transaction."""
    row = conn.execute("SELECT id FROM receivers WHERE url = ?", (url,)).fetchone()
    if row is not None:
        return int(row[0])
    if not create:
        return None
    return int(conn.execute("INSERT INTO receivers (url) VALUES (?)", (url,)).lastrowid or 0)


def delivered(conn: sqlite3.Connection, receiver: int, series_id: int) -> list[TimeRange]:
    """The spans of the series the receiver has taken, in time order; [] when none is
    recorded, i.e. the series was never sent there."""
    rows = conn.execute(
        "SELECT start, end FROM delivered WHERE receiver_id = ? AND series_id = ? ORDER BY start",
        (receiver, series_id),
    )
    return [TimeRange(s, e) for s, e in rows]


def add_delivered(
    conn: sqlite3.Connection, receiver: int, series_id: int, spans: Sequence[TimeRange]
) -> None:
    schema.add_spans(conn, "delivered", {"receiver_id": receiver, "series_id": series_id}, spans)

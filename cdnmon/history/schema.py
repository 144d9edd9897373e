"""The history file's tables, their migrations, and the row changes every write is made of.

Functions here run inside a transaction the caller holds (``cdnmon.history.store``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import numpy as np

from cdnmon.history import chunks, coverage
from cdnmon.model import TimeRange

# Version N of the file is MIGRATIONS[:N] applied in order. Append; never edit a shipped one.
MIGRATIONS: list[tuple[str, ...]] = [
    (
        """CREATE TABLE series (
            id INTEGER PRIMARY KEY,
            provider TEXT NOT NULL,
            account TEXT NOT NULL,
            domain TEXT NOT NULL,
            interval INTEGER NOT NULL,
            UNIQUE (provider, account, domain, interval)
        )""",
        # start: a multiple of interval * CHUNK_POINTS; bps: CHUNK_POINTS float64, NaN = none
        """CREATE TABLE chunks (
            series_id INTEGER NOT NULL,
            start INTEGER NOT NULL,
            bps BLOB NOT NULL,
            PRIMARY KEY (series_id, start)
        ) WITHOUT ROWID""",
        # Disjoint, non-touching [start, end) spans fetched and settled (no provisional tail).
        """CREATE TABLE coverage (
            series_id INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            PRIMARY KEY (series_id, start)
        ) WITHOUT ROWID""",
    ),
    # 2 only adds (format 1 still reads the file right): READERS, and the collector's
    # remote-write queue (cdnmon.history.outbox): per receiver and series, the spans the
    # receiver has taken. A settled point outside them is still to be sent.
    (
        "CREATE TABLE readers (oldest_format INTEGER NOT NULL)",
        "INSERT INTO readers (oldest_format) VALUES (1)",
        """CREATE TABLE receivers (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE
        )""",
        """CREATE TABLE delivered (
            receiver_id INTEGER NOT NULL,
            series_id INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            PRIMARY KEY (receiver_id, series_id, start)
        ) WITHOUT ROWID""",
    ),
    # 3: a series is origin or edge bandwidth (``metric``), so a domain has one of each at
    # an interval. The rows keep their ids (chunks, coverage and delivered refer to them).
    # An older build would take an edge series for the origin one: it may not read this.
    (
        """CREATE TABLE series_3 (
            id INTEGER PRIMARY KEY,
            provider TEXT NOT NULL,
            account TEXT NOT NULL,
            domain TEXT NOT NULL,
            interval INTEGER NOT NULL,
            metric TEXT NOT NULL DEFAULT 'origin',
            UNIQUE (provider, account, domain, interval, metric)
        )""",
        """INSERT INTO series_3 (id, provider, account, domain, interval)
            SELECT id, provider, account, domain, interval FROM series""",
        "DROP TABLE series",
        "ALTER TABLE series_3 RENAME TO series",
        "UPDATE readers SET oldest_format = 3",
    ),
]


# A file from a newer cdnmon (user_version above len(MIGRATIONS)) is never migrated or
# written by an older one, and read only when the newer one says an older one still reads it
# right: one row in a table READERS, ``CREATE TABLE readers (oldest_format INTEGER NOT NULL)``,
# holding the oldest format that does. The migration to format 2 creates it (holding
# 1 when it only adds). A migration that only adds (a table, an index, a column the older
# queries need not name) leaves that number as it is; one that changes what the rows of
# series, chunks or coverage mean (units, encoding, where points live) sets it to its own
# format. Without the table a newer file is not read at all: nothing then says that its
# tables still mean what this build takes them to mean.
READERS = "readers"


def oldest_reader(conn: sqlite3.Connection) -> int | None:
    """The oldest format that reads this file right, as its writer recorded; None: unknown."""
    known = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (READERS,)
    ).fetchone()
    if known is None:
        return None
    (oldest,) = conn.execute(f"SELECT max(oldest_format) FROM {READERS}").fetchone()
    return None if oldest is None else int(oldest)


def read_chunks(
    conn: sqlite3.Connection, series_id: int, interval: int, time_range: TimeRange
) -> list[tuple[int, bytes]]:
    """``(start, blob)`` rows of the chunks that can hold points in the range, by start."""
    return conn.execute(
        "SELECT start, bps FROM chunks WHERE series_id = ? AND start >= ? AND start < ? "
        "ORDER BY start",
        (series_id, chunks.start_of(time_range.start, interval), time_range.end),
    ).fetchall()


def first_chunks(
    conn: sqlite3.Connection, series_id: int, before: int, limit: int
) -> list[tuple[int, bytes]]:
    """The oldest ``limit`` chunks that start before ``before``."""
    return conn.execute(
        "SELECT start, bps FROM chunks WHERE series_id = ? AND start < ? ORDER BY start LIMIT ?",
        (series_id, before, limit),
    ).fetchall()


def delete_chunks(conn: sqlite3.Connection, series_id: int, before: int) -> None:
    conn.execute("DELETE FROM chunks WHERE series_id = ? AND start < ?", (series_id, before))


def covered_spans(
    conn: sqlite3.Connection, series_id: int, time_range: TimeRange
) -> list[TimeRange]:
    """Stored covered spans that overlap the range (not clipped)."""
    rows = conn.execute(
        "SELECT start, end FROM coverage WHERE series_id = ? AND start < ? AND end > ? "
        "ORDER BY start",
        (series_id, time_range.end, time_range.start),
    )
    return [TimeRange(s, e) for s, e in rows]


def put_points(
    conn: sqlite3.Connection,
    series_id: int,
    interval: int,
    times: np.ndarray,
    values: np.ndarray,
    replace: TimeRange | None,
    settled: Sequence[TimeRange] = (),
) -> None:
    """Write points into their chunks. With ``replace``, points stored inside that range
    go first, except in ``settled`` spans, where an answer may overwrite a value but never
    erase it (a provider that has dropped old data must not wipe our copy); without
    ``replace``, only empty slots are filled (stored points win)."""
    width = chunks.span(interval)
    chunk_of = times // width * width
    wanted = set(np.unique(chunk_of).tolist())
    if replace is not None:
        low = chunks.start_of(replace.start, interval)
        high = chunks.start_of(replace.end - 1, interval)
    elif wanted:
        low, high = min(wanted), max(wanted)
    else:
        return
    existing = dict(
        conn.execute(
            "SELECT start, bps FROM chunks WHERE series_id = ? AND start BETWEEN ? AND ?",
            (series_id, low, high),
        ).fetchall()
    )
    slots = np.arange(chunks.CHUNK_POINTS, dtype=np.int64) * interval
    writes: list[tuple[int, int, bytes]] = []
    deletes: list[tuple[int, int]] = []
    for start in sorted(wanted | set(existing)):
        blob = existing.get(start)
        stored = chunks.decode(blob) if blob is not None else chunks.empty()
        first, last = np.searchsorted(chunk_of, [start, start + width])
        where = (times[first:last] - start) // interval
        if replace is not None:
            moments = start + slots
            inside = (moments >= replace.start) & (moments < replace.end)
            for span in settled:
                inside &= (moments < span.start) | (moments >= span.end)
            stored[inside] = np.nan
            stored[where] = values[first:last]
        else:
            empty = np.isnan(stored[where])
            stored[where[empty]] = values[first:last][empty]
        encoded = chunks.encode(stored)
        if encoded is None:
            if blob is not None:
                deletes.append((series_id, start))
        elif encoded != blob:
            writes.append((series_id, start, encoded))
    conn.executemany(
        "INSERT OR REPLACE INTO chunks (series_id, start, bps) VALUES (?, ?, ?)", writes
    )
    conn.executemany("DELETE FROM chunks WHERE series_id = ? AND start = ?", deletes)


def add_coverage(conn: sqlite3.Connection, series_id: int, spans: Sequence[TimeRange]) -> None:
    """Record spans as covered, merged with the stored spans they overlap or touch."""
    add_spans(conn, "coverage", {"series_id": series_id}, spans)


def add_spans(
    conn: sqlite3.Connection, table: str, owner: dict[str, int], spans: Sequence[TimeRange]
) -> None:
    """Add spans to a table of disjoint, non-touching ``start``/``end`` rows of one owner
    (the columns and values of ``owner``), merged with the rows they overlap or touch."""
    where = " AND ".join(f"{column} = ?" for column in owner)
    columns = ", ".join([*owner, "start", "end"])
    marks = ", ".join("?" * (len(owner) + 2))
    values = tuple(owner.values())
    for span in coverage.merge(spans):
        rows = conn.execute(
            f"SELECT start, end FROM {table} WHERE {where} AND start <= ? AND end >= ?",
            (*values, span.end, span.start),
        ).fetchall()
        (merged,) = coverage.merge([span, *(TimeRange(s, e) for s, e in rows)])
        conn.executemany(
            f"DELETE FROM {table} WHERE {where} AND start = ?", [(*values, s) for s, _ in rows]
        )
        conn.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})", (*values, merged.start, merged.end)
        )


def take_coverage(conn: sqlite3.Connection, series_id: int, before: int) -> list[TimeRange]:
    """Remove and return the covered spans before ``before`` (a span across it is cut)."""
    rows = conn.execute(
        "SELECT start, end FROM coverage WHERE series_id = ? AND start < ?", (series_id, before)
    ).fetchall()
    taken = [TimeRange(s, min(e, before)) for s, e in rows]
    conn.executemany(
        "DELETE FROM coverage WHERE series_id = ? AND start = ?", [(series_id, s) for s, _ in rows]
    )
    conn.executemany(
        "INSERT INTO coverage (series_id, start, end) VALUES (?, ?, ?)",
        [(series_id, before, e) for _, e in rows if e > before],
    )
    return taken

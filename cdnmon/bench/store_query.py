"""Reading a week of 50 domains from a store holding 90 days of them at 1 minute.

Builds 90 days x 50 domains x 1-minute points (6.48 million, the emulator's traffic, its
gaps included) in a temporary file through ``HistoryStore.save_arrays``, a day of all
domains per transaction. Then: the median of repeated 7-day x 50-domain reads as Series
(what the charts take) and as arrays, beside two baselines measured on the same file, a
``SELECT count(*)`` and a 90-day read of one series; bytes on disk per point; and one
retention pass folding a week of the oldest minutes into 5-minute means.

``--compare-rows`` also builds the same points as one SQLite row per point (the layout the
chunks replaced) and times the same read from it.

    python -m cdnmon.bench.store_query [--days 90] [--domains 50] [--queries 15]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from cdnmon.emulator.traffic import Traffic
from cdnmon.history.store import HistoryStore, SeriesKey
from cdnmon.live import snapshot
from cdnmon.model import DAY, MINUTE, TimeRange

PROVIDER, ACCOUNT = "aliyun", "bench"


def domain_names(count: int) -> list[str]:
    return [f"site{i:02d}.bench.example.com" for i in range(count)]


def build(store: HistoryStore, domains: list[str], start: int, days: int) -> int:
    """Fill the store a day at a time; returns the points written."""
    traffic = Traffic()
    written = 0
    for day in range(days):
        fetched = TimeRange(start + day * DAY, start + (day + 1) * DAY)
        times = np.arange(fetched.start, fetched.end, MINUTE, dtype=np.int64)
        answers = []
        for name in domains:
            values = traffic.minute_values(name, fetched.start, times.size)
            present = ~np.isnan(values)
            answers.append(
                (SeriesKey(PROVIDER, ACCOUNT, name, MINUTE), times[present], values[present])
            )
            written += int(present.sum())
        store.save_arrays(answers, fetched)
    return written


def median_ms(action: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def build_rows(path: Path, store: HistoryStore, domains: list[str], span: TimeRange) -> None:
    """The same points, one row each: (series_id, t, bps, provisional) WITHOUT ROWID."""
    rows = sqlite3.connect(path, isolation_level=None)
    rows.execute("PRAGMA journal_mode = WAL")
    rows.execute(
        "CREATE TABLE points (series_id INTEGER, t INTEGER, bps REAL, provisional INTEGER, "
        "PRIMARY KEY (series_id, t)) WITHOUT ROWID"
    )
    for series_id, name in enumerate(domains):
        times, values = store.arrays(PROVIDER, ACCOUNT, name, MINUTE, span)
        rows.execute("BEGIN")
        rows.executemany(
            "INSERT INTO points VALUES (?, ?, ?, 0)",
            zip([series_id] * times.size, times.tolist(), values.tolist(), strict=True),
        )
        rows.execute("COMMIT")
    rows.close()


def read_rows(path: Path, count: int, week: TimeRange) -> list[list[tuple[int, float]]]:
    rows = sqlite3.connect(path)
    found = [
        rows.execute(
            "SELECT t, bps FROM points WHERE series_id = ? AND t >= ? AND t < ?",
            (series_id, week.start, week.end),
        ).fetchall()
        for series_id in range(count)
    ]
    rows.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--domains", type=int, default=50)
    parser.add_argument("--queries", type=int, default=15)
    parser.add_argument("--compare-rows", action="store_true")
    args = parser.parse_args()
    domains = domain_names(args.domains)
    end = int(time.time()) // DAY * DAY
    span = TimeRange(end - args.days * DAY, end)
    week = TimeRange(end - 7 * DAY, end)

    with tempfile.TemporaryDirectory(prefix="cdnmon-bench-") as folder:
        path = Path(folder) / "history.sqlite3"
        store = HistoryStore(path)
        started = time.perf_counter()
        points = build(store, domains, span.start, args.days)
        built_s = time.perf_counter() - started
        store.close()  # checkpoints the WAL into the file, so its size is the real one
        size = path.stat().st_size

        started = time.perf_counter()
        store = HistoryStore(path)
        open_ms = (time.perf_counter() - started) * 1000
        conn = sqlite3.connect(path)
        count_ms = median_ms(lambda: conn.execute("SELECT count(*) FROM chunks").fetchone(), 5)
        chunk_rows = conn.execute("SELECT count(*) FROM chunks").fetchone()[0]
        one_series_ms = median_ms(
            lambda: store.points(PROVIDER, ACCOUNT, domains[0], MINUTE, span), 5
        )
        series_ms = median_ms(
            lambda: store.read_series(PROVIDER, ACCOUNT, domains, MINUTE, week), args.queries
        )
        arrays_ms = median_ms(
            lambda: [store.arrays(PROVIDER, ACCOUNT, d, MINUTE, week) for d in domains],
            args.queries,
        )
        visible = TimeRange(week.start, week.end)
        snapshots_ms = median_ms(
            lambda: [
                snapshot.make(
                    (PROVIDER, ACCOUNT, d),
                    MINUTE,
                    store.arrays(PROVIDER, ACCOUNT, d, MINUTE, week),
                    visible,
                    float(week.end),
                )
                for d in domains
            ],
            args.queries,
        )
        week_points = sum(
            len(s.points) for s in store.read_series(PROVIDER, ACCOUNT, domains, MINUTE, week)
        )
        started = time.perf_counter()
        problems = store.integrity_problems()
        integrity_ms = (time.perf_counter() - started) * 1000

        batch_times: list[float] = []
        started = time.perf_counter()

        def note_batch() -> bool:
            batch_times.append(time.perf_counter())
            return False

        folded = store.apply_retention(
            now=end, keep_minute_s=(args.days - 7) * DAY, should_stop=note_batch
        )
        retention_s = time.perf_counter() - started
        longest_ms = max(np.diff(batch_times), default=0.0) * 1000

        rows_ms = rows_size = None
        if args.compare_rows:
            rows_path = Path(folder) / "rows.sqlite3"
            build_rows(rows_path, store, domains, TimeRange(span.start + 7 * DAY, span.end))
            rows_size = rows_path.stat().st_size
            rows_ms = median_ms(lambda: read_rows(rows_path, len(domains), week), args.queries)
        store.close()
        conn.close()

    print(f"store                          {args.days} days x {args.domains} domains x 1 minute")
    print(f"points stored                  {points:,} in {chunk_rows:,} chunk rows")
    print(f"build (save_arrays, 1 day/txn) {built_s:7.1f} s ({points / built_s:,.0f} points/s)")
    print(f"file size                      {size / 1e6:7.1f} MB")
    print(f"bytes on disk per point        {size / points:7.2f}")
    print(f"open (with quick_check)        {open_ms:7.1f} ms")
    print(f"baseline: SELECT count(*)      {count_ms:7.1f} ms")
    print(f"baseline: 1 series, {args.days} days    {one_series_ms:7.1f} ms (as a Series)")
    print(f"7 days x {args.domains} domains, Series   {series_ms:7.1f} ms median of {args.queries}")
    print(f"7 days x {args.domains} domains, arrays   {arrays_ms:7.1f} ms median of {args.queries}")
    print(
        f"7 days x {args.domains} domains, snapshots{snapshots_ms:7.1f} ms (arrays, curve, figures)"
    )
    print(f"  points read per query        {week_points:,} (target < 200 ms)")
    verdict = "; ".join(problems) or "ok"
    print(f"integrity_check                {integrity_ms:7.0f} ms ({verdict})")
    print(
        f"retention: fold 7 days         {retention_s:7.2f} s, {folded.aggregated:,} minutes "
        f"-> 5-minute means; longest transaction {longest_ms:.1f} ms"
    )
    if rows_ms is not None and rows_size is not None:
        print(f"one row per point: same read   {rows_ms:7.1f} ms (lists of tuples)")
        print(f"one row per point: bytes/point {rows_size / (points - folded.aggregated):7.2f}")


if __name__ == "__main__":
    main()

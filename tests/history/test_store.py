"""The history store against real SQLite files: points, coverage, retention, recovery,
two processes at once, and a writer killed mid-transaction."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from cdnmon.history import chunks, coverage, schema
from cdnmon.history.store import FILE_NAME, HistoryStore, SeriesKey, StoreError
from cdnmon.model import DAY, HOUR, MINUTE, Series, TimeRange
from tests import REPO
from tests.children import child_process
from tests.history import store_writers

T0 = 1_718_409_600  # 2024-06-15T00:00:00Z
KEY = ("aliyun", "shop", "www.example.com", MINUTE)


def minute_series(
    start: int, minutes: int, domain: str = "www.example.com", scale: float = 1.0
) -> Series:
    points = [(start + i * MINUTE, scale * (1e6 + i)) for i in range(minutes)]
    return Series("aliyun", "shop", domain, MINUTE, tuple(points))


def span(start_min: int, end_min: int) -> TimeRange:
    return TimeRange(T0 + start_min * MINUTE, T0 + end_min * MINUTE)


def test_default_path_is_in_the_data_dir_and_created(isolated_home: Path) -> None:
    with HistoryStore() as store:
        assert store.path == isolated_home / "data" / FILE_NAME
        assert store.path.exists()


def test_round_trip_keeps_every_point_exactly(store: HistoryStore) -> None:
    # Values that are not whole numbers, and an hour boundary inside the range.
    points = tuple((T0 + 30 * MINUTE + i * MINUTE, 1234.5678 * (i + 1) / 7) for i in range(100))
    series = Series("aliyun", "shop", "www.example.com", MINUTE, points)
    store.save(series, span(30, 130))
    assert store.points(*KEY, span(0, 200)) == series
    times, values = store.arrays(*KEY, span(40, 50))
    assert times.tolist() == [t for t, _ in points[10:20]]
    assert values.tolist() == [v for _, v in points[10:20]]
    assert store.points("aliyun", "shop", "other.example.com", MINUTE, span(0, 9)).points == ()
    assert store.series_keys() == [SeriesKey(*KEY)]


def test_a_new_answer_revises_settled_points_but_never_erases_them(
    store: HistoryStore,
) -> None:
    original = minute_series(T0, 90)
    store.save(original, span(0, 90))
    window = span(20, 40)
    # Inside the window: every other minute revised, the rest no longer reported.
    revised = tuple((t, v * 2) for t, v in original.points if t in window and t % 120)
    store.save(Series(*KEY[:3], MINUTE, revised), window)
    stored = dict(store.points(*KEY, span(0, 90)).points)
    for t, v in original.points:
        assert stored[t] == (v * 2 if t in window and t % 120 else v)


def test_a_new_answer_replaces_provisional_points_in_its_range(store: HistoryStore) -> None:
    original = minute_series(T0, 60)
    store.save(original, span(0, 60), provisional_after=T0)  # all still provisional
    window = span(20, 40)
    revised = tuple((t, v * 2) for t, v in original.points if t in window and t % 120)
    store.save(Series(*KEY[:3], MINUTE, revised), window, provisional_after=T0)
    stored = dict(store.points(*KEY, span(0, 60)).points)
    for t, v in original.points:
        if t in window:
            assert stored.get(t) == (v * 2 if t % 120 else None)
        else:
            assert stored[t] == v


def test_an_empty_answer_keeps_settled_points_and_still_counts_as_fetched(
    store: HistoryStore,
) -> None:
    store.save(minute_series(T0, 60), span(0, 60))
    store.save(Series("aliyun", "shop", "www.example.com", MINUTE, ()), span(10, 20))
    assert len(store.points(*KEY, span(0, 60)).points) == 60
    assert store.missing(*KEY, span(0, 60)) == []


def test_provisional_tail_is_stored_but_never_covered(store: HistoryStore) -> None:
    now = T0 + 60 * MINUTE + 26
    store.save(minute_series(T0, 60), span(0, 60), provisional_after=now - 5 * MINUTE)
    # The minute starting 55:00 ends after 55:26, so it is still provisional.
    assert store.provisional_times(*KEY, span(0, 60)) == [T0 + m * MINUTE for m in range(55, 60)]
    assert store.covered(*KEY, span(0, 60)) == [span(0, 55)]
    assert store.missing(*KEY, span(0, 60)) == [span(55, 60)]
    # The next fetch replaces the tail, settles it, and covers it.
    store.save(minute_series(T0 + 55 * MINUTE, 5, scale=3), span(55, 60), provisional_after=now)
    assert store.provisional_times(*KEY, span(0, 60)) == []
    assert store.missing(*KEY, span(0, 60)) == []
    assert dict(store.points(*KEY, span(0, 60)).points)[T0 + 55 * MINUTE] == 3e6


def test_coverage_spans_merge_when_they_touch_or_overlap(store: HistoryStore) -> None:
    empty = Series(*KEY[:3], MINUTE, ())
    for start, end in [(0, 10), (20, 30), (10, 20), (25, 40), (50, 60), (45, 52)]:
        store.save(empty, span(start, end))
    assert store.covered(*KEY, span(0, 100)) == [span(0, 40), span(45, 60)]
    assert store.missing(*KEY, span(0, 100)) == [span(40, 45), span(60, 100)]
    assert store.missing(*KEY, span(5, 42)) == [span(40, 42)]
    assert store.missing(*KEY, span(0, 40)) == []
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("SELECT count(*) FROM coverage").fetchone()[0] == 2


def test_missing_for_an_unknown_series_is_the_whole_range(store: HistoryStore) -> None:
    assert store.missing("ucloud", "x", "y", MINUTE, span(0, 5)) == [span(0, 5)]


def test_coverage_arithmetic() -> None:
    a = [span(0, 10), span(20, 30)]
    assert coverage.intersect(a, [span(5, 25)]) == [span(5, 10), span(20, 25)]
    assert coverage.seconds([*a, span(5, 12)]) == 22 * MINUTE
    assert coverage.inward(TimeRange(T0 + 61, T0 + 899), 300) == TimeRange(T0 + 300, T0 + 600)
    assert coverage.inward(TimeRange(T0 + 1, T0 + 299), 300) is None
    assert coverage.settled_part(span(0, 10), T0 + 5 * MINUTE + 59, MINUTE) == span(0, 5)
    assert coverage.settled_part(span(0, 10), T0 - 1, MINUTE) is None


def test_retention_folds_old_minutes_into_5_minute_means(store: HistoryStore) -> None:
    now = T0 + 10 * DAY
    rng = np.random.default_rng(7)
    values = rng.uniform(1e6, 1e9, 3 * 24 * 60)
    values[rng.random(values.size) < 0.1] = np.nan  # gaps: a mean of what is there
    values[20 * 60 + 2 : 20 * 60 + 7] = np.nan  # never fetched, see below
    times = T0 + MINUTE * np.arange(values.size)
    present = ~np.isnan(values)
    # Fetched in two spans with a hole between (20:02..20:07 never fetched).
    first, second = (
        TimeRange(T0, T0 + 20 * HOUR + 2 * MINUTE),
        TimeRange(T0 + 20 * HOUR + 7 * MINUTE, T0 + 3 * DAY),
    )
    key = SeriesKey(*KEY)
    for fetched in (first, second):
        store.save_arrays([(key, times[present], values[present])], fetched)
    # The provider's own 5-minute value for one bucket must win over our mean.
    five_key = key._replace(interval=300)
    store.save_arrays(
        [(five_key, np.array([T0 + HOUR]), np.array([42.0]))], TimeRange(T0 + HOUR, T0 + HOUR + 300)
    )

    result = store.apply_retention(now, keep_minute_s=now - (T0 + 2 * DAY))  # keep day 3
    cutoff = T0 + 2 * DAY
    assert result.aggregated == int(present[: 2 * 1440].sum())
    assert store.arrays(*KEY, TimeRange(T0, cutoff))[0].size == 0
    assert store.arrays(*KEY, TimeRange(cutoff, now))[0].size == int(present[2 * 1440 :].sum())

    folded_t, folded_v = store.arrays(*five_key, TimeRange(T0, now))
    buckets = values[: 2 * 1440].reshape(-1, 5)
    counts = (~np.isnan(buckets)).sum(axis=1)
    expected = np.where(counts > 0, np.nansum(buckets, axis=1) / np.maximum(counts, 1), np.nan)
    expected[12] = 42.0
    has = ~np.isnan(expected)
    assert folded_t.tolist() == (T0 + 300 * np.arange(expected.size))[has].tolist()
    np.testing.assert_allclose(folded_v, expected[has], rtol=1e-12)

    # Coverage: 1-minute keeps what is younger than the cutoff; 5-minute gets the older
    # part in whole buckets (20:00..20:05 and 20:05..20:10 were only partly fetched).
    assert store.covered(*KEY, TimeRange(T0, now)) == [TimeRange(cutoff, T0 + 3 * DAY)]
    assert store.covered(*five_key, TimeRange(T0, now)) == [
        TimeRange(T0, T0 + 20 * HOUR),
        TimeRange(T0 + 20 * HOUR + 10 * MINUTE, cutoff),
    ]
    # Then 5-minute points older than their own limit go, with their coverage.
    again = store.apply_retention(now, keep_minute_s=now - cutoff, keep_5min_s=now - (T0 + DAY))
    five_cutoff = chunks.start_of(T0 + DAY, 300)  # whole chunks go
    assert again.aggregated == 0
    assert again.expired == int((folded_t < five_cutoff).sum()) > 0
    assert store.arrays(*five_key, TimeRange(T0, now))[0].min() == five_cutoff
    assert store.covered(*five_key, TimeRange(T0, now))[0].start == five_cutoff


def test_retention_stops_when_asked_and_resumes(store: HistoryStore) -> None:
    times = T0 + MINUTE * np.arange(5 * 1440)
    store.save_arrays([(SeriesKey(*KEY), times, np.ones(times.size))], TimeRange(T0, T0 + 5 * DAY))
    asked = []

    def stop_after_two() -> bool:
        asked.append(1)
        return len(asked) > 2

    now = T0 + 6 * DAY
    stopped = store.apply_retention(now, keep_minute_s=DAY, should_stop=stop_after_two)
    assert stopped.stopped and stopped.aggregated == 2 * 24 * 60
    rest = store.apply_retention(now, keep_minute_s=DAY)
    assert not rest.stopped and rest.aggregated == 3 * 24 * 60
    assert store.missing(*KEY[:3], 300, TimeRange(T0, T0 + 5 * DAY)) == []


def test_a_fresh_file_has_the_latest_schema_version(store: HistoryStore) -> None:
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(schema.MIGRATIONS)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_migrations_upgrade_an_older_file_and_keep_its_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / FILE_NAME
    with HistoryStore(path) as store:
        store.save(minute_series(T0, 10), span(0, 10))
    upgraded = [*schema.MIGRATIONS, ("CREATE TABLE notes (text TEXT)",)]
    monkeypatch.setattr("cdnmon.history.store.MIGRATIONS", upgraded)
    with HistoryStore(path) as store:
        assert len(store.points(*KEY, span(0, 10)).points) == 10
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(upgraded)
        assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 0


def test_a_file_from_a_newer_cdnmon_is_refused_not_moved(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    HistoryStore(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {len(schema.MIGRATIONS) + 1}")
        # A newer format that changed what the rows mean: older ones may not read it.
        conn.execute(f"UPDATE readers SET oldest_format = {len(schema.MIGRATIONS) + 1}")
    with pytest.raises(StoreError, match="newer cdnmon"):
        HistoryStore(path)
    assert path.exists() and not list(tmp_path.glob("*.corrupt-*"))


def test_a_file_that_is_not_sqlite_is_moved_aside_and_a_new_one_started(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / FILE_NAME
    path.write_bytes(b"this is not a database\n" * 200)
    with HistoryStore(path) as store:
        assert store.recovered_from is not None
        assert store.recovered_from.name.startswith(f"{FILE_NAME}.corrupt-")
        assert store.recovered_from.read_bytes().startswith(b"this is not a database")
        assert store.recovery_message and "moved to" in store.recovery_message
        store.save(minute_series(T0, 5), span(0, 5))
        assert len(store.points(*KEY, span(0, 5)).points) == 5
    assert "could not be read" in caplog.text


def test_a_damaged_page_is_found_at_open_and_the_file_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    with HistoryStore(path) as store:
        for day in range(5):
            store.save(
                minute_series(T0 + day * DAY, 1440), TimeRange(T0 + day * DAY, T0 + (day + 1) * DAY)
            )
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 20 * page
    data[10 * page : 12 * page] = os.urandom(2 * page)  # two pages of b-tree turned to noise
    path.write_bytes(bytes(data))
    with HistoryStore(path) as store:
        assert store.recovered_from is not None
        assert store.series_keys() == []


def test_a_clean_reopen_does_not_move_anything(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    with HistoryStore(path) as store:
        store.save(minute_series(T0, 5), span(0, 5))
    with HistoryStore(path) as store:
        assert store.recovered_from is None
        assert len(store.points(*KEY, span(0, 5)).points) == 5


def test_threads_share_one_store(store: HistoryStore) -> None:
    errors: list[BaseException] = []

    def work(number: int) -> None:
        try:
            for day in range(10):
                fetched = TimeRange(T0 + day * HOUR, T0 + (day + 1) * HOUR)
                store.save(minute_series(fetched.start, 60, f"d{number}.example.com"), fetched)
                store.read_series("aliyun", "shop", [f"d{number}.example.com"], MINUTE, fetched)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    found = store.read_series(
        "aliyun", "shop", [f"d{n}.example.com" for n in range(4)], MINUTE, TimeRange(T0, T0 + DAY)
    )
    assert [len(s.points) for s in found] == [600] * 4


def test_two_processes_write_one_file_at_once(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    HistoryStore(path).close()
    spawn = multiprocessing.get_context("spawn")
    barrier, spans = spawn.Barrier(2), spawn.Queue()
    writers = [
        spawn.Process(
            target=store_writers.write_batches, args=(str(path), name, 12, barrier, spans)
        )
        for name in ("first", "second")
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=60)
    assert [w.exitcode for w in writers] == [0, 0]
    (_, start_a, end_a), (_, start_b, end_b) = spans.get(timeout=5), spans.get(timeout=5)
    assert start_a < end_b and start_b < end_a, "the writers did not overlap"
    with HistoryStore(path) as store:
        assert store.integrity_problems() == []
        for name in ("first", "second"):
            for number in range(12):
                key = store_writers.batch_key(name, number)
                times, values = store.arrays(*key, store_writers.BATCH_SPAN)
                assert times.size == store_writers.BATCH_POINTS
                assert values[0] == 1e6 * (number + 1)


@pytest.mark.parametrize("delay", [0.002, 0.012, 0.025])
def test_killing_a_writer_mid_batch_loses_nothing_committed(tmp_path: Path, delay: float) -> None:
    path = tmp_path / FILE_NAME
    HistoryStore(path).close()
    with child_process(
        [sys.executable, "-m", "tests.history.store_writers", str(path)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    ) as writer:
        committed = []
        assert writer.stdout is not None
        while len(committed) < 3:
            line = writer.stdout.readline()
            assert line, "the writer stopped before committing three batches"
            committed.append(int(line))
        time.sleep(delay)  # a batch takes ~25 ms: land at different points inside the next one
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        committed += [int(line) for line in writer.stdout.read().split()]

    with HistoryStore(path) as store:
        assert store.recovered_from is None
        assert store.integrity_problems() == []
        for number in range(max(committed) + 2):
            key = store_writers.batch_key("crash", number)
            times, _ = store.arrays(*key, store_writers.BATCH_SPAN)
            if number in committed:
                assert times.size == store_writers.BATCH_POINTS
            else:  # the batch under way when killed: all of it or none
                assert times.size in (0, store_writers.BATCH_POINTS)
        store.save(minute_series(T0, 5), span(0, 5))  # and the file takes writes again


def test_chunk_layout_round_trips_nan_as_no_point() -> None:
    values = chunks.empty()
    assert chunks.encode(values) is None
    values[3] = 5.0
    blob = chunks.encode(values)
    assert blob is not None and len(blob) == 8 * chunks.CHUNK_POINTS
    times, found = chunks.unpack([(3600, blob)], MINUTE)
    assert times.tolist() == [3600 + 180] and found.tolist() == [5.0]

"""The remote-write queue in the history file: what a receiver has not taken survives the
receiver's downtime and the collector's restarts, a domain's edge series queued as its
origin one is, and the file's new format is one an older cdnmon still reads."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from cdnmon.collect.exposition import BANDWIDTH, EDGE_BANDWIDTH
from cdnmon.collect.pending import StoreQueue
from cdnmon.collect.remote_write import Backoff, RemoteWriter
from cdnmon.history import schema
from cdnmon.history.store import FILE_NAME, HistoryStore, SeriesKey, StoreError
from cdnmon.model import EDGE, MINUTE, ORIGIN, Metric, Series, TimeRange
from tests.history_files import write_older
from tests.prometheus import free_port, running_prometheus, wait_until

FAST = Backoff(first_s=0.05, max_s=0.3)
URL = "http://127.0.0.1:9/api/v1/write"
IMG = SeriesKey("aliyun", "prod", "img.example.com", MINUTE)
DL = SeriesKey("aliyun", "prod", "dl.example.com", MINUTE)


def recent_start(minutes: int) -> int:
    """A minute ``minutes`` before ten minutes ago: recent enough for any Prometheus."""
    return (int(time.time()) // MINUTE - 10 - minutes) * MINUTE


def save(
    store: HistoryStore,
    key: SeriesKey,
    start: int,
    minutes: int,
    settled: int | None = None,
    scale: float = 8.0,
    metric: Metric = ORIGIN,
) -> None:
    """``minutes`` points of ``metric`` from ``start`` worth ``scale * (i + 1)`` bit/s,
    fetched over their span; the first ``settled`` of them (default all) are settled."""
    points = tuple((start + i * MINUTE, scale * (i + 1)) for i in range(minutes))
    fetched = TimeRange(start, start + minutes * MINUTE)
    provisional_after = None if settled is None else start + settled * MINUTE
    store.save(Series(*key[:3], MINUTE, points, metric), fetched, provisional_after)


def samples(
    queue: StoreQueue, changed: Sequence[SeriesKey] = (), max_samples: int = 10_000
) -> dict[str, list[tuple[int, float]]]:
    """What the queue would send after a fetch changed these series, none acknowledged:
    {domain: [(time, bit/s), ...]}."""
    for key in changed:
        queue.changed(key)
    found: dict[str, list[tuple[int, float]]] = {}
    for batch in queue.pending(max_samples):
        for s in batch.series:
            found.setdefault(s.domain, []).extend(zip(s.times, s.bps, strict=True))
    return found


# ---- the file's format ----------------------------------------------------------------


def test_a_format_1_history_is_upgraded_and_an_older_cdnmon_never_downgrades_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / FILE_NAME
    older = schema.MIGRATIONS[:1]
    start = recent_start(30)
    points = tuple((start + i * MINUTE, 8.0 * (i + 1)) for i in range(30))
    write_older(path, 1, Series(*IMG[:3], MINUTE, points), TimeRange(start, start + 1800))
    with HistoryStore(path) as store:
        assert store.writable
        assert len(store.points(*IMG, TimeRange(start, start + 3600)).points) == 30
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(schema.MIGRATIONS)
        # Format 3 (origin and edge series) is read right only by format 3 and later.
        assert conn.execute("SELECT oldest_format FROM readers").fetchall() == [(3,)]
    # A cdnmon that knows only format 1 neither reads nor downgrades it.
    monkeypatch.setattr("cdnmon.history.store.MIGRATIONS", older)
    with pytest.raises(StoreError, match="newer cdnmon"):
        HistoryStore(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3


# ---- what is pending --------------------------------------------------------------------


def test_settled_points_wait_until_acknowledged_and_provisional_ones_until_they_settle(
    store: HistoryStore,
) -> None:
    start = recent_start(120)
    save(store, IMG, start, 90, settled=80)
    queue = StoreQueue(store, URL, since=start + 30 * MINUTE)
    assert samples(queue) == {}  # no fetch has changed a series yet
    # From ``since`` on (older history is not pushed), settled points only.
    expected = [(start + i * MINUTE, 8.0 * (i + 1)) for i in range(30, 80)]
    assert samples(queue, [IMG]) == {"img.example.com": expected}
    assert samples(queue, [IMG]) == {"img.example.com": expected}  # not taken: still there
    queue.changed(IMG)
    for batch in queue.pending(10_000):
        queue.acknowledge(batch)
    assert samples(queue, [IMG]) == {} and len(queue) == 0
    # The next fetch brings the provisional tail again, revised, and it settles.
    save(store, IMG, start + 80 * MINUTE, 20, settled=15, scale=80.0)
    assert samples(queue) == {}  # a series is read again only once a fetch changed it
    assert samples(queue, [IMG]) == {
        "img.example.com": [(start + (80 + i) * MINUTE, 80.0 * (i + 1)) for i in range(15)]
    }


def test_a_pass_stopped_before_its_batch_was_taken_looks_at_the_series_again(
    store: HistoryStore,
) -> None:
    start = recent_start(60)
    save(store, IMG, start, 30)
    save(store, DL, start, 30)
    queue = StoreQueue(store, URL, since=start)
    queue.changed(IMG)
    queue.changed(DL)
    passing = queue.pending(40)
    first = next(passing)
    assert [(s.domain, len(s.times)) for s in first.series] == [
        ("dl.example.com", 30),
        ("img.example.com", 10),
    ]
    passing.close()  # the writer stopped before the receiver took it
    assert [b.samples for b in queue.pending(40)] == [40, 20]


def test_batches_split_at_max_samples_and_acknowledge_only_their_own_points(
    store: HistoryStore,
) -> None:
    start = recent_start(60)
    save(store, DL, start, 50)
    save(store, IMG, start, 50)
    queue = StoreQueue(store, URL, since=start)
    queue.changed(IMG)
    queue.changed(DL)
    batches = list(queue.pending(30))
    assert [b.samples for b in batches] == [30, 30, 30, 10]
    assert [[s.domain for s in b.series] for b in batches] == [
        ["dl.example.com"],
        ["dl.example.com", "img.example.com"],
        ["img.example.com"],
        ["img.example.com"],
    ]
    queue.acknowledge(batches[1])
    assert len(queue) == 70
    left = samples(queue, [IMG, DL])
    assert [t for t, _ in left["dl.example.com"]] == [start + i * MINUTE for i in range(30)]
    assert [t for t, _ in left["img.example.com"]] == [start + i * MINUTE for i in range(10, 50)]


def test_a_settled_span_without_points_is_passed_over_without_a_request(
    store: HistoryStore,
) -> None:
    start = recent_start(60)
    # The provider had no data for these 20 minutes: covered, and no point.
    store.save(Series(*IMG[:3], MINUTE, ()), TimeRange(start, start + 20 * MINUTE), None)
    queue = StoreQueue(store, URL, since=start)
    queue.changed(IMG)
    assert list(queue.pending(100)) == []
    save(store, IMG, start + 20 * MINUTE, 5)
    assert [t for t, _ in samples(queue, [IMG])["img.example.com"]] == [
        start + i * MINUTE for i in range(20, 25)
    ]


def test_each_receiver_has_its_own_place_which_a_restart_keeps(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    start = recent_start(60)
    with HistoryStore(path) as store:
        save(store, IMG, start, 40)
        first = StoreQueue(store, URL, since=start)
        first.changed(IMG)
        for batch in first.pending(25):
            first.acknowledge(batch)
            break  # the collector stops after one request
    with HistoryStore(path) as store:
        save(store, IMG, start + 40 * MINUTE, 10)
        # A later start does not move where the series is sent from; a token in the
        # query does not make it another receiver.
        again = StoreQueue(store, URL + "?token=abc", since=start + 30 * MINUTE)
        assert [t for t, _ in samples(again, [IMG])["img.example.com"]] == [
            start + i * MINUTE for i in range(25, 50)
        ]
        other = StoreQueue(store, "http://127.0.0.1:8428/api/v1/write", since=start)
        other.changed(IMG)
        assert len(other) == 50


def test_a_series_the_first_pass_never_reached_keeps_its_place_across_a_restart(
    tmp_path: Path,
) -> None:
    """The receiver is down: the first pass stops at its first batch, before it reaches
    the second series. Restarted later (a later ``since``), the collector still sends that
    series from where the first run began it, not from the restart."""
    path = tmp_path / FILE_NAME
    start = recent_start(60)
    with HistoryStore(path) as store:
        save(store, DL, start, 30)
        save(store, IMG, start, 30)
        first = StoreQueue(store, URL, since=start)
        first.changed(IMG)
        first.changed(DL)
        passing = first.pending(20)
        assert [s.domain for s in next(passing).series] == ["dl.example.com"]
        passing.close()  # refused: the receiver is down, and then the collector stops
    with HistoryStore(path) as store:
        again = StoreQueue(store, URL, since=start + 20 * MINUTE)
        sent = samples(again, [IMG, DL])
        every_minute = [start + i * MINUTE for i in range(30)]
        assert [t for t, _ in sent["img.example.com"]] == every_minute
        assert [t for t, _ in sent["dl.example.com"]] == every_minute


def test_an_edge_series_is_queued_apart_from_its_domains_origin_across_a_restart(
    tmp_path: Path,
) -> None:
    path = tmp_path / FILE_NAME
    start = recent_start(60)
    with HistoryStore(path) as store:
        save(store, IMG, start, 40)
        save(store, IMG, start, 40, settled=30, scale=80.0, metric=EDGE)
        queue = StoreQueue(store, URL, since=start + 10 * MINUTE)
        queue.changed(IMG, EDGE)  # the edge changed alone: its origin is not looked at
        [batch] = queue.pending(100)
        # From ``since``, settled points only, under the edge metric.
        assert [(s.domain, s.metric) for s in batch.series] == [("img.example.com", EDGE)]
        assert list(zip(batch.series[0].times, batch.series[0].bps, strict=True)) == [
            (start + i * MINUTE, 80.0 * (i + 1)) for i in range(10, 30)
        ]
        queue.acknowledge(batch)
        queue.changed(IMG)
        assert len(queue) == 30  # the origin's points are all still to send
    with HistoryStore(path) as store:  # a restart keeps where each series got to
        save(store, IMG, start + 30 * MINUTE, 10, scale=800.0, metric=EDGE)  # it settles
        again = StoreQueue(store, URL, since=start + 30 * MINUTE)
        again.changed(IMG)
        again.changed(IMG, EDGE)
        sent = {
            (s.metric, t): v
            for b in again.pending(100)
            for s in b.series
            for t, v in zip(s.times, s.bps, strict=True)
        }
    assert sorted(sent) == sorted(
        [(ORIGIN, start + i * MINUTE) for i in range(10, 40)]
        + [(EDGE, start + i * MINUTE) for i in range(30, 40)]
    )
    assert sent[(EDGE, start + 30 * MINUTE)] == 800.0


# ---- a real receiver ---------------------------------------------------------------------


def test_a_receiver_down_then_back_gets_every_point_across_a_collector_restart(
    tmp_path: Path,
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/api/v1/write"
    path = tmp_path / FILE_NAME
    start = recent_start(90)
    with HistoryStore(path) as store:  # the first run: the receiver is down throughout
        queue = StoreQueue(store, url, since=start)
        writer = RemoteWriter(url, queue, backoff=FAST)  # both series in the one batch tried
        writer.start()
        try:
            save(store, IMG, start, 60)
            save(store, IMG, start, 60, scale=800.0, metric=EDGE)
            queue.changed(IMG)
            queue.changed(IMG, EDGE)
            writer.wake()
            wait_until(lambda: writer.stats.failures >= 3, what="failed attempts")
        finally:
            writer.stop()
        assert writer.stats.delivered == 0
    with HistoryStore(path) as store:  # the next run: the receiver comes back meanwhile
        queue = StoreQueue(store, url, since=start + 60 * MINUTE)
        writer = RemoteWriter(url, queue, backoff=FAST, max_samples=40)
        writer.start()
        try:
            save(store, IMG, start + 60 * MINUTE, 30, scale=80.0)
            save(store, IMG, start + 60 * MINUTE, 30, scale=8000.0, metric=EDGE)
            queue.changed(IMG)
            queue.changed(IMG, EDGE)
            writer.wake()
            with running_prometheus(tmp_path / "prometheus", port=port) as prom:
                wait_until(lambda: len(queue) == 0, what="the queue to drain")
                at = start + 90 * MINUTE
                stored = {name: prom.samples(name, at=at) for name in (BANDWIDTH, EDGE_BANDWIDTH)}
        finally:
            writer.stop()
    assert writer.stats.delivered == 2 * 90 and writer.stats.refused == 0
    labels = (("account", "prod"), ("domain", "img.example.com"), ("provider", "aliyun"))
    for name, first, later in ((BANDWIDTH, 1.0, 10.0), (EDGE_BANDWIDTH, 100.0, 1000.0)):
        expected = [(start + i * MINUTE, first * (i + 1)) for i in range(60)]
        expected += [(start + (60 + i) * MINUTE, later * (i + 1)) for i in range(30)]
        assert stored[name] == {labels: [(float(t), v) for t, v in expected]}, name

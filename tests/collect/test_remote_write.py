"""Remote-Write 1.0: the wire format, retries and refusals against a scripted receiver, and
a real Prometheus taking the samples with their own timestamps, late ones and after being
down included."""

from __future__ import annotations

import logging
import struct
import time
from pathlib import Path

import cramjam
import pytest

from cdnmon.collect.exposition import BANDWIDTH, EDGE_BANDWIDTH
from cdnmon.collect.remote_write import (
    HEADERS,
    Backoff,
    Batch,
    MemoryQueue,
    RemoteWriter,
    SeriesSamples,
    decode,
    encode,
)
from cdnmon.model import EDGE
from tests.collect.scripted_receiver import Receiver, receiver
from tests.prometheus import free_port, running_prometheus, wait_until

FAST = Backoff(first_s=0.05, max_s=0.3)
T0 = 1_700_000_040


# ---- the wire format --------------------------------------------------------------------


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def test_encoding_matches_prompb_field_by_field() -> None:
    """Built by hand from remote.proto and types.proto: WriteRequest.timeseries = 1,
    TimeSeries.labels = 1 and .samples = 2, Label.name = 1 and .value = 2, Sample.value = 1
    (double) and .timestamp = 2 (int64 ms)."""
    batch = Batch((SeriesSamples("aliyun", "prod", "img.example.com", (T0,), (8e6,)),))

    def label(name: str, value: str) -> bytes:
        return _field(1, _field(1, name.encode()) + _field(2, value.encode()))

    sample = b"\x09" + struct.pack("<d", 1e6) + b"\x10" + _varint(T0 * 1000)
    series = (
        label("__name__", BANDWIDTH)
        + label("account", "prod")
        + label("domain", "img.example.com")
        + label("provider", "aliyun")
        + _field(2, sample)
    )
    body = encode(batch)
    assert bytes(cramjam.snappy.decompress_raw(body)) == _field(1, series)  # block format
    request = decode(body)
    assert [(x.name, x.value) for x in request.timeseries[0].labels] == [
        ("__name__", BANDWIDTH),
        ("account", "prod"),
        ("domain", "img.example.com"),
        ("provider", "aliyun"),
    ]


def test_an_edge_series_goes_under_the_edge_metric_with_the_same_labels() -> None:
    queue = MemoryQueue()
    queue.add("tencent", "prod", "img.example.com", [T0, T0 + 60], [8e6, 16e6])
    queue.add("tencent", "prod", "img.example.com", [T0], [80e6], metric=EDGE)
    (batch,) = queue.pending(100)
    sent = [
        ({x.name: x.value for x in s.labels}, [(x.timestamp, x.value) for x in s.samples])
        for s in decode(encode(batch)).timeseries
    ]
    labels = {"account": "prod", "domain": "img.example.com", "provider": "tencent"}
    assert sorted(sent, key=lambda s: s[0]["__name__"]) == [
        ({"__name__": EDGE_BANDWIDTH, **labels}, [(T0 * 1000, 10e6)]),
        ({"__name__": BANDWIDTH, **labels}, [(T0 * 1000, 1e6), (T0 * 1000 + 60_000, 2e6)]),
    ]
    # Kept apart: the origin's points taken, the edge's at the same minute stay pending.
    origin = Batch(tuple(s for s in batch.series if s.metric != EDGE))
    queue.acknowledge(origin)
    assert [(s.metric, s.times) for b in queue.pending(100) for s in b.series] == [(EDGE, (T0,))]


def test_batches_series_in_time_order_and_resends_revised_points() -> None:
    queue = MemoryQueue()
    queue.add("ucloud", "ops", "b.example.com", [T0 + 60, T0, T0 + 120], [3.0, 1.0, float("nan")])
    queue.add("aliyun", "prod", "a.example.com", [T0 + 60 * i for i in range(5)], range(5))
    assert len(queue) == 7
    batches = list(queue.pending(3))
    assert [[(s.domain, s.times) for s in b.series] for b in batches] == [
        [("a.example.com", (T0, T0 + 60, T0 + 120))],
        [("a.example.com", (T0 + 180, T0 + 240)), ("b.example.com", (T0,))],
        [("b.example.com", (T0 + 60,))],
    ]
    queue.add("ucloud", "ops", "b.example.com", [T0 + 60], [30.0])  # revised before the ack
    for batch in batches:
        queue.acknowledge(batch)
    (left,) = queue.pending(100)
    assert left.series == (SeriesSamples("ucloud", "ops", "b.example.com", (T0 + 60,), (30.0,)),)


# ---- a scripted receiver ----------------------------------------------------------------


def _url(server: Receiver) -> str:
    return f"{server.url}?token=t0ps3cret"


def test_retries_5xx_and_429_with_backoff_then_acknowledges(
    caplog: pytest.LogCaptureFixture,
) -> None:
    queue = MemoryQueue()
    queue.add("aliyun", "prod", "img.example.com", [T0, T0 + 60], [8e6, 16e6])
    with receiver(
        (503, {}, "busy"), (429, {"Retry-After": "0"}, "slow down"), (204, {}, "")
    ) as server:
        writer = RemoteWriter(_url(server), queue, backoff=FAST)
        caplog.set_level(logging.DEBUG, "cdnmon.collect.remote_write")
        started = time.monotonic()
        assert writer.flush() is True
        took = time.monotonic() - started
    assert (writer.stats.attempts, writer.stats.failures, writer.stats.delivered) == (3, 2, 2)
    assert took >= FAST.delay(1) + FAST.delay(2)  # it waited between attempts
    assert len(queue) == 0
    headers, body = server.requests[-1]
    assert {k: headers[k] for k in HEADERS} == HEADERS
    (series,) = decode(body).timeseries
    assert [(s.timestamp, s.value) for s in series.samples] == [
        (T0 * 1000, 1e6),
        (T0 * 1000 + 60_000, 2e6),
    ]
    assert len({h["Content-Length"] for h, _ in server.requests}) == 1  # the same body each time
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings == [
        f"remote write to http://127.0.0.1:{server.server_address[1]}/api/v1/write failed "
        "(HTTP 503: busy); 2 samples stay pending, retrying"
    ]
    assert not any("t0ps3cret" in r.getMessage() for r in caplog.records)


def test_a_4xx_is_not_retried_and_says_so_once(caplog: pytest.LogCaptureFixture) -> None:
    queue = MemoryQueue()
    queue.add("aliyun", "prod", "img.example.com", [T0], [8e6])
    queue.add("aliyun", "prod", "dl.example.com", [T0], [8e6])
    with receiver((400, {}, "out of bounds\nmore detail"), (204, {}, "")) as server:
        writer = RemoteWriter(_url(server), queue, backoff=FAST, max_samples=1)
        assert writer.flush() is True
    assert (writer.stats.attempts, writer.stats.refused, writer.stats.delivered) == (2, 1, 1)
    assert len(queue) == 0  # a refused batch would fail the same way forever
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [
        f"the remote-write receiver http://127.0.0.1:{server.server_address[1]}/api/v1/write "
        "refused 1 samples for good (HTTP 400: out of bounds); they are dropped"
    ]


def test_stop_leaves_unsent_points_pending() -> None:
    queue = MemoryQueue()
    queue.add("aliyun", "prod", "img.example.com", [T0], [8e6])
    writer = RemoteWriter(f"http://127.0.0.1:{free_port()}/api/v1/write", queue, backoff=FAST)
    writer.start()
    wait_until(lambda: writer.stats.failures >= 2, what="retries")
    writer.stop()
    assert len(queue) == 1 and writer.stats.delivered == 0


# ---- a real Prometheus ------------------------------------------------------------------


def _recent_minutes(count: int, end_before: float) -> list[int]:
    last = int(end_before) // 60 * 60
    return [last - 60 * (count - 1 - i) for i in range(count)]


def test_prometheus_stores_the_samples_at_their_own_times_late_ones_too(tmp_path: Path) -> None:
    minutes = _recent_minutes(120, time.time() - 6 * 60)
    older, newer = minutes[:60], minutes[60:]
    queue = MemoryQueue()
    queue.add("aliyun", "prod", "img.example.com", newer, [8.0 * i for i in range(60)])
    queue.add("ucloud", "ops", "dl.example.com", newer, [800.0] * 60)
    with running_prometheus(tmp_path) as prom:
        writer = RemoteWriter(prom.remote_write_url, queue, backoff=FAST)
        assert writer.flush() and writer.stats.failures == 0 and len(queue) == 0
        # An outage filled in afterwards: older than what the series holds already.
        queue.add("aliyun", "prod", "img.example.com", older, [8e3] * 60)
        assert writer.flush() and writer.stats.refused == 0 and len(queue) == 0
        stored = prom.samples(BANDWIDTH, at=minutes[-1] + 1)
    img = (("account", "prod"), ("domain", "img.example.com"), ("provider", "aliyun"))
    dl = (("account", "ops"), ("domain", "dl.example.com"), ("provider", "ucloud"))
    assert stored == {
        img: [(t, 1e3) for t in older] + [(t, float(i)) for i, t in enumerate(newer)],
        dl: [(t, 100.0) for t in newer],
    }


def test_without_an_out_of_order_window_late_points_are_refused_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    minutes = _recent_minutes(2, time.time() - 6 * 60)
    queue = MemoryQueue()
    queue.add("aliyun", "prod", "img.example.com", minutes[1:], [8e3])
    with running_prometheus(tmp_path, ooo_window="0s") as prom:
        writer = RemoteWriter(prom.remote_write_url, queue, backoff=FAST)
        writer.flush()
        queue.add("aliyun", "prod", "img.example.com", minutes[:1], [8e3])
        writer.flush()
    assert (writer.stats.delivered, writer.stats.refused, writer.stats.attempts) == (1, 1, 2)
    assert len(queue) == 0
    (warning,) = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert warning.endswith(
        "refused 1 samples for good (HTTP 400: out of order sample); they are dropped"
    )


def test_a_receiver_down_for_a_while_gets_every_point(tmp_path: Path) -> None:
    port = free_port()
    minutes = _recent_minutes(90, time.time() - 6 * 60)
    queue = MemoryQueue()
    writer = RemoteWriter(
        f"http://127.0.0.1:{port}/api/v1/write", queue, backoff=FAST, max_samples=50
    )
    writer.start()
    try:
        queue.add("aliyun", "prod", "img.example.com", minutes[:45], [8e3] * 45)
        writer.wake()
        wait_until(lambda: writer.stats.failures >= 3, what="failed attempts")
        queue.add("aliyun", "prod", "img.example.com", minutes[45:], [16e3] * 45)  # meanwhile
        writer.wake()
        assert len(queue) == 90 and writer.stats.delivered == 0
        with running_prometheus(tmp_path, port=port) as prom:
            wait_until(lambda: len(queue) == 0, what="the queue to drain")
            stored = prom.samples(BANDWIDTH, at=minutes[-1] + 1)
    finally:
        writer.stop()
    assert writer.stats.delivered == 90 and writer.stats.refused == 0
    assert list(stored.values()) == [
        [(t, 1e3) for t in minutes[:45]] + [(t, 2e3) for t in minutes[45:]]
    ]

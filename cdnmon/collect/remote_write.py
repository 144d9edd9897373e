"""Prometheus Remote-Write 1.0: settled points pushed with their own timestamps.

Any receiver that speaks it takes them (Prometheus with ``--web.enable-remote-write-
receiver``, VictoriaMetrics, Thanos, Mimir). A request is a protobuf ``WriteRequest`` of
time series, each its sorted labels and its samples in time order, compressed with snappy's
block format. The messages are built from descriptors made here, so no generated module has
to match the installed protobuf runtime.

Each domain's origin bandwidth goes as ``cdnmon_origin_bandwidth_bytes_per_second``, its
edge bandwidth (where a source polls it) as ``cdnmon_edge_bandwidth_bytes_per_second``, both
labelled as /metrics labels them.

The sender never holds points of its own: it takes them from a :class:`PendingSamples`
queue and acknowledges each batch once the receiver took it (or refused it for good), so the
poller can keep unsent points in the history store and a receiver's downtime loses nothing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

import cramjam
import numpy as np
import requests
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

from cdnmon import __version__
from cdnmon.collect.exposition import BANDWIDTH_NAMES
from cdnmon.model import ORIGIN, Metric

log = logging.getLogger(__name__)

HEADERS = {
    "Content-Type": "application/x-protobuf",
    "Content-Encoding": "snappy",
    "X-Prometheus-Remote-Write-Version": "0.1.0",
    "User-Agent": f"cdnmon/{__version__}",
}
# Prometheus's own sender sends at most 2000 samples a request by default.
MAX_SAMPLES = 2000
LINGER_S = 1.0  # after a wake, how long points are gathered before a request


# ---- what is sent -----------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesSamples:
    """Points of one domain's series of ``metric``, times (UTC seconds) increasing,
    bandwidth in bit/s."""

    provider: str
    account: str
    domain: str
    times: tuple[int, ...]
    bps: tuple[float, ...]
    metric: Metric = ORIGIN


@dataclass(frozen=True)
class Batch:
    """One request's worth of samples; ``handle`` is the queue's own, for acknowledging."""

    series: tuple[SeriesSamples, ...]
    handle: Any = field(default=None, compare=False)

    @property
    def samples(self) -> int:
        return sum(len(s.times) for s in self.series)


class PendingSamples(Protocol):
    """Where the sender takes its points from: ``pending`` gives batches of at most
    ``max_samples`` samples, each series' samples in time order and its older batches
    first; ``acknowledge`` says a batch needs no sending any more."""

    def pending(self, max_samples: int) -> Iterable[Batch]: ...

    def acknowledge(self, batch: Batch) -> None: ...


class MemoryQueue:
    """PendingSamples in memory: what a process without a history store (or a test) uses.

    A point added again with a new value (a revised one) replaces the old value and is
    sent again; acknowledging a batch leaves a point pending if it was revised since."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # (provider, account, domain, metric) -> {time: bit/s}
        self._points: dict[tuple[str, str, str, Metric], dict[int, float]] = {}

    def add(
        self,
        provider: str,
        account: str,
        domain: str,
        times: Sequence[float] | np.ndarray,
        bps: Sequence[float] | np.ndarray,
        metric: Metric = ORIGIN,
    ) -> None:
        t = np.asarray(times, dtype=float)
        v = np.asarray(bps, dtype=float)
        keep = np.isfinite(t) & np.isfinite(v)
        with self._lock:
            held = self._points.setdefault((provider, account, domain, metric), {})
            held.update(zip(t[keep].astype(int).tolist(), v[keep].tolist(), strict=True))

    def __len__(self) -> int:
        with self._lock:
            return sum(map(len, self._points.values()))

    def pending(self, max_samples: int) -> Iterator[Batch]:
        with self._lock:
            copied = {key: sorted(points.items()) for key, points in self._points.items()}
        chunk: list[SeriesSamples] = []
        room = max_samples
        for (provider, account, domain, metric), points in sorted(copied.items()):
            while points:
                part, points = points[:room], points[room:]
                times, values = zip(*part, strict=True)
                chunk.append(SeriesSamples(provider, account, domain, times, values, metric))
                room -= len(part)
                if room == 0:
                    yield Batch(tuple(chunk))
                    chunk, room = [], max_samples
        if chunk:
            yield Batch(tuple(chunk))

    def acknowledge(self, batch: Batch) -> None:
        with self._lock:
            for s in batch.series:
                held = self._points.get((s.provider, s.account, s.domain, s.metric), {})
                for t, v in zip(s.times, s.bps, strict=True):
                    if held.get(t) == v:
                        del held[t]
            self._points = {key: points for key, points in self._points.items() if points}


# ---- the wire format --------------------------------------------------------------------


def _write_request_class() -> type[Any]:
    """WriteRequest of Prometheus's prompb (remote.proto, and TimeSeries, Label and Sample of
    types.proto) with the fields Remote-Write 1.0 needs, numbered as there."""
    kind = descriptor_pb2.FieldDescriptorProto
    proto = descriptor_pb2.FileDescriptorProto(
        name="cdnmon/prometheus_remote_write.proto", package="prometheus", syntax="proto3"
    )

    def message(name: str, *fields: tuple[str, int, str]) -> None:
        described = proto.message_type.add(name=name)
        for number, (field_name, field_type, type_name) in enumerate(fields, start=1):
            if type_name:
                described.field.add(
                    name=field_name,
                    number=number,
                    type=kind.TYPE_MESSAGE,
                    type_name=type_name,
                    label=kind.LABEL_REPEATED,
                )
            else:
                described.field.add(
                    name=field_name, number=number, type=field_type, label=kind.LABEL_OPTIONAL
                )

    message("Label", ("name", kind.TYPE_STRING, ""), ("value", kind.TYPE_STRING, ""))
    message("Sample", ("value", kind.TYPE_DOUBLE, ""), ("timestamp", kind.TYPE_INT64, ""))
    message(
        "TimeSeries",
        ("labels", 0, ".prometheus.Label"),
        ("samples", 0, ".prometheus.Sample"),
    )
    message("WriteRequest", ("timeseries", 0, ".prometheus.TimeSeries"))
    pool = descriptor_pool.DescriptorPool()  # private: no clash with another prompb
    pool.Add(proto)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName("prometheus.WriteRequest"))


WriteRequest = _write_request_class()


def labels(s: SeriesSamples) -> list[tuple[str, str]]:
    """The series' metric name and labels, sorted by name, which puts ``__name__`` first, as
    the protocol requires."""
    return sorted(
        [
            ("__name__", BANDWIDTH_NAMES[s.metric]),
            ("provider", s.provider),
            ("account", s.account),
            ("domain", s.domain),
        ]
    )


def encode(batch: Batch) -> bytes:
    """The request body: a snappy-compressed (block format) WriteRequest, bytes/s at ms."""
    request = WriteRequest()
    for s in batch.series:
        series = request.timeseries.add()
        for name, value in labels(s):
            series.labels.add(name=name, value=value)
        for t, v in zip(s.times, s.bps, strict=True):
            series.samples.add(value=v / 8, timestamp=int(t) * 1000)
    return bytes(cramjam.snappy.compress_raw(request.SerializeToString()))


def decode(body: bytes) -> Any:
    """The WriteRequest in a request body (for receivers written in Python, and tests)."""
    request = WriteRequest()
    request.ParseFromString(bytes(cramjam.snappy.decompress_raw(body)))
    return request


# ---- sending ----------------------------------------------------------------------------


def receiver_name(url: str) -> str:
    """The receiver's URL without its query, which may carry a token: for messages, and
    to name the receiver in the history's queue."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


@dataclass(frozen=True)
class Backoff:
    """Waits between attempts: first_s, then doubling, at most max_s."""

    first_s: float = 0.5
    max_s: float = 30.0

    def delay(self, failures: int) -> float:
        return min(self.max_s, self.first_s * 2 ** max(0, failures - 1))


@dataclass
class WriterStats:
    delivered: int = 0  # samples the receiver took
    refused: int = 0  # samples it refused for good (4xx other than 429)
    attempts: int = 0  # requests made
    failures: int = 0  # attempts that will be retried


class _Retry(Exception):
    """An attempt failed in a way that may pass: the receiver is down, busy or erring."""

    def __init__(self, reason: str, wait_s: float | None = None) -> None:
        super().__init__(reason)
        self.wait_s = wait_s


class RemoteWriter:
    """Sends what a PendingSamples queue holds to one receiver, in its own thread.

    ``wake()`` after adding points; ``stop()`` ends the thread (points not yet sent stay
    in the queue). ``flush()`` does one pass in the calling thread, for tests and exit."""

    def __init__(
        self,
        url: str,
        queue: PendingSamples,
        *,
        max_samples: int = MAX_SAMPLES,
        backoff: Backoff = Backoff(),
        timeout: tuple[float, float] = (5.0, 30.0),
        linger_s: float = LINGER_S,
    ) -> None:
        self.url = url
        self.queue = queue
        self.max_samples = max_samples
        self.backoff = backoff
        self.linger_s = linger_s
        self.timeout = timeout
        self.stats = WriterStats()
        self._shown_url = receiver_name(url)
        self._session = requests.Session()
        self._stopping = threading.Event()
        self._woken = threading.Event()
        self._thread: threading.Thread | None = None
        self._failing = False

    # -- the thread

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="remote-write", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._woken.set()

    def stop(self, timeout_s: float = 10.0) -> None:
        self._stopping.set()
        self._woken.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
        self._session.close()

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._woken.clear()
            self.flush()
            self._woken.wait()
            # Points come a series at a time, paced by the provider's rate limit: a moment's
            # worth goes in one request (Prometheus's own sender waits up to 5 s).
            self._stopping.wait(self.linger_s)

    # -- one pass

    def flush(self) -> bool:
        """Send every pending batch, retrying with backoff; False if stopped first."""
        while not self._stopping.is_set():
            sent_any = False
            for batch in self.queue.pending(self.max_samples):
                if not self._deliver(batch):
                    return False
                sent_any = True
            if not sent_any:
                return True
        return False

    def _deliver(self, batch: Batch) -> bool:
        body = encode(batch)
        failures = 0
        while not self._stopping.is_set():
            try:
                self._post(body, batch)
            except _Retry as retry:
                failures += 1
                self.stats.failures += 1
                wait_s = self.backoff.delay(failures)
                if retry.wait_s is not None:
                    wait_s = min(max(wait_s, retry.wait_s), self.backoff.max_s)
                (log.debug if self._failing else log.warning)(
                    "remote write to %s failed (%s); %d samples stay pending, retrying",
                    self._shown_url,
                    retry,
                    batch.samples,
                )
                self._failing = True
                self._stopping.wait(wait_s)
                continue
            if self._failing:
                log.info("remote write to %s works again", self._shown_url)
                self._failing = False
            self.queue.acknowledge(batch)
            return True
        return False

    def _post(self, body: bytes, batch: Batch) -> None:
        self.stats.attempts += 1
        try:
            answer = self._session.post(self.url, data=body, headers=HEADERS, timeout=self.timeout)
        except requests.RequestException as error:
            raise _Retry(type(error).__name__) from None
        status = answer.status_code
        if 200 <= status < 300:
            self.stats.delivered += batch.samples
            return
        reason = f"HTTP {status}: {_first_line(answer.text)}"
        if status == 429 or status >= 500:
            raise _Retry(reason, _retry_after(answer.headers.get("Retry-After")))
        # The protocol: a 4xx other than 429 will fail the same way every time.
        self.stats.refused += batch.samples
        log.warning(
            "the remote-write receiver %s refused %d samples for good (%s); they are dropped",
            self._shown_url,
            batch.samples,
            reason,
        )


def _first_line(text: str, limit: int = 200) -> str:
    line = text.strip().splitlines()[0] if text.strip() else "no message"
    return line[:limit]


def _retry_after(value: str | None) -> float | None:
    """A receiver's Retry-After in seconds (the HTTP-date form is rare here: ignored)."""
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None

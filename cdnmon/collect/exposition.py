"""What ``GET /metrics`` shows: the newest settled points and the poller's own health.

The poller updates a :class:`CollectorState` from any thread; :class:`StateCollector` turns
a snapshot of it into metric families for ``prometheus_client``, which writes Prometheus's
text format or OpenMetrics, whichever the scraper's ``Accept`` header asks for.

Bandwidth is exposed in Prometheus's base unit, bytes per second (cdnmon's bit/s / 8;
dashboards multiply by 8 to show bits), and each point carries the provider's own
timestamp: a point settles minutes after its minute, and stamping it with the scrape time
would shift every curve by the provider's delay. Labels come only from provider, account
and domain names and a fixed list of error kinds, never from anything an account holds.
"""

from __future__ import annotations

import logging
import socket
import socketserver
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

import numpy as np
from prometheus_client import (
    CollectorRegistry,
    PlatformCollector,
    ProcessCollector,
    make_wsgi_app,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from cdnmon import __version__
from cdnmon.model import EDGE, ORIGIN, InputError
from cdnmon.providers import errors

log = logging.getLogger(__name__)

BANDWIDTH = "cdnmon_origin_bandwidth_bytes_per_second"
BANDWIDTH_HELP = (
    "Origin-pull bandwidth of a CDN domain: its newest settled point, at the provider's time"
)
EDGE_BANDWIDTH = "cdnmon_edge_bandwidth_bytes_per_second"
EDGE_BANDWIDTH_HELP = (
    "Edge bandwidth of a CDN domain (what users were served), where a source polls it: its "
    "newest settled point, at the provider's time"
)
# The name a series of each metric (``cdnmon.model``'s ORIGIN, EDGE) has in Prometheus.
BANDWIDTH_NAMES: dict[str, str] = {ORIGIN: BANDWIDTH, EDGE: EDGE_BANDWIDTH}
SOURCE_LABELS = ("provider", "account")
SERIES_LABELS = ("provider", "account", "domain")

# The ``kind`` label of cdnmon_fetch_errors_total, from the provider's typed errors.
_KINDS_BY_ERROR: tuple[tuple[type[errors.ProviderError], str], ...] = (
    (errors.AuthError, "auth"),
    (errors.DomainError, "domain"),
    (errors.ThrottledError, "throttled"),
    (errors.ServiceError, "provider"),
    (errors.RequestError, "request"),
    (errors.NetworkError, "network"),
    (errors.MalformedResponseError, "response"),
)
ERROR_KINDS = (*(kind for _, kind in _KINDS_BY_ERROR), "other")


def error_kind(error: BaseException) -> str:
    """The ``kind`` label for a failed fetch: one of ERROR_KINDS, never the error's text."""
    for error_type, kind in _KINDS_BY_ERROR:
        if isinstance(error, error_type):
            return kind
    return "other"


@dataclass(frozen=True)
class Point:
    time_s: int
    bps: float


@dataclass(frozen=True)
class StateSnapshot:
    """The state at one moment, copied: safe to read while the poller goes on."""

    newest: dict[tuple[str, str, str], Point]
    newest_edge: dict[tuple[str, str, str], Point]
    last_success: dict[tuple[str, str], float]
    errors: dict[tuple[str, str, str], int]
    calls: dict[tuple[str, str], int]
    throttled: dict[tuple[str, str], int]
    round_duration_s: float | None


class CollectorState:
    """What the poller has learnt, updated from any thread, read at every scrape."""

    def __init__(self, sources: Iterable[tuple[str, str]] = ()) -> None:
        self._lock = threading.Lock()
        self._newest: dict[tuple[str, str, str], Point] = {}
        self._newest_edge: dict[tuple[str, str, str], Point] = {}
        self._last_success: dict[tuple[str, str], float] = {}
        self._errors: dict[tuple[str, str, str], int] = {}
        self._calls: dict[tuple[str, str], int] = {}
        self._throttled: dict[tuple[str, str], int] = {}
        self._round_duration_s: float | None = None
        for provider, account in sources:
            self.add_source(provider, account)

    def add_source(self, provider: str, account: str) -> None:
        """Counters of a source start at 0, so rate() sees the first error as one."""
        with self._lock:
            for kind in ERROR_KINDS:
                self._errors.setdefault((provider, account, kind), 0)
            self._calls.setdefault((provider, account), 0)
            self._throttled.setdefault((provider, account), 0)

    def record_settled(
        self,
        provider: str,
        account: str,
        domain: str,
        times: Sequence[float] | np.ndarray,
        bps: Sequence[float] | np.ndarray,
        metric: str = ORIGIN,
    ) -> None:
        """Settled points of one domain (UTC seconds, bit/s, NaN = none): the newest one
        is shown, unless a newer one is shown already."""
        t = np.asarray(times, dtype=float)
        v = np.asarray(bps, dtype=float)
        present = np.isfinite(t) & np.isfinite(v)
        if not present.any():
            return
        at = int(np.argmax(np.where(present, t, -np.inf)))
        point = Point(int(t[at]), float(v[at]))
        key = (provider, account, domain)
        newest = self._newest if metric == ORIGIN else self._newest_edge
        with self._lock:
            held = newest.get(key)
            if held is None or point.time_s >= held.time_s:
                newest[key] = point

    def record_success(self, provider: str, account: str, at: float) -> None:
        with self._lock:
            self._last_success[(provider, account)] = max(
                at, self._last_success.get((provider, account), at)
            )

    def record_error(self, provider: str, account: str, kind: str) -> None:
        if kind not in ERROR_KINDS:
            raise ValueError(f"unknown error kind {kind!r}; use error_kind(error)")
        with self._lock:
            key = (provider, account, kind)
            self._errors[key] = self._errors.get(key, 0) + 1

    def record_calls(self, provider: str, account: str, calls: int, throttled: int = 0) -> None:
        """Calls made to a provider, and how many it answered with a rate-limit error."""
        with self._lock:
            key = (provider, account)
            self._calls[key] = self._calls.get(key, 0) + calls
            self._throttled[key] = self._throttled.get(key, 0) + throttled

    def record_round(self, duration_s: float) -> None:
        with self._lock:
            self._round_duration_s = duration_s

    def snapshot(self) -> StateSnapshot:
        with self._lock:
            return StateSnapshot(
                dict(self._newest),
                dict(self._newest_edge),
                dict(self._last_success),
                dict(self._errors),
                dict(self._calls),
                dict(self._throttled),
                self._round_duration_s,
            )


class StateCollector(Collector):
    """A prometheus_client collector over a CollectorState."""

    def __init__(self, state: CollectorState) -> None:
        self.state = state

    def describe(self) -> list[Metric]:
        return []  # the families depend on the state; nothing to check at registration

    def collect(self) -> Iterator[Metric]:
        now = self.state.snapshot()
        for name, text, newest in (
            (BANDWIDTH, BANDWIDTH_HELP, now.newest),
            (EDGE_BANDWIDTH, EDGE_BANDWIDTH_HELP, now.newest_edge),
        ):
            bandwidth = GaugeMetricFamily(name, text, labels=SERIES_LABELS, unit="bytes_per_second")
            for key, point in sorted(newest.items()):
                bandwidth.add_metric(key, point.bps / 8, timestamp=point.time_s)
            yield bandwidth
        success = GaugeMetricFamily(
            "cdnmon_last_success_timestamp_seconds",
            "When the collector last fetched an account's points without an error",
            labels=SOURCE_LABELS,
            unit="seconds",
        )
        for key, at in sorted(now.last_success.items()):
            success.add_metric(key, at)
        yield success
        yield _counter(
            "cdnmon_fetch_errors",
            "Failed fetches from a provider, by kind of failure",
            (*SOURCE_LABELS, "kind"),
            now.errors,
        )
        yield _counter(
            "cdnmon_provider_calls",
            "API calls the collector made to a provider",
            SOURCE_LABELS,
            now.calls,
        )
        yield _counter(
            "cdnmon_provider_throttled_answers",
            "API calls a provider answered with its rate-limit error",
            SOURCE_LABELS,
            now.throttled,
        )
        if now.round_duration_s is not None:
            yield GaugeMetricFamily(
                "cdnmon_round_duration_seconds",
                "How long the collector's last polling round took",
                value=now.round_duration_s,
                unit="seconds",
            )
        info = GaugeMetricFamily(
            "cdnmon_build_info", "The running cdnmon's version", labels=("version",)
        )
        info.add_metric((__version__,), 1)
        yield info


def _counter(
    name: str, documentation: str, labels: tuple[str, ...], counts: dict[Any, int]
) -> CounterMetricFamily:
    family = CounterMetricFamily(name, documentation, labels=labels)
    for key, count in sorted(counts.items()):
        family.add_metric(key, count)
    return family


def metrics_registry(state: CollectorState) -> CollectorRegistry:
    """The collector's metrics and the process's (CPU, memory, open files, Python)."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(StateCollector(state))
    ProcessCollector(registry=registry)
    PlatformCollector(registry=registry)
    return registry


# ---- serving ----------------------------------------------------------------------------


class _Server(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True  # a scraper that hangs up mid-answer does not hold up stop()

    def server_bind(self) -> None:
        # HTTPServer looks up the host's full name here: a DNS query that can hang offline.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]
        self.setup_environ()


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        log.debug("metrics request: " + format, *args)


_LANDING = (
    b"<!doctype html><title>cdnmon collector</title>"
    b'<h1>cdnmon collector</h1><p><a href="/metrics">Metrics</a></p>\n'
)


class MetricsServer:
    """``/metrics`` over HTTP on one address, in threads of its own; ``stop()`` ends it.

    Usable as a context manager. ``port`` 0 picks a free one (see :attr:`port`)."""

    def __init__(self, registry: CollectorRegistry, host: str, port: int) -> None:
        metrics = make_wsgi_app(registry)

        def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
            path = environ.get("PATH_INFO", "")
            if path == "/metrics":
                return metrics(environ, start_response)
            if path == "/":
                start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
                return [_LANDING]
            start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"not found: the metrics are at /metrics\n"]

        self._server = _bind(host, port)
        self._server.set_app(app)
        self._thread = threading.Thread(
            # stop() waits up to one poll interval for the loop to notice
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="metrics-server",
            daemon=True,
        )
        self._thread.start()

    @property
    def host(self) -> str:
        return str(self._server.server_address[0])

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/metrics"

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join()
        self._server.server_close()

    def __enter__(self) -> MetricsServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _bind(host: str, port: int) -> _Server:
    """A server on the address, or an InputError saying why it cannot listen there."""
    where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    try:
        family, *_, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as error:
        raise InputError(
            f"cannot serve /metrics on {where}: {error.strerror or error}; write an address "
            'of this machine as listen in the config, e.g. "127.0.0.1:9464"'
        ) from None
    server_class = type("MetricsHTTPServer", (_Server,), {"address_family": family})
    try:
        return server_class(address, _QuietHandler)
    except OSError as error:
        raise InputError(
            f"cannot serve /metrics on {where}: {error.strerror or error}; choose another "
            "listen address in the config, or stop the program using it"
        ) from None

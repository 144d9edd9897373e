"""A real Prometheus holding what ``cdnmon collect`` pushes: the emulator's settled points,
sent by the collector's own remote-write sender."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from cdnmon.collect.remote_write import MemoryQueue, RemoteWriter
from cdnmon.emulator import DemoAccount, EmulatorServer
from cdnmon.model import EDGE, HOUR, MINUTE, ORIGIN, Metric, TimeRange
from cdnmon.providers.base import Credentials, OriginBandwidthClient
from cdnmon.providers.registry import make_client, settled_before
from tests.emulated import FAST_RETRY
from tests.prometheus import Prometheus, running_prometheus

Points = list[tuple[int, float]]


def settled_span(now: float, hours: int = 2) -> TimeRange:
    """Whole minutes of the last ``hours`` that the collector would have pushed by ``now``."""
    end = int(settled_before("aliyun", now))
    start = int(now) - hours * HOUR
    return TimeRange(start - start % MINUTE, end)


def emulator_points(
    server: EmulatorServer,
    account: DemoAccount,
    domain: str,
    span: TimeRange,
    metric: Metric = ORIGIN,
) -> Points:
    """The emulator's own points of ``span``, in bit/s, gaps absent."""
    return server.expected_series(account.provider, account.key_id, domain, span, MINUTE, metric)


def push(
    prometheus: Prometheus,
    account: DemoAccount,
    points: dict[str, Points],
    edge: dict[str, Points] | None = None,
) -> None:
    """``points`` of each domain (and ``edge`` of some) into ``prometheus``, as the
    collector sends them."""
    queue = MemoryQueue()
    for metric, held in ((ORIGIN, points), (EDGE, edge or {})):
        for domain, found in held.items():
            times, bps = [t for t, _ in found], [v for _, v in found]
            queue.add(account.provider, account.name, domain, times, bps, metric)
    writer = RemoteWriter(prometheus.remote_write_url, queue)
    try:
        assert writer.flush() and len(queue) == 0
    finally:
        writer.stop()


def reader(url: str, name: str = "team") -> OriginBandwidthClient:
    """A Prometheus source as the window makes one: no key, at ``url``."""
    return make_client("prometheus", Credentials("", ""), name, url, retry=FAST_RETRY)


@contextmanager
def fed_prometheus(
    workdir: Path,
    account: DemoAccount,
    points: dict[str, Points],
    edge: dict[str, Points] | None = None,
) -> Iterator[Prometheus]:
    with running_prometheus(workdir) as prometheus:
        push(prometheus, account, points, edge)
        yield prometheus


def without(points: Points, minutes: Sequence[int]) -> Points:
    """``points`` with the points at these minute offsets from its first left out."""
    dropped = {points[0][0] + m * MINUTE for m in minutes}
    return [p for p in points if p[0] not in dropped]

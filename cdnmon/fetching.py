"""Fetching origin bandwidth for many domains at once, window by window, in parallel.

Each provider splits a range into the windows its API allows; the windows of every domain
go through a small thread pool, paced by the account's shared rate limiter, and come back
stitched into one Series per domain.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait

from cdnmon.model import Series, TimeRange
from cdnmon.providers.base import OriginBandwidthClient

# Enough calls in flight to keep a 10 calls/s limit busy over a ~300 ms round trip.
DEFAULT_WORKERS = 4

Progress = Callable[[int, int], None]


class Cancelled(Exception):
    """The caller asked to stop; windows not yet fetched were skipped."""


def fetch_series(
    client: OriginBandwidthClient,
    domains: Sequence[str],
    time_range: TimeRange,
    interval: int | None = None,
    workers: int = DEFAULT_WORKERS,
    on_progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> list[Series]:
    """One Series per distinct domain, in the order given; the first error is raised.

    ``should_stop`` is asked before each call; once it says yes, Cancelled is raised.
    """
    names = list(dict.fromkeys(domains))
    windows = client.windows(time_range, interval)
    total = len(names) * len(windows)
    done = 0
    with ThreadPoolExecutor(max_workers=max(1, min(workers, total))) as pool:
        futures: dict[Future[tuple[int, list[tuple[int, float]]]], tuple[str, int]] = {
            pool.submit(_fetch_window, client, name, window, interval, should_stop): (name, index)
            for name in names
            for index, window in enumerate(windows)
        }
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_EXCEPTION)
            for future in finished:
                if future.exception() is not None:
                    for other in pending:
                        other.cancel()
                    raise future.exception()  # type: ignore[misc]
            done += len(finished)
            if on_progress:
                on_progress(done, total)
    return [_stitch(client, name, time_range, interval, futures) for name in names]


def _fetch_window(
    client: OriginBandwidthClient,
    name: str,
    window: TimeRange,
    interval: int | None,
    should_stop: Callable[[], bool] | None,
) -> tuple[int, list[tuple[int, float]]]:
    if should_stop is not None and should_stop():
        raise Cancelled(name)
    return client.fetch_window(name, window, interval)


def _stitch(
    client: OriginBandwidthClient,
    name: str,
    time_range: TimeRange,
    interval: int | None,
    futures: dict[Future[tuple[int, list[tuple[int, float]]]], tuple[str, int]],
) -> Series:
    """Windows share their edge points (both ends are inclusive): the later window wins."""
    results = sorted(
        (index, future.result()) for future, (domain, index) in futures.items() if domain == name
    )
    points = [point for _, (_, window_points) in results for point in window_points]
    reported = max((served for _, (served, _) in results), default=interval or 0)
    return Series.from_points(
        client.provider,
        client.account,
        name,
        reported or client.finest_interval,
        points,
        time_range,
    )

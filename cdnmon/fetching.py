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
WindowResult = tuple[int, list[tuple[int, float]]]  # the interval served, its points


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
    jobs = [(name, index, window) for name in names for index, window in enumerate(windows)]
    results: dict[tuple[str, int], WindowResult] = {}
    if workers <= 1 or len(jobs) <= 1:
        # On the caller's own thread, whose HTTP session and kept-alive connection stay:
        # a thread per call would open a connection (and a session) per call.
        for done, (name, index, window) in enumerate(jobs, 1):
            results[(name, index)] = _fetch_window(client, name, window, interval, should_stop)
            if on_progress:
                on_progress(done, len(jobs))
    else:
        _fetch_in_parallel(client, jobs, interval, workers, on_progress, should_stop, results)
    return [_stitch(client, name, time_range, interval, results) for name in names]


def _fetch_in_parallel(
    client: OriginBandwidthClient,
    jobs: list[tuple[str, int, TimeRange]],
    interval: int | None,
    workers: int,
    on_progress: Progress | None,
    should_stop: Callable[[], bool] | None,
    results: dict[tuple[str, int], WindowResult],
) -> None:
    with ThreadPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        futures: dict[Future[WindowResult], tuple[str, int]] = {
            pool.submit(_fetch_window, client, name, window, interval, should_stop): (name, index)
            for name, index, window in jobs
        }
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_EXCEPTION)
            for future in finished:
                if future.exception() is not None:
                    for other in pending:
                        other.cancel()
                    raise future.exception()  # type: ignore[misc]
                results[futures[future]] = future.result()
            if on_progress:
                on_progress(len(results), len(jobs))


def _fetch_window(
    client: OriginBandwidthClient,
    name: str,
    window: TimeRange,
    interval: int | None,
    should_stop: Callable[[], bool] | None,
) -> WindowResult:
    if should_stop is not None and should_stop():
        raise Cancelled(name)
    return client.fetch_window(name, window, interval)


def _stitch(
    client: OriginBandwidthClient,
    name: str,
    time_range: TimeRange,
    interval: int | None,
    results: dict[tuple[str, int], WindowResult],
) -> Series:
    """Windows share their edge points (both ends are inclusive): the later window wins."""
    ordered = sorted((i, result) for (domain, i), result in results.items() if domain == name)
    points = [point for _, (_, window_points) in ordered for point in window_points]
    reported = max((served for _, (served, _) in ordered), default=interval or 0)
    return Series.from_points(
        client.provider,
        client.account,
        name,
        reported or client.finest_interval,
        points,
        time_range,
    )

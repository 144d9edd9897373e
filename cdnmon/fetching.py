"""Fetching bandwidth (origin or edge) for many domains at once, window by window, in
parallel.

Each provider splits a range into the windows its API allows; the windows of every domain
go through a small thread pool, paced by the account's shared rate limiter, and come back
stitched into one Series per domain.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from typing import Any

from cdnmon.model import ORIGIN, Metric, Series, TimeRange, check_metric
from cdnmon.providers.base import OriginBandwidthClient, domains_per_call
from cdnmon.providers.errors import DomainError, ProviderError

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
    failed: dict[str, DomainError] | None = None,
    *,
    metric: str = ORIGIN,
) -> list[Series]:
    """One Series of ``metric`` (origin or edge bandwidth) per distinct domain, in the order
    given; the first error is raised.

    With ``failed``, a domain the provider refuses (a DomainError: unknown, offline) is left
    out and its error recorded there, and the other domains still come back; any other
    error concerns them all and is raised. Every error names its domain (``.domain``).
    ``should_stop`` is asked before each call; once it says yes, Cancelled is raised.
    """
    measured = check_metric(metric)
    names = list(dict.fromkeys(domains))
    if domains_per_call(client, measured) > 1 and len(names) > 1:
        client = _Batched(client, names, measured)
    windows = client.windows(time_range, interval)
    jobs = [(name, index, window) for name in names for index, window in enumerate(windows)]
    if isinstance(client, _Batched):
        jobs.sort(key=client.turn)  # every call's first job first: the calls run in parallel
    results: dict[tuple[str, int], WindowResult] = {}
    # Domains refused so far; None: raise the first error instead.
    refused: dict[str, DomainError] | None = {} if failed is not None else None
    if workers <= 1 or len(jobs) <= 1:
        # On the caller's own thread, whose HTTP session and kept-alive connection stay:
        # a thread per call would open a connection (and a session) per call.
        for done, (name, index, window) in enumerate(jobs, 1):
            if refused is None or name not in refused:
                try:
                    results[(name, index)] = _fetch_window(
                        client, name, window, interval, should_stop, measured
                    )
                except DomainError as error:
                    if refused is None:
                        raise
                    refused[name] = error
            if on_progress:
                on_progress(done, len(jobs))
    else:
        _fetch_in_parallel(
            client, jobs, interval, workers, on_progress, should_stop, results, refused, measured
        )
    if failed is not None and refused:
        failed.update(refused)
    return [
        _stitch(client, name, time_range, interval, results, measured)
        for name in names
        if not refused or name not in refused
    ]


def _fetch_in_parallel(
    client: OriginBandwidthClient,
    jobs: list[tuple[str, int, TimeRange]],
    interval: int | None,
    workers: int,
    on_progress: Progress | None,
    should_stop: Callable[[], bool] | None,
    results: dict[tuple[str, int], WindowResult],
    refused: dict[str, DomainError] | None,
    metric: Metric,
) -> None:
    with ThreadPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        futures: dict[Future[WindowResult], tuple[str, int]] = {
            pool.submit(_fetch_window, client, name, window, interval, should_stop, metric): (
                name,
                index,
            )
            for name, index, window in jobs
        }
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_EXCEPTION)
            for future in finished:
                error = None if future.cancelled() else future.exception()
                name = futures[future][0]
                if isinstance(error, DomainError) and refused is not None:
                    # Only this domain's other windows are pointless now.
                    refused.setdefault(name, error)
                    for other in pending:
                        if futures[other][0] == name:
                            other.cancel()
                elif error is not None:
                    for other in pending:
                        other.cancel()
                    raise error
                elif not future.cancelled():
                    results[futures[future]] = future.result()
            if on_progress:
                on_progress(len(futures) - len(pending), len(jobs))


def _fetch_window(
    client: OriginBandwidthClient,
    name: str,
    window: TimeRange,
    interval: int | None,
    should_stop: Callable[[], bool] | None,
    metric: Metric,
) -> WindowResult:
    if should_stop is not None and should_stop():
        raise Cancelled(name)
    try:
        return client.fetch_window(name, window, interval, metric=metric)
    except ProviderError as error:
        error.domain = error.domain or name
        raise


def _stitch(
    client: OriginBandwidthClient,
    name: str,
    time_range: TimeRange,
    interval: int | None,
    results: dict[tuple[str, int], WindowResult],
    metric: Metric,
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
        metric,
    )


class _Batched:
    """A client whose API answers for many domains a call, seen one domain at a time: the
    first job of a (batch, window) makes the call, the batch's other jobs take its answer.

    When a batch is refused for a domain (unknown, offline), each of its domains asks on
    its own, so only the one at fault fails.
    """

    def __init__(self, client: Any, names: Sequence[str], metric: Metric) -> None:
        self._client = client
        self._metric = metric
        size = domains_per_call(client, metric)
        batches = [tuple(names[i : i + size]) for i in range(0, len(names), size)]
        self._batch_of = {name: batch for batch in batches for name in batch}
        self._calls: dict[tuple[tuple[str, ...], TimeRange], Future[Any]] = {}
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    def turn(self, job: tuple[str, int, TimeRange]) -> tuple[int, int]:
        """Where a domain's job goes: by its place in its batch, then by window."""
        name, index, _ = job
        return self._batch_of[name].index(name), index

    def fetch_window(
        self, name: str, window: TimeRange, interval: int | None, *, metric: str = ORIGIN
    ) -> WindowResult:
        batch = self._batch_of[name]
        with self._lock:
            call = self._calls.get((batch, window))
            first = call is None
            if call is None:
                call = self._calls[(batch, window)] = Future()
        if first:
            try:
                call.set_result(
                    self._client.fetch_window_many(batch, window, interval, metric=self._metric)
                )
            except Exception as error:
                call.set_exception(error)
        try:
            served, points = call.result()
        except DomainError:
            if len(batch) == 1:
                raise
            return self._client.fetch_window(name, window, interval, metric=self._metric)
        return served, points.get(name, [])

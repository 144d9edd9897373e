"""Incremental fetching: ask the store what is missing, fetch only that, read the rest back.

The store records which spans were fetched and settled; everything else in the range asked
for is fetched (a new minute, a span never seen, and always the provisional tail the
provider is still revising). Domains missing the same span are fetched together, through
``cdnmon.fetching`` as before, and each answer is saved before the next is asked for, so
an error or a cancel keeps what already arrived.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from cdnmon.fetching import Progress, fetch_series
from cdnmon.history import chunks, coverage
from cdnmon.history.store import HistoryStore
from cdnmon.model import ORIGIN, Series, TimeRange
from cdnmon.providers.base import OriginBandwidthClient
from cdnmon.providers.errors import DomainError
from cdnmon.providers.registry import revised_after

log = logging.getLogger(__name__)

Windows = Callable[[TimeRange], Sequence[TimeRange]]


@dataclass(frozen=True)
class FetchPlan:
    """The spans each domain still needs, on the interval grid."""

    interval: int
    missing: dict[str, tuple[TimeRange, ...]]

    def groups(self) -> dict[TimeRange, list[str]]:
        """Spans to fetch, each with the domains that need exactly it (fetched together)."""
        grouped: dict[TimeRange, list[str]] = {}
        for domain, spans in self.missing.items():
            for span in spans:
                grouped.setdefault(span, []).append(domain)
        return grouped

    def calls(self, windows: Windows) -> int:
        """API calls the plan costs; ``windows`` is the provider's split of a span."""
        return sum(len(windows(span)) for spans in self.missing.values() for span in spans)


def plan_fetch(
    store: HistoryStore,
    provider: str,
    account: str,
    domains: Sequence[str],
    time_range: TimeRange,
    interval: int,
    metric: str = ORIGIN,
) -> FetchPlan:
    """What is not yet in ``store`` for each domain (duplicates ignored)."""
    wanted = coverage.aligned(time_range, interval)
    return FetchPlan(
        interval,
        {
            domain: tuple(store.missing(provider, account, domain, interval, wanted, metric))
            for domain in dict.fromkeys(domains)
        },
    )


def fetch_into_store(
    client: OriginBandwidthClient,
    store: HistoryStore,
    domains: Sequence[str],
    time_range: TimeRange,
    interval: int | None = None,
    now: float | None = None,
    should_stop: Callable[[], bool] | None = None,
    on_progress: Progress | None = None,
    failed: dict[str, DomainError] | None = None,
    metric: str = ORIGIN,
) -> int:
    """Bring the store up to date for ``time_range``; return the interval the points are
    stored at (the provider's, where it serves coarser than asked), to read them back by.

    ``now`` decides the provisional tail (default: the clock). The first error (or
    ``Cancelled``, once ``should_stop`` says so) is raised; spans saved before it stay.
    With ``failed``, a domain the provider refuses is recorded there and asked no more, as
    ``fetch_series`` does, and the others are still brought up to date.
    """
    interval = interval or client.finest_interval
    now = time.time() if now is None else now
    names = list(dict.fromkeys(domains))
    # A reader's domains may come from providers of different delays: the longest counts.
    provisional_after = min((revised_after(client.provider, now, d) for d in names), default=now)
    plan = plan_fetch(store, client.provider, client.account, names, time_range, interval, metric)
    total = plan.calls(lambda span: client.windows(span, interval))
    done = 0
    served = interval
    for span, group in plan.groups().items():
        calls = len(client.windows(span, interval)) * len(group)
        progress = _offset_progress(on_progress, done, total)
        group = [domain for domain in group if not failed or domain not in failed]
        fetched = fetch_series(
            client, group, span, interval, on_progress=progress, should_stop=should_stop,
            failed=failed, metric=metric,
        )  # fmt: skip
        fetched = [at_interval(s, interval) for s in fetched]
        store.save_many(fetched, span, provisional_after)
        done += calls
        if fetched and fetched[0].interval != interval:
            # UCloud without its V2 API serves 5-minute points when asked for 1-minute.
            log.info("%s served %ss points for %ss", client.provider, fetched[0].interval, interval)
            served = fetched[0].interval
    return served


def at_interval(series: Series, interval: int) -> Series:
    """``series`` as means over ``interval`` if it came finer. Alibaba picks granularity
    from the span asked for, so a short tail asked at 5 minutes comes back at 1 minute;
    the providers' own 5-minute value is the mean of their minutes, so the mean stands in."""
    if series.interval >= interval or interval % series.interval:
        return series
    times = np.fromiter((t for t, _ in series.points), dtype=np.int64, count=len(series.points))
    values = np.fromiter((v for _, v in series.points), dtype=np.float64, count=times.size)
    starts, means = chunks.bucket_means(times, values, interval)
    points = tuple(zip(starts.tolist(), means.tolist(), strict=True))
    return replace(series, interval=interval, points=points)


def _offset_progress(on_progress: Progress | None, done: int, total: int) -> Progress | None:
    if on_progress is None:
        return None
    return lambda finished, _: on_progress(done + finished, total)

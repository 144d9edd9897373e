"""The month's billing figures from the history: peak, average and 95th percentile of
5-minute origin bandwidth, per domain and per account, with how much of the month is known;
where edge bandwidth was stored beside (shown or collected with it), the edge's 95th
percentile and the month's offload, ``1 - origin / edge`` over the traffic of the 5-minute
points both have.

CDN origin egress is commonly billed on the month's 5-minute points with the top 5% dropped
(``cdnmon.model.billing_p95``). Where the store holds only 1-minute points for a bucket,
their mean stands in for the 5-minute value, as the providers compute it themselves.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from cdnmon.history import chunks, coverage
from cdnmon.history.store import HistoryStore
from cdnmon.model import EDGE, MINUTE, ORIGIN, InputError, TimeRange, format_utc, summarize

Points = tuple[np.ndarray, np.ndarray]

FIVE_MINUTES = 5 * MINUTE
ALL_DOMAINS = "*"  # the domain of an account's total row
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class ReportRow:
    """One domain's figures, or an account's total (``domain`` is ``ALL_DOMAINS``)."""

    provider: str
    account: str
    domain: str
    points: int  # 5-minute points with data
    peak_bps: float | None
    peak_time: int | None
    average_bps: float | None
    p95_bps: float | None
    coverage: float  # fraction of the month so far that has been fetched, 0..1
    edge_p95_bps: float | None = None
    offload: float | None = None  # 1 - origin / edge, traffic-weighted

    @property
    def is_total(self) -> bool:
        return self.domain == ALL_DOMAINS


def month_span(month: str, now: float) -> TimeRange:
    """The month named ``YYYY-MM`` so far: from its first second to ``now`` or its end."""
    match = _MONTH.match(month.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise InputError(f"cannot read the month {month!r}: write it as YYYY-MM, e.g. 2026-11")
    year, number = int(match.group(1)), int(match.group(2))
    # No history predates 1970, and the month after 9999-12 has no date to end on.
    if not 1970 <= year <= 9998:
        raise InputError(f"the month {month!r} is not between 1970-01 and 9998-12")
    start = int(datetime(year, number, 1, tzinfo=UTC).timestamp())
    following = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=UTC)
    end = min(int(following.timestamp()), int(now))
    if end <= start:
        raise InputError(f"the month {month} has not begun yet (UTC): pick this month or earlier")
    return TimeRange(start, end)


def current_month(now: float) -> str:
    return datetime.fromtimestamp(now, UTC).strftime("%Y-%m")


def month_report(store: HistoryStore, month: str, now: float | None = None) -> list[ReportRow]:
    """Rows per (provider, account, domain) with history in the month, each account's
    domains followed by its total; sorted by provider, account, domain."""
    span = month_span(month, time.time() if now is None else now)
    domains: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key in store.series_keys():
        if key.interval in (MINUTE, FIVE_MINUTES):
            domains[key.provider, key.account].add(key.domain)
    rows: list[ReportRow] = []
    for (provider, account), names in sorted(domains.items()):
        found = []
        for domain in sorted(names):
            times, values = five_minute_points(store, provider, account, domain, span)
            edge = five_minute_points(store, provider, account, domain, span, EDGE)
            spans = [
                *store.covered(provider, account, domain, MINUTE, span),
                *store.covered(provider, account, domain, FIVE_MINUTES, span),
            ]
            if times.size or spans:
                found.append((domain, times, values, coverage.merge(spans), edge))
        if not found:
            continue
        for domain, times, values, spans, edge in found:
            rows.append(_row(provider, account, domain, (times, values), spans, span, edge))
        rows.append(_total(provider, account, found, span))
    return rows


def five_minute_points(
    store: HistoryStore,
    provider: str,
    account: str,
    domain: str,
    span: TimeRange,
    metric: str = ORIGIN,
) -> tuple[np.ndarray, np.ndarray]:
    """The domain's 5-minute points in ``span``: stored 5-minute values, and 1-minute means
    for the buckets that have no 5-minute value."""
    five_t, five_v = store.arrays(provider, account, domain, FIVE_MINUTES, span, metric)
    minute_t, minute_v = store.arrays(provider, account, domain, MINUTE, span, metric)
    mean_t, mean_v = chunks.bucket_means(minute_t, minute_v, FIVE_MINUTES)
    only = ~np.isin(mean_t, five_t)
    times = np.concatenate([five_t, mean_t[only]])
    values = np.concatenate([five_v, mean_v[only]])
    order = np.argsort(times, kind="stable")
    return times[order], values[order]


def _row(
    provider: str,
    account: str,
    domain: str,
    origin: Points,
    spans: list[TimeRange],
    span: TimeRange,
    edge: Points,
) -> ReportRow:
    times, values = origin
    figures = summarize(times, values)
    edge_figures = summarize(*edge)
    return ReportRow(
        provider=provider,
        account=account,
        domain=domain,
        points=int(times.size),
        peak_bps=figures.peak if figures else None,
        peak_time=figures.peak_time if figures else None,
        average_bps=figures.average if figures else None,
        p95_bps=figures.p95 if figures else None,
        coverage=coverage.seconds(spans) / span.seconds,
        edge_p95_bps=edge_figures.p95 if edge_figures else None,
        offload=_offload(origin, edge),
    )


def _offload(origin: Points, edge: Points) -> float | None:
    """``1 - origin / edge`` of the traffic at the times both have: what the month's bill
    for origin egress was spared by the cache."""
    both, at_origin, at_edge = np.intersect1d(origin[0], edge[0], return_indices=True)
    served = float(edge[1][at_edge].sum())
    if not both.size or served <= 0:
        return None
    return 1 - float(origin[1][at_origin].sum()) / served


def _total(
    provider: str,
    account: str,
    found: list[tuple[str, np.ndarray, np.ndarray, list[TimeRange], Points]],
    span: TimeRange,
) -> ReportRow:
    """The account's domains summed per 5-minute timestamp. Its coverage is the time every
    domain was fetched: elsewhere the sum may be missing a domain. Its edge is summed only
    where every domain has edge stored (else the offload would compare unlike totals)."""
    origin = _summed([(t, v) for _, t, v, _, _ in found])
    edges = [edge for *_, edge in found]
    edge = _summed(edges) if all(e[0].size for e in edges) else (np.empty(0), np.empty(0))
    shared = found[0][3]
    for _, _, _, spans, _ in found[1:]:
        shared = coverage.intersect(shared, spans)
    return _row(provider, account, ALL_DOMAINS, origin, shared, span, edge)


def _summed(series: list[Points]) -> Points:
    times, index = np.unique(np.concatenate([t for t, _ in series]), return_inverse=True)
    return times, np.bincount(index, weights=np.concatenate([v for _, v in series]))


def describe_span(span: TimeRange) -> str:
    return f"{format_utc(span.start)} to {format_utc(span.end)}"

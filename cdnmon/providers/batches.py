"""What clients of APIs that answer for several domains a call share (Tencent CDN, EdgeOne,
Huawei Cloud CDN): windows sized by interval, the interval to ask for, and batches of
domains. A client sets the class attributes and makes the one call of a batch in
``_fetch_batch``; ``cdnmon.fetching`` sends it the batches. Every call names its metric
(origin or edge bandwidth).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cdnmon.model import ORIGIN, InputError, Metric, TimeRange, check_metric

Points = list[tuple[int, float]]


class BatchClient:
    provider: str
    title: str  # the service, as an answer to a wrong interval names it
    domains_per_call: int
    edge_domains_per_call: int | None = None  # None: as many as for origin
    window_for_interval: Mapping[int, int]  # longest span one call may ask for
    account: str

    @property
    def intervals(self) -> tuple[int, ...]:
        return tuple(self.window_for_interval)

    @property
    def finest_interval(self) -> int:
        return min(self.window_for_interval)

    def windows(self, time_range: TimeRange, interval: int | None = None) -> list[TimeRange]:
        return list(time_range.windows(self.window_for_interval[self._interval(interval)]))

    def fetch_window(
        self, domain: str, window: TimeRange, interval: int | None = None, *, metric: str = ORIGIN
    ) -> tuple[int, Points]:
        served, points = self.fetch_window_many([domain], window, interval, metric=metric)
        return served, points[domain]

    def fetch_window_many(
        self,
        domains: Sequence[str],
        window: TimeRange,
        interval: int | None = None,
        *,
        metric: str = ORIGIN,
    ) -> tuple[int, dict[str, Points]]:
        """One call for up to ``domains_per_call`` domains (``edge_domains_per_call`` for
        edge bandwidth, if set): the interval served and each domain's points (a domain with
        no data has none)."""
        measured = check_metric(metric)
        names = list(dict.fromkeys(domains))
        most = self._batch_size(measured)
        if not 1 <= len(names) <= most:
            raise ValueError(f"one call takes 1 to {most} domains, not {len(names)}")
        return self._fetch_batch(names, window, self._interval(interval), measured)

    def _batch_size(self, metric: Metric) -> int:
        if metric == ORIGIN:
            return self.domains_per_call
        return self.edge_domains_per_call or self.domains_per_call

    def _fetch_batch(
        self, names: list[str], window: TimeRange, interval: int, metric: Metric
    ) -> tuple[int, dict[str, Points]]:
        raise NotImplementedError

    def _interval(self, interval: int | None) -> int:
        """The interval to ask for: none given, the finest; finer than offered, the finest."""
        if interval is None:
            return self.finest_interval
        if interval not in self.window_for_interval:
            offered = ", ".join(str(i) for i in self.window_for_interval)
            raise InputError(f"{self.title} offers origin bandwidth every {offered} seconds")
        return max(interval, self.finest_interval)

"""Tencent EdgeOne: origin bandwidth (DescribeTimingL7OriginPullData) of up to 100 domains
a call, grouped by domain; edge bandwidth (DescribeTimingL7AnalysisData) of one domain a
call; sites (zones) and their domains listed from the API."""

from __future__ import annotations

import threading
from typing import Any

from cdnmon.model import DAY, EDGE, HOUR, MINUTE, Metric, TimeRange, format_utc
from cdnmon.providers.base import Credentials, Domain
from cdnmon.providers.errors import DomainError, ThrottledError
from cdnmon.providers.http import RetryPolicy
from cdnmon.providers.parsing import bandwidth, text
from cdnmon.providers.tencent.api3 import (
    DOMAIN_HINT,
    THROTTLED_HINT,
    Api3Caller,
    Api3Client,
    Api3Service,
    Points,
)

PROVIDER = "edgeone"
SERVICE = "teo"
API_VERSION = "2022-09-01"
DEFAULT_ENDPOINT = "https://teo.tencentcloudapi.com/"
CALLS_PER_SECOND = 20  # the documented limit of DescribeTimingL7OriginPullData
# The origin's responses toward EdgeOne, in bit/s: "源站至 EdgeOne 节点方向的响应带宽，单位：
# bps" (l7Flow_outBandwidth_hy is the other way, EdgeOne's requests to the origin).
ORIGIN_BANDWIDTH_METRIC = "l7Flow_inBandwidth_hy"
DOMAINS_PER_CALL = 100  # a domain filter names at most 100 domains when grouping by domain
# EdgeOne's responses to users, in bit/s ("L7 EdgeOne 响应带宽，单位：bps"), from the L7
# analysis API: it has no DimensionName, so a domain filter of several domains answers their
# sum; one call per domain is the only way to get each domain's own series. 100 calls/s.
EDGE_ACTION = "DescribeTimingL7AnalysisData"
EDGE_BANDWIDTH_METRIC = "l7Flow_outBandwidth"
ORIGIN_ACTION = "DescribeTimingL7OriginPullData"
MAX_DATA_ITEMS = 50_000  # metrics x points x domains in one answer
# Unverified: EdgeOne publishes no data delay; assume Tencent CDN's.
DATA_DELAY = 6 * MINUTE
INTERVAL_NAMES = {MINUTE: "min", 5 * MINUTE: "5min", HOUR: "hour"}
# Unverified: only the spans the API picks each interval for are documented (min up to
# 2 h, 5min up to 2 days, hour up to 7 days); stay within them, and keep 100 domains'
# points under MAX_DATA_ITEMS (a day of 5-minute points: 28,800).
WINDOW_FOR_INTERVAL = {MINUTE: 2 * HOUR, 5 * MINUTE: DAY, HOUR: 7 * DAY}
# Unverified: EdgeOne documents spans of up to 31 days, not how long data is kept.
RETENTION = {MINUTE: 31 * DAY, 5 * MINUTE: 31 * DAY, HOUR: 31 * DAY}
ZONES_PAGE_SIZE = 100
DOMAINS_PAGE_SIZE = 200

TEO = Api3Service(
    PROVIDER,
    SERVICE,
    API_VERSION,
    CALLS_PER_SECOND,
    errors={
        # Grouped queries of one account must not overlap: wait and try again.
        "InvalidParameter.ActionInProgress": (ThrottledError, THROTTLED_HINT),
        "InvalidParameter.ZoneNotFound": (DomainError, DOMAIN_HINT),
        "InvalidParameterValue.ZoneNotFound": (DomainError, DOMAIN_HINT),
    },
)

# One grouped query at a time per account, whichever client or thread sends it.
_grouping: dict[str, threading.Lock] = {}
_grouping_guard = threading.Lock()


def _grouping_lock(key_id: str) -> threading.Lock:
    with _grouping_guard:
        return _grouping.setdefault(key_id, threading.Lock())


class EdgeOneClient(Api3Client):
    """One Tencent Cloud account's EdgeOne sites. Thread-safe; calls are paced by the
    account's limiter, and grouped queries take turns."""

    provider = PROVIDER
    title = "EdgeOne"
    domains_per_call = DOMAINS_PER_CALL
    edge_domains_per_call = 1
    window_for_interval = WINDOW_FOR_INTERVAL

    def __init__(
        self,
        credentials: Credentials,
        account: str = "default",
        endpoint: str = DEFAULT_ENDPOINT,
        retry: RetryPolicy | None = None,
        timeout: tuple[float, float] | None = None,
    ) -> None:
        self.account = account
        self._api = Api3Caller(TEO, credentials, account, endpoint, retry=retry, timeout=timeout)
        self._turns = _grouping_lock(credentials.key_id)
        self._lock = threading.Lock()
        self._listing = threading.Lock()
        self._zones: dict[str, str] | None = None  # domain name -> site id

    # ---- sites and domains ----------------------------------------------------------

    def list_domains(self) -> list[Domain]:
        """Every acceleration domain of every site, all pages; ``domain_id`` is the site id."""
        domains: list[Domain] = []
        for zone_id in self._zone_ids():
            domains += self._zone_domains(zone_id)
        with self._lock:
            self._zones = {d.name: d.domain_id for d in domains}
        return domains

    def _zone_ids(self) -> list[str]:
        return self._api.every_page(
            "DescribeZones",
            {},
            ZONES_PAGE_SIZE,
            "TotalCount",
            "Zones",
            lambda r: text(r["ZoneId"], "ZoneId"),
        )

    def _zone_domains(self, zone_id: str) -> list[Domain]:
        return self._api.every_page(
            "DescribeAccelerationDomains",
            {"ZoneId": zone_id},
            DOMAINS_PAGE_SIZE,
            "TotalCount",
            "AccelerationDomains",
            lambda r: Domain(
                text(r["DomainName"], "DomainName"), zone_id, str(r.get("DomainStatus", ""))
            ),
        )

    def zone_of(self, domain: str) -> str:
        """The site a domain belongs to (the list is read once, again for a name not in it)."""
        with self._lock:
            zones = self._zones
        if zones is None or domain not in zones:
            # One listing at a time: threads that missed together wait for it, not list again.
            with self._listing:
                with self._lock:
                    listed_meanwhile = self._zones is not zones
                if not listed_meanwhile:
                    self.list_domains()
                with self._lock:
                    zones = self._zones or {}
        try:
            return zones[domain]
        except KeyError:
            raise DomainError(
                PROVIDER,
                f"no domain {domain!r} in this account's EdgeOne sites",
                account=self.account,
                hint=DOMAIN_HINT,
            ) from None

    # ---- origin bandwidth -----------------------------------------------------------

    def _fetch_batch(
        self, names: list[str], window: TimeRange, interval: int, metric: Metric
    ) -> tuple[int, dict[str, Points]]:
        """One grouped call for up to 100 domains (of any of the account's sites), or for
        edge bandwidth one call for one domain.

        The range is sent as ``[start, end - 1 s]`` in UTC: the point at ``end`` belongs
        to the next window.
        """
        zone_ids = sorted({self.zone_of(name) for name in names})
        params: dict[str, Any] = {
            "ZoneIds": zone_ids,
            "StartTime": format_utc(window.start),
            "EndTime": format_utc(window.end - 1),
            "Interval": INTERVAL_NAMES[interval],
            "Filters": [{"Key": "domain", "Operator": "equals", "Value": names}],
        }
        if metric == EDGE:
            [name] = names
            params["MetricNames"] = [EDGE_BANDWIDTH_METRIC]
            body = self._api.call(EDGE_ACTION, params)
            with self._api.reading(EDGE_ACTION, body):
                # One record, keyed by the account (no grouping); null when there is no data.
                series = [
                    _points(one, EDGE_BANDWIDTH_METRIC)
                    for record in body.get("Data") or []
                    for one in record["TypeValue"]
                ]
            return interval, {name: [point for points in series for point in points]}
        params |= {"MetricNames": [ORIGIN_BANDWIDTH_METRIC], "DimensionName": "domain"}
        with self._turns:
            body = self._api.call(ORIGIN_ACTION, params)
        found: dict[str, Points] = {name: [] for name in names}
        with self._api.reading(ORIGIN_ACTION, body):
            for record in body["TimingDataRecords"]:
                name = text(record["TypeKey"], "TypeKey")
                if name in found:
                    for one in record["TypeValue"]:
                        found[name] += _points(one, ORIGIN_BANDWIDTH_METRIC)
        return interval, found


def _points(series: dict[str, Any], metric: str) -> Points:
    """A TimingTypeValue's points in bit/s, if it is ``metric``'s (none otherwise)."""
    if series["MetricName"] != metric:
        return []
    return [
        (_timestamp(item["Timestamp"]), bandwidth(item["Value"]))
        for item in series.get("Detail") or []
    ]


def _timestamp(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"Timestamp {value!r} is not a Unix timestamp")
    return value

"""Tencent Cloud CDN: origin bandwidth (DescribeOriginData) and edge bandwidth
(DescribeCdnData) of up to 30 domains a call."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from cdnmon.model import DAY, EDGE, HOUR, MINUTE, ORIGIN, InputError, Metric, TimeRange
from cdnmon.providers.base import Credentials, Domain
from cdnmon.providers.errors import DomainError, unknown_domains_error
from cdnmon.providers.http import RetryPolicy
from cdnmon.providers.parsing import bandwidth, text

from .api3 import Api3Caller, Api3Client, Api3Service, Points

PROVIDER = "tencent"
SERVICE = "cdn"
API_VERSION = "2018-06-06"
DEFAULT_ENDPOINT = "https://cdn.tencentcloudapi.com/"
CALLS_PER_SECOND = 20  # DescribeOriginData's and DescribeCdnData's documented limit
# Metric -> the action and the key of each resource's series in its answer. DescribeCdnData
# takes DescribeOriginData's parameters (Metric=bandwidth: bit/s served to users) and
# answers Data[] = {Resource, CdnData[] = {Metric, DetailData[], SummarizedData}}.
ACTIONS = {ORIGIN: ("DescribeOriginData", "OriginData"), EDGE: ("DescribeCdnData", "CdnData")}
DOMAINS_PER_CALL = 30  # Domains: "at most 30 domains' details at once"
# The provisional tail: practitioners wait about 6 minutes for a minute to settle.
DATA_DELAY = 6 * MINUTE
AREAS = ("mainland", "overseas")
# Times in the request and the answer are wall-clock times in the zone the TimeZone
# parameter names. Only its default, UTC+08:00, is documented, so it is named explicitly
# and converted here with a fixed offset, never through this machine's zone.
QUERY_TIME_ZONE = "UTC+08:00"
QUERY_ZONE = timezone(timedelta(hours=8))
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
INTERVAL_NAMES = {MINUTE: "min", 5 * MINUTE: "5min", HOUR: "hour", DAY: "day"}
# Longest span a call may ask for at each interval: "min" up to 24 h, "5min" and "hour" up
# to 31 days (both ends inclusive, so a window [start, end) asks up to end - 1 s). "day"
# buckets start at Beijing midnight, which no other provider's do: not offered.
WINDOW_FOR_INTERVAL = {MINUTE: DAY, 5 * MINUTE: 31 * DAY, HOUR: 31 * DAY}
# Unverified: Tencent documents a 90-day span per call, not how long data is kept.
RETENTION = {MINUTE: 90 * DAY, 5 * MINUTE: 90 * DAY, HOUR: 90 * DAY}
DOMAINS_PAGE_SIZE = 1000  # DescribeDomains' largest Limit

CDN = Api3Service(
    PROVIDER,
    SERVICE,
    API_VERSION,
    CALLS_PER_SECOND,
    errors={
        "ResourceNotFound.CdnUserNotExists": (
            DomainError,
            "open or resume the CDN service for this account",
        ),
    },
)


def format_query_time(timestamp: int) -> str:
    """A UTC epoch second as the API's ``YYYY-MM-DD hh:mm:ss`` in UTC+08:00."""
    return datetime.fromtimestamp(timestamp, QUERY_ZONE).strftime(TIME_FORMAT)


def parse_query_time(value: object) -> int:
    """An answer's ``YYYY-MM-DD hh:mm:ss`` (UTC+08:00) as a UTC epoch second."""
    return _parse_query_time(text(value, "Time"))


@lru_cache(maxsize=8192)
def _parse_query_time(value: str) -> int:
    # 30 domains a call repeat the same minutes, and strptime is slow: read each once.
    return int(datetime.strptime(value, TIME_FORMAT).replace(tzinfo=QUERY_ZONE).timestamp())


class TencentClient(Api3Client):
    """One Tencent Cloud account's CDN. Thread-safe; calls are paced by the account's limiter.

    ``area`` is where the domains serve: "mainland" (the API's default) or "overseas",
    where the API has no 1-minute data (a finer interval asked for is served at 5 minutes).
    """

    provider = PROVIDER
    title = "Tencent Cloud"
    domains_per_call = DOMAINS_PER_CALL
    window_for_interval = WINDOW_FOR_INTERVAL

    def __init__(
        self,
        credentials: Credentials,
        account: str = "default",
        endpoint: str = DEFAULT_ENDPOINT,
        area: str = "mainland",
        retry: RetryPolicy | None = None,
        timeout: tuple[float, float] | None = None,
    ) -> None:
        if area not in AREAS:
            raise InputError(f"unknown Tencent Cloud area {area!r}: use mainland or overseas")
        self.account = account
        self.area = area
        self._api = Api3Caller(CDN, credentials, account, endpoint, retry=retry, timeout=timeout)
        self._lock = threading.Lock()
        self._known: set[str] | None = None

    @property
    def finest_interval(self) -> int:
        return MINUTE if self.area == "mainland" else 5 * MINUTE

    # ---- domains --------------------------------------------------------------------

    def list_domains(self) -> list[Domain]:
        """Every CDN domain of the account, all pages."""
        domains = self._api.every_page(
            "DescribeDomains",
            {},
            DOMAINS_PAGE_SIZE,
            "TotalNumber",
            "Domains",
            lambda r: Domain(
                text(r["Domain"], "Domain"), str(r.get("ResourceId", "")), str(r.get("Status", ""))
            ),
        )
        with self._lock:
            self._known = {d.name for d in domains}
        return domains

    # ---- origin bandwidth -----------------------------------------------------------

    def _fetch_batch(
        self, names: list[str], window: TimeRange, interval: int, metric: Metric
    ) -> tuple[int, dict[str, Points]]:
        """One DescribeOriginData (DescribeCdnData for edge) call for up to 30 domains.

        Both ends of the API's range are inclusive and rounded down to the interval, so
        the window's end is sent as ``end - 1 s``: the point at ``end`` belongs to the next
        window.
        """
        params = {
            "StartTime": format_query_time(window.start),
            "EndTime": format_query_time(window.end - 1),
            "TimeZone": QUERY_TIME_ZONE,
            "Metric": "bandwidth",
            "Domains": names,
            "Interval": INTERVAL_NAMES[interval],
            "Detail": True,
            "Area": self.area,
        }
        action, series_key = ACTIONS[metric]
        try:
            body = self._api.call(action, params)
        except DomainError as error:
            raise self._name_unknown(names, error) from None
        with self._api.reading(action, body):
            served = {name: seconds for seconds, name in INTERVAL_NAMES.items()}[body["Interval"]]
            points: dict[str, Points] = {name: [] for name in names}
            for resource in body["Data"]:
                name = text(resource["Resource"], "Resource")
                for series in resource[series_key]:
                    if series.get("Metric", "bandwidth") != "bandwidth" or name not in points:
                        continue
                    points[name] += [
                        (parse_query_time(p["Time"]), bandwidth(p["Value"]))
                        for p in series["DetailData"]
                    ]
        return served, points

    def _name_unknown(self, names: Sequence[str], error: DomainError) -> DomainError:
        """The API's "no such domain" does not say which of 30: find out and say so."""
        if not error.code.startswith("ResourceNotFound.CdnHost"):
            return error
        with self._lock:
            known = self._known
        if known is None:
            known = {d.name for d in self.list_domains()}
        unknown = [name for name in names if name not in known]
        return unknown_domains_error(error, unknown) if unknown else error

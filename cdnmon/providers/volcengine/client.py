"""Volcengine CDN: origin bandwidth (DescribeOriginData) and edge bandwidth
(DescribeDistrictData) of one domain a call.

DescribeDistrictData, the edge statistics' twin of DescribeOriginData, takes the same
parameters (Metric=bandwidth: bit/s served to users) and answers the same shape, with the
same limits (20 calls/s, 92 days kept). DescribeOriginData takes up to 50 domains in
``Domain``, but as a filter: its documented answer is one series per metric
(``Result.MetricDataList[].Values[] = {TimeStamp, Value}``) with nothing naming a domain,
so several domains come back as their sum. One call per domain (a batch of one) is the only
way to get each domain's own series.
"""

from __future__ import annotations

from cdnmon.model import DAY, EDGE, HOUR, MINUTE, ORIGIN, Metric, TimeRange
from cdnmon.providers.base import Credentials, Domain
from cdnmon.providers.batches import BatchClient, Points
from cdnmon.providers.errors import DomainError, unknown_domains_error
from cdnmon.providers.http import RetryPolicy
from cdnmon.providers.parsing import bandwidth, malformed_answer, text

from .openapi import OpenApiCaller, OpenApiService

PROVIDER = "volcengine"
TITLE = "Volcengine"
SERVICE = "CDN"  # the signing scope's service, as the official SDK signs CDN calls
REGION = "cn-north-1"  # CDN is one global service, signed for this region
API_VERSION = "2021-03-01"
DEFAULT_ENDPOINT = "https://cdn.volcengineapi.com/"
ORIGIN_DATA = "DescribeOriginData"
EDGE_DATA = "DescribeDistrictData"
ACTIONS = {ORIGIN: ORIGIN_DATA, EDGE: EDGE_DATA}
LIST_DOMAINS = "ListCdnDomains"
CALLS_PER_SECOND = 20  # "节流限制：您每秒最多可以提交 20 个 API 请求"
# Data arrives about 5 minutes late, and "in most cases settles gradually within 12 hours"
# (数据稳定性): a point is shown once it is 5 minutes old, and the store fetches the last
# 12 hours again each round until they stop changing.
DATA_DELAY = 5 * MINUTE
REVISED_FOR = 12 * HOUR
# "您最多能查询过去 92 天的数据", whatever the interval.
RETENTION = {MINUTE: 92 * DAY, 5 * MINUTE: 92 * DAY, HOUR: 92 * DAY}
INTERVAL_NAMES = {MINUTE: "1min", 5 * MINUTE: "5min", HOUR: "hour"}
# Longest span a call may ask for at each interval: 1min up to a day, 5min up to 3 days,
# hour up to 31 days (the API's limit for every interval). The range's ends are both
# inclusive, so a window [start, end) asks up to end - 1 s. "day" buckets are not offered:
# their time zone is not documented.
WINDOW_FOR_INTERVAL = {MINUTE: DAY, 5 * MINUTE: 3 * DAY, HOUR: 31 * DAY}
DOMAINS_PAGE_SIZE = 100  # ListCdnDomains' largest PageSize

CDN = OpenApiService(PROVIDER, TITLE, SERVICE, REGION, API_VERSION, CALLS_PER_SECOND)


def _epoch_second(value: object) -> int:
    """An answer's TimeStamp: a whole number of seconds since 1970."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"TimeStamp is {type(value).__name__}, not a whole number")
    return value


class VolcengineClient(BatchClient):
    """One Volcengine account's CDN. Thread-safe; calls are paced by the account's limiter."""

    provider = PROVIDER
    title = TITLE
    domains_per_call = 1
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
        self._api = OpenApiCaller(CDN, credentials, account, endpoint, retry=retry, timeout=timeout)

    # ---- domains --------------------------------------------------------------------

    def list_domains(self) -> list[Domain]:
        """Every CDN domain of the account, page by page."""
        domains: list[Domain] = []
        page = 1
        while True:
            params = {"PageNum": page, "PageSize": DOMAINS_PAGE_SIZE}
            result, request_id = self._api.call(LIST_DOMAINS, params)
            try:
                total = int(result["Total"])
                rows = result["Data"]
                domains += [
                    Domain(text(row["Domain"], "Domain"), "", str(row.get("Status", "")))
                    for row in rows
                ]
            except (KeyError, TypeError, ValueError) as error:
                raise malformed_answer(PROVIDER, LIST_DOMAINS, request_id, error) from None
            if len(domains) >= total or not rows:
                return domains
            page += 1

    # ---- origin bandwidth -----------------------------------------------------------

    def _fetch_batch(
        self, names: list[str], window: TimeRange, interval: int, metric: Metric
    ) -> tuple[int, dict[str, Points]]:
        """One DescribeOriginData (DescribeDistrictData for edge) call: the interval asked
        for (the answer does not say) and the domain's points, each at the start of its
        bucket. Both ends of the API's range are inclusive, so the window's end is sent as
        ``end - 1 s``."""
        [domain] = names
        params = {
            "Metric": "bandwidth",
            "StartTime": window.start,
            "EndTime": window.end - 1,
            "Interval": INTERVAL_NAMES[interval],
            "Domain": domain,
        }
        try:
            result, request_id = self._api.call(ACTIONS[metric], params)
        except DomainError as error:
            # NotFound.Domain says 账户下无此域名:<name>: say it in the user's words.
            if error.code != "NotFound.Domain":
                raise
            raise unknown_domains_error(error, [domain]) from None
        try:
            points = [
                (_epoch_second(value["TimeStamp"]), bandwidth(value["Value"]))
                for series in result["MetricDataList"]
                if series["Metric"] == "bandwidth"
                for value in series["Values"]
            ]
        except (KeyError, TypeError, ValueError, OverflowError) as error:
            raise malformed_answer(PROVIDER, ACTIONS[metric], request_id, error) from None
        return interval, {domain: points}

    def close(self) -> None:
        self._api.close()

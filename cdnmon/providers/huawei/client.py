"""Huawei Cloud CDN: origin bandwidth (ShowDomainStats, ``stat_type=bs_bw``) and edge
bandwidth (``stat_type=bw``) of up to 20 domains a call, and the account's domains
(ListDomains).

Every call is a GET signed with SDK-HMAC-SHA256. A success is HTTP 200 with the data; a
failure is a JSON error in one of two shapes: the API gateway's (``APIGW.*``, HTTP 4xx/5xx,
``{"error_code", "error_msg", "request_id"}``) or the CDN service's (``CDN.*``,
``{"error": {"error_code", "error_msg"}}``, documented with HTTP 200 and seen with 400).
CDN is a global service: calls name no project, but an AK/SK call must carry the
account's id in ``X-Domain-Id``, which is looked up once from IAM as the official SDK does.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import requests

from cdnmon.model import DAY, EDGE, HOUR, MINUTE, ORIGIN, Metric, TimeRange
from cdnmon.providers.base import Credentials, Domain
from cdnmon.providers.batches import BatchClient, Points
from cdnmon.providers.errors import (
    CLOCK_HINT,
    DOMAIN_HINT,
    THROTTLED_HINT,
    AuthError,
    DomainError,
    ProviderError,
    RequestError,
    ServiceError,
    ThrottledError,
    unknown_domains_error,
)
from cdnmon.providers.http import RetryPolicy, Transport, validate_endpoint
from cdnmon.providers.parsing import (
    bandwidth,
    decode_json,
    malformed_answer,
    reported_interval,
    text,
)

from .signing import authorization, canonical_query, sdk_date

PROVIDER = "huawei"
TITLE = "Huawei Cloud"
DEFAULT_ENDPOINT = "https://cdn.myhuaweicloud.com/"
STATS_PATH = "/v1.0/cdn/statistics/domain-stats"  # ShowDomainStats
DOMAINS_PATH = "/v1.0/cdn/domains"  # ListDomains
ACCOUNT_PATH = "/v3/auth/domains"  # IAM KeystoneListAuthDomains: the AK's account
ORIGIN_BANDWIDTH = "bs_bw"  # origin-pull bandwidth, bit/s
EDGE_BANDWIDTH = "bw"  # bandwidth served to users, bit/s
STAT_TYPES = {ORIGIN: ORIGIN_BANDWIDTH, EDGE: EDGE_BANDWIDTH}
CALLS_PER_SECOND = 15  # ShowDomainStats: "单租户调用频率：15次/s"
DOMAINS_PER_CALL = 20  # "最多同时指定20个域名"
# "CDN统计分析数据会存在一个小时左右的延迟": statistics arrive about an hour late.
DATA_DELAY = HOUR
# Longest span a call asks for at each interval: the official API reference allows 5
# minutes up to 7 days and hours up to 31, but practitioners report CDN.0203 beyond 2 days
# at 5 minutes and 7 days at an hour; stay within both. Day buckets start at Beijing
# midnight, which no other provider's do: not offered. There are no 1-minute points.
WINDOW_FOR_INTERVAL = {5 * MINUTE: 2 * DAY, HOUR: 7 * DAY}
# "支持查询90天内的数据", at every interval; nothing at 1 minute.
RETENTION = {5 * MINUTE: 90 * DAY, HOUR: 90 * DAY}
DOMAINS_PAGE_SIZE = 10_000  # ListDomains' largest page_size
# Sent with every call: an IAM user's calls must name an enterprise project, and "all"
# means every one (ignored where enterprise projects are off).
ENTERPRISE_PROJECT = "all"

FAULT_HINT = "a fault at Huawei Cloud: cdnmon retries"
IAM_HINT = "grant this IAM user read access to CDN (CDN ReadOnlyAccess)"
ErrorTable = Mapping[str, tuple[type[ProviderError], str]]
# The API gateway's codes (API Request Signing Guide, "Error Codes") and CDN's own (CDN API
# reference, "Error Codes"). A code not listed falls back on the HTTP status.
ERRORS: ErrorTable = {
    "APIGW.0301": (AuthError, "check the AK and SK, and that the key is enabled"),
    "APIGW.0302": (AuthError, IAM_HINT),
    "APIGW.0303": (RequestError, CLOCK_HINT),  # X-Sdk-Date more than 15 minutes off
    "APIGW.0305": (AuthError, "check the AK and SK"),
    "APIGW.0306": (AuthError, IAM_HINT),
    "APIGW.0308": (ThrottledError, THROTTLED_HINT),
    "APIGW.0101": (RequestError, "this API is not offered at the endpoint"),
    "CDN.0000": (ServiceError, FAULT_HINT),
    "CDN.0001": (RequestError, ""),
    "CDN.0002": (AuthError, "check the AK and SK"),
    "CDN.0003": (DomainError, DOMAIN_HINT),
    "CDN.0004": (AuthError, IAM_HINT),
    "CDN.0020": (AuthError, "grant this IAM user access to the enterprise projects"),
    "CDN.0021": (AuthError, IAM_HINT),
    "CDN.0105": (DomainError, DOMAIN_HINT),
    "CDN.0106": (DomainError, "the domain's state does not allow this: see the CDN console"),
    "CDN.0108": (DomainError, DOMAIN_HINT),
    "CDN.0114": (AuthError, "open the CDN service for this account"),
    "CDN.0115": (DomainError, "the domain is banned: see the CDN console"),
    "CDN.0116": (DomainError, "the domain is locked: see the CDN console"),
    "CDN.0201": (DomainError, DOMAIN_HINT),
    "CDN.0202": (RequestError, ""),
    "CDN.0203": (RequestError, ""),
}
# APIGW.0301 says which part of the key failed in its message (the guide's FAQ).
AK_MESSAGES = {
    "ak not exist": "check the AK (Access Key ID), and that the key is enabled",
    "verify aksk signature fail": "check the SK (Secret Access Key)",
    "reach the limit": "after repeated failures the AK is locked for 5 minutes: "
    "check the SK, then wait",
}
# Codes of a "no such domain" answer that does not say which of the domains asked for.
UNKNOWN_DOMAIN_CODES = ("CDN.0105", "CDN.0108", "CDN.0201")

# Account ids looked up from IAM, by (IAM endpoint, AK): one look-up per key per process.
_account_ids: dict[tuple[str, str], str] = {}
_account_ids_lock = threading.Lock()


def error_fields(body: Mapping[str, Any]) -> tuple[str, str, str]:
    """(code, message, request id) of an error answer in either shape; ("", "", "") if
    ``body`` is not one. IAM's own errors use ``code`` and ``message`` instead."""
    inner = body.get("error")
    fields = inner if isinstance(inner, Mapping) else body
    code = fields.get("error_code", fields.get("code"))
    if code is None or (fields is body and "error_msg" not in body):
        return "", "", ""
    message = fields.get("error_msg", fields.get("message", ""))
    return str(code), str(message or "").strip(), str(body.get("request_id") or "")


def error_for(status: int, body: Mapping[str, Any], request_id: str) -> ProviderError:
    code, message, body_request_id = error_fields(body)
    kind, hint = ERRORS.get(code, (None, ""))
    if kind is None:
        if status == 429:
            kind, hint = ThrottledError, THROTTLED_HINT
        elif status >= 500:
            kind, hint = ServiceError, FAULT_HINT
        elif status in (401, 403):
            kind = AuthError
        else:
            kind = RequestError
    if code == "APIGW.0301":
        lowered = message.lower()
        hint = next((h for words, h in AK_MESSAGES.items() if words in lowered), hint)
    return kind(
        PROVIDER,
        message or f"HTTP {status}",
        code=code,
        http_status=status,
        request_id=request_id or body_request_id,
        hint=hint,
    )


def iam_endpoint(endpoint: str) -> str:
    """Where the account id is looked up: Huawei's IAM beside its CDN endpoint
    (``cdn.`` → ``iam.``), or the endpoint itself elsewhere (the emulator serves both)."""
    parts = urlsplit(endpoint)
    if parts.hostname and parts.hostname.startswith("cdn."):
        return f"{parts.scheme}://iam.{parts.netloc.removeprefix('cdn.')}/"
    return endpoint


def align_down(timestamp: int, interval: int) -> int:
    return timestamp - timestamp % interval


def align_up(timestamp: int, interval: int) -> int:
    return -(-timestamp // interval) * interval


class HuaweiClient(BatchClient):
    """One Huawei Cloud account's CDN. Thread-safe; calls are paced by the account's limiter."""

    provider = PROVIDER
    title = TITLE
    domains_per_call = DOMAINS_PER_CALL
    window_for_interval = WINDOW_FOR_INTERVAL

    def __init__(
        self,
        credentials: Credentials,
        account: str = "default",
        endpoint: str = DEFAULT_ENDPOINT,
        retry: RetryPolicy | None = None,
        timeout: tuple[float, float] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.account = account
        self._credentials = credentials
        self._endpoint = validate_endpoint(endpoint)
        self._iam = validate_endpoint(iam_endpoint(self._endpoint))
        self._clock = clock
        self._transport = Transport.for_account(
            PROVIDER, account, credentials.key_id, CALLS_PER_SECOND, retry, timeout
        )
        self._lock = threading.Lock()
        self._known: set[str] | None = None

    # ---- calls ----------------------------------------------------------------------

    def _request(
        self, endpoint: str, path: str, query: list[tuple[str, str]], account_id: str
    ) -> requests.Request:
        parts = urlsplit(endpoint)
        full_path = parts.path.rstrip("/") + path
        signed = {
            "Content-Type": "application/json",
            "Host": parts.netloc,
            "X-Sdk-Date": sdk_date(self._clock()),
        }
        if account_id:
            signed["X-Domain-Id"] = account_id
        key = self._credentials
        headers = {
            **signed,
            "Authorization": authorization(key.key_id, key.secret, "GET", full_path, query, signed),
        }
        # The query goes out exactly as signed: sorted and percent-encoded the same way.
        url = f"{parts.scheme}://{parts.netloc}{full_path}"
        if query:
            url += f"?{canonical_query(query)}"
        return requests.Request("GET", url, headers=headers)

    def _call(
        self, action: str, path: str, query: list[tuple[str, str]], *, iam: bool = False
    ) -> dict[str, Any]:
        """The JSON answer of a successful call; a typed ProviderError otherwise."""
        endpoint = self._iam if iam else self._endpoint
        account_id = "" if iam else self.account_id()

        def interpret(response: requests.Response) -> dict[str, Any]:
            body = decode_json(PROVIDER, response)
            request_id = response.headers.get("X-Request-Id", "")
            if response.status_code != 200 or error_fields(body)[0]:
                raise error_for(response.status_code, body, request_id)
            return body

        return self._transport.call(
            lambda: self._request(endpoint, path, query, account_id), interpret, action
        )

    def account_id(self) -> str:
        """The account (domain) id the AK belongs to, for X-Domain-Id: asked of IAM once."""
        key = (self._iam, self._credentials.key_id)
        with _account_ids_lock:
            known = _account_ids.get(key)
        if known:
            return known
        body = self._call("KeystoneListAuthDomains", ACCOUNT_PATH, [], iam=True)
        try:
            found = text(body["domains"][0]["id"], "domains[0].id")
        except (KeyError, IndexError, TypeError, ValueError) as error:
            raise malformed_answer(PROVIDER, "KeystoneListAuthDomains", "", error) from None
        with _account_ids_lock:
            _account_ids[key] = found
        return found

    # ---- domains --------------------------------------------------------------------

    def list_domains(self) -> list[Domain]:
        """Every CDN domain of the account, all pages."""
        domains: list[Domain] = []
        page = 1
        while True:
            query = [
                ("enterprise_project_id", ENTERPRISE_PROJECT),
                ("page_number", str(page)),
                ("page_size", str(DOMAINS_PAGE_SIZE)),
            ]
            body = self._call("ListDomains", DOMAINS_PATH, query)
            try:
                total = int(body["total"])
                rows = body["domains"]
                domains += [
                    Domain(
                        text(row["domain_name"], "domain_name"),
                        str(row.get("id") or ""),
                        str(row.get("domain_status") or ""),
                    )
                    for row in rows
                ]
            except (KeyError, TypeError, ValueError, OverflowError) as error:
                raise malformed_answer(PROVIDER, "ListDomains", "", error) from None
            if len(domains) >= total or not rows:
                break
            page += 1
        with self._lock:
            self._known = {d.name for d in domains}
        return domains

    def _known_domains(self) -> set[str]:
        with self._lock:
            known = self._known
        return known if known is not None else {d.name for d in self.list_domains()}

    # ---- origin bandwidth -----------------------------------------------------------

    def windows(self, time_range: TimeRange, interval: int | None = None) -> list[TimeRange]:
        """Calls on the interval's grid: the API wants both ends on it, half-open."""
        step = self._interval(interval)
        aligned = TimeRange(align_down(time_range.start, step), align_up(time_range.end, step))
        return list(aligned.windows(self.window_for_interval[step]))

    def _fetch_batch(
        self, names: list[str], window: TimeRange, interval: int, metric: Metric
    ) -> tuple[int, dict[str, Points]]:
        """One ShowDomainStats call for up to 20 domains, grouped by domain.

        Each domain's answer is one value per interval from ``start_time``; a domain with
        no data in the range is left out of the answer. Values for buckets not begun yet
        are padding, not measurements, and are dropped.
        """
        start = align_down(window.start, interval)
        end = align_up(window.end, interval)
        stat_type = STAT_TYPES[metric]
        query = [
            ("action", "detail"),
            ("domain_name", ",".join(names)),
            ("end_time", str(end * 1000)),
            ("enterprise_project_id", ENTERPRISE_PROJECT),
            ("group_by", "domain"),
            ("interval", str(interval)),
            ("start_time", str(start * 1000)),
            ("stat_type", stat_type),
        ]
        try:
            body = self._call("ShowDomainStats", STATS_PATH, query)
        except DomainError as error:
            raise self._name_unknown(names, error) from None
        now = self._clock()
        points: dict[str, Points] = {name: [] for name in names}
        try:
            served = reported_interval(body.get("interval", interval))
            first = int(body.get("start_time", start * 1000)) // 1000
            result = body["result"]
            if not isinstance(result, dict):
                raise TypeError(f"result is {type(result).__name__}, not an object")
            for name, metrics in result.items():
                if name not in points:
                    continue
                values = metrics[stat_type]
                if not isinstance(values, list):
                    raise TypeError(f"{stat_type} is {type(values).__name__}")
                stamps = (first + i * served for i in range(len(values)))
                points[name] = [
                    (t, bandwidth(v)) for t, v in zip(stamps, values, strict=True) if t < now
                ]
        except (KeyError, TypeError, ValueError, OverflowError) as error:
            raise malformed_answer(PROVIDER, "ShowDomainStats", "", error) from None
        missing = [name for name in names if name not in result]
        if missing:
            # Left out: no data, or not this account's domain (the API may not say).
            known = self._known_domains()
            unknown = [name for name in missing if name not in known]
            if unknown:
                raise unknown_domains_error(
                    DomainError(PROVIDER, "", account=self.account), unknown
                )
        return served, points

    def _name_unknown(self, names: Sequence[str], error: DomainError) -> DomainError:
        """The API's "no such domain" does not say which of 20: find out and say so."""
        if error.code not in UNKNOWN_DOMAIN_CODES:
            return error
        known = self._known_domains()
        unknown = [name for name in names if name not in known]
        return unknown_domains_error(error, unknown) if unknown else error

    def close(self) -> None:
        self._transport.close()

"""Alibaba Cloud CDN: origin bandwidth (DescribeDomainRealTimeSrcBpsData, DescribeDomainSrcBps
Data), edge bandwidth (DescribeDomainRealTimeBpsData, DescribeDomainBpsData) and domain list."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import requests

from cdnmon.model import (
    DAY,
    EDGE,
    HOUR,
    MINUTE,
    ORIGIN,
    InputError,
    TimeRange,
    check_metric,
    format_utc,
    parse_utc,
)
from cdnmon.providers.base import Credentials, Domain
from cdnmon.providers.errors import (
    AuthError,
    DomainError,
    ProviderError,
    RequestError,
    ServiceError,
    ThrottledError,
)
from cdnmon.providers.http import RetryPolicy, Transport, validate_endpoint
from cdnmon.providers.parsing import (
    bandwidth,
    decode_json,
    error_message,
    malformed_answer,
    reported_interval,
    text,
)

from .signing import EMPTY_BODY_SHA256, sign_v1, sign_v3

PROVIDER = "aliyun"
DEFAULT_ENDPOINT = "https://cdn.aliyuncs.com/"
API_VERSION = "2018-05-10"
SIGNATURES = ("v3", "v1")
CALLS_PER_SECOND = 10
# The provisional tail: 1-minute data arrives about 5 minutes late and is revised.
DATA_DELAY = 5 * MINUTE
# 1-minute points come from the real-time API, whose granularity follows the span asked
# for (so at most an hour a call); coarser ones from DescribeDomainSrcBpsData, which takes
# the interval outright. Longest span per call:
WINDOW_FOR_INTERVAL = {MINUTE: HOUR, 5 * MINUTE: 3 * DAY, HOUR: 31 * DAY, DAY: 366 * DAY}
# How long each granularity is kept (current documentation; 1 day is unverified).
RETENTION = {MINUTE: 7 * DAY, 5 * MINUTE: 93 * DAY, HOUR: 186 * DAY, DAY: 366 * DAY}
REALTIME_ACTION = "DescribeDomainRealTimeSrcBpsData"
HISTORY_ACTION = "DescribeDomainSrcBpsData"
# Edge bandwidth comes the same way, split at the same intervals, from the twin actions.
# The real-time one answers ``Data.BpsModel[] = {TimeStamp, Bps}`` (a number, bit/s) with
# no DataInterval: its granularity follows the span, so a window of at most an hour is
# 1-minute data. The history one answers ``BpsDataPerInterval.DataModule[] = {TimeStamp,
# Value, ...}`` (strings, bit/s), as DescribeDomainSrcBpsData does.
EDGE_REALTIME_ACTION = "DescribeDomainRealTimeBpsData"
EDGE_HISTORY_ACTION = "DescribeDomainBpsData"
# Metric -> (action, rows key) for 1-minute points, then for coarser ones.
ACTIONS = {
    ORIGIN: (
        (REALTIME_ACTION, "RealTimeSrcBpsDataPerInterval"),
        (HISTORY_ACTION, "SrcBpsDataPerInterval"),
    ),
    EDGE: ((EDGE_REALTIME_ACTION, "Data"), (EDGE_HISTORY_ACTION, "BpsDataPerInterval")),
}
DOMAINS_PAGE_SIZE = 500

_RAM_HINT = "grant this RAM user read access to CDN (AliyunCDNReadOnlyAccess)"
# Code -> (error type, what a person should do). Codes not listed fall back on HTTP status.
_ERRORS: dict[str, tuple[type[ProviderError], str]] = {
    "InvalidAccessKeyId.NotFound": (AuthError, "check the AccessKey ID"),
    "InvalidAccessKeyId.Inactive": (AuthError, "the AccessKey is disabled: enable or replace it"),
    "SignatureDoesNotMatch": (AuthError, "check the AccessKey secret"),
    "IncompleteSignature": (AuthError, "check the AccessKey secret"),
    "Forbidden": (AuthError, _RAM_HINT),
    "Forbidden.RAM": (AuthError, _RAM_HINT),
    "OperationDenied": (AuthError, "open or resume the CDN service for this account"),
    "InvalidTimeStamp.Expired": (RequestError, "set this computer's clock right (use NTP)"),
    "IllegalOperation": (DomainError, "check the domain name"),
    "InvalidDomain.NotFound": (DomainError, "check the domain name and that this account owns it"),
    "InvalidDomain.Offline": (DomainError, "the domain is offline: start it in the CDN console"),
    "ServiceBusy": (DomainError, "the domain is being configured: try again in a few minutes"),
    "InvalidDomain.Configure_failed": (DomainError, "fix the domain's configuration"),
    "Throttling": (ThrottledError, "too many calls: cdnmon slows down and retries"),
    "InternalError": (ServiceError, "a fault at Alibaba Cloud: cdnmon retries"),
    "ServiceUnavailable": (ServiceError, "a fault at Alibaba Cloud: cdnmon retries"),
}


def _error_for(status: int, body: Mapping[str, Any]) -> ProviderError:
    code = str(body.get("Code", ""))
    kind, hint = _ERRORS.get(code) or _ERRORS.get(code.split(".")[0]) or (None, "")
    if kind is None:
        if code.startswith("Throttling") or status == 429:
            kind, hint = ThrottledError, "too many calls: cdnmon slows down and retries"
        elif status >= 500:
            kind, hint = ServiceError, "a fault at Alibaba Cloud: cdnmon retries"
        elif status in (401, 403):
            kind = AuthError
        else:
            kind = RequestError
    return kind(
        PROVIDER,
        error_message(body, status),
        code=code,
        http_status=status,
        request_id=_request_id(body),
        hint=hint,
    )


class AliyunClient:
    """One Alibaba Cloud account. Thread-safe; calls are paced by the account's limiter."""

    provider = PROVIDER
    finest_interval = MINUTE
    intervals = tuple(WINDOW_FOR_INTERVAL)

    def __init__(
        self,
        credentials: Credentials,
        account: str = "default",
        endpoint: str = DEFAULT_ENDPOINT,
        signature: str = "v3",
        retry: RetryPolicy | None = None,
        timeout: tuple[float, float] | None = None,
    ) -> None:
        if signature not in SIGNATURES:
            raise InputError(f"unknown signature version {signature!r}: use v3 or v1")
        self.account = account
        self.signature = signature
        self._credentials = credentials
        self._endpoint = validate_endpoint(endpoint)
        self._transport = Transport.for_account(
            PROVIDER, account, credentials.key_id, CALLS_PER_SECOND, retry, timeout
        )

    # ---- calls ----------------------------------------------------------------------

    def _request(self, action: str, params: Mapping[str, str]) -> requests.Request:
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        nonce = uuid.uuid4().hex
        key = self._credentials
        if self.signature == "v1":
            query = {
                **params,
                "Action": action,
                "Format": "JSON",
                "Version": API_VERSION,
                "AccessKeyId": key.key_id,
                "SignatureMethod": "HMAC-SHA1",
                "SignatureVersion": "1.0",
                "SignatureNonce": nonce,
                "Timestamp": now,
            }
            query["Signature"] = sign_v1("GET", query, key.secret)
            return requests.Request("GET", self._endpoint, params=query)
        headers = {
            "host": requests.utils.urlparse(self._endpoint).netloc,
            "x-acs-action": action,
            "x-acs-version": API_VERSION,
            "x-acs-date": now,
            "x-acs-signature-nonce": nonce,
            "x-acs-content-sha256": EMPTY_BODY_SHA256,
        }
        # The path sent is the path signed (validate_endpoint allows only plain ones).
        path = requests.utils.urlparse(self._endpoint).path or "/"
        headers["Authorization"] = sign_v3(
            "GET", path, params, headers, EMPTY_BODY_SHA256, key.key_id, key.secret
        )
        return requests.Request("GET", self._endpoint, params=dict(params), headers=headers)

    def _call(self, action: str, params: Mapping[str, str]) -> dict[str, Any]:
        def interpret(response: requests.Response) -> dict[str, Any]:
            body = decode_json(PROVIDER, response)
            if response.status_code != 200 or ("Code" in body and "RequestId" in body):
                raise _error_for(response.status_code, body)
            return body

        return self._transport.call(lambda: self._request(action, params), interpret, action)

    # ---- domains --------------------------------------------------------------------

    def list_domains(self) -> list[Domain]:
        """Every domain of the account, all pages."""
        domains: list[Domain] = []
        page = 1
        while True:
            body = self._call(
                "DescribeUserDomains",
                {"PageSize": str(DOMAINS_PAGE_SIZE), "PageNumber": str(page)},
            )
            try:
                total = int(body["TotalCount"])
                rows = body["Domains"]["PageData"]
                domains += [
                    Domain(
                        text(r["DomainName"], "DomainName"), status=str(r.get("DomainStatus", ""))
                    )
                    for r in rows
                ]
            except (KeyError, TypeError, ValueError, OverflowError) as error:
                raise malformed_answer(
                    PROVIDER, "DescribeUserDomains", _request_id(body), error
                ) from None
            if page * DOMAINS_PAGE_SIZE >= total or not rows:
                return domains
            page += 1

    # ---- origin bandwidth -----------------------------------------------------------

    def windows(self, time_range: TimeRange, interval: int | None = None) -> list[TimeRange]:
        """The calls a range needs: the provider picks granularity from the span."""
        return list(time_range.windows(WINDOW_FOR_INTERVAL[self._interval(interval)]))

    def fetch_window(
        self, domain: str, window: TimeRange, interval: int | None = None, *, metric: str = ORIGIN
    ) -> tuple[int, list[tuple[int, float]]]:
        """One call: the reported interval and the points, both window ends included."""
        realtime, history = ACTIONS[check_metric(metric)]
        interval = self._interval(interval)
        params = {
            "DomainName": domain,
            "StartTime": format_utc(window.start),
            "EndTime": format_utc(window.end),
        }
        if interval == MINUTE:
            action, rows_key = realtime
        else:
            action, rows_key = history
            params["Interval"] = str(interval)
        body = self._call(action, params)
        try:
            if action == EDGE_REALTIME_ACTION:
                # No DataInterval: windows of at most an hour come at 1 minute.
                reported = interval
                points = [_edge_point(row) for row in body[rows_key]["BpsModel"]]
            else:
                reported = reported_interval(body["DataInterval"])
                points = [_point(row) for row in body[rows_key]["DataModule"]]
        except (KeyError, TypeError, ValueError) as error:
            raise malformed_answer(PROVIDER, action, _request_id(body), error) from None
        return reported, [p for p in points if p is not None]

    def _interval(self, interval: int | None) -> int:
        if interval is None:
            return self.finest_interval
        if interval not in WINDOW_FOR_INTERVAL:
            offered = ", ".join(str(i) for i in WINDOW_FOR_INTERVAL)
            raise InputError(f"Alibaba Cloud offers origin bandwidth every {offered} seconds")
        return interval

    def close(self) -> None:
        self._transport.close()


def _point(row: Mapping[str, Any]) -> tuple[int, float] | None:
    """A DataModule entry; an empty Value is a missing point, not zero."""
    value = row["Value"]
    if value in ("", None):
        return None
    return parse_utc(row["TimeStamp"]), bandwidth(value)


def _edge_point(row: Mapping[str, Any]) -> tuple[int, float] | None:
    """A BpsModel entry: ``Bps`` is a number; a missing one is a missing point."""
    value = row["Bps"]
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"Bps {value!r} is not a number")
    return parse_utc(row["TimeStamp"]), bandwidth(value)


def _request_id(body: Mapping[str, Any]) -> str:
    return str(body.get("RequestId", ""))

"""Alibaba Cloud CDN (API version 2018-05-10, RPC style) as the emulator speaks it.

Checks in the order a gateway does: signature format, version, action, key, timestamp,
signature, nonce, rate limit; then injected faults; then the action itself. Error answers
carry the HTTP status and JSON body of the seed's error table (providers.md).
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Callable, Sequence
from typing import Any

from cdnmon.emulator.accounts import OFFLINE, DemoAccount
from cdnmon.emulator.aliyun_signature import AliyunError, NonceCache, SignedCall, missing, read_call
from cdnmon.emulator.faults import FaultInjector, disrupt
from cdnmon.emulator.gateway import (
    ApiReply,
    ApiRequest,
    EmulatorStats,
    new_request_id,
)
from cdnmon.emulator.service import EmulatedService
from cdnmon.emulator.traffic import Traffic
from cdnmon.model import DAY, EDGE, HOUR, MINUTE, ORIGIN, format_utc, parse_utc

PROVIDER = "aliyun"
API_VERSION = "2018-05-10"
HOST_ID = "cdn.aliyuncs.com"
CLOCK_SKEW = 15 * MINUTE  # timestamps further than this from the server clock are refused
MAX_DOMAINS = 100

# DescribeDomainRealTimeSrcBpsData: granularity follows the span; each kept this long.
REALTIME_GRANULARITY = ((HOUR, 60), (3 * DAY, 300), (31 * DAY, 3600))
RETENTION = {60: 7 * DAY, 300: 93 * DAY, 3600: 186 * DAY, 86400: 366 * DAY}
# DescribeDomainSrcBpsData: longest span per Interval (unverified beyond 3600 s).
HISTORY_MAX_SPAN = {300: 3 * DAY, 3600: 31 * DAY, 86400: 366 * DAY}

log = logging.getLogger("cdnmon.emulator")


def _throttled(retry_after: float) -> AliyunError:
    return AliyunError(
        503,
        "Throttling",
        "Request was denied due to request throttling.",
        retry_after_ms=max(1, math.ceil(retry_after * 1000)),
    )


def _value_not_supported() -> AliyunError:
    # The seed's table really gives this (copy-pasted) text for ValueNotSupported.
    return AliyunError(
        400,
        "InvalidStartTime.ValueNotSupported",
        "Specified end time does not math the specified start time.",
    )


def _invalid_parameter(name: str) -> AliyunError:
    return AliyunError(400, "InvalidParameter", f"Specified parameter {name} is not valid.")


def bps_text(value: float) -> str:
    return str(round(value))


class AliyunCdn(EmulatedService):
    """The Alibaba Cloud CDN gateway for a set of accounts."""

    provider = PROVIDER

    def __init__(
        self,
        accounts: Sequence[DemoAccount],
        traffic: Traffic,
        clock: Callable[[], float],
        faults: FaultInjector,
        stats: EmulatorStats,
        rate_limit: float | None = 10.0,
    ) -> None:
        super().__init__(accounts, traffic, clock, faults, stats, rate_limit)
        self.nonces = NonceCache(ttl=CLOCK_SKEW)
        self.actions: dict[str, Callable[[DemoAccount, dict[str, str]], dict[str, Any]]] = {
            "DescribeDomainRealTimeSrcBpsData": self.describe_realtime_src_bps,
            "DescribeDomainSrcBpsData": self.describe_src_bps,
            # Edge bandwidth: the same checks and limits, the twins' answer shapes.
            "DescribeDomainRealTimeBpsData": self.describe_realtime_bps,
            "DescribeDomainBpsData": self.describe_bps,
            "DescribeUserDomains": self.describe_user_domains,
        }

    # ---- gateway ----------------------------------------------------------------------

    def handle(self, request: ApiRequest) -> ApiReply:
        request_id = new_request_id()
        started = time.monotonic()
        call: SignedCall | None = None
        try:
            call = read_call(request)
            reply = self._answer(call, request_id)
        except AliyunError as error:
            reply = self._error_reply(error, request_id)
        if call is None:
            self.stats.record_request(PROVIDER, "", "")
        log.debug(
            "aliyun %s %s key=%s domains=%s -> %s %s (%.1f ms)",
            request.method,
            call.action if call else "?",
            call.key_id if call else "?",
            call.params.get("DomainName", "") if call else "",
            "dropped" if reply.drop else reply.status,
            reply.code,
            (time.monotonic() - started) * 1000,
        )
        return reply

    def _answer(self, call: SignedCall, request_id: str) -> ApiReply:
        self.stats.record_request(PROVIDER, call.action, call.key_id)
        if call.version != API_VERSION:
            raise AliyunError(400, "InvalidVersion", "Specified parameter Version is not valid.")
        action = self.actions.get(call.action)
        if action is None:
            raise AliyunError(
                404,
                "InvalidAction.NotFound",
                "Specified api is not found, please check your url and method.",
            )
        account = self.accounts.get(call.key_id)
        if account is None:
            raise AliyunError(
                404, "InvalidAccessKeyId.NotFound", "Specified access key is not found."
            )
        if call.key_id in self.revoked:
            # Code as Alibaba's tools report it; the status and wording are unverified.
            raise AliyunError(
                400, "InvalidAccessKeyId.Inactive", "Specified access key is disabled."
            )
        self._check_timestamp(call.timestamp)
        call.check_signature(account.secret)
        if not self.nonces.use(call.key_id, call.nonce, self.clock()):
            raise AliyunError(
                400, "SignatureNonceUsed", "Specified signature nonce was used already."
            )
        if not self.limiter.admit(call.key_id):
            self.stats.record_throttled(PROVIDER, call.key_id)
            raise _throttled(self.limiter.retry_after(call.key_id))
        domains = [n for n in call.params.get("DomainName", "").split(",") if n]
        fault = self.faults.draw(PROVIDER, domains)
        if fault is not None:
            self.stats.record_fault(fault.kind)
            if fault.kind == "latency":
                time.sleep(fault.latency_s)
            elif fault.kind == "throttle":
                self.stats.record_throttled(PROVIDER, call.key_id)
                raise _throttled(1.0)
            elif fault.kind == "server_error":
                raise self._server_error()
        try:
            payload = action(account, call.params)
            reply = ApiReply.json(
                {"RequestId": request_id, **payload}, headers=(("x-acs-request-id", request_id),)
            )
        except AliyunError as error:
            reply = self._error_reply(error, request_id)
        return disrupt(fault.kind, reply) if fault else reply

    def _server_error(self) -> AliyunError:
        if self.faults.coin():
            return AliyunError(
                500,
                "InternalError",
                "The request processing has failed due to some unknown error, exception or "
                "failure.",
            )
        return AliyunError(
            503,
            "ServiceUnavailable",
            "The request has failed due to a temporary failure of the server.",
        )

    def _check_timestamp(self, text: str) -> None:
        try:
            stamp = parse_utc(text)
        except ValueError:
            # Code and wording not confirmed from a primary source (unverified).
            raise AliyunError(
                400,
                "InvalidTimeStamp.Format",
                "Specified time stamp or date value is not well formatted.",
            ) from None
        if abs(stamp - self.clock()) > CLOCK_SKEW:
            raise AliyunError(
                400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired."
            )

    @staticmethod
    def _error_reply(error: AliyunError, request_id: str) -> ApiReply:
        body = {
            "RequestId": request_id,
            "HostId": HOST_ID,
            "Code": error.code,
            "Message": error.message,
            "Recommend": (
                f"https://api.aliyun.com/troubleshoot?q={error.code}&product=Cdn"
                f"&requestId={request_id}"
            ),
        }
        headers = [("x-acs-request-id", request_id)]
        if error.retry_after_ms is not None:
            # tea-openapi turns this header into ThrottlingException.retry_after (ms); that the
            # gateway sends it is inferred from the SDK (unverified).
            headers.append(("x-acs-retry-after", str(error.retry_after_ms)))
        return ApiReply.json(body, status=error.status, code=error.code, headers=tuple(headers))

    # ---- shared parameter handling -----------------------------------------------------

    def _domains(self, account: DemoAccount, params: dict[str, str], required: bool) -> list[str]:
        names = [n.strip() for n in params.get("DomainName", "").split(",") if n.strip()]
        if not names:
            if required:
                raise missing("DomainName")
            return [d.name for d in account.domains if d.status != OFFLINE]
        if len(names) > MAX_DOMAINS:
            raise _invalid_parameter("DomainName")  # at most 100 names (code unverified)
        for name in names:
            domain = account.domain(name)
            if domain is None:
                raise AliyunError(
                    404, "InvalidDomain.NotFound", "The domain provided does not belong to you."
                )
            if domain.status == OFFLINE:
                raise AliyunError(404, "InvalidDomain.Offline", "The domain provided is offline.")
        return names

    @staticmethod
    def _time_window(
        params: dict[str, str], default_end: int, default_span: int
    ) -> tuple[int, int]:
        start_text, end_text = params.get("StartTime"), params.get("EndTime")
        if not start_text and not end_text:
            return default_end - default_span, default_end
        if not start_text or not end_text:
            raise AliyunError(400, "MissingParameter", "StartTime and EndTime can not be single.")
        try:
            start = parse_utc(start_text)
        except ValueError:
            raise AliyunError(
                400, "InvalidStartTime.Malformed", "Specified start time is malformed."
            ) from None
        try:
            end = parse_utc(end_text)
        except ValueError:
            raise AliyunError(
                400, "InvalidEndTime.Malformed", "Specified end time is malformed."
            ) from None
        if end <= start:  # "the end time must be later than the start time"
            raise AliyunError(
                400,
                "InvalidEndTime.Mismatch",
                "Specified end time does not math the specified start time.",
            )
        return start, end

    @staticmethod
    def _int_param(params: dict[str, str], name: str, default: int, low: int, high: int) -> int:
        text = params.get(name, "")
        if not text:
            return default
        try:
            value = int(text)
        except ValueError:
            raise _invalid_parameter(name) from None
        if not low <= value <= high:
            raise _invalid_parameter(name)
        return value

    # ---- actions -----------------------------------------------------------------------

    def _realtime_points(
        self, account: DemoAccount, params: dict[str, str], metric: str
    ) -> tuple[int, int, int, list[tuple[int, float]]]:
        """The real-time actions' range, granularity (from the span) and points."""
        names = self._domains(account, params, required=True)
        now = self.clock()
        start, end = self._time_window(params, int(now) // MINUTE * MINUTE, HOUR)
        interval = next((i for span, i in REALTIME_GRANULARITY if end - start <= span), None)
        if interval is None or start < now - RETENTION[interval]:
            raise _value_not_supported()
        points = self.traffic.points(names, start, end, interval, now, metric=metric)
        return start, end, interval, points

    def describe_realtime_bps(self, account: DemoAccount, params: dict[str, str]) -> dict:
        """Edge bandwidth: ``Data.BpsModel[] = {TimeStamp, Bps}``, Bps a number, and no
        DataInterval."""
        *_, points = self._realtime_points(account, params, EDGE)
        return {"Data": {"BpsModel": [{"TimeStamp": format_utc(t), "Bps": v} for t, v in points]}}

    def describe_realtime_src_bps(self, account: DemoAccount, params: dict[str, str]) -> dict:
        start, end, interval, points = self._realtime_points(account, params, ORIGIN)
        return {
            "DomainName": params["DomainName"],
            "DataInterval": str(interval),
            "StartTime": format_utc(start),
            "EndTime": format_utc(end),
            "RealTimeSrcBpsDataPerInterval": {
                "DataModule": [
                    {"TimeStamp": format_utc(t), "Value": bps_text(v)} for t, v in points
                ]
            },
        }

    def describe_src_bps(self, account: DemoAccount, params: dict[str, str]) -> dict:
        return self._history_bps(account, params, ORIGIN, "SrcBpsDataPerInterval")

    def describe_bps(self, account: DemoAccount, params: dict[str, str]) -> dict:
        """Edge bandwidth at 5 minutes or coarser; the answer's rows also split the value by
        area (all of the demo's is in the mainland)."""
        return self._history_bps(account, params, EDGE, "BpsDataPerInterval")

    def _history_bps(
        self, account: DemoAccount, params: dict[str, str], metric: str, rows_key: str
    ) -> dict:
        names = self._domains(account, params, required=False)
        now = self.clock()
        start, end = self._time_window(params, int(now) // 300 * 300, DAY)
        if params.get("Interval"):
            interval = self._int_param(params, "Interval", 300, 300, 86400)
            if interval not in HISTORY_MAX_SPAN:
                raise _invalid_parameter("Interval")
        else:
            interval = next((i for i, span in HISTORY_MAX_SPAN.items() if end - start <= span), 0)
        if (
            not interval
            or end - start > HISTORY_MAX_SPAN[interval]
            or start < now - RETENTION[interval]
        ):
            raise _value_not_supported()
        totals: dict[int, list[float]] = {}
        for name in names:
            share = self.traffic.https_share(name)
            for t, v in self.traffic.points([name], start, end, interval, now, metric=metric):
                total = totals.setdefault(t, [0.0, 0.0])
                total[0] += v
                total[1] += v * share
        return {
            "DomainName": params.get("DomainName", ""),
            "DataInterval": str(interval),
            "StartTime": format_utc(start),
            "EndTime": format_utc(end),
            rows_key: {
                "DataModule": [
                    _history_row(metric, format_utc(t), bps_text(v), bps_text(h))
                    for t, (v, h) in sorted(totals.items())
                ]
            },
        }

    def describe_user_domains(self, account: DemoAccount, params: dict[str, str]) -> dict:
        page_size = self._int_param(params, "PageSize", 20, 1, 500)
        page_number = self._int_param(params, "PageNumber", 1, 1, 100_000)
        wanted_status = params.get("DomainStatus", "")
        search = params.get("DomainName", "")
        domains = [
            d
            for d in account.domains
            if (not wanted_status or d.status == wanted_status) and search in d.name
        ]
        page = domains[(page_number - 1) * page_size : page_number * page_size]
        return {
            "PageNumber": page_number,
            "PageSize": page_size,
            "TotalCount": len(domains),
            "Domains": {"PageData": [_page_data(d.name, d.status) for d in page]},
        }


def _history_row(metric: str, stamp: str, value: str, https: str) -> dict[str, str]:
    row = {"TimeStamp": stamp, "Value": value, "HttpsValue": https}
    if metric == EDGE:  # DescribeDomainBpsData's split by area
        row |= {
            "DomesticValue": value,
            "OverseasValue": "0",
            "HttpsDomesticValue": https,
            "HttpsOverseasValue": "0",
        }
    return row


def _page_data(name: str, status: str) -> dict[str, Any]:
    digest = hashlib.blake2b(name.encode(), digest_size=4).digest()
    created = format_utc(1672531200 + int.from_bytes(digest, "little") % (600 * DAY))
    zone = name.partition(".")[2]
    return {
        "DomainName": name,
        "DomainStatus": status,
        "Cname": f"{name}.w.kunlunsl.com",
        "CdnType": "web",
        "Coverage": "domestic",
        "Description": "",
        "GmtCreated": created,
        "GmtModified": created,
        "ResourceGroupId": "rg-acfmdemo0000000",
        "Sandbox": "normal",
        "SslProtocol": "on" if digest[0] % 2 else "off",
        "Sources": {
            "Source": [
                {
                    "Content": f"origin.{zone}",
                    "Type": "domain",
                    "Port": 80,
                    "Priority": "20",
                    "Weight": "10",
                }
            ]
        },
    }

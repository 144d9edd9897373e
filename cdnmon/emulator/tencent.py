"""Tencent Cloud API 3.0 as the emulator speaks it, and Tencent Cloud CDN's actions.

Every answer is HTTP 200 and exactly ``application/json`` (the official SDK reads an
error only under that content type): ``{"Response": {..., "RequestId"}}``, with
``Response.Error = {"Code", "Message"}`` on failure. Checks run in a gateway's order:
authorization header, version, action, key, timestamp (5 minutes either way), TC3
signature (verified with the project's signer), rate limit; then injected faults; then the
action. Codes follow the API 3.0 common error table and the CDN SDK's errorcodes.py; the
wording of messages the documentation does not print is the emulator's own (unverified).
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, ClassVar

from cdnmon.emulator.accounts import OFFLINE, DemoAccount
from cdnmon.emulator.faults import FaultInjector, disrupt
from cdnmon.emulator.gateway import ApiReply, ApiRequest, EmulatorStats
from cdnmon.emulator.service import EmulatedService
from cdnmon.emulator.traffic import Traffic
from cdnmon.model import DAY, EDGE, HOUR, MINUTE, ORIGIN
from cdnmon.providers.tencent.signing import ALGORITHM, credential_date, signature

PROVIDER = "tencent"
JSON_ONLY = "application/json"
CLOCK_SKEW = 5 * MINUTE
APP_ID = 1250000000  # the demo accounts' Tencent Cloud AppId
INTERVALS = {"min": MINUTE, "5min": 5 * MINUTE, "hour": HOUR, "day": DAY}
MAX_SPAN = 90 * DAY
# "min" up to 24 h (mainland only), "5min" and "hour" up to 31 days, "day" beyond.
INTERVAL_MAX_SPAN = {MINUTE: DAY, 5 * MINUTE: 31 * DAY, HOUR: 31 * DAY, DAY: MAX_SPAN}
MAX_DOMAINS = 30
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
_ZONE = re.compile(r"^UTC([+-])(\d{2}):(\d{2})$")
_AUTHORIZATION = re.compile(
    rf"^{ALGORITHM} Credential=([^/\s]+)/(\d{{4}}-\d{{2}}-\d{{2}})/([a-z0-9]+)/tc3_request, "
    r"SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$"
)

log = logging.getLogger("cdnmon.emulator")


class TencentError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


def invalid(name: str, detail: str = "") -> TencentError:
    return TencentError("InvalidParameter", f"The value of parameter `{name}` is invalid. {detail}")


def missing(name: str) -> TencentError:
    return TencentError(
        "MissingParameter", f"The request is missing a required parameter `{name}`."
    )


def throttled(limit: float | None) -> TencentError:
    return TencentError(
        "RequestLimitExceeded",
        f"Your current request times exceeds the frequency limit `{limit or 20:g}` for a "
        "second. Please reduce the frequency of calls.",
    )


def int_param(params: dict[str, Any], name: str, default: int, low: int, high: int) -> int:
    value = params.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise invalid(name, f"It must be an integer from {low} to {high}.")
    return value


def string_list(params: dict[str, Any], name: str) -> list[str]:
    value = params.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise invalid(name, "It must be an array of strings.")
    return value


class Api3Gateway(EmulatedService):
    """The API 3.0 front door of one service for the accounts of one provider."""

    service: ClassVar[str]
    version: ClassVar[str]

    def __init__(
        self,
        accounts: Sequence[DemoAccount],
        traffic: Traffic,
        clock: Callable[[], float],
        faults: FaultInjector,
        stats: EmulatorStats,
        rate_limit: float | None = 20.0,
    ) -> None:
        super().__init__(accounts, traffic, clock, faults, stats, rate_limit)

    def actions(self) -> dict[str, Callable[[DemoAccount, dict[str, Any]], dict[str, Any]]]:
        raise NotImplementedError

    def fault_names(self, params: dict[str, Any]) -> list[str]:
        """The domain names (or ids) a request names, for faults aimed at domains."""
        return string_list(params, "Domains") if isinstance(params.get("Domains"), list) else []

    # ---- gateway ----------------------------------------------------------------------

    def handle(self, request: ApiRequest) -> ApiReply:
        started = time.monotonic()
        request_id = str(uuid.uuid4())
        action, key_id = request.headers.get("x-tc-action", ""), ""
        try:
            key_id = self._authenticate(request)
            reply = self._answer(request, action, key_id, request_id)
        except TencentError as error:
            reply = self.error_reply(error, request_id)
        self.stats.record_request(self.provider, action, key_id)
        log.debug(
            "%s %s key=%s -> %s %s (%.1f ms)",
            self.provider,
            action or "?",
            key_id or "?",
            "dropped" if reply.drop else reply.status,
            reply.code,
            (time.monotonic() - started) * 1000,
        )
        return reply

    def _authenticate(self, request: ApiRequest) -> str:
        """The key id of a correctly signed, timely request to a known action."""
        found = _AUTHORIZATION.match(request.headers.get("authorization", "").strip())
        if found is None:
            raise TencentError(
                "AuthFailure.InvalidAuthorization",
                "Authorization header is not a valid TC3-HMAC-SHA256 authorization.",
            )
        key_id, date, service, signed_names, sent = found.groups()
        for header in ("x-tc-action", "x-tc-version", "x-tc-timestamp"):
            if not request.headers.get(header):
                raise missing(header.removeprefix("x-tc-").capitalize())
        if request.headers["x-tc-version"] != self.version:
            raise TencentError("NoSuchVersion", "The API version does not exist.")
        if request.headers["x-tc-action"] not in self.actions():
            raise TencentError("InvalidAction", "The API does not exist.")
        if key_id not in self.accounts or key_id in self.revoked:
            raise TencentError(
                "AuthFailure.SecretIdNotFound",
                "The SecretId is not found, please ensure that your SecretId is correct.",
            )
        try:
            timestamp = int(request.headers["x-tc-timestamp"])
        except ValueError:
            raise invalid("Timestamp") from None
        if abs(timestamp - self.clock()) > CLOCK_SKEW:
            raise TencentError(
                "AuthFailure.SignatureExpire",
                "Signature expired. Timestamp and server time cannot differ by more than five "
                "minutes. Please ensure your current local time matches the standard time.",
            )
        names = signed_names.split(";")
        if "content-type" not in names or "host" not in names:
            raise TencentError(
                "AuthFailure.InvalidAuthorization", "SignedHeaders must include content-type;host."
            )
        headers = {name: request.headers.get(name, "") for name in names}
        expected, _ = signature(
            self.accounts[key_id].secret,
            timestamp,
            self.service,
            request.method,
            "",
            headers,
            request.body,
        )
        wrong_scope = (date, service) != (credential_date(timestamp), self.service)
        if wrong_scope or not hmac.compare_digest(expected, sent):
            raise TencentError(
                "AuthFailure.SignatureFailure",
                "The provided credentials could not be validated. "
                "Please check your signature is correct.",
            )
        return key_id

    def _answer(self, request: ApiRequest, action: str, key_id: str, request_id: str) -> ApiReply:
        if request.method != "POST" or request.content_type != "application/json":
            raise TencentError(
                "InvalidParameter", "This emulator takes POST requests with a JSON body only."
            )
        if not self.limiter.admit(key_id):
            self.stats.record_throttled(self.provider, key_id)
            raise throttled(self.limiter.limit)
        try:
            params = json.loads(request.body or b"{}")
        except ValueError:
            raise TencentError("InvalidParameter", "The request body is not valid JSON.") from None
        if not isinstance(params, dict):
            raise TencentError("InvalidParameter", "The request body is not a JSON object.")
        account = self.accounts[key_id]
        fault = self.faults.draw(self.provider, self.fault_names(params))
        if fault is not None:
            self.stats.record_fault(fault.kind)
            if fault.kind == "latency":
                time.sleep(fault.latency_s)
            elif fault.kind == "throttle":
                self.stats.record_throttled(self.provider, key_id)
                raise throttled(self.limiter.limit)
            elif fault.kind == "server_error":
                raise TencentError(
                    "InternalError", "An internal error has occurred. Retry your request."
                )
        try:
            payload = self.actions()[action](account, params)
            reply = self.json_reply({**payload, "RequestId": request_id})
        except TencentError as error:
            reply = self.error_reply(error, request_id)
        return disrupt(fault.kind, reply) if fault else reply

    @staticmethod
    def json_reply(response: dict[str, Any], code: str = "") -> ApiReply:
        return replace(ApiReply.json({"Response": response}, code=code), content_type=JSON_ONLY)

    @classmethod
    def error_reply(cls, error: TencentError, request_id: str) -> ApiReply:
        body = {"Error": {"Code": error.code, "Message": error.message}, "RequestId": request_id}
        return cls.json_reply(body, code=error.code)


def query_zone(params: dict[str, Any]) -> timezone:
    """The TimeZone parameter (``UTC+08:00`` when absent) as a fixed offset."""
    text = params.get("TimeZone", "UTC+08:00")
    found = _ZONE.match(text) if isinstance(text, str) else None
    if found is None or int(found[2]) > 14 or int(found[3]) >= 60:
        raise invalid("TimeZone", "Use the form UTC+08:00.")
    offset = timedelta(hours=int(found[2]), minutes=int(found[3]))
    return timezone(-offset if found[1] == "-" else offset)


def query_time(params: dict[str, Any], name: str, zone: timezone) -> int:
    text = params.get(name)
    if text is None:
        raise missing(name)
    try:
        return int(datetime.strptime(str(text), TIME_FORMAT).replace(tzinfo=zone).timestamp())
    except ValueError:
        raise TencentError(
            "InvalidParameter.CdnStatInvalidDate", f"Invalid date: `{name}` is {text!r}."
        ) from None


class TencentCdn(Api3Gateway):
    """Tencent Cloud CDN (service cdn, version 2018-06-06): domains, origin data and the
    edge's (DescribeCdnData: the same parameters and checks, ``CdnData`` for
    ``OriginData``)."""

    provider = PROVIDER
    service = "cdn"
    version = "2018-06-06"

    def actions(self) -> dict[str, Callable[[DemoAccount, dict[str, Any]], dict[str, Any]]]:
        return {
            "DescribeDomains": self.describe_domains,
            "DescribeOriginData": self.describe_origin_data,
            "DescribeCdnData": self.describe_cdn_data,
        }

    def describe_domains(self, account: DemoAccount, params: dict[str, Any]) -> dict[str, Any]:
        offset = int_param(params, "Offset", 0, 0, 1 << 31)
        limit = int_param(params, "Limit", 100, 1, 1000)
        page = account.domains[offset : offset + limit]
        return {
            "Domains": [_brief_domain(d.name, d.status, d.domain_id, account.area) for d in page],
            "TotalNumber": len(account.domains),
        }

    def describe_origin_data(self, account: DemoAccount, params: dict[str, Any]) -> dict[str, Any]:
        return self._describe_data(account, params, ORIGIN, "OriginData")

    def describe_cdn_data(self, account: DemoAccount, params: dict[str, Any]) -> dict[str, Any]:
        return self._describe_data(account, params, EDGE, "CdnData")

    def _describe_data(
        self, account: DemoAccount, params: dict[str, Any], measured: str, series_key: str
    ) -> dict[str, Any]:
        zone = query_zone(params)
        start, end = query_time(params, "StartTime", zone), query_time(params, "EndTime", zone)
        if end < start or end - start > MAX_SPAN:
            raise TencentError(
                "InvalidParameter.CdnStatInvalidDate",
                "Invalid date: EndTime must not be before StartTime nor 90 days after it.",
            )
        metric = params.get("Metric")
        if metric is None:
            raise missing("Metric")
        if metric not in ("bandwidth", "flux"):  # the emulator keeps only these two
            raise TencentError("InvalidParameter.CdnStatInvalidMetric", "Invalid metric.")
        names = string_list(params, "Domains")
        if len(names) > MAX_DOMAINS:
            raise TencentError(
                "InvalidParameter.CdnStatTooManyDomains",
                f"Too many domains: at most {MAX_DOMAINS} a query.",
            )
        domains = [account.domain(name) for name in names]
        if any(d is None or d.name != n for d, n in zip(domains, names, strict=True)):
            raise TencentError(
                "ResourceNotFound.CdnHostNotExists",
                "Domain name does not exist. Please check whether the domain name is correct.",
            )
        area = params.get("Area", "mainland")
        if area not in ("mainland", "overseas"):
            raise invalid("Area")
        interval = self._interval(params, end - start, area)
        detail = params.get("Detail", False)
        if not isinstance(detail, bool):
            raise invalid("Detail")
        if names and detail:
            groups = {name: [name] for name in names}
        else:
            every = names or [d.name for d in account.domains]
            resource = names[0] if len(names) == 1 else ("multiDomains" if names else "all")
            groups = {resource: every}
        first = floor_to_interval(start, interval, zone)
        now = self.clock()
        labels: dict[int, str] = {}  # every domain has the same times

        def label(t: int) -> str:
            if t not in labels:
                labels[t] = datetime.fromtimestamp(t, zone).strftime(TIME_FORMAT)
            return labels[t]

        data = []
        for resource, members in groups.items():
            if area != account.area:
                points: list[tuple[int, float]] = []  # the domains serve in the other area
            else:
                points = served_points(
                    self.traffic, account, members, first, end, interval, now, measured
                )
            if metric == "flux":
                points = [(t, v * interval / 8) for t, v in points]
            detail_data = [{"Time": label(t), "Value": v} for t, v in points]
            summary = max((v for _, v in points), default=0.0)
            if metric == "flux":
                summary = sum(v for _, v in points)
            data.append(
                {
                    "Resource": resource,
                    series_key: [
                        {
                            "Metric": metric,
                            "DetailData": detail_data,
                            "SummarizedData": {
                                "Name": "sum" if metric == "flux" else "max",
                                "Value": summary,
                            },
                        }
                    ],
                }
            )
        return {"Interval": next(k for k, v in INTERVALS.items() if v == interval), "Data": data}

    @staticmethod
    def _interval(params: dict[str, Any], span: int, area: str) -> int:
        name = params.get("Interval")
        if name is None:
            # Unverified default: the finest granularity the span allows.
            allowed = [i for i, most in INTERVAL_MAX_SPAN.items() if span <= most]
            return next(i for i in allowed if i != MINUTE or area == "mainland")
        interval = INTERVALS.get(name) if isinstance(name, str) else None
        if interval is None or span > INTERVAL_MAX_SPAN[interval]:
            raise TencentError("InvalidParameter.CdnInvalidParamInterval", "Invalid Interval.")
        if interval == MINUTE and area == "overseas":
            raise TencentError(
                "InvalidParameter.CdnInvalidParamInterval", "No 1-minute data outside mainland."
            )
        return interval


def served_points(
    traffic: Traffic,
    account: DemoAccount,
    names: Sequence[str],
    first: int,
    last: int,
    interval: int,
    now: float,
    metric: str = ORIGIN,
) -> list[tuple[int, float]]:
    """Whole-bps points of ``metric`` from ``first`` (bucket-aligned) to ``last``, both
    included, summed over ``names``. A stopped (offline) domain serves nothing: zero, not
    "no data"."""
    online = [n for n in names if (d := account.domain(n)) is not None and d.status != OFFLINE]
    offline = [n for n in names if n not in online]
    if first % interval:
        # Day buckets of a zone east or west of UTC: add up the 1-minute means.
        minutes = traffic.points(online, first, last + interval - 1, MINUTE, now, offline, metric)
        buckets: dict[int, list[float]] = {}
        for t, v in minutes:
            buckets.setdefault(first + (t - first) // interval * interval, []).append(v)
        return [(t, float(round(sum(v) / len(v)))) for t, v in sorted(buckets.items()) if t <= last]
    return [
        (t, float(round(v)))
        for t, v in traffic.points(online, first, last, interval, now, offline, metric)
    ]


def floor_to_interval(timestamp: int, interval: int, zone: timezone) -> int:
    """Rounded down to the interval in ``zone`` (buckets start on the zone's wall clock)."""
    offset = int(zone.utcoffset(None).total_seconds())
    return (timestamp + offset) // interval * interval - offset


def _brief_domain(name: str, status: str, resource_id: str, area: str) -> dict[str, Any]:
    created = datetime.fromtimestamp(1672531200 + sum(name.encode()) * 3600, UTC)
    stamp = created.astimezone(timezone(timedelta(hours=8))).strftime(TIME_FORMAT)
    zone = name.partition(".")[2]
    return {
        "ResourceId": resource_id,
        "AppId": APP_ID,
        "Domain": name,
        "Cname": f"{name}.cdn.dnsv1.com",
        "Status": "offline" if status == OFFLINE else "online",
        "ProjectId": 0,
        "ServiceType": "web",
        "CreateTime": stamp,
        "UpdateTime": stamp,
        "Origin": {"Origins": [f"origin.{zone}"], "OriginType": "domain"},
        "Disable": "normal",
        "Area": area,
        "Readonly": "normal",
        "Product": "cdn",
    }

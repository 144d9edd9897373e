"""Volcengine OpenAPI as the emulator speaks it, and Volcengine CDN's two actions.

Requests are ``POST /?Action=...&Version=2021-03-01`` with a JSON body, signed
HMAC-SHA256 (verified with the project's signer). Answers are ``{"ResponseMetadata":
{RequestId, Action, Version, Service, Region}, "Result": {...}}``; a failure carries
``ResponseMetadata.Error`` instead of a Result. Checks run in a gateway's order:
authorization header, Action and Version, service, action, key, X-Date (15 minutes either
way, X-Expires' default), signature, rate limit; then injected faults; then the action.

Gateway errors have the documented Code, CodeN, HTTP status and message (公共错误码);
FlowLimitExceeded's CodeN 100018 and status 429 come from clients in the field, its
message is the emulator's own. CDN's own errors (NotFound.Domain with its documented
message, InvalidParameter.<name> in the emulator's words) are answered with HTTP 200: the
CDN documentation says a 2xx may carry an Error; which status the service uses is
unverified.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import unquote

from cdnmon.emulator.accounts import OFFLINE, DemoAccount
from cdnmon.emulator.faults import disrupt
from cdnmon.emulator.gateway import ApiReply, ApiRequest
from cdnmon.emulator.service import EmulatedService
from cdnmon.emulator.traffic import Traffic
from cdnmon.model import DAY, EDGE, HOUR, MINUTE, ORIGIN
from cdnmon.providers.volcengine.signing import parse_x_date, signature

PROVIDER = "volcengine"
SERVICE = "CDN"
REGION = "cn-north-1"
VERSION = "2021-03-01"
CLOCK_SKEW = 15 * MINUTE
MAX_SPAN = 31 * DAY
KEPT = 92 * DAY
MAX_DOMAINS = 50
INTERVALS = {"1min": MINUTE, "5min": 5 * MINUTE, "hour": HOUR, "day": DAY}
# The intervals a span allows: up to a day 1min, 5min and hour; up to 3 days 5min, hour
# and day; up to 31 days hour and day.
SPAN_INTERVALS = (
    (DAY, (MINUTE, 5 * MINUTE, HOUR)),
    (3 * DAY, (5 * MINUTE, HOUR, DAY)),
    (MAX_SPAN, (HOUR, DAY)),
)
# Unverified: day buckets start at Beijing midnight, as the Chinese console shows them.
DAY_OFFSET = 8 * HOUR
_AUTHORIZATION = re.compile(
    r"^HMAC-SHA256 Credential=([^/\s]+)/(\d{8})/([^/\s]+)/([^/\s]+)/request, "
    r"SignedHeaders=([a-z0-9;_-]+), Signature=([0-9a-f]{64})$"
)

log = logging.getLogger("cdnmon.emulator")


class VolcengineError(Exception):
    """An error answer: ``code_n`` and a 4xx/5xx status for the gateway's, 200 for CDN's."""

    def __init__(self, code: str, message: str, status: int = 200, code_n: int = 0) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.code_n = code_n


def invalid(name: str, detail: str) -> VolcengineError:
    return VolcengineError(f"InvalidParameter.{name}", f"Invalid parameter {name}: {detail}")


def throttled() -> VolcengineError:
    return VolcengineError(
        "FlowLimitExceeded", "Too many requests: at most 20 calls a second.", 429, 100018
    )


def internal_error() -> VolcengineError:
    return VolcengineError(
        "InternalError", "Service has some internal Error. Pls Contact With Admin.", 500, 100014
    )


def _request_id() -> str:
    """Shaped like Volcengine's: the time, then 20 upper-case hex digits."""
    return time.strftime("%Y%m%d%H%M%S", time.gmtime()) + uuid.uuid4().hex[:20].upper()


def _whole(params: dict[str, Any], name: str, default: int | None = None) -> int:
    value = params.get(name, default)
    if value is None:
        raise invalid(name, "it is required.")
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(name, "it must be an integer.")
    return value


class VolcengineCdn(EmulatedService):
    """Volcengine CDN (service CDN, version 2021-03-01): ListCdnDomains, DescribeOriginData
    and its edge twin DescribeDistrictData (the same parameters, checks and answer)."""

    provider = PROVIDER

    @staticmethod
    def claims(request: ApiRequest) -> bool:
        """Whether a request is signed Volcengine's way: an ``HMAC-SHA256`` authorization
        or an ``X-Date`` header (Huawei's is ``X-Sdk-Date``, Alibaba's ``x-acs-date``)."""
        authorization = request.headers.get("authorization", "")
        return authorization.startswith("HMAC-SHA256 ") or "x-date" in request.headers

    def actions(self) -> dict[str, Callable[[DemoAccount, dict[str, Any]], dict[str, Any]]]:
        return {
            "ListCdnDomains": self.list_cdn_domains,
            "DescribeOriginData": self.describe_origin_data,
            "DescribeDistrictData": self.describe_district_data,
        }

    # ---- gateway ----------------------------------------------------------------------

    def handle(self, request: ApiRequest) -> ApiReply:
        started = time.monotonic()
        request_id = _request_id()
        action, key_id = request.query.get("Action", ""), ""
        try:
            key_id = self._authenticate(request)
            reply = self._answer(request, action, key_id, request_id)
        except VolcengineError as error:
            reply = self.error_reply(error, action, request_id)
        self.stats.record_request(PROVIDER, action, key_id)
        log.debug(
            "%s %s key=%s -> %s %s (%.1f ms)",
            PROVIDER,
            action or "?",
            key_id or "?",
            "dropped" if reply.drop else reply.status,
            reply.code,
            (time.monotonic() - started) * 1000,
        )
        return reply

    def _authenticate(self, request: ApiRequest) -> str:
        """The key id of a correctly signed, timely request to a known action."""
        header = request.headers.get("authorization", "").strip()
        if not header:
            raise VolcengineError(
                "MissingAuthenticationToken", "Request is missing Authentication Token", 401, 100003
            )
        found = _AUTHORIZATION.match(header)
        if found is None:
            raise VolcengineError(
                "InvalidAuthorization",
                "Invalid 'Authorization' header, Pls check authorization header.",
                400,
            )
        key_id, date, region, service, signed_names, sent = found.groups()
        action, version = request.query.get("Action"), request.query.get("Version")
        for name, value in (("Action", action), ("Version", version)):
            if not value:
                raise VolcengineError(
                    "MissingParameter", f"The request is missing {name} parameter.", 400, 100002
                )
        if service != SERVICE:
            raise VolcengineError(
                "ServiceNotFound", f"This service[{service}] not found.", 404, 100007
            )
        if version != VERSION or action not in self.actions():
            raise VolcengineError(
                "InvalidActionOrVersion",
                f"Could not find operation {action} for version {version}.",
                404,
                100008,
            )
        if key_id not in self.accounts or key_id in self.revoked:
            raise VolcengineError(
                "InvalidAccessKey",
                f"The accesskey [{key_id}] included in the request is invalid.",
                401,
                100009,
            )
        x_date = request.headers.get("x-date", "")
        if not x_date:
            raise VolcengineError(
                "MissingRequestInfo", "The request is missing X-Date information.", 400, 100004
            )
        try:
            stamp = parse_x_date(x_date)
        except ValueError:
            stamp = None
        if stamp is None or abs(stamp - self.clock()) > CLOCK_SKEW:
            raise VolcengineError(
                "InvalidTimestamp", "The Signature of the request is expired.", 400, 100006
            )
        names = signed_names.split(";")
        expected, _ = signature(
            self.accounts[key_id].secret,
            x_date,
            region,
            service,
            request.method,
            unquote(request.path),
            request.query,
            {name: request.headers.get(name, "") for name in names},
            hashlib.sha256(request.body).hexdigest(),
        )
        # Host and X-Date must be signed when sent: a proxy may not move the request.
        unsigned = {"host", "x-date"} - set(names)
        if unsigned or date != x_date[:8] or not hmac.compare_digest(expected, sent):
            raise VolcengineError(
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you "
                "provided. Check your Secret Access Key and signing method. Consult the "
                "service documentation for details.",
                401,
                100010,
            )
        return key_id

    def _answer(self, request: ApiRequest, action: str, key_id: str, request_id: str) -> ApiReply:
        if not self.limiter.admit(key_id):
            self.stats.record_throttled(PROVIDER, key_id)
            raise throttled()
        if request.method != "POST" or request.content_type != "application/json":
            raise invalid("Body", "this emulator takes POST requests with a JSON body only.")
        try:
            params = json.loads(request.body or b"{}")
        except ValueError:
            raise invalid("Body", "the request body is not valid JSON.") from None
        if not isinstance(params, dict):
            raise invalid("Body", "the request body is not a JSON object.")
        domains = params.get("Domain")
        names = domains.split(",") if isinstance(domains, str) else []
        fault = self.faults.draw(PROVIDER, names)
        if fault is not None:
            self.stats.record_fault(fault.kind)
            if fault.kind == "latency":
                time.sleep(fault.latency_s)
            elif fault.kind == "throttle":
                self.stats.record_throttled(PROVIDER, key_id)
                raise throttled()
            elif fault.kind == "server_error":
                raise internal_error()
        try:
            result = self.actions()[action](self.accounts[key_id], params)
            reply = self.reply(action, request_id, {"Result": result})
        except VolcengineError as error:
            reply = self.error_reply(error, action, request_id)
        return disrupt(fault.kind, reply) if fault else reply

    @staticmethod
    def reply(action: str, request_id: str, body: dict[str, Any], status: int = 200) -> ApiReply:
        metadata: dict[str, Any] = {
            "RequestId": request_id,
            "Action": action,
            "Version": VERSION,
            "Service": SERVICE,
            "Region": REGION,
        }
        error = body.pop("Error", None)
        if error is not None:
            metadata["Error"] = error
        return ApiReply.json(
            {"ResponseMetadata": metadata, **body},
            status=status,
            code=error["Code"] if error else "",
        )

    @classmethod
    def error_reply(cls, error: VolcengineError, action: str, request_id: str) -> ApiReply:
        fields: dict[str, Any] = {"CodeN": error.code_n} if error.code_n else {}
        fields |= {"Code": error.code, "Message": error.message}
        return cls.reply(action, request_id, {"Error": fields}, error.status)

    # ---- actions ----------------------------------------------------------------------

    def list_cdn_domains(self, account: DemoAccount, params: dict[str, Any]) -> dict[str, Any]:
        page = _whole(params, "PageNum", 1)
        size = _whole(params, "PageSize", 10)
        if page < 1:
            raise invalid("PageNum", "it must be 1 or more.")
        if not 1 <= size <= 100:
            raise invalid("PageSize", "it must be from 1 to 100.")
        part, status = params.get("Domain", ""), params.get("Status", "")
        listed = [
            d for d in account.domains if str(part) in d.name and status in ("", _status(d.status))
        ]
        rows = listed[(page - 1) * size : page * size]
        return {
            "Data": [_domain_summary(d.name, _status(d.status)) for d in rows],
            "PageNum": page,
            "PageSize": size,
            "Total": len(listed),
        }

    def describe_origin_data(self, account: DemoAccount, params: dict[str, Any]) -> dict[str, Any]:
        return self._describe_data(account, params, ORIGIN)

    def describe_district_data(
        self, account: DemoAccount, params: dict[str, Any]
    ) -> dict[str, Any]:
        return self._describe_data(account, params, EDGE)

    def _describe_data(
        self, account: DemoAccount, params: dict[str, Any], measured: str
    ) -> dict[str, Any]:
        metric = params.get("Metric")
        if metric is None:
            raise invalid("Metric", "it is required.")
        if metric not in ("bandwidth", "traffic"):  # the emulator keeps only these two
            raise invalid("Metric", f"{metric!r} is not a metric this emulator serves.")
        start, end = _whole(params, "StartTime"), _whole(params, "EndTime")
        if end < start or end - start > MAX_SPAN:
            raise invalid("EndTime", "it must be from StartTime to 31 days after it.")
        if start < self.clock() - KEPT:
            raise invalid("StartTime", "data is kept for the last 92 days only.")
        interval = _interval(params.get("Interval", "5min"), end - start)
        domains = params.get("Domain")
        if domains is None:
            names = [d.name for d in account.domains]
        elif not isinstance(domains, str) or not domains:
            raise invalid("Domain", "it must be domain names separated by commas.")
        else:
            names = list(dict.fromkeys(domains.split(",")))
        if len(names) > MAX_DOMAINS:
            raise invalid("Domain", f"at most {MAX_DOMAINS} domains a query.")
        unknown = [name for name in names if account.domain(name) is None]
        if unknown:
            raise VolcengineError("NotFound.Domain", f"账户下无此域名:{','.join(unknown)}")
        points = served_points(
            self.traffic, account, names, start, end, interval, self.clock(), measured
        )
        if metric == "traffic":
            points = [(t, v * interval / 8) for t, v in points]
        values = [{"TimeStamp": t, "Value": v} for t, v in points]
        return {"MetricDataList": [{"Metric": metric, "Values": values}]}


def _interval(name: object, span: int) -> int:
    """The interval named, if the span allows it."""
    interval = INTERVALS.get(name) if isinstance(name, str) else None
    allowed = next((offered for most, offered in SPAN_INTERVALS if span <= most), ())
    if interval not in allowed:
        offered = ", ".join(n for n, i in INTERVALS.items() if i in allowed)
        raise invalid("Interval", f"{name!r} is not offered for this span; use {offered}.")
    return interval


def bucket(timestamp: int, interval: int) -> int:
    """The start of the bucket holding ``timestamp`` (days start at Beijing midnight)."""
    offset = DAY_OFFSET if interval == DAY else 0
    return (timestamp + offset) // interval * interval - offset


def served_points(
    traffic: Traffic,
    account: DemoAccount,
    names: Sequence[str],
    start: int,
    end: int,
    interval: int,
    now: float,
    metric: str = ORIGIN,
) -> list[tuple[int, float]]:
    """The points of ``metric`` in the buckets from the one holding ``start`` to the one
    holding ``end`` (the documented statistics period), summed over ``names``. 1min and
    5min points are the bucket's bandwidth (traffic x 8 / seconds); hour and day points are
    the peak 5-minute bandwidth within the bucket. A stopped (offline) domain serves zero."""
    online = [n for n in names if (d := account.domain(n)) is not None and d.status != OFFLINE]
    offline = [n for n in names if n not in online]
    first, last = bucket(start, interval), bucket(end, interval)
    if interval <= 5 * MINUTE:
        return traffic.points(online, first, last, interval, now, offline, metric)
    peaks: dict[int, float] = {}
    for t, v in traffic.points(
        online, first, last + interval - 1, 5 * MINUTE, now, offline, metric
    ):
        at = bucket(t, interval)
        peaks[at] = max(v, peaks.get(at, v))
    return sorted(peaks.items())


def _status(status: str) -> str:
    return "offline" if status == OFFLINE else "online"


def _domain_summary(name: str, status: str) -> dict[str, Any]:
    created = 1672531200 + sum(name.encode()) * 3600
    return {
        "Domain": name,
        "Status": status,
        "ServiceType": "web",
        "ServiceRegion": "chinese_mainland",
        "Cname": f"{name}.volcgslb.com",
        "CreateTime": created,
        "UpdateTime": created,
        "Project": "default",
        "OriginProtocol": "http",
        "IPv6": False,
        "HTTPS": True,
        "PrimaryOrigin": [f"origin.{name.partition('.')[2]}"],
        "BackupOrigin": [],
        "ResourceTags": [],
        "CacheShared": "",
        "CacheSharedTargetHost": "",
        "IsConflictDomain": False,
        "DomainLock": {"Status": "off", "Remark": ""},
    }

"""Huawei Cloud CDN as the emulator speaks it: ShowDomainStats, ListDomains, and IAM's
KeystoneListAuthDomains (the account id an AK/SK call to a global service must send).

Checks run in an API gateway's order: the route, the Authorization header, X-Sdk-Date (15
minutes either way), the AK, the SDK-HMAC-SHA256 signature (verified with the project's
signer), X-Domain-Id, the rate limit (15 calls/s per account); then injected faults; then
the call. Gateway errors are ``{"error_code", "error_msg", "request_id"}`` with the
documented HTTP status (APIGW.0301 401, APIGW.0308 429, ...); CDN errors are
``{"error": {"error_code", "error_msg"}}`` with HTTP 400 (as clients report; the reference
table says 200). Every reply carries ``X-Request-Id``. Codes follow the API signing guide
and the CDN error table; where the documentation prints no text, or no rule (X-Domain-Id
checks, misaligned times), the wording and strictness are the emulator's own.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from cdnmon.emulator.accounts import OFFLINE, DemoAccount
from cdnmon.emulator.faults import FaultInjector, disrupt
from cdnmon.emulator.gateway import ApiReply, ApiRequest, EmulatorStats
from cdnmon.emulator.service import EmulatedService
from cdnmon.emulator.tencent import served_points
from cdnmon.emulator.traffic import Traffic
from cdnmon.model import DAY, EDGE, HOUR, MINUTE, ORIGIN, TimeRange
from cdnmon.providers.base import Domain
from cdnmon.providers.huawei.signing import ALGORITHM, DATE_HEADER, parse_sdk_date, signature

PROVIDER = "huawei"
CLOCK_SKEW = 15 * MINUTE
MAX_DOMAINS = 20
MAX_METRICS = 5
MAX_AGE = 90 * DAY
BEIJING = 8 * HOUR  # day buckets start at midnight in UTC+8
# Longest span per interval: the stricter of the API reference (5 minutes up to 7 days,
# hours up to 31) and what practitioners report (2 days, 7 days, 31 days).
INTERVAL_MAX_SPAN = {5 * MINUTE: 2 * DAY, HOUR: 7 * DAY, DAY: 31 * DAY}
BANDWIDTH, TRAFFIC = "bs_bw", "bs_flux"  # the origin-pull metrics the emulator keeps
EDGE_BANDWIDTH, EDGE_TRAFFIC = "bw", "flux"  # and the edge's (what users were served)
# stat_type -> (the traffic it measures, whether it is bytes a bucket rather than bit/s).
STAT_TYPES = {
    BANDWIDTH: (ORIGIN, False),
    TRAFFIC: (ORIGIN, True),
    EDGE_BANDWIDTH: (EDGE, False),
    EDGE_TRAFFIC: (EDGE, True),
}
SERVICE_AREAS = ("mainland_china", "outside_mainland_china", "global")
_AUTHORIZATION = re.compile(
    rf"^{ALGORITHM} Access=([^,\s]+), SignedHeaders=([a-z0-9;._-]+), Signature=([0-9a-f]{{64}})$"
)

log = logging.getLogger("cdnmon.emulator")


class HuaweiError(Exception):
    """An error answer: the gateway's shape, or (``cdn``) the CDN service's."""

    def __init__(self, status: int, code: str, message: str, cdn: bool = False) -> None:
        super().__init__(f"{code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.cdn = cdn


def cdn_error(code: str, message: str, status: int = 400) -> HuaweiError:
    return HuaweiError(status, code, message, cdn=True)


def bad_parameter(name: str, detail: str = "") -> HuaweiError:
    return cdn_error("CDN.0001", f"Invalid parameter: {name}. {detail}".strip())


def auth_failed(detail: str) -> HuaweiError:
    return HuaweiError(401, "APIGW.0301", f"Incorrect IAM authentication information: {detail}")


def throttled(limit: float | None) -> HuaweiError:
    return HuaweiError(
        429,
        "APIGW.0308",
        "The throttling threshold has been reached: policy user over ratelimit,"
        f"limit:{limit or 15:g},time:1 second",
    )


def account_id(account: DemoAccount) -> str:
    """The demo account's Huawei Cloud account (domain) id: 32 hex digits, from its AK."""
    return hashlib.blake2b(f"huawei-account:{account.key_id}".encode(), digest_size=16).hexdigest()


def int_param(query: dict[str, str], name: str, default: int | None, low: int, high: int) -> int:
    text = query.get(name)
    if text is None:
        if default is None:
            raise bad_parameter(name, "It is required.")
        return default
    try:
        value = int(text)
    except ValueError:
        raise bad_parameter(name, "It must be an integer.") from None
    if not low <= value <= high:
        raise bad_parameter(name, f"It must be from {low} to {high}.")
    return value


class HuaweiCdn(EmulatedService):
    """Huawei Cloud CDN and the IAM call it needs, for the accounts of this provider."""

    provider = PROVIDER

    def __init__(
        self,
        accounts: Sequence[DemoAccount],
        traffic: Traffic,
        clock: Callable[[], float],
        faults: FaultInjector,
        stats: EmulatorStats,
        rate_limit: float | None = 15.0,
    ) -> None:
        super().__init__(accounts, traffic, clock, faults, stats, rate_limit)
        # Path -> (action, handler, whether it is a CDN call rather than IAM's).
        self.routes: dict[str, tuple[str, Callable[..., dict[str, Any]], bool]] = {
            "/v1.0/cdn/statistics/domain-stats": ("ShowDomainStats", self.show_domain_stats, True),
            "/v1.0/cdn/domains": ("ListDomains", self.list_domains, True),
            "/v3/auth/domains": ("KeystoneListAuthDomains", self.list_auth_domains, False),
        }

    @staticmethod
    def claims(request: ApiRequest) -> bool:
        """Whether a request is for this gateway: Huawei's signature style or one of its paths."""
        return (
            request.headers.get("authorization", "").startswith(f"{ALGORITHM} ")
            or DATE_HEADER.lower() in request.headers
            or request.path.startswith(("/v1.0/cdn/", "/v3/auth/"))
        )

    # ---- gateway ----------------------------------------------------------------------

    def handle(self, request: ApiRequest) -> ApiReply:
        started = time.monotonic()
        request_id = uuid.uuid4().hex
        action, key_id = "", ""
        try:
            route = self.routes.get(request.path.rstrip("/") or "/")
            if route is None or request.method != "GET":
                raise HuaweiError(
                    404,
                    "APIGW.0101",
                    "The API does not exist or has not been published in the environment.",
                )
            action, handler, cdn = route
            key_id = self._authenticate(request, cdn)
            reply = self._answer(request, handler, cdn, key_id, request_id)
        except HuaweiError as error:
            reply = self.error_reply(error, request_id)
        self.stats.record_request(PROVIDER, action, key_id)
        log.debug(
            "huawei %s key=%s -> %s %s (%.1f ms)",
            action or request.path,
            key_id or "?",
            "dropped" if reply.drop else reply.status,
            reply.code,
            (time.monotonic() - started) * 1000,
        )
        return reply

    def _authenticate(self, request: ApiRequest, cdn: bool) -> str:
        """The AK of a correctly signed, timely request (and, for CDN, its account's id)."""
        found = _AUTHORIZATION.match(request.headers.get("authorization", "").strip())
        if found is None:
            raise auth_failed("the Authorization header is missing or not SDK-HMAC-SHA256")
        key_id, signed_names, sent = found.groups()
        names = signed_names.split(";")
        if DATE_HEADER.lower() not in names or not request.headers.get(DATE_HEADER.lower()):
            raise auth_failed("X-Sdk-Date must be sent and signed")
        date = request.headers[DATE_HEADER.lower()]
        try:
            stamp = parse_sdk_date(date)
        except ValueError:
            raise auth_failed(f"X-Sdk-Date {date!r} is not YYYYMMDDTHHMMSSZ") from None
        if abs(stamp - self.clock()) > CLOCK_SKEW:
            raise HuaweiError(
                401,
                "APIGW.0303",
                "Incorrect app authentication information: X-Sdk-Date is more than 15 minutes "
                f"from the server time, time:{date}",
            )
        account = self.accounts.get(key_id)
        if account is None or key_id in self.revoked:
            raise auth_failed("Get secretKey failed,ak:******,err:ak not exist")
        headers = {name: request.headers.get(name, "") for name in names}
        query = list(request.query.items())
        expected, _ = signature(
            account.secret, request.method, request.path, query, headers, request.body
        )
        if not hmac.compare_digest(expected, sent):
            raise auth_failed("verify aksk signature fail")
        if cdn and request.headers.get("x-domain-id") != account_id(account):
            # A global service's AK/SK call names its account (API signing guide).
            raise auth_failed("X-Domain-Id is missing or is not the account of this AK")
        return key_id

    def _answer(
        self,
        request: ApiRequest,
        handler: Callable[[DemoAccount, dict[str, str]], dict[str, Any]],
        cdn: bool,
        key_id: str,
        request_id: str,
    ) -> ApiReply:
        if cdn and not self.limiter.admit(key_id):
            self.stats.record_throttled(PROVIDER, key_id)
            raise throttled(self.limiter.limit)
        query = dict(request.query)
        names = [n for n in query.get("domain_name", "").split(",") if n]
        fault = self.faults.draw(PROVIDER, names)
        if fault is not None:
            self.stats.record_fault(fault.kind)
            if fault.kind == "latency":
                time.sleep(fault.latency_s)
            elif fault.kind == "throttle":
                self.stats.record_throttled(PROVIDER, key_id)
                raise throttled(self.limiter.limit)
            elif fault.kind == "server_error":
                if self.faults.coin():
                    raise cdn_error("CDN.0000", "System internal error.", status=500)
                raise HuaweiError(504, "APIGW.0201", "Backend timeout.")
        try:
            reply = self.json_reply(handler(self.accounts[key_id], query), request_id)
        except HuaweiError as error:
            reply = self.error_reply(error, request_id)
        return disrupt(fault.kind, reply) if fault else reply

    @staticmethod
    def json_reply(
        payload: dict[str, Any], request_id: str, status: int = 200, code: str = ""
    ) -> ApiReply:
        reply = ApiReply.json(
            payload, status=status, code=code, headers=(("X-Request-Id", request_id),)
        )
        return replace(reply, content_type="application/json;charset=UTF-8")

    @classmethod
    def error_reply(cls, error: HuaweiError, request_id: str) -> ApiReply:
        fields = {"error_code": error.code, "error_msg": error.message}
        body = {"error": fields} if error.cdn else {**fields, "request_id": request_id}
        return cls.json_reply(body, request_id, status=error.status, code=error.code)

    # ---- IAM: KeystoneListAuthDomains ---------------------------------------------------

    def list_auth_domains(self, account: DemoAccount, query: dict[str, str]) -> dict[str, Any]:
        domain_id = account_id(account)
        iam = "https://iam.myhuaweicloud.com/v3"
        return {
            "domains": [
                {
                    "id": domain_id,
                    "name": account.name,
                    "enabled": True,
                    "description": "",
                    "links": {"self": f"{iam}/domains/{domain_id}"},
                }
            ],
            "links": {"self": f"{iam}/auth/domains", "previous": None, "next": None},
        }

    # ---- CDN: ListDomains -------------------------------------------------------------

    def list_domains(self, account: DemoAccount, query: dict[str, str]) -> dict[str, Any]:
        size = int_param(query, "page_size", 30, 1, 10_000)
        page = int_param(query, "page_number", 1, 1, 65_535)
        wanted = query.get("domain_name", "")
        exact = query.get("exact_match", "false").lower() == "true"
        status = query.get("domain_status", "")
        rows = [
            d
            for d in account.domains
            if (not wanted or (d.name == wanted if exact else wanted in d.name))
            and (not status or status == _status(d.status))
        ]
        chosen = rows[(page - 1) * size : page * size]
        return {
            "total": len(rows),
            "domains": [_domain_detail(d.name, d.domain_id, d.status) for d in chosen],
        }

    # ---- CDN: ShowDomainStats ---------------------------------------------------------

    def show_domain_stats(self, account: DemoAccount, query: dict[str, str]) -> dict[str, Any]:
        action = query.get("action")
        if action not in ("detail", "summary"):
            raise bad_parameter("action", "Use detail or summary.")
        start = int_param(query, "start_time", None, 0, 1 << 62)
        end = int_param(query, "end_time", None, 0, 1 << 62)
        stat_names = [s for s in query.get("stat_type", "").split(",") if s]
        if not stat_names or len(stat_names) > MAX_METRICS:
            raise bad_parameter("stat_type", f"Give 1 to {MAX_METRICS} metrics.")
        if any(s not in STAT_TYPES for s in stat_names):
            raise bad_parameter("stat_type", "The emulator serves only bw, flux, bs_bw, bs_flux.")
        group_by = query.get("group_by")
        if group_by not in (None, "domain"):
            raise bad_parameter("group_by", "Use domain.")
        if query.get("service_area", SERVICE_AREAS[0]) not in SERVICE_AREAS:
            raise bad_parameter("service_area")
        if start % 1000 or end % 1000 or end <= start:
            raise cdn_error("CDN.0202", "Statistics time error.")
        start, end = start // 1000, end // 1000
        interval = self._interval(query, end - start)
        grid = BEIJING if interval == DAY else 0
        if (start + grid) % interval or (end + grid) % interval:
            raise cdn_error("CDN.0202", "Statistics time error.")  # strict: off the grid
        if start < self.clock() - MAX_AGE:
            raise cdn_error("CDN.0202", "Statistics time error.")
        names = self._domains(account, query.get("domain_name", ""))
        now = self.clock()
        online = [n for n in names if (d := account.domain(n)) and d.status != OFFLINE]

        def values(members: list[str]) -> dict[str, list[int]] | None:
            """Each metric's dense array over the range; None when there is no data."""
            arrays: dict[str, list[int]] = {}
            for stat in stat_names:
                measured, in_bytes = STAT_TYPES[stat]
                bps = dense_bps(self.traffic, account, members, start, end, interval, now, measured)
                if bps is None:
                    return None  # no data is no data in every metric
                arrays[stat] = [round(v * interval / 8) for v in bps] if in_bytes else bps
            return arrays

        def summarized(arrays: dict[str, list[int]]) -> dict[str, int]:
            return {
                s: (sum(v) if STAT_TYPES[s][1] else max(v, default=0)) for s, v in arrays.items()
            }

        if group_by == "domain":
            result: dict[str, Any] = {}
            for name in online:
                arrays = values([name])
                if arrays is not None:  # a domain without data is left out
                    result[name] = arrays if action == "detail" else summarized(arrays)
        else:
            arrays = values(online) or {s: [0] * ((end - start) // interval) for s in stat_names}
            result = arrays if action == "detail" else summarized(arrays)
        answer = {
            "start_time": start * 1000,
            "end_time": end * 1000,
            "stat_type": ",".join(stat_names),
            "action": action,
            "interval": interval,
            "result": result,
        }
        return {"group_by": group_by, **answer} if group_by else answer

    @staticmethod
    def _interval(query: dict[str, str], span: int) -> int:
        text = query.get("interval")
        if text is None:
            # The finest the span allows (the reference's default, within the limits kept).
            return next((i for i, most in INTERVAL_MAX_SPAN.items() if span <= most), DAY)
        interval = int(text) if text.isdigit() else 0
        if interval not in INTERVAL_MAX_SPAN or span > INTERVAL_MAX_SPAN[interval]:
            raise cdn_error("CDN.0203", "Sampling interval error.")
        return interval

    @staticmethod
    def _domains(account: DemoAccount, text: str) -> list[str]:
        if text == "all":
            return [d.name for d in account.domains]
        names = list(dict.fromkeys(n for n in text.split(",") if n))
        if not names:
            raise bad_parameter("domain_name", "It is required.")
        if len(names) > MAX_DOMAINS:
            raise bad_parameter("domain_name", f"Give at most {MAX_DOMAINS} domains.")
        if any(account.domain(name) is None for name in names):
            raise cdn_error("CDN.0201", "Domain name error.")
        return names


def dense_bps(
    traffic: Traffic,
    account: DemoAccount,
    names: Sequence[str],
    start: int,
    end: int,
    interval: int,
    now: float,
    metric: str = ORIGIN,
) -> list[int] | None:
    """Whole bit/s of ``metric`` summed over ``names``, one value per bucket of
    ``[start, end)`` (on the grid): the answer is a dense array, so a bucket without data
    (not yet published, or a gap) is 0. None when no bucket has data: the answer leaves such
    a domain out."""
    served = dict(served_points(traffic, account, names, start, end - 1, interval, now, metric))
    if not served:
        return None
    return [round(served.get(t, 0.0)) for t in range(start, end, interval)]


def expected_points(
    traffic: Traffic,
    account: DemoAccount,
    domain: Domain,
    time_range: TimeRange,
    interval: int,
    now: float,
    metric: str = ORIGIN,
) -> list[tuple[int, float]]:
    """What a client gets of ``metric`` for ``domain`` over ``time_range``: the dense values
    of the grid buckets in the range that have begun; nothing for a stopped domain (no
    data)."""
    if domain.status == OFFLINE:
        return []
    start = -(-time_range.start // interval) * interval
    end = max(start, -(-time_range.end // interval) * interval)
    bps = dense_bps(traffic, account, [domain.name], start, end, interval, now, metric) or []
    stamps = range(start, end, interval)
    return [(t, float(v)) for t, v in zip(stamps, bps, strict=True) if t < now]


def _status(status: str) -> str:
    return "offline" if status == OFFLINE else "online"


def _domain_detail(name: str, domain_id: str, status: str) -> dict[str, Any]:
    created = (1672531200 + sum(name.encode()) * 3600) * 1000
    zone = name.partition(".")[2]
    return {
        "id": domain_id,
        "domain_name": name,
        "business_type": "web",
        "domain_status": _status(status),
        "cname": f"{name}.c.cdnhwc1.com",
        "sources": [
            {
                "domain_id": domain_id,
                "ip_or_domain": f"origin.{zone}",
                "origin_type": "domain",
                "active_standby": 1,
                "enable_obs_web_hosting": 0,
            }
        ],
        "https_status": 0,
        "create_time": created,
        "modify_time": created,
        "disabled": 0,
        "locked": 0,
        "auto_refresh_preheat": 0,
        "service_area": "mainland_china",
        "range_status": "off",
        "follow_status": "off",
        "origin_status": "on",
        "banned_reason": "",
        "locked_reason": "",
        "enterprise_project_id": "0",
    }

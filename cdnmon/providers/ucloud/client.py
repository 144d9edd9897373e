"""UCloud UCDN: origin bandwidth (GetUcdnPassBandwidthV2, falling back to the seed API) and
edge bandwidth (GetUcdnDomainBandwidthV2, falling back to GetNewUcdnDomainBandwidth)."""

from __future__ import annotations

import math
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests

from cdnmon.model import DAY, EDGE, HOUR, MINUTE, ORIGIN, InputError, TimeRange, check_metric
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
from cdnmon.providers.parsing import bandwidth, decode_json, error_message, malformed_answer, text

from .signing import sign

PROVIDER = "ucloud"
DEFAULT_ENDPOINT = "https://api.ucloud.cn/"
# Unverified: this API does not document its unit; every sibling UCDN bandwidth is Mbps.
BANDWIDTH_UNIT_BPS = 1_000_000
# Unverified: UCloud publishes no rate limit; stay as polite as with Alibaba.
CALLS_PER_SECOND = 10
DATA_DELAY = 5 * MINUTE
# Interval -> the API's Type. Type 3 (1 minute) exists only in V2.
TYPE_FOR_INTERVAL = {5 * MINUTE: 0, HOUR: 1, DAY: 2, MINUTE: 3}
# Unverified: UCloud documents no retention; assume Alibaba's, the stricter known rule.
RETENTION = {MINUTE: 7 * DAY, 5 * MINUTE: 93 * DAY, HOUR: 186 * DAY, DAY: 366 * DAY}
# Unverified span limits: keep each answer to at most a few thousand points.
WINDOW_FOR_INTERVAL = {MINUTE: DAY, 5 * MINUTE: 7 * DAY, HOUR: 31 * DAY, DAY: 366 * DAY}
V2_ACTION = "GetUcdnPassBandwidthV2"
SEED_ACTION = "GetUcdnPassBandwidth"
EDGE_V2_ACTION = "GetUcdnDomainBandwidthV2"
EDGE_SEED_ACTION = "GetNewUcdnDomainBandwidth"
# The origin API covers mainland China only ("只支持国内"); the edge APIs cover every area
# unless told: ask them for the same area, so that origin and edge measure one traffic.
EDGE_AREA = "cn"
RETCODE_UNKNOWN_ACTION = 161
DOMAIN_ID_PREFIX = "ucdn-"

_AUTH_HINT = "check the public and private key"
_RETCODES: dict[int, tuple[type[ProviderError], str]] = {
    153: (ThrottledError, "too many calls: cdnmon slows down and retries"),
    150: (ServiceError, "a fault at UCloud: cdnmon retries"),
    110: (ServiceError, "a fault at UCloud: cdnmon retries"),
    170: (AuthError, _AUTH_HINT),
    171: (AuthError, "check the private key"),
    172: (AuthError, "check the public key"),
    294: (AuthError, "this computer's IP address is not allowed for the key"),
    299: (AuthError, "grant this sub-account read access to UCDN"),
    292: (RequestError, "check the project id (sub-accounts must give one)"),
    161: (RequestError, "this API is not offered at the endpoint"),
    # Unverified: UCloud documents no code for a DomainId the account lacks.
    8039: (DomainError, "check the domain name and that this account owns it"),
}


@dataclass(frozen=True)
class _Api:
    """One metric's pair of actions (V2, then the older one without 1-minute points) and
    where their answers keep the rows and the value, in Mbps."""

    v2: str
    seed: str
    rows: tuple[str, ...]  # the first key present holds the rows
    value: str
    extra: tuple[tuple[str, str], ...] = ()  # parameters every call sends


APIS = {
    ORIGIN: _Api(V2_ACTION, SEED_ACTION, ("BandwidthList", "BandwidthDetail"), "Bandwidth"),
    # V2 answers BandwidthTrafficList[] = {Time, CdnBandwidth (Mbps), Traffic (bytes)}, the
    # older one BandwidthList[] = {Time, CdnBandwidth}.
    EDGE: _Api(
        EDGE_V2_ACTION,
        EDGE_SEED_ACTION,
        ("BandwidthTrafficList", "BandwidthList"),
        "CdnBandwidth",
        (("Areacode", EDGE_AREA),),
    ),
}


def _error_for(status: int, body: Mapping[str, Any]) -> ProviderError:
    code = body.get("RetCode")
    kind, hint = _RETCODES.get(code, (RequestError, "")) if isinstance(code, int) else (None, "")
    if kind is None:
        kind = ServiceError if status >= 500 else RequestError
    return kind(
        PROVIDER,
        error_message(body, status),
        code=str(code) if code is not None else "",
        http_status=status,
        request_id=_request_id(body),
        hint=hint,
    )


class UCloudClient:
    """One UCloud account. Thread-safe; calls are paced by the account's limiter."""

    provider = PROVIDER
    intervals = tuple(WINDOW_FOR_INTERVAL)

    def __init__(
        self,
        credentials: Credentials,
        account: str = "default",
        endpoint: str = DEFAULT_ENDPOINT,
        retry: RetryPolicy | None = None,
        timeout: tuple[float, float] | None = None,
    ) -> None:
        self.account = account
        self._credentials = credentials
        self._endpoint = validate_endpoint(endpoint)
        self._transport = Transport.for_account(
            PROVIDER, account, credentials.key_id, CALLS_PER_SECOND, retry, timeout
        )
        self._lock = threading.Lock()
        self._v2 = True
        self._domain_ids: dict[str, str] | None = None

    @property
    def finest_interval(self) -> int:
        """1 minute through V2; 5 minutes once the endpoint has refused V2."""
        return MINUTE if self._v2 else 5 * MINUTE

    # ---- calls ----------------------------------------------------------------------

    def _call(self, action: str, params: Mapping[str, object]) -> dict[str, Any]:
        def build() -> requests.Request:
            form: dict[str, object] = {**params, "Action": action}
            form["PublicKey"] = self._credentials.key_id
            if self._credentials.project_id:
                form["ProjectId"] = self._credentials.project_id
            form["Signature"] = sign(form, self._credentials.secret)
            return requests.Request("POST", self._endpoint, data=form)

        def interpret(response: requests.Response) -> dict[str, Any]:
            body = decode_json(PROVIDER, response)
            if response.status_code != 200 or body.get("RetCode") != 0:
                raise _error_for(response.status_code, body)
            return body

        return self._transport.call(build, interpret, action)

    # ---- domains --------------------------------------------------------------------

    def list_domains(self) -> list[Domain]:
        body = self._call("GetUcdnDomainInfoList", {"PageIndex": 0})
        try:
            rows = body["DomainInfoList"]
            domains = [
                Domain(
                    text(r["Domain"], "Domain"),
                    text(r["DomainId"], "DomainId"),
                    str(r.get("Status", "")),
                )
                for r in rows
            ]
        except (KeyError, TypeError, ValueError) as error:
            raise malformed_answer(
                PROVIDER, "GetUcdnDomainInfoList", _request_id(body), error
            ) from None
        with self._lock:
            self._domain_ids = {d.name: d.domain_id for d in domains}
        return domains

    def domain_id(self, domain: str) -> str:
        """A typed domain name mapped to its DomainId; an id is taken as it is."""
        if domain.startswith(DOMAIN_ID_PREFIX):
            return domain
        with self._lock:
            known = self._domain_ids
        if known is None:
            self.list_domains()
            with self._lock:
                known = self._domain_ids or {}
        try:
            return known[domain]
        except KeyError:
            raise DomainError(
                PROVIDER,
                f"no domain {domain!r} in this account",
                account=self.account,
                hint="check the spelling, or give its DomainId (ucdn-...)",
            ) from None

    # ---- origin bandwidth -----------------------------------------------------------

    def windows(self, time_range: TimeRange, interval: int | None = None) -> list[TimeRange]:
        return list(time_range.windows(WINDOW_FOR_INTERVAL[self._interval(interval)]))

    def fetch_window(
        self, domain: str, window: TimeRange, interval: int | None = None, *, metric: str = ORIGIN
    ) -> tuple[int, list[tuple[int, float]]]:
        """One call: the interval served and the points in bit/s."""
        api = APIS[check_metric(metric)]
        wanted = self._interval(interval)
        params: dict[str, object] = {
            "DomainId.0": self.domain_id(domain),
            "BeginTime": window.start,
            "EndTime": window.end,
            **dict(api.extra),
        }
        body = None
        # One endpoint offers both V2 actions or neither (they came together): a refusal of
        # either sends both metrics to the older actions.
        if self._v2:
            try:
                body = self._call(api.v2, {**params, "Type": TYPE_FOR_INTERVAL[wanted]})
            except RequestError as error:
                if error.code != str(RETCODE_UNKNOWN_ACTION):
                    raise
                with self._lock:
                    self._v2 = False
        served = wanted
        if body is None:
            # The seed API has no 1-minute type: say so through the interval served.
            served = max(wanted, 5 * MINUTE)
            body = self._call(api.seed, {**params, "Type": TYPE_FOR_INTERVAL[served]})
        rows = next((body[key] for key in api.rows if key in body), None)
        try:
            if rows is None:
                raise KeyError(api.rows[0])
            points = [_point(row, api.value) for row in rows]
        except (KeyError, TypeError, ValueError) as error:
            action = api.v2 if served == wanted and self._v2 else api.seed
            raise malformed_answer(PROVIDER, action, _request_id(body), error) from None
        return served, points

    def _interval(self, interval: int | None) -> int:
        if interval is None:
            return self.finest_interval
        if interval not in TYPE_FOR_INTERVAL:
            offered = ", ".join(str(i) for i in sorted(TYPE_FOR_INTERVAL))
            raise InputError(f"UCloud offers origin bandwidth every {offered} seconds")
        return interval

    def close(self) -> None:
        self._transport.close()


def _point(row: Mapping[str, Any], value: str = "Bandwidth") -> tuple[int, float]:
    time, mbps = row["Time"], row[value]
    if isinstance(time, bool) or not isinstance(time, int | float):
        raise TypeError(f"Time {time!r} is not a Unix timestamp")
    if isinstance(time, float) and not math.isfinite(time):
        raise ValueError(f"Time {time!r} is not a Unix timestamp")
    if isinstance(mbps, bool) or not isinstance(mbps, int | float):
        raise TypeError(f"{value} {mbps!r} is not a number")
    # Converted before the check: a huge Mbps figure can overflow to infinity in bit/s.
    return int(time), bandwidth(mbps, BANDWIDTH_UNIT_BPS)


def _request_id(body: Mapping[str, Any]) -> str:
    return str(body.get("RequestUUID", ""))

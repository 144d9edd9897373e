"""UCloud UCDN as the emulator speaks it: GET query, POST form or POST JSON; every answer
HTTP 200 with ``RetCode`` (0 = success), ``Message`` and ``Action: <Action>Response``.

RetCodes 150/153/160/161/170/171/172/230/292 follow providers.md; the code for an unknown
DomainId, 172 for a disabled key and every ``Message`` wording are the emulator's own
guesses (unverified).
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from cdnmon.emulator.accounts import OFFLINE, DemoAccount
from cdnmon.emulator.faults import FaultInjector, disrupt
from cdnmon.emulator.gateway import ApiReply, ApiRequest, EmulatorStats
from cdnmon.emulator.service import EmulatedService
from cdnmon.emulator.traffic import Traffic
from cdnmon.model import DAY, EDGE, ORIGIN
from cdnmon.providers.ucloud.signing import sign

PROVIDER = "ucloud"
MBPS = 1_000_000  # Bandwidth is served in Mbps (the unit itself is unverified, providers.md)
TYPE_INTERVALS = {0: 300, 1: 3600, 2: 86400, 3: 60}  # Type 3 (1 minute) exists in V2 only
MAX_SPAN = {60: 31 * DAY}  # Type 3: no documented limit, we accept 31 days
MAX_SPAN_DEFAULT = 366 * DAY  # other Types: nothing documented; bounds the work per call
UNKNOWN_DOMAIN = 8039  # RetCode for a DomainId the account does not have: unverified guess
REQUEST_UUID_HEADER = "X-UCLOUD-REQUEST-UUID"  # ucloud-sdk-python3 reads request ids here
_DOMAIN_ID_PARAM = re.compile(r"^DomainId\.(\d+)$")

log = logging.getLogger("cdnmon.emulator")


class UcloudError(Exception):
    def __init__(self, ret_code: int, message: str) -> None:
        super().__init__(f"RetCode {ret_code}: {message}")
        self.ret_code = ret_code
        self.message = message


def _missing(name: str) -> UcloudError:
    return UcloudError(230, f"Missing params [{name}]")


def _invalid(name: str) -> UcloudError:
    return UcloudError(230, f"Params [{name}] not available")


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """JSON bodies as the form encoding would have them: ``DomainId.0``, ``Name.0.Key``.

    Leaves keep their JSON type, because the signature stringifies typed values.
    """
    if isinstance(value, Mapping):
        items = value.items()
    elif isinstance(value, list):
        items = ((str(i), v) for i, v in enumerate(value))
    else:
        return {prefix: value}
    flat: dict[str, Any] = {}
    for key, item in items:
        flat.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
    return flat


def _int(params: Mapping[str, Any], name: str) -> int | None:
    """An integer parameter (form strings or JSON numbers); None when absent."""
    value = params.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise _invalid(name)
    try:
        return int(value)
    except ValueError:
        raise _invalid(name) from None


class UcloudCdn(EmulatedService):
    """The UCloud API gateway, UCDN actions only."""

    provider = PROVIDER

    def __init__(
        self,
        accounts: Sequence[DemoAccount],
        traffic: Traffic,
        clock: Callable[[], float],
        faults: FaultInjector,
        stats: EmulatorStats,
        rate_limit: float | None = None,
        v2_enabled: bool = True,
    ) -> None:
        super().__init__(accounts, traffic, clock, faults, stats, rate_limit)
        self.domain_names = {d.domain_id: d.name for a in self.accounts.values() for d in a.domains}
        self.v2_enabled = v2_enabled

    def _actions(self) -> dict[str, Callable[[DemoAccount, dict[str, Any]], dict[str, Any]]]:
        actions = {
            "GetUcdnDomainInfoList": self.get_domain_info_list,
            "GetUcdnPassBandwidth": self.get_pass_bandwidth,
            "GetNewUcdnDomainBandwidth": self.get_new_domain_bandwidth,
        }
        if self.v2_enabled:  # off: the V2s answer 161, as on an endpoint that lacks them
            actions["GetUcdnPassBandwidthV2"] = self.get_pass_bandwidth_v2
            actions["GetUcdnDomainBandwidthV2"] = self.get_domain_bandwidth_v2
        return actions

    # ---- gateway ----------------------------------------------------------------------

    def handle(self, request: ApiRequest) -> ApiReply:
        started = time.monotonic()
        request_uuid = str(uuid.uuid4())
        params: dict[str, Any] = {}
        try:
            params = self._params(request)
            reply = self._answer(params, request_uuid)
        except UcloudError as error:
            reply = self._error_reply(error, params, request_uuid)
        key_id = str(params.get("PublicKey", ""))
        self.stats.record_request(
            PROVIDER, str(params.get("Action", "")), key_id if key_id in self.accounts else ""
        )
        log.debug(
            "ucloud %s %s key=%s domains=%s -> %s %s (%.1f ms)",
            request.method,
            params.get("Action", "?"),
            params.get("PublicKey", "?"),
            ",".join(str(v) for k, v in sorted(params.items()) if _DOMAIN_ID_PARAM.match(k)),
            "dropped" if reply.drop else reply.status,
            reply.code,
            (time.monotonic() - started) * 1000,
        )
        return reply

    @staticmethod
    def _params(request: ApiRequest) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json" and request.body:
            try:
                body = json.loads(request.body)
            except ValueError:
                raise UcloudError(230, "Params error: the body is not valid JSON") from None
            if not isinstance(body, dict):
                raise UcloudError(230, "Params error: the body is not a JSON object")
            params.update(flatten(body))
        else:
            params.update(request.form())
        return params

    def _answer(self, params: dict[str, Any], request_uuid: str) -> ApiReply:
        action = str(params.get("Action", ""))
        if not action:
            raise UcloudError(160, "Missing Action")
        if not params.get("Signature"):
            raise UcloudError(170, "Missing signature")
        account = self.accounts.get(str(params.get("PublicKey", "")))
        if account is None or account.key_id in self.revoked:
            # UCloud documents no code for a disabled key: 172, as for one it does not know.
            raise UcloudError(172, "User not found: unknown PublicKey")
        unsigned = {k: v for k, v in params.items() if k != "Signature"}
        if not hmac.compare_digest(
            sign(unsigned, account.secret), str(params["Signature"]).lower()
        ):
            raise UcloudError(171, "Signature VerifyAC Error")
        if not self.limiter.admit(account.key_id):
            self.stats.record_throttled(PROVIDER, account.key_id)
            raise UcloudError(153, "Request too frequent, please retry later")
        handler = self._actions().get(action)
        if handler is None:
            raise UcloudError(161, f"Action [{action}] not found")
        project = str(params.get("ProjectId", ""))
        if project and project != account.project_id:
            raise UcloudError(292, f"Project [{project}] not found")
        ids = [str(v) for k, v in params.items() if _DOMAIN_ID_PARAM.match(k)]
        fault = self.faults.draw(PROVIDER, ids + [self.domain_names.get(i, "") for i in ids])
        if fault is not None:
            self.stats.record_fault(fault.kind)
            if fault.kind == "latency":
                time.sleep(fault.latency_s)
            elif fault.kind == "throttle":
                self.stats.record_throttled(PROVIDER, account.key_id)
                raise UcloudError(153, "Request too frequent, please retry later")
            elif fault.kind == "server_error":
                raise UcloudError(150, "Service Unavailable")
        try:
            payload = {"RetCode": 0, "Action": f"{action}Response", **handler(account, params)}
            reply = ApiReply.json(payload, code="0", headers=((REQUEST_UUID_HEADER, request_uuid),))
        except UcloudError as error:
            reply = self._error_reply(error, params, request_uuid)
        return disrupt(fault.kind, reply) if fault else reply

    @staticmethod
    def _error_reply(error: UcloudError, params: Mapping[str, Any], request_uuid: str) -> ApiReply:
        action = str(params.get("Action", ""))
        body = {
            "RetCode": error.ret_code,
            "Message": error.message,
            "Action": f"{action}Response" if action else "",
        }
        return ApiReply.json(
            body, code=str(error.ret_code), headers=((REQUEST_UUID_HEADER, request_uuid),)
        )

    # ---- actions -----------------------------------------------------------------------

    def get_domain_info_list(self, account: DemoAccount, params: dict[str, Any]) -> dict:
        # The SDK's docs: PageIndex counts from 1, absent means page 1, 0 means everything.
        page_index = _int(params, "PageIndex")
        page_size = _int(params, "PageSize")
        page_index = 1 if page_index is None else page_index
        page_size = 20 if page_size is None else page_size
        if page_index < 0:
            raise _invalid("PageIndex")
        if page_size < 1:
            raise _invalid("PageSize")
        domains = list(account.domains)
        if page_index:
            domains = domains[(page_index - 1) * page_size : page_index * page_size]
        return {
            "TotalCount": len(account.domains),
            "DomainInfoList": [
                {
                    "Domain": d.name,
                    "DomainId": d.domain_id,
                    "Status": "disable" if d.status == OFFLINE else "enable",
                    "Cname": f"{d.name}.ucdn.ucloud.com.cn",
                    "CdnType": "web",
                    "AreaCode": "cn",
                    "CreateTime": 1672531200 + int(d.domain_id[5:], 16) % (600 * DAY),
                }
                for d in domains
            ],
        }

    def get_pass_bandwidth(self, account: DemoAccount, params: dict[str, Any]) -> dict:
        points = self._bandwidth(account, params, v2=False, metric=ORIGIN)
        return {"BandwidthDetail": [{"Time": t, "Bandwidth": mbps} for t, mbps, _ in points]}

    def get_pass_bandwidth_v2(self, account: DemoAccount, params: dict[str, Any]) -> dict:
        points = self._bandwidth(account, params, v2=True, metric=ORIGIN)
        return {"BandwidthList": [{"Time": t, "Bandwidth": mbps} for t, mbps, _ in points]}

    def get_new_domain_bandwidth(self, account: DemoAccount, params: dict[str, Any]) -> dict:
        """Edge bandwidth without 1-minute points: ``BandwidthList[] = {Time,
        CdnBandwidth}`` in Mbps, and the range's ``Traffic`` in GB."""
        points = self._bandwidth(account, params, v2=False, metric=EDGE)
        return {
            "BandwidthList": [{"Time": t, "CdnBandwidth": mbps} for t, mbps, _ in points],
            "Traffic": round(sum(b for *_, b in points) / 1e9, 6),
        }

    def get_domain_bandwidth_v2(self, account: DemoAccount, params: dict[str, Any]) -> dict:
        """Edge bandwidth: ``BandwidthTrafficList[] = {Time, CdnBandwidth, Traffic}``, the
        bandwidth in Mbps and the bucket's traffic in bytes."""
        points = self._bandwidth(account, params, v2=True, metric=EDGE)
        return {
            "BandwidthTrafficList": [
                {"Time": t, "CdnBandwidth": mbps, "Traffic": round(b)} for t, mbps, b in points
            ]
        }

    def _bandwidth(
        self, account: DemoAccount, params: dict[str, Any], v2: bool, metric: str
    ) -> list[tuple[int, float, float]]:
        """``(time, Mbps, bytes in the bucket)`` of the domains asked for, after the checks
        every bandwidth action shares. The edge actions also take ``Areacode`` empty (every
        area) and, V2, ``Primeval`` and ``Protocol``, which change nothing here."""
        kind = _int(params, "Type")
        if kind is None:
            raise _missing("Type")
        if kind not in TYPE_INTERVALS or (kind == 3 and not v2):
            raise _invalid("Type")
        interval = TYPE_INTERVALS[kind]
        numbered = sorted(
            (int(m.group(1)), str(v)) for k, v in params.items() if (m := _DOMAIN_ID_PARAM.match(k))
        )
        domains = [account.domain(domain_id) for _, domain_id in numbered] or list(account.domains)
        for (n, domain_id), domain in zip(numbered, domains, strict=False):
            if domain is None or domain.domain_id != domain_id:
                raise UcloudError(UNKNOWN_DOMAIN, f"Domain [{domain_id}] (DomainId.{n}) not found")
        # Origin data is mainland only ("cn" when not given); edge data, every area.
        area = str(params.get("Areacode", "") or ("" if metric == EDGE else "cn"))
        if area not in ("cn", "abroad", ""):
            raise _invalid("Areacode")
        dcdn = str(params.get("IsDcdn", "false")).lower()
        if dcdn not in ("true", "false"):
            raise _invalid("IsDcdn")
        now = self.clock()
        begin, end = _int(params, "BeginTime"), _int(params, "EndTime")
        if begin is None and end is not None:
            raise _missing("BeginTime")
        end = int(now) if end is None else end
        begin = end - DAY if begin is None else begin
        if begin < 0 or end < begin:
            raise _invalid("EndTime")
        if end - begin > MAX_SPAN.get(interval, MAX_SPAN_DEFAULT):
            raise _invalid("BeginTime")
        if area == "abroad" or dcdn == "true":
            return []  # the demo accounts have no overseas and no DCDN traffic
        points = self.traffic.points(
            [d.name for d in domains if d is not None and d.status != OFFLINE],
            begin,
            end,
            interval,
            now,
            # A disabled domain serves nothing: zero, not "no data".
            zero_domains=[d.name for d in domains if d is not None and d.status == OFFLINE],
            metric=metric,
        )
        return [(t, round(v / MBPS, 6), v * interval / 8) for t, v in points]

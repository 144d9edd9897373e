"""Tencent EdgeOne (service teo, version 2022-09-01) as the emulator speaks it.

Sites (zones) from DescribeZones, their domains from DescribeAccelerationDomains,
origin-pull time series from DescribeTimingL7OriginPullData and the edge's (what EdgeOne
serves users) from DescribeTimingL7AnalysisData, which has no DimensionName: its answer is
``Data[]`` of one record for the whole filter. All behind the same API 3.0
gateway as Tencent CDN. From the API documentation: ISO 8601 times, spans of at most 31
days, at most 100 domains in a ``domain`` filter, at most 50,000 data items a call, no
concurrent calls of one account while ``DimensionName`` is set (InvalidParameter.
ActionInProgress). The emulator's own choices (unverified): minutes without data are
absent rather than zero, day buckets start at Beijing midnight, and an unknown zone is
``InvalidParameter.ZoneNotFound``.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

from cdnmon.emulator.accounts import OFFLINE, DemoAccount, edgeone_zones
from cdnmon.emulator.gateway import ApiReply, ApiRequest
from cdnmon.emulator.tencent import (
    APP_ID,
    INTERVALS,
    Api3Gateway,
    TencentError,
    floor_to_interval,
    int_param,
    invalid,
    missing,
    served_points,
    string_list,
)
from cdnmon.model import DAY, EDGE, HOUR, MINUTE, ORIGIN, format_utc

PROVIDER = "edgeone"
MAX_SPAN = 31 * DAY
MAX_DOMAINS = 100
MAX_ZONES = 100
MAX_ITEMS = 50_000
# The API's own choice of Interval when none is given.
AUTO_INTERVAL = ((2 * HOUR, MINUTE), (2 * DAY, 5 * MINUTE), (7 * DAY, HOUR))
BEIJING = timezone(timedelta(hours=8))
# What the demo's origins send and receive: responses toward EdgeOne (in) carry the
# traffic model's origin bandwidth; requests toward the origin (out) a small share of it.
REQUEST_SHARE = 0.03
BYTES_PER_REQUEST = 60_000
# Users' requests toward EdgeOne, against EdgeOne's responses (the edge bandwidth).
USER_REQUEST_SHARE = 0.02
# DescribeTimingL7AnalysisData's metrics: name -> (traffic share, whether it is bytes, not
# bit/s). "out" is EdgeOne's responses, "in" the users' requests, no suffix both.
ANALYSIS_METRICS = {
    "l7Flow_outBandwidth": (1.0, False),
    "l7Flow_inBandwidth": (USER_REQUEST_SHARE, False),
    "l7Flow_bandwidth": (1.0 + USER_REQUEST_SHARE, False),
    "l7Flow_outFlux": (1.0, True),
    "l7Flow_inFlux": (USER_REQUEST_SHARE, True),
    "l7Flow_flux": (1.0 + USER_REQUEST_SHARE, True),
}
METRICS = (
    "l7Flow_inBandwidth_hy",
    "l7Flow_outBandwidth_hy",
    "l7Flow_inFlux_hy",
    "l7Flow_outFlux_hy",
    "l7Flow_request_hy",
)


def zone_not_found() -> TencentError:
    return TencentError("InvalidParameter.ZoneNotFound", "The site does not exist.")


def iso_time(params: dict[str, Any], name: str) -> int:
    text = params.get(name)
    if text is None:
        raise missing(name)
    try:
        stamp = datetime.fromisoformat(str(text))
    except ValueError:
        raise invalid(name, "Use ISO 8601, e.g. 2025-10-01T06:00:00+08:00.") from None
    if stamp.tzinfo is None:
        raise invalid(name, "Give a UTC offset or Z.")
    return int(stamp.timestamp())


class EdgeOne(Api3Gateway):
    """EdgeOne's sites, their acceleration domains and their origin-pull time series."""

    provider = PROVIDER
    service = "teo"
    version = "2022-09-01"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._grouping: set[str] = set()  # keys with a DimensionName query in flight
        self._grouping_lock = threading.Lock()

    def actions(self) -> dict[str, Callable[[DemoAccount, dict[str, Any]], dict[str, Any]]]:
        return {
            "DescribeZones": self.describe_zones,
            "DescribeAccelerationDomains": self.describe_acceleration_domains,
            "DescribeTimingL7OriginPullData": self.describe_timing_l7_origin_pull_data,
            "DescribeTimingL7AnalysisData": self.describe_timing_l7_analysis_data,
        }

    def fault_names(self, params: dict[str, Any]) -> list[str]:
        names = [str(z) for z in params.get("ZoneIds") or [] if isinstance(z, str)]
        for condition in params.get("Filters") or []:
            if isinstance(condition, dict) and isinstance(condition.get("Value"), list):
                names += [str(v) for v in condition["Value"]]
        return names

    def _answer(self, request: ApiRequest, action: str, key_id: str, request_id: str) -> ApiReply:
        """A grouped query while another of the same account is running is refused."""
        try:
            params = json.loads(request.body or b"{}")
        except ValueError:
            params = None
        grouped = isinstance(params, dict) and bool(params.get("DimensionName"))
        if not grouped or action != "DescribeTimingL7OriginPullData":
            return super()._answer(request, action, key_id, request_id)
        with self._grouping_lock:
            busy = key_id in self._grouping
            self._grouping.add(key_id)
        if busy:
            raise TencentError(
                "InvalidParameter.ActionInProgress", "Operation too frequent; try again later."
            )
        try:
            return super()._answer(request, action, key_id, request_id)
        finally:
            with self._grouping_lock:
                self._grouping.discard(key_id)

    # ---- actions -----------------------------------------------------------------------

    def describe_zones(self, account: DemoAccount, params: dict[str, Any]) -> dict[str, Any]:
        offset = int_param(params, "Offset", 0, 0, 1 << 31)
        limit = int_param(params, "Limit", 20, 1, 100)
        zones = list(edgeone_zones(account).items())
        return {
            "TotalCount": len(zones),
            "Zones": [_zone(zone_id, name) for zone_id, name in zones[offset : offset + limit]],
        }

    def describe_acceleration_domains(
        self, account: DemoAccount, params: dict[str, Any]
    ) -> dict[str, Any]:
        zone_id = params.get("ZoneId")
        if zone_id is None:
            raise missing("ZoneId")
        if zone_id not in edgeone_zones(account):
            raise zone_not_found()
        offset = int_param(params, "Offset", 0, 0, 1 << 31)
        limit = int_param(params, "Limit", 20, 1, 200)
        domains = [d for d in account.domains if d.domain_id == zone_id]
        return {
            "TotalCount": len(domains),
            "AccelerationDomains": [
                _acceleration_domain(d.name, d.domain_id, d.status)
                for d in domains[offset : offset + limit]
            ],
        }

    def describe_timing_l7_origin_pull_data(
        self, account: DemoAccount, params: dict[str, Any]
    ) -> dict[str, Any]:
        records = self._timing_records(account, params, ORIGIN, METRICS)
        return {"TotalCount": len(records), "TimingDataRecords": records}

    def describe_timing_l7_analysis_data(
        self, account: DemoAccount, params: dict[str, Any]
    ) -> dict[str, Any]:
        if "DimensionName" in params:
            raise TencentError(
                "UnknownParameter", "The parameter `DimensionName` is not recognized."
            )
        records = self._timing_records(account, params, EDGE, tuple(ANALYSIS_METRICS))
        return {"TotalCount": len(records), "Data": records}

    def _timing_records(
        self,
        account: DemoAccount,
        params: dict[str, Any],
        measured: str,
        offered: tuple[str, ...],
    ) -> list[dict[str, Any]]:
        """The TimingDataRecords both time-series actions answer with, after the checks
        they share: of the origin's traffic or the edge's (``measured``)."""
        zones = edgeone_zones(account)
        zone_ids = string_list(params, "ZoneIds")
        if not zone_ids:
            raise missing("ZoneIds")
        if len(zone_ids) > MAX_ZONES:
            raise invalid("ZoneIds", f"At most {MAX_ZONES} sites.")
        if zone_ids != ["*"] and any(z not in zones for z in zone_ids):
            raise zone_not_found()
        metrics = string_list(params, "MetricNames")
        if not metrics:
            raise missing("MetricNames")
        if any(m not in offered for m in metrics):
            raise TencentError("InvalidParameter.InvalidMetric", "Invalid metric.")
        start, end = iso_time(params, "StartTime"), iso_time(params, "EndTime")
        if end < start:
            raise TencentError("InvalidParameter.ParameterError", "EndTime is before StartTime.")
        if end - start > MAX_SPAN:
            raise TencentError(
                "LimitExceeded.QueryTimeLimitExceeded", "The query spans more than 31 days."
            )
        interval = self._interval(params, end - start)
        domains = self._domain_filter(params)
        dimension = params.get("DimensionName") or ""
        if dimension not in ("", "domain"):
            raise invalid("DimensionName", "The emulator groups by domain only.")
        if dimension and not domains:
            raise invalid("Filters", "Grouping by domain needs a domain filter.")
        in_zones = {d.name for d in account.domains if zone_ids == ["*"] or d.domain_id in zone_ids}
        groups = (
            {name: [name] for name in domains}
            if dimension
            else {str(APP_ID): domains or sorted(in_zones)}
        )
        first = floor_to_interval(start, interval, BEIJING)
        count = (floor_to_interval(end, interval, BEIJING) - first) // interval + 1
        if len(metrics) * count * len(groups) > MAX_ITEMS:
            raise TencentError(
                "LimitExceeded.TimingDataItemLimitExceeded",
                f"The query asks for more than {MAX_ITEMS} data items.",
            )
        now = self.clock()
        records = []
        for key, members in groups.items():
            known = [name for name in members if name in in_zones]
            points = served_points(
                self.traffic, account, known, first, end, interval, now, measured
            )
            records.append(
                {
                    "TypeKey": key,
                    "TypeValue": [_series(metric, points, interval) for metric in metrics],
                }
            )
        return records

    @staticmethod
    def _interval(params: dict[str, Any], span: int) -> int:
        name = params.get("Interval")
        if name is None:
            return next((i for most, i in AUTO_INTERVAL if span <= most), DAY)
        interval = INTERVALS.get(name) if isinstance(name, str) else None
        if interval is None:
            raise TencentError(
                "InvalidParameter.InvalidInterval", "Invalid interval: use min, 5min, hour or day."
            )
        return interval

    @staticmethod
    def _domain_filter(params: dict[str, Any]) -> list[str]:
        filters = params.get("Filters") or []
        if not isinstance(filters, list):
            raise invalid("Filters")
        domains: list[str] = []
        for condition in filters:
            if not isinstance(condition, dict) or condition.get("Key") != "domain":
                raise TencentError("InvalidParameter.InvalidFilterName", "Invalid filter name.")
            if condition.get("Operator", "equals") != "equals":
                raise invalid("Filters", "The emulator filters domains with equals only.")
            domains += string_list(condition, "Value")
        if len(domains) > MAX_DOMAINS:
            raise invalid("Filters", f"At most {MAX_DOMAINS} domains.")
        return list(dict.fromkeys(domains))


def _series(metric: str, points: list[tuple[int, float]], interval: int) -> dict[str, Any]:
    """One metric's TimingTypeValue: integer values, like the API's ``Integer`` metrics."""
    if metric in ANALYSIS_METRICS:
        share, in_bytes = ANALYSIS_METRICS[metric]
        scale = share * (interval / 8 if in_bytes else 1)
        values = [(t, v * scale) for t, v in points]
    elif metric == "l7Flow_inBandwidth_hy":
        values = [(t, v) for t, v in points]
    elif metric == "l7Flow_outBandwidth_hy":
        values = [(t, v * REQUEST_SHARE) for t, v in points]
    elif metric == "l7Flow_inFlux_hy":
        values = [(t, v * interval / 8) for t, v in points]
    elif metric == "l7Flow_outFlux_hy":
        values = [(t, v * REQUEST_SHARE * interval / 8) for t, v in points]
    else:
        values = [(t, v * interval / 8 / BYTES_PER_REQUEST) for t, v in points]
    detail = [{"Timestamp": t, "Value": round(v)} for t, v in values]
    total = sum(item["Value"] for item in detail)
    return {
        "MetricName": metric,
        "Sum": total,
        "Max": max((item["Value"] for item in detail), default=0),
        "Avg": round(total / len(detail)) if detail else 0,
        "Detail": detail,
    }


def _zone(zone_id: str, name: str) -> dict[str, Any]:
    digest = hashlib.blake2b(name.encode(), digest_size=2).digest()
    created = format_utc(1672531200 + int.from_bytes(digest, "little") * 600)
    return {
        "ZoneId": zone_id,
        "ZoneName": name,
        "AliasZoneName": "",
        "Area": "mainland",
        "Type": "partial",
        "Tags": [],
        "Resources": [],
        "CreatedOn": created,
        "ModifiedOn": created,
        "Status": "active",
        "ActiveStatus": "active",
        "Paused": False,
    }


def _acceleration_domain(name: str, zone_id: str, status: str) -> dict[str, Any]:
    zone = name.partition(".")[2]
    return {
        "ZoneId": zone_id,
        "DomainName": name,
        "DomainStatus": "offline" if status == OFFLINE else "online",
        "Cname": f"{name}.eo.dnse4.com",
        "OriginDetail": {"OriginType": "IP_DOMAIN", "Origin": f"origin.{zone}"},
        "OriginProtocol": "FOLLOW",
        "HttpOriginPort": 80,
        "HttpsOriginPort": 443,
        "CreatedOn": "2024-01-01T00:00:00Z",
        "ModifiedOn": "2024-01-01T00:00:00Z",
    }

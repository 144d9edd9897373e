"""The emulator's Tencent Cloud API 3.0 (CDN and EdgeOne) over raw HTTP, signed with the
project's TC3 signer: answer shapes, the gateway's checks, and the documented limits."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
import requests

from cdnmon.emulator import EmulatorServer, FaultPlan
from cdnmon.emulator.accounts import tencent_demo_accounts
from cdnmon.model import DAY, HOUR, MINUTE, TimeRange, format_utc
from cdnmon.providers.tencent.signing import JSON_CONTENT_TYPE, authorization
from tests.emulated import first_account

BEIJING = timezone(timedelta(hours=8))
# 2024-06-15T12:43:26Z: deliberately not minute-aligned.
NOW = 1718455406.0
VERSIONS = {"cdn": "2018-06-06", "teo": "2022-09-01"}


pytestmark = pytest.mark.emulator(now=NOW, accounts=tencent_demo_accounts())


def call(
    server: EmulatorServer,
    action: str,
    params: dict[str, Any],
    *,
    service: str = "cdn",
    secret: str | None = None,
    key_id: str | None = None,
    timestamp: float | None = None,
    body: bytes | None = None,
    version: str | None = None,
) -> requests.Response:
    demo = first_account(server, "edgeone" if service == "teo" else "tencent")
    stamp = int(server.clock() if timestamp is None else timestamp)
    payload = json.dumps(params).encode() if body is None else body
    host = server.endpoint
    signed = {"Content-Type": JSON_CONTENT_TYPE, "Host": host, "X-TC-Action": action}
    headers = {
        **signed,
        "X-TC-Version": version or VERSIONS[service],
        "X-TC-Timestamp": str(stamp),
        "Authorization": authorization(
            key_id or demo.key_id,
            secret or demo.secret,
            stamp,
            service,
            signed,
            json.dumps(params).encode(),
        ),
    }
    return requests.post(server.url, data=payload, headers=headers, timeout=10)


def answer(response: requests.Response) -> dict[str, Any]:
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    return response.json()["Response"]


def error_code(response: requests.Response) -> str:
    return answer(response)["Error"]["Code"]


def beijing(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def from_beijing(text: str) -> int:
    return int(datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING).timestamp())


def origin(server: EmulatorServer, **params: Any) -> requests.Response:
    base = {"Metric": "bandwidth", "Domains": ["www.video.example.com"], "Interval": "min"}
    return call(server, "DescribeOriginData", {**base, **params})


# ---- the gateway -------------------------------------------------------------------------


def test_error_answers_have_the_documented_shape(server: EmulatorServer) -> None:
    response = call(server, "DescribeDomains", {}, secret="wrong")
    body = response.json()
    assert set(body) == {"Response"}
    assert set(body["Response"]) == {"Error", "RequestId"}
    assert set(body["Response"]["Error"]) == {"Code", "Message"}
    assert error_code(response) == "AuthFailure.SignatureFailure"
    again = call(server, "DescribeDomains", {}, secret="wrong")
    assert answer(again)["RequestId"] != body["Response"]["RequestId"]


@pytest.mark.parametrize(("skew", "code"), [(-290, None), (290, None), (-310, "x"), (310, "x")])
def test_timestamp_must_be_within_five_minutes(
    server: EmulatorServer, skew: int, code: str | None
) -> None:
    response = call(server, "DescribeDomains", {}, timestamp=NOW + skew)
    if code is None:
        assert "Error" not in answer(response)
    else:
        assert error_code(response) == "AuthFailure.SignatureExpire"
        assert "five minutes" in answer(response)["Error"]["Message"]


def test_the_body_is_signed(server: EmulatorServer) -> None:
    tampered = json.dumps({"Offset": 1}).encode()
    assert error_code(call(server, "DescribeDomains", {}, body=tampered)) == (
        "AuthFailure.SignatureFailure"
    )


def test_unknown_key_version_action_and_missing_authorization(server: EmulatorServer) -> None:
    assert error_code(call(server, "DescribeDomains", {}, key_id="AKIDghost")) == (
        "AuthFailure.SecretIdNotFound"
    )
    assert error_code(call(server, "DescribeDomains", {}, version="2017-01-01")) == (
        "NoSuchVersion"
    )
    assert error_code(call(server, "PurgeUrlsCache", {})) == "InvalidAction"
    bare = requests.post(
        server.url, json={}, headers={"X-TC-Action": "DescribeDomains"}, timeout=10
    )
    assert error_code(bare) == "AuthFailure.InvalidAuthorization"


def test_a_revoked_key_is_unknown(server: EmulatorServer) -> None:
    demo = first_account(server, "tencent")
    server.revoke("tencent", demo.key_id)
    assert error_code(call(server, "DescribeDomains", {})) == "AuthFailure.SecretIdNotFound"
    server.restore("tencent", demo.key_id)
    assert "Error" not in answer(call(server, "DescribeDomains", {}))


def test_twenty_calls_a_second_per_key(server: EmulatorServer) -> None:
    codes = [
        answer(call(server, "DescribeDomains", {})).get("Error", {}).get("Code") for _ in range(24)
    ]
    # A loaded machine may spread 24 calls over more than a second: at least the 21st of
    # the first second is refused, and never one of the first 20.
    assert codes[:20] == [None] * 20
    assert "RequestLimitExceeded" in codes
    assert server.stats.throttled("tencent") >= 1


@pytest.mark.parametrize("kind", ["drop", "html", "truncated", "latency"])
def test_faults_reach_tencent_too(server: EmulatorServer, kind: str) -> None:
    server.faults = FaultPlan(kind, rate=1.0, latency_s=0.05, providers=frozenset({"tencent"}))
    if kind == "drop":
        with pytest.raises(requests.ConnectionError):
            call(server, "DescribeDomains", {})
    elif kind == "html":
        assert call(server, "DescribeDomains", {}).headers["Content-Type"] == "text/html"
    elif kind == "truncated":
        with pytest.raises(requests.exceptions.ChunkedEncodingError):
            call(server, "DescribeDomains", {})
    else:
        assert "Error" not in answer(call(server, "DescribeDomains", {}))
    assert server.stats.faults(kind) == 1


# ---- Tencent CDN: DescribeOriginData ----------------------------------------------------


def test_both_ends_are_included_and_rounded_down(server: EmulatorServer) -> None:
    start = int(NOW) // HOUR * HOUR - 3 * HOUR + 10 * MINUTE + 30  # hh:10:30
    response = origin(server, StartTime=beijing(start), EndTime=beijing(start + 5 * MINUTE))
    [data] = answer(response)["Data"]
    times = [p["Time"] for p in data["OriginData"][0]["DetailData"]]
    first = start - 30
    assert times[0] == beijing(first) and times[-1] == beijing(first + 5 * MINUTE)
    hourly = origin(server, StartTime=beijing(start), EndTime=beijing(start), Interval="hour")
    [data] = answer(hourly)["Data"]
    assert [p["Time"] for p in data["OriginData"][0]["DetailData"]] == [
        beijing(start // HOUR * HOUR)
    ]


def test_points_match_the_traffic_model_and_time_zone_is_honoured(
    server: EmulatorServer,
) -> None:
    span = TimeRange(int(NOW) // HOUR * HOUR - 3 * HOUR, int(NOW) // HOUR * HOUR - HOUR)
    expected = server.expected_series(
        "tencent", first_account(server, "tencent").key_id, "www.video.example.com", span, MINUTE
    )
    in_beijing = origin(server, StartTime=beijing(span.start), EndTime=beijing(span.end - 1))
    utc = origin(
        server,
        StartTime=datetime.fromtimestamp(span.start, UTC).strftime("%Y-%m-%d %H:%M:%S"),
        EndTime=datetime.fromtimestamp(span.end - 1, UTC).strftime("%Y-%m-%d %H:%M:%S"),
        TimeZone="UTC+00:00",
    )
    [beijing_data] = answer(in_beijing)["Data"]
    [utc_data] = answer(utc)["Data"]
    served = [
        (from_beijing(p["Time"]), p["Value"]) for p in beijing_data["OriginData"][0]["DetailData"]
    ]
    assert served == expected and len(expected) > 100
    assert [p["Value"] for p in utc_data["OriginData"][0]["DetailData"]] == [v for _, v in served]
    assert answer(in_beijing)["Interval"] == "min"


def test_detail_gives_one_series_per_domain_and_without_it_one_sum(
    server: EmulatorServer,
) -> None:
    names = ["www.video.example.com", "img.video.example.com"]
    end = int(NOW) // HOUR * HOUR - HOUR
    times = {"StartTime": beijing(end - HOUR), "EndTime": beijing(end)}
    detail = answer(origin(server, Domains=names, Detail=True, **times))["Data"]
    summed = answer(origin(server, Domains=names, **times))["Data"]
    assert [d["Resource"] for d in detail] == names
    assert [d["Resource"] for d in summed] == ["multiDomains"]
    per_domain = [{p["Time"]: p["Value"] for p in d["OriginData"][0]["DetailData"]} for d in detail]
    total = {p["Time"]: p["Value"] for p in summed[0]["OriginData"][0]["DetailData"]}
    assert set(total) == set(per_domain[0]) | set(per_domain[1])  # a point of either domain
    for t, value in total.items():
        assert value == pytest.approx(sum(d.get(t, 0.0) for d in per_domain), abs=1.0)


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"Interval": "min", "span": DAY + MINUTE}, "InvalidParameter.CdnInvalidParamInterval"),
        ({"Interval": "5min", "span": 32 * DAY}, "InvalidParameter.CdnInvalidParamInterval"),
        ({"Interval": "day", "span": 91 * DAY}, "InvalidParameter.CdnStatInvalidDate"),
        ({"Interval": "min", "Area": "overseas"}, "InvalidParameter.CdnInvalidParamInterval"),
        ({"Interval": "week"}, "InvalidParameter.CdnInvalidParamInterval"),
        ({"Domains": ["nope.example.org"]}, "ResourceNotFound.CdnHostNotExists"),
        (
            {"Domains": [f"d{i}.example.org" for i in range(31)]},
            "InvalidParameter.CdnStatTooManyDomains",
        ),
        ({"Metric": "hits"}, "InvalidParameter.CdnStatInvalidMetric"),
        ({"StartTime": "2024-06-15T10:00:00Z"}, "InvalidParameter.CdnStatInvalidDate"),
        ({"TimeZone": "Asia/Shanghai"}, "InvalidParameter"),
    ],
)
def test_documented_limits(server: EmulatorServer, params: dict[str, Any], code: str) -> None:
    end = int(NOW) // HOUR * HOUR
    span = params.pop("span", HOUR)
    times = {"StartTime": beijing(end - span), "EndTime": beijing(end)}
    assert error_code(origin(server, **{**times, **params})) == code


def test_domains_page(server: EmulatorServer) -> None:
    demo = first_account(server, "tencent")
    first = answer(call(server, "DescribeDomains", {"Limit": 4}))
    rest = answer(call(server, "DescribeDomains", {"Offset": 4, "Limit": 1000}))
    assert first["TotalNumber"] == len(demo.domains)
    assert [d["Domain"] for d in first["Domains"] + rest["Domains"]] == [
        d.name for d in demo.domains
    ]
    assert error_code(call(server, "DescribeDomains", {"Limit": 1001})) == "InvalidParameter"


# ---- EdgeOne: DescribeTimingL7OriginPullData ---------------------------------------------


def pull(server: EmulatorServer, **params: Any) -> requests.Response:
    demo = first_account(server, "edgeone")
    end = int(NOW) // HOUR * HOUR - HOUR
    base = {
        "ZoneIds": [demo.domains[0].domain_id],
        "MetricNames": ["l7Flow_inBandwidth_hy"],
        "StartTime": format_utc(end - HOUR),
        "EndTime": format_utc(end - 1),
        "Interval": "min",
        "Filters": [{"Key": "domain", "Operator": "equals", "Value": ["www.store.example.com"]}],
        "DimensionName": "domain",
    }
    return call(server, "DescribeTimingL7OriginPullData", {**base, **params}, service="teo")


def test_edgeone_series_per_domain_match_the_traffic_model(server: EmulatorServer) -> None:
    demo = first_account(server, "edgeone")
    end = int(NOW) // HOUR * HOUR - HOUR
    [record] = answer(pull(server))["TimingDataRecords"]
    assert record["TypeKey"] == "www.store.example.com"
    [series] = record["TypeValue"]
    expected = server.expected_series(
        "edgeone", demo.key_id, "www.store.example.com", TimeRange(end - HOUR, end), MINUTE
    )
    assert [(d["Timestamp"], float(d["Value"])) for d in series["Detail"]] == expected
    assert series["Max"] == max(v for _, v in expected)


def test_edgeone_request_bandwidth_is_the_smaller_other_direction(server: EmulatorServer) -> None:
    both = answer(pull(server, MetricNames=["l7Flow_inBandwidth_hy", "l7Flow_outBandwidth_hy"]))
    inbound, outbound = both["TimingDataRecords"][0]["TypeValue"]
    assert outbound["Max"] < inbound["Max"] / 10


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"StartTime": format_utc(NOW - 32 * DAY)}, "LimitExceeded.QueryTimeLimitExceeded"),
        ({"ZoneIds": ["zone-000000000000"]}, "InvalidParameter.ZoneNotFound"),
        ({"MetricNames": ["l7Flow_bandwidth"]}, "InvalidParameter.InvalidMetric"),
        ({"Interval": "2min"}, "InvalidParameter.InvalidInterval"),
        ({"Filters": [{"Key": "country", "Value": ["CN"]}]}, "InvalidParameter.InvalidFilterName"),
        (
            {
                "StartTime": format_utc(NOW - 20 * DAY),
                "Filters": [
                    {"Key": "domain", "Value": [f"h{i}.store.example.com" for i in range(5)]}
                ],
            },
            "LimitExceeded.TimingDataItemLimitExceeded",
        ),
    ],
)
def test_edgeone_documented_limits(
    server: EmulatorServer, params: dict[str, Any], code: str
) -> None:
    assert error_code(pull(server, **params)) == code


def test_edgeone_grouped_calls_must_not_overlap(server: EmulatorServer) -> None:
    server.faults = FaultPlan("latency", rate=1.0, latency_s=0.3, providers=frozenset({"edgeone"}))
    codes: list[str | None] = []

    def one() -> None:
        codes.append(answer(pull(server)).get("Error", {}).get("Code"))

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
        time.sleep(0.05)
    for thread in threads:
        thread.join()
    assert sorted(codes, key=lambda code: code or "") == [
        None,
        "InvalidParameter.ActionInProgress",
    ]
    assert "Error" not in answer(pull(server, DimensionName=""))


def test_edgeone_sites_and_domains(server: EmulatorServer) -> None:
    demo = first_account(server, "edgeone")
    zones = answer(call(server, "DescribeZones", {}, service="teo"))
    assert [z["ZoneId"] for z in zones["Zones"]] == [demo.domains[0].domain_id]
    zone_id = demo.domains[0].domain_id
    domains = answer(
        call(server, "DescribeAccelerationDomains", {"ZoneId": zone_id}, service="teo")
    )
    assert domains["TotalCount"] == len(demo.domains)
    assert len(domains["AccelerationDomains"]) == 8  # one default page of 20
    assert (
        error_code(call(server, "DescribeAccelerationDomains", {"ZoneId": "zone-x"}, service="teo"))
        == "InvalidParameter.ZoneNotFound"
    )

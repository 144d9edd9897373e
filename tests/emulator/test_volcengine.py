"""The emulator's Volcengine CDN over raw HTTP, signed with the project's signer: answer
shapes, the documented statistics periods and span rules, the gateway's checks and the
documented errors and rate limit."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
import requests

from cdnmon.emulator import EmulatorServer, FaultPlan
from cdnmon.emulator.accounts import DemoAccount, volcengine_demo_accounts
from cdnmon.model import DAY, HOUR, MINUTE, TimeRange
from cdnmon.providers.volcengine.signing import signed_headers, x_date
from tests.emulated import ManualClock

# 2024-06-15T12:43:26Z: deliberately not minute-aligned.
NOW = 1718455406.0
pytestmark = pytest.mark.emulator(now=NOW, accounts=volcengine_demo_accounts())
HOUR_START = 1718452800  # 2024-06-15T12:00:00Z


def demo(emulator: EmulatorServer) -> DemoAccount:
    return emulator.accounts[0]


def call(
    emulator: EmulatorServer,
    action: str,
    params: dict[str, Any],
    *,
    key_id: str | None = None,
    secret: str | None = None,
    timestamp: float | None = None,
    service: str = "CDN",
    version: str = "2021-03-01",
    body: bytes | None = None,
) -> requests.Response:
    account = demo(emulator)
    signed_body = json.dumps(params).encode()
    query = {"Action": action, "Version": version}
    headers = signed_headers(
        key_id or account.key_id,
        secret or account.secret,
        int(emulator.clock() if timestamp is None else timestamp),
        "cn-north-1",
        service,
        "POST",
        "/",
        query,
        {"Host": emulator.endpoint, "Content-Type": "application/json"},
        signed_body,
    )
    return requests.post(
        emulator.url,
        params=query,
        data=signed_body if body is None else body,
        headers=headers,
        timeout=10,
    )


def result(response: requests.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    answer = response.json()
    assert "Error" not in answer["ResponseMetadata"], answer
    return answer["Result"]


def error(response: requests.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    metadata = response.json()["ResponseMetadata"]
    assert metadata["RequestId"] and "Result" not in response.json()
    return metadata["Error"]


def origin(
    emulator: EmulatorServer, start: int, end: int, interval: str | None, domain: str | None
) -> requests.Response:
    params: dict[str, Any] = {"Metric": "bandwidth", "StartTime": start, "EndTime": end}
    if interval is not None:
        params["Interval"] = interval
    if domain is not None:
        params["Domain"] = domain
    return call(emulator, "DescribeOriginData", params)


def stamps(response: requests.Response) -> list[int]:
    [series] = result(response)["MetricDataList"]
    return [value["TimeStamp"] for value in series["Values"]]


def values(response: requests.Response) -> dict[int, float]:
    [series] = result(response)["MetricDataList"]
    return {value["TimeStamp"]: value["Value"] for value in series["Values"]}


def offline(emulator: EmulatorServer) -> str:
    """The stopped domain: it serves zeros, never a gap, so every bucket is there."""
    return next(d.name for d in demo(emulator).domains if d.status == "offline")


# ---- answers ----------------------------------------------------------------------------------


def test_origin_data_answer_is_shaped_as_documented(server: EmulatorServer) -> None:
    account = demo(server)
    name = account.domains[0].name
    span = TimeRange(HOUR_START - 2 * HOUR, HOUR_START)
    response = origin(server, span.start, span.end - 1, "1min", name)
    metadata = response.json()["ResponseMetadata"]
    assert metadata["Action"] == "DescribeOriginData" and metadata["Version"] == "2021-03-01"
    assert metadata["Service"] == "CDN" and metadata["Region"] == "cn-north-1"
    [series] = result(response)["MetricDataList"]
    assert series["Metric"] == "bandwidth"
    points = [(v["TimeStamp"], v["Value"]) for v in series["Values"]]
    expected = server.expected_series("volcengine", account.key_id, name, span, MINUTE)
    assert points == expected and len(points) > 100


def test_statistics_periods_are_the_documented_buckets(
    server: EmulatorServer,
) -> None:
    """StartTime 15:07 and EndTime 15:20 give [15:05, 15:25) at 5min and 15:07..15:20 at
    1min; an EndTime on a bucket's start includes that bucket."""
    at = 1718377200  # 2024-06-14T15:00:00Z
    name = offline(server)
    assert stamps(origin(server, at + 7 * 60, at + 20 * 60, "5min", name)) == [
        at + m * 60 for m in (5, 10, 15, 20)
    ]
    assert stamps(origin(server, at + 7 * 60, at + 15 * 60, "5min", name)) == [
        at + m * 60 for m in (5, 10, 15)
    ]
    minutes = stamps(origin(server, at + 7 * 60, at + 20 * 60, "1min", name))
    assert minutes == [at + m * 60 for m in range(7, 21)]
    assert stamps(origin(server, at + 7 * 60, at + 7 * 60 + 59, "hour", name)) == [at]


def test_an_hour_is_its_peak_five_minutes(server: EmulatorServer) -> None:
    name = demo(server).domains[1].name
    start = HOUR_START - 6 * HOUR
    fives = values(origin(server, start, HOUR_START - 1, "5min", name))
    hours = values(origin(server, start, HOUR_START - 1, "hour", name))
    peaks: dict[int, float] = {}
    for t, v in fives.items():
        peaks[t // HOUR * HOUR] = max(peaks.get(t // HOUR * HOUR, 0.0), v)
    assert hours == peaks and len(hours) == 6


def test_several_domains_are_one_summed_series(server: EmulatorServer) -> None:
    """``Domain`` filters: the documented answer names no domain, so two come back as one."""
    a, b = (d.name for d in demo(server).domains[:2])
    start, end = HOUR_START - HOUR, HOUR_START - 1
    both = result(origin(server, start, end, "1min", f"{a},{b}"))
    [series] = both["MetricDataList"]
    alone = [values(origin(server, start, end, "1min", n)) for n in (a, b)]
    for value in series["Values"]:
        t = value["TimeStamp"]
        assert value["Value"] == pytest.approx(alone[0].get(t, 0.0) + alone[1].get(t, 0.0))


def test_domain_list_pages(server: EmulatorServer) -> None:
    account = demo(server)
    first = result(call(server, "ListCdnDomains", {"PageNum": 1, "PageSize": 5}))
    second = result(call(server, "ListCdnDomains", {"PageNum": 2, "PageSize": 5}))
    assert first["Total"] == second["Total"] == len(account.domains) == 9
    assert len(first["Data"]) == 5 and len(second["Data"]) == 4
    assert [d["Domain"] for d in first["Data"] + second["Data"]] == [
        d.name for d in account.domains
    ]
    assert [d["Status"] for d in first["Data"] + second["Data"]] == ["online"] * 8 + ["offline"]
    assert len(result(call(server, "ListCdnDomains", {}))["Data"]) == 9  # 10 a page
    refused = error(call(server, "ListCdnDomains", {"PageSize": 101}), 200)
    assert refused["Code"] == "InvalidParameter.PageSize"


# ---- the documented limits ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("span", "interval", "allowed"),
    [
        (DAY, "1min", True),
        (DAY, "hour", True),
        (DAY, "day", False),
        (DAY + 60, "1min", False),
        (DAY + 60, "5min", True),
        (DAY + 60, "day", True),
        (3 * DAY, "5min", True),
        (3 * DAY + 60, "5min", False),
        (3 * DAY + 60, "hour", True),
        (31 * DAY, "hour", True),
        (DAY, "2min", False),
    ],
)
def test_intervals_follow_the_span_rules(
    server: EmulatorServer, span: int, interval: str, allowed: bool
) -> None:
    name = offline(server)
    end = HOUR_START - HOUR
    response = origin(server, end - span, end, interval, name)
    if allowed:
        assert stamps(response)
    else:
        assert error(response, 200)["Code"] == "InvalidParameter.Interval"


def test_default_interval_is_five_minutes_and_fails_beyond_three_days(
    server: EmulatorServer,
) -> None:
    name = offline(server)
    got = stamps(origin(server, HOUR_START - HOUR, HOUR_START - 1, None, name))
    assert got[1] - got[0] == 5 * MINUTE
    too_long = origin(server, HOUR_START - 4 * DAY, HOUR_START, None, name)
    assert error(too_long, 200)["Code"] == "InvalidParameter.Interval"


def test_at_most_31_days_from_the_last_92(server: EmulatorServer) -> None:
    name = offline(server)
    long = origin(server, HOUR_START - 32 * DAY, HOUR_START, "hour", name)
    assert error(long, 200)["Code"] == "InvalidParameter.EndTime"
    old = origin(server, HOUR_START - 93 * DAY, HOUR_START - 90 * DAY, "hour", name)
    assert error(old, 200)["Code"] == "InvalidParameter.StartTime"


def test_unknown_domains_are_named_and_50_at_most(server: EmulatorServer) -> None:
    good = demo(server).domains[0].name
    response = origin(server, HOUR_START - HOUR, HOUR_START, "1min", f"{good},nope.example.org")
    refused = error(response, 200)
    assert refused == {"Code": "NotFound.Domain", "Message": "账户下无此域名:nope.example.org"}
    many = ",".join(f"h{i}.example.org" for i in range(51))
    too_many = origin(server, HOUR_START - HOUR, HOUR_START, "1min", many)
    assert error(too_many, 200)["Code"] == "InvalidParameter.Domain"


def test_more_than_20_calls_a_second_are_throttled(server: EmulatorServer) -> None:
    """Calls from many threads; the limiter's own clock stands still, so "a second" does not
    depend on how fast this machine sends them."""
    second = ManualClock(1000.0)
    server.volcengine.limiter.clock = second
    statuses: list[int] = []
    refusals: list[dict[str, Any]] = []
    lock = threading.Lock()

    def one() -> None:
        response = call(server, "ListCdnDomains", {})
        with lock:
            statuses.append(response.status_code)
            if response.status_code == 429:
                refusals.append(response.json()["ResponseMetadata"]["Error"])

    threads = [threading.Thread(target=one) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses.count(200) == 20 and statuses.count(429) == 10
    assert {(e["Code"], e["CodeN"]) for e in refusals} == {("FlowLimitExceeded", 100018)}
    assert server.stats.throttled("volcengine") == 10
    second.advance(1.0)  # refused calls are not counted: the next second is free again
    assert result(call(server, "ListCdnDomains", {}))["Total"] == len(demo(server).domains)


# ---- the gateway's checks ------------------------------------------------------------------------


def test_a_wrong_secret_is_a_signature_mismatch(server: EmulatorServer) -> None:
    refused = error(call(server, "ListCdnDomains", {}, secret="wrong"), 401)
    assert refused["Code"] == "SignatureDoesNotMatch" and refused["CodeN"] == 100010


def test_a_body_changed_after_signing_is_a_signature_mismatch(
    server: EmulatorServer,
) -> None:
    response = call(server, "ListCdnDomains", {"PageSize": 2}, body=b'{"PageSize":3}')
    assert error(response, 401)["Code"] == "SignatureDoesNotMatch"


def test_an_unknown_or_disabled_key(server: EmulatorServer) -> None:
    refused = error(call(server, "ListCdnDomains", {}, key_id="AKLTnobody"), 401)
    assert refused["Code"] == "InvalidAccessKey" and refused["CodeN"] == 100009
    account = demo(server)
    server.revoke("volcengine", account.key_id)
    assert error(call(server, "ListCdnDomains", {}), 401)["Code"] == "InvalidAccessKey"
    server.restore("volcengine", account.key_id)
    assert result(call(server, "ListCdnDomains", {}))["Total"] == len(demo(server).domains)


def test_x_date_may_be_15_minutes_off(server: EmulatorServer) -> None:
    assert result(call(server, "ListCdnDomains", {}, timestamp=NOW - 14 * MINUTE))
    for off in (-16 * MINUTE, 16 * MINUTE):
        response = call(server, "ListCdnDomains", {}, timestamp=NOW + off)
        refused = error(response, 400)
        assert refused["Code"] == "InvalidTimestamp" and refused["CodeN"] == 100006


def test_service_action_and_version_are_checked(server: EmulatorServer) -> None:
    assert error(call(server, "ListCdnDomains", {}, service="iam"), 404)["Code"] == (
        "ServiceNotFound"
    )
    assert error(call(server, "StartCdnDomain", {}), 404)["Code"] == ("InvalidActionOrVersion")
    assert (
        error(call(server, "ListCdnDomains", {}, version="2020-01-01"), 404)["Code"]
        == "InvalidActionOrVersion"
    )


def test_requests_without_a_proper_authorization(server: EmulatorServer) -> None:
    url = server.url
    query = {"Action": "ListCdnDomains", "Version": "2021-03-01"}
    date = {"X-Date": x_date(int(NOW))}
    bare = requests.post(url, params=query, json={}, headers=date, timeout=10)
    assert error(bare, 401)["Code"] == "MissingAuthenticationToken"
    garbled = requests.post(
        url, params=query, json={}, headers={**date, "Authorization": "HMAC-SHA256 x"}, timeout=10
    )
    assert error(garbled, 400)["Code"] == "InvalidAuthorization"
    signed = signed_headers(
        "AK", "SK", int(NOW), "cn-north-1", "CDN", "POST", "/", {}, {"Host": "h"}, b"{}"
    )
    no_action = requests.post(url, data=b"{}", headers=signed, timeout=10)
    assert error(no_action, 400)["Code"] == "MissingParameter"


def test_host_must_be_signed(server: EmulatorServer) -> None:
    account = demo(server)
    query = {"Action": "ListCdnDomains", "Version": "2021-03-01"}
    headers = signed_headers(
        account.key_id,
        account.secret,
        int(NOW),
        "cn-north-1",
        "CDN",
        "POST",
        "/",
        query,
        {"Content-Type": "application/json"},
        b"{}",
    )
    response = requests.post(server.url, params=query, data=b"{}", headers=headers, timeout=10)
    assert error(response, 401)["Code"] == "SignatureDoesNotMatch"


# ---- faults --------------------------------------------------------------------------------------


def test_injected_faults_answer_as_volcengine(server: EmulatorServer) -> None:
    server.faults = FaultPlan("throttle", providers=frozenset({"volcengine"}))
    assert error(call(server, "ListCdnDomains", {}), 429)["Code"] == ("FlowLimitExceeded")
    server.faults = FaultPlan("server_error")
    refused = error(call(server, "ListCdnDomains", {}), 500)
    assert refused == {
        "CodeN": 100014,
        "Code": "InternalError",
        "Message": "Service has some internal Error. Pls Contact With Admin.",
    }
    server.faults = FaultPlan("server_error", providers=frozenset({"tencent"}))
    assert result(call(server, "ListCdnDomains", {}))["Total"] == len(demo(server).domains)

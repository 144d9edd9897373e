"""Fault injection: every kind is observable over HTTP, restricted and repeatable."""

from __future__ import annotations

import json
import time

import pytest
import requests

from cdnmon.emulator import FaultPlan
from cdnmon.model import InputError, format_utc
from tests.emulator.signed import (
    FIXED_NOW,
    GAMES_PRIVATE,
    GAMES_PUBLIC,
    SHOP_ID,
    SHOP_SECRET,
    aliyun_v1_params,
    ucloud_params,
)

START = int(FIXED_NOW) // 3600 * 3600 - 3600


pytestmark = pytest.mark.emulator(now=FIXED_NOW)


def aliyun_call(http, server, domain="img.shop.example.com"):
    params = {
        "DomainName": domain,
        "StartTime": format_utc(START),
        "EndTime": format_utc(START + 300),
    }
    signed = aliyun_v1_params(
        SHOP_ID, SHOP_SECRET, "DescribeDomainRealTimeSrcBpsData", params, now=FIXED_NOW
    )
    return http.get(server.url, params=signed, timeout=5)


def ucloud_call(http, server):
    domain_id = server.account("ucloud", GAMES_PUBLIC).domains[0].domain_id
    params = {"Type": 3, "BeginTime": START, "EndTime": START + 300, "DomainId.0": domain_id}
    signed = ucloud_params(GAMES_PUBLIC, GAMES_PRIVATE, "GetUcdnPassBandwidthV2", params)
    return http.post(server.url, data=signed, timeout=5)


@pytest.mark.parametrize(
    ("text", "plan"),
    [
        ("throttle:0.3", FaultPlan("throttle", 0.3)),
        ("drop", FaultPlan("drop", 1.0)),
        ("latency:1:0.25", FaultPlan("latency", 1.0, latency_s=0.25)),
        (" HTML:0 ", FaultPlan("html", 0.0)),
    ],
)
def test_parse(text, plan):
    assert FaultPlan.parse(text) == plan


@pytest.mark.parametrize("text", ["boom:0.1", "throttle:x", "throttle:1.5", "latency:1:2:3", ""])
def test_parse_rejects_nonsense(text):
    with pytest.raises(InputError):
        FaultPlan.parse(text)


def test_throttle(http, server):
    server.faults = FaultPlan("throttle")
    response = aliyun_call(http, server)
    assert (response.status_code, response.json()["Code"]) == (503, "Throttling")
    assert ucloud_call(http, server).json()["RetCode"] == 153
    assert server.stats.throttled() == 2 and server.stats.faults("throttle") == 2


def test_server_error(http, server):
    server.faults = FaultPlan("server_error", seed=3)
    answers = {
        (r.status_code, r.json()["Code"]) for r in (aliyun_call(http, server) for _ in range(12))
    }
    assert answers == {(500, "InternalError"), (503, "ServiceUnavailable")}
    assert ucloud_call(http, server).json()["RetCode"] == 150


def test_latency_then_a_normal_answer(http, server):
    server.faults = FaultPlan("latency", latency_s=0.3)
    started = time.monotonic()
    response = aliyun_call(http, server)
    assert time.monotonic() - started >= 0.3
    assert response.status_code == 200 and response.json()["DataInterval"] == "60"


def test_drop_closes_the_connection_unanswered(http, server):
    server.faults = FaultPlan("drop")
    with pytest.raises(requests.ConnectionError):
        aliyun_call(http, server)
    with pytest.raises(requests.ConnectionError):
        ucloud_call(http, server)
    server.faults = None
    assert aliyun_call(http, server).status_code == 200  # the session recovers


def test_malformed_json(http, server):
    server.faults = FaultPlan("malformed")
    for response in (aliyun_call(http, server), ucloud_call(http, server)):
        assert response.status_code == 200
        assert int(response.headers["Content-Length"]) == len(response.content)
        with pytest.raises(json.JSONDecodeError):
            json.loads(response.content)


def test_html_error_page(http, server):
    server.faults = FaultPlan("html")
    for response in (aliyun_call(http, server), ucloud_call(http, server)):
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/html")
        assert response.text.startswith("<!DOCTYPE html>")


def test_faults_can_target_domains_and_providers(http, server):
    server.faults = FaultPlan("throttle", domains=frozenset({"www.shop.example.com"}))
    assert aliyun_call(http, server).status_code == 200
    assert aliyun_call(http, server, "www.shop.example.com").status_code == 503
    assert ucloud_call(http, server).json()["RetCode"] == 0
    patch = server.account("ucloud", GAMES_PUBLIC).domains[0]
    server.faults = FaultPlan("throttle", domains=frozenset({patch.name}))
    assert ucloud_call(http, server).json()["RetCode"] == 153  # matched via its DomainId
    server.faults = FaultPlan("throttle", providers=frozenset({"ucloud"}))
    assert aliyun_call(http, server).status_code == 200


def test_rate_is_a_repeatable_fraction(http, server):
    def pattern() -> list[bool]:
        server.faults = FaultPlan("throttle", rate=0.3, seed=7)  # setting restarts the RNG
        return [aliyun_call(http, server).status_code == 503 for _ in range(40)]

    first = pattern()
    assert first == pattern()
    assert 4 <= sum(first) <= 20

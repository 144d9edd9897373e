"""Fidelity: the official ``volcengine`` SDK's CDN client (volcengine.cdn.service.CDNService),
pointed at the emulator over plain http, gets data back and the documented errors.

The SDK returns the answer of an HTTP 200 as a dict (a CDN error is then in
``ResponseMetadata.Error``) and raises ``Exception(body)`` for any other status (the
gateway's errors). The data clock is real time: the SDK signs with it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from volcengine.cdn.service import CDNService

from cdnmon.emulator import EmulatorServer, FaultPlan
from cdnmon.emulator.accounts import DemoAccount, volcengine_demo_accounts
from cdnmon.model import EDGE, MINUTE, TimeRange

pytestmark = pytest.mark.emulator(real_time=True, accounts=volcengine_demo_accounts())


def demo(emulator: EmulatorServer) -> DemoAccount:
    return emulator.accounts[0]


def cdn(emulator: EmulatorServer, secret: str | None = None, key_id: str | None = None):
    """The SDK's client (a process-wide singleton: every setting is made afresh here)."""
    account = demo(emulator)
    service = CDNService()
    service.set_host(emulator.endpoint)
    service.set_scheme("http")
    service.set_ak(key_id or account.key_id)
    service.set_sk(secret or account.secret)
    service.set_connection_timeout(5)
    service.set_socket_timeout(10)
    return service


def origin_params(domain: str, window: TimeRange, interval: str = "1min") -> dict[str, Any]:
    return {
        "Metric": "bandwidth",
        "StartTime": window.start,
        "EndTime": window.end - 1,
        "Interval": interval,
        "Domain": domain,
    }


def gateway_error(caught: pytest.ExceptionInfo[Exception]) -> dict[str, Any]:
    """The error the SDK raises for a non-200 answer: the answer's bytes."""
    [body] = caught.value.args
    return json.loads(body)["ResponseMetadata"]["Error"]


def test_sdk_gets_each_domain_s_origin_bandwidth(server: EmulatorServer, window: TimeRange) -> None:
    account = demo(server)
    for domain in account.domains:
        answer = cdn(server).describe_origin_data(origin_params(domain.name, window))
        assert answer["ResponseMetadata"]["Action"] == "DescribeOriginData"
        [series] = answer["Result"]["MetricDataList"]
        assert series["Metric"] == "bandwidth"
        served = [(v["TimeStamp"], v["Value"]) for v in series["Values"]]
        expected = server.expected_series("volcengine", account.key_id, domain.name, window, MINUTE)
        assert served == expected and len(expected) > 50


def test_sdk_gets_each_domain_s_edge_bandwidth(server: EmulatorServer, window: TimeRange) -> None:
    account = demo(server)
    for domain in account.domains[:3]:
        answer = cdn(server).describe_district_data(origin_params(domain.name, window))
        assert answer["ResponseMetadata"]["Action"] == "DescribeDistrictData"
        [series] = answer["Result"]["MetricDataList"]
        served = [(v["TimeStamp"], v["Value"]) for v in series["Values"]]
        expected = server.expected_series(
            "volcengine", account.key_id, domain.name, window, MINUTE, EDGE
        )
        assert served == expected and len(expected) > 50


def test_sdk_pages_the_domain_list(server: EmulatorServer) -> None:
    names: list[str] = []
    total = None
    while total is None or len(names) < total:
        page = len(names) // 2 + 1
        answer = cdn(server).list_cdn_domains({"PageNum": page, "PageSize": 2})
        total = answer["Result"]["Total"]
        names += [d["Domain"] for d in answer["Result"]["Data"]]
    assert names == [d.name for d in demo(server).domains]


def test_sdk_wrong_secret_is_a_signature_mismatch(server: EmulatorServer) -> None:
    with pytest.raises(Exception) as caught:  # the SDK raises a bare Exception
        cdn(server, secret="wrong-secret").list_cdn_domains({})
    refused = gateway_error(caught)
    assert refused["Code"] == "SignatureDoesNotMatch" and refused["CodeN"] == 100010


def test_sdk_unknown_access_key(server: EmulatorServer) -> None:
    with pytest.raises(Exception) as caught:
        cdn(server, key_id="AKLTnobodyknowsthisone").list_cdn_domains({})
    assert gateway_error(caught)["Code"] == "InvalidAccessKey"


def test_sdk_unknown_domain(server: EmulatorServer, window: TimeRange) -> None:
    answer = cdn(server).describe_origin_data(origin_params("nope.example.org", window))
    assert answer["ResponseMetadata"]["Error"]["Code"] == "NotFound.Domain"
    assert "Result" not in answer


def test_sdk_bad_interval(server: EmulatorServer, window: TimeRange) -> None:
    name = demo(server).domains[0].name
    answer = cdn(server).describe_origin_data(origin_params(name, window, "day"))
    assert answer["ResponseMetadata"]["Error"]["Code"] == "InvalidParameter.Interval"


def test_sdk_sees_throttling(server: EmulatorServer) -> None:
    server.faults = FaultPlan("throttle", providers=frozenset({"volcengine"}))
    with pytest.raises(Exception) as caught:
        cdn(server).list_cdn_domains({})
    refused = gateway_error(caught)
    assert refused["Code"] == "FlowLimitExceeded" and refused["CodeN"] == 100018

"""Fidelity: Tencent Cloud's official SDK clients (tencentcloud-sdk-python-cdn and -teo, on
-common), pointed at the emulator over plain http, get data back and the documented errors.

Retries are off and timeouts short, so a failure is fast. The data clock is real time: the
SDK signs with it.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from tencentcloud.cdn.v20180606 import cdn_client
from tencentcloud.cdn.v20180606 import models as cdn_models
from tencentcloud.common.credential import Credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.teo.v20220901 import models as teo_models
from tencentcloud.teo.v20220901 import teo_client

from cdnmon.emulator import EmulatorServer, FaultPlan
from cdnmon.emulator.accounts import tencent_demo_accounts
from cdnmon.model import EDGE, MINUTE, TimeRange, format_utc
from tests.emulated import first_account

BEIJING = timezone(timedelta(hours=8))


# The SDK signs with the real clock; each test has an emulator of its own.
pytestmark = pytest.mark.emulator(real_time=True, accounts=tencent_demo_accounts())


def profile(server: EmulatorServer) -> ClientProfile:
    http = HttpProfile(protocol="http", endpoint=server.endpoint, reqTimeout=10)
    return ClientProfile(httpProfile=http)


def cdn(server: EmulatorServer, secret: str | None = None, key_id: str | None = None):
    demo = first_account(server, "tencent")
    credential = Credential(key_id or demo.key_id, secret or demo.secret)
    return cdn_client.CdnClient(credential, "", profile(server))


def teo(server: EmulatorServer, secret: str | None = None):
    demo = first_account(server, "edgeone")
    return teo_client.TeoClient(Credential(demo.key_id, secret or demo.secret), "", profile(server))


def beijing(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def from_beijing(text: str) -> int:
    return int(datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING).timestamp())


# ---- Tencent Cloud CDN -----------------------------------------------------------------------


def origin_data_request(
    domains: list[str], window: TimeRange
) -> cdn_models.DescribeOriginDataRequest:
    request = cdn_models.DescribeOriginDataRequest()
    request.from_json_string(
        json.dumps(
            {
                "StartTime": beijing(window.start),
                "EndTime": beijing(window.end - 1),
                "Metric": "bandwidth",
                "Domains": domains,
                "Interval": "min",
                "Detail": True,
            }
        )
    )
    return request


def test_cdn_sdk_gets_one_series_per_domain(server: EmulatorServer, window: TimeRange) -> None:
    demo = first_account(server, "tencent")
    domains = [d.name for d in demo.domains[:3]]
    answer = cdn(server).DescribeOriginData(origin_data_request(domains, window))
    assert answer.Interval == "min" and answer.RequestId
    assert [d.Resource for d in answer.Data] == domains
    for resource in answer.Data:
        [series] = resource.OriginData
        assert series.Metric == "bandwidth"
        served = [(from_beijing(p.Time), p.Value) for p in series.DetailData]
        expected = server.expected_series("tencent", demo.key_id, resource.Resource, window, MINUTE)
        assert served == expected and len(expected) > 50


def test_cdn_sdk_gets_edge_bandwidth_per_domain(server: EmulatorServer, window: TimeRange) -> None:
    demo = first_account(server, "tencent")
    domains = [d.name for d in demo.domains[:3]]
    request = cdn_models.DescribeCdnDataRequest()
    request.from_json_string(origin_data_request(domains, window).to_json_string())
    answer = cdn(server).DescribeCdnData(request)
    assert answer.Interval == "min" and [d.Resource for d in answer.Data] == domains
    for resource in answer.Data:
        [series] = resource.CdnData
        assert series.Metric == "bandwidth"
        served = [(from_beijing(p.Time), p.Value) for p in series.DetailData]
        expected = server.expected_series(
            "tencent", demo.key_id, resource.Resource, window, MINUTE, EDGE
        )
        assert served == expected and len(expected) > 50


def test_cdn_sdk_pages_domains(server: EmulatorServer) -> None:
    demo = first_account(server, "tencent")
    client = cdn(server)
    names: list[str] = []
    total = None
    while total is None or len(names) < total:
        request = cdn_models.DescribeDomainsRequest()
        request.from_json_string(json.dumps({"Offset": len(names), "Limit": 4}))
        answer = client.DescribeDomains(request)
        total = answer.TotalNumber
        names += [d.Domain for d in answer.Domains]
    assert names == [d.name for d in demo.domains]
    assert {d.Status for d in answer.Domains} <= {"online", "offline"}


def test_cdn_sdk_wrong_secret_is_a_signature_failure(
    server: EmulatorServer, window: TimeRange
) -> None:
    with pytest.raises(TencentCloudSDKException) as caught:
        cdn(server, secret="wrong-secret").DescribeOriginData(
            origin_data_request([first_account(server, "tencent").domains[0].name], window)
        )
    assert caught.value.get_code() == "AuthFailure.SignatureFailure"
    assert caught.value.get_request_id()


def test_cdn_sdk_unknown_secret_id(server: EmulatorServer) -> None:
    with pytest.raises(TencentCloudSDKException) as caught:
        cdn(server, key_id="AKIDnobodyknowsthisone").DescribeDomains(
            cdn_models.DescribeDomainsRequest()
        )
    assert caught.value.get_code() == "AuthFailure.SecretIdNotFound"


def test_cdn_sdk_unknown_domain(server: EmulatorServer, window: TimeRange) -> None:
    with pytest.raises(TencentCloudSDKException) as caught:
        cdn(server).DescribeOriginData(origin_data_request(["nope.example.org"], window))
    assert caught.value.get_code() == "ResourceNotFound.CdnHostNotExists"


def test_cdn_sdk_sees_throttling(server: EmulatorServer) -> None:
    server.faults = FaultPlan("throttle", rate=1.0, providers=frozenset({"tencent"}))
    with pytest.raises(TencentCloudSDKException) as caught:
        cdn(server).DescribeDomains(cdn_models.DescribeDomainsRequest())
    assert caught.value.get_code() == "RequestLimitExceeded"


# ---- EdgeOne ---------------------------------------------------------------------------------


def test_teo_sdk_lists_sites_and_their_domains(server: EmulatorServer) -> None:
    demo = first_account(server, "edgeone")
    client = teo(server)
    zones = client.DescribeZones(teo_models.DescribeZonesRequest())
    assert zones.TotalCount == 1
    [zone] = zones.Zones
    request = teo_models.DescribeAccelerationDomainsRequest()
    request.from_json_string(json.dumps({"ZoneId": zone.ZoneId, "Limit": 200}))
    domains = client.DescribeAccelerationDomains(request)
    assert [d.DomainName for d in domains.AccelerationDomains] == [d.name for d in demo.domains]
    assert {d.ZoneId for d in domains.AccelerationDomains} == {zone.ZoneId}


def test_teo_sdk_gets_origin_pull_bandwidth_by_domain(
    server: EmulatorServer, window: TimeRange
) -> None:
    demo = first_account(server, "edgeone")
    names = [d.name for d in demo.domains[:4]]
    request = teo_models.DescribeTimingL7OriginPullDataRequest()
    request.from_json_string(
        json.dumps(
            {
                "ZoneIds": [demo.domains[0].domain_id],
                "MetricNames": ["l7Flow_inBandwidth_hy"],
                "StartTime": format_utc(window.start),
                "EndTime": format_utc(window.end - 1),
                "Interval": "min",
                "Filters": [{"Key": "domain", "Operator": "equals", "Value": names}],
                "DimensionName": "domain",
            }
        )
    )
    answer = teo(server).DescribeTimingL7OriginPullData(request)
    assert answer.TotalCount == len(names)
    for record in answer.TimingDataRecords:
        [series] = record.TypeValue
        assert series.MetricName == "l7Flow_inBandwidth_hy"
        served = [(item.Timestamp, float(item.Value)) for item in series.Detail]
        expected = server.expected_series("edgeone", demo.key_id, record.TypeKey, window, MINUTE)
        assert served == expected and len(expected) > 50


def test_teo_sdk_gets_one_domain_s_edge_bandwidth(
    server: EmulatorServer, window: TimeRange
) -> None:
    demo = first_account(server, "edgeone")
    name = demo.domains[1].name
    request = teo_models.DescribeTimingL7AnalysisDataRequest()
    request.from_json_string(
        json.dumps(
            {
                "ZoneIds": [demo.domains[1].domain_id],
                "MetricNames": ["l7Flow_outBandwidth", "l7Flow_inBandwidth"],
                "StartTime": format_utc(window.start),
                "EndTime": format_utc(window.end - 1),
                "Interval": "min",
                "Filters": [{"Key": "domain", "Operator": "equals", "Value": [name]}],
            }
        )
    )
    answer = teo(server).DescribeTimingL7AnalysisData(request)
    [record] = answer.Data
    out, into = record.TypeValue
    assert (out.MetricName, into.MetricName) == ("l7Flow_outBandwidth", "l7Flow_inBandwidth")
    served = [(item.Timestamp, float(item.Value)) for item in out.Detail]
    expected = server.expected_series("edgeone", demo.key_id, name, window, MINUTE, EDGE)
    assert served == expected and len(expected) > 50
    assert all(i.Value < o.Value for i, o in zip(into.Detail, out.Detail, strict=True))


def test_teo_sdk_wrong_secret_is_a_signature_failure(server: EmulatorServer) -> None:
    with pytest.raises(TencentCloudSDKException) as caught:
        teo(server, secret="wrong-secret").DescribeZones(teo_models.DescribeZonesRequest())
    assert caught.value.get_code() == "AuthFailure.SignatureFailure"

"""Fidelity: the providers' official SDKs, pointed at the emulator over HTTP, accept it.

aliyun-python-sdk-core signs V1 (HMAC-SHA1), alibabacloud-cdn20180510 (tea-openapi) signs
V3 (ACS3-HMAC-SHA256), ucloud-sdk-python3 signs UCloud's SHA-1 form. Retries are off and
timeouts short, so a failure is fast. The data clock is real time: the SDKs sign with it.
"""

from __future__ import annotations

import pytest

from cdnmon.emulator import EmulatorServer, FaultPlan
from cdnmon.model import EDGE, TimeRange, format_utc, parse_utc
from tests.emulator.signed import (
    GAMES_PRIVATE,
    GAMES_PUBLIC,
    SHOP_ID,
    SHOP_SECRET,
)

IMG = "img.shop.example.com"


# The SDKs sign with the real clock; each test has an emulator of its own.
pytestmark = pytest.mark.emulator(real_time=True, aliyun_rate_limit=None)


# ---- aliyun-python-sdk-core + aliyun-python-sdk-cdn (V1) -------------------------------------


def core_call(server: EmulatorServer, secret: str, window: TimeRange, method: str = "POST"):
    from aliyunsdkcdn.request.v20180510.DescribeDomainRealTimeSrcBpsDataRequest import (
        DescribeDomainRealTimeSrcBpsDataRequest,
    )
    from aliyunsdkcore.client import AcsClient

    client = AcsClient(
        SHOP_ID,
        secret,
        "cn-hangzhou",
        auto_retry=False,
        max_retry_time=0,
        timeout=5,
        connect_timeout=5,
    )
    request = DescribeDomainRealTimeSrcBpsDataRequest()
    request.set_protocol_type("http")
    request.set_endpoint(server.endpoint)
    request.set_method(method)
    request.set_DomainName(IMG)
    request.set_StartTime(format_utc(window.start))
    request.set_EndTime(format_utc(window.end))
    return client.do_action_with_exception(request)


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_core_sdk_v1_gets_the_data(server, window, method):
    import json

    body = json.loads(core_call(server, SHOP_SECRET, window, method))
    assert body["DataInterval"] == "60"
    served = [
        (parse_utc(m["TimeStamp"]), float(m["Value"]))
        for m in body["RealTimeSrcBpsDataPerInterval"]["DataModule"]
    ]
    expected = server.expected_series("aliyun", SHOP_ID, IMG, window, 60)
    assert served[: len(expected)] == expected and len(served) in (len(expected), len(expected) + 1)


def test_core_sdk_v1_wrong_secret(server, window):
    from aliyunsdkcore.acs_exception.exceptions import ServerException

    with pytest.raises(ServerException) as raised:
        core_call(server, "not-the-secret", window)
    # The emulator answers SignatureDoesNotMatch with Alibaba's "server string to sign is:..."
    # message; the SDK compares that with its own string to sign and, when they are equal
    # (only the secret differs), re-labels the error InvalidAccessKeySecret.
    assert raised.value.get_error_code() == "InvalidAccessKeySecret"
    assert raised.value.get_http_status() == 400


# ---- alibabacloud-cdn20180510 / tea-openapi (V3) ------------------------------------------


def tea_client(server: EmulatorServer, secret: str = SHOP_SECRET):
    from alibabacloud_cdn20180510.client import Client
    from alibabacloud_tea_openapi import models as open_api_models

    config = open_api_models.Config(
        access_key_id=SHOP_ID,
        access_key_secret=secret,
        endpoint=server.endpoint,
        protocol="http",
        read_timeout=5000,
        connect_timeout=5000,
    )
    return Client(config)


def tea_runtime():
    from darabonba.runtime import RuntimeOptions

    return RuntimeOptions(autoretry=False, max_attempts=0, read_timeout=5000, connect_timeout=5000)


def test_tea_sdk_v3_gets_the_data(server, window):
    from alibabacloud_cdn20180510 import models

    request = models.DescribeDomainRealTimeSrcBpsDataRequest(
        domain_name=IMG, start_time=format_utc(window.start), end_time=format_utc(window.end)
    )
    response = tea_client(server).describe_domain_real_time_src_bps_data_with_options(
        request, tea_runtime()
    )
    assert response.status_code == 200
    assert response.body.data_interval == "60"
    points = response.body.real_time_src_bps_data_per_interval.data_module
    served = [(parse_utc(p.time_stamp), float(p.value)) for p in points]
    expected = server.expected_series("aliyun", SHOP_ID, IMG, window, 60)
    assert served[: len(expected)] == expected


def test_core_sdk_v1_gets_edge_bandwidth(server, window):
    import json

    from aliyunsdkcdn.request.v20180510.DescribeDomainRealTimeBpsDataRequest import (
        DescribeDomainRealTimeBpsDataRequest,
    )
    from aliyunsdkcore.client import AcsClient

    client = AcsClient(SHOP_ID, SHOP_SECRET, "cn-hangzhou", auto_retry=False, max_retry_time=0)
    request = DescribeDomainRealTimeBpsDataRequest()
    request.set_protocol_type("http")
    request.set_endpoint(server.endpoint)
    request.set_DomainName(IMG)
    request.set_StartTime(format_utc(window.start))
    request.set_EndTime(format_utc(window.end))
    body = json.loads(client.do_action_with_exception(request))
    served = [(parse_utc(m["TimeStamp"]), m["Bps"]) for m in body["Data"]["BpsModel"]]
    expected = server.expected_series("aliyun", SHOP_ID, IMG, window, 60, EDGE)
    assert served[: len(expected)] == expected and len(expected) > 50


def test_tea_sdk_v3_gets_edge_bandwidth_in_both_actions(server, window):
    from alibabacloud_cdn20180510 import models

    client = tea_client(server)
    request = models.DescribeDomainRealTimeBpsDataRequest(
        domain_name=IMG, start_time=format_utc(window.start), end_time=format_utc(window.end)
    )
    body = client.describe_domain_real_time_bps_data_with_options(request, tea_runtime()).body
    served = [(parse_utc(p.time_stamp), p.bps) for p in body.data.bps_model]
    expected = server.expected_series("aliyun", SHOP_ID, IMG, window, 60, EDGE)
    assert served[: len(expected)] == expected and len(expected) > 50
    history = models.DescribeDomainBpsDataRequest(
        domain_name=IMG,
        start_time=format_utc(window.start - 86400),
        end_time=format_utc(window.start),
        interval="3600",
    )
    body = client.describe_domain_bps_data_with_options(history, tea_runtime()).body
    assert body.data_interval == "3600"
    rows = body.bps_data_per_interval.data_module
    day = TimeRange(window.start - 86400, window.start)
    expected = server.expected_series("aliyun", SHOP_ID, IMG, day, 3600, EDGE)
    assert [(parse_utc(r.time_stamp), float(r.value)) for r in rows][:24] == expected[:24]
    assert all(r.domestic_value == r.value and r.overseas_value == "0" for r in rows)


def test_tea_sdk_v3_pages_user_domains(server):
    from alibabacloud_cdn20180510 import models

    client, names, page = tea_client(server), [], 1
    while True:
        request = models.DescribeUserDomainsRequest(page_size=3, page_number=page)
        body = client.describe_user_domains_with_options(request, tea_runtime()).body
        names += [d.domain_name for d in body.domains.page_data]
        if page * body.page_size >= body.total_count:
            break
        page += 1
    assert page == 4
    assert names == [d.name for d in server.account("aliyun", SHOP_ID).domains]


def test_tea_sdk_v3_history_api(server, window):
    from alibabacloud_cdn20180510 import models

    request = models.DescribeDomainSrcBpsDataRequest(
        domain_name=IMG,
        start_time=format_utc(window.start - 86400),
        end_time=format_utc(window.start),
        interval="3600",
    )
    body = tea_client(server).describe_domain_src_bps_data_with_options(request, tea_runtime()).body
    assert body.data_interval == "3600"
    assert len(body.src_bps_data_per_interval.data_module) >= 24


def test_tea_sdk_v3_wrong_secret(server):
    from alibabacloud_cdn20180510 import models
    from alibabacloud_tea_openapi.exceptions import ClientException

    request = models.DescribeUserDomainsRequest(page_size=5)
    with pytest.raises(ClientException) as raised:
        tea_client(server, "not-the-secret").describe_user_domains_with_options(
            request, tea_runtime()
        )
    assert (raised.value.code, raised.value.status_code) == ("SignatureDoesNotMatch", 400)


def test_tea_sdk_v3_throttling_carries_retry_after(server):
    from alibabacloud_cdn20180510 import models
    from alibabacloud_tea_openapi.exceptions import ThrottlingException

    request = models.DescribeUserDomainsRequest(page_size=5)
    server.faults = FaultPlan("throttle")
    try:
        with pytest.raises(ThrottlingException) as raised:
            tea_client(server).describe_user_domains_with_options(request, tea_runtime())
    finally:
        server.faults = None
    assert (raised.value.code, raised.value.status_code) == ("Throttling", 503)
    assert raised.value.retry_after == 1000


# ---- ucloud-sdk-python3 -----------------------------------------------------------------


def ucdn(server: EmulatorServer, private_key: str = GAMES_PRIVATE):
    from ucloud.client import Client

    config = {
        "region": "cn-bj2",
        "public_key": GAMES_PUBLIC,
        "private_key": private_key,
        "base_url": server.url,
        "max_retries": 0,
        "timeout": 5,
    }
    return Client(config).ucdn()


def test_ucloud_sdk_lists_domains_and_gets_bandwidth(server, window):
    client = ucdn(server)
    listing = client.get_ucdn_domain_info_list({"PageIndex": 0})
    assert listing["TotalCount"] == 10
    first = listing["DomainInfoList"][0]
    answer = client.get_ucdn_pass_bandwidth_v2(
        {
            "Type": 3,
            "BeginTime": window.start,
            "EndTime": window.end,
            "DomainId": [first["DomainId"]],
            "IsDcdn": False,
            "Areacode": "cn",
        }
    )
    served = [(p["Time"], p["Bandwidth"] * 1_000_000) for p in answer["BandwidthList"]]
    expected = server.expected_series("ucloud", GAMES_PUBLIC, first["Domain"], window, 60)
    assert served[: len(expected)] == expected and len(expected) >= 25
    seed = client.get_ucdn_pass_bandwidth(
        {
            "Type": 0,
            "BeginTime": window.start,
            "EndTime": window.end,
            "DomainId": [first["DomainId"]],
        }
    )
    assert len(seed["BandwidthDetail"]) >= 6


def test_ucloud_sdk_wrong_private_key(server):
    from ucloud.core.exc import RetCodeException

    with pytest.raises(RetCodeException) as raised:
        ucdn(server, "not-the-key").get_ucdn_domain_info_list({"PageIndex": 0})
    assert raised.value.code == 171
    assert not raised.value.retryable


def test_ucloud_sdk_gets_edge_bandwidth(server, window):
    client = ucdn(server)
    first = client.get_ucdn_domain_info_list({"PageIndex": 0})["DomainInfoList"][0]
    answer = client.get_ucdn_domain_bandwidth_v2(
        {
            "Type": 3,
            "BeginTime": window.start,
            "EndTime": window.end,
            "DomainId": [first["DomainId"]],
            "Areacode": "cn",
            "IsDcdn": False,
            "Primeval": 0,
        }
    )
    rows = answer["BandwidthTrafficList"]
    served = [(p["Time"], p["CdnBandwidth"] * 1_000_000) for p in rows]
    expected = server.expected_series("ucloud", GAMES_PUBLIC, first["Domain"], window, 60, EDGE)
    assert served[: len(expected)] == expected and len(expected) >= 25
    # Traffic is the minute's bytes: bandwidth x 60 s / 8 (the bandwidth rounded to 1 bit/s).
    assert rows[0]["Traffic"] == pytest.approx(rows[0]["CdnBandwidth"] * 1e6 * 60 / 8, abs=8)
    older = client.get_new_ucdn_domain_bandwidth(
        {
            "Type": 0,
            "BeginTime": window.start,
            "EndTime": window.end,
            "DomainId": [first["DomainId"]],
        }
    )
    assert len(older["BandwidthList"]) >= 6 and older["Traffic"] > 0

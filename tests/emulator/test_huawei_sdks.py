"""Fidelity: Huawei Cloud's official SDK (huaweicloudsdkcdn v2 on huaweicloudsdkcore),
pointed at the emulator over plain http, gets data back and the documented errors.

The SDK signs with the real time, so the emulator's clock is real time too. Its own
retries are off and timeouts short, so a failure is fast.
"""

from __future__ import annotations

import time

import pytest
from huaweicloudsdkcdn.v2 import CdnClient, ListDomainsRequest, ShowDomainStatsRequest
from huaweicloudsdkcore.auth.credentials import GlobalCredentials
from huaweicloudsdkcore.exceptions.exceptions import (
    ClientRequestException,
    ServiceResponseException,
)
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcore.region.region import Region

from cdnmon.emulator import DemoAccount, EmulatorServer, FaultPlan
from cdnmon.emulator.accounts import huawei_demo_accounts
from cdnmon.emulator.huawei import account_id
from cdnmon.model import EDGE, HOUR, TimeRange

pytestmark = pytest.mark.emulator(real_time=True, accounts=huawei_demo_accounts())


@pytest.fixture
def settled_hours() -> TimeRange:
    end = int(time.time()) // HOUR * HOUR - HOUR  # whole hours, clear of the provisional tail
    return TimeRange(end - 2 * HOUR, end)


def demo(server: EmulatorServer) -> DemoAccount:
    return server.accounts[0]


def cdn(
    server: EmulatorServer,
    *,
    secret: str | None = None,
    key_id: str | None = None,
    with_account_id: bool = True,
) -> CdnClient:
    """The SDK's client; without the account id it asks the emulator's IAM for it."""
    account = demo(server)
    credentials = GlobalCredentials(
        key_id or account.key_id,
        secret or account.secret,
        account_id(account) if with_account_id else None,
    )
    credentials.iam_endpoint = server.url.rstrip("/")
    config = HttpConfig.get_default_config()
    config.timeout = (5, 10)
    return (
        CdnClient.new_builder()
        .with_http_config(config)
        .with_credentials(credentials)
        .with_region(Region(id="emulator", endpoint=server.url.rstrip("/")))
        .build()
    )


def stats_request(
    domains: list[str], settled_hours: TimeRange, **extra: object
) -> ShowDomainStatsRequest:
    request = ShowDomainStatsRequest(
        action="detail",
        start_time=settled_hours.start * 1000,
        end_time=settled_hours.end * 1000,
        domain_name=",".join(domains),
        stat_type="bs_bw",
        interval=300,
        group_by="domain",
    )
    for name, value in extra.items():
        setattr(request, name, value)
    return request


def test_show_domain_stats_gets_each_domain_s_points(
    server: EmulatorServer, settled_hours: TimeRange
) -> None:
    account = demo(server)
    names = [d.name for d in account.domains]
    answer = cdn(server).show_domain_stats(stats_request(names, settled_hours))
    assert answer.interval == 300 and answer.stat_type == "bs_bw" and answer.group_by == "domain"
    online = [d.name for d in account.domains if d.status == "online"]
    assert sorted(answer.result) == sorted(online)  # the stopped domain has no data
    for name in online:
        values = answer.result[name]["bs_bw"]
        served = [(settled_hours.start + 300 * i, float(v)) for i, v in enumerate(values)]
        expected = server.expected_series("huawei", account.key_id, name, settled_hours, 300)
        assert served == expected and len(expected) == 24


def test_show_domain_stats_gets_edge_bandwidth_beside_origin(
    server: EmulatorServer, settled_hours: TimeRange
) -> None:
    account = demo(server)
    name = account.domains[0].name
    answer = cdn(server).show_domain_stats(
        stats_request([name], settled_hours, stat_type="bw,bs_bw")
    )
    edge, origin = answer.result[name]["bw"], answer.result[name]["bs_bw"]
    served = [(settled_hours.start + 300 * i, float(v)) for i, v in enumerate(edge)]
    expected = server.expected_series("huawei", account.key_id, name, settled_hours, 300, EDGE)
    assert served == expected and len(expected) == 24
    assert all(0 < o < e for o, e in zip(origin, edge, strict=True))


def test_the_sdk_looks_up_the_account_id_from_iam(
    server: EmulatorServer, settled_hours: TimeRange
) -> None:
    before = server.stats.requests("huawei", "KeystoneListAuthDomains")
    client = cdn(server, with_account_id=False)
    answer = client.show_domain_stats(stats_request([demo(server).domains[0].name], settled_hours))
    assert answer.result
    assert server.stats.requests("huawei", "KeystoneListAuthDomains") == before + 1


def test_list_domains_pages(server: EmulatorServer) -> None:
    account = demo(server)
    client = cdn(server)
    names: list[str] = []
    page, total = 1, None
    while total is None or len(names) < total:
        answer = client.list_domains(ListDomainsRequest(page_size=2, page_number=page))
        total = answer.total
        names += [d.domain_name for d in answer.domains]
        page += 1
    assert names == [d.name for d in account.domains]
    assert answer.x_request_id
    statuses = client.list_domains(ListDomainsRequest()).domains
    assert [d.domain_status for d in statuses] == ["online"] * 7 + ["offline"]


def test_wrong_sk_is_the_gateway_s_signature_failure(
    server: EmulatorServer, settled_hours: TimeRange
) -> None:
    with pytest.raises(ClientRequestException) as caught:
        cdn(server, secret="wrong-secret").list_domains(ListDomainsRequest())
    assert caught.value.status_code == 401
    assert caught.value.error_code == "APIGW.0301"
    assert "verify aksk signature fail" in caught.value.error_msg
    assert caught.value.request_id


def test_unknown_ak(server: EmulatorServer) -> None:
    with pytest.raises(ClientRequestException) as caught:
        cdn(server, key_id="NOSUCHAKEXAMPLE").list_domains(ListDomainsRequest())
    assert (caught.value.status_code, caught.value.error_code) == (401, "APIGW.0301")
    assert "ak not exist" in caught.value.error_msg


def test_unknown_domain(server: EmulatorServer, settled_hours: TimeRange) -> None:
    with pytest.raises(ClientRequestException) as caught:
        cdn(server).show_domain_stats(stats_request(["nope.example.org"], settled_hours))
    assert (caught.value.status_code, caught.value.error_code) == (400, "CDN.0201")
    assert caught.value.request_id


def test_an_interval_the_span_does_not_allow(
    server: EmulatorServer, settled_hours: TimeRange
) -> None:
    week = TimeRange(settled_hours.end - 8 * 24 * HOUR, settled_hours.end)
    with pytest.raises(ClientRequestException) as caught:
        cdn(server).show_domain_stats(stats_request([demo(server).domains[0].name], week))
    assert (caught.value.status_code, caught.value.error_code) == (400, "CDN.0203")


def test_throttling_and_server_faults(server: EmulatorServer, settled_hours: TimeRange) -> None:
    names = [demo(server).domains[0].name]
    server.faults = FaultPlan("throttle", rate=1.0, providers=frozenset({"huawei"}))
    throttled = server.stats.throttled("huawei")
    with pytest.raises(ClientRequestException) as caught:
        cdn(server).show_domain_stats(stats_request(names, settled_hours))
    # The SDK retries a 429 on its own, then reports the status it kept getting.
    assert caught.value.status_code == 429 and "429" in caught.value.error_msg
    assert server.stats.throttled("huawei") > throttled
    server.faults = FaultPlan("server_error", rate=1.0, providers=frozenset({"huawei"}))
    with pytest.raises(ServiceResponseException) as failed:
        cdn(server).show_domain_stats(stats_request(names, settled_hours))
    assert (failed.value.status_code, failed.value.error_code) in (
        (500, "CDN.0000"),
        (504, "APIGW.0201"),
    )

"""The EdgeOne client over real HTTP against the emulator: sites and domains from the API,
grouped origin-pull bandwidth of up to 100 domains a call, taking turns per account."""

from __future__ import annotations

import time

import pytest

from cdnmon.emulator import DemoAccount, EmulatorServer, FaultPlan
from cdnmon.emulator.accounts import edgeone_zone_id, tencent_demo_accounts
from cdnmon.fetching import fetch_series
from cdnmon.model import DAY, HOUR, MINUTE, TimeRange
from cdnmon.providers.base import Credentials, Domain, domains_per_call
from cdnmon.providers.edgeone import ORIGIN_BANDWIDTH_METRIC
from cdnmon.providers.errors import AuthError, DomainError
from cdnmon.providers.registry import make_client
from tests.emulated import check_exact, client_for, first_account, online_domains, settled_range

PULL_DATA = "DescribeTimingL7OriginPullData"


def sites_account(sites: int, per_site: int) -> DemoAccount:
    """An EdgeOne account with ``sites`` sites of ``per_site`` online domains each."""
    domains = tuple(
        Domain(f"h{i:03d}.site{s}.example.net", edgeone_zone_id(f"site{s}.example.net"), "online")
        for s in range(sites)
        for i in range(per_site)
    )
    key = "demo-edgeone-sites"
    return DemoAccount("edgeone", "sites", f"{key}-id", f"{key}-secret", domains=domains)


pytestmark = pytest.mark.emulator(
    real_time=True, accounts=(*tencent_demo_accounts(), sites_account(3, 40))
)


def test_the_metric_is_the_origin_s_responses_toward_edgeone() -> None:
    assert ORIGIN_BANDWIDTH_METRIC == "l7Flow_inBandwidth_hy"


def test_sites_and_their_domains_come_from_the_api(server: EmulatorServer) -> None:
    account = next(a for a in server.accounts if a.name == "sites")
    listed = client_for(server, account).list_domains()
    assert {(d.name, d.domain_id) for d in listed} == {
        (d.name, d.domain_id) for d in account.domains
    }
    assert server.stats.requests("edgeone", "DescribeZones") == 1
    assert server.stats.requests("edgeone", "DescribeAccelerationDomains") == 3


def test_multi_hour_fetch_at_60_s_is_exactly_what_the_emulator_holds(
    server: EmulatorServer,
) -> None:
    account = first_account(server, "edgeone")
    span = settled_range(5)
    series = fetch_series(client_for(server, account), online_domains(account), span)
    check_exact(server, account, series, span, MINUTE)
    assert server.stats.requests("edgeone", PULL_DATA) == 3  # two-hour windows, one batch


def test_multi_day_fetch_at_300_s(server: EmulatorServer) -> None:
    account = first_account(server, "edgeone")
    end = (int(time.time()) // DAY) * DAY
    span = TimeRange(end - 3 * DAY, end - HOUR)
    series = fetch_series(client_for(server, account), online_domains(account)[:3], span, 300)
    check_exact(server, account, series, span, 5 * MINUTE)


def test_a_hundred_domains_of_several_sites_a_call(server: EmulatorServer) -> None:
    account = next(a for a in server.accounts if a.name == "sites")
    client = client_for(server, account)
    assert domains_per_call(client) == 100
    span = settled_range(2)
    series = fetch_series(client, [d.name for d in account.domains], span, workers=8)
    check_exact(server, account, series, span, MINUTE)
    assert server.stats.requests("edgeone", PULL_DATA) == 2  # 120 domains: 100 + 20
    # Eight threads missed the site list together; one of them read it, once per site.
    assert server.stats.requests("edgeone", "DescribeZones") == 1
    assert server.stats.requests("edgeone", "DescribeAccelerationDomains") == 3


def test_grouped_calls_of_one_account_take_turns(server: EmulatorServer) -> None:
    """The API refuses overlapping grouped calls; slow answers make threads overlap."""
    server.faults = FaultPlan("latency", rate=1.0, latency_s=0.1, providers=frozenset({"edgeone"}))
    account = first_account(server, "edgeone")
    client = client_for(server, account)
    client.list_domains()
    span = settled_range(8)  # four windows, fetched by four threads
    series = fetch_series(client, online_domains(account), span, workers=4)
    check_exact(server, account, series, span, MINUTE)
    assert server.stats.requests("edgeone", PULL_DATA) == 4, "no call was refused and retried"


def test_unknown_domain_is_named_before_any_data_call(server: EmulatorServer) -> None:
    account = first_account(server, "edgeone")
    with pytest.raises(DomainError) as caught:
        fetch_series(client_for(server, account), ["nope.example.org"], settled_range(1))
    assert "'nope.example.org'" in str(caught.value) and "EdgeOne" in str(caught.value)
    assert server.stats.requests("edgeone", PULL_DATA) == 0


def test_bad_secret_is_an_auth_error(server: EmulatorServer) -> None:
    account = first_account(server, "edgeone")
    client = make_client("edgeone", Credentials(account.key_id, "wrong"), "x", server.url)
    with pytest.raises(AuthError) as caught:
        client.list_domains()
    assert caught.value.code == "AuthFailure.SignatureFailure"
    assert "Tencent EdgeOne account 'x'" in str(caught.value)

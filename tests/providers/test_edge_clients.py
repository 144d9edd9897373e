"""Edge (user-facing) bandwidth through every provider's real client, over real HTTP to the
emulator: exactly the emulator's edge points, an offload (1 - origin / edge) that makes
sense, and the demo's cache collapse showing as the origin rising while the edge goes on."""

from __future__ import annotations

import time

import numpy as np
import pytest

from cdnmon.emulator import EmulatorServer
from cdnmon.emulator.traffic import COLLAPSED_OFFLOAD, OFFLOAD_LOW, Traffic
from cdnmon.fetching import fetch_series
from cdnmon.model import DAY, EDGE, MINUTE, ORIGIN, InputError, Series, TimeRange
from cdnmon.providers.base import Credentials, domains_per_call
from cdnmon.providers.prometheus.client import PrometheusClient
from tests.emulated import client_for, first_account, online_domains, settled_range

pytestmark = pytest.mark.emulator(real_time=True)

# The finest interval each provider's edge API offers (Huawei Cloud has no 1-minute data).
FINEST = {
    "aliyun": MINUTE,
    "ucloud": MINUTE,
    "tencent": MINUTE,
    "edgeone": MINUTE,
    "volcengine": MINUTE,
    "huawei": 5 * MINUTE,
}
# The action each one's edge points come from.
EDGE_ACTIONS = {
    "aliyun": "DescribeDomainRealTimeBpsData",
    "ucloud": "GetUcdnDomainBandwidthV2",
    "tencent": "DescribeCdnData",
    "edgeone": "DescribeTimingL7AnalysisData",
    "volcengine": "DescribeDistrictData",
    "huawei": "ShowDomainStats",
}


def by_time(series: Series) -> dict[int, float]:
    return dict(series.points)


@pytest.mark.parametrize("provider", sorted(FINEST))
def test_edge_series_are_the_emulator_s_and_offload_makes_sense(
    server: EmulatorServer, provider: str
) -> None:
    account = first_account(server, provider)
    steady, collapsing = online_domains(account)[0], account.collapsing
    span = settled_range(3)  # long enough to hold a whole collapse (10 minutes in 2 hours)
    step = FINEST[provider]
    client = client_for(server, account)
    edge = fetch_series(client, [steady, collapsing], span, step, metric=EDGE)
    origin = fetch_series(client, [steady, collapsing], span, step)
    assert server.stats.requests(provider, EDGE_ACTIONS[provider]) > 0
    for one in edge:
        expected = server.expected_series(
            provider, account.key_id, one.domain, span, step, metric=EDGE
        )
        assert one.timestamps == [t for t, _ in expected], one.domain
        assert one.values == pytest.approx([v for _, v in expected], rel=1e-12), one.domain
        assert (one.metric, one.interval) == (EDGE, step) and len(one.points) > 20
        assert all(span.start <= t < span.end for t in one.timestamps)
    assert [o.metric for o in origin] == [ORIGIN, ORIGIN]

    served_edge, served_origin = (by_time(s) for s in (edge[0], origin[0]))
    assert served_edge.keys() == served_origin.keys(), "edge and origin share their gaps"
    offload = [1 - served_origin[t] / served_edge[t] for t in served_edge]
    assert min(offload) > OFFLOAD_LOW - 0.01 and max(offload) < 1

    # The collapsing domain: buckets wholly inside a collapse have the collapsed offload and
    # several times the origin the same minutes have without one.
    served_edge, served_origin = (by_time(s) for s in (edge[1], origin[1]))
    minutes = span.seconds // MINUTE
    mask = server.traffic.collapse_mask(collapsing, span.start, minutes).reshape(-1, step // 60)
    inside = [span.start + i * step for i, whole in enumerate(mask.all(axis=1)) if whole]
    inside = [t for t in inside if t in served_origin]
    assert inside, "a whole collapse lies in three hours"
    steady_origin = dict(Traffic().points([collapsing], span.start, span.end, step, time.time()))
    for t in inside:
        assert 1 - served_origin[t] / served_edge[t] == pytest.approx(COLLAPSED_OFFLOAD, abs=0.01)
        assert served_origin[t] > 3 * steady_origin[t], "the origin rises in a collapse"
    outside = [t for t in served_edge if t not in inside and t - step not in inside]
    assert np.median([1 - served_origin[t] / served_edge[t] for t in outside]) > OFFLOAD_LOW


def test_edgeone_edge_is_one_call_per_domain_and_window(server: EmulatorServer) -> None:
    account = first_account(server, "edgeone")
    domains = online_domains(account)[:3]
    client = client_for(server, account)
    assert domains_per_call(client, EDGE) == 1 and domains_per_call(client, ORIGIN) == 100
    span = settled_range(3)  # two 2-hour windows at 1 minute
    series = fetch_series(client, domains, span, metric=EDGE)
    assert server.stats.requests("edgeone", "DescribeTimingL7AnalysisData") == 3 * 2
    assert server.stats.requests("edgeone", "DescribeTimingL7OriginPullData") == 0
    for one in series:
        expected = server.expected_series("edgeone", account.key_id, one.domain, span, MINUTE, EDGE)
        assert list(one.points) == expected


def test_tencent_edge_batches_domains_as_origin_does(server: EmulatorServer) -> None:
    account = first_account(server, "tencent")
    domains = online_domains(account)[:4]
    client = client_for(server, account)
    assert domains_per_call(client, EDGE) == 30
    span = settled_range(1)
    fetch_series(client, domains, span, metric=EDGE)
    assert server.stats.requests("tencent", "DescribeCdnData") == 1


@pytest.mark.parametrize("interval", [5 * MINUTE, 3600])
def test_aliyun_coarse_edge_points_come_from_describe_domain_bps_data(
    server: EmulatorServer, interval: int
) -> None:
    account = first_account(server, "aliyun")
    domain = online_domains(account)[0]
    end = int(time.time()) // DAY * DAY - DAY
    span = TimeRange(end - 2 * DAY, end)
    [one] = fetch_series(client_for(server, account), [domain], span, interval, metric=EDGE)
    assert one.interval == interval
    assert list(one.points) == server.expected_series(
        "aliyun", account.key_id, domain, span, interval, EDGE
    )
    assert server.stats.requests("aliyun", "DescribeDomainBpsData") == 1
    assert server.stats.requests("aliyun", "DescribeDomainRealTimeBpsData") == 0


def test_ucloud_edge_falls_back_to_the_older_action_when_v2_is_refused() -> None:
    with EmulatorServer(ucloud_v2_enabled=False) as server:
        account = first_account(server, "ucloud")
        domain = online_domains(account)[0]
        client = client_for(server, account)
        span = settled_range(2)
        [one] = fetch_series(client, [domain], span, metric=EDGE)
        assert one.interval == 5 * MINUTE
        expected = server.expected_series("ucloud", account.key_id, domain, span, 5 * MINUTE, EDGE)
        assert one.values == pytest.approx([v for _, v in expected], rel=1e-12)
        assert server.stats.requests("ucloud", "GetNewUcdnDomainBandwidth") == 1


@pytest.mark.parametrize("provider", sorted(FINEST))
def test_an_unknown_metric_is_one_clear_input_error(server: EmulatorServer, provider: str) -> None:
    account = first_account(server, provider)
    client = client_for(server, account)
    span = settled_range(1)
    with pytest.raises(InputError, match="unknown metric 'hits': use origin or edge"):
        fetch_series(client, online_domains(account)[:2], span, metric="hits")
    with pytest.raises(InputError, match="unknown metric"):
        client.fetch_window(online_domains(account)[0], span, metric="hits")
    assert server.stats.requests(provider) <= 1  # at most a domain listing, never data


def test_the_prometheus_reader_refuses_an_unknown_metric_before_any_call() -> None:
    # Its edge comes from a real Prometheus: tests/providers/prometheus/test_client.py.
    client = PrometheusClient(Credentials("", ""), endpoint="http://127.0.0.1:9/")
    with pytest.raises(InputError, match="unknown metric"):
        client.fetch_window("www.example.com", settled_range(1), metric="hits")

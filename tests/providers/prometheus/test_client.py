"""The Prometheus source against a real Prometheus fed as the collector feeds it: its
domains are the collected series, its points the emulator's, minute for minute, gaps
absent; a server that is down or is not a Prometheus is said plainly."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdnmon.emulator import EmulatorServer
from cdnmon.fetching import fetch_series
from cdnmon.model import EDGE, MINUTE, TimeRange
from cdnmon.providers.errors import DomainError, NetworkError, RequestError
from cdnmon.providers.prometheus import series_name
from cdnmon.providers.registry import revised_after, settled_before
from tests.emulated import ManualClock, first_account, online_domains
from tests.prometheus import free_port, running_prometheus
from tests.providers.prometheus.feed import (
    emulator_points,
    fed_prometheus,
    reader,
    settled_span,
    without,
)

# Minutes 10 to 13 missing: shorter than Prometheus's 5-minute look-back, which a plain
# query would fill with the value before the gap.
GAP = range(10, 14)


def test_reads_the_emulator_points_minute_for_minute_with_gaps_absent(
    tmp_path: Path, server: EmulatorServer, clock: ManualClock
) -> None:
    account = first_account(server, "aliyun")
    domains = online_domains(account)[:2]
    span = settled_span(clock())
    sent = {d: emulator_points(server, account, d, span) for d in domains}
    sent[domains[0]] = without(sent[domains[0]], GAP)
    # Edge where the collector polls it: one domain's.
    edge = emulator_points(server, account, domains[1], span, EDGE)
    with fed_prometheus(tmp_path / "prometheus", account, sent, {domains[1]: edge}) as prometheus:
        client = reader(prometheus.url)
        names = [series_name("aliyun", account.name, d) for d in domains]
        assert [d.name for d in client.list_domains()] == sorted(names)
        assert all(d.online for d in client.list_domains())
        series = fetch_series(client, names, span, workers=2)
        # A range that starts between minutes begins at the next one, as a provider's does.
        _, tail = client.fetch_window(names[1], TimeRange(span.start + 1, span.start + 120))
        edges = [fetch_series(client, [name], span, metric=EDGE)[0] for name in names]
        client.close()
    assert (list(edges[0].points), list(edges[1].points)) == ([], edge)
    assert edges[1].metric == EDGE
    for name, domain, one in zip(names, domains, series, strict=True):
        assert (one.provider, one.account, one.domain, one.interval) == (
            "prometheus", "team", name, MINUTE,
        )  # fmt: skip
        assert list(one.points) == sent[domain], domain
    first = sent[domains[0]][0][0]
    assert all(first + m * MINUTE not in dict(series[0].points) for m in GAP)
    assert tail == sent[domains[1]][1:3]


def test_its_series_keep_the_delays_of_the_provider_they_came_from() -> None:
    name = series_name("huawei", "prod", "www.example.com")
    assert settled_before("prometheus", 10_000.0, name) == settled_before("huawei", 10_000.0)
    # Asked again for longer: the collector's refresh and push come on top.
    assert revised_after("prometheus", 10_000.0, name) < revised_after("huawei", 10_000.0)
    assert settled_before("prometheus", 10_000.0, "not a series") == 10_000.0


def test_a_down_prometheus_and_a_wrong_url_are_said_plainly(tmp_path: Path) -> None:
    down = reader(f"http://127.0.0.1:{free_port()}/")
    with pytest.raises(NetworkError) as raised:
        down.list_domains()
    said = str(raised.value)
    assert said.startswith("Prometheus account 'team': network error: could not connect")
    assert said.endswith("-- check the network connection and the endpoint")
    with pytest.raises(DomainError, match="name a series provider/account/domain"):
        down.fetch_window("www.example.com", TimeRange(0, MINUTE))
    with (
        running_prometheus(tmp_path / "prometheus") as prometheus,
        pytest.raises(RequestError) as raised,
    ):
        reader(prometheus.url + "/not-prometheus/").list_domains()
    said = str(raised.value)
    assert said.startswith("Prometheus account 'team': request rejected: ")
    assert "check the URL: the Prometheus server's address" in said

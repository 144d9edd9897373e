"""The incremental planner against the real emulator over HTTP and a real SQLite file."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

from cdnmon.cli import main
from cdnmon.emulator import EmulatorServer
from cdnmon.history.backfill import FetchPlan, fetch_into_store, plan_fetch
from cdnmon.history.store import HistoryStore
from cdnmon.model import EDGE, HOUR, MINUTE, Series, TimeRange, format_utc, parse_utc
from cdnmon.providers.base import OriginBandwidthClient
from tests.emulated import ManualClock, client_for, first_account, online_domains

BANDWIDTH_ACTIONS = {
    "aliyun": ("DescribeDomainRealTimeSrcBpsData", "DescribeDomainSrcBpsData"),
    "ucloud": ("GetUcdnPassBandwidthV2",),
}


def fetch_and_read(
    client: OriginBandwidthClient,
    store: HistoryStore,
    domains: list[str],
    span: TimeRange,
    interval: int | None = None,
    now: float | None = None,
) -> list[Series]:
    """Bring the store up to date, then read back what it holds at the interval served."""
    served = fetch_into_store(client, store, domains, span, interval, now)
    return store.read_series(client.provider, client.account, domains, served, span)


def bandwidth_calls(server: EmulatorServer, provider: str) -> int:
    return sum(server.stats.requests(provider, action) for action in BANDWIDTH_ACTIONS[provider])


def assert_stored_as_served(
    server: EmulatorServer, provider: str, key_id: str, series: list, span: TimeRange
) -> None:
    for s in series:
        expected = server.expected_series(provider, key_id, s.domain, span, MINUTE)
        assert list(s.points) == expected, s.domain


@pytest.mark.parametrize("provider", ["aliyun", "ucloud"])
def test_a_second_fetch_asks_only_for_the_provisional_tail(
    server: EmulatorServer, store: HistoryStore, clock: ManualClock, provider: str
) -> None:
    account = first_account(server, provider)
    client = client_for(server, account)
    domains = online_domains(account)[:3]
    span = TimeRange.last(3 * HOUR, clock.now)
    windows = len(client.windows(span, MINUTE))

    first = fetch_and_read(client, store, domains, span, now=clock.now)
    assert bandwidth_calls(server, provider) == windows * len(domains)
    assert_stored_as_served(server, provider, account.key_id, first, span)

    # Same moment again: only the tail the provider still revises is asked for.
    plan = plan_fetch(store, provider, account.name, domains, span, MINUTE)
    tail = TimeRange(int(clock.now - 300) // MINUTE * MINUTE, span.end)
    assert plan.missing == {d: (tail,) for d in domains}
    again = fetch_and_read(client, store, domains, span, now=clock.now)
    assert bandwidth_calls(server, provider) == (windows + 1) * len(domains)
    assert again == first

    # Two minutes later the old tail has settled to new values: one call per domain still,
    # and what is stored is what the provider serves now.
    clock.advance(2 * MINUTE)
    later = TimeRange(span.start, TimeRange.last(HOUR, clock.now).end)
    moved = fetch_and_read(client, store, domains, later, now=clock.now)
    assert bandwidth_calls(server, provider) == (windows + 2) * len(domains)
    assert_stored_as_served(server, provider, account.key_id, moved, later)
    assert moved[0].points[-10:] != first[0].points[-10:]
    client.close()


def test_a_gap_in_the_data_is_not_fetched_again_once_covered(
    server: EmulatorServer, store: HistoryStore, clock: ManualClock
) -> None:
    account = first_account(server, "aliyun")
    domain = online_domains(account)[0]
    # The newest minute the emulator reports no data for, an hour or more back (gaps come
    # about once in 50 ten-minute blocks: three days back always holds one).
    settled_end = int(clock.now) // HOUR * HOUR - HOUR
    values = server.traffic.minute_values(domain, settled_end - 72 * HOUR, 72 * 60)
    gap = settled_end - 72 * HOUR + int(np.flatnonzero(np.isnan(values))[-1]) * MINUTE
    span = TimeRange(gap - 20 * MINUTE, gap + 20 * MINUTE)
    client = client_for(server, account)

    (series,) = fetch_and_read(client, store, [domain], span, now=clock.now)
    assert gap not in dict(series.points)
    assert store.missing("aliyun", account.name, domain, MINUTE, span) == []
    calls = bandwidth_calls(server, "aliyun")
    fetch_into_store(client, store, [domain], span, now=clock.now)
    assert bandwidth_calls(server, "aliyun") == calls
    client.close()


def test_a_wider_range_fetches_only_the_new_part(
    server: EmulatorServer, store: HistoryStore, clock: ManualClock
) -> None:
    account = first_account(server, "aliyun")
    client = client_for(server, account)
    domains = online_domains(account)[:2]
    end = int(clock.now) // HOUR * HOUR - HOUR
    fetch_into_store(client, store, domains, TimeRange(end - 2 * HOUR, end), now=clock.now)
    calls = bandwidth_calls(server, "aliyun")
    wider = TimeRange(end - 5 * HOUR, end)
    plan = plan_fetch(store, "aliyun", account.name, domains, wider, MINUTE)
    assert plan.groups() == {TimeRange(end - 5 * HOUR, end - 2 * HOUR): domains}
    series = fetch_and_read(client, store, domains, wider, now=clock.now)
    assert bandwidth_calls(server, "aliyun") - calls == 3 * len(domains)
    assert_stored_as_served(server, "aliyun", account.key_id, series, wider)
    client.close()


def test_a_5_minute_tail_is_fetched_alone_and_stored_at_5_minutes(
    server: EmulatorServer, store: HistoryStore, clock: ManualClock
) -> None:
    account = first_account(server, "aliyun")
    client = client_for(server, account)
    domains = online_domains(account)[:2]
    fetch_into_store(
        client, store, domains, TimeRange.last(6 * HOUR, clock.now, 300), 300, now=clock.now
    )
    calls = bandwidth_calls(server, "aliyun")
    clock.advance(10 * MINUTE)
    span = TimeRange.last(6 * HOUR, clock.now, 300)
    # Only the tail of a few minutes is asked for again (DescribeDomainSrcBpsData, 300 s).
    series = fetch_and_read(client, store, domains, span, 300, now=clock.now)
    assert bandwidth_calls(server, "aliyun") == calls + len(domains)
    settled_end = int(clock.now - 300) // 300 * 300
    for s in series:
        assert s.interval == 300
        served = server.expected_series(
            "aliyun", account.key_id, s.domain, TimeRange(span.start, settled_end), 300
        )
        stored = [(t, v) for t, v in s.points if t < settled_end]
        assert [t for t, _ in stored] == [t for t, _ in served]
        assert [v for _, v in stored] == pytest.approx([v for _, v in served], rel=1e-6)
        missing = store.missing("aliyun", account.name, s.domain, 300, span)
        assert missing == [TimeRange(settled_end, span.end)]
    client.close()


def test_ucloud_without_v2_is_stored_at_the_5_minute_interval_it_serves(
    clock: ManualClock, store: HistoryStore
) -> None:
    with EmulatorServer(clock=clock, ucloud_v2_enabled=False) as server:
        account = first_account(server, "ucloud")
        client = client_for(server, account)
        domain = online_domains(account)[0]
        span = TimeRange.last(6 * HOUR, clock.now, align=300)
        (series,) = fetch_and_read(client, store, [domain], span, now=clock.now)
        assert series.interval == 300
        expected = server.expected_series("ucloud", account.key_id, domain, span, 300)
        assert list(series.points) == expected
        # Next time the client knows: the plan is made at 300 s and only the tail is asked.
        before = server.stats.requests("ucloud", "GetUcdnPassBandwidth")
        fetch_into_store(client, store, [domain], span, now=clock.now)
        assert server.stats.requests("ucloud", "GetUcdnPassBandwidth") == before + 1
        client.close()


def test_plan_call_count_uses_the_providers_windows() -> None:
    a, b = TimeRange(0, 3 * HOUR), TimeRange(5 * HOUR, 5 * HOUR + 300)
    plan = FetchPlan(MINUTE, {"x": (a, b), "y": (b,)})
    assert plan.calls(lambda span: list(span.windows(HOUR))) == 3 + 1 + 1
    assert plan.groups() == {a: ["x"], b: ["x", "y"]}


def aliyun_fetch(
    server: EmulatorServer, monkeypatch: pytest.MonkeyPatch, domains: list[str]
) -> tuple[list[str], list[str]]:
    """``cdnmon fetch`` arguments for the hour before last of these Alibaba demo domains
    (its key in the environment), and their --start/--end."""
    account = first_account(server, "aliyun")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", account.key_id)
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", account.secret)
    end = int(server.clock()) // HOUR * HOUR - HOUR
    bounds = ["--start", format_utc(end - HOUR), "--end", format_utc(end)]
    named = [arg for d in domains for arg in ("--domain", d)]
    return ["fetch", "--provider", "aliyun", "--endpoint", server.url, *bounds, *named], bounds


def test_fetch_store_then_export_prints_the_same_rows(
    server: EmulatorServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    domains = online_domains(first_account(server, "aliyun"))[:2]
    argv, bounds = aliyun_fetch(server, monkeypatch, domains)
    named = argv[-2 * len(domains) :]
    assert main([*argv, "--store"]) == 0
    fetched = capsys.readouterr().out
    assert main(["export", "--provider", "aliyun", *bounds, *named]) == 0
    exported = capsys.readouterr().out
    assert exported == fetched
    assert len(list(csv.DictReader(io.StringIO(exported)))) > 100


def test_edge_stored_beside_origin_exports_with_its_offload(
    server: EmulatorServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    account = first_account(server, "aliyun")
    domain = online_domains(account)[0]
    argv, bounds = aliyun_fetch(server, monkeypatch, [domain])
    span = TimeRange(parse_utc(bounds[1]), parse_utc(bounds[3]))
    assert main([*argv, "--store"]) == 0
    assert main([*argv, "--store", "--metric", "edge"]) == 0
    capsys.readouterr()
    assert main(["export", "--provider", "aliyun", *bounds, "--domain", domain, "--edge"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    origin = dict(server.expected_series("aliyun", account.key_id, domain, span, MINUTE))
    edge = dict(server.expected_series("aliyun", account.key_id, domain, span, MINUTE, EDGE))
    assert len(rows) == len(origin) >= 50  # the hour's minutes but for the emulator's gaps
    for row in rows:
        at = parse_utc(row["time"])
        assert float(row["bps"]) == pytest.approx(origin[at], abs=1e-3)
        assert float(row["edge_bps"]) == pytest.approx(edge[at], abs=1e-3)
        assert float(row["offload"]) == pytest.approx(1 - origin[at] / edge[at], abs=1e-5)
    # Without --edge the columns are the fetch's own.
    assert main(["export", "--provider", "aliyun", *bounds, "--domain", domain]) == 0
    assert "edge_bps" not in capsys.readouterr().out.splitlines()[0]

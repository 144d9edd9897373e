"""The collector's poller: the live core on the headless runner against the emulator, with
the real history store. The start-up backfill, an outage and a restart filled in, what
/metrics is fed (newest settled point, successes, errors by kind, calls, rounds), and what
the remote writer it hands changed series to pushes (origin, and edge where polled)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator, Sequence

import pytest
from prometheus_client import CollectorRegistry, generate_latest

from cdnmon.collect.exposition import (
    BANDWIDTH_NAMES,
    EDGE_BANDWIDTH,
    CollectorState,
    Point,
    StateCollector,
)
from cdnmon.collect.poller import Poller
from cdnmon.collect.service import start_remote_write
from cdnmon.emulator import DemoAccount, EmulatorServer, FaultPlan
from cdnmon.history.store import HistoryStore
from cdnmon.history.store import SeriesKey as StoredKey
from cdnmon.live.runner import HeadlessRunner
from cdnmon.model import EDGE, HOUR, MINUTE, ORIGIN, Metric, TimeRange
from cdnmon.providers.http import RetryPolicy
from cdnmon.providers.registry import settled_before
from tests.collect.scripted_receiver import Taken, receiver
from tests.emulated import ManualClock, client_for, first_account, online_domains
from tests.prometheus import wait_until

# Few, quick retries: an outage is seen at once.
RETRY = RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.02, deadline=5.0)
ROUND_S = 60  # the wait for one round at most


class Running:
    """A poller on its runner, and what it handed to ``on_points`` (and to ``also``)."""

    def __init__(
        self,
        server: EmulatorServer,
        account: DemoAccount,
        domains: Sequence[str],
        store: HistoryStore,
        clock: ManualClock,
        edge: bool = False,
        also: Callable[[StoredKey, Metric], None] = lambda key, metric: None,
    ) -> None:
        client = client_for(server, account)
        transport = getattr(client, "_api", client)._transport  # Tencent's is its API 3.0 caller's
        transport.retry = RETRY
        self.state = CollectorState()
        self.runner = HeadlessRunner()
        self.handed: list[tuple[StoredKey, Metric]] = []

        def handed(key: StoredKey, metric: Metric) -> None:
            self.handed.append((key, metric))
            also(key, metric)

        # A refresh of an hour: no scheduled round comes in the middle of a test.
        self.poller = Poller(
            self.runner, store, self.state, [(client, domains)], HOUR, clock, handed,
            edge=[(account.provider, account.name)] if edge else (),
        )  # fmt: skip

    def start(self) -> None:
        self.poller.start()
        self._wait(1)

    def poll(self) -> None:
        rounds = self.poller.rounds
        self.poller.poll()
        self._wait(rounds + 1)

    def _wait(self, rounds: int) -> None:
        done = lambda: self.poller.rounds >= rounds and self.poller.in_flight == 0  # noqa: E731
        assert self.runner.run(until=done, timeout_s=ROUND_S), "the round did not finish"

    def stop(self) -> None:
        self.poller.shutdown()


def registry_of(state: CollectorState) -> CollectorRegistry:
    registry = CollectorRegistry()
    registry.register(StateCollector(state))
    return registry


@pytest.fixture
def running() -> Iterator[list[Running]]:
    made: list[Running] = []
    yield made
    for one in made:
        one.stop()


def boundary(provider: str, now: float) -> int:
    """The end of the settled minutes at ``now``."""
    return int(settled_before(provider, now)) // MINUTE * MINUTE


def assert_stored_exactly(
    server: EmulatorServer, account: DemoAccount, store: HistoryStore, domain: str, span: TimeRange
) -> None:
    """The history holds the emulator's settled points of ``span``, each minute fetched."""
    key = (account.provider, account.name, domain, MINUTE)
    assert store.missing(*key, span) == [], domain
    times, values = store.settled_arrays(*key, span)
    expected = server.expected_series(account.provider, account.key_id, domain, span, MINUTE)
    assert list(zip(times.tolist(), values.tolist(), strict=True)) == expected, domain


def test_the_start_backfills_the_hour_and_feeds_the_metrics(
    server: EmulatorServer,
    store: HistoryStore,
    clock: ManualClock,
    running: list[Running],
) -> None:
    account = first_account(server, "aliyun")
    domains = online_domains(account)[:3]
    one = Running(server, account, domains, store, clock)
    running.append(one)
    one.start()
    end = boundary("aliyun", clock.now)
    backfill = TimeRange(TimeRange.last(HOUR, clock.now).start, end)
    for domain in domains:
        assert_stored_exactly(server, account, store, domain, backfill)
    shown = one.state.snapshot()
    for domain in domains:
        newest = server.expected_series("aliyun", account.key_id, domain, backfill, MINUTE)[-1]
        assert shown.newest[("aliyun", account.name, domain)] == Point(*newest)
    assert shown.last_success[("aliyun", account.name)] == clock.now
    assert shown.calls[("aliyun", account.name)] == len(server.stats.arrivals(account.key_id))
    assert shown.throttled[("aliyun", account.name)] == 0
    assert sum(shown.errors.values()) == 0
    assert shown.round_duration_s is not None and shown.round_duration_s > 0
    assert sorted(set(one.handed)) == sorted(
        (StoredKey("aliyun", account.name, d, 60), ORIGIN) for d in domains
    )


def test_an_outage_is_counted_by_kind_and_filled_in_when_it_ends(
    server: EmulatorServer,
    store: HistoryStore,
    clock: ManualClock,
    running: list[Running],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="cdnmon.collect.poller")
    account = first_account(server, "aliyun")
    domains = online_domains(account)[:2]
    one = Running(server, account, domains, store, clock)
    running.append(one)
    one.start()
    started = clock.now
    first = one.state.snapshot()
    server.stop()
    clock.advance(7 * MINUTE)  # Alibaba refuses signatures 15 minutes off: stay well within
    one.poll()
    down = one.state.snapshot()
    assert down.errors[("aliyun", account.name, "network")] == len(domains)
    assert down.newest == first.newest and down.last_success == first.last_success
    server.start()
    clock.advance(5 * MINUTE)
    one.poll()
    up = one.state.snapshot()
    span = TimeRange(TimeRange.last(HOUR, started).start, boundary("aliyun", clock.now))
    for domain in domains:
        assert_stored_exactly(server, account, store, domain, span)
        newest = server.expected_series("aliyun", account.key_id, domain, span, MINUTE)[-1]
        assert up.newest[("aliyun", account.name, domain)] == Point(*newest)
    assert up.last_success[("aliyun", account.name)] == clock.now
    said = [r.getMessage() for r in caplog.records if r.name == "cdnmon.collect.poller"]
    assert sum("failed" in line for line in said) == 1  # once for the account, not per domain
    assert said[-1] == f"Alibaba Cloud account {account.name!r}: fetching works again"


def test_a_restart_hours_later_fills_in_what_the_collector_missed(
    server: EmulatorServer,
    store: HistoryStore,
    clock: ManualClock,
    running: list[Running],
) -> None:
    # UCloud signs without a timestamp: its emulator takes a clock hours ahead of ours.
    account = first_account(server, "ucloud")
    domains = online_domains(account)[:2]
    first = Running(server, account, domains, store, clock)
    running.append(first)
    first.start()
    backfill_start = TimeRange.last(HOUR, clock.now).start
    first.stop()
    clock.advance(3 * HOUR)
    second = Running(server, account, domains, store, clock)
    running.append(second)
    second.start()
    span = TimeRange(backfill_start, boundary("ucloud", clock.now))
    for domain in domains:
        assert_stored_exactly(server, account, store, domain, span)


def test_without_domains_every_online_domain_is_polled(
    server: EmulatorServer,
    store: HistoryStore,
    clock: ManualClock,
    running: list[Running],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="cdnmon.collect.poller")
    account = first_account(server, "aliyun")
    one = Running(server, account, (), store, clock)
    running.append(one)
    one.start()
    online = online_domains(account)
    assert len(online) < len(account.domains)
    assert sorted(d for _, _, d in one.poller.tracks) == sorted(online)
    assert sorted(d for _, _, d in one.state.snapshot().newest) == sorted(online)
    offline = [d.name for d in account.domains if d.name not in online]
    assert f"polling {len(online)} domains ({len(offline)} not online: {offline[0]})" in caplog.text


def test_throttled_answers_are_counted_apart_from_the_calls(
    server: EmulatorServer,
    store: HistoryStore,
    clock: ManualClock,
    running: list[Running],
) -> None:
    account = first_account(server, "aliyun")
    domains = online_domains(account)[:2]
    server.faults = FaultPlan("throttle")
    one = Running(server, account, domains, store, clock)
    running.append(one)
    one.start()
    shown = one.state.snapshot()
    source = ("aliyun", account.name)
    # Every try (two a call: RETRY) answered with the throttling error, as the emulator counts.
    arrived = len(server.stats.arrivals(account.key_id))
    assert shown.calls[source] == shown.throttled[source] == arrived >= 2 * len(domains)
    assert server.stats.throttled("aliyun", account.key_id) == arrived
    assert shown.errors[(*source, "throttled")] == len(domains)
    assert shown.newest == {} and source not in shown.last_success


def test_a_source_with_edge_feeds_the_edge_metric_and_its_history(
    server: EmulatorServer,
    store: HistoryStore,
    clock: ManualClock,
    running: list[Running],
) -> None:
    account = first_account(server, "tencent")
    domains = online_domains(account)[:2]
    one = Running(server, account, domains, store, clock, edge=True)
    running.append(one)
    one.start()
    end = boundary("tencent", clock.now)
    backfill = TimeRange(TimeRange.last(HOUR, clock.now).start, end)
    shown = one.state.snapshot()
    for domain in domains:
        edge = server.expected_series("tencent", account.key_id, domain, backfill, MINUTE, EDGE)
        assert shown.newest_edge[("tencent", account.name, domain)] == Point(*edge[-1])
        times, values = store.settled_arrays(
            "tencent", account.name, domain, MINUTE, backfill, EDGE
        )
        assert list(zip(times.tolist(), values.tolist(), strict=True)) == edge
    metrics = generate_latest(registry_of(one.state)).decode()
    assert f'{EDGE_BANDWIDTH}{{account="{account.name}",domain="{domains[0]}"' in metrics
    assert sorted(set(one.handed)) == sorted(
        (StoredKey("tencent", account.name, d, MINUTE), metric)
        for d in domains
        for metric in (ORIGIN, EDGE)
    )


def test_remote_write_pushes_the_edge_of_a_source_polling_it_and_none_of_one_without(
    server: EmulatorServer,
    store: HistoryStore,
    clock: ManualClock,
    running: list[Running],
) -> None:
    tencent, aliyun = first_account(server, "tencent"), first_account(server, "aliyun")
    polled = (
        (tencent, online_domains(tencent)[:2], (ORIGIN, EDGE)),
        (aliyun, online_domains(aliyun)[:1], (ORIGIN,)),
    )
    expected: Taken = {}
    with receiver() as taking, contextlib.ExitStack() as cleanup:
        on_points = start_remote_write(taking.url, store, cleanup)  # as ``cdnmon collect``
        for account, domains, metrics in polled:
            one = Running(server, account, domains, store, clock, EDGE in metrics, on_points)
            running.append(one)
            one.start()
        for account, domains, metrics in polled:
            # The start-up backfill's settled minutes, in bytes/s, under each metric's name.
            span = TimeRange(
                TimeRange.last(HOUR, clock.now).start, boundary(account.provider, clock.now)
            )
            for domain, metric in ((d, m) for d in domains for m in metrics):
                labels = (
                    ("account", account.name),
                    ("domain", domain),
                    ("provider", account.provider),
                )
                served = server.expected_series(
                    account.provider, account.key_id, domain, span, MINUTE, metric
                )
                expected[(BANDWIDTH_NAMES[metric], labels)] = [(t, v / 8) for t, v in served]
        wanted = sum(map(len, expected.values()))
        wait_until(lambda: sum(map(len, taking.taken().values())) >= wanted, what="the pushes")
    assert taking.taken() == expected

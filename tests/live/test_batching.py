"""The live core asks for several domains a call where the provider allows it: series of one
Tencent account due together share one call a window (30 domains a call), and each still
gets its own points, its own failure and its own place in the on-screen-first queue.

The core runs on the headless runner against the emulator over HTTP; the calls are the
emulator's own count."""

from __future__ import annotations

from typing import Any

import pytest

from cdnmon.emulator import EmulatorServer
from cdnmon.emulator.accounts import wide_account
from cdnmon.history.store import HistoryStore
from cdnmon.live import points as pts
from cdnmon.live.keys import SeriesKey
from cdnmon.model import MINUTE
from cdnmon.providers.errors import DomainError
from cdnmon.providers.registry import CALLS_PER_SECOND
from tests.emulated import ManualClock, client_for
from tests.live.cores import CountingRunner, Watching

ACCOUNT = wide_account("tencent", "wide", 90)
DATA_CALL = "DescribeOriginData"
pytestmark = pytest.mark.emulator(accounts=[ACCOUNT])


def keys_of(names: list[str]) -> list[SeriesKey]:
    return [("tencent", ACCOUNT.name, name) for name in names]


def domains(count: int) -> list[SeriesKey]:
    return keys_of([d.name for d in ACCOUNT.domains[:count]])


def watching(
    server: EmulatorServer, clock: ManualClock, cores: list[Watching], store: Any = None
) -> Watching:
    core = Watching(CountingRunner(), clock, store)
    core.add_source(client_for(server, ACCOUNT), list_domains=False)
    cores.append(core)
    return core


def calls_a_window(server: EmulatorServer, core: Watching, key: SeriesKey) -> int:
    """The data calls the emulator answered, over the calls one domain's window needs."""
    window = core.held_range(key, core.time_range(), MINUTE)
    windows = len(core.sources[key[:2]].client.windows(window, MINUTE))
    return server.stats.requests("tencent", DATA_CALL) // windows


def assert_as_served(server: EmulatorServer, core: Watching, keys: list[SeriesKey]) -> None:
    """Each series holds exactly the emulator's points of its window."""
    for key in keys:
        shot = core.snapshot(key)
        assert shot is not None and shot.health.failure is None, key
        window = core.held_range(key, core.time_range(), MINUTE)
        expected = server.expected_series("tencent", ACCOUNT.key_id, key[2], window, MINUTE)
        assert expected and list(pts.pairs(shot.points)) == expected, key


@pytest.mark.parametrize("with_history", [False, True], ids=["no-history", "history"])
def test_sixty_domains_cost_two_calls_a_window_and_each_gets_its_own_points(
    server: EmulatorServer,
    clock: ManualClock,
    cores: list[Watching],
    store: HistoryStore,
    with_history: bool,
) -> None:
    core = watching(server, clock, cores, store if with_history else None)
    keys = domains(60)
    core.set_selection(keys)
    core.wait()
    assert calls_a_window(server, core, keys[0]) == 2
    assert core.runner.fetches() == 2  # type: ignore[attr-defined]
    assert_as_served(server, core, keys)
    assert sorted(core.changed) == sorted(keys)  # the empty history drew nothing


def test_a_refresh_round_costs_two_calls_too(
    server: EmulatorServer, clock: ManualClock, cores: list[Watching], store: HistoryStore
) -> None:
    core = watching(server, clock, cores, store)
    keys = domains(60)
    core.set_selection(keys)
    core.wait()
    clock.advance(MINUTE)
    server.stats.reset()
    core.refresh()
    core.wait()
    assert server.stats.requests("tencent", DATA_CALL) == 2
    assert_as_served(server, core, keys)


@pytest.mark.parametrize("with_history", [False, True], ids=["no-history", "history"])
def test_an_unknown_domain_fails_only_its_own_series(
    server: EmulatorServer,
    clock: ManualClock,
    cores: list[Watching],
    store: HistoryStore,
    with_history: bool,
) -> None:
    core = watching(server, clock, cores, store if with_history else None)
    known = domains(29)
    unknown = ("tencent", ACCOUNT.name, "nope.example.org")
    core.set_selection([*known, unknown])
    core.wait()
    assert core.runner.fetches() == 1  # type: ignore[attr-defined]
    assert list(core.failed) == [unknown] and isinstance(core.failed[unknown], DomainError)
    shot = core.snapshot(unknown)
    assert shot is not None and isinstance(shot.health.failure, DomainError)
    assert shot.health.persistent and not shot.has_points
    assert_as_served(server, core, known)


def test_any_other_error_fails_every_series_of_the_batch(
    server: EmulatorServer, clock: ManualClock, cores: list[Watching]
) -> None:
    core = watching(server, clock, cores)
    keys = domains(30)
    core.set_selection(keys)
    core.wait()
    server.stop()
    try:
        core.refresh()
        core.wait()
    finally:
        server.start()
    assert sorted(core.failed) == sorted(keys)
    for key in keys:
        shot = core.snapshot(key)
        assert shot is not None and shot.health.failure is not None and shot.has_points


def test_what_is_on_screen_goes_into_the_first_batch(
    server: EmulatorServer, clock: ManualClock, cores: list[Watching]
) -> None:
    core = watching(server, clock, cores)
    core.max_fetches = 1
    keys = domains(90)
    on_screen = keys[-40:-10]  # neither the first nor the last in the queue's order
    core.fetch_first(on_screen)
    core.set_selection(keys)
    assert core.runner.fetches() == 1  # type: ignore[attr-defined]
    core.wait()
    assert core.runner.fetches() == 3  # type: ignore[attr-defined]
    assert calls_a_window(server, core, keys[0]) == 3
    assert set(core.changed[:30]) == set(on_screen)
    assert_as_served(server, core, keys)


def test_the_round_time_counts_a_call_for_each_thirty_domains(
    server: EmulatorServer, clock: ManualClock, cores: list[Watching]
) -> None:
    core = watching(server, clock, cores)
    core.max_fetches = 0  # nothing starts: only the count is looked at
    core.set_selection(domains(60))
    found = core.round_time()
    assert found is not None and (found.series, found.calls) == (60, 2)
    assert found.seconds == pytest.approx(2 / CALLS_PER_SECOND["tencent"])
    core.set_selection(domains(61))
    found = core.round_time()
    assert found is not None and (found.series, found.calls) == (61, 3)

"""Faults injected into the emulator while the real app runs: a window and a wall.

Each scenario runs a MainWindow and a WallWindow (each with its own monitor, sharing the
accounts' clients and one history file, as the app does) against one emulator, drives
refresh cycles by hand on a manual clock, and checks that the app stays up and responsive,
shows the right state and reason, keeps its retries within the policy's bounds, recovers at
the first refresh after the fault ends, and leaves the history exactly as the emulator
served it. Each scenario prints its figures (``pytest -s``); tests/live/FAULT_SCENARIOS.md
records them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cdnmon.emulator import EmulatorServer, FaultPlan, demo_accounts
from cdnmon.gui.monitor import Monitor
from cdnmon.gui.wall.window import WallWindow
from cdnmon.gui.window.main_window import MainWindow
from cdnmon.gui.window.settings import REFRESH_CHOICES, WindowSettings
from cdnmon.gui.workers import Worker, WorkerPool
from cdnmon.history.store import HistoryStore
from cdnmon.live.keys import SeriesKey
from cdnmon.model import MINUTE, TimeRange
from cdnmon.providers.aliyun import AliyunClient
from cdnmon.providers.base import Credentials, OriginBandwidthClient
from cdnmon.providers.http import RetryPolicy
from cdnmon.providers.ucloud import UCloudClient
from cdnmon.wall.layout import TileSpec, WallLayout
from cdnmon.wall.state import TileState
from tests.emulated import ManualClock

REFRESH_S = 60  # both the window's and the wall's auto-refresh
STALE_AFTER = 2  # wall tiles grey out after two refreshes without data
# (connect, read): short, so that "slower than the read timeout" costs a test little time,
# yet far above what a loaded machine takes to answer on loopback.
TIMEOUT = (2.0, 0.8)
SLOW_S = 1.6  # how late a slow answer comes: twice the read timeout
WALL_TICK_S = 10  # the wall ticks at least this often, so no tick looks like a sleep
HANG_S = 5.0  # a GUI thread that skips this long between timer ticks has hung
ACTIONS = {"aliyun": "DescribeDomainRealTimeSrcBpsData", "ucloud": "GetUcdnPassBandwidthV2"}
ALIYUN_DOMAIN, UCLOUD_DOMAIN = "www.shop.example.com", "patch.games.example.com"


@dataclass(frozen=True)
class RecordingRetry(RetryPolicy):
    """The policy the clients use, noting each failed try's index (0 = the first try):
    ``delay`` is asked once per failure, retried or not."""

    failures: list[int] = field(default_factory=list, compare=False, hash=False)

    def delay(self, retry: int) -> float:
        self.failures.append(retry)
        return super().delay(retry)


# Fewer tries than the app's five, with short waits: the bounds are what is checked.
RETRY = RecordingRetry(attempts=4, base_delay=0.01, max_delay=0.05, deadline=10.0)


class ServerClock:
    """The emulator's clock: the test's manual clock plus a skew against this computer's."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.skew_s = 0.0

    def __call__(self) -> float:
        return self.clock() + self.skew_s


class Heartbeat:
    """A timer on the GUI thread; the longest gap between its ticks says whether the thread
    kept processing events while fetches were failing."""

    def __init__(self) -> None:
        self.last: float | None = None
        self.longest = 0.0
        self.ticks = 0
        self.timer = QTimer()
        self.timer.timeout.connect(self._beat)
        self.timer.start(20)

    def _beat(self) -> None:
        now = time.monotonic()
        if self.last is not None:
            self.longest = max(self.longest, now - self.last)
        self.last, self.ticks = now, self.ticks + 1

    def restart(self) -> None:
        """Measure from now: the test's own code between waits blocks the loop on purpose."""
        self.last = time.monotonic()


class FetchCounter:
    """Counts the fetches a monitor starts (one per track per refresh, plus any retries the
    monitor schedules itself)."""

    def __init__(self, pool: WorkerPool) -> None:
        self.count = 0
        start = pool.start

        def counting(job: Callable[[Worker], object], name: str = "", **slots: Any) -> Worker:
            if name.startswith("fetch "):
                self.count += 1
            return start(job, name=name, **slots)

        pool.start = counting  # type: ignore[method-assign]


@dataclass
class Phase:
    """What a stretch of refresh cycles cost: fetches, calls, failed tries."""

    fetches: int = 0
    calls: int = 0
    failures: list[int] = field(default_factory=list)
    longest_stall_s: float = 0.0

    @property
    def exhausted(self) -> int:
        """Fetches that used every try the policy allows."""
        return self.failures.count(RETRY.attempts - 1)

    def line(self) -> str:
        most = max(self.failures, default=-1) + 1
        return (
            f"fetches={self.fetches} data-calls={self.calls} failed-tries={len(self.failures)} "
            f"exhausted={self.exhausted} most-failed-tries-in-a-fetch={most} "
            f"longest-gui-stall={self.longest_stall_s * 1000:.0f}ms"
        )


@dataclass
class Rig:
    qtbot: QtBot
    clock: ManualClock
    server_clock: ServerClock
    server: EmulatorServer
    store: HistoryStore
    retry: RecordingRetry
    window: MainWindow
    wall: WallWindow
    counters: list[FetchCounter]
    heartbeat: Heartbeat
    keys: list[SeriesKey]
    first_start: int = 0
    report: list[str] = field(default_factory=list)

    @property
    def monitors(self) -> list[Monitor]:
        return [self.window.monitor, self.wall.monitor]

    def idle(self) -> bool:
        return all(m.in_flight == 0 and m.pool.in_flight == 0 for m in self.monitors)

    def wait_idle(self, timeout_ms: int = 30_000) -> None:
        self.heartbeat.restart()
        self.qtbot.waitUntil(self.idle, timeout=timeout_ms)
        self.wall.tick()

    def data_calls(self) -> int:
        return sum(self.server.stats.requests(p, a) for p, a in ACTIONS.items())

    def cycle(self, phase: Phase | None = None) -> None:
        """One auto-refresh: a refresh interval passes (the wall ticking through it), both
        monitors refresh, and everything they started is waited for."""
        fetches, calls, failures = self.fetches(), self.data_calls(), len(self.retry.failures)
        for _ in range(REFRESH_S // WALL_TICK_S):
            self.clock.advance(WALL_TICK_S)
            self.wall.tick()
        for monitor in self.monitors:
            monitor.refresh()
        self.heartbeat.longest = 0.0
        self.wait_idle()
        assert self.heartbeat.longest < HANG_S, "the GUI thread stopped processing events"
        self.check_up()
        if phase is not None:
            phase.fetches += self.fetches() - fetches
            phase.calls += self.data_calls() - calls
            phase.failures += self.retry.failures[failures:]
            phase.longest_stall_s = max(phase.longest_stall_s, self.heartbeat.longest)

    def fetches(self) -> int:
        return sum(c.count for c in self.counters)

    def check_up(self) -> None:
        """Running and responsive: both windows up, no dialog, the event loop turning."""
        assert self.window.isVisible() and self.wall.isVisible()
        assert QApplication.activeModalWidget() is None
        ticks = self.heartbeat.ticks
        self.qtbot.waitUntil(lambda: self.heartbeat.ticks > ticks, timeout=int(HANG_S * 1000))

    # ---- what is shown --------------------------------------------------------------

    def error(self, key: SeriesKey) -> str:
        """The error the window shows on the domain's chart ("" when none)."""
        message = self.window.chart.error_text(key)
        assert message == self.window.monitor.error(key)
        return message

    def tile(self, key: SeriesKey) -> tuple[TileState, str]:
        tile = self.wall.tiles[self.keys.index(key)]
        return tile.state, tile.badge_text()

    def note(self, what: str) -> None:
        self.report.append(what)

    def shown(self, label: str) -> None:
        """Record what the window and the wall show now, for the scenario table."""
        for key in self.keys:
            state, badge = self.tile(key)
            self.note(f"{label} {key[0]}: window={self.error(key)!r} wall={state.name} {badge!r}")

    # ---- checks ---------------------------------------------------------------------

    def check_recovered(self) -> None:
        """Every domain fetched fine: no error in the window, every tile LIVE."""
        for key in self.keys:
            assert self.error(key) == ""
            assert self.tile(key) == (TileState.LIVE, "● LIVE")
            for monitor in self.monitors:
                assert monitor.snapshot(key).health.succeeded_at == self.clock()
        # Said with the status bar's next update (a few times a second).
        self.qtbot.waitUntil(lambda: self.window.updated_label.text().startswith("Updated "))

    def check_store(self) -> tuple[int, int]:
        """The history holds exactly what the emulator serves for every minute the app has
        shown, each once, none added, none zero-filled, none lost; the window, its chart and
        the wall show the same. Returns the points compared and the minutes without data."""
        now = self.clock()
        shown = TimeRange(self.first_start, self.window.monitor.time_range().end)
        visible = self.window.monitor.time_range()
        compared = 0
        self.window.chart.flush()
        for key in self.keys:
            account = next(a for a in self.server.accounts if a.name == key[1])
            expected = self.server.expected_series(key[0], account.key_id, key[2], shown, MINUTE)
            times, values = self.store.arrays(*key, MINUTE, shown)
            assert len(np.unique(times)) == len(times), "duplicate timestamps in the history"
            assert times.tolist() == [t for t, _ in expected], "points lost or added"
            assert values.tolist() == pytest.approx([v for _, v in expected], rel=1e-12)
            compared += len(expected)
            on_screen = [(t, v) for t, v in expected if t in visible]
            for monitor in self.monitors:
                series = monitor.series(key)
                assert series is not None
                assert_same_points(list(series.points), on_screen)
            x, y = self.window.chart.curve_data(key)
            drawn = [(int(t), float(v)) for t, v in zip(x, y, strict=True) if np.isfinite(v)]
            assert_same_points(drawn, on_screen)  # gaps stay gaps (NaN), never zeros
        assert now == self.clock()
        return compared, len(self.keys) * shown.seconds // MINUTE - compared


def assert_same_points(found: list[tuple[int, float]], expected: list[tuple[int, float]]) -> None:
    assert [t for t, _ in found] == [t for t, _ in expected]
    assert [v for _, v in found] == pytest.approx([v for _, v in expected], rel=1e-12)


def make_clients(server: EmulatorServer, retry: RetryPolicy) -> list[OriginBandwidthClient]:
    shop = server.account("aliyun", "demo-aliyun-shop-id")
    games = server.account("ucloud", "demo-ucloud-games-public")
    return [
        AliyunClient(
            Credentials(shop.key_id, shop.secret), shop.name, server.url, retry=retry,
            timeout=TIMEOUT,
        ),
        UCloudClient(
            Credentials(games.key_id, games.secret, games.project_id), games.name, server.url,
            retry=retry, timeout=TIMEOUT,
        ),
    ]  # fmt: skip


@pytest.fixture
def rig(qtbot: QtBot, tmp_path: Path) -> Iterator[Rig]:
    # Behind the real time, so that the minutes the tests let pass keep the signatures'
    # timestamps (this computer's real clock) within the provider's 15 minutes.
    clock = ManualClock(time.time() - 5 * MINUTE)
    server_clock = ServerClock(clock)
    wanted = {"demo-shop", "demo-games"}
    accounts = [a for a in demo_accounts() if a.name in wanted]
    # No server-side rate limit: the throttling here is the injected storm alone.
    server = EmulatorServer(accounts, clock=server_clock, aliyun_rate_limit=None).start()
    store = HistoryStore(tmp_path / "history.sqlite3")
    RETRY.failures.clear()
    clients = make_clients(server, RETRY)
    keys: list[SeriesKey] = [
        ("aliyun", "demo-shop", ALIYUN_DOMAIN),
        ("ucloud", "demo-games", UCLOUD_DOMAIN),
    ]

    window_monitor = Monitor(WorkerPool(), clock=clock, store=store)
    for client in clients:
        window_monitor.add_source(client)
    window = MainWindow(window_monitor, WindowSettings(tmp_path / "window.ini"))
    qtbot.addWidget(window)
    window.refresh_box.setCurrentIndex(REFRESH_CHOICES.index(REFRESH_S))
    window.show()
    window.show_sources(list(window_monitor.sources), keys)

    wall_monitor = Monitor(WorkerPool(), clock=clock, store=store)
    for client in clients:  # shared, as the app shares them (and their rate limits)
        wall_monitor.add_source(client, list_domains=False)
    layout = WallLayout(
        tiles=tuple(TileSpec(key[2], key[0], key[1], (key[2],)) for key in keys),
        refresh_s=REFRESH_S,
        window_s=3600,
        stale_after_intervals=STALE_AFTER,
    )
    wall = WallWindow(wall_monitor, layout, clock=clock)
    qtbot.addWidget(wall)
    wall.sources_ready({})
    wall.resize(1366, 768)
    wall.show()

    built = Rig(
        qtbot, clock, server_clock, server, store, RETRY, window, wall,
        [FetchCounter(window_monitor.pool), FetchCounter(wall_monitor.pool)], Heartbeat(),
        keys, first_start=window_monitor.time_range().start,
    )  # fmt: skip
    built.wait_idle()
    assert wall.answered()
    assert window_monitor.auto_refresh_s == wall_monitor.auto_refresh_s == REFRESH_S
    built.check_recovered()  # the baseline: live everywhere
    yield built

    built.heartbeat.timer.stop()
    wall.close()
    wall_monitor.shutdown(close_clients=False)
    window.close()  # shuts its monitor down and closes the clients
    store.close()
    server.stop()
    print(f"\n[{built.report[0]}]")
    for line in built.report[1:]:
        print("   ", line)


def recover(rig: Rig) -> None:
    """The fault is over: one refresh later everything is back, the history complete."""
    phase = Phase()
    rig.cycle(phase)
    rig.check_recovered()
    points, empty = rig.check_store()
    rig.note(
        f"recovery after 1 refresh: {phase.line()}; history: {points} points as served, "
        f"{empty} minutes without data left empty"
    )


def test_thirty_percent_of_answers_are_5xx(rig: Rig) -> None:
    rig.note("30% of responses 5xx")
    # Seeded: which answers fail repeats from run to run, bar the order threads arrive in.
    rig.server.faults = FaultPlan("server_error", rate=0.3, seed=2)
    phase = Phase()
    for _ in range(5):
        rig.cycle(phase)
        for key in rig.keys:
            # Absorbed by retries; a fetch unlucky on every try fails as a provider fault,
            # which leaves the last data up.
            message = rig.error(key)
            assert message == "" or "provider-side failure" in message
            assert rig.tile(key)[0] is TileState.LIVE
    rig.shown("during:")
    faults = rig.server.stats.faults("server_error")
    rig.note(f"during 5 refreshes: {phase.line()}; 5xx answers={faults}")
    assert faults > 0 and max(phase.failures) <= RETRY.attempts - 1
    assert phase.calls <= phase.fetches * RETRY.attempts
    # Every 5xx answer was a failed try, and only those failed.
    assert len(phase.failures) == faults
    rig.server.faults = None
    recover(rig)


def test_throttling_storm(rig: Rig) -> None:
    rig.note("throttling storm")
    rig.server.faults = FaultPlan("throttle")
    phase = Phase()
    for _ in range(2):
        rig.cycle(phase)
    rig.shown("during:")
    # Every fetch tried exactly as often as the policy allows, then said why it stopped.
    assert phase.calls == phase.fetches * RETRY.attempts
    assert phase.exhausted == phase.fetches
    aliyun, ucloud = rig.keys
    assert "throttled (Throttling)" in rig.error(aliyun)
    assert "throttled (153)" in rig.error(ucloud)
    for key in rig.keys:
        assert "too many calls: cdnmon slows down and retries" in rig.error(key)
        state, badge = rig.tile(key)
        assert state is TileState.ERROR and "throttled" in badge
    rig.note(f"during 2 refreshes: {phase.line()}")
    rig.server.faults = None
    recover(rig)


def test_ten_minute_outage_refused_then_timeouts(rig: Rig) -> None:
    rig.note("10-minute outage: connection refused, then timeouts")
    rig.server.stop()
    refused = Phase()
    for number in range(7):  # minutes 0-7: nothing listens
        rig.cycle(refused)
        for key in rig.keys:
            assert "could not connect, or the connection was dropped" in rig.error(key)
            state, badge = rig.tile(key)
            if number + 1 < STALE_AFTER:
                assert state is TileState.LIVE  # the last data stays up a while
            else:
                assert state is TileState.STALE and "network error" in badge
        if number == 0:
            rig.shown("refused, 1st refresh:")
    rig.shown("refused, 7th refresh:")
    assert refused.calls == 0 and refused.exhausted == refused.fetches
    assert len(refused.failures) == refused.fetches * RETRY.attempts
    rig.note(f"refused, 7 refreshes: {refused.line()}")

    rig.server.faults = FaultPlan("latency", latency_s=SLOW_S)
    rig.server.start()  # answers again, but later than the clients wait
    timeouts = Phase()
    for _ in range(3):  # minutes 7-10
        rig.cycle(timeouts)
        for key in rig.keys:
            assert "no answer within the timeout" in rig.error(key)
            state, badge = rig.tile(key)
            assert state is TileState.STALE and "network error" in badge
    rig.shown("timeouts:")
    # Counted as drawn on arrival: the late answers themselves may still be on their way.
    late = rig.server.stats.faults("latency")
    assert late == timeouts.fetches * RETRY.attempts == len(timeouts.failures)
    assert timeouts.exhausted == timeouts.fetches
    rig.note(f"timeouts, 3 refreshes: {timeouts.line()}; late answers={late}")
    rig.server.faults = None
    time.sleep(SLOW_S)  # late answers still being counted stay out of the recovery's figures
    recover(rig)


def test_answers_slower_than_the_read_timeout(rig: Rig) -> None:
    rig.note(f"one domain's answers {SLOW_S} s late, read timeout {TIMEOUT[1]} s")
    slow, fast = rig.keys
    rig.server.faults = FaultPlan("latency", latency_s=SLOW_S, domains=frozenset({slow[2]}))
    phase = Phase()
    for _ in range(2):
        rig.cycle(phase)
    rig.shown("during:")
    assert "network error" in rig.error(slow) and "no answer within the timeout" in rig.error(slow)
    assert rig.tile(slow)[0] is TileState.STALE and "network error" in rig.tile(slow)[1]
    assert rig.error(fast) == "" and rig.tile(fast)[0] is TileState.LIVE
    slow_calls = rig.server.stats.faults("latency")
    # Two fetches of the slow domain per refresh (window and wall), each tried to the bound.
    assert slow_calls == 2 * 2 * RETRY.attempts and phase.exhausted == 2 * 2
    rig.note(f"during 2 refreshes: {phase.line()}; late answers={slow_calls}")
    rig.server.faults = None
    time.sleep(SLOW_S)  # late answers still being counted stay out of the recovery's figures
    recover(rig)


@pytest.mark.parametrize("kind", ["malformed", "truncated"])
def test_malformed_and_truncated_bodies(rig: Rig, kind: str) -> None:
    what = {
        "malformed": "JSON cut in half, sent whole (status 200)",
        "truncated": "body cut off mid-way (fewer bytes than Content-Length)",
    }
    rig.note(f"{kind}: {what[kind]}")
    rig.server.faults = FaultPlan(kind)
    phase = Phase()
    for number in range(STALE_AFTER):
        rig.cycle(phase)
        if number == 0:
            rig.shown("1st refresh:")
    rig.shown(f"{STALE_AFTER}nd refresh:")
    for key in rig.keys:
        state, badge = rig.tile(key)
        assert state is TileState.STALE
        if kind == "malformed":
            # Not retried: the answer came whole and the same request gets the same answer.
            assert "unexpected response: expected JSON" in rig.error(key)
            assert "a proxy or captive portal may be in the way" in badge
        else:
            # A connection dropped mid-answer is a network failure: retried.
            assert "could not connect, or the connection was dropped" in rig.error(key)
            assert "network error" in badge
    if kind == "malformed":
        assert phase.calls == phase.fetches and phase.failures == [0] * phase.fetches
    else:
        assert phase.calls == phase.fetches * RETRY.attempts
        assert phase.exhausted == phase.fetches
    rig.note(f"during {STALE_AFTER} refreshes: {phase.line()}")
    rig.server.faults = None
    recover(rig)


def test_html_error_page_with_status_200(rig: Rig) -> None:
    rig.note("HTML error page with status 200")
    rig.server.faults = FaultPlan("html")
    phase = Phase()
    for _ in range(STALE_AFTER):
        rig.cycle(phase)
    rig.shown("during:")
    for key in rig.keys:
        assert "expected JSON, got text/html starting '<!DOCTYPE html>" in rig.error(key)
        assert "(HTTP 200)" in rig.error(key)
        state, badge = rig.tile(key)
        assert state is TileState.STALE
        assert "unexpected response: a proxy or captive portal may be in the way" in badge
    assert phase.calls == phase.fetches and phase.failures == [0] * phase.fetches
    rig.note(f"during {STALE_AFTER} refreshes: {phase.line()}")
    rig.server.faults = None
    recover(rig)


def test_clock_twenty_minutes_off(rig: Rig) -> None:
    rig.note("this computer's clock 20 min behind the provider's")
    aliyun, ucloud = rig.keys
    # Signatures carry this computer's real time; the provider's clock runs 20 min ahead.
    rig.server_clock.skew_s = 20 * MINUTE - (rig.clock() - time.time())
    phase = Phase()
    for _ in range(STALE_AFTER):
        rig.cycle(phase)
    rig.shown("during:")
    message = rig.error(aliyun)
    assert "request rejected (InvalidTimeStamp.Expired)" in message
    assert "set this computer's clock right (use NTP)" in message
    state, badge = rig.tile(aliyun)
    # A clock set wrong needs a person: the tile says so at once, not after going stale.
    assert state is TileState.ERROR and "set this computer's clock right (use NTP)" in badge
    # UCloud's signature has no time in it: its domain is not affected.
    assert rig.error(ucloud) == "" and rig.tile(ucloud)[0] is TileState.LIVE
    # Rejected outright, not retried: the same clock would be rejected again.
    aliyun_fetches = phase.fetches // 2
    assert phase.failures == [0] * aliyun_fetches and phase.exhausted == 0
    rig.note(f"during {STALE_AFTER} refreshes: {phase.line()}")
    rig.server_clock.skew_s = 0.0
    recover(rig)


def test_credentials_revoked_mid_run_and_restored(rig: Rig) -> None:
    rig.note("credentials revoked mid-run, then restored")
    aliyun, ucloud = rig.keys
    revoked = [("aliyun", "demo-aliyun-shop-id"), ("ucloud", "demo-ucloud-games-public")]
    for provider, key_id in revoked:
        rig.server.revoke(provider, key_id)
    phase = Phase()
    rig.cycle(phase)
    rig.shown("during:")
    assert "access denied (InvalidAccessKeyId.Inactive)" in rig.error(aliyun)
    assert "the AccessKey is disabled: enable or replace it" in rig.error(aliyun)
    assert "access denied (172)" in rig.error(ucloud)
    for key in rig.keys:
        state, badge = rig.tile(key)
        assert state is TileState.ERROR and "access denied" in badge  # at once, not stale
    # Not retried: a disabled key stays disabled until a person acts.
    assert phase.calls == phase.fetches and phase.failures == [0] * phase.fetches
    rig.note(f"during 1 refresh: {phase.line()}")
    for provider, key_id in revoked:
        rig.server.restore(provider, key_id)
    recover(rig)

"""The real window against the emulator: curves, inline errors, cancelling, settings."""

from __future__ import annotations

import csv
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from cdnmon.emulator import EmulatorServer, FaultPlan
from cdnmon.emulator.accounts import wide_account
from cdnmon.gui.monitor import Monitor
from cdnmon.gui.window.main_window import MainWindow
from cdnmon.gui.window.settings import WindowSettings
from cdnmon.gui.workers import WorkerPool
from cdnmon.history.store import HistoryStore
from cdnmon.live.keys import SeriesKey
from cdnmon.live.points import pairs
from cdnmon.model import DAY, HOUR, MINUTE, TimeRange, billing_p95, format_utc
from tests.emulated import ManualClock, client_for, first_account, online_domains

if TYPE_CHECKING:
    from cdnmon.gui.app import DesktopApp


def open_window(
    qtbot: QtBot,
    server: EmulatorServer,
    clock: ManualClock,
    tmp_path: Path,
    store: HistoryStore | None = None,
    **secrets: str,
) -> MainWindow:
    monitor = Monitor(WorkerPool(), clock=clock, store=store)
    for account in server.accounts:
        monitor.add_source(client_for(server, account, secret=secrets.get(account.name)))
    window = MainWindow(monitor, WindowSettings(tmp_path / "window.ini"))
    qtbot.addWidget(window)
    window.show()
    return window


def key_of(server: EmulatorServer, provider: str, index: int = 0) -> SeriesKey:
    account = first_account(server, provider)
    return (provider, account.name, online_domains(account)[index])


def test_picked_domains_draw_the_emulators_values(
    qtbot: QtBot, server: EmulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    window = open_window(qtbot, server, clock, tmp_path)
    keys = [key_of(server, "aliyun"), key_of(server, "ucloud")]
    window.show_sources(list(window.monitor.sources), keys)
    qtbot.waitUntil(lambda: all(window.monitor.series(k).points for k in keys), timeout=20000)
    visible = window.monitor.time_range()
    for key in keys:
        account = first_account(server, key[0])
        expected = server.expected_series(key[0], account.key_id, key[2], visible, MINUTE)
        series = window.monitor.series(key)
        assert [t for t, _ in series.points] == [t for t, _ in expected]
        assert series.values == pytest.approx([v for _, v in expected], rel=1e-12)
    assert set(window.chart.series_keys()) == set(keys)
    window.chart.flush()
    for key in keys:  # the curves on screen are those values, gaps as NaN
        x, y = window.chart.curve_data(key)
        drawn = [(int(t), v) for t, v in zip(x, y, strict=True) if np.isfinite(v)]
        assert drawn == list(window.monitor.series(key).points)
    window.chart.show_readout_at(visible.start + 600)
    assert all(k[2] in window.chart.readout_text() for k in keys)
    # The figures under the chart are numpy's over the same (visible) points.
    shot = window.monitor.snapshot(keys[0])
    values = np.array(shot.series().values)
    summary = shot.summary
    assert summary.peak == values.max() and summary.average == pytest.approx(values.mean())
    assert summary.p95 == np.percentile(values, 95, method="inverted_cdf") == billing_p95(values)
    model = window.summary.summaries
    model.flush()  # the table gathers answers for a moment
    assert model.rowCount() == 2


def test_the_status_bar_says_progress_a_few_times_a_second_and_the_end_at_once(
    qtbot: QtBot, server: EmulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    window = open_window(qtbot, server, clock, tmp_path)
    bar, monitor = window.progress_bar, window.monitor
    for done in range(1, 6):  # answers in a burst: gathered into the next update
        monitor.progress.emit(done, 10)
        monitor.updated.emit(clock())
    assert not bar.isVisible() and window.updated_label.text() == "No data yet"
    qtbot.waitUntil(lambda: bar.isVisible() and bar.value() == 5)
    assert (bar.maximum(), window.updated_label.text().startswith("Updated ")) == (10, True)
    monitor.progress.emit(0, 0)  # every fetch ended: no stale "5 / 10 calls" left showing
    assert not bar.isVisible()


def test_bad_secret_shows_inline_and_the_rest_keeps_working(
    qtbot: QtBot, server: EmulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    ucloud = first_account(server, "ucloud")
    window = open_window(qtbot, server, clock, tmp_path, **{ucloud.name: "wrong-private-key"})
    bad, good = key_of(server, "ucloud"), key_of(server, "aliyun")
    window.show_sources(list(window.monitor.sources), [bad, good])
    qtbot.waitUntil(lambda: bool(window.monitor.error(bad)), timeout=20000)
    qtbot.waitUntil(lambda: bool(window.monitor.series(good).points), timeout=20000)
    message = window.monitor.error(bad)
    assert "171" in message and "check the private key" in message
    assert "wrong-private-key" not in message
    assert message in window.chart.error_text(bad)
    # The account's domain list failed too, and says so on the account in the picker.
    qtbot.waitUntil(lambda: "171" in window.picker.domains.index(2, 0).data(), timeout=20000)
    assert window.isVisible() and window.monitor.in_flight == 0


def test_reselecting_cancels_stale_fetches(
    qtbot: QtBot, server: EmulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    slow, fast = key_of(server, "aliyun", 0), key_of(server, "aliyun", 1)
    server.faults = FaultPlan("latency", latency_s=1.5, domains=frozenset({slow[2]}))
    window = open_window(qtbot, server, clock, tmp_path)
    window.show_sources(list(window.monitor.sources), [slow])
    qtbot.waitUntil(lambda: window.monitor.in_flight == 1, timeout=5000)
    window.picker.set_checked([fast])
    window._selection_changed([fast])
    qtbot.waitUntil(lambda: bool(window.monitor.series(fast).points), timeout=20000)
    time.sleep(1.6)  # let the slow answer arrive: it must be ignored
    qtbot.wait(200)
    assert window.monitor.series(slow) is None
    assert slow not in window.chart.series_keys()
    assert window.summary.summaries.rowCount() == 1


def test_settings_round_trip(
    qtbot: QtBot, server: EmulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    window = open_window(qtbot, server, clock, tmp_path)
    keys = [key_of(server, "aliyun"), key_of(server, "ucloud", 1)]
    window.show_sources(list(window.monitor.sources), keys)
    window.range_box.setCurrentText("6 h")
    window._range_chosen()
    window.refresh_box.setCurrentIndex(1)
    window.view_box.setCurrentIndex(2)
    window.threshold_box.setValue(800)
    window.theme_action.setChecked(True)
    window.resize(700, 500)
    window.close()
    settings = WindowSettings(tmp_path / "window.ini")
    assert settings.selection == sorted(keys)
    assert (settings.span, settings.refresh_s, settings.view, settings.theme) == (
        6 * 3600, 30, "stacked", "dark",
    )  # fmt: skip
    assert settings.threshold_bps == 800e6
    again = open_window(qtbot, server, clock, tmp_path)
    assert again.range_box.currentText() == "6 h"
    assert again.monitor.span == 6 * 3600 and again.monitor.auto_refresh_s == 30
    assert again.view_box.currentData() == "stacked" and again.theme_action.isChecked()
    assert (again.width(), again.height()) == (700, 500)
    again.close()


class Emitter(QObject):
    fired = Signal(bool)


def test_fifty_thousand_signal_emits_do_not_crash(qtbot: QtBot) -> None:
    # PySide6 6.12.0 on CPython 3.11 aborts after a few hundred emits (bool_dealloc).
    emitter, seen = Emitter(), []
    emitter.fired.connect(seen.append)
    for i in range(50_000):
        emitter.fired.emit(i % 2 == 0)
    assert len(seen) == 50_000 and sys.getrefcount(True) > 0


def test_demo_screenshot_command(tmp_path: Path) -> None:
    picture = tmp_path / "demo.png"
    result = subprocess.run(
        [sys.executable, "-m", "cdnmon", "--demo", "--screenshot", str(picture)],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert picture.stat().st_size > 20_000
    assert "Traceback" not in result.stderr
    # A scripted screenshot leaves the user's window settings alone, but keeps history.
    assert not (tmp_path / "config" / "demo.ini").exists()
    assert (tmp_path / "data" / "demo-history.sqlite3").stat().st_size > 0


def test_refresh_fetches_only_the_trailing_window_and_replaces_it(
    qtbot: QtBot, server: EmulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    window = open_window(qtbot, server, clock, tmp_path)
    key = key_of(server, "aliyun")
    window.range_box.setCurrentText("6 h")
    window._range_chosen()
    window.show_sources(list(window.monitor.sources), [key])
    qtbot.waitUntil(
        lambda: window.monitor.in_flight == 0 and bool(window.monitor.series(key).points),
        timeout=60000,
    )
    calls = server.stats.requests("aliyun", "DescribeDomainRealTimeSrcBpsData")
    assert calls == 6  # six one-hour windows
    before = dict(window.monitor.series(key).points)
    clock.advance(120)  # two minutes later: the provisional minutes have been revised
    window.monitor.refresh()
    qtbot.waitUntil(lambda: window.monitor.in_flight == 0, timeout=60000)
    assert server.stats.requests("aliyun", "DescribeDomainRealTimeSrcBpsData") == calls + 1
    visible = window.monitor.time_range()
    account = first_account(server, "aliyun")
    expected = server.expected_series("aliyun", account.key_id, key[2], visible, MINUTE)
    assert list(window.monitor.series(key).points) == expected  # revised, not appended
    newest = max(before)
    assert before[newest] < dict(expected)[newest], "a provisional point was revised upwards"


def test_closing_the_window_stops_workers_promptly(
    qtbot: QtBot, server: EmulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    server.faults = FaultPlan("latency", latency_s=1.0)
    window = open_window(qtbot, server, clock, tmp_path)
    keys = [key_of(server, "aliyun", i) for i in range(4)]
    window.range_box.setCurrentText("24 h")
    window._range_chosen()
    window.show_sources(list(window.monitor.sources), keys)
    qtbot.waitUntil(lambda: window.monitor.in_flight == 4, timeout=5000)
    started = time.monotonic()
    window.close()
    closed_in = time.monotonic() - started
    assert window.monitor.pool.pool.activeThreadCount() == 0
    # Each worker stops after the call in progress (at most one 1 s answer), not after 24.
    assert closed_in < 6.0


def test_welcome_panel_without_accounts(qtbot: QtBot, tmp_path: Path) -> None:
    monitor = Monitor(WorkerPool())
    window = MainWindow(monitor, WindowSettings(tmp_path / "window.ini"))
    qtbot.addWidget(window)
    window.show_sources([], [])
    assert window.pages.currentWidget() is window.welcome
    with qtbot.waitSignal(window.demo_requested, timeout=1000):
        next(b for b in window.welcome.findChildren(QPushButton) if "demo" in b.text()).click()
    with qtbot.waitSignal(window.accounts_requested, timeout=1000) as asked:
        next(b for b in window.welcome.findChildren(QPushButton) if "UCloud" in b.text()).click()
    assert asked.args == ["ucloud"]
    with qtbot.waitSignal(window.accounts_requested, timeout=1000) as asked:
        next(b for b in window.welcome.findChildren(QPushButton) if "Tencent" in b.text()).click()
    assert asked.args == ["tencent"]
    window.close()


def test_with_history_a_restart_shows_stored_data_first_and_fetches_only_the_tail(
    qtbot: QtBot, server: EmulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    keys = [key_of(server, "aliyun"), key_of(server, "ucloud")]
    window = open_window(qtbot, server, clock, tmp_path, HistoryStore(tmp_path / "h.sqlite3"))
    window.range_box.setCurrentText("6 h")
    window._range_chosen()
    window.show_sources(list(window.monitor.sources), keys)
    qtbot.waitUntil(
        lambda: window.monitor.in_flight == 0 and window.monitor.last_update is not None,
        timeout=60000,
    )
    before = {key: window.monitor.series(key).points for key in keys}
    assert all(before.values())
    fetch = "DescribeDomainRealTimeSrcBpsData"
    assert server.stats.requests("aliyun", fetch) == 6
    window.close()
    window.monitor.store.close()

    # The next start: with the network down, the stored points still show.
    server.faults = FaultPlan("drop", rate=1.0)
    again = open_window(qtbot, server, clock, tmp_path, HistoryStore(tmp_path / "h.sqlite3"))
    again.show_sources(list(again.monitor.sources), keys)
    qtbot.waitUntil(lambda: all(again.monitor.series(k).points for k in keys), timeout=60000)
    for key in keys:
        assert again.monitor.series(key).points == before[key]
    qtbot.waitUntil(lambda: again.monitor.in_flight == 0, timeout=60000)
    assert "could not connect" in again.monitor.error(keys[0])

    # Back online: a refresh asks only for what the store lacks, the provisional tail.
    server.faults = None
    server.stats.reset()
    again.monitor.refresh()
    qtbot.waitUntil(
        lambda: again.monitor.in_flight == 0 and not again.monitor.error(keys[0]), timeout=60000
    )
    assert server.stats.requests("aliyun", fetch) == 1
    again.close()
    again.monitor.store.close()


def test_export_visible_points_as_csv_and_the_chart_as_png(
    qtbot: QtBot, server: EmulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    window = open_window(qtbot, server, clock, tmp_path)
    keys = [key_of(server, "aliyun"), key_of(server, "ucloud")]
    window.show_sources(list(window.monitor.sources), keys)
    qtbot.waitUntil(lambda: all(window.monitor.series(k).points for k in keys), timeout=60000)
    qtbot.waitUntil(lambda: window.monitor.in_flight == 0, timeout=60000)
    window.export_csv(tmp_path / "out.csv")
    rows = list(csv.DictReader((tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()))
    visible = window.monitor.time_range()
    expected = sorted(
        (key[0], key[2], format_utc(t))
        for key in keys
        for t, _ in window.monitor.series(key).points
        if t in visible
    )
    assert sorted((r["provider"], r["domain"], r["time"]) for r in rows) == expected
    window.chart.flush()
    window.save_image(tmp_path / "chart.png")
    picture = QImage(str(tmp_path / "chart.png"))
    assert picture.width() == window.chart.width() and picture.height() > 100
    with pytest.raises(OSError):
        window.save_image(tmp_path / "no-such-folder" / "chart.png")


def test_comparison_draws_yesterday_from_the_history_dashed(
    qtbot: QtBot, server: EmulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    # Keep clear of the hour boundary, where the window fetched ahead is extended.
    clock.now += 300 if clock.now % HOUR < 300 else -300 if clock.now % HOUR > HOUR - 300 else 0
    window = open_window(qtbot, server, clock, tmp_path, HistoryStore(tmp_path / "h.sqlite3"))
    key = key_of(server, "aliyun")
    window.show_sources(list(window.monitor.sources), [key])
    with qtbot.waitSignal(window.monitor.earlier_changed, timeout=60000) as drawn:
        window.compare_box.setCurrentText("Yesterday")
    assert drawn.args[:2] == [key, DAY]
    visible = window.monitor.time_range()
    # The window reaches back to the newest settled point (here, inside it): so does its
    # yesterday.
    start = window.monitor.held_range(key, visible, MINUTE).start
    assert start == visible.start
    yesterday = TimeRange(start - DAY, visible.end - DAY)
    account = first_account(server, "aliyun")
    assert list(pairs(drawn.args[2])) == server.expected_series(
        "aliyun", account.key_id, key[2], yesterday, MINUTE
    )
    window.chart.flush()
    x, _ = window.chart.earlier_curve(key, DAY).getData()
    assert x[0] >= start and x[-1] < visible.end  # shifted onto today's window
    # The next refresh finds yesterday's window in the history: no call for it.
    qtbot.waitUntil(lambda: window.monitor.pool.pool.activeThreadCount() == 0, timeout=60000)
    server.stats.reset()
    clock.advance(60)
    with qtbot.waitSignal(window.monitor.earlier_changed, timeout=60000):
        window.monitor.refresh()
    assert server.stats.requests("aliyun", "DescribeDomainRealTimeSrcBpsData") == 1
    window.close()
    window.monitor.store.close()


def test_half_an_environment_key_pair_is_said_in_the_window(
    qtbot: QtBot, desktop_app: Callable[..., DesktopApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CDNMON_TENCENT_AREA", "overseas")  # without the Tencent key pair
    desktop = desktop_app(demo=False)
    qtbot.addWidget(desktop.window)
    notice = desktop.window.notice_label
    qtbot.waitUntil(lambda: "CDNMON_TENCENT_AREA" in notice.text(), timeout=10_000)
    assert desktop.window.pages.currentWidget() is desktop.window.welcome  # nothing else set


@pytest.mark.emulator(accounts=(wide_account("aliyun", "wide", 120),))
def test_the_status_bar_says_how_long_a_round_takes_and_when_it_falls_behind(
    qtbot: QtBot, server: EmulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    window = open_window(qtbot, server, clock, tmp_path)
    account = server.accounts[0]
    keys = [("aliyun", account.name, d.name) for d in account.domains]
    window.show_sources(list(window.monitor.sources), keys)
    window.monitor.set_auto_refresh(60)
    window._tick()
    # 120 domains, one call each, at Alibaba's 10 calls a second.
    assert window.round_label.text() == "All 120 domains every 12 s at 10 calls/s"
    assert window.round_label.styleSheet() == ""
    window.monitor.set_auto_refresh(10)
    window._tick()
    assert window.round_label.text() == "Behind: All 120 domains every 12 s at 10 calls/s"
    assert "c62828" in window.round_label.styleSheet()
    window.show_sources(list(window.monitor.sources), keys[:5])
    window._tick()
    assert window.round_label.text() == ""  # half a second: nothing to say
    window.monitor.shutdown()


def test_a_round_reads_to_the_second_under_ten_minutes(qapp: object) -> None:
    from cdnmon.gui.window.main_window import round_length

    assert [round_length(s) for s in (12, 84, 120, 599.6, 3900)] == [
        "12 s", "1 min 24 s", "2 min", "10 min", "1 h 5 min"
    ]  # fmt: skip

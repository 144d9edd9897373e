"""The window with a history it cannot add to, or cannot have: stored points still shown,
live points still drawn, and one line in the log instead of a traceback."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cdnmon.emulator import EmulatorServer
from cdnmon.gui import i18n
from cdnmon.gui.monitor import Monitor
from cdnmon.gui.window.main_window import MainWindow
from cdnmon.gui.window.settings import WindowSettings
from cdnmon.gui.workers import WorkerPool
from cdnmon.history.store import FILE_NAME, HistoryStore, SeriesKey
from cdnmon.live.points import pairs
from cdnmon.model import DAY, MINUTE, Series, TimeRange
from tests.emulated import ManualClock, client_for, first_account, online_domains
from tests.history_files import digest, make_newer, require_private_mounts, run_read_only

if TYPE_CHECKING:
    from cdnmon.gui.app import DesktopApp


def test_the_window_shows_a_history_it_may_not_add_to_and_still_draws_live_points(
    qtbot: QtBot, server: EmulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    account = first_account(server, "aliyun")
    key = ("aliyun", account.name, online_domains(account)[0])
    visible = TimeRange.last(3600, clock.now)  # the window's default range
    yesterday = TimeRange(visible.start - DAY, visible.end - DAY)
    # Not what the emulator serves: these can only come from the history.
    kept = Series(
        *key, MINUTE, tuple((t, 42.0) for t in range(yesterday.start, yesterday.end, MINUTE))
    )
    path = tmp_path / FILE_NAME
    with HistoryStore(path) as writer:
        writer.save(kept, yesterday)
    make_newer(path, oldest_reader=1)  # a newer cdnmon's file: read, never written
    before = digest(path)
    store = HistoryStore(path)
    assert not store.writable
    monitor = Monitor(WorkerPool(), clock=clock, store=store)
    monitor.add_source(client_for(server, account))
    window = MainWindow(monitor, WindowSettings(tmp_path / "window.ini"))
    qtbot.addWidget(window)
    window.show()
    window.show_sources(list(monitor.sources), [key])
    with qtbot.waitSignal(monitor.earlier_changed, timeout=60000) as drawn:
        window.compare_box.setCurrentText("Yesterday")
    assert drawn.args[:2] == [key, DAY] and pairs(drawn.args[2]) == kept.points
    expected = server.expected_series("aliyun", account.key_id, key[2], visible, MINUTE)
    qtbot.waitUntil(lambda: monitor.series(key).points == tuple(expected), timeout=60000)
    assert monitor.error(key) == ""
    window.close()
    store.close()
    assert digest(path) == before
    with HistoryStore(path) as again:
        assert again.series_keys() == [SeriesKey(*key, MINUTE)]  # nothing was added


def test_a_data_folder_that_cannot_be_made_is_one_line_in_the_log_and_a_notice(
    qtbot: QtBot,
    desktop_app: Callable[..., DesktopApp],
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:

    blocker = isolated_home / "a-file"
    blocker.write_text("not a folder\n")
    folder = blocker / "data"
    monkeypatch.setenv("CDNMON_DATA_DIR", str(folder))
    desktop = desktop_app(demo=True)
    qtbot.addWidget(desktop.window)
    notice = desktop.window.notice_label
    qtbot.waitUntil(lambda: "History is off" in notice.text(), timeout=30_000)
    said = (
        f"cannot create the folder {folder} for the history file (Not a directory): set "
        "CDNMON_DATA_DIR to a folder you can write"
    )
    assert notice.text() == f"History is off for this run: {said}"
    assert notice.isVisibleTo(desktop.window)
    qtbot.waitUntil(lambda: bool(desktop.monitor.selection()), timeout=30_000)  # demo goes on
    desktop.stop()
    lines = [(r.name, r.levelno, r.getMessage()) for r in caplog.records]
    about_history = [line for line in lines if line[0] != "cdnmon.alerts.journal"]
    assert [line[1:] for line in about_history if "history" in line[2]] == [
        (logging.ERROR, f"history unavailable: {said}")
    ]
    # The alerts' own file is in the same folder: one line of its own, and alerts go on.
    about_alerts = [line[1:] for line in lines if line[0] == "cdnmon.alerts.journal"]
    assert len(about_alerts) == 1 and "kept in memory only" in about_alerts[0][1]
    assert not any(r.exc_info for r in caplog.records)


def test_the_demo_reads_its_history_from_a_read_only_folder_and_says_so_once(
    isolated_home: Path,
) -> None:
    require_private_mounts()
    data = isolated_home / "data"
    path = data / "demo-history.sqlite3"
    with HistoryStore(path) as store:
        store.save(
            Series("aliyun", "demo", "www.example.com", MINUTE, ((0, 1.0),)), TimeRange(0, 60)
        )
    before = digest(path)
    shot = isolated_home / "window.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = run_read_only(data, "--demo", "--screenshot", str(shot), env=env)
    assert run.returncode == 0, run.stderr
    assert shot.stat().st_size > 0  # the demo's live points were drawn
    log = (isolated_home / "logs" / "cdnmon.log").read_text()
    said = (
        f"the history file {path} cannot be written ({data} is on a read-only file system): "
        "history is shown but not added to; make the folder writable, or set CDNMON_DATA_DIR "
        "to a folder you can write"
    )
    assert [line.split(": ", 1)[1] for line in log.splitlines() if "added to" in line] == [
        f"history will not be added to: {said}"
    ]
    assert "Traceback" not in log and "Traceback" not in run.stderr
    assert digest(path) == before and sorted(p.name for p in data.iterdir()) == [path.name]


def test_a_damaged_history_set_aside_is_said_in_the_window_s_language(
    qtbot: QtBot, qapp: QApplication, desktop_app: Callable[..., DesktopApp], isolated_home: Path
) -> None:
    path = isolated_home / "data" / "demo-history.sqlite3"
    path.parent.mkdir()
    path.write_bytes(b"not a database at all" * 100)
    settings = WindowSettings(isolated_home / "config" / "demo.ini")
    settings.language = "zh_CN"
    settings.sync()
    try:
        desktop = desktop_app(demo=True)
        qtbot.addWidget(desktop.window)
        notice = desktop.window.notice_label
        qtbot.waitUntil(lambda: "已将其移至" in notice.text(), timeout=30_000)
        assert notice.text().startswith(f"无法读取历史数据文件 {path}（file is not a database）。")
        assert notice.text().endswith("，并新建了一个空的历史数据文件。")
        desktop.stop()
    finally:
        i18n.uninstall(qapp)


def test_compare_reads_the_earlier_day_once_an_hour_not_at_every_refresh(
    qtbot: QtBot, server: EmulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    """Yesterday's minutes are settled: read an hour ahead once, the refreshes after it
    slice what was read (no job, no history read, no call), and the compare line still
    follows the window; past the hour read, one more read."""
    # UCloud signs without a time: the test's clock may run an hour ahead of the real one.
    account = first_account(server, "ucloud")
    key = ("ucloud", account.name, online_domains(account)[0])
    store = HistoryStore(tmp_path / FILE_NAME)
    pool = WorkerPool()
    jobs: list[str] = []
    start = pool.start

    def counting(job: Callable[..., object], *, name: str = "", **slots: object) -> object:
        jobs.append(name)
        return start(job, name=name, **slots)  # type: ignore[arg-type]

    pool.start = counting  # type: ignore[method-assign]
    monitor = Monitor(pool, clock=clock, store=store)
    monitor.add_source(client_for(server, account))
    window = MainWindow(monitor, WindowSettings(tmp_path / "window.ini"))
    qtbot.addWidget(window)
    window.show()
    window.show_sources(list(monitor.sources), [key])
    with qtbot.waitSignal(monitor.earlier_changed, timeout=60_000):
        window.compare_box.setCurrentText("Yesterday")
    qtbot.waitUntil(lambda: monitor.in_flight == 0 and monitor.pool.in_flight == 0)
    earlier_jobs = sum(name.startswith("earlier") for name in jobs)
    # Refreshes a minute apart, up to the end of the hour read ahead: none reads again.
    read_to = (-(-(clock.now - DAY) // 3600) * 3600 + 3600) + DAY
    while clock.now + 2 * MINUTE < read_to:
        clock.advance(MINUTE)
        with qtbot.waitSignal(monitor.earlier_changed, timeout=60_000) as shown:
            monitor.refresh()
        # The line ends where yesterday's minutes do at the window's new end.
        end = monitor.time_range().end - DAY
        served = server.expected_series(
            "ucloud", account.key_id, key[2], TimeRange(end - 3600, end), MINUTE
        )
        assert shown.args[2][0][-1] == served[-1][0]
        qtbot.waitUntil(lambda: monitor.in_flight == 0 and monitor.pool.in_flight == 0)
    assert sum(name.startswith("earlier") for name in jobs) == earlier_jobs
    clock.advance(3 * MINUTE)  # past the hour read
    with qtbot.waitSignal(monitor.earlier_changed, timeout=60_000):
        monitor.refresh()
    qtbot.waitUntil(lambda: monitor.in_flight == 0 and monitor.pool.in_flight == 0)
    assert sum(name.startswith("earlier") for name in jobs) == earlier_jobs + 1
    window.close()
    store.close()

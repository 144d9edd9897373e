"""The wall against the emulator: every data state, levels, pages, recovery, reloads."""

from __future__ import annotations

import logging
import math
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cdnmon.emulator import EmulatorServer, FaultPlan
from cdnmon.gui.monitor import Monitor
from cdnmon.gui.wall.tile import MISSING
from cdnmon.gui.wall.window import WallWindow
from cdnmon.gui.workers import WorkerPool
from cdnmon.history.store import HistoryStore
from cdnmon.live.points import pairs
from cdnmon.model import HOUR, MINUTE, TimeRange, format_bps
from cdnmon.providers.registry import CDN_PROVIDERS, settled_before
from cdnmon.wall.layout import TileSpec, WallLayout, dump_layout
from cdnmon.wall.state import Level, TileState
from tests.emulated import ManualClock, client_for, first_account, online_domains
from tests.gui.wall.scene import REFRESH_S, Scene, build_scene, scene_layout

if TYPE_CHECKING:
    from cdnmon.gui.app import DesktopApp

WWW, IMG, STATIC, LATE, STALE, QUIET, OFFLINE, REVOKED, GROUP = range(9)


@pytest.fixture
def scene(qtbot: QtBot, server: EmulatorServer, clock: ManualClock) -> Iterator[Scene]:
    built = build_scene(server, clock)
    qtbot.addWidget(built.wall)
    built.wall.resize(1600, 900)
    built.wall.show()
    qtbot.waitUntil(built.wall.answered, timeout=30_000)
    built.wall.tick()
    yield built
    built.monitor.shutdown()


def refresh_and_wait(qtbot: QtBot, scene: Scene) -> None:
    """One refresh of every tile, waited for to the end."""
    scene.monitor.refresh()
    qtbot.waitUntil(lambda: scene.monitor.in_flight == 0, timeout=30_000)
    scene.wall.tick()


def states(scene: Scene) -> list[TileState]:
    return [tile.state for tile in scene.wall.tiles]


def test_each_state_shows_on_its_own_tile_and_none_reads_as_zero(
    qtbot: QtBot, scene: Scene, clock: ManualClock
) -> None:
    scene.make_stale()
    clock.advance(2 * REFRESH_S + 1)
    refresh_and_wait(qtbot, scene)
    tiles = scene.wall.tiles

    assert tiles[STATIC].state is TileState.LIVE
    assert tiles[LATE].state is TileState.LATE
    assert "newest data 2" in tiles[LATE].badge_text()  # 20 min behind, give or take
    assert tiles[STALE].state is TileState.STALE
    assert "STALE 21 s" in tiles[STALE].badge_text() and "network" in tiles[STALE].badge_text()
    assert tiles[QUIET].state is TileState.NO_DATA
    assert "no traffic reported in the last 1 h" in tiles[QUIET].badge_text()
    assert tiles[OFFLINE].state is TileState.ERROR
    assert "InvalidDomain.Offline" in tiles[OFFLINE].badge_text()
    assert tiles[REVOKED].state is TileState.ERROR
    assert "SignatureDoesNotMatch" in tiles[REVOKED].badge_text()
    # Stale data stays up (greyed); states without a figure show a dash, never a zero.
    assert tiles[STALE].value_text() not in (MISSING, "0 bps")
    for index in (QUIET, OFFLINE, REVOKED):
        assert tiles[index].value_text() == MISSING
    badges = {tile.state: tile.badge_text().split(":")[0] for tile in tiles}
    assert len(set(badges.values())) == len(TileState)
    assert QApplication.activeModalWidget() is None


def test_levels_colour_tiles_and_crossings_are_logged_and_shown(
    scene: Scene, caplog: pytest.LogCaptureFixture
) -> None:
    tiles = scene.wall.tiles
    assert tiles[WWW].level is Level.CRITICAL and "CRITICAL" in tiles[WWW].level_text()
    assert tiles[IMG].level is Level.WARNING and "WARNING" in tiles[IMG].level_text()
    assert tiles[STATIC].level is Level.NORMAL and tiles[STATIC].level_text() == ""
    crossings = [feed.tracker.crossings for feed in scene.wall.feeds]
    assert [len(c) for c in crossings[:3]] == [1, 1, 0]
    # The header shows the latest crossing: whichever of the two tiles was judged last.
    assert scene.wall.header.alert.startswith(
        ("img.shop.example.com: WARNING at ", "www.shop.example.com: CRITICAL at ")
    )


def test_crossings_reach_the_log(
    qtbot: QtBot, server: EmulatorServer, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="cdnmon.alerts")
    scene = build_scene(server, clock, scene_layout(critical_bps=1.0, warning_bps=0.5))
    qtbot.addWidget(scene.wall)
    scene.wall.show()
    qtbot.waitUntil(scene.wall.answered, timeout=30_000)
    scene.wall.tick()
    scene.monitor.shutdown()
    logged = [r.getMessage() for r in caplog.records if r.name == "cdnmon.alerts"]
    assert any("www.shop.example.com: NORMAL -> CRITICAL at" in line for line in logged)
    assert any("img.shop.example.com: NORMAL -> WARNING at" in line for line in logged)


def test_group_tile_shows_the_sum_of_its_domains(scene: Scene) -> None:
    feed = scene.wall.feeds[GROUP]
    members = [dict(pairs(scene.monitor.snapshot(key).points)) for key in feed.keys]
    shared = sorted(set(members[0]) & set(members[1]))
    provisional_after = scene.monitor.provisional_after(feed.keys[0])
    settled = [t for t in shared if t < provisional_after]
    expected = members[0][settled[-1]] + members[1][settled[-1]]
    assert scene.wall.tiles[GROUP].latest == pytest.approx(expected)
    assert "2 domains" in scene.wall.tiles[GROUP].source_label.text()


def test_recovers_within_one_refresh_after_an_outage(
    qtbot: QtBot, scene: Scene, server: EmulatorServer, clock: ManualClock
) -> None:
    before = states(scene)
    server.faults = FaultPlan("drop")
    for _ in range(3):
        clock.advance(REFRESH_S)
        refresh_and_wait(qtbot, scene)
    outage = states(scene)
    assert outage[STATIC] is TileState.STALE and outage[GROUP] is TileState.STALE
    server.faults = None
    clock.advance(REFRESH_S)
    refresh_and_wait(qtbot, scene)
    assert states(scene) == before


def test_a_jump_of_the_wall_clock_fetches_at_once(
    qtbot: QtBot, scene: Scene, server: EmulatorServer, clock: ManualClock
) -> None:
    asked = server.stats.requests()
    clock.advance(600)  # the machine slept ten minutes
    scene.wall.tick()
    qtbot.waitUntil(lambda: server.stats.requests() > asked, timeout=10_000)


def test_pages_follow_the_screen_and_rotate(qtbot: QtBot, scene: Scene) -> None:
    wall = scene.wall
    assert wall.pages() == 1  # twelve tiles fit a 1600x900 wall
    wall.resize(800, 600)
    qtbot.waitUntil(lambda: wall.pages() > 1)
    assert wall.grid is not None and wall.grid.per_page * wall.pages() >= 12
    wall._rotate()
    assert wall.page == 1 and "page 2/" in wall.header.page_label.text()
    qtbot.keyClick(wall, Qt.Key.Key_Space)  # pause
    wall._rotate()
    assert wall.page == 1 and "paused" in wall.header.page_label.text()
    qtbot.keyClick(wall, Qt.Key.Key_Left)
    assert wall.page == 0
    qtbot.keyClick(wall, Qt.Key.Key_Left)
    assert wall.page == wall.pages() - 1
    wall.resize(900, 1600)  # portrait
    page = wall.tile_page
    qtbot.waitUntil(lambda: page.height() > page.width(), timeout=10_000)
    wall.arrange()
    assert wall.grid is not None and wall.grid.rows > wall.grid.columns, (wall.size(), wall.grid)
    assert all(tile.parent() is not None for tile in wall.tiles)


def test_esc_asks_to_leave(qtbot: QtBot, scene: Scene) -> None:
    with qtbot.waitSignal(scene.wall.leave_requested, timeout=1000):
        qtbot.keyClick(scene.wall, Qt.Key.Key_Escape)


def test_a_tile_for_an_unknown_account_says_so(
    qtbot: QtBot, server: EmulatorServer, clock: ManualClock
) -> None:
    layout = WallLayout((TileSpec("x", "aliyun", "prod", ("x.example.com",)),))
    scene = build_scene(server, clock, layout)
    qtbot.addWidget(scene.wall)
    scene.wall.show()
    scene.wall.tick()
    tile = scene.wall.tiles[0]
    assert tile.state is TileState.ERROR
    assert "no Alibaba Cloud account named “prod”" in tile.badge_text()
    scene.monitor.shutdown()


def test_edited_layout_file_is_read_again(
    qtbot: QtBot,
    server: EmulatorServer,
    clock: ManualClock,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="cdnmon.gui.wall.window")
    path = tmp_path / "wall.toml"
    one = WallLayout((TileSpec("img", "aliyun", "demo-shop", ("img.shop.example.com",)),))
    path.write_text(dump_layout(one), encoding="utf-8")
    scene = build_scene(server, clock, one)
    from cdnmon.gui.wall.window import WallWindow

    wall = WallWindow(scene.monitor, one, path, clock=clock)
    wall.sources_ready({})
    qtbot.addWidget(wall)
    wall.show()
    assert len(wall.feeds) == 1

    path.write_text(dump_layout(scene_layout()), encoding="utf-8")
    qtbot.waitUntil(lambda: len(wall.feeds) == 12, timeout=10_000)
    assert any("wall layout reloaded" in r.getMessage() for r in caplog.records)

    path.write_text("refresh = \n", encoding="utf-8")
    qtbot.waitUntil(lambda: wall.header.alert.startswith("Layout not reloaded"), timeout=10_000)
    assert len(wall.feeds) == 12  # the last good layout stays up
    scene.monitor.shutdown()


def test_a_missing_layout_file_is_a_usage_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cdnmon", "--layout", str(tmp_path / "nope.toml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "no wall layout at" in result.stderr and "Traceback" not in result.stderr


def test_demo_wall_from_the_command_line(tmp_path: Path) -> None:
    shot = tmp_path / "wall.png"
    result = subprocess.run(
        [sys.executable, "-m", "cdnmon", "--demo", "--wall", "--screenshot", str(shot)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert image.width() > 100 and image.height() > 100


def test_f11_opens_the_wall_of_the_view_and_esc_comes_back(
    qtbot: QtBot, desktop_app: Callable[..., DesktopApp]
) -> None:

    desktop = desktop_app(demo=True)
    window = desktop.window
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(desktop.monitor.selection()), timeout=30_000)
    selection = desktop.monitor.selection()
    paused = desktop.monitor.auto_refresh_s
    window.wall_requested.emit()
    wall = desktop.wall_mode.wall
    assert wall is not None and wall.isVisible() and not window.isVisible()
    assert [feed.keys[0] for feed in wall.feeds] == selection
    assert desktop.monitor.auto_refresh_s == 0  # the window's own refresh rests meanwhile
    qtbot.waitUntil(wall.answered, timeout=30_000)
    qtbot.keyClick(wall, Qt.Key.Key_Escape)
    assert desktop.wall_mode.wall is None and window.isVisible()
    assert desktop.monitor.auto_refresh_s == paused
    desktop.stop()


def test_wall_only_start_opens_the_window_on_leaving(
    qtbot: QtBot, desktop_app: Callable[..., DesktopApp]
) -> None:
    from cdnmon.gui.wall.mode import WallRequest

    desktop = desktop_app(demo=True, wall=WallRequest())
    qtbot.addWidget(desktop.window)
    wall = desktop.wall_mode.wall
    # Two domains of each of the eight demo accounts, one or two of every provider.
    assert wall is not None and len(wall.feeds) == 16 and not desktop.window.isVisible()
    providers = {spec.provider for spec in wall.spec.tiles}
    assert providers == set(CDN_PROVIDERS)
    qtbot.waitUntil(wall.answered, timeout=30_000)
    assert desktop.monitor.selection() == []  # the window fetches nothing while unseen
    qtbot.keyClick(wall, Qt.Key.Key_Escape)
    assert desktop.window.isVisible()
    qtbot.waitUntil(lambda: len(desktop.monitor.selection()) == 16, timeout=30_000)
    desktop.stop()


def test_a_bug_in_a_slot_is_said_in_the_window_and_logged(
    qtbot: QtBot, desktop_app: Callable[..., DesktopApp], caplog: pytest.LogCaptureFixture
) -> None:
    from cdnmon.gui.app import report_unexpected

    desktop = desktop_app(demo=True)
    qtbot.addWidget(desktop.window)
    try:
        raise KeyError("boom")
    except KeyError as error:
        report_unexpected(desktop, KeyError, error, error.__traceback__)
    assert "Unexpected error (KeyError)" in desktop.window.notice_label.text()
    assert any(r.exc_info and r.exc_info[0] is KeyError for r in caplog.records)
    desktop.stop()


def test_a_provider_an_hour_late_keeps_its_figure_level_and_trend(
    qtbot: QtBot, server: EmulatorServer, clock: ManualClock, store: HistoryStore
) -> None:
    """Huawei's statistics arrive about an hour late: in a one-hour window every point is
    still provisional, yet the figure, the threshold and the trend read the newest settled
    point, held from just before the window."""
    account = first_account(server, "huawei")
    domain = online_domains(account)[0]
    layout = WallLayout(
        tiles=(TileSpec(domain, "huawei", account.name, (domain,), critical_bps=1.0),),
        refresh_s=60,
        window_s=HOUR,
    )
    monitor = Monitor(WorkerPool(), clock=clock, store=store)
    monitor.add_source(client_for(server, account), list_domains=False)
    wall = WallWindow(monitor, layout, clock=clock)
    qtbot.addWidget(wall)
    wall.sources_ready({})
    wall.show()
    qtbot.waitUntil(wall.answered, timeout=30_000)
    key = ("huawei", account.name, domain)
    qtbot.waitUntil(lambda: wall.feeds[0].yesterday.get(key) is not None, timeout=30_000)
    wall.tick()
    shot = monitor.snapshot(key)
    assert shot is not None and shot.summary is not None
    settled = settled_before("huawei", clock())
    assert shot.visible.start >= settled - 5 * MINUTE  # nothing settled inside the window
    last = math.ceil(settled / 300) * 300 - 300  # the newest 5-minute point before it
    newest = TimeRange(last, last + 300)
    [(at, bps)] = server.expected_series("huawei", account.key_id, domain, newest, 5 * MINUTE)
    assert (shot.summary.latest_time, shot.summary.latest) == (at, bps)
    tile = wall.tiles[0]
    assert tile.value_text() == format_bps(bps)
    assert tile.level is Level.CRITICAL
    # A trend is read ("▲ 12% vs yesterday", or "= same as yesterday" within 2%).
    assert "yesterday" in tile.detail_label.text()
    monitor.shutdown()


def test_tiles_that_ask_for_it_show_offload_and_only_their_edge_is_fetched(
    scene: Scene,
) -> None:
    static, group = scene.wall.feeds[STATIC], scene.wall.feeds[GROUP]
    assert scene.monitor.edge_wanted == {*static.keys, *group.keys}
    for index, feed in ((STATIC, static), (GROUP, group)):
        shots = [scene.monitor.snapshot(key) for key in feed.keys]
        assert all(s is not None and s.edge is not None for s in shots)
        offload = scene.wall.tiles[index].offload
        assert offload is not None and 0 < offload.latest < 1
        assert "offload" in scene.wall.tiles[index].detail_label.text()
    # The group's offload is its total's: 1 - (sum of origins) / (sum of edges).
    shots = [scene.monitor.snapshot(key) for key in group.keys]
    at = scene.wall.tiles[GROUP].offload.latest_time
    origin = sum(dict(pairs(s.points))[at] for s in shots)
    edge = sum(dict(pairs(s.edge.points))[at] for s in shots)
    assert scene.wall.tiles[GROUP].offload.latest == pytest.approx(1 - origin / edge)
    assert all(scene.monitor.snapshot(k).edge is None for k in scene.wall.feeds[WWW].keys)

"""A wall of a thousand tiles: widgets for one page only, reused page after page; what is on
screen fetched first; crossings of every tile at once in a few log lines."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cdnmon.emulator import DemoAccount, EmulatorServer
from cdnmon.emulator.accounts import wide_account
from cdnmon.gui.locale_format import format_bps
from cdnmon.gui.monitor import Monitor
from cdnmon.gui.wall.tile import WallTile
from cdnmon.gui.wall.window import WallWindow
from cdnmon.gui.workers import WorkerPool
from cdnmon.live.keys import SeriesKey
from cdnmon.providers import ratelimit
from cdnmon.wall.crossings import LINES_PER_MINUTE
from cdnmon.wall.layout import WallLayout, dump_layout, layout_for_domains, load_layout
from cdnmon.wall.state import Level
from tests.emulated import ManualClock, client_for

WIDE = wide_account("aliyun", "wide", 1000)
# Its own key, so lifting its client's pace changes no other test's.
UNPACED = wide_account("aliyun", "unpaced", 1000)
WIDE_KEY_500 = ("aliyun", "wide", WIDE.domains[500].name)


def wide_keys(account: DemoAccount = WIDE) -> list[SeriesKey]:
    return [(account.provider, account.name, d.name) for d in account.domains]


def open_wall(
    qtbot: QtBot, server: EmulatorServer, clock: ManualClock, layout: WallLayout
) -> WallWindow:
    monitor = Monitor(WorkerPool(), clock=clock)
    for account in server.accounts:
        monitor.add_source(client_for(server, account), list_domains=False)
    wall = WallWindow(monitor, layout, clock=clock)
    qtbot.addWidget(wall)
    wall.resize(1920, 1080)
    wall.show()
    wall.sources_ready({})
    return wall


@pytest.fixture
def wall(qtbot: QtBot, server: EmulatorServer, clock: ManualClock) -> Iterator[WallWindow]:
    built = open_wall(qtbot, server, clock, layout_for_domains(wide_keys()))
    yield built
    built.monitor.shutdown()


def shown_figures(wall: WallWindow) -> list[tuple[str, str]]:
    """Each tile on screen: its title and its figure."""
    return [(tile.title, tile.value_text()) for tile in wall.tiles]


def expected_figures(wall: WallWindow, page: int) -> list[tuple[str, str]]:
    """The titles and figures the page's tiles should show, from the monitor's data."""
    expected = []
    for index in wall.page_tiles(page):
        spec = wall.feeds[index].spec
        shot = wall.monitor.snapshot((spec.provider, spec.account, spec.domains[0]))
        assert shot is not None and shot.summary is not None
        expected.append((spec.title, format_bps(shot.summary.latest)))
    return expected


@pytest.mark.emulator(accounts=[WIDE])
def test_a_thousand_tiles_get_one_page_of_widgets_reused_page_after_page(
    qtbot: QtBot, wall: WallWindow
) -> None:
    assert len(wall.feeds) == 1000
    assert wall.grid is not None and wall.pages() == 1000 // wall.grid.per_page
    widgets = wall.findChildren(WallTile)
    assert len(widgets) == wall.grid.per_page == 20  # 5 x 4 at 1920x1080
    qtbot.waitUntil(wall.page_answered, timeout=30_000)
    wall.tick()
    assert shown_figures(wall) == expected_figures(wall, 0)
    assert [tile.title for tile in wall.tiles] == [
        f"site{i:03d}.wide.example.net" for i in range(20)
    ]

    qtbot.keyClick(wall, Qt.Key.Key_Right)
    assert wall.page == 1 and "page 2/50" in wall.header.page_label.text()
    qtbot.waitUntil(wall.page_answered, timeout=30_000)
    wall.tick()
    assert shown_figures(wall) == expected_figures(wall, 1)
    assert wall.tiles[0].title == "site020.wide.example.net"
    assert wall.findChildren(WallTile) == widgets  # the same widgets, showing other tiles
    assert not any(tile.title.startswith("site000") for tile in wall.findChildren(WallTile))

    qtbot.keyClick(wall, Qt.Key.Key_Left)
    qtbot.keyClick(wall, Qt.Key.Key_Left)  # round to the last page, 980-999
    assert wall.page == 49 and wall.tiles[-1].title == "site999.wide.example.net"
    assert len(wall.findChildren(WallTile)) == 20


@pytest.mark.emulator(accounts=[WIDE])
def test_the_tiles_on_screen_are_fetched_first(qtbot: QtBot, wall: WallWindow) -> None:
    answered: list[SeriesKey] = []
    wall.monitor.series_changed.connect(lambda key, _shot: answered.append(key))
    wall.show_page(30)  # before page 1 is in: its fetches still wait
    shown = wall.board.keys(wall.page_tiles(30))
    following = wall.board.keys(wall.page_tiles(31))
    qtbot.waitUntil(wall.page_answered, timeout=30_000)
    first_page = set(wall.board.keys(wall.page_tiles(0)))
    before = set(answered)
    assert set(shown) <= before
    # Besides them, only the fetches of page 1 already running at the jump, and the next
    # page's (shown next) that started as the last of this page ran.
    already = before - set(shown) - set(following)
    assert already <= first_page and len(already) <= 2 * wall.monitor.max_fetches
    assert len(before & set(following)) <= wall.monitor.max_fetches


@pytest.mark.emulator(accounts=[UNPACED])
def test_a_thousand_crossings_in_one_refresh_are_a_few_log_lines(
    qtbot: QtBot,
    server: EmulatorServer,
    clock: ManualClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="cdnmon.alerts")
    ratelimit.set_rate("aliyun", UNPACED.key_id, 10_000)
    plain = layout_for_domains(wide_keys(UNPACED), warning_bps=1.0)
    wall = open_wall(qtbot, server, clock, plain)
    try:
        qtbot.waitUntil(lambda: wall.answered() and wall.monitor.in_flight == 0, timeout=120_000)
        wall.tick()
        levels = [feed.tracker.level for feed in wall.feeds]
        assert levels == [Level.WARNING] * 1000  # every tile crossed, on screen or not
        lines = [r.getMessage() for r in caplog.records if r.name == "cdnmon.alerts"]
        assert len(lines) == LINES_PER_MINUTE
        assert all(line.startswith("threshold crossing: site") for line in lines)

        clock.advance(61)  # the minute is over: one line for the rest
        wall.tick()
        lines = [r.getMessage() for r in caplog.records if r.name == "cdnmon.alerts"]
        assert len(lines) == LINES_PER_MINUTE + 1
        assert lines[-1].startswith(f"and {1000 - LINES_PER_MINUTE} more threshold crossings")
        assert f"{1000 - LINES_PER_MINUTE} to WARNING" in lines[-1]
    finally:
        wall.monitor.shutdown()


def test_a_5000_tile_layout_is_read_without_building_a_widget(
    qtbot: QtBot, clock: ManualClock, tmp_path: Path
) -> None:
    keys = [("aliyun", "big", f"d{i}.example.com") for i in range(5000)]
    path = tmp_path / "wall.toml"
    path.write_text(dump_layout(layout_for_domains(keys, warning_bps=8e8)), encoding="utf-8")
    widgets = len(QApplication.allWidgets())
    layout = load_layout(path)
    assert len(layout.tiles) == 5000 and layout.tiles[4999].warning_bps == 8e8
    assert len(QApplication.allWidgets()) == widgets

    # A running wall that reads it builds a page of widgets, not 5,000.
    one = WallLayout(layout.tiles[:1])
    path_one = tmp_path / "one.toml"
    path_one.write_text(dump_layout(one), encoding="utf-8")
    wall = WallWindow(Monitor(WorkerPool(), clock=clock), one, path_one, clock=clock)
    qtbot.addWidget(wall)
    wall.resize(1920, 1080)
    wall.show()
    path_one.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    qtbot.waitUntil(lambda: len(wall.feeds) == 5000, timeout=10_000)
    qtbot.waitUntil(lambda: len(wall.tiles) == 20, timeout=10_000)
    assert len(wall.findChildren(WallTile)) == 20 and wall.pages() == 250
    # Nobody has an account "big": the tiles on screen say so, none is fetched.
    assert "no Alibaba Cloud account named “big”" in wall.tiles[0].badge_text()
    assert wall.monitor.selection() == []
    wall.monitor.shutdown()


@pytest.mark.emulator(accounts=[WIDE])
def test_a_new_layout_drops_the_fetches_still_waiting(
    qtbot: QtBot, wall: WallWindow, server: EmulatorServer
) -> None:
    assert wall.monitor.in_flight > 900  # a few running, the rest waiting their turn
    asked = server.stats.requests("aliyun")
    wall.set_layout(WallLayout(layout_for_domains(wide_keys()[500:501]).tiles))
    assert wall.monitor.selection() == [WIDE_KEY_500]
    qtbot.waitUntil(lambda: wall.monitor.in_flight == 0, timeout=30_000)
    qtbot.waitUntil(wall.page_answered, timeout=30_000)
    # The fetches running when the layout changed, and the new tile's: not the 990 others.
    assert server.stats.requests("aliyun") - asked <= wall.monitor.max_fetches + 1
    assert len(wall.findChildren(WallTile)) == 1

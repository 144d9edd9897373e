"""The ops-room wall: fullscreen tiles that run for weeks without a touch.

No chrome, no pickers, no dialog ever: everything the wall has to say is on a tile or in
the header. Tiles that do not fit at a readable size go on pages shown in turn; only the
page on screen has tile widgets (every tile's state is plain data on the board), and its
tiles are fetched first. A gap in the wall clock (the machine slept) or a change of
screens is noticed and recovered from on the next tick; failed fetches are retried by the
monitor on every refresh.

Keys: Esc or F11 leaves, Left/Right (or Page Up/Down) turn pages, Space pauses rotation,
F5 refreshes now. The cursor hides after a few seconds without moving.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QFileSystemWatcher, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QCursor,
    QGuiApplication,
    QKeyEvent,
    QResizeEvent,
    QScreen,
    QShowEvent,
)
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from cdnmon.gui.error_text import explain
from cdnmon.gui.i18n import arg
from cdnmon.gui.labels import provider_title, source_title
from cdnmon.gui.monitor import Monitor
from cdnmon.gui.wall.alerts import AlertNotifier, crossing_text
from cdnmon.gui.wall.header import WallHeader
from cdnmon.gui.wall.page import TilePage
from cdnmon.gui.wall.tile import WallTile
from cdnmon.live.keys import SeriesKey, SourceKey
from cdnmon.live.points import Points
from cdnmon.model import DAY, InputError
from cdnmon.wall.board import WallBoard
from cdnmon.wall.feed import TileFeed
from cdnmon.wall.layout import TileSpec, WallLayout, load_layout
from cdnmon.wall.pages import Grid, plan_grid
from cdnmon.wall.readers import reader_clients
from cdnmon.wall.state import Crossing

log = logging.getLogger(__name__)

TICK_MS = 1000
CURSOR_HIDE_S = 3.0
# A tick this late means the machine slept (or the clock was set): fetch at once.
SLEEP_GAP_S = 10.0
RELOAD_AFTER_MS = 300
BACKGROUND = "#05090d"
translate = QCoreApplication.translate


class WallWindow(QWidget):
    leave_requested = Signal()
    layout_changed = Signal(object)  # WallLayout: its thresholds are alert rules too

    def __init__(
        self,
        monitor: Monitor,
        layout: WallLayout,
        layout_path: Path | None = None,
        clock: Callable[[], float] = time.time,
        parent: QWidget | None = None,
        error: InputError | None = None,
    ) -> None:
        """``error``: the layout file could not be read; it is shown until the file is fixed."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("cdnmon wall"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(f"WallWindow {{ background: {BACKGROUND}; }}")
        self.monitor = monitor
        # A few fetches at a time, those of the tiles on screen first (see show_page).
        monitor.max_fetches = monitor.pool.pool.maxThreadCount()
        self.clock = clock
        self.spec = layout
        self.board = WallBoard(WallLayout())
        self.problems: dict[SourceKey, str] = {}
        self.grid: Grid | None = None
        self.page = 0
        self.paused = False
        self._last_tick = clock()
        self._cursor_at = QPoint(-1, -1)
        self._cursor_moved = time.monotonic()
        self._cursor_hidden = False
        self._screen_number: int | None = None

        self.header = WallHeader()
        self.tile_page = TilePage()
        self.empty_label = QLabel(
            self.tr(
                "No tiles to show.\n\nIn the main window, choose domains and use ☰ → Save "
                "view as wall layout… (or start with --layout FILE)."
            )
        )
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: #e8eef4; font-size: 28px;")
        self.hint = QLabel(self.tr("Esc leave · ← → pages · Space pause rotation · F5 refresh"))
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setStyleSheet("color: #b8c2cc; background: #0b1117; padding: 4px;")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.header)
        column.addWidget(self.tile_page, 1)
        column.addWidget(self.empty_label, 1)
        column.addWidget(self.hint)
        self.notifier = AlertNotifier(self)

        self._tick_timer = QTimer(self)
        self._tick_timer.timeout.connect(self.tick)
        self._rotate_timer = QTimer(self)
        self._rotate_timer.timeout.connect(self._rotate)
        self._arrange_timer = QTimer(self, singleShot=True, interval=50)
        self._arrange_timer.timeout.connect(self.arrange)
        self._update_timer = QTimer(self, singleShot=True, interval=0)
        self._update_timer.timeout.connect(self.update_tiles)
        monitor.series_changed.connect(self._changed)
        monitor.series_failed.connect(lambda key, _message: self._changed(key))
        monitor.earlier_changed.connect(self._earlier)

        self.watcher = QFileSystemWatcher(self)
        self.layout_path = layout_path
        if layout_path is not None and layout_path.exists():
            self.watcher.addPath(str(layout_path))
        # A save can arrive as several changes (truncate, write): read once it has settled.
        self._reload_timer = QTimer(self, singleShot=True, interval=RELOAD_AFTER_MS)
        self._reload_timer.timeout.connect(self.reload_layout)
        self.watcher.fileChanged.connect(lambda _path: self._reload_timer.start())
        QGuiApplication.instance().screenRemoved.connect(self._screen_removed)  # type: ignore[union-attr]
        self.set_layout(layout)
        if error is not None:
            self.show_layout_error(error)
        self._tick_timer.start(TICK_MS)

    # ---- layout and sources ---------------------------------------------------------

    @property
    def feeds(self) -> list[TileFeed]:
        """Every tile of the layout, on screen or not."""
        return self.board.feeds

    @property
    def tiles(self) -> list[WallTile]:
        """The tile widgets on screen, in the layout's order: those of the page shown."""
        return self.tile_page.shown_tiles()

    def set_layout(self, layout: WallLayout) -> None:
        """Show these tiles (judged from scratch: a layout changes rarely; the page's
        widgets are kept)."""
        self.spec = layout
        self.board = WallBoard(layout)
        self.tile_page.show_tiles([])  # until laid out, no widget shows a tile
        self.grid = None
        self.page = 0
        self.monitor.set_selection([])
        # The trailing window, and the same window yesterday for the trend, from history.
        self.monitor.watch_trailing(layout.window_s, compare_offsets=(DAY,))
        self.sources_ready(self.problems)
        self.monitor.set_auto_refresh(layout.refresh_s)
        self._rotate_timer.start(layout.rotate_s * 1000)
        self.empty_label.setVisible(not self.feeds)
        self.tile_page.setVisible(bool(self.feeds))
        self.arrange()
        self.update_tiles()
        self.layout_changed.emit(layout)

    def _tile_source(self, spec: TileSpec) -> str:
        """``Alibaba Cloud · shop · 2 domains``."""
        source = source_title(spec.provider, spec.account)
        if spec.is_group:
            source = arg(self.tr("%1 · %n domains", "", len(spec.domains)), source)
        return source

    def sources_ready(self, problems: dict[SourceKey, str]) -> None:
        """The monitor has every account it can have; ``problems`` says why others failed."""
        clients, unusable = reader_clients(self.spec, self.monitor.sources)
        for client in clients:
            self.monitor.add_source(client, list_domains=False)
        self.problems = {**problems, **{key: explain(e) for key, e in unusable.items()}}
        for feed in self.feeds:
            source = (feed.spec.provider, feed.spec.account)
            if source in self.monitor.sources:
                feed.missing_source = ""
            else:
                missing = self.tr(
                    "no %1 account named “%2”: add it under Accounts in the main window"
                )
                feed.missing_source = self.problems.get(source) or arg(
                    missing, provider_title(source[0]), source[1]
                )
        self.monitor.set_selection(self.board.keys(), edge=self.board.edge_keys())
        # Only the tiles on screen show the change; the others are judged when their data
        # comes or when they are shown (an account's problem crosses no threshold).
        self.board.changed_some(self.tile_page.shows)
        self._update_timer.start()

    def reload_layout(self) -> None:
        if self.layout_path is None:
            return
        path = str(self.layout_path)
        # Editors save by replacing the file, which drops it from the watch list.
        if path not in self.watcher.files() and Path(path).exists():
            self.watcher.addPath(path)
        try:
            layout = load_layout(path)
        except InputError as error:
            log.warning("wall layout not reloaded: %s", error)
            if self.feeds:
                self.header.show_alert(arg(self.tr("Layout not reloaded: %1"), explain(error)))
            else:
                self.show_layout_error(error)
            return
        log.info("wall layout reloaded from %s", path)
        self.header.show_alert(self.tr("Layout reloaded"))
        self.set_layout(layout)

    def show_layout_error(self, error: InputError) -> None:
        text = self.tr(
            "The wall layout cannot be used:\n\n%1\n\n"
            "Fix the file and save it: the wall reads it again by itself."
        )
        self.empty_label.setText(arg(text, explain(error)))
        self.empty_label.setVisible(True)
        self.tile_page.setVisible(False)

    def answered(self) -> bool:
        """Whether every tile has had its first answer (data or an error)."""
        return all(map(self._has_answer, self.feeds))

    def page_answered(self) -> bool:
        """Whether every tile on screen has had its first answer."""
        return self.grid is not None and all(
            self._has_answer(self.feeds[index]) for index in self.tile_page.shows
        )

    def _has_answer(self, feed: TileFeed) -> bool:
        def answered(key: SeriesKey) -> bool:
            shot = self.monitor.snapshot(key)
            return shot is not None and (
                shot.health.succeeded_at is not None or shot.health.failed_at is not None
            )

        return bool(feed.missing_source) or all(map(answered, feed.keys))

    # ---- updating -------------------------------------------------------------------

    def _changed(self, key: SeriesKey, _shot: object = None) -> None:
        self.board.changed(key)
        self._update_timer.start()

    def _earlier(self, key: SeriesKey, offset: int, points: Points) -> None:
        if offset == DAY:
            self.board.set_yesterday(key, points)

    def update_tiles(self) -> None:
        """Judge the tiles whose data changed, wherever they are; redraw those on screen."""
        self._judge(self.board.take_changed())

    def _judge(self, indices: set[int]) -> None:
        now = self.clock()
        crossings = self.board.judge(indices, self.monitor.snapshot, now)
        window = (now - self.spec.window_s, now)
        for index in self.tile_page.shows.keys() & indices:
            view = self.board.views[index]
            if view is not None:
                self.tile_page.draw(index, view, window)
        self._announce(crossings, now)

    def _announce(self, crossings: list[tuple[int, Crossing]], now: float) -> None:
        """Crossings to the log (a few lines a minute, then one for the rest), the tray
        (those logged) and the header (the latest, and how many more came with it)."""
        written = self.board.crossings
        held = written.flush(now)
        if held:
            self.notifier.announce_more(held)
        for index, crossing in crossings:
            title = self.feeds[index].spec.title
            if written.record(title, crossing, now):
                self.notifier.announce(title, crossing)
        if crossings:
            index, crossing = crossings[-1]
            text = crossing_text(self.feeds[index].spec.title, crossing)
            if len(crossings) > 1:
                text = arg(self.tr("%1 (and %n more crossings)", "", len(crossings) - 1), text)
            self.header.show_alert(text)

    def tick(self) -> None:
        now = self.clock()
        gap = now - self._last_tick
        if gap > SLEEP_GAP_S:
            log.info("wall clock jumped %.0f s (sleep or clock change): refreshing", gap)
            self.monitor.refresh()
        self._last_tick = now
        self._show_header()  # the last update too: a repaint a second, not one an answer
        # Those on screen too: a state also moves with the clock (stale, its age).
        self._judge(self.board.take_changed() | self.tile_page.shows.keys())
        self._watch_cursor()

    def _show_header(self) -> None:
        now = self.clock()
        self.header.show_time(now, self.monitor.last_update, self.monitor.next_refresh_in())

    # ---- pages ----------------------------------------------------------------------

    def arrange(self) -> None:
        """Lay a page out for the current size (only when the grid changes)."""
        if not self.isVisible():
            return  # before it is shown the wall has no real size; showing it resizes it
        self.header.fit(self.height())
        size = self.tile_page.size()
        grid = plan_grid(len(self.feeds), size.width(), size.height())
        if grid == self.grid:
            return
        self.grid = grid
        gap = max(6, self.height() // 108)  # 10 px on a 1080p wall, in proportion
        self.tile_page.set_grid(grid, min(grid.per_page, len(self.feeds)), gap)
        self.show_page(min(self.page, self.pages() - 1))

    def pages(self) -> int:
        return self.grid.pages(len(self.feeds)) if self.grid is not None else 1

    def page_tiles(self, page: int) -> range:
        """The layout indices of the tiles on ``page``."""
        if self.grid is None:
            return range(0)
        first = page * self.grid.per_page
        return range(first, min(first + self.grid.per_page, len(self.feeds)))

    def show_page(self, page: int) -> None:
        """Give the page's widgets the tiles of ``page``; fetch those, then the next
        page's (shown next), before the rest."""
        self.page = page % self.pages()
        shown = self.page_tiles(self.page)
        self.tile_page.show_tiles(
            [(index, self.feeds[index].spec.title, self._tile_source(self.feeds[index].spec))
             for index in shown]
        )  # fmt: skip
        following = self.page_tiles((self.page + 1) % self.pages())
        self.monitor.fetch_first(self.board.keys([*shown, *following]))
        self._judge(self.board.take_changed() | set(shown))
        self.header.show_page(self.page, self.pages(), self.paused)

    def _rotate(self) -> None:
        if not self.paused and self.pages() > 1:
            self.show_page(self.page + 1)

    # ---- the screen and the person in front of it ------------------------------------

    def show_on_screen(self, number: int | None = None) -> None:
        """Fullscreen on screen ``number`` (1-based, as desktop settings count them)."""
        self._screen_number = number
        screens = QGuiApplication.screens()
        screen = QGuiApplication.primaryScreen()
        if number is not None:
            if 1 <= number <= len(screens):
                screen = screens[number - 1]
            else:
                log.warning("no screen %d (there are %d): using the primary", number, len(screens))
        if screen is not None:
            self.setScreen(screen)
            self.setGeometry(screen.geometry())
        self.showFullScreen()

    def _screen_removed(self, screen: QScreen) -> None:
        if screen is self.screen() or self.screen() is None:
            QTimer.singleShot(0, self, lambda: self.show_on_screen(self._screen_number))

    def _watch_cursor(self) -> None:
        at, now = QCursor.pos(), time.monotonic()
        if at != self._cursor_at:
            self._cursor_at, self._cursor_moved = at, now
            if self._cursor_hidden:
                self._cursor_hidden = False
                self.unsetCursor()
            self.hint.setVisible(True)
        elif not self._cursor_hidden and now - self._cursor_moved >= CURSOR_HIDE_S:
            self._cursor_hidden = True
            self.setCursor(Qt.CursorShape.BlankCursor)
            self.hint.setVisible(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Escape, Qt.Key.Key_F11):
            self.leave_requested.emit()
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown):
            self.show_page(self.page + 1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp):
            self.show_page(self.page - 1)
        elif key == Qt.Key.Key_Space:
            self.paused = not self.paused
            self.show_page(self.page)
        elif key == Qt.Key.Key_F5:
            self.monitor.refresh()
        else:
            super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.arrange()  # the tiles on screen exist as soon as it shows

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange_timer.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._tick_timer.stop()
        self._rotate_timer.stop()
        self.notifier.close()
        # A wall runs unattended: its log says when it stopped (Esc, quit, logout, kill).
        log.info("wall closed")
        super().closeEvent(event)

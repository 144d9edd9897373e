"""Going to the wall and back: which layout, which screen, and who fetches meanwhile.

The wall has its own monitor and worker pool (its range, refresh and tiles are its own)
but shares the accounts' clients, and so their rate limits, with the main window. While
the wall is up the main window's own refresh rests, so the two never fetch the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QWidget

from cdnmon import paths
from cdnmon.gui.monitor import Monitor
from cdnmon.gui.window.settings import WindowSettings
from cdnmon.gui.workers import WorkerPool
from cdnmon.live.keys import SeriesKey, SourceKey
from cdnmon.model import InputError
from cdnmon.safe_files import write_atomic
from cdnmon.wall.layout import WallLayout, dump_layout, layout_for_domains, load_layout

if TYPE_CHECKING:
    from cdnmon.gui.alerting import DesktopAlerts
    from cdnmon.gui.wall.window import WallWindow


class WallHost(Protocol):
    """What the wall needs of the desktop app (which is one): its window's view and
    settings, its monitor, and its accounts."""

    demo: bool
    settings: WindowSettings
    monitor: Monitor
    window: QWidget
    problems: dict[SourceKey, str]
    alerts: DesktopAlerts

    def give_sources(self, monitor: Monitor) -> None: ...

    def show_main(self) -> None: ...


# The main window may have auto-refresh off; a wall never should.
DEFAULT_WALL_REFRESH_S = 60


@dataclass(frozen=True)
class WallRequest:
    """``cdnmon --wall [--layout FILE] [--screen N]``."""

    layout_path: Path | None = None
    screen: int | None = None


def default_layout_path(demo: bool) -> Path:
    return paths.config_dir() / ("demo-wall.toml" if demo else "wall.toml")


class WallMode:
    def __init__(self, desktop: WallHost, request: WallRequest | None = None) -> None:
        self.desktop = desktop
        self.wall: WallWindow | None = None
        self.layout_path = (request and request.layout_path) or default_layout_path(desktop.demo)
        self._paused_refresh_s = 0

    # ---- which layout ---------------------------------------------------------------

    def view_layout(self, keys: list[SeriesKey]) -> WallLayout:
        """The main window's view as a wall: its domains, range, refresh and threshold."""
        settings = self.desktop.settings
        refresh = settings.refresh_s or DEFAULT_WALL_REFRESH_S
        return layout_for_domains(keys, settings.span, refresh, settings.threshold_bps or None)

    def chosen_layout(self, keys: list[SeriesKey]) -> WallLayout | InputError:
        """The layout file's if there is one, else the view of ``keys``; a broken file's
        error is for the wall to show (nobody may be at a terminal) until the file is fixed."""
        if not self.layout_path.exists():
            return self.view_layout(keys)
        try:
            return load_layout(self.layout_path)
        except InputError as error:
            return error

    def save_view(self, path: Path, keys: list[SeriesKey]) -> None:
        """Write the view as a layout file; the wall uses it from then on."""
        # In one rename: a wall watching the file never reads half of it.
        write_atomic(path, dump_layout(self.view_layout(keys)), mode=0o644)
        self.layout_path = path

    # ---- opening and leaving --------------------------------------------------------

    def open(self, layout: WallLayout | InputError, screen: int | None = None) -> WallWindow:
        # Loaded when a wall first opens, not with every window start.
        from cdnmon.gui.wall.window import WallWindow

        if self.wall is not None:
            return self.wall
        desktop = self.desktop
        monitor = Monitor(WorkerPool(), store=desktop.monitor.store)
        error = layout if isinstance(layout, InputError) else None
        shown = WallLayout() if isinstance(layout, InputError) else layout
        self.wall = wall = WallWindow(monitor, shown, self.layout_path, error=error)
        self.give_sources()
        # The wall's thresholds reach the alert targets as the window's rules do.
        desktop.alerts.watch_wall(wall.monitor, wall.spec)
        wall.layout_changed.connect(desktop.alerts.set_wall_layout)
        wall.leave_requested.connect(self.leave)
        self._paused_refresh_s = desktop.monitor.auto_refresh_s
        desktop.monitor.set_auto_refresh(0)
        wall.show_on_screen(screen)
        desktop.window.hide()
        return wall

    def give_sources(self) -> None:
        """Hand the wall every account the app has (again, after they were read)."""
        if self.wall is not None:
            self.desktop.give_sources(self.wall.monitor)
            self.wall.sources_ready(self.desktop.problems)

    def toggle(self) -> None:
        if self.wall is not None:
            self.leave()
        else:
            self.open(self.chosen_layout(self.desktop.monitor.selection()))

    def leave(self) -> None:
        wall, self.wall = self.wall, None
        if wall is None:
            return
        self.desktop.show_main()
        self.desktop.monitor.set_auto_refresh(self._paused_refresh_s)
        self.desktop.monitor.refresh()
        self.desktop.alerts.set_wall_layout(None)
        self.close(wall)

    @staticmethod
    def close(wall: WallWindow) -> None:
        wall.close()
        wall.monitor.shutdown(close_clients=False)
        wall.deleteLater()

    def stop(self) -> None:
        if self.wall is not None:
            self.desktop.alerts.set_wall_layout(None)
            self.close(self.wall)
            self.wall = None

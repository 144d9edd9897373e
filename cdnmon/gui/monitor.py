"""The live core for the window: Qt timers, the worker pool and signals around it.

Everything about what to fetch and when is in ``cdnmon.live.core``; this class runs its
jobs on the ``WorkerPool``, refreshes on a ``QTimer`` and turns its notices into signals.
``series_changed`` carries the series' new ``Snapshot``: views draw that and ask nothing
back.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from cdnmon.gui.error_text import explain
from cdnmon.gui.workers import WorkerPool
from cdnmon.live.core import LiveCore
from cdnmon.live.keys import SeriesKey, SourceKey
from cdnmon.model import Series

if TYPE_CHECKING:
    from cdnmon.history.store import HistoryStore

# Notices whose second argument is an error, shown as a sentence in the interface language.
_ERROR_NOTICES = ("source_failed", "series_failed")


class Monitor(QObject, LiveCore):
    domains_listed = Signal(object, object)  # SourceKey, list[Domain]
    source_failed = Signal(object, str)  # SourceKey, message
    series_changed = Signal(object, object)  # SeriesKey, Snapshot
    series_failed = Signal(object, str)  # SeriesKey, message ("" when it recovered)
    range_changed = Signal(object)  # TimeRange
    updated = Signal(float)  # epoch seconds of the last successful fetch
    earlier_changed = Signal(object, int, object)  # SeriesKey, offset s, Points
    progress = Signal(int, int)  # calls done, calls wanted; (0, 0) when idle

    def __init__(
        self,
        pool: WorkerPool,
        clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
        store: HistoryStore | None = None,
    ) -> None:
        # PySide's QObject.__init__ calls the next base's with the keywords it does not take.
        super().__init__(parent, runner=pool, clock=clock, store=store)
        self.pool = pool
        self._auto = QTimer(self)
        self._auto.timeout.connect(self.refresh)

    def notify(self, event: str, *args: object) -> None:
        if event in _ERROR_NOTICES:
            key, error = args
            args = (key, explain(error) if isinstance(error, BaseException) else "")
        getattr(self, event).emit(*args)

    def error(self, key: SeriesKey) -> str:
        """Why the series' latest fetch failed, in the interface language ("" if it did not)."""
        track = self.tracks.get(key)
        failure = track.snapshot.health.failure if track else None
        return explain(failure) if failure else ""

    def source_error(self, key: SourceKey) -> str:
        source = self.sources.get(key)
        return explain(source.failure) if source and source.failure else ""

    def series(self, key: SeriesKey) -> Series | None:
        """Every point held for the series, as a ``Series`` (for a file or a check)."""
        found = self.snapshot(key)
        return None if found is None else found.series(whole=True)

    # ---- auto-refresh ---------------------------------------------------------------

    def set_auto_refresh(self, seconds: int) -> None:
        if seconds > 0:
            self._auto.start(seconds * 1000)
        else:
            self._auto.stop()

    @property
    def auto_refresh_s(self) -> int:
        return self._auto.interval() // 1000 if self._auto.isActive() else 0

    def next_refresh_in(self) -> float | None:
        return self._auto.remainingTime() / 1000 if self._auto.isActive() else None

    def shutdown(self, close_clients: bool = True) -> None:
        self._auto.stop()
        LiveCore.shutdown(self, close_clients)

"""What the window shows, kept apart from widgets: sources, selection, range, fetched points.

The Monitor starts fetches on the worker pool and applies their results on the GUI
thread. Every series has a generation number; changing the selection or the range bumps
it and aborts the old fetch, so a late answer for something no longer wanted is dropped.
With a history store, every fetch goes through it: what is stored shows at once, and only
what the store lacks (plus the provisional tail) is fetched. Without one, a refresh fetches
only the trailing window (the provisional minutes plus what is new) and replaces it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from cdnmon.fetching import fetch_series
from cdnmon.history import fetch_into_store
from cdnmon.model import DAY, HOUR, MINUTE, Series, TimeRange
from cdnmon.providers.base import Domain, OriginBandwidthClient
from cdnmon.providers.errors import (
    AuthError,
    DomainError,
    ProviderError,
    RequestError,
    ThrottledError,
)
from cdnmon.providers.registry import DATA_DELAYS, interval_for
from cdnmon.store import StoreError

from .error_text import explain
from .workers import Worker, WorkerPool

if TYPE_CHECKING:
    from cdnmon.store import HistoryStore

log = logging.getLogger(__name__)

SourceKey = tuple[str, str]  # provider, account
SeriesKey = tuple[str, str, str]  # provider, account, domain

RANGE_PRESETS = {"15 min": 900, "1 h": 3600, "6 h": 6 * 3600, "24 h": DAY, "7 d": 7 * DAY}
DEFAULT_SPAN = 3600
# A transient failure is tried again this soon, whatever the auto-refresh setting.
RETRY_AFTER_S = 30


def describe_error(error: BaseException) -> str:
    """The error in the interface language, the provider's code and request id kept."""
    if isinstance(error, StoreError):  # its sentence says what to do: no traceback
        log.warning("history: %s", error)
    elif not isinstance(error, ProviderError):
        log.error("unexpected error while fetching", exc_info=error)
    return explain(error)


def is_persistent(error: BaseException) -> bool:
    """Whether retrying soon will not help: the cause needs a person (credentials, a clock
    set wrong, a bad request) or time to pass (throttling)."""
    return isinstance(error, (AuthError, DomainError, RequestError, ThrottledError))


@dataclass
class Source:
    """One account at one provider, with the domains its list API returned."""

    client: OriginBandwidthClient
    domains: list[Domain] = field(default_factory=list)
    error: str = ""

    @property
    def key(self) -> SourceKey:
        return (self.client.provider, self.client.account)


@dataclass
class Track:
    """The fetched points of one selected domain."""

    points: dict[int, float] = field(default_factory=dict)
    interval: int = MINUTE
    generation: int = 0
    worker: Worker | None = None
    error: str = ""
    # When the latest fetch succeeded and failed (epoch s), and whether that failure is one
    # retrying will not fix (rejected credentials, an unknown domain, throttling): the wall
    # tells "stale" from "error" by these.
    succeeded_at: float | None = None
    failed_at: float | None = None
    persistent: bool = False
    failure: BaseException | None = None  # the latest failure, for words of one's own


class Monitor(QObject):
    domains_listed = Signal(object, object)  # SourceKey, list[Domain]
    source_failed = Signal(object, str)  # SourceKey, message
    series_changed = Signal(object)  # SeriesKey
    series_failed = Signal(object, str)  # SeriesKey, message ("" when it recovered)
    range_changed = Signal(object)  # TimeRange
    updated = Signal(float)  # epoch seconds of the last successful fetch
    earlier_changed = Signal(object, int, object)  # SeriesKey, offset s, points
    progress = Signal(int, int)  # windows fetched, windows wanted; (0, 0) when idle

    def __init__(
        self,
        pool: WorkerPool,
        clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
        store: HistoryStore | None = None,
    ) -> None:
        super().__init__(parent)
        self.pool = pool
        self.clock = clock
        self.store = store
        self.compare_offsets: tuple[int, ...] = ()
        self.sources: dict[SourceKey, Source] = {}
        self.tracks: dict[SeriesKey, Track] = {}
        self.span = DEFAULT_SPAN
        self.custom_range: TimeRange | None = None
        self.last_update: float | None = None
        self._calls: dict[object, tuple[int, int]] = {}  # fetch token -> (done, wanted)
        self._auto = QTimer(self)
        self._auto.timeout.connect(self.refresh)

    # ---- sources --------------------------------------------------------------------

    def add_source(self, client: OriginBandwidthClient, list_domains: bool = True) -> None:
        source = Source(client)
        self.sources[source.key] = source
        if list_domains:
            self.list_domains(source.key)

    def remove_source(self, key: SourceKey) -> None:
        source = self.sources.pop(key, None)
        self.set_selection([k for k in self.tracks if k[:2] != key])
        if source:
            source.client.close()

    def list_domains(self, key: SourceKey) -> None:
        source = self.sources[key]

        def listed(domains: list[Domain]) -> None:
            if self.sources.get(key) is source:
                source.domains, source.error = domains, ""
                self.domains_listed.emit(key, domains)

        def failed(error: BaseException) -> None:
            if self.sources.get(key) is not source:
                return
            source.error = describe_error(error)
            self.source_failed.emit(key, source.error)
            if getattr(error, "retryable", False):
                QTimer.singleShot(RETRY_AFTER_S * 1000, self, lambda: self._relist(key, source))

        self.pool.start(
            lambda worker: source.client.list_domains(),
            name=f"list {key}",
            on_result=listed,
            on_error=failed,
        )

    def _relist(self, key: SourceKey, source: Source) -> None:
        if self.sources.get(key) is source:
            self.list_domains(key)

    # ---- what is shown --------------------------------------------------------------

    def time_range(self) -> TimeRange:
        return self.custom_range or TimeRange.last(self.span, self.clock())

    def set_span(self, seconds: int) -> None:
        self.span, self.custom_range = seconds, None
        self.reload()

    def set_custom_range(self, time_range: TimeRange) -> None:
        self.custom_range = time_range
        self.reload()

    def set_selection(self, keys: Iterable[SeriesKey]) -> None:
        wanted = list(dict.fromkeys(keys))
        for key in [k for k in self.tracks if k not in wanted]:
            self._drop(key)
        for key in wanted:
            if key not in self.tracks and key[:2] in self.sources:
                self.tracks[key] = Track()
                self._fetch(key, trailing=False)

    def selection(self) -> list[SeriesKey]:
        return list(self.tracks)

    def series(self, key: SeriesKey) -> Series | None:
        track = self.tracks.get(key)
        if track is None:
            return None
        return Series.from_points(*key[:2], key[2], track.interval, track.points.items())

    def intervals_shown(self) -> list[int]:
        """The point spacings of the domains that have data (from state, no series built)."""
        return sorted({track.interval for track in self.tracks.values() if track.points})

    def provisional_after(self, key: SeriesKey) -> float:
        return self.clock() - DATA_DELAYS.get(key[0], 0)

    # ---- fetching -------------------------------------------------------------------

    def reload(self) -> None:
        """Fetch the whole range again for every selected domain."""
        self.range_changed.emit(self.time_range())
        for key, track in self.tracks.items():
            track.points.clear()
            self._fetch(key, trailing=False)

    def refresh(self) -> None:
        """Fetch what is new (and still provisional) for every selected domain."""
        time_range = self.time_range()
        self.range_changed.emit(time_range)
        for key, track in self.tracks.items():
            if track.worker is None:
                self._fetch(key, trailing=bool(track.points))

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

    @property
    def in_flight(self) -> int:
        return sum(1 for track in self.tracks.values() if track.worker is not None)

    def _fetch(self, key: SeriesKey, trailing: bool) -> None:
        track = self.tracks[key]
        if track.worker is not None:
            track.worker.abort()
        track.generation += 1
        generation = track.generation
        visible = self.time_range()
        interval = interval_for(key[0], visible, self.clock())
        client = self.sources[key[:2]].client
        store = self.store
        # A history that cannot be written (read-only, or a newer cdnmon's) is shown as it
        # is, and the provider is asked as if there were none.
        adding = store is not None and store.writable
        window = visible
        if store is not None and not track.points:
            self._show_stored(key, track, store, visible, interval)
        if not adding and trailing and track.interval == interval:
            newest = max(track.points)
            start = newest - DATA_DELAYS.get(key[0], 0) - interval
            start = max(visible.start, start - start % interval)
            if start < visible.end:
                window = TimeRange(start, visible.end)

        def job(worker: Worker) -> Series:
            stop = lambda: worker.aborted  # noqa: E731
            if adding:
                [series] = fetch_into_store(
                    client, store, [key[2]], window, interval, self.clock(), stop, worker.progress
                )
            else:
                [series] = fetch_series(
                    client, [key[2]], window, interval, workers=1,
                    on_progress=worker.progress, should_stop=stop,
                )  # fmt: skip
                if store is not None:  # what only the history holds stays in view
                    kept = store.points(*key, interval, window)
                    if kept.interval == series.interval:
                        series = Series.from_points(
                            *key, series.interval, [*kept.points, *series.points]
                        )
            return series

        def fetched(series: Series) -> None:
            if self._stale(key, track, generation):
                return
            self._apply(track, series, window, self.time_range())
            self.last_update = track.succeeded_at = self.clock()
            if track.error:
                track.error = ""
                self.series_failed.emit(key, "")
            self.series_changed.emit(key)
            self.updated.emit(self.last_update)
            self._fetch_earlier(key, track, generation)

        def failed(error: BaseException) -> None:
            if self._stale(key, track, generation):
                return
            track.error = describe_error(error)
            track.failed_at, track.failure = self.clock(), error
            track.persistent = is_persistent(error)
            self.series_failed.emit(key, track.error)
            if getattr(error, "retryable", False):
                QTimer.singleShot(RETRY_AFTER_S * 1000, self, lambda: self._retry(key, generation))

        # The slots get the worker as an argument, or a token: one holding the worker
        # itself would keep it (and its signals) alive for good, through Qt.
        token = object()

        def finished(done_worker: Worker) -> None:
            if track.worker is done_worker:
                track.worker = None
            self._calls.pop(token, None)
            self._report_progress()

        # Every slot is connected before the job starts: a quick failure can finish first.
        track.worker = self.pool.start(
            job,
            name=f"fetch {key}",
            on_result=fetched,
            on_error=failed,
            on_progress=lambda done, wanted: self._count_calls(token, done, wanted),
            on_finished=finished,
        )

    def _show_stored(
        self, key: SeriesKey, track: Track, store: HistoryStore, visible: TimeRange, interval: int
    ) -> None:
        """Draw what the history holds right away; the fetch then tops it up."""
        generation = track.generation

        def shown(series: Series) -> None:
            if not self._stale(key, track, generation) and not track.points and series.points:
                self._apply(track, series, visible, self.time_range())
                self.series_changed.emit(key)

        self.pool.start(
            lambda worker: store.points(*key, interval, visible),
            name=f"read {key}",
            on_result=shown,
        )

    def set_comparison(self, offsets: tuple[int, ...]) -> None:
        """Also show the visible window this many seconds earlier (from the history)."""
        self.compare_offsets = offsets
        for key, track in self.tracks.items():
            self._fetch_earlier(key, track, track.generation)

    def _fetch_earlier(self, key: SeriesKey, track: Track, generation: int) -> None:
        store, offsets = self.store, self.compare_offsets
        if store is None or not offsets or key[:2] not in self.sources:
            return
        client = self.sources[key[:2]].client
        visible = self.time_range()
        interval = track.interval

        def job(worker: Worker) -> list[tuple[int, tuple[tuple[int, float], ...]]]:
            found = []
            for offset in offsets:
                earlier = TimeRange(visible.start - offset, visible.end - offset)
                # Ask up to an hour beyond: the next refreshes then find it in the history
                # (one call an hour for each domain and offset, not one a refresh).
                ahead = TimeRange(earlier.start, -(-earlier.end // HOUR) * HOUR + HOUR)
                try:
                    if store.writable:  # else the history is read as it is
                        fetch_into_store(
                            client, store, [key[2]], ahead, interval, self.clock(),
                            lambda: worker.aborted,
                        )  # fmt: skip
                except ProviderError as error:
                    # Past the provider's retention only our history has it: show that.
                    log.info("earlier window of %s not fetched: %s", key, error)
                found.append((offset, store.points(*key, interval, earlier).points))
            return found

        def fetched(found: list[tuple[int, tuple[tuple[int, float], ...]]]) -> None:
            if not self._stale(key, track, generation):
                for offset, points in found:
                    self.earlier_changed.emit(key, offset, points)

        def failed(error: BaseException) -> None:
            log.info("no earlier window for %s: %s", key, describe_error(error))

        self.pool.start(job, name=f"earlier {key}", on_result=fetched, on_error=failed)

    def _stale(self, key: SeriesKey, track: Track, generation: int) -> bool:
        return self.tracks.get(key) is not track or track.generation != generation

    def _retry(self, key: SeriesKey, generation: int) -> None:
        track = self.tracks.get(key)
        if track is not None and track.generation == generation and track.worker is None:
            self._fetch(key, trailing=bool(track.points))

    @staticmethod
    def _apply(track: Track, series: Series, window: TimeRange, visible: TimeRange) -> None:
        """Replace the window's points (they may have been revised) and forget the expired."""
        if series.interval != track.interval:
            track.points.clear()
            track.interval = series.interval
        for t in [t for t in track.points if t in window or t < visible.start]:
            del track.points[t]
        track.points.update(series.points)

    def _count_calls(self, token: object, done: int, wanted: int) -> None:
        self._calls[token] = (done, wanted)
        self._report_progress()

    def _report_progress(self) -> None:
        """Calls done and wanted over every fetch in flight; (0, 0) once none is."""
        if self.in_flight == 0:
            self._calls.clear()
        self.progress.emit(sum(d for d, _ in self._calls.values()),
                           sum(w for _, w in self._calls.values()))  # fmt: skip

    def _drop(self, key: SeriesKey) -> None:
        track = self.tracks.pop(key)
        track.generation += 1
        if track.worker is not None:
            track.worker.abort()

    def shutdown(self, close_clients: bool = True) -> None:
        """Stop every fetch and wait for the pool; ``close_clients=False`` leaves the
        clients open for the monitor that shares them."""
        self._auto.stop()
        for key in list(self.tracks):
            self._drop(key)
        self.pool.shutdown()
        if close_clients:
            for source in self.sources.values():
                source.client.close()

"""The collector's poller: the live core without a window.

It is ``LiveCore`` on a :class:`~cdnmon.live.runner.HeadlessRunner`: the same clients,
rate limiters, retries and history store as the window, every fetch through
``fetch_into_store`` (what the history holds is not asked for again). It watches every
domain of its sources over a trailing window, refreshes on a fixed schedule, and turns what
the core tells into the :class:`~cdnmon.collect.exposition.CollectorState` that /metrics
shows. Whenever a series' points change it hands the series, as the history names it (its
key, and ORIGIN or EDGE), to ``on_points`` (the remote writers, which take the settled
points from the history): a domain's edge series too, where its source polls edge.

The window is an hour, wider when a series' stored coverage ends earlier: at start after
the collector was stopped, and after an outage of the provider or of the network, the
next round fetches what was missed (up to a day back, where 1-minute points are asked for).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from cdnmon.collect.exposition import CollectorState, error_kind
from cdnmon.history.store import HistoryStore
from cdnmon.history.store import SeriesKey as StoredKey
from cdnmon.live.core import LiveCore
from cdnmon.live.keys import SeriesKey, SourceKey
from cdnmon.live.points import Points
from cdnmon.live.runner import HeadlessRunner
from cdnmon.live.snapshot import Snapshot
from cdnmon.model import DAY, EDGE, HOUR, MINUTE, ORIGIN, Metric, TimeRange
from cdnmon.providers.base import Domain, OriginBandwidthClient
from cdnmon.providers.errors import PROVIDER_TITLES
from cdnmon.providers.http import call_counts
from cdnmon.providers.registry import interval_for

log = logging.getLogger(__name__)

BACKFILL_S = HOUR  # fetched at start, and the window watched
MAX_CATCH_UP_S = DAY  # how far back a restart or an outage is filled in
RELIST_EVERY_S = HOUR  # new domains of an account are picked up this soon
RETENTION_EVERY_S = 6 * HOUR  # as the window does
# Rounds start this long after the refresh grid: a minute that settles on the grid (the
# providers' delays are whole minutes) is then fetched at once, not a refresh later.
GRID_OFFSET_S = 2.0


class Poller(LiveCore):
    """Polls ``sources`` (a client, and its domains; none = every online domain it lists)
    every ``refresh_s`` seconds; see the module docstring. ``start()`` begins, the runner's
    ``run()`` drives it, ``shutdown()`` ends it."""

    def __init__(
        self,
        runner: HeadlessRunner,
        store: HistoryStore,
        state: CollectorState,
        sources: Sequence[tuple[OriginBandwidthClient, Sequence[str]]],
        refresh_s: int,
        clock: Callable[[], float] = time.time,
        on_points: Callable[[StoredKey, Metric], None] = lambda key, metric: None,
        edge: Iterable[SourceKey] = (),
    ) -> None:
        super().__init__(runner, clock, store)
        self.history = store  # ``store``, typed as never None: the poller needs one
        self.state = state
        self.refresh_s = refresh_s
        self.on_points = on_points
        self._edge = set(edge)  # sources whose edge bandwidth is polled too
        self._configured = {(c.provider, c.account): tuple(domains) for c, domains in sources}
        self._clients = [client for client, _ in sources]
        self._wanted: dict[SourceKey, list[SeriesKey]] = {}
        self._failing: dict[SourceKey, set[SeriesKey]] = {}
        self._source_failing: set[SourceKey] = set()
        self._counted: dict[SourceKey, tuple[int, int]] = {}
        self._round_started: float | None = None
        self.rounds = 0  # finished rounds, for tests and the benchmark

    # ---- the schedule -----------------------------------------------------------------

    def start(self) -> None:
        """Add the sources (listing the domains of those given none) and start the rounds."""
        for client in self._clients:
            key = (client.provider, client.account)
            self.state.add_source(*key)
            counts = call_counts(*key)  # what other clients of the account did is not ours
            self._counted[key] = (counts.calls, counts.throttled)
            domains = self._configured[key]
            self.add_source(client, list_domains=not domains)
            if domains:
                self._wanted[key] = [(*key, d) for d in domains]
            else:
                self.runner.later(RELIST_EVERY_S, lambda key=key: self._relist(key))
        self._round_started = time.monotonic()
        self._select()
        self.runner.later(self._until_next_round(), self.poll)
        self.runner.later(0, self._apply_retention)

    def _until_next_round(self) -> float:
        now = self.clock()
        return (now // self.refresh_s + 1) * self.refresh_s + GRID_OFFSET_S - now

    def poll(self) -> None:
        """One round: fetch what is new for every series, then schedule the next."""
        self.runner.later(self._until_next_round(), self.poll)
        for key, source in self.sources.items():
            if source.failure is not None and not self._configured[key]:
                self.list_domains(key)  # never listed yet: try again each round
        if self._round_started is None:
            self._round_started = time.monotonic()
        self.watch_trailing(self._catch_up_span())
        self.refresh()
        self._round_done()

    def _relist(self, key: SourceKey) -> None:
        if key in self.sources:
            self.list_domains(key)
            self.runner.later(RELIST_EVERY_S, lambda: self._relist(key))

    def _apply_retention(self) -> None:
        store = self.history
        self.runner.start(
            lambda job: store.apply_retention(should_stop=lambda: job.aborted), name="retention"
        )
        self.runner.later(RETENTION_EVERY_S, self._apply_retention)

    # ---- what is watched ---------------------------------------------------------------

    def _select(self) -> None:
        """Watch every wanted series; new ones are fetched at once, over the catch-up span."""
        wanted = [key for keys in self._wanted.values() for key in keys]
        self.watch_trailing(self._catch_up_span(wanted))
        self.set_selection(wanted, edge=[key for key in wanted if key[:2] in self._edge])

    def _catch_up_span(self, keys: Iterable[SeriesKey] | None = None) -> int:
        """The window to fetch: an hour, or back to where the oldest end of a series' stored
        coverage within the last day lies (the collector stopped, or an outage)."""
        now = self.clock()
        day = TimeRange(int(now) - MAX_CATCH_UP_S, int(now) + MINUTE)
        since = now - BACKFILL_S
        for key in self.tracks if keys is None else keys:
            track = self.tracks.get(key)
            if track is not None and track.snapshot.has_points:
                interval = track.snapshot.interval
            else:
                interval = interval_for(key[0], TimeRange.last(BACKFILL_S, now), now)
            covered = self.history.covered(*key, interval, day)
            if covered:
                since = min(since, covered[-1].end)
        wanted = -(-int(now - since) // MINUTE) * MINUTE
        return min(MAX_CATCH_UP_S, max(BACKFILL_S, wanted))

    # ---- what the core tells ------------------------------------------------------------

    def notify(self, event: str, *args: object) -> None:
        if event == "domains_listed":
            self._listed(*args)  # type: ignore[arg-type]
        elif event == "source_failed":
            self._source_failed(*args)  # type: ignore[arg-type]
        elif event == "series_changed":
            self._changed(*args)  # type: ignore[arg-type]
        elif event == "series_failed":
            self._series_failed(*args)  # type: ignore[arg-type]
        elif event == "progress" and self.in_flight == 0:
            self._round_done()

    def _listed(self, key: SourceKey, domains: list[Domain]) -> None:
        online = [d.name for d in domains if d.online]
        left_out = [d.name for d in domains if not d.online]
        if key in self._source_failing:
            self._source_failing.discard(key)
            log.info("%s: its domains are listed again", _source_name(key))
        wanted = [(*key, name) for name in online]
        if wanted != self._wanted.get(key):
            skipped = f" ({len(left_out)} not online: {', '.join(left_out)})" if left_out else ""
            log.info("%s: polling %d domains%s", _source_name(key), len(online), skipped)
            self._wanted[key] = wanted
            self._select()
        self._sync_calls(key)

    def _source_failed(self, key: SourceKey, error: BaseException) -> None:
        self.state.record_error(*key, error_kind(error))
        if key not in self._source_failing:
            self._source_failing.add(key)
            log.warning("%s: cannot list its domains: %s", _source_name(key), error)
        self._sync_calls(key)

    def _changed(self, key: SeriesKey, shot: Snapshot) -> None:
        provider, account, domain = key
        stored = StoredKey(*key, shot.interval)  # the edge is fetched at the origin's spacing
        self.state.record_settled(provider, account, domain, *settled_points(shot))
        if shot.edge is not None:
            edge = settled_points(shot, shot.edge.points)
            self.state.record_settled(provider, account, domain, *edge, metric=EDGE)
        if shot.health.succeeded_at is not None:
            self.state.record_success(provider, account, shot.health.succeeded_at)
        self._sync_calls(key[:2])
        self.on_points(stored, ORIGIN)
        if shot.edge is not None:
            self.on_points(stored, EDGE)

    def _series_failed(self, key: SeriesKey, error: BaseException | None) -> None:
        source = key[:2]
        failing = self._failing.setdefault(source, set())
        if error is None:
            failing.discard(key)
            if not failing:
                log.info("%s: fetching works again", _source_name(source))
            return
        self.state.record_error(*source, error_kind(error))
        if not failing:
            log.warning("%s: fetching %s failed: %s", _source_name(source), key[2], error)
        else:
            log.debug("%s: fetching %s failed: %s", _source_name(source), key[2], error)
        failing.add(key)
        self._sync_calls(source)

    def _sync_calls(self, source: SourceKey) -> None:
        counts = call_counts(*source)
        calls, throttled = self._counted.get(source, (0, 0))
        if (counts.calls, counts.throttled) != (calls, throttled):
            self.state.record_calls(*source, counts.calls - calls, counts.throttled - throttled)
            self._counted[source] = (counts.calls, counts.throttled)

    def _round_done(self) -> None:
        if self._round_started is not None and self.in_flight == 0:
            self.state.record_round(time.monotonic() - self._round_started)
            self._round_started = None
            self.rounds += 1


def _source_name(key: SourceKey) -> str:
    provider, account = key
    return f"{PROVIDER_TITLES.get(provider, provider)} account {account!r}"


def settled_points(shot: Snapshot, points: Points | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The points of a snapshot (or ``points`` of it: its edge) whose whole interval lies
    before the provider's data delay: settled, as the history counts them
    (``coverage.settled_part``)."""
    times, values = shot.points if points is None else points
    settled = times + shot.interval <= shot.provisional_after
    return times[settled], values[settled]

"""What is watched and what to fetch for it, without Qt: the one live core.

``LiveCore`` holds the accounts (sources), the watched series (tracks) and the visible
range, and decides each fetch: with a history store every fetch goes through it (what is
stored shows at once, only what it lacks plus the provisional tail is asked for); without
one a refresh asks only the trailing window and merges it. Each job runs on the owner's
worker threads and returns finished ``Snapshot``s; the owner's thread only swaps them in.

Series of one account due together (a selection, a refresh, a reload) share their calls
where the provider answers for several domains a call (``domains_per_call``): one job, a
*batch*, fetches up to that many domains over one window, and each series gets its own
snapshot and its own failure, as a lone series would. A batch counts as one fetch.

Every series has a generation number; changing the selection or the range bumps it and
aborts the old fetch, so a late answer for something no longer wanted is dropped. The
owner (the window's ``Monitor``, the headless collector) supplies a ``Runner`` and hears
what changed through ``notify``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, groupby
from typing import TYPE_CHECKING, Any, Protocol

from cdnmon.fetching import fetch_series
from cdnmon.history.backfill import fetch_into_store
from cdnmon.history.store import StoreError
from cdnmon.live import points as pts
from cdnmon.live import snapshot
from cdnmon.live.keys import SeriesKey, SourceKey
from cdnmon.live.points import Points
from cdnmon.live.snapshot import Health, Snapshot
from cdnmon.model import DAY, EDGE, HOUR, ORIGIN, TimeRange
from cdnmon.providers.base import Domain, OriginBandwidthClient, domains_per_call
from cdnmon.providers.errors import (
    AuthError,
    DomainError,
    ProviderError,
    RequestError,
    ThrottledError,
)
from cdnmon.providers.registry import (
    CALLS_PER_SECOND,
    CDN_PROVIDERS,
    interval_for,
    revised_after,
    settled_before,
)

if TYPE_CHECKING:
    from cdnmon.history.store import HistoryStore

log = logging.getLogger(__name__)

RANGE_PRESETS = {"15 min": 900, "1 h": 3600, "6 h": 6 * 3600, "24 h": DAY, "7 d": 7 * DAY}
DEFAULT_SPAN = 3600
# A transient failure is tried again this soon, whatever the auto-refresh setting.
RETRY_AFTER_S = 30
# Series read from the history per job: the first screenful is drawn after one short read.
# Rounded to whole batches of the account's calls, so that each read's fetches fill them.
READ_CHUNK = 25


class Job(Protocol):
    """A running job as its code sees it."""

    @property
    def aborted(self) -> bool: ...

    def progress(self, done: int, wanted: int) -> None: ...

    def abort(self) -> None: ...


class Runner(Protocol):
    """Runs jobs on worker threads and calls back on the owner's thread."""

    def start(
        self,
        job: Callable[[Any], Any],
        *,
        name: str,
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        on_finished: Callable[[Any], None] | None = None,
    ) -> Job: ...

    def later(self, seconds: float, action: Callable[[], None]) -> None:
        """Call ``action`` on the owner's thread after ``seconds``."""

    def shutdown(self) -> None: ...


def log_failure(error: BaseException) -> None:
    """A store problem is logged as its sentence; anything unexpected with its traceback."""
    if isinstance(error, StoreError):
        log.warning("history: %s", error)
    elif not isinstance(error, ProviderError):
        log.error("unexpected error while fetching", exc_info=error)


def is_persistent(error: BaseException) -> bool:
    """Whether retrying soon will not help: the cause needs a person (credentials, a clock
    set wrong, a bad request) or time to pass (throttling)."""
    return isinstance(error, (AuthError, DomainError, RequestError, ThrottledError))


@dataclass
class Source:
    """One account at one provider, with the domains its list API returned."""

    client: OriginBandwidthClient
    domains: list[Domain] = field(default_factory=list)
    failure: BaseException | None = None

    @property
    def key(self) -> SourceKey:
        return (self.client.provider, self.client.account)


@dataclass(frozen=True)
class RoundTime:
    """A refresh of every watched series at the providers' pace: said in the window, so a
    long selection never falls behind its refresh silently."""

    series: int
    seconds: float  # the busiest account's calls at its allowed rate
    calls_per_second: float
    calls: int  # the busiest account's calls a round (several domains a call where it can)


@dataclass
class Track:
    """One watched series: its latest snapshot and the fetch in flight, if any."""

    snapshot: Snapshot
    generation: int = 0
    job: Job | None = None
    # Each compare offset's history as last read: the span read (an hour ahead), the
    # interval, the points. Earlier days are settled, so refreshes serve from it.
    earlier: dict[int, tuple[TimeRange, int, Points]] = field(default_factory=dict)


class Queued:
    """A fetch waiting for a free place (see ``LiveCore.max_fetches``): it counts as in
    flight, and is aborted as a running one is."""

    aborted = False

    def progress(self, done: int, wanted: int) -> None:
        """Nothing runs yet."""

    def abort(self) -> None:
        self.aborted = True


class Member:
    """One series' share of a running fetch (a batch may hold many): aborting it drops only
    this series, and the job itself once no series is left waiting on it."""

    def __init__(self, members: set[Member]) -> None:
        self._members = members
        members.add(self)
        self.job: Job | None = None  # let go of once the job has finished (see _start_fetch)
        self.aborted = False

    def progress(self, done: int, wanted: int) -> None:
        """The batch's job reports its progress itself."""

    def abort(self) -> None:
        self.aborted = True
        self._members.discard(self)
        if not self._members and self.job is not None:
            self.job.abort()


class LiveCore:
    """See the module docstring. ``notify(event, *args)`` is called on the owner's thread
    with: ``domains_listed`` (source, domains), ``source_failed`` (source, error),
    ``series_changed`` (key, snapshot), ``series_failed`` (key, error or None once it
    recovered), ``range_changed`` (range), ``updated`` (epoch s), ``earlier_changed`` (key,
    offset s, points) and ``progress`` (calls done, calls wanted; (0, 0) when idle)."""

    def __init__(
        self,
        runner: Runner,
        clock: Callable[[], float] = time.time,
        store: HistoryStore | None = None,
    ) -> None:
        self.runner = runner
        self.clock = clock
        self.store = store
        self.compare_offsets: tuple[int, ...] = ()
        self.sources: dict[SourceKey, Source] = {}
        self.tracks: dict[SeriesKey, Track] = {}
        self.span = DEFAULT_SPAN
        self.custom_range: TimeRange | None = None
        self.last_update: float | None = None
        self._calls: dict[object, tuple[int, int]] = {}  # fetch token -> (done, wanted)
        # None: every fetch starts at once. A number: at most that many run, the rest wait
        # (series in ``fetch_first`` before the others), so what is on screen comes first.
        self.max_fetches: int | None = None
        self._waiting: dict[SeriesKey, bool] = {}  # waiting fetches, in order: trailing?
        self._first: tuple[SeriesKey, ...] = ()
        self._running = 0  # fetch jobs started and not finished (dropped series' included)
        self._calls_total = (0, 0)  # the calls' sums, kept up to date: thousands are in flight
        self._reading: dict[SeriesKey, int] = {}  # series -> history reads pending for it
        self._list_later: list[SourceKey] = []  # domain lists asked for during those reads
        # Series whose edge bandwidth is fetched beside the origin: only where it is shown,
        # as it costs a second call per window.
        self.edge_wanted: set[SeriesKey] = set()

    def notify(self, event: str, *args: object) -> None:
        """Tell the owner what changed (see the class docstring); the default tells no one."""

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
        if self._reading:
            # Listed once the history reads are done and the charts' first calls have
            # started: they go first in each account's rate limit, the list after them.
            self._list_later.append(key)
            return
        source = self.sources[key]

        def listed(domains: list[Domain]) -> None:
            if self.sources.get(key) is source:
                source.domains, source.failure = domains, None
                self.notify("domains_listed", key, domains)

        def failed(error: BaseException) -> None:
            if self.sources.get(key) is not source:
                return
            log_failure(error)
            source.failure = error
            self.notify("source_failed", key, error)
            if getattr(error, "retryable", False):
                self.runner.later(RETRY_AFTER_S, lambda: self._relist(key, source))

        self.runner.start(
            lambda job: source.client.list_domains(),
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

    def watch_trailing(self, span: int, compare_offsets: tuple[int, ...] = ()) -> None:
        """Show the trailing ``span`` seconds and the same window ``compare_offsets``
        earlier, from the next fetch on (nothing is fetched again now)."""
        self.span, self.custom_range, self.compare_offsets = span, None, compare_offsets

    @property
    def shots(self) -> dict[SeriesKey, Snapshot]:
        """Every watched series' latest snapshot."""
        return {key: track.snapshot for key, track in self.tracks.items()}

    def set_selection(
        self, keys: Iterable[SeriesKey], edge: Iterable[SeriesKey] | None = None
    ) -> None:
        """Watch ``keys``; with ``edge``, fetch edge bandwidth for those (``set_edge``), the
        new series with their first fetch. (Said after the selection is made, the dropped
        series would be announced as changed first.)"""
        wanted = dict.fromkeys(keys)  # ordered, and quick to look in (a wall has thousands)
        for key in [k for k in self.tracks if k not in wanted]:
            self._drop(key)
        if edge is not None:
            self.set_edge(edge)
        added = [key for key in wanted if key not in self.tracks and key[:2] in self.sources]
        visible = self.time_range()
        for key in added:
            self.tracks[key] = Track(snapshot.waiting(key, visible, self.provisional_after(key)))
        self._fetch_all(added)

    def set_edge(self, keys: Iterable[SeriesKey]) -> None:
        """Fetch edge bandwidth beside the origin for ``keys`` (and no others): the series
        that gain it are fetched over the whole range (the origin mostly from the history),
        those that lose it drop it at once."""
        wanted = {key for key in keys if key[0] in CDN_PROVIDERS}  # a reader has no edge
        gained = [k for k in self.tracks if k in wanted and k not in self.edge_wanted]
        lost = [k for k in self.tracks if k in self.edge_wanted and k not in wanted]
        self.edge_wanted = wanted
        for key in lost:
            track = self.tracks[key]
            track.snapshot = track.snapshot.without_edge()
            self.notify("series_changed", key, track.snapshot)
        self._fetch_all(gained)  # the origin stays drawn meanwhile

    def selection(self) -> list[SeriesKey]:
        return list(self.tracks)

    def snapshot(self, key: SeriesKey) -> Snapshot | None:
        track = self.tracks.get(key)
        return None if track is None else track.snapshot

    def intervals_shown(self) -> list[int]:
        """The point spacings of the series that have data."""
        return sorted({t.snapshot.interval for t in self.tracks.values() if t.snapshot.has_points})

    def round_time(self) -> RoundTime | None:
        """How long one refresh of every watched series takes at the providers' limits (a
        call per series, or per batch where the client answers for several domains a call):
        accounts are paced apart, so the busiest one sets the time."""
        series: dict[SourceKey, int] = {}
        for key in self.tracks:
            series[key[:2]] = series.get(key[:2], 0) + 1
        if not series:
            return None
        calls = {
            source: -(-count // domains_per_call(self.sources[source].client))
            for source, count in series.items()
        }
        pace = {source: CALLS_PER_SECOND.get(source[0], 10.0) for source in calls}
        busiest = max(calls, key=lambda source: calls[source] / pace[source])
        return RoundTime(
            len(self.tracks), calls[busiest] / pace[busiest], pace[busiest], calls[busiest]
        )

    def provisional_after(self, key: SeriesKey) -> float:
        return settled_before(key[0], self.clock(), key[2])

    def held_range(self, key: SeriesKey, visible: TimeRange, interval: int) -> TimeRange:
        """``visible``, reaching back to the newest settled point: a slow provider's (Huawei's
        is an hour old) lies before a short window, and the wall's figure and thresholds
        read it."""
        settled = int(settled_before(key[0], self.clock(), key[2])) - interval
        return TimeRange(min(visible.start, settled - settled % interval), visible.end)

    # ---- fetching -------------------------------------------------------------------

    def reload(self) -> None:
        """Fetch the whole range again for every watched series."""
        visible = self.time_range()
        self.notify("range_changed", visible)
        for key, track in self.tracks.items():
            track.snapshot = snapshot.waiting(key, visible, self.provisional_after(key))
        self._fetch_all(list(self.tracks))

    def refresh(self) -> None:
        """Fetch what is new (and still provisional) for every watched series."""
        self.notify("range_changed", self.time_range())
        idle = [k for k, t in self.tracks.items() if t.job is None and k not in self._reading]
        self._fetch_all(idle, trailing=True)

    @property
    def in_flight(self) -> int:
        """Series being fetched or waiting to, or read from the history ahead of that."""
        return sum(1 for k, t in self.tracks.items() if t.job is not None or k in self._reading)

    def fetch_first(self, keys: Iterable[SeriesKey]) -> None:
        """Start these series' waiting fetches before any other's (what is on screen)."""
        self._first = tuple(dict.fromkeys(keys))

    def _fetch_all(self, keys: list[SeriesKey], trailing: bool = False) -> None:
        """Fetch ``keys`` (``trailing``: only what is new, for those with points), the
        history first: a series with nothing shown yet is read from it in chunks queued ahead
        of any call, and fetched once its stored points are drawn, so that no network call
        competes with them for the workers."""
        empty = [k for k in keys if not self.tracks[k].snapshot.has_points]
        unread = sorted(empty) if self.store is not None else []  # the first screenful first
        later = set(unread)
        for key in keys:
            if key not in later:
                self._queue(key, trailing)
        self._start_waiting()
        for chunk in self._read_chunks(unread):
            self._read_stored(chunk, trailing)

    def _read_chunks(self, keys: list[SeriesKey]) -> Iterator[list[SeriesKey]]:
        """``keys`` (sorted) in reads of about ``READ_CHUNK`` series of one account each,
        in whole batches of its calls."""
        for source, group in groupby(keys, key=lambda key: key[:2]):
            members = list(group)
            per_call = domains_per_call(self.sources[source].client)
            size = per_call * max(1, round(READ_CHUNK / per_call))
            for first in range(0, len(members), size):
                yield members[first : first + size]

    def _queue(self, key: SeriesKey, trailing: bool) -> None:
        """Put ``key``'s fetch in the queue (``_start_waiting`` starts it), aborting any
        fetch of it in flight."""
        track = self.tracks[key]
        if track.job is not None:
            track.job.abort()
        track.generation += 1
        track.job = Queued()
        self._waiting[key] = trailing

    def _start_waiting(self) -> None:
        """Start waiting fetches while fewer than ``max_fetches`` run (None: no limit),
        ``fetch_first``'s first; each one decides its window as it starts, not when it was
        asked for, and takes along the waiting series that can share its calls."""
        limit = float("inf") if self.max_fetches is None else self.max_fetches
        while self._waiting and self._running < limit:
            key = next((k for k in self._first if k in self._waiting), None)
            if key is None:
                key = next(iter(self._waiting))
            trailing = self._waiting.pop(key)
            track = self.tracks.get(key)
            if track is not None and isinstance(track.job, Queued) and not track.job.aborted:
                self._start_fetch(key, track, trailing)

    def _window(
        self, key: SeriesKey, track: Track, trailing: bool, visible: TimeRange, interval: int
    ) -> TimeRange:
        """What to ask for ``key``: the held range, or without a history to add to, for a
        trailing refresh only what the provider may have revised since its newest point."""
        window = self.held_range(key, visible, interval)
        held = track.snapshot
        adding = self.store is not None and self.store.writable
        if not adding and trailing and held.interval == interval and held.has_points:
            start = int(revised_after(key[0], held.points[0][-1], key[2])) - interval
            start = max(window.start, start - start % interval)
            if start < visible.end:
                window = TimeRange(start, visible.end)
        return window

    def _mates(
        self, key: SeriesKey, window: TimeRange, visible: TimeRange, interval: int
    ) -> dict[SeriesKey, Track]:
        """Waiting series that share ``key``'s calls, taken out of the queue: of its account,
        asked over the same window, ``fetch_first``'s first, up to the domains a call."""
        room = domains_per_call(self.sources[key[:2]].client) - 1
        mates: dict[SeriesKey, Track] = {}
        first = (k for k in self._first if k in self._waiting)
        for other in chain(first, self._waiting):
            if len(mates) >= room:
                break
            track = self.tracks.get(other)
            if other[:2] != key[:2] or other in mates or track is None:
                continue
            if not isinstance(track.job, Queued) or track.job.aborted:
                continue
            trailing = self._waiting[other]
            if self._window(other, track, trailing, visible, interval) == window:
                mates[other] = track
        for other in mates:
            del self._waiting[other]
        return mates

    def _start_fetch(self, key: SeriesKey, track: Track, trailing: bool) -> None:
        """Start fetching ``key`` with its mates (see ``_mates``) in one job."""
        source = key[:2]
        visible = self.time_range()
        interval = interval_for(key[0], visible, self.clock())
        window = self._window(key, track, trailing, visible, interval)
        batch = {key: track, **self._mates(key, window, visible, interval)}
        generations = {k: t.generation for k, t in batch.items()}
        held = {k: t.snapshot for k, t in batch.items()}
        domains = [k[2] for k in batch]
        client = self.sources[source].client
        with_edge = self.edge_wanted.intersection(batch)

        def job(job: Job) -> dict[SeriesKey, Snapshot | DomainError]:
            stop = lambda: job.aborted  # noqa: E731
            refused: dict[str, DomainError] = {}
            fetched = self._points(client, domains, window, interval, ORIGIN, stop, job, refused)
            edged = [k[2] for k in with_edge if k[2] in fetched]
            edges: dict[str, tuple[int, Points]] = {}
            if edged:  # at the origin's spacing, so that the two line up
                spacing = fetched[edged[0]][0]
                edges = self._points(client, edged, window, spacing, EDGE, stop, None, {})
            shown = self.time_range()
            outcomes: dict[SeriesKey, Snapshot | DomainError] = {}
            for member in batch:
                if member[2] in refused:
                    outcomes[member] = refused[member[2]]
                    continue
                served, points = fetched[member[2]]
                earlier = held[member]
                same = earlier.interval == served
                kept = self.held_range(member, shown, served).start
                merged = pts.merge(earlier.points if same else pts.empty(), points, window, kept)
                edge = None
                if member in with_edge:  # a domain the edge call refused shows none
                    before = earlier.edge.points if same and earlier.edge else pts.empty()
                    _, edge = edges.get(member[2], (served, pts.empty()))
                    edge = pts.merge(before, edge, window, kept)
                outcomes[member] = snapshot.make(
                    member, served, merged, shown, self.provisional_after(member),
                    Health(succeeded_at=self.clock()), edge,
                )  # fmt: skip
            return outcomes

        def fetched(outcomes: dict[SeriesKey, Snapshot | DomainError]) -> None:
            retry: dict[SeriesKey, int] = {}
            updated = False
            for member, outcome in outcomes.items():
                generation = generations[member]
                if self._stale(member, batch[member], generation):
                    continue
                if isinstance(outcome, Snapshot):
                    self._swap_in(member, batch[member], generation, outcome)
                    updated = True
                elif self._fail(member, batch[member], outcome):
                    retry[member] = generation
            if updated:
                self.notify("updated", self.last_update)
            self._retry_later(retry)

        def failed(error: BaseException) -> None:
            log_failure(error)
            retry = {
                member: generation
                for member, generation in generations.items()
                if not self._stale(member, batch[member], generation)
                and self._fail(member, batch[member], error)
            }
            self._retry_later(retry)

        # The callbacks get the job as an argument, or a token: one holding the job itself
        # would keep it (and its signals) alive for good; the members let go of it at the end.
        token = object()
        members: set[Member] = set()
        shares = {member: Member(members) for member in batch}

        def finished(_done: Job) -> None:
            for member, share in shares.items():
                share.job = None
                if batch[member].job is share:
                    batch[member].job = None
            self._running -= 1
            self._forget_calls(token)
            self._start_waiting()
            self._report_progress()

        # Every callback is given before the job starts: a quick failure can finish first.
        self._running += 1
        name = f"fetch {key}" if len(batch) == 1 else f"fetch {len(batch)} series of {source}"
        running = self.runner.start(
            job,
            name=name,
            on_result=fetched,
            on_error=failed,
            on_progress=lambda done, wanted: self._count_calls(token, done, wanted),
            on_finished=finished,
        )
        for member, share in shares.items():
            share.job = running
            batch[member].job = share

    def _swap_in(self, key: SeriesKey, track: Track, generation: int, new: Snapshot) -> None:
        """Show a fetched snapshot (the caller says ``updated`` once for its batch)."""
        recovered = track.snapshot.health.failure is not None
        track.snapshot = new
        self.last_update = new.health.succeeded_at
        if recovered:
            self.notify("series_failed", key, None)
        self.notify("series_changed", key, new)
        self._fetch_earlier(key, track, generation)

    def _fail(self, key: SeriesKey, track: Track, error: BaseException) -> bool:
        """Show that ``key``'s fetch failed; whether it is worth trying again soon."""
        health = Health(
            track.snapshot.health.succeeded_at, self.clock(), error, is_persistent(error)
        )
        track.snapshot = track.snapshot.with_health(health)
        self.notify("series_failed", key, error)
        return bool(getattr(error, "retryable", False))

    def _points(
        self,
        client: OriginBandwidthClient,
        domains: list[str],
        window: TimeRange,
        interval: int,
        metric: str,
        stop: Callable[[], bool],
        job: Job | None,
        refused: dict[str, DomainError],
    ) -> dict[str, tuple[int, Points]]:
        """Each domain's points of ``metric`` over ``window`` and the spacing they came at;
        a domain the provider refuses is left out, its error in ``refused``. Through the
        history where it can be written (what it lacks is fetched into it); a history that
        cannot (read-only, or a newer cdnmon's) is shown as it is, beneath the answer."""
        store, progress = self.store, job.progress if job is not None else None
        source = (client.provider, client.account)
        found: dict[str, tuple[int, Points]] = {}
        if store is not None and store.writable:
            served = fetch_into_store(
                client, store, domains, window, interval, self.clock(), stop, progress,
                refused, metric,
            )  # fmt: skip
            for domain in domains:
                if domain not in refused:
                    found[domain] = (served, store.arrays(*source, domain, served, window, metric))
            return found
        answered = fetch_series(
            client, domains, window, interval, workers=1, on_progress=progress,
            should_stop=stop, failed=refused, metric=metric,
        )  # fmt: skip
        for series in answered:
            points = pts.from_series(series)
            if store is not None:
                stored = store.arrays(*source, series.domain, series.interval, window, metric)
                points = pts.merge(stored, points)
            found[series.domain] = (series.interval, points)
        return found

    def _read_stored(self, keys: list[SeriesKey], trailing: bool) -> None:
        """Draw what the history holds for ``keys`` (one job), then start their fetches,
        which top it up."""
        store = self.store
        assert store is not None
        tracks = {key: (self.tracks[key], self.tracks[key].generation) for key in keys}
        edged = self.edge_wanted.intersection(keys)
        visible = self.time_range()
        for key in keys:
            self._reading[key] = self._reading.get(key, 0) + 1

        def read(job: Job) -> list[Snapshot]:
            found = []
            for key in keys:
                if job.aborted:
                    break
                interval = interval_for(key[0], visible, self.clock())
                held = self.held_range(key, visible, interval)
                stored = store.arrays(*key, interval, held)
                edge = store.arrays(*key, interval, held, EDGE) if key in edged else None
                found.append(
                    snapshot.make(
                        key, interval, stored, visible, self.provisional_after(key), None, edge
                    )
                )
            return found

        def shown(found: list[Snapshot]) -> None:
            for stored in found:
                track, generation = tracks[stored.key]
                held = track.snapshot
                fresh = not self._stale(stored.key, track, generation) and not held.has_points
                if fresh and stored.has_points:
                    track.snapshot = stored.with_health(held.health)
                    self.notify("series_changed", stored.key, track.snapshot)

        def finished(_done: Job) -> None:
            for key in keys:
                self._reading[key] -= 1
                if not self._reading[key]:
                    del self._reading[key]
            for key in keys:
                track, generation = tracks[key]
                if not self._stale(key, track, generation):
                    self._queue(key, trailing)
            self._start_waiting()
            if not self._reading:
                waiting, self._list_later = self._list_later, []
                for source in dict.fromkeys(waiting):
                    if source in self.sources:
                        self.list_domains(source)

        self.runner.start(
            read, name=f"read {len(keys)} series", on_result=shown, on_error=log_failure,
            on_finished=finished,
        )  # fmt: skip

    def set_comparison(self, offsets: tuple[int, ...]) -> None:
        """Also show the visible window this many seconds earlier (from the history)."""
        self.compare_offsets = offsets
        for key, track in self.tracks.items():
            track.earlier.clear()
            self._fetch_earlier(key, track, track.generation)

    def _fetch_earlier(self, key: SeriesKey, track: Track, generation: int) -> None:
        store, offsets = self.store, self.compare_offsets
        if store is None or not offsets or key[:2] not in self.sources:
            return
        client = self.sources[key[:2]].client
        visible = self.time_range()
        interval = track.snapshot.interval
        start = self.held_range(key, visible, interval).start
        wanted = {offset: TimeRange(start - offset, visible.end - offset) for offset in offsets}
        read = track.earlier
        if all(
            offset in read
            and read[offset][1] == interval
            and read[offset][0].start <= span.start
            and span.end <= read[offset][0].end
            for offset, span in wanted.items()
        ):  # a refresh: no job, no history read, until the window passes what was read
            for offset, span in wanted.items():
                self.notify("earlier_changed", key, offset, pts.within(read[offset][2], span))
            return

        def job(job: Job) -> list[tuple[int, TimeRange, Points, bool]]:
            found = []
            for offset, earlier in wanted.items():
                # Ask up to an hour beyond: the next refreshes then find it read (one call
                # and one read an hour for each domain and offset, not one a refresh).
                ahead = TimeRange(earlier.start, -(-earlier.end // HOUR) * HOUR + HOUR)
                complete = True
                try:
                    if store.writable:  # else the history is read as it is
                        fetch_into_store(
                            client, store, [key[2]], ahead, interval, self.clock(),
                            lambda: job.aborted,
                        )  # fmt: skip
                except ProviderError as error:
                    # Past the provider's retention only our history has it: show that,
                    # and ask again at the next refresh (the provider may answer then).
                    log.info("earlier window of %s not fetched: %s", key, error)
                    complete = False
                found.append((offset, ahead, store.arrays(*key, interval, ahead), complete))
            return found

        def fetched(found: list[tuple[int, TimeRange, Points, bool]]) -> None:
            if not self._stale(key, track, generation):
                for offset, ahead, points, complete in found:
                    if complete:
                        track.earlier[offset] = (ahead, interval, points)
                    self.notify("earlier_changed", key, offset, pts.within(points, wanted[offset]))

        def failed(error: BaseException) -> None:
            log_failure(error)
            log.info("no earlier window for %s: %s", key, error)

        self.runner.start(job, name=f"earlier {key}", on_result=fetched, on_error=failed)

    def _stale(self, key: SeriesKey, track: Track, generation: int) -> bool:
        return self.tracks.get(key) is not track or track.generation != generation

    def _retry_later(self, keys: dict[SeriesKey, int]) -> None:
        """Fetch these series (at these generations) again soon, together."""
        if keys:
            self.runner.later(RETRY_AFTER_S, lambda: self._retry(keys))

    def _retry(self, keys: dict[SeriesKey, int]) -> None:
        for key, generation in keys.items():
            track = self.tracks.get(key)
            if track is not None and track.generation == generation and track.job is None:
                self._queue(key, trailing=track.snapshot.has_points)
        self._start_waiting()

    def _count_calls(self, token: object, done: int, wanted: int) -> None:
        self._forget_calls(token)
        self._calls[token] = (done, wanted)
        self._calls_total = (self._calls_total[0] + done, self._calls_total[1] + wanted)
        self._report_progress()

    def _forget_calls(self, token: object) -> None:
        done, wanted = self._calls.pop(token, (0, 0))
        self._calls_total = (self._calls_total[0] - done, self._calls_total[1] - wanted)

    def _report_progress(self) -> None:
        """Calls done and wanted over every fetch in flight; (0, 0) once none is."""
        if self._running == 0 and not self._waiting and not self._reading:
            self._calls.clear()
            self._calls_total = (0, 0)
        self.notify("progress", *self._calls_total)

    def _drop(self, key: SeriesKey) -> None:
        track = self.tracks.pop(key)
        track.generation += 1
        self._waiting.pop(key, None)
        if track.job is not None:
            track.job.abort()

    def shutdown(self, close_clients: bool = True) -> None:
        """Stop every fetch and wait for the runner; ``close_clients=False`` leaves the
        clients open for the core that shares them."""
        for key in list(self.tracks):
            self._drop(key)
        self._list_later.clear()
        self.runner.shutdown()
        if close_clients:
            for source in self.sources.values():
                source.client.close()

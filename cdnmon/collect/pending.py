"""The remote-write queue of one receiver, kept in the history store.

Every settled point the collector stores, origin and edge alike (the start-up backfill, an
outage filled in, a provisional point once it settles) is in the history already; what a
receiver has taken is recorded beside it per series (``cdnmon.history.outbox``; a domain's
edge series has an id of its own). So nothing is held in memory: a receiver that is down
for a while, and a collector restarted meanwhile, lose nothing.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator

import numpy as np

from cdnmon.collect.remote_write import Batch, SeriesSamples, receiver_name
from cdnmon.history import coverage
from cdnmon.history.store import HistoryStore, StoreError
from cdnmon.history.store import SeriesKey as StoredKey
from cdnmon.model import ORIGIN, Metric, TimeRange

log = logging.getLogger(__name__)

# A series as the queue knows it: the history's key, and what the series measures.
Watched = tuple[StoredKey, Metric]
# What a batch acknowledges: per series (key, metric), the spans its samples came from.
Sent = tuple[tuple[StoredKey, Metric, tuple[TimeRange, ...]], ...]


class StoreQueue:
    """``PendingSamples`` for the receiver at ``url``: the settled points it has not taken of
    the series the poller has fetched, origin and edge (each under its own metric's name). A
    series is sent from ``since`` (UTC seconds) the first time it is sent there; older
    history stays out (see ``cdnmon.history.outbox``).

    Only series whose points changed since the last pass are looked at (``changed``), so a
    pass costs a few queries, not a few per series watched: the first ``changed`` of each
    series after a start finds whatever an earlier run left unsent."""

    def __init__(self, store: HistoryStore, url: str, since: int) -> None:
        self.store = store
        self.receiver = receiver_name(url)
        self.since = since
        self._lock = threading.Lock()
        self._watched: set[Watched] = set()
        self._changed: set[Watched] = set()
        self._placed: set[Watched] = set()  # series whose starting place is recorded

    def changed(self, key: StoredKey, metric: Metric = ORIGIN) -> None:
        """The series of ``metric`` (at the interval it is fetched) has new points in the
        history."""
        with self._lock:
            self._watched.add((key, metric))
            self._changed.add((key, metric))

    def pending(self, max_samples: int) -> Iterator[Batch]:
        with self._lock:
            keys, self._changed = sorted(self._changed), set()
        new = [watched for watched in keys if watched not in self._placed]
        if new:
            try:
                self.store.send_from(self.receiver, new, self.since)
            except (StoreError, sqlite3.Error) as error:
                log.warning("remote write: cannot record where to send from: %s", error)
                with self._lock:
                    self._changed.update(keys)  # placed on the next pass
                return
            self._placed.update(new)
        series: list[SeriesSamples] = []
        sent: list[tuple[StoredKey, Metric, tuple[TimeRange, ...]]] = []
        room = max_samples
        done = 0  # keys[:done] are sent and acknowledged
        try:
            for index, (key, metric) in enumerate(keys):
                spans, times, values = self._unsent(key, metric)
                if not series:
                    done = index
                first = 0
                while first < times.size:
                    last = min(times.size, first + room)
                    # The spans the samples stand for: to the next sample, or the spans' end.
                    low = spans[0].start if first == 0 else int(times[first])
                    high = spans[-1].end if last == times.size else int(times[last])
                    series.append(
                        SeriesSamples(
                            key.provider,
                            key.account,
                            key.domain,
                            tuple(times[first:last].tolist()),
                            tuple(values[first:last].tolist()),
                            metric,
                        )
                    )
                    clipped = tuple(coverage.clip(spans, TimeRange(low, high)))
                    sent.append((key, metric, clipped))
                    room -= last - first
                    first = last
                    if room == 0:
                        yield Batch(tuple(series), tuple(sent))  # acknowledged when resumed
                        series, sent, room, done = [], [], max_samples, index
            if series:
                yield Batch(tuple(series), tuple(sent))
            done = len(keys)
        except (StoreError, sqlite3.Error) as error:
            log.warning("remote write: cannot read what is still to send: %s", error)
        finally:
            # Stopped part-way, or a read failed: the rest is looked at on the next pass.
            with self._lock:
                self._changed.update(keys[done:])

    def _unsent(
        self, key: StoredKey, metric: Metric
    ) -> tuple[list[TimeRange], np.ndarray, np.ndarray]:
        """The series' unsent spans and their points; spans without a point (the provider
        had no data there) are recorded as taken, as there is nothing to send."""
        spans = self.store.unsent(self.receiver, key, self.since, metric)
        times, values = self._points(key, metric, spans)
        if spans and not times.size:
            self.store.mark_sent(self.receiver, [(key, metric, spans)])
        return spans, times, values

    def _points(
        self, key: StoredKey, metric: Metric, spans: list[TimeRange]
    ) -> tuple[np.ndarray, np.ndarray]:
        found = [self.store.arrays(*key, span, metric) for span in spans]
        if not found:
            return np.empty(0, dtype=np.int64), np.empty(0)
        return np.concatenate([t for t, _ in found]), np.concatenate([v for _, v in found])

    def acknowledge(self, batch: Batch) -> None:
        handle: Sent = batch.handle
        try:
            self.store.mark_sent(self.receiver, handle)
        except (StoreError, sqlite3.Error) as error:
            # Sent again later: a receiver takes a sample it holds already as it is.
            log.warning("remote write: cannot record what %s took: %s", self.receiver, error)

    def __len__(self) -> int:
        """Samples still to send of every series seen (reads the history: for tests)."""
        with self._lock:
            watched = sorted(self._watched)
        left = 0
        for key, metric in watched:
            spans = self.store.unsent(self.receiver, key, self.since, metric)
            left += self._points(key, metric, spans)[0].size
        return left

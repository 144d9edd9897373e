"""Bandwidth history on disk: one SQLite file that outlives the providers' retention.

Points are kept per series (provider, account, domain, interval) in blocks of float64 bit/s
(see ``cdnmon.history.chunks``); beside them, the spans already fetched (coverage), so a gap in the
data is told apart from a span never asked for. A point is *provisional* while it lies in
the provider's data-delay window: it is stored but not covered, so the next fetch asks for
it again and replaces it.

WAL mode and a busy timeout let worker threads and a second cdnmon process share the file;
every write is one ``BEGIN IMMEDIATE`` transaction, so a killed process leaves either all
of a save or none of it. Each thread gets its own connection.

Nothing the user has is lost: a damaged file is moved aside whole (with its -wal and -shm)
and a new one started; a file on read-only media or in a folder this user may not write,
or written by a newer cdnmon that says older ones may read it, is opened for reading only
(``cdnmon.history.access``), and every write to it is refused with one sentence.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

from cdnmon import paths
from cdnmon.history import access, chunks, coverage, outbox, retention, schema
from cdnmon.history.retention import KEEP_5MIN_S, KEEP_MINUTE_S, RetentionResult
from cdnmon.history.schema import MIGRATIONS
from cdnmon.messages import CodedError, Statement
from cdnmon.messages import history as said
from cdnmon.model import METRICS, MINUTE, ORIGIN, Series, TimeRange
from cdnmon.safe_files import move_aside

log = logging.getLogger(__name__)

FILE_NAME = "history.sqlite3"
BUSY_TIMEOUT_S = 15.0
FIVE_MINUTES = 5 * MINUTE

_DAMAGE_CODES = {sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT}
_END_OF_TIME = 1 << 62  # later than any timestamp: "from then on"


class StoreError(CodedError):
    """The history file cannot be used; the message says why and what to do."""


class _DamagedFile(CodedError):
    """SQLite opened the file but its own check found damage."""


class SeriesKey(NamedTuple):
    """A stored series of one metric (origin unless a call says edge)."""

    provider: str
    account: str
    domain: str
    interval: int


class HistoryStore:
    """The history file. Thread-safe: each thread uses its own connection.

    Where the file cannot be written (read-only media or folder) or a newer cdnmon wrote it,
    it is opened for reading only: ``read_only_reason`` says why, every write raises
    StoreError with that sentence, and retention waits.
    """

    def __init__(self, path: Path | None = None) -> None:
        self._path = path if path is not None else paths.data_dir() / FILE_NAME
        # Each thread's connection, by thread id: not a threading.local, which Qt's pool
        # threads lose after every job (they have no lasting Python thread state), so each
        # job would open a connection of its own, kept open until the store closes.
        self._held: dict[int, tuple[int, sqlite3.Connection]] = {}
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._generation = 0
        self._series_ids: dict[tuple[SeriesKey, str], int] = {}  # (key, metric) -> id
        self._closed = False
        # What connections open: the file itself, or a URI that only reads it (or a copy).
        self._database, self._uri = str(self._path), False
        self._copy: Path | None = None
        self.recovered_from: Path | None = None
        self.recovery_message: Statement | None = None
        self.read_only_reason: Statement | None = None
        self._open()

    @classmethod
    def existing(cls, path: Path | None = None) -> HistoryStore:
        """Open the history file only if there is one (for commands that just read)."""
        path = path if path is not None else paths.data_dir() / FILE_NAME
        if not path.exists():
            raise StoreError(said.NONE_YET, path=path)
        return cls(path)

    @property
    def path(self) -> Path:
        return self._path

    @property
    def writable(self) -> bool:
        return self.read_only_reason is None

    # ---- opening, migrating, recovering -----------------------------------------------

    def _open(self) -> None:
        folder = self._path.parent
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                said.FOLDER_NOT_CREATED, folder=folder, reason=error.strerror or str(error)
            ) from None
        why = access.cannot_write(self._path)
        if why is None and self._open_for_writing():
            return
        self._close_connections()
        self._open_for_reading(why)

    def _open_for_writing(self) -> bool:
        """Open, migrate and check the file, moving a damaged one aside; False, with nothing
        written, when a newer cdnmon wrote it."""
        try:
            if self._path.exists() and self._checked_version() > len(MIGRATIONS):
                return False
            self._prepare()
            return True
        except sqlite3.DatabaseError as error:
            if not self._is_damaged(error):
                refused = access.write_failure(self._path, error)
                raise StoreError(
                    refused or said.NOT_OPENED(path=self._path, problem=str(error))
                ) from None
            reason = str(error)
        except _DamagedFile as error:
            reason = error.said
        self._close_connections()
        self._series_ids.clear()
        moved = self._move_aside()
        self.recovered_from = moved
        self.recovery_message = said.RECOVERED(path=self._path, problem=reason, moved=moved.name)
        log.warning("%s", self.recovery_message)
        self._prepare()
        return True

    def _checked_version(self) -> int:
        """The file's format, read (and the file checked) by a connection that cannot write:
        a newer cdnmon's file stays as it was, and a damaged one keeps its -wal (a connection
        that can write checkpoints the -wal into the file when it closes)."""
        connection = sqlite3.connect(
            access.read_only_uri(self._path), timeout=BUSY_TIMEOUT_S, uri=True
        )
        try:
            version = self._version(connection)
            if version <= len(MIGRATIONS):  # a newer file is checked when opened for reading
                self._check(connection)
            return version
        finally:
            connection.close()

    def _prepare(self) -> None:
        connection = self._connection()
        connection.execute("PRAGMA journal_mode = WAL").fetchone()
        self._migrate(connection)

    def _check(self, connection: sqlite3.Connection) -> None:
        # Every page, without the slower index cross-checks: ~50 ms for 90 days x 50
        # domains, and damage is found now rather than halfway through a save.
        found = connection.execute("PRAGMA quick_check(1)").fetchone()
        if found != ("ok",):
            raise _DamagedFile(said.DAMAGED(found=found[0]) if found else said.NO_ANSWER())

    def _migrate(self, connection: sqlite3.Connection) -> None:
        if self._version(connection) == len(MIGRATIONS):
            return
        with self._writing() as conn:
            version = self._version(conn)  # another process may have migrated meanwhile
            if version >= len(MIGRATIONS):
                return  # never downgrade what a newer cdnmon wrote in between
            for statements in MIGRATIONS[version:]:
                for statement in statements:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")

    def _version(self, connection: sqlite3.Connection) -> int:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])

    def _open_for_reading(self, why: str | None) -> None:
        """Open the file without writing it or beside it: ``why`` says why it cannot be
        written, None when it could be but a newer cdnmon wrote it."""
        if not self._path.exists():
            raise StoreError(said.NOT_CREATED, path=self._path, why=why)
        try:
            self.read_only_reason = self._read_only(why)
        except (sqlite3.DatabaseError, OSError, _DamagedFile) as error:
            self._close_connections()
            self._drop_copy()
            raise StoreError(self._unreadable(error)) from None
        except BaseException:
            self._close_connections()
            self._drop_copy()
            raise

    def _read_only(self, why: str | None) -> Statement:
        """Connect for reading and check the file; the sentence any write will get."""
        self._database, self._copy = access.read_only_database(self._path)
        self._uri = True
        connection = self._connection()
        version = self._version(connection)
        if version < len(MIGRATIONS):
            # An older format is brought up to date before it is read, and that writes.
            raise StoreError(said.NEEDS_UPDATE, path=self._path, why=why)
        reason = (
            self._newer_but_readable(connection, version)
            if version > len(MIGRATIONS)
            else said.NOT_WRITABLE_SHOWN(path=self._path, why=why)
        )
        self._check(connection)
        return reason

    def _unreadable(self, error: BaseException) -> Statement:
        if isinstance(error, _DamagedFile):
            return said.DAMAGED_READ_ONLY(path=self._path, problem=error.said)
        if isinstance(error, OSError):
            return said.NOT_READ(path=self._path, reason=error.strerror or str(error))
        return said.UNREADABLE(path=self._path, problem=str(error))

    def _newer_but_readable(self, connection: sqlite3.Connection, version: int) -> Statement:
        """The sentence for a newer file this build may read; StoreError when it may not."""
        formats = {"path": self._path, "found": version, "reads": len(MIGRATIONS)}
        oldest = schema.oldest_reader(connection)
        if oldest is None or oldest > len(MIGRATIONS):
            # Its tables may no longer mean what this build thinks.
            raise StoreError(said.NEWER, **formats)
        return said.NEWER_SHOWN(**formats)

    def _is_damaged(self, error: sqlite3.DatabaseError) -> bool:
        code = getattr(error, "sqlite_errorcode", 0) & 0xFF
        if code in _DAMAGE_CODES:
            return True
        unreadable = code == sqlite3.SQLITE_CANTOPEN and not os.access(self._path, os.R_OK)
        return unreadable and self._path.exists()

    def _move_aside(self) -> Path:
        try:
            # The -wal and -shm go with it, under the same new name: a stale WAL must not be
            # replayed into the new file, and the damaged file may need it to be rescued.
            return move_aside(self._path, "corrupt", ("-wal", "-shm"))
        except OSError as error:
            raise StoreError(
                said.DAMAGED_NOT_MOVED, path=self._path, reason=error.strerror or str(error)
            ) from None

    def _drop_copy(self) -> None:
        if self._copy is not None:
            shutil.rmtree(self._copy, ignore_errors=True)
            self._copy = None

    # ---- connections and transactions ------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        thread = threading.get_ident()
        held = self._held.get(thread)
        if held is not None and held[0] == self._generation:
            return held[1]
        with self._lock:
            if self._closed:
                raise StoreError(said.CLOSED)
            connection = sqlite3.connect(
                self._database,
                timeout=BUSY_TIMEOUT_S,
                isolation_level=None,  # transactions are explicit
                check_same_thread=False,  # close() closes every thread's connection
                uri=self._uri,
            )
            # In WAL mode NORMAL loses nothing committed when the process dies; only a
            # power cut can take the last transactions.
            connection.execute("PRAGMA synchronous = NORMAL")
            self._connections.append(connection)
            # A thread that ended may pass its id to a new one, and with it its connection.
            self._held[thread] = (self._generation, connection)
        return connection

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        if self.read_only_reason is not None:
            raise StoreError(self.read_only_reason)
        connection = self._connection()
        try:
            # IMMEDIATE takes the write lock up front (waiting up to the busy timeout)
            # rather than failing on upgrade when another process wrote in between.
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:  # SQLite may have rolled back already
                    connection.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as error:
            refused = access.write_failure(self._path, error)
            if refused is None:
                raise
            raise StoreError(refused) from None

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """One snapshot for several statements."""
        connection = self._connection()
        connection.execute("BEGIN")
        try:
            yield connection
        finally:
            if connection.in_transaction:
                connection.execute("COMMIT")

    def _close_connections(self) -> None:
        with self._lock:
            for connection in self._connections:
                connection.close()
            self._connections.clear()
            self._generation += 1

    def close(self) -> None:
        self._close_connections()
        self._closed = True
        self._drop_copy()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- series ----------------------------------------------------------------------

    def _series_id(
        self, conn: sqlite3.Connection, key: SeriesKey, create: bool, metric: str = ORIGIN
    ) -> int | None:
        """The id of ``key``'s series of ``metric``; with ``create``, call inside a write
        transaction and remember the id only after it commits (see ``_remember``)."""
        known = self._series_ids.get((key, metric))
        if known is not None:
            return known
        row = conn.execute(
            "SELECT id FROM series WHERE provider = ? AND account = ? AND domain = ? "
            "AND interval = ? AND metric = ?",
            (*key, metric),
        ).fetchone()
        if row is not None:
            if not create:
                self._series_ids[(key, metric)] = int(row[0])
            return int(row[0])
        if not create:
            return None
        cursor = conn.execute(
            "INSERT INTO series (provider, account, domain, interval, metric) "
            "VALUES (?, ?, ?, ?, ?)",
            (*key, metric),
        )
        return int(cursor.lastrowid or 0)

    def _remember(self, ids: Iterable[tuple[tuple[SeriesKey, str], int]]) -> None:
        with self._lock:
            self._series_ids.update(ids)

    def series_keys(
        self,
        provider: str | None = None,
        account: str | None = None,
        domains: Sequence[str] | None = None,
        interval: int | None = None,
        metric: str = ORIGIN,
    ) -> list[SeriesKey]:
        """Every stored series of ``metric`` matching the other filters given (None: any)."""
        rows = self._connection().execute(
            "SELECT provider, account, domain, interval FROM series WHERE metric = ? "
            "ORDER BY provider, account, domain, interval",
            (metric,),
        )
        wanted = set(domains) if domains is not None else None
        return [
            key
            for key in map(SeriesKey._make, rows)
            if provider in (None, key.provider)
            and account in (None, key.account)
            and interval in (None, key.interval)
            and (wanted is None or key.domain in wanted)
        ]

    # ---- writing ---------------------------------------------------------------------

    def save(
        self, series: Series, fetched: TimeRange, provisional_after: float | None = None
    ) -> None:
        """Store what one fetch of ``fetched`` returned; see ``save_many``."""
        self.save_many([series], fetched, provisional_after)

    def save_many(
        self,
        series: Sequence[Series],
        fetched: TimeRange,
        provisional_after: float | None = None,
    ) -> None:
        """Store several series fetched over ``fetched``, in one transaction.

        The answer replaces what was stored inside ``fetched`` (a revised or vanished
        provisional point does not linger); settled points are overwritten by new values but
        never erased by a missing one. Points whose bucket ends after ``provisional_after`` are
        provisional: stored, but the span they sit in is not recorded as covered, so it is
        fetched again. None means the whole answer is final.
        """
        metrics = {s.metric for s in series}
        for metric in sorted(metrics):  # one transaction each: a fetch is of one metric
            answers = [(_key(s), *_arrays(s)) for s in series if s.metric == metric]
            self.save_arrays(answers, fetched, provisional_after, metric)

    def save_arrays(
        self,
        answers: Sequence[tuple[SeriesKey, np.ndarray, np.ndarray]],
        fetched: TimeRange,
        provisional_after: float | None = None,
        metric: str = ORIGIN,
    ) -> None:
        """``save_many`` for ``(key, timestamps, bit/s)`` arrays, without building tuples."""
        prepared = [(key, *_on_grid(key.interval, t, v, fetched)) for key, t, v in answers]
        created: list[tuple[tuple[SeriesKey, str], int]] = []
        with self._writing() as conn:
            for key, times, values in prepared:
                series_id = self._series_id(conn, key, create=True, metric=metric)
                assert series_id is not None
                created.append(((key, metric), series_id))
                settled_before = schema.covered_spans(conn, series_id, fetched)
                schema.put_points(
                    conn, series_id, key.interval, times, values, fetched, settled_before
                )
                settled = coverage.settled_part(fetched, provisional_after, key.interval)
                if settled is not None:
                    schema.add_coverage(conn, series_id, [settled])
        self._remember(created)

    # ---- reading ---------------------------------------------------------------------

    def arrays(
        self,
        provider: str,
        account: str,
        domain: str,
        interval: int,
        time_range: TimeRange,
        metric: str = ORIGIN,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Timestamps (int64) and bit/s (float64) stored for one series within the range."""
        key = SeriesKey(provider, account, domain, interval)
        with self._reading() as conn:
            return self._read(conn, key, time_range, metric)

    def points(
        self,
        provider: str,
        account: str,
        domain: str,
        interval: int,
        time_range: TimeRange,
        metric: str = ORIGIN,
    ) -> Series:
        """One series' stored points within the range, provisional ones included."""
        return self.read_series(provider, account, [domain], interval, time_range, metric)[0]

    def read_series(
        self,
        provider: str,
        account: str,
        domains: Sequence[str],
        interval: int,
        time_range: TimeRange,
        metric: str = ORIGIN,
    ) -> list[Series]:
        """One Series per domain, in the order given, from one consistent snapshot."""
        with self._reading() as conn:
            found = [
                self._read(conn, SeriesKey(provider, account, d, interval), time_range, metric)
                for d in domains
            ]
        return [
            Series(provider, account, domain, interval, _pairs(t, v), metric)
            for domain, (t, v) in zip(domains, found, strict=True)
        ]

    def _read(
        self, conn: sqlite3.Connection, key: SeriesKey, time_range: TimeRange, metric: str
    ) -> tuple[np.ndarray, np.ndarray]:
        series_id = self._series_id(conn, key, create=False, metric=metric)
        rows = (
            []
            if series_id is None
            else schema.read_chunks(conn, series_id, key.interval, time_range)
        )
        times, values = chunks.unpack(rows, key.interval)
        inside = (times >= time_range.start) & (times < time_range.end)
        return times[inside], values[inside]

    def covered(
        self,
        provider: str,
        account: str,
        domain: str,
        interval: int,
        time_range: TimeRange,
        metric: str = ORIGIN,
    ) -> list[TimeRange]:
        """The settled, fetched spans of one series within the range."""
        key = SeriesKey(provider, account, domain, interval)
        conn = self._connection()
        series_id = self._series_id(conn, key, create=False, metric=metric)
        if series_id is None:
            return []
        return coverage.clip(schema.covered_spans(conn, series_id, time_range), time_range)

    def missing(
        self,
        provider: str,
        account: str,
        domain: str,
        interval: int,
        time_range: TimeRange,
        metric: str = ORIGIN,
    ) -> list[TimeRange]:
        """The parts of the range never fetched, or fetched only while still provisional."""
        spans = self.covered(provider, account, domain, interval, time_range, metric)
        return coverage.subtract(time_range, spans)

    def provisional_times(
        self,
        provider: str,
        account: str,
        domain: str,
        interval: int,
        time_range: TimeRange,
        metric: str = ORIGIN,
    ) -> list[int]:
        """Timestamps of stored points not yet settled (outside every covered span)."""
        times, _, settled = self._settled(provider, account, domain, interval, time_range, metric)
        return times[~settled].tolist()

    def settled_arrays(
        self,
        provider: str,
        account: str,
        domain: str,
        interval: int,
        time_range: TimeRange,
        metric: str = ORIGIN,
    ) -> tuple[np.ndarray, np.ndarray]:
        """``arrays`` of the settled points only (inside a covered span)."""
        times, values, settled = self._settled(
            provider, account, domain, interval, time_range, metric
        )
        return times[settled], values[settled]

    def _settled(
        self,
        provider: str,
        account: str,
        domain: str,
        interval: int,
        time_range: TimeRange,
        metric: str = ORIGIN,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The stored points within the range, and which of them are settled."""
        times, values = self.arrays(provider, account, domain, interval, time_range, metric)
        settled = np.zeros(times.size, dtype=bool)
        for span in self.covered(provider, account, domain, interval, time_range, metric):
            settled |= (times >= span.start) & (times < span.end)
        return times, values, settled

    # ---- remote write ------------------------------------------------------------------

    def unsent(
        self, receiver: str, key: SeriesKey, since: int, metric: str = ORIGIN
    ) -> list[TimeRange]:
        """The settled spans of ``key``'s series of ``metric`` that the remote-write
        ``receiver`` has not taken, oldest first (see ``cdnmon.history.outbox``). Asked for
        the first time, it records the time before ``since`` as taken: the series is sent
        from there on."""
        with self._reading() as conn:
            series_id = self._series_id(conn, key, create=False, metric=metric)
            if series_id is None:
                return []
            found = outbox.receiver_id(conn, receiver, create=False)
            taken = [] if found is None else outbox.delivered(conn, found, series_id)
            covered = schema.covered_spans(conn, series_id, TimeRange(0, _END_OF_TIME))
        if not taken:
            taken = [TimeRange(0, since)]
            self.mark_sent(receiver, [(key, metric, taken)])
        return [gap for span in covered for gap in coverage.subtract(span, taken)]

    def send_from(self, receiver: str, series: Sequence[tuple[SeriesKey, str]], since: int) -> None:
        """Record, in one transaction, that each series (its key and metric) never sent to
        ``receiver`` is to be sent from ``since`` on: its place is kept from the moment the
        series is known, not only once a pass reaches it (a receiver down stops the pass
        early, and a later start would then begin it later and leave points unsent)."""
        created: list[tuple[tuple[SeriesKey, str], int]] = []
        with self._writing() as conn:
            found = outbox.receiver_id(conn, receiver, create=True)
            assert found is not None
            for key, metric in series:
                series_id = self._series_id(conn, key, create=True, metric=metric)
                assert series_id is not None
                created.append(((key, metric), series_id))
                if not outbox.delivered(conn, found, series_id):
                    outbox.add_delivered(conn, found, series_id, [TimeRange(0, since)])
        self._remember(created)

    def mark_sent(
        self, receiver: str, sent: Sequence[tuple[SeriesKey, str, Sequence[TimeRange]]]
    ) -> None:
        """Record, in one transaction, that ``receiver`` has taken the points of each series
        (its key and metric) within its spans."""
        created: list[tuple[tuple[SeriesKey, str], int]] = []
        with self._writing() as conn:
            found = outbox.receiver_id(conn, receiver, create=True)
            assert found is not None
            for key, metric, spans in sent:
                series_id = self._series_id(conn, key, create=True, metric=metric)
                assert series_id is not None
                created.append(((key, metric), series_id))
                outbox.add_delivered(conn, found, series_id, spans)
        self._remember(created)

    # ---- retention -------------------------------------------------------------------

    def apply_retention(
        self,
        now: float | None = None,
        keep_minute_s: int = KEEP_MINUTE_S,
        keep_5min_s: int = KEEP_5MIN_S,
        should_stop: Callable[[], bool] | None = None,
    ) -> RetentionResult:
        """Fold 1-minute points older than ``keep_minute_s`` into 5-minute means (stored as
        the domain's 300-second series, with their coverage), then delete 5-minute points
        older than ``keep_5min_s``. Short transactions (``cdnmon.history.retention``), so the file
        stays usable meanwhile; ``should_stop`` is asked between them. A history that
        cannot be written is left as it is: nothing is lost by waiting."""
        if not self.writable:
            return RetentionResult(0, 0)
        now = time.time() if now is None else now
        minute_cutoff = retention.minute_cutoff(now, keep_minute_s)
        aggregated = expired = 0
        every = [(k, m) for m in METRICS for k in self.series_keys(interval=MINUTE, metric=m)]
        for key, metric in every:
            more = True
            while more:
                if should_stop is not None and should_stop():
                    return RetentionResult(aggregated, expired, stopped=True)
                folded, more = self._fold_minutes(key, minute_cutoff, metric)
                aggregated += folded
        five_cutoff = retention.five_minute_cutoff(now, keep_5min_s)
        every = [(k, m) for m in METRICS for k in self.series_keys(interval=FIVE_MINUTES, metric=m)]
        for key, metric in every:
            more = True
            while more:
                if should_stop is not None and should_stop():
                    return RetentionResult(aggregated, expired, stopped=True)
                with self._writing() as conn:
                    series_id = self._series_id(conn, key, create=False, metric=metric)
                    assert series_id is not None
                    dropped, more = retention.expire(conn, series_id, five_cutoff)
                expired += dropped
        return RetentionResult(aggregated, expired)

    def _fold_minutes(self, key: SeriesKey, cutoff: int, metric: str) -> tuple[int, bool]:
        target = key._replace(interval=FIVE_MINUTES)
        with self._writing() as conn:
            source_id = self._series_id(conn, key, create=False, metric=metric)
            assert source_id is not None
            if not retention.has_minutes_before(conn, source_id, cutoff):
                return 0, False
            target_id = self._series_id(conn, target, create=True, metric=metric)
            assert target_id is not None
            folded, more = retention.fold_minutes(conn, source_id, target_id, cutoff)
        self._remember([((target, metric), target_id)])
        return folded, more

    # ---- checks ----------------------------------------------------------------------

    def integrity_problems(self) -> list[str]:
        """SQLite's own check of the whole file: [] when sound. Reads every page."""
        rows = self._connection().execute("PRAGMA integrity_check").fetchall()
        return [] if rows == [("ok",)] else [str(r[0]) for r in rows]


def _key(series: Series) -> SeriesKey:
    return SeriesKey(series.provider, series.account, series.domain, series.interval)


def _pairs(times: np.ndarray, values: np.ndarray) -> tuple[tuple[int, float], ...]:
    return tuple(zip(times.tolist(), values.tolist(), strict=True))


def _arrays(series: Series) -> tuple[np.ndarray, np.ndarray]:
    times = np.fromiter((t for t, _ in series.points), dtype=np.int64, count=len(series.points))
    values = np.fromiter((v for _, v in series.points), dtype=np.float64, count=times.size)
    return times, values


def _on_grid(
    interval: int, times: np.ndarray, values: np.ndarray, fetched: TimeRange
) -> tuple[np.ndarray, np.ndarray]:
    """The points inside ``fetched``, sorted, timestamps snapped down to the interval grid."""
    times = np.asarray(times, dtype=np.int64)
    values = np.asarray(values, dtype=np.float64)
    keep = (times >= fetched.start) & (times < fetched.end) & np.isfinite(values)
    times, values = times[keep], values[keep]
    order = np.argsort(times, kind="stable")
    return times[order] // interval * interval, values[order]

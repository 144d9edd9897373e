"""The alert history and the delivery queue, in one file that survives a restart.

Each entry is one alert event, its text as rendered when it happened, and how it went to
each target: queued (with tries, next try and last error), sent, or dropped. The queue is
the entries with a delivery still queued; which rules are firing is read back from the
newest event of each rule and subject.

Why a file of its own rather than a table in the history database: the history file's
format is shared with other features that change it (every new table is a migration, and a
file written by a newer cdnmon is opened read-only), while alerts must still be queued then;
and this is small, bounded data (:data:`KEEP_ENTRIES`) written a few times a minute at most.
It is JSON written whole with :func:`cdnmon.safe_files.write_atomic` (a crash leaves the old
file or the new one), 0600 as it names accounts and domains. A damaged file is moved aside
and a new history started; one written by a newer cdnmon is read, never written.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from cdnmon import paths
from cdnmon.alerts.events import AlertEvent, Change
from cdnmon.messages import Statement
from cdnmon.messages import alerts as said
from cdnmon.safe_files import copy_aside, move_aside, write_atomic

log = logging.getLogger(__name__)

FILE_NAME = "alerts.json"
VERSION = 1
KEEP_ENTRIES = 1000  # older ones go, unless still queued or still firing


class State(Enum):
    QUEUED = "queued"
    SENT = "sent"
    DROPPED = "dropped"


@dataclass
class Delivery:
    """One alert to one target. ``last_error`` is a statement of
    :mod:`cdnmon.messages.alerts` while this run made it; the file keeps its English text
    (the format is unchanged), so one read back is plain text, shown as it is."""

    target: str
    queued_at: float = 0.0
    state: State = State.QUEUED
    attempts: int = 0
    next_try: float = 0.0
    last_error: str = ""
    done_at: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "queued_at": self.queued_at,
            "state": self.state.value,
            "attempts": self.attempts,
            "next_try": self.next_try,
            "last_error": self.last_error,
            "done_at": self.done_at,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Delivery:
        done = data.get("done_at")
        return cls(
            str(data["target"]),
            float(data.get("queued_at", 0.0)),
            State(data["state"]),
            int(data.get("attempts", 0)),
            float(data.get("next_try", 0.0)),
            str(data.get("last_error", "")),
            None if done is None else float(done),
        )


@dataclass
class Entry:
    """One alert event, its message text, and its deliveries by target name."""

    event: AlertEvent
    text: str
    deliveries: dict[str, Delivery] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "event": self.event.to_dict(),
            "text": self.text,
            "deliveries": [d.to_dict() for d in self.deliveries.values()],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        deliveries = [Delivery.from_dict(d) for d in data.get("deliveries", [])]
        return cls(
            AlertEvent.from_dict(data["event"]),
            str(data["text"]),
            {d.target: d for d in deliveries},
        )


def firing(entries: Iterable[Entry]) -> dict[tuple[str, str], str]:
    """(rule key, subject key) -> id of the event that opened it, for each pair whose newest
    event is a FIRED one."""
    found: dict[tuple[str, str], str] = {}
    for entry in entries:
        event = entry.event
        pair = (event.rule.key, event.subject.key)
        if event.change is Change.FIRED:
            found[pair] = event.id
        else:
            found.pop(pair, None)
    return found


def trimmed(entries: list[Entry], keep: int = KEEP_ENTRIES) -> list[Entry]:
    """The newest ``keep`` entries, and any older one still queued or still firing (with the
    event that cleared an older one kept, so that it does not read as firing again)."""
    if len(entries) <= keep:
        return entries
    open_ids = set(firing(entries).values())
    cut = len(entries) - keep
    kept_ids = {
        e.event.id
        for e in entries[:cut]
        if e.event.id in open_ids or any(d.state is State.QUEUED for d in e.deliveries.values())
    }
    kept_old = [e for e in entries[:cut] if e.event.id in kept_ids or e.event.opened_by in kept_ids]
    return kept_old + entries[cut:]


def reason(error: Exception) -> str:
    """Why a file could not be read: our own statement where the check below raised one,
    else what the JSON or UTF-8 reader said."""
    said_here = error.args[0] if len(error.args) == 1 else None
    return said_here if isinstance(said_here, Statement) else str(error)


class AlertJournal:
    """``data_dir()/alerts.json``. Thread-safe for one writer at a time (the outbox's)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else paths.data_dir() / FILE_NAME
        # Statements of cdnmon.messages.alerts, which the window says in its language.
        self.read_only_reason: Statement | None = None  # why saving is off (a newer file)
        self.save_error: Statement | None = None  # the last save's failure, None once one works

    def load(self) -> list[Entry]:
        """The entries, oldest first; [] for a missing, damaged (moved aside) or unreadable
        file. Never raises: alerts must keep working whatever the file."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as error:
            self.read_only_reason = said.HISTORY_UNREADABLE(
                path=self.path, reason=error.strerror or error
            )
            log.warning("%s", self.read_only_reason)
            return []
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
                raise ValueError(said.NOT_AN_OBJECT_WITH_ENTRIES())
            version = data.get("version", VERSION)
            if isinstance(version, bool) or not isinstance(version, int) or version < 1:
                raise ValueError(said.VERSION_NOT_A_NUMBER())
        except (ValueError, RecursionError) as error:  # JSON and UTF-8 errors included
            problem = said.HISTORY_DAMAGED(reason=reason(error))
            self._aside(move_aside, problem, "a new one is started; the old one is kept at")
            return []
        if version > VERSION:
            self.read_only_reason = said.HISTORY_NEWER(path=self.path, version=version)
            log.warning("%s", self.read_only_reason)
        entries, bad = [], 0
        for item in data["entries"]:
            try:
                entries.append(Entry.from_dict(item))
            except (ValueError, KeyError, TypeError, AttributeError):
                bad += 1
        if bad and self.read_only_reason is None:  # kept before a save leaves them out
            problem = said.HISTORY_ENTRIES_UNREADABLE(count=bad)
            self._aside(copy_aside, problem, "the others are used; the file as it was is kept at")
        return entries

    def save(self, entries: list[Entry]) -> None:
        """Write the entries (trimmed); a failure is kept in ``save_error`` and logged."""
        if self.read_only_reason is not None:
            return
        payload = {"version": VERSION, "entries": [e.to_dict() for e in trimmed(entries)]}
        try:
            write_atomic(self.path, json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
        except OSError as error:
            unsaved = said.HISTORY_UNWRITABLE(path=self.path, reason=error.strerror or error)
            if unsaved != self.save_error:
                log.warning("%s", unsaved)
            self.save_error = unsaved
            return
        self.save_error = None

    def _aside(self, keep: Callable[[Path, str], Path], problem: Statement, then: str) -> None:
        """Keep the file as it is now under a new name (``keep`` moves or copies it), and say
        so; when even that fails, leave it alone and save nothing over it."""
        try:
            kept = keep(self.path, "bad")
        except OSError as error:
            self.read_only_reason = said.NOT_SET_ASIDE(
                path=self.path, problem=problem, reason=error.strerror or error
            )
            log.warning("%s", self.read_only_reason)
            return
        log.warning("%s: %s; %s %s", self.path, problem, then, kept)

"""Delivery: every alert reaches every target it is meant for, or says why it has not.

One worker thread per enabled target sends that target's queue in order, paced at the
target's rate (evenly spaced, as the providers' calls are: :class:`RateLimiter`), and when
several alerts are waiting, a chat target gets them as one message. A failed try is retried
with exponential backoff and jitter (at least as long as the service asked); a message the
service refused (bad signature, keyword, dead URL) is retried at the longest backoff, since
a person must fix the target first. After ``give_up_after_s`` a delivery is dropped, and
says so in the history. Each target's state (queued count, last error) is there for the
window to show.

A writer thread saves the journal after each change, so the queue survives a restart; the
caller's thread never waits for the network, the keyring or the disk.
"""

from __future__ import annotations

import logging
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import requests

from cdnmon.accounts.keyring_store import CredentialError
from cdnmon.alerts import journal
from cdnmon.alerts.events import AlertEvent
from cdnmon.alerts.journal import AlertJournal, Delivery, Entry, State
from cdnmon.alerts.targets import KINDS, Target, TargetKind, TargetSecret, TargetSecrets
from cdnmon.alerts.webhooks import DEFAULT_TIMEOUT, Answer, Message, deliver, fit
from cdnmon.messages import alerts as said
from cdnmon.model import DAY
from cdnmon.providers.ratelimit import HEADROOM, RateLimiter

log = logging.getLogger(__name__)

MAX_BATCH = 10  # alerts in one chat message at most
BATCH_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Backoff:
    """Waits between tries: ``first_s`` doubling up to ``max_s``, each drawn between half and
    all of that (jitter), and never sooner than the service asked."""

    first_s: float = 5.0
    max_s: float = 600.0
    give_up_after_s: float = DAY

    def delay(self, attempts: int, answer: Answer) -> float:
        longest = self.max_s if answer.refused else self.first_s * 2 ** max(attempts - 1, 0)
        wait = min(self.max_s, longest) * random.uniform(0.5, 1.0)
        return max(wait, answer.wait_s or 0.0)


@dataclass(frozen=True)
class TargetStatus:
    """What the window shows for one target."""

    name: str
    kind: TargetKind
    enabled: bool
    queued: int
    dropped: int
    last_error: str
    last_error_at: float | None
    last_sent_at: float | None

    @property
    def failing(self) -> bool:
        """The latest try failed (and nothing has gone through since)."""
        return bool(self.last_error) and (
            self.last_sent_at is None or (self.last_error_at or 0) >= self.last_sent_at
        )


@dataclass
class _Worker:
    target: Target
    limiter: RateLimiter
    thread: threading.Thread
    stop: threading.Event
    last_error: str = ""
    last_error_at: float | None = None
    last_sent_at: float | None = None


class Outbox:
    """The queue and its workers. Each of ``listeners`` is called (on a worker thread)
    after changes of the history or of a target's state have been saved."""

    def __init__(
        self,
        store: AlertJournal,
        targets: Iterable[Target],
        secrets: TargetSecrets,
        *,
        backoff: Backoff | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        clock: Callable[[], float] = time.time,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        self.journal = store
        self.secrets = secrets
        self.backoff = backoff or Backoff()
        self.timeout = timeout
        self.clock = clock
        self.listeners: list[Callable[[], None]] = [on_change] if on_change else []
        self._cond = threading.Condition()
        self._entries: list[Entry] = store.load()
        self._targets: dict[str, Target] = {}
        self._workers: dict[str, _Worker] = {}
        self._tests: list[threading.Thread] = []
        self._in_flight: set[int] = set()  # id() of deliveries being sent right now
        self._dirty = False
        self._closing = False
        self._saved_last = False  # the writer's last round: no worker runs any more
        # A daemon, as the workers: an owner that never calls close() must not hang the
        # interpreter's exit (every change has been saved by then anyway).
        self._writer = threading.Thread(
            target=self._write, name="cdnmon-alerts-journal", daemon=True
        )
        self._writer.start()
        self.set_targets(targets)

    # ---- what the caller does ---------------------------------------------------------

    def firing(self) -> dict[tuple[str, str], str]:
        with self._cond:
            return journal.firing(self._entries)

    def add(self, alerts: Iterable[tuple[AlertEvent, str]]) -> None:
        """Record these events with their texts and queue them for their targets."""
        now = self.clock()
        with self._cond:
            for event, text in alerts:
                wanted = event.rule.targets or tuple(self._targets)
                deliveries = {
                    name: Delivery(name, now)
                    for name in wanted
                    if name in self._targets and self._targets[name].enabled
                }
                self._entries.append(Entry(event, text, deliveries))
            self._changed()

    def set_targets(self, targets: Iterable[Target]) -> None:
        """Send to these targets from now on. A target no longer listed has its queue
        dropped; a disabled one keeps its queue until enabled (or it expires)."""
        targets = {t.name: t for t in targets}
        with self._cond:
            for name in set(self._targets) - set(targets):
                self._drop_queue(name, said.TARGET_REMOVED())
            self._targets = targets
            for name, worker in list(self._workers.items()):
                target = targets.get(name)
                if target is None or not target.enabled or target != worker.target:
                    worker.stop.set()
                    del self._workers[name]
            for name, target in targets.items():
                if target.enabled and name not in self._workers and not self._closing:
                    self._workers[name] = self._start_worker(target)
            self._changed()

    def retry_now(self, name: str) -> None:
        """Try target ``name``'s queue again now (a person has just fixed its URL or secret),
        instead of at the end of its backoff."""
        with self._cond:
            for entry in self._entries:
                delivery = entry.deliveries.get(name)
                if delivery is not None and delivery.state is State.QUEUED:
                    delivery.next_try = 0.0
            self._changed()

    def status(self) -> list[TargetStatus]:
        with self._cond:
            found = []
            for name, target in self._targets.items():
                deliveries = [e.deliveries[name] for e in self._entries if name in e.deliveries]
                worker = self._workers.get(name)
                found.append(
                    TargetStatus(
                        name,
                        target.kind,
                        target.enabled,
                        sum(d.state is State.QUEUED for d in deliveries),
                        sum(d.state is State.DROPPED for d in deliveries),
                        worker.last_error if worker else _last_error(deliveries),
                        worker.last_error_at if worker else None,
                        worker.last_sent_at if worker else None,
                    )
                )
            return found

    def entries(self) -> list[Entry]:
        """The history, oldest first (copies: the workers go on changing theirs)."""
        with self._cond:
            return _copies(self._entries)

    def send_test(self, name: str, text: str, done: Callable[[str | None], None]) -> None:
        """Send ``text`` to target ``name`` now (at its pace), outside the queue; ``done`` gets
        None when it arrived, else the problem (on a worker thread)."""
        with self._cond:
            target = self._targets.get(name)
            worker = self._workers.get(name)
        if target is None:
            done(said.NO_SUCH_TARGET(name=name))
            return

        def work() -> None:
            if worker is not None:
                worker.limiter.acquire()
            answer = self._send(target, Message(uuid.uuid4().hex, text))
            done(None if answer.delivered else answer.problem)

        thread = threading.Thread(target=work, name=f"cdnmon-alert-test {name}", daemon=True)
        with self._cond:
            self._tests = [t for t in self._tests if t.is_alive()] + [thread]
        thread.start()

    def close(self, timeout: float = 10.0) -> None:
        """Stop the workers (a send in flight finishes, up to its timeout) and save."""
        with self._cond:
            self._closing = True
            workers, self._workers = list(self._workers.values()), {}
            for worker in workers:
                worker.stop.set()
            self._cond.notify_all()
        deadline = time.monotonic() + timeout
        for thread in [w.thread for w in workers] + self._tests:
            thread.join(max(0.0, deadline - time.monotonic()))
        with self._cond:  # what the workers did last is saved too
            self._saved_last = True
            self._cond.notify_all()
        self._writer.join(max(1.0, deadline - time.monotonic()))

    # ---- workers ----------------------------------------------------------------------

    def _start_worker(self, target: Target) -> _Worker:
        stop = threading.Event()
        limiter = RateLimiter(target.rate_per_minute / 60 * HEADROOM, sleep=stop.wait)
        thread = threading.Thread(
            name=f"cdnmon-alerts {target.name}",
            daemon=True,
            target=lambda: self._run(target, stop, limiter),
        )
        worker = _Worker(target, limiter, thread, stop)
        thread.start()
        return worker

    def _run(self, target: Target, stop: threading.Event, limiter: RateLimiter) -> None:
        session = requests.Session()
        try:
            while not stop.is_set():
                with self._cond:
                    wait = self._wait_for(target.name)
                    if wait is None or wait > 0:
                        self._cond.wait(wait)
                        continue
                limiter.acquire()  # the pace; alerts arriving meanwhile join the batch
                if stop.is_set():
                    break
                with self._cond:
                    batch = self._batch(target)
                if batch:
                    self._try(target, batch, session)
        finally:
            session.close()

    def _wait_for(self, name: str) -> float | None:
        """Seconds until this target's queue is due (0: now; None: nothing queued). Expired
        deliveries are dropped on the way."""
        now = self.clock()
        head = None
        for entry in self._entries:
            delivery = entry.deliveries.get(name)
            if delivery is None or delivery.state is not State.QUEUED:
                continue
            if id(delivery) in self._in_flight:
                return None  # a worker that was replaced is still sending it: wait for it
            if now - delivery.queued_at > self.backoff.give_up_after_s:
                self._finish(delivery, State.DROPPED, now, _gave_up(delivery))
                self._changed()
                continue
            head = head or delivery
        return None if head is None else max(0.0, head.next_try - now)

    def _batch(self, target: Target) -> list[tuple[Entry, Delivery]]:
        """The queued deliveries to send in one message, in order (one for the webhook)."""
        spec = KINDS[target.kind]
        most = MAX_BATCH if spec.batches else 1
        batch, size = [], 0
        for entry in self._entries:
            delivery = entry.deliveries.get(target.name)
            if delivery is None or delivery.state is not State.QUEUED:
                continue
            size += len(entry.text.encode("utf-8")) + len(BATCH_SEPARATOR)
            if batch and (len(batch) >= most or size > spec.max_text_bytes):
                break
            batch.append((entry, delivery))
        self._in_flight.update(id(delivery) for _, delivery in batch)
        return batch

    def _try(
        self, target: Target, batch: list[tuple[Entry, Delivery]], session: requests.Session
    ) -> None:
        entries = [entry for entry, _ in batch]
        text = BATCH_SEPARATOR.join(entry.text for entry in entries)
        message = Message(
            entries[0].event.id,
            fit(text, KINDS[target.kind].max_text_bytes),
            tuple(entry.event for entry in entries),
        )
        try:
            answer = self._send(target, message, session)
        except Exception:  # a bug must not leave the batch marked as in flight for good
            log.exception("sending to alert target '%s' failed", target.name)
            answer = Answer(False, said.UNEXPECTED())
        now = self.clock()
        with self._cond:
            worker = self._workers.get(target.name)
            for _, delivery in batch:
                self._in_flight.discard(id(delivery))
                if delivery.state is not State.QUEUED:
                    continue  # the target was removed meanwhile
                if answer.delivered:
                    self._finish(delivery, State.SENT, now)
                else:
                    delivery.attempts += 1
                    delivery.last_error = answer.problem
                    delivery.next_try = now + self.backoff.delay(delivery.attempts, answer)
            if worker is not None:
                if answer.delivered:
                    worker.last_sent_at = now
                else:
                    worker.last_error, worker.last_error_at = answer.problem, now
            self._changed()
        if not answer.delivered:
            log.warning("alert to target '%s' not delivered: %s", target.name, answer.problem)

    def _send(
        self, target: Target, message: Message, session: requests.Session | None = None
    ) -> Answer:
        """One try, keyring look-up included; never raises."""
        try:
            secret: TargetSecret | None = self.secrets.get(target.name)
        except CredentialError as error:
            return Answer(False, error.said)
        if secret is None:
            return Answer(False, said.NO_URL_STORED(name=target.name), refused=True)
        if session is not None:
            return deliver(session, target, secret, message, self.clock(), self.timeout)
        with requests.Session() as own:
            return deliver(own, target, secret, message, self.clock(), self.timeout)

    # ---- bookkeeping (under the lock) ---------------------------------------------------

    def _finish(self, delivery: Delivery, state: State, now: float, why: str = "") -> None:
        delivery.state, delivery.done_at = state, now
        delivery.last_error = why or delivery.last_error

    def _drop_queue(self, name: str, why: str) -> None:
        now = self.clock()
        for entry in self._entries:
            delivery = entry.deliveries.get(name)
            if delivery is not None and delivery.state is State.QUEUED:
                self._finish(delivery, State.DROPPED, now, why)

    def _changed(self) -> None:
        self._dirty = True
        self._cond.notify_all()

    def _write(self) -> None:
        """Save after each change, coalescing bursts; the last save happens on close."""
        while True:
            with self._cond:
                while not self._dirty and not self._saved_last:
                    self._cond.wait()
                if not self._dirty:
                    return
                self._dirty = False
                self._entries = journal.trimmed(self._entries)
                payload = _copies(self._entries)
            self.journal.save(payload)
            for listener in list(self.listeners):
                try:
                    listener()
                except Exception:
                    log.exception("an alert listener failed")


def _copies(entries: list[Entry]) -> list[Entry]:
    """Entries whose deliveries the workers will not change under the reader."""
    return [
        Entry(e.event, e.text, {n: replace(d) for n, d in e.deliveries.items()}) for e in entries
    ]


def _gave_up(delivery: Delivery) -> str:
    if delivery.last_error:
        return said.GAVE_UP_SAID(tries=delivery.attempts, problem=delivery.last_error)
    return said.GAVE_UP(tries=delivery.attempts)


def _last_error(deliveries: list[Delivery]) -> str:
    queued = [d for d in deliveries if d.state is State.QUEUED and d.last_error]
    return queued[-1].last_error if queued else ""

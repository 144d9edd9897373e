"""The live core's jobs without Qt: worker threads, and one owner thread for the callbacks.

The window runs ``LiveCore`` on Qt's thread pool and event loop (``cdnmon.gui.monitor``).
The collector has no event loop, so this runner is one: jobs run on worker threads, and
their results, errors and progress, and the actions given to ``later``, are queued to the
thread that calls :meth:`HeadlessRunner.run`, which is the core's owner thread. The workers
are daemon threads: a fetch stuck in a provider call (up to its retry deadline) must not
hold up the process's exit once ``shutdown`` has waited its grace period.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from cdnmon.fetching import Cancelled

log = logging.getLogger(__name__)

DEFAULT_WORKERS = 6  # as the window's pool: each fetch runs a few calls in parallel itself


class RunnerJob:
    """A job as its code sees it (``cdnmon.live.core.Job``)."""

    def __init__(self, name: str, progress: Callable[[int, int], None]) -> None:
        self.name = name
        self._progress = progress
        self._abort = threading.Event()
        self.done = threading.Event()  # set once the job's code has returned or raised

    @property
    def aborted(self) -> bool:
        return self._abort.is_set()

    def abort(self) -> None:
        self._abort.set()

    def progress(self, done: int, wanted: int) -> None:
        if not self.aborted:
            self._progress(done, wanted)


class HeadlessRunner:
    """``cdnmon.live.core.Runner`` on plain threads; see the module docstring.

    ``start`` and ``later`` may be called from any thread (and ``stop`` from a signal
    handler); every callback runs on the thread in :meth:`run`."""

    def __init__(self, workers: int = DEFAULT_WORKERS, grace_s: float = 10.0) -> None:
        self._max_workers = workers
        self.grace_s = grace_s
        self._tasks: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._unfinished = 0  # jobs given to the workers and not yet returned
        self._jobs: set[RunnerJob] = set()
        # Re-entrant: a signal handler that calls stop() runs on the thread that may hold it.
        self._ready = threading.Condition(threading.RLock())
        self._posted: deque[Callable[[], None]] = deque()
        self._timers: list[tuple[float, int, Callable[[], None]]] = []
        self._order = itertools.count()
        self._stopping = False
        self._closed = False

    # ---- jobs -----------------------------------------------------------------------

    def start(
        self,
        job: Callable[[Any], Any],
        *,
        name: str,
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        on_finished: Callable[[Any], None] | None = None,
    ) -> RunnerJob:
        def progress(done: int, wanted: int) -> None:
            if on_progress is not None:
                self.post(lambda: on_progress(done, wanted))

        handle = RunnerJob(name, progress)

        def run() -> None:
            try:
                result = job(handle)
            except Cancelled:
                pass
            except Exception as error:  # the owner decides what to say about it
                if not handle.aborted and on_error is not None:
                    # bound now: Python unbinds ``error`` when the except block ends
                    self.post(lambda failure=error: on_error(failure))
            else:
                if not handle.aborted and on_result is not None:
                    self.post(lambda: on_result(result))
            finally:
                with self._ready:
                    self._unfinished -= 1
                handle.done.set()
                self.post(lambda: self._finished(handle, on_finished))

        with self._ready:
            if self._closed:
                handle.abort()
                return handle
            self._jobs.add(handle)
            self._unfinished += 1
            busy = self._unfinished > len(self._threads)
            if busy and len(self._threads) < self._max_workers:
                thread = threading.Thread(
                    target=self._work, name=f"cdnmon-job-{len(self._threads) + 1}", daemon=True
                )
                self._threads.append(thread)
                thread.start()
        self._tasks.put(run)
        return handle

    def _work(self) -> None:
        while (task := self._tasks.get()) is not None:
            task()

    def _finished(self, handle: RunnerJob, on_finished: Callable[[Any], None] | None) -> None:
        with self._ready:
            self._jobs.discard(handle)
        if on_finished is not None:
            on_finished(handle)

    @property
    def in_flight(self) -> int:
        with self._ready:
            return len(self._jobs)

    # ---- the owner's thread ---------------------------------------------------------

    def post(self, action: Callable[[], None]) -> None:
        """Run ``action`` on the owner's thread, after what is queued already."""
        with self._ready:
            self._posted.append(action)
            self._ready.notify()

    def later(self, seconds: float, action: Callable[[], None]) -> None:
        """Run ``action`` on the owner's thread after ``seconds``."""
        with self._ready:
            due = time.monotonic() + max(0.0, seconds)
            heapq.heappush(self._timers, (due, next(self._order), action))
            self._ready.notify()

    def run(self, until: Callable[[], bool] | None = None, timeout_s: float | None = None) -> bool:
        """Run callbacks and due actions on this thread until ``stop()`` (then False), until
        ``until()`` is true (True; asked after each action and every 50 ms), or for
        ``timeout_s`` (False)."""
        deadline = None if timeout_s is None else time.monotonic() + timeout_s
        # A signal handler's stop() is seen within a second even if its notify is lost.
        slice_s = 1.0 if until is None else 0.05
        while True:
            if until is not None and until():
                return True
            with self._ready:
                if self._stopping:
                    return False
                now = time.monotonic()
                action = self._ready_action(now)
                if action is None:
                    if deadline is not None and now >= deadline:
                        return False
                    waits = [slice_s]
                    if deadline is not None:
                        waits.append(deadline - now)
                    if self._timers:
                        waits.append(self._timers[0][0] - now)
                    self._ready.wait(max(0.0, min(waits)))
                    continue
            try:
                action()
            except Exception:  # as Qt does with a slot that raises: said, and the loop goes on
                log.exception("a callback of the collector failed")

    def _ready_action(self, now: float) -> Callable[[], None] | None:
        """A due timer's action, else the first posted one; called holding the lock."""
        if self._timers and self._timers[0][0] <= now:
            return heapq.heappop(self._timers)[2]
        return self._posted.popleft() if self._posted else None

    def stop(self) -> None:
        """End ``run()``: safe from any thread and from a signal handler."""
        self._stopping = True
        with self._ready:
            self._ready.notify_all()

    # ---- the end ----------------------------------------------------------------------

    def shutdown(self, grace_s: float | None = None) -> bool:
        """Abort every job, wait up to ``grace_s`` (default: the runner's) for those
        running, and end the workers; False if a job was still running (its daemon thread
        is left to the process's exit). Callbacks still queued are dropped."""
        grace_s = self.grace_s if grace_s is None else grace_s
        with self._ready:
            self._closed = True
            jobs = list(self._jobs)
        for job in jobs:
            job.abort()
        deadline = time.monotonic() + grace_s
        finished = all(job.done.wait(max(0.0, deadline - time.monotonic())) for job in jobs)
        for _ in self._threads:
            self._tasks.put(None)
        with self._ready:
            self._posted.clear()
            self._timers.clear()
        return finished

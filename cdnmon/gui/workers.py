"""Background work for the GUI: workers on a QThreadPool whose results come back to the GUI
thread through one queued signal.

Workers never touch widgets. A worker hands its result, error, progress and end to the
pool's relay as callables, which the GUI thread's event loop then calls, in the order the
worker gave them. One relay, connected once, serves every worker: a signal carrier and
five connections per worker (as this once was) cost the GUI thread more than the answers
themselves at hundreds of fetches a refresh. A ``WorkerPool`` keeps every running worker
referenced, can abort them all, and waits for the pool on shutdown so no thread outlives
the window.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal

from cdnmon.fetching import Cancelled

log = logging.getLogger(__name__)

BUDGET_S = 0.008  # answers handled in one event-loop turn stop after this long


class _Relay(QObject):
    """Lives on the GUI thread; a callable posted from any thread is called there, in the
    order posted. They are called for up to ``BUDGET_S`` an event-loop turn, the rest at the
    next: a burst of hundreds of answers would otherwise run back to back while the window
    neither paints nor takes input."""

    _wake = Signal()

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._actions: deque[Callable[[], None]] = deque()  # appended from any thread
        self._lock = threading.Lock()
        self._woken = False  # a wake is on its way: posts need not send another
        self._wake.connect(self._run, Qt.ConnectionType.QueuedConnection)
        self._more = QTimer(self, singleShot=True, interval=0)
        self._more.timeout.connect(self._run)

    def post(self, action: Callable[[], None]) -> None:
        self._actions.append(action)
        with self._lock:
            if self._woken:
                return
            self._woken = True
        self._wake.emit()

    def _run(self) -> None:
        with self._lock:
            self._woken = False
        started = time.perf_counter()
        actions = self._actions
        while actions:
            try:
                actions.popleft()()
            except Exception:  # said as a failing slot's would be; the rest still run
                sys.excepthook(*sys.exc_info())
            if actions and time.perf_counter() - started > BUDGET_S:
                self._more.start()
                return


class Worker:
    """Runs ``job(worker)`` on the pool; the job may call ``worker.progress`` and should
    check ``worker.aborted`` (or call ``worker.check``) between slow steps. The callbacks
    run on the GUI thread; ``on_finished`` last, with the worker."""

    def __init__(
        self,
        job: Callable[[Worker], Any],
        name: str,
        post: Callable[[Callable[[], None]], None],
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        on_finished: Callable[[Worker], None] | None = None,
    ) -> None:
        self.job = job
        self.name = name or getattr(job, "__name__", "job")
        self._post = post
        self._on_result, self._on_error = on_result, on_error
        self._on_progress, self._on_finished = on_progress, on_finished
        self._abort = threading.Event()

    @property
    def aborted(self) -> bool:
        return self._abort.is_set()

    def abort(self) -> None:
        self._abort.set()

    def check(self) -> None:
        if self._abort.is_set():
            raise Cancelled(self.name)

    def progress(self, done: int, total: int) -> None:
        on_progress = self._on_progress
        if on_progress is not None and not self.aborted:
            self._post(lambda: on_progress(done, total))

    def run(self) -> None:
        post = self._post
        try:
            result = self.job(self)
        except Cancelled:
            pass
        except Exception as error:  # reported to the GUI thread, which decides what to show
            on_error = self._on_error
            if not self.aborted:
                log.debug("worker %s failed: %s", self.name, type(error).__name__)
                if on_error is not None:
                    # bound now: Python unbinds ``error`` when the except block ends
                    post(lambda failure=error: on_error(failure))
        else:
            on_result = self._on_result
            if on_result is not None and not self.aborted:
                post(lambda: on_result(result))
        finally:
            on_finished = self._on_finished
            if on_finished is not None:
                post(lambda: on_finished(self))


def _unless_deleted(callback: Callable[..., None] | None) -> Callable[..., None] | None:
    """A Qt object's method is not called once the object is deleted (a dialog closed
    before its answer came), as a signal connected to it would not be."""
    owner = getattr(callback, "__self__", None)
    if callback is None or not isinstance(owner, QObject):
        return callback

    def call(*args: Any) -> None:
        if shiboken6.isValid(owner):
            callback(*args)

    return call


class WorkerPool(QObject):
    """Starts workers, keeps them alive until they finish, and stops them all on exit."""

    def __init__(self, max_threads: int = 6, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        self._running: set[Worker] = set()

    @property
    def in_flight(self) -> int:
        return len(self._running)

    def start(
        self,
        job: Callable[[Worker], Any],
        *,
        name: str = "",
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        on_finished: Callable[[Worker], None] | None = None,
    ) -> Worker:
        """Start ``job`` on the pool; the callbacks run on this (the GUI) thread."""

        then = _unless_deleted(on_finished)

        def finished(worker: Worker) -> None:
            self._running.discard(worker)
            if then is not None:
                then(worker)

        worker = Worker(
            job,
            name,
            self._relay.post,
            _unless_deleted(on_result),
            _unless_deleted(on_error),
            _unless_deleted(on_progress),
            finished,
        )
        self._running.add(worker)
        # A plain callable, not a QRunnable: PySide keeps a started QRunnable that is not
        # auto-deleted referenced from the pool for good, and every worker would leak.
        self.pool.start(worker.run)
        return worker

    def later(self, seconds: float, action: Callable[[], None]) -> None:
        """Call ``action`` on this (the GUI) thread after ``seconds``."""
        QTimer.singleShot(int(seconds * 1000), self, action)

    def abort_all(self) -> None:
        for worker in self._running:
            worker.abort()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Abort everything, drop queued work, and wait; False if threads are still busy."""
        self.abort_all()
        self.pool.clear()
        return self.pool.waitForDone(timeout_ms)

"""Background work for the GUI: workers on a QThreadPool whose results come back by queued
signals.

Workers never touch widgets. A ``WorkerPool`` keeps every running worker referenced (so
its signal carrier outlives the thread), can abort them all, and waits for the pool on
shutdown so no thread outlives the window.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from cdnmon.fetching import Cancelled

log = logging.getLogger(__name__)

# Long after the last queued signal of a finished worker has been delivered.
RELEASE_AFTER_S = 1.0


class WorkerSignals(QObject):
    """The signal carrier: the worker itself is not a QObject, so it cannot emit."""

    started = Signal()
    progressed = Signal(int, int)
    returned = Signal(object)
    errored = Signal(object)
    finished = Signal(object)  # the worker: slots need not hold it (see WorkerPool)


class Worker:
    """Runs ``job(worker)`` on the pool; the job may call ``worker.progress`` and should
    check ``worker.aborted`` (or call ``worker.check``) between slow steps."""

    def __init__(self, job: Callable[[Worker], Any], name: str = "") -> None:
        self.job = job
        self.name = name or getattr(job, "__name__", "job")
        self.signals = WorkerSignals()
        self._abort = threading.Event()
        self.done = threading.Event()  # set once run() is past its last emit

    @property
    def aborted(self) -> bool:
        return self._abort.is_set()

    def abort(self) -> None:
        self._abort.set()

    def check(self) -> None:
        if self._abort.is_set():
            raise Cancelled(self.name)

    def progress(self, done: int, total: int) -> None:
        if not self.aborted:
            self.signals.progressed.emit(done, total)

    def run(self) -> None:
        self.signals.started.emit()
        try:
            result = self.job(self)
        except Cancelled:
            pass
        except Exception as error:  # reported to the GUI thread, which decides what to show
            if not self.aborted:
                log.debug("worker %s failed: %s", self.name, type(error).__name__)
                self.signals.errored.emit(error)
        else:
            if not self.aborted:
                self.signals.returned.emit(result)
        finally:
            self.signals.finished.emit(self)
            self.done.set()


class WorkerPool(QObject):
    """Starts workers, keeps them alive until they finish, and stops them all on exit."""

    busy_changed = Signal(int)

    def __init__(self, max_threads: int = 6, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._running: list[Worker] = []
        self._retired: deque[tuple[Worker, float]] = deque()  # finished, since when (in order)

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
        worker = Worker(job, name)
        if on_result:
            worker.signals.returned.connect(on_result)
        if on_error:
            worker.signals.errored.connect(on_error)
        if on_progress:
            worker.signals.progressed.connect(on_progress)
        worker.signals.finished.connect(self._forget)
        if on_finished:
            worker.signals.finished.connect(on_finished)
        self._running.append(worker)
        self._release_retired()
        self.busy_changed.emit(len(self._running))
        # A plain callable, not a QRunnable: PySide keeps a started QRunnable that is not
        # auto-deleted referenced from the pool for good, and every worker would leak.
        self.pool.start(worker.run)
        return worker

    def later(self, seconds: float, action: Callable[[], None]) -> None:
        """Call ``action`` on this (the GUI) thread after ``seconds``."""
        QTimer.singleShot(int(seconds * 1000), self, action)

    def _forget(self, worker: Worker) -> None:
        if worker in self._running:
            self._running.remove(worker)
            self.busy_changed.emit(len(self._running))
        self._retired.append((worker, time.monotonic()))
        self._release_retired()

    def _release_retired(self, wait_s: float = RELEASE_AFTER_S) -> None:
        """Let go of finished workers here, on the GUI thread, well after their last emit:
        the last reference dropped deletes the signal carrier, which must not happen in the
        pool's thread nor before its queued calls are delivered. (No slot holds a worker
        (``finished`` passes it), so nothing keeps one alive after this.) Checked as work
        starts and ends: a timer here could be destroyed from another thread."""
        now = time.monotonic()
        retired = self._retired  # oldest first: only its front can be due (thousands retire)
        while retired and retired[0][0].done.is_set() and now - retired[0][1] >= wait_s:
            retired.popleft()

    def abort_all(self) -> None:
        for worker in self._running:
            worker.abort()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Abort everything, drop queued work, and wait; False if threads are still busy."""
        self.abort_all()
        self.pool.clear()
        done = self.pool.waitForDone(timeout_ms)
        self._release_retired(wait_s=0)
        return done

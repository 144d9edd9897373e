"""Background work for the GUI: workers on a QThreadPool whose results come back by queued
signals.

Workers never touch widgets. A ``WorkerPool`` keeps every running worker referenced (so
its signal carrier outlives the thread), can abort them all, and waits for the pool on
shutdown so no thread outlives the window.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from cdnmon.fetching import Cancelled

log = logging.getLogger(__name__)


class WorkerSignals(QObject):
    """The signal carrier: the worker itself is not a QObject, so it cannot emit."""

    started = Signal()
    progressed = Signal(int, int)
    returned = Signal(object)
    errored = Signal(object)
    finished = Signal()


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
            self.signals.finished.emit()
            self.done.set()


class WorkerPool(QObject):
    """Starts workers, keeps them alive until they finish, and stops them all on exit."""

    busy_changed = Signal(int)

    def __init__(self, max_threads: int = 6, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._running: list[Worker] = []
        self._retired: list[Worker] = []

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
    ) -> Worker:
        worker = Worker(job, name)
        if on_result:
            worker.signals.returned.connect(on_result)
        if on_error:
            worker.signals.errored.connect(on_error)
        if on_progress:
            worker.signals.progressed.connect(on_progress)
        worker.signals.finished.connect(lambda: self._forget(worker))
        self._running.append(worker)
        self.busy_changed.emit(len(self._running))
        # A plain callable, not a QRunnable: PySide keeps a started QRunnable that is not
        # auto-deleted referenced from the pool for good, and every worker would leak.
        self.pool.start(worker.run)
        return worker

    def _forget(self, worker: Worker) -> None:
        if worker in self._running:
            self._running.remove(worker)
            self.busy_changed.emit(len(self._running))
        self._retired.append(worker)
        self._release_retired()

    def _release_retired(self) -> None:
        """Slots connected to a worker's signals often hold the worker: a cycle through Qt
        that Python's collector cannot see. Deleting the carrier drops the connections, and
        with them the cycle, once the worker's thread is past its last emit."""
        for worker in [w for w in self._retired if w.done.is_set()]:
            self._retired.remove(worker)
            worker.signals.deleteLater()

    def abort_all(self) -> None:
        for worker in self._running:
            worker.abort()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Abort everything, drop queued work, and wait; False if threads are still busy."""
        self.abort_all()
        self.pool.clear()
        done = self.pool.waitForDone(timeout_ms)
        self._release_retired()
        return done

"""The worker pool: callbacks on the GUI thread, in order, a burst of them spread over
event-loop turns, none for a Qt object already deleted."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject, QTimer
from pytestqt.qtbot import QtBot

from cdnmon.gui.workers import Worker, WorkerPool


def test_callbacks_come_on_the_gui_thread_in_order(qtbot: QtBot, pool: WorkerPool) -> None:
    gui = threading.get_ident()
    said: list[tuple[str, object, bool]] = []

    def job(worker: Worker) -> str:
        for step in range(1, 4):
            worker.progress(step, 3)
        return "done"

    def heard(what: str) -> object:
        return lambda *args: said.append((what, args, threading.get_ident() == gui))

    pool.start(job, name="steps", on_progress=heard("progress"), on_result=heard("result"),
               on_finished=heard("finished"))  # fmt: skip
    assert pool.in_flight == 1
    qtbot.waitUntil(lambda: pool.in_flight == 0)
    assert [(what, args) for what, args, _ in said[:4]] == [
        ("progress", (1, 3)),
        ("progress", (2, 3)),
        ("progress", (3, 3)),
        ("result", ("done",)),
    ]
    assert said[4][0] == "finished" and len(said) == 5
    assert all(on_gui for _, _, on_gui in said)


def test_an_error_reaches_its_callback_after_the_job_is_gone(
    qtbot: QtBot, pool: WorkerPool
) -> None:
    errors: list[BaseException] = []

    def job(worker: Worker) -> None:
        raise ValueError("the provider said no")

    pool.start(job, name="refused", on_error=errors.append)
    qtbot.waitUntil(lambda: pool.in_flight == 0)
    assert [str(e) for e in errors] == ["the provider said no"]


def test_a_burst_of_answers_lets_the_event_loop_turn_between_them(
    qtbot: QtBot, pool: WorkerPool
) -> None:
    """Hundreds of answers arriving together are handled a few milliseconds' worth an
    event-loop turn: timers (and paints, and input) get their turn in between."""
    handled: list[int] = []
    timer_fired_after: list[int] = []
    answers = 40
    each_s = 0.004

    def handle(n: int) -> None:
        time.sleep(each_s)  # an answer that costs the GUI thread some time
        handled.append(n)

    def job(worker: Worker) -> None:
        for n in range(answers):
            worker.progress(n, answers)

    QTimer.singleShot(0, lambda: None)  # the loop is running before the burst
    pool.start(job, name="burst", on_progress=lambda n, _total: handle(n))
    qtbot.waitUntil(lambda: len(handled) > 0)
    QTimer.singleShot(0, lambda: timer_fired_after.append(len(handled)))
    qtbot.waitUntil(lambda: len(handled) == answers, timeout=10_000)
    assert handled == list(range(answers))
    assert timer_fired_after and timer_fired_after[0] < answers


def test_no_callback_for_a_qt_object_deleted_meanwhile(qtbot: QtBot, pool: WorkerPool) -> None:
    class Dialog(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.answers: list[object] = []

        def answered(self, answer: object) -> None:
            self.answers.append(answer)

    release = threading.Event()
    dialog = Dialog()
    pool.start(lambda worker: release.wait(10), name="slow", on_result=dialog.answered)
    kept = Dialog()
    pool.start(lambda worker: "fine", name="quick", on_result=kept.answered)
    qtbot.waitUntil(lambda: kept.answers == ["fine"])
    with qtbot.waitSignal(dialog.destroyed):
        dialog.deleteLater()
    release.set()
    qtbot.waitUntil(lambda: pool.in_flight == 0)  # answered to nobody, without an error


def test_a_callback_that_fails_is_reported_and_the_others_still_run(
    qtbot: QtBot, pool: WorkerPool
) -> None:
    """A bug in one callback is said as a failing slot's is (the app logs it and shows a
    notice); the answers after it are still handled and the pool still empties."""
    handled: list[str] = []

    def broken(result: object) -> None:
        raise RuntimeError("a bug in a slot")

    with qtbot.capture_exceptions() as caught:
        # Its end comes right behind the failing answer, and nothing is posted after it.
        pool.start(lambda worker: "first", name="a", on_result=broken,
                   on_finished=lambda worker: handled.append(worker.name))  # fmt: skip
        qtbot.waitUntil(lambda: pool.in_flight == 0 and handled == ["a"])
    assert [str(error) for _, error, _ in caught] == ["a bug in a slot"]

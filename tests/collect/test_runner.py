"""The headless runner: jobs on worker threads, every callback on the thread that runs it."""

from __future__ import annotations

import threading
import time

import pytest

from cdnmon.fetching import Cancelled
from cdnmon.live.runner import HeadlessRunner, RunnerJob


@pytest.fixture
def runner() -> HeadlessRunner:
    made = HeadlessRunner(workers=3, grace_s=5)
    yield made
    assert made.shutdown(), "a job was still running at the end of the test"


def test_results_progress_and_finish_come_on_the_owner_thread_in_order(
    runner: HeadlessRunner,
) -> None:
    heard: list[tuple[str, object, str]] = []
    owner = threading.current_thread().name

    def job(handle: RunnerJob) -> int:
        handle.progress(1, 2)
        handle.progress(2, 2)
        return 42

    def record(what: str) -> object:
        return lambda *args: heard.append((what, args, threading.current_thread().name))

    runner.start(
        job,
        name="answer",
        on_result=record("result"),
        on_progress=record("progress"),
        on_finished=lambda done: heard.append(("finished", (done.name,), owner)),
    )
    assert runner.run(until=lambda: len(heard) == 4, timeout_s=5)
    assert heard == [
        ("progress", (1, 2), owner),
        ("progress", (2, 2), owner),
        ("result", (42,), owner),
        ("finished", ("answer",), owner),
    ]
    assert runner.in_flight == 0


def test_an_error_is_given_to_on_error_and_a_cancel_to_nobody(runner: HeadlessRunner) -> None:
    errors: list[BaseException] = []
    finished: list[str] = []

    def fails(handle: RunnerJob) -> None:
        raise ValueError("no such thing")

    def cancels(handle: RunnerJob) -> None:
        raise Cancelled("stop")

    for job, name in ((fails, "fails"), (cancels, "cancels")):
        runner.start(
            job,
            name=name,
            on_result=lambda result: pytest.fail("no result expected"),
            on_error=errors.append,
            on_finished=lambda done: finished.append(done.name),
        )
    assert runner.run(until=lambda: len(finished) == 2, timeout_s=5)
    assert [str(e) for e in errors] == ["no such thing"]
    assert sorted(finished) == ["cancels", "fails"]


def test_later_runs_in_time_order_and_a_failing_callback_does_not_stop_the_loop(
    runner: HeadlessRunner, caplog: pytest.LogCaptureFixture
) -> None:
    order: list[str] = []
    started = time.monotonic()
    runner.later(0.3, lambda: order.append("third"))
    runner.later(0.1, lambda: order.append("second"))
    runner.later(0.0, lambda: 1 / 0)
    runner.post(lambda: order.append("first"))
    assert runner.run(until=lambda: len(order) == 3, timeout_s=5)
    assert order == ["first", "second", "third"]
    assert time.monotonic() - started >= 0.3
    assert "a callback of the collector failed" in caplog.text


def test_stop_from_another_thread_ends_run(runner: HeadlessRunner) -> None:
    threading.Timer(0.2, runner.stop).start()
    started = time.monotonic()
    assert runner.run() is False
    assert time.monotonic() - started < 2


def test_jobs_run_in_parallel_up_to_the_workers(runner: HeadlessRunner) -> None:
    inside, most = 0, 0
    lock = threading.Lock()
    release = threading.Event()

    def job(handle: RunnerJob) -> None:
        nonlocal inside, most
        with lock:
            inside += 1
            most = max(most, inside)
        release.wait(5)
        with lock:
            inside -= 1

    for number in range(5):
        runner.start(job, name=f"job {number}")
    assert runner.run(until=lambda: most == 3, timeout_s=5)
    release.set()
    assert runner.run(until=lambda: runner.in_flight == 0, timeout_s=5)
    assert most == 3


def test_shutdown_aborts_jobs_and_gives_up_on_a_stuck_one_after_its_grace() -> None:
    runner = HeadlessRunner(workers=2)
    stuck = threading.Event()
    seen_abort = threading.Event()

    def polite(handle: RunnerJob) -> None:
        while not handle.aborted:
            time.sleep(0.01)
        seen_abort.set()

    runner.start(polite, name="polite")
    assert runner.shutdown(grace_s=5) and seen_abort.is_set()

    runner = HeadlessRunner(workers=1)
    runner.start(lambda handle: stuck.wait(10), name="stuck")
    started = time.monotonic()
    assert runner.shutdown(grace_s=0.3) is False
    assert time.monotonic() - started < 2
    stuck.set()
    # A job started after shutdown never runs.
    late = runner.start(lambda handle: pytest.fail("ran after shutdown"), name="late")
    assert late.aborted

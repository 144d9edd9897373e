"""The one thread behind every try's slow notice: each fires at its own time, in time order
whatever the order they came in, and a try that ended first never fires."""

from __future__ import annotations

import threading
import time

from cdnmon.providers.http import _Watchdog


class Try:
    def __init__(self, name: str, fired: list[str]) -> None:
        self.name, self._fired, self.over = name, fired, False

    def fire(self) -> None:
        self._fired.append(self.name)


def test_notices_fire_in_time_order_and_never_for_a_try_already_over() -> None:
    fired: list[str] = []
    dog = _Watchdog()
    now = time.monotonic()
    late, soon, ended = Try("late", fired), Try("soon", fired), Try("ended", fired)
    dog.watch(now + 0.30, late)  # type: ignore[arg-type]
    dog.watch(now + 0.10, soon)  # type: ignore[arg-type]  # sooner than the thread waits for
    dog.watch(now + 0.20, ended)  # type: ignore[arg-type]
    ended.over = True
    deadline = time.monotonic() + 5
    while len(fired) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.1)
    assert fired == ["soon", "late"]
    # Hundreds of tries, one thread.
    assert [t.name for t in threading.enumerate()].count("slow calls") >= 1
    before = threading.active_count()
    many = [Try(str(n), fired) for n in range(200)]
    for one in many:
        dog.watch(time.monotonic() + 60, one)  # type: ignore[arg-type]
    assert threading.active_count() == before
    for one in many:
        one.over = True  # answered: none of them will fire

"""The live core as its tests drive it: on the headless runner, noting what it did."""

from __future__ import annotations

from typing import Any

from cdnmon.live.core import LiveCore
from cdnmon.live.keys import SeriesKey
from cdnmon.live.runner import HeadlessRunner, RunnerJob


class CountingRunner(HeadlessRunner):
    """The headless runner, noting the name of every job it starts."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def start(self, job: Any, *, name: str, **callbacks: Any) -> RunnerJob:
        self.names.append(name)
        return super().start(job, name=name, **callbacks)

    def fetches(self) -> int:
        return sum(1 for name in self.names if name.startswith("fetch "))


class Watching(LiveCore):
    """The core, noting every series that changed or failed, in order."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.changed: list[SeriesKey] = []
        self.failed: dict[SeriesKey, BaseException | None] = {}

    def notify(self, event: str, *args: Any) -> None:
        if event == "series_changed":
            self.changed.append(args[0])
        elif event == "series_failed":
            self.failed[args[0]] = args[1]

    def wait(self) -> None:
        done = lambda: self.in_flight == 0  # noqa: E731
        assert isinstance(self.runner, HeadlessRunner)
        assert self.runner.run(until=done, timeout_s=60), "the fetches did not finish"

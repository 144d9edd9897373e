"""The history on the GUI's worker pool: one connection a thread, however many jobs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cdnmon.gui.workers import WorkerPool
from cdnmon.history.store import HistoryStore
from cdnmon.model import Series, TimeRange


def open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux's /proc")
def test_jobs_on_the_pool_reuse_their_threads_connections(
    qtbot: QtBot, pool: WorkerPool, store: HistoryStore
) -> None:
    """Qt's pool threads lose a Python thread-local after every job; were the store's
    connection kept in one, each job would open a connection (files and a page cache) kept
    until the store closes: a wall of 1,000 tiles held thousands, and 400 MB."""
    window = TimeRange(1_800_000_000 - 3600, 1_800_000_000 + 60)
    store.save(Series("aliyun", "prod", "img.example.com", 60, ((1_800_000_000, 8e8),)), window)
    read: list[int] = []

    def job(_worker: object) -> int:
        return int(store.arrays("aliyun", "prod", "img.example.com", 60, window)[0].size)

    def run(jobs: int) -> None:
        for _ in range(jobs):
            pool.start(job, on_result=read.append)
        qtbot.waitUntil(lambda: pool.in_flight == 0, timeout=30_000)

    run(2 * pool.pool.maxThreadCount())  # every thread has had its connection
    before = open_files()
    run(300)
    assert read.count(1) == len(read) == 300 + 2 * pool.pool.maxThreadCount()
    assert open_files() - before < 3  # not a connection (two or three files) a job

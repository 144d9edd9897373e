"""Processes that write to one history file, for the store's concurrency and crash tests.

``python -m tests.history.store_writers PATH`` saves batches forever, printing each batch
number once its transaction has committed; the crash test kills it mid-batch.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from cdnmon.history.store import HistoryStore, SeriesKey
from cdnmon.model import DAY, MINUTE, TimeRange

START = 1_700_000_000 // DAY * DAY
BATCH_DAYS = 60
BATCH_POINTS = BATCH_DAYS * 1440  # 86,400 points in 1,440 chunks: ~25 ms of writing
BATCH_SPAN = TimeRange(START, START + BATCH_DAYS * DAY)


def batch_key(writer: str, number: int) -> SeriesKey:
    return SeriesKey("aliyun", writer, f"batch{number}.example.com", MINUTE)


def batch_points(number: int) -> tuple[np.ndarray, np.ndarray]:
    times = np.arange(BATCH_SPAN.start, BATCH_SPAN.end, MINUTE, dtype=np.int64)
    return times, np.full(times.size, 1e6 * (number + 1))


def write_batches(path: str, writer: str, batches: int, barrier: Any, spans: Any) -> None:
    """Save ``batches`` batches as ``writer`` once every writer is ready (a multiprocessing
    target); puts ``(writer, first start, last end)`` in ``spans``."""
    with HistoryStore(Path(path)) as store:
        barrier.wait(timeout=60)
        began = time.time()
        for number in range(batches):
            store.save_arrays([(batch_key(writer, number), *batch_points(number))], BATCH_SPAN)
        spans.put((writer, began, time.time()))


def main() -> None:
    store = HistoryStore(Path(sys.argv[1]))
    number = 0
    while True:
        store.save_arrays([(batch_key("crash", number), *batch_points(number))], BATCH_SPAN)
        print(number, flush=True)
        number += 1


if __name__ == "__main__":
    main()

"""Thousands of tiles as plain data: judged when their data changes, crossings logged a
few lines a minute, nothing lost."""

from __future__ import annotations

import logging

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cdnmon.live import snapshot
from cdnmon.live.keys import SeriesKey
from cdnmon.live.snapshot import Snapshot
from cdnmon.model import TimeRange
from cdnmon.wall.board import WallBoard
from cdnmon.wall.crossings import CrossingLog
from cdnmon.wall.layout import TileSpec, WallLayout, layout_for_domains
from cdnmon.wall.state import Crossing, Level

NOW = 1_800_000_000.0


def shot(key: SeriesKey, bps: float) -> Snapshot:
    """An hour of settled one-minute points at ``bps``."""
    times = np.arange(NOW - 3600, NOW, 60, dtype=np.int64)
    values = np.full(times.size, bps)
    return snapshot.make(key, 60, (times, values), TimeRange.last(3600, NOW), NOW)


def alert_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "cdnmon.alerts"]


def test_a_thousand_tiles_cross_at_once_and_the_log_gets_a_few_lines(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="cdnmon.alerts")
    keys = [("aliyun", "prod", f"d{i}.example.com") for i in range(1000)]
    board = WallBoard(layout_for_domains(keys, warning_bps=1e8))
    shots = {key: shot(key, 2e8) for key in keys}
    for key in keys:
        board.changed(key)
    crossings = board.judge(board.take_changed(), shots.get, NOW)
    assert len(crossings) == 1000 and all(c.after is Level.WARNING for _, c in crossings)

    written = [board.crossings.record(f"tile {i}", c, NOW) for i, c in crossings]
    assert sum(written) == 10 and written[:10] == [True] * 10
    assert len(alert_lines(caplog)) == 10
    assert board.crossings.flush(NOW + 59) == 0  # the minute is not over
    assert board.crossings.flush(NOW + 60) == 990
    lines = alert_lines(caplog)
    assert len(lines) == 11
    assert lines[-1].startswith("and 990 more threshold crossings")
    assert "0 to CRITICAL, 990 to WARNING, 0 back to NORMAL" in lines[-1]
    # A new minute starts with the next crossing, logged in full.
    back = Crossing(NOW + 61, Level.WARNING, Level.NORMAL, 1.0)
    assert board.crossings.record("tile 0", back, NOW + 61)
    assert "tile 0: WARNING -> NORMAL" in alert_lines(caplog)[-1]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 3600), min_size=1, max_size=400))
def test_every_crossing_is_in_the_log_and_no_minute_has_more_than_its_lines(
    moments: list[float],
) -> None:
    logger = logging.getLogger("cdnmon.alerts")
    lines: list[tuple[float, str]] = []
    clock = [0.0]

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append((clock[0], record.getMessage()))

    keep = Keep()
    logger.addHandler(keep)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        log = CrossingLog(lines_per_minute=5)
        for moment in sorted(moments):
            clock[0] = moment
            log.record("t", Crossing(moment, Level.NORMAL, Level.CRITICAL, 2.0), moment)
        clock[0] = 3600 + 61
        log.flush(clock[0])
    finally:
        logger.removeHandler(keep)
        logger.setLevel(level)
    one_by_one = [at for at, line in lines if line.startswith("threshold crossing")]
    summaries = [line for _, line in lines if line.startswith("and ")]
    summed = sum(int(line.split()[1]) for line in summaries)
    assert len(one_by_one) + summed == len(moments)  # none is lost
    # Each minute (from its first crossing) writes at most 5 one by one and one summary,
    # so any 60 s hold at most two minutes' worth.
    for at in one_by_one:
        assert sum(1 for other in one_by_one if at <= other < at + 60) <= 2 * 5
    assert len(one_by_one) <= 5 * 61 and len(summaries) <= 61


def test_a_tile_is_judged_again_only_when_its_data_changes() -> None:
    group = TileSpec("both", "aliyun", "prod", ("a.example.com", "b.example.com"), 1e8)
    single = TileSpec("b", "aliyun", "prod", ("b.example.com",), 1e8)
    other = TileSpec("c", "aliyun", "prod", ("c.example.com",), 1e8)
    board = WallBoard(WallLayout((group, single, other)))
    assert board.take_changed() == set()  # nothing is judged before it is seen or fed
    board.changed(("aliyun", "prod", "b.example.com"))
    assert board.take_changed() == {0, 1}  # both tiles showing b
    assert board.take_changed() == set()
    assert board.keys([0, 1]) == [
        ("aliyun", "prod", "a.example.com"),
        ("aliyun", "prod", "b.example.com"),
    ]

"""Edge bandwidth beside origin in the history: one series of each per domain and interval,
and a history of an older format brought up to it with nothing lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from cdnmon.history import schema
from cdnmon.history.store import FILE_NAME, HistoryStore, SeriesKey, StoreError
from cdnmon.model import EDGE, MINUTE, ORIGIN, Series, TimeRange
from tests.history_files import write_older

START = 1_764_000_000 // 3600 * 3600
SPAN = TimeRange(START, START + 3600)


def series(metric: str, scale: float) -> Series:
    points = [(START + i * MINUTE, scale * (i + 1)) for i in range(30)]
    return Series("aliyun", "prod", "img.example.com", MINUTE, tuple(points), metric)


def test_a_domains_origin_and_edge_are_stored_apart(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / FILE_NAME) as store:
        store.save_many([series(ORIGIN, 1e6), series(EDGE, 9e6)], SPAN, provisional_after=None)
        origin = store.points("aliyun", "prod", "img.example.com", MINUTE, SPAN)
        edge = store.points("aliyun", "prod", "img.example.com", MINUTE, SPAN, EDGE)
        assert origin == series(ORIGIN, 1e6) and edge == series(EDGE, 9e6)
        assert store.missing("aliyun", "prod", "img.example.com", MINUTE, SPAN, EDGE) == []
        # Listings (export, the month report) name the origin series unless asked for edge.
        key = SeriesKey("aliyun", "prod", "img.example.com", MINUTE)
        assert store.series_keys() == [key] and store.series_keys(metric=EDGE) == [key]


def test_an_older_history_gains_metrics_with_every_point_kept_and_is_not_misread_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / FILE_NAME
    format_2 = schema.MIGRATIONS[:2]
    write_older(path, 2, series(ORIGIN, 1e6), SPAN)
    with sqlite3.connect(path) as conn:
        ids_before = conn.execute("SELECT id, domain FROM series").fetchall()
    conn.close()
    with HistoryStore(path) as store:
        assert store.points("aliyun", "prod", "img.example.com", MINUTE, SPAN) == series(
            ORIGIN, 1e6
        )
        assert store.missing("aliyun", "prod", "img.example.com", MINUTE, SPAN) == []
        store.save(series(EDGE, 9e6), SPAN, provisional_after=None)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(schema.MIGRATIONS)
        assert conn.execute("SELECT oldest_format FROM readers").fetchall() == [(3,)]
        rows = conn.execute("SELECT id, domain FROM series WHERE metric = 'origin'").fetchall()
        assert rows == ids_before
    conn.close()
    # A cdnmon of format 2 would read the edge series as a second origin: it is refused.
    monkeypatch.setattr("cdnmon.history.store.MIGRATIONS", format_2)
    with pytest.raises(StoreError, match="newer cdnmon"):
        HistoryStore(path)


def test_a_span_made_of_numpy_integers_is_stored_as_covered(tmp_path: Path) -> None:
    times = np.arange(START, START + 1800, MINUTE, dtype=np.int64)
    span = TimeRange(times[0], times[-1] + MINUTE)  # numpy integers, as arrays give them
    assert type(span.start) is int and type(span.end) is int
    with HistoryStore(tmp_path / FILE_NAME) as store:
        key = SeriesKey("aliyun", "prod", "img.example.com", MINUTE)
        store.save_arrays([(key, times, times * 1.0)], span, metric=EDGE)
        assert store.missing(*key, TimeRange(START, START + 1800), EDGE) == []

"""Edge and offload in the window (View: Edge, Ctrl+Shift+O): a faint edge line and an
offload axis on each chart, offload columns in the figures table (the lowest first is the
failing cache), offload in the readout and the CSV, and the choice remembered."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from cdnmon.emulator import EmulatorServer
from cdnmon.gui.window.settings import WindowSettings
from cdnmon.gui.window.summary import OFFLOAD_COLUMNS, SORT_NAMES
from cdnmon.live.points import pairs
from cdnmon.model import EDGE, HOUR, MINUTE
from tests.emulated import ManualClock, first_account
from tests.gui.window.test_figures_table import click_header
from tests.gui.window.test_main_window import key_of, open_window


def test_edge_and_offload_beside_the_origin_during_a_cache_collapse(
    qtbot: QtBot, server: EmulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    window = open_window(qtbot, server, clock, tmp_path)
    account = first_account(server, "aliyun")
    collapsing = ("aliyun", account.name, account.collapsing)
    steady = key_of(server, "aliyun")
    window.range_box.setCurrentIndex(window.range_box.findData(6 * HOUR))  # two collapses
    window.range_box.activated.emit(window.range_box.currentIndex())
    window.show_sources(list(window.monitor.sources), [steady, collapsing])
    table = window.summary
    assert all(table.isColumnHidden(c) for c in OFFLOAD_COLUMNS)  # off by default
    window.edge_action.trigger()
    shots = lambda: [window.monitor.snapshot(k) for k in (steady, collapsing)]  # noqa: E731
    qtbot.waitUntil(
        lambda: all(s and s.edge and s.edge.points[0].size for s in shots()), timeout=60_000
    )
    qtbot.waitUntil(lambda: window.monitor.in_flight == 0, timeout=60_000)
    visible = window.monitor.time_range()
    for key in (steady, collapsing):
        shot = window.monitor.snapshot(key)
        window_range = window.monitor.held_range(key, visible, MINUTE)
        expected = server.expected_series(
            "aliyun", account.key_id, key[2], window_range, MINUTE, EDGE
        )
        assert list(pairs(shot.edge.points)) == expected
    # Drawn: the edge line and the offload on its own axis, in percent.
    window.chart.flush()
    for key in (steady, collapsing):
        line, offload = window.chart.edge_items(key)
        assert line is not None and offload is not None and offload.view.isVisible()
        assert line.xData.size == window.monitor.snapshot(key).edge.x.size
        assert offload.axis.tickStrings([0.2, 0.9], 1, 0.1) == ["20%", "90%"]
    # The figures table: the collapse is the lowest offload, first on a header click.
    assert not any(table.isColumnHidden(c) for c in OFFLOAD_COLUMNS)
    click_header(qtbot, table, OFFLOAD_COLUMNS[1])
    model = table.summaries
    model.flush()
    assert table.sort_state() == ("lowest_offload", "ascending")
    assert model.rows[0][0] == collapsing
    low = model.data(model.index(0, OFFLOAD_COLUMNS[1]))
    assert low == "20%"  # the emulator's collapse, read back
    lowest = window.monitor.snapshot(collapsing).summary.offload.lowest
    assert lowest == pytest.approx(0.2, abs=0.005)
    # The readout names the offload where the pointer is.
    times, shares = window.monitor.snapshot(collapsing).edge.offload
    at = float(times[int(np.argmin(shares))])
    window.chart.show_readout_at(at)
    assert "offload 20%" in window.chart.readout_text()
    # The CSV carries edge and offload while they are shown.
    window.export_csv(tmp_path / "out.csv")
    rows = list(csv.DictReader((tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()))
    assert rows and all(r["edge_bps"] and r["offload"] for r in rows if r["time"])
    # A domain unticked while edge is shown leaves the charts and the table.
    window.picker.selection_changed.emit([collapsing])
    model.flush()
    assert window.chart.series_keys() == [collapsing] == window.monitor.selection()
    assert [key for key, _ in model.rows] == [collapsing]
    # Remembered; and off again, nothing of it is left on screen.
    window.save_settings()
    assert WindowSettings(tmp_path / "window.ini").edge
    assert "offload" in SORT_NAMES
    window.edge_action.trigger()
    assert all(table.isColumnHidden(c) for c in OFFLOAD_COLUMNS)
    window.chart.flush()
    line, offload = window.chart.edge_items(collapsing)
    assert line is not None and (line.xData is None or not line.xData.size)
    assert offload is not None and not offload.view.isVisible()

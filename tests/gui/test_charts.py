"""Charts: gap-honest arrays, and a ChartPanel that reuses its items and says what it shows."""

from __future__ import annotations

import gc
import os
import time
import weakref
from collections.abc import Iterator

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cdnmon.gui.charts.axes import BandwidthAxis, DisplayZone
from cdnmon.gui.charts.bandwidth_plot import PROVISIONAL_TIP, BandwidthPlot
from cdnmon.gui.charts.panel import ChartPanel
from cdnmon.gui.charts.provisional_curve import SplitCurve
from cdnmon.gui.charts.stacking import StackedPlot, band_path
from cdnmon.gui.theme import DARK, LIGHT, apply_theme
from cdnmon.live import snapshot
from cdnmon.live.curves import curve_arrays, split_provisional, stack, value_at, visible_peaks
from cdnmon.live.keys import SeriesKey
from cdnmon.live.points import from_pairs
from cdnmon.live.snapshot import Snapshot
from cdnmon.model import TimeRange

T0 = 1_790_000_000 - 1_790_000_000 % 3600
A: SeriesKey = ("aliyun", "prod", "img.example.com")
B: SeriesKey = ("ucloud", "main", "video.example.com")
C: SeriesKey = ("aliyun", "staging", "api.example.com")


def shot(
    key: SeriesKey,
    data: list[tuple[int, float]],
    provisional_after: float | None,
    interval: int = 60,
) -> Snapshot:
    """A series as the monitor hands it to the charts."""
    after = np.inf if provisional_after is None else provisional_after
    visible = TimeRange(0, 2**40)
    return snapshot.make(key, interval, from_pairs(data), visible, after)


def minutes(count: int, value: float = 1e8, skip: range = range(0)) -> list[tuple[int, float]]:
    return [(T0 + 60 * i, value + i) for i in range(count) if i not in skip]


# ---- chartdata ----------------------------------------------------------------------------


def test_curve_arrays_breaks_the_line_at_gaps_and_never_invents_zeros() -> None:
    x, y = curve_arrays(*from_pairs([(0, 5.0), (60, 6.0), (300, 7.0), (360, 8.0)]), 60)
    assert x.dtype == y.dtype == np.float64
    assert x.tolist() == [0, 60, 120, 300, 360]  # marker one interval after the last point
    assert np.isnan(y[2]) and np.isfinite(np.delete(y, 2)).all()
    assert not (y == 0).any()
    assert (np.diff(x) > 0).all()  # still sorted: clip-to-view bisects x


def test_curve_arrays_edge_cases() -> None:
    assert [a.size for a in curve_arrays(*from_pairs([]), 60)] == [0, 0]
    x, y = curve_arrays(*from_pairs([(0, 1.0)]), 60)
    assert x.tolist() == [0] and y.tolist() == [1.0]
    x, y = curve_arrays(*from_pairs(minutes(5)), 60)
    assert x.size == 5 and np.isfinite(y).all()  # no gap, no marker


def test_split_provisional_continues_from_the_last_settled_point() -> None:
    x, y = curve_arrays(*from_pairs(minutes(10)), 60)
    (sx, sy), (px, py) = split_provisional(x, y, T0 + 7 * 60)
    assert sx.tolist() == [T0 + 60 * i for i in range(7)] and sy.tolist() == y[:7].tolist()
    assert px.tolist() == [T0 + 60 * i for i in range(6, 10)]  # the join, then 7..9
    assert py.tolist() == y[6:].tolist()
    for arrays in ((sx, sy), (px, py)):
        assert [a.size for a in split_provisional(*arrays, None)[1]] == [0, 0]
    # Nothing provisional, or all of it.
    assert [a.size for a in split_provisional(x, y, None)[1]] == [0, 0]
    assert split_provisional(x, y, T0 + 3600)[0][0].size == 10
    (sx, _), (px, _) = split_provisional(x, y, T0 - 60)
    assert sx.size == 0 and px.tolist() == x.tolist()


def test_split_provisional_keeps_a_gap_across_the_boundary_a_gap() -> None:
    x, y = curve_arrays(*from_pairs(minutes(10, skip=range(5, 8))), 60)  # 5..7 missing: NaN at 300
    (sx, sy), (px, py) = split_provisional(x, y, T0 + 5 * 60)
    assert sx.tolist() == [T0 + 60 * i for i in range(5)] and np.isfinite(sy).all()
    # The last settled point, the gap's break (NaN, never 0), then the provisional points.
    assert px.tolist() == [T0 + 240, T0 + 300, T0 + 480, T0 + 540]
    assert np.isnan(py[1]) and not (np.nan_to_num(py, nan=1) == 0).any()
    # The break on the settled side: the provisional line starts after it, unjoined.
    (sx, sy), (px, py) = split_provisional(x, y, T0 + 6 * 60)
    assert sx[-1] == px[0] == T0 + 300 and np.isnan(sy[-1]) and np.isnan(py[0])


def test_stack_aligns_on_the_union_and_propagates_holes_upward() -> None:
    bottom = curve_arrays(*from_pairs([(0, 1.0), (60, 1.0), (120, 1.0)]), 60)
    middle = curve_arrays(*from_pairs([(0, 10.0), (120, 10.0)]), 60)  # missing at 60
    top = curve_arrays(*from_pairs([(0, 100.0), (60, 100.0), (120, 100.0), (180, 100.0)]), 60)
    layers = stack([bottom, middle, top], 60)
    x = layers[0][0]
    assert all(np.array_equal(lx, x, equal_nan=True) for lx, _ in layers)
    assert x.tolist() == [0, 60, 120, 180]
    expected = [[1, 1, 1, np.nan], [11, np.nan, 11, np.nan], [111, np.nan, 111, np.nan]]
    for (_, got), want in zip(layers, expected, strict=True):
        np.testing.assert_array_equal(got, want)


def test_stack_breaks_where_every_layer_is_missing() -> None:
    one = curve_arrays(*from_pairs([(0, 1.0), (600, 1.0)]), 60)
    two = curve_arrays(*from_pairs([(0, 2.0), (600, 2.0)]), 60)
    (x, low), (_, high) = stack([one, two], 60)
    assert x.tolist() == [0, 60, 600] and np.isnan(high[1]) and np.isnan(low[1])
    assert stack([], 60) == []


def test_value_at_reads_the_point_at_or_before_within_one_interval() -> None:
    x, y = curve_arrays(*from_pairs([(0, 5.0), (60, 6.0), (300, 7.0)]), 60)
    assert value_at(x, y, 0, 60) == 5.0
    assert value_at(x, y, 59.9, 60) == 5.0
    assert value_at(x, y, 60, 60) == 6.0
    assert value_at(x, y, 150, 60) is None  # in the gap
    assert value_at(x, y, -1, 60) is None  # before the first point
    assert value_at(x, y, 359, 60) == 7.0
    assert value_at(x, y, 360, 60) is None  # after the last point's minute
    empty = curve_arrays(*from_pairs([]), 60)
    assert value_at(*empty, 10, 60) is None


def test_visible_peaks_clips_keeps_maxima_and_layer_order() -> None:
    x = np.arange(10_000, dtype=float)
    low = np.ones_like(x)
    high = low + 1
    high[5_000] = 50.0  # a one-point spike must survive thinning
    cx, (clow, chigh) = visible_peaks(x, [low, high], 1_000, 9_000, 500)
    assert cx.size <= 501 and cx[0] <= 1_000 and cx[-1] >= 8_900
    assert chigh.max() == 50.0 and (chigh >= clow).all()
    sx, _ = visible_peaks(x, [low], 10, 20, 500)
    assert sx.tolist() == list(range(9, 22))  # one point beyond each edge


def test_band_path_has_one_polygon_per_finite_run() -> None:
    x = np.arange(6, dtype=float)
    high = np.array([2, 2, np.nan, 2, 2, 2])
    low = np.array([1, 1, np.nan, 1, 1, 1])
    polygons = band_path(x, low, high).toSubpathPolygons()
    assert len(polygons) == 2
    assert band_path(x, low * np.nan, high).isEmpty()


def test_chartdata_imports_no_qt() -> None:
    import subprocess
    import sys

    code = "import sys, cdnmon.live.curves; assert 'PySide6' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=os.getcwd())


# ---- axes ---------------------------------------------------------------------------------


def test_bandwidth_ticks_use_one_si_unit_for_the_visible_maximum(qtbot: QtBot) -> None:
    axis = BandwidthAxis()
    axis.setRange(0, 1.6e9)
    assert axis.tickStrings([0, 5e8, 1e9, 1.5e9], 1, 5e8) == ["0", "0.5", "1", "1.5"]
    assert "Origin bandwidth (Gbps)" in axis.labelString()
    axis.setRange(0, 900e6)
    assert axis.tickStrings([2e8, 8e8], 1, 2e8) == ["200", "800"]
    assert "(Mbps)" in axis.labelString()
    small = BandwidthAxis(units_in_ticks=True)
    small.setRange(0, 2.6e9)
    assert small.tickStrings([0, 1.5e9, 2.5e9], 1, 5e8) == ["0", "1.5 Gbps", "2.5 Gbps"]
    small.setRange(0, 900)
    assert small.tickStrings([250, 500], 1, 250) == ["250 bps", "500 bps"]


def test_display_zone_names_a_forced_offset() -> None:
    assert DisplayZone(8 * 3600).label() == "UTC+08:00"
    assert DisplayZone(-(3 * 3600 + 1800)).label() == "UTC-03:30"
    assert DisplayZone(0).label() == "UTC"
    assert DisplayZone(8 * 3600).format(0, "%H:%M") == "08:00"


@pytest.fixture
def shanghai() -> Iterator[None]:
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def test_display_zone_names_the_local_zone(shanghai: None) -> None:
    assert DisplayZone().label(T0) == "CST, UTC+08:00"


# ---- ChartPanel -----------------------------------------------------------------------------


@pytest.fixture
def panel(qtbot: QtBot) -> ChartPanel:
    chart = ChartPanel(utc_offset_s=8 * 3600)
    qtbot.addWidget(chart)
    chart.resize(1000, 600)
    chart.show()
    return chart


def fill(panel: ChartPanel, keys: list[SeriesKey], count: int = 120) -> None:
    panel.announce({key: key[2] for key in keys})
    for n, key in enumerate(keys):
        panel.set_series(
            key, key[2], shot(key, minutes(count, 1e8 * (n + 1)), T0 + 60 * (count - 5), 60)
        )
    panel.flush()


def small_plots(panel: ChartPanel) -> list[BandwidthPlot]:
    grid = panel._widgets["multiples"].ci
    return [item for item in grid.items if isinstance(item, BandwidthPlot)]


def small(panel: ChartPanel, key: SeriesKey) -> tuple[BandwidthPlot, SplitCurve]:
    """The plot on screen showing ``key``, and its line."""
    plot, curve = panel.grid.slot_plot(key), panel.grid.slot_curve(key)
    assert plot is not None and curve is not None, f"{key} is not on screen"
    return plot, curve


def all_plots(panel: ChartPanel) -> list[BandwidthPlot]:
    return [*small_plots(panel), panel._overlay, panel._stacked]


def test_set_series_twice_reuses_the_same_curve(panel: ChartPanel, qtbot: QtBot) -> None:
    fill(panel, [A, B])
    panel.set_view("overlay")
    curve = panel.overlay_curve(A)
    line = small(panel, A)[1]
    panel.set_view("stacked")
    qtbot.waitUntil(lambda: panel._stacked.layers[A].line.settled.xData is not None)
    counts = {view: len(w.scene().items()) for view, w in panel._widgets.items()}
    plot_items = [len(plot.items) for plot in all_plots(panel)]
    for view in ("overlay", "multiples", "stacked"):
        panel.set_view(view)
        for step in range(100):
            panel.set_series(A, A[2], shot(A, minutes(120, 2e8 + step), None, 60))
            QApplication.processEvents()
        panel.flush()
    assert panel.overlay_curve(A) is curve and small(panel, A)[1] is line
    assert curve.settled.yData[0] == line.settled.yData[0] == 2e8 + 99
    assert {view: len(w.scene().items()) for view, w in panel._widgets.items()} == counts
    assert [len(plot.items) for plot in all_plots(panel)] == plot_items


def test_curves_are_light_and_gaps_stay_gaps(panel: ChartPanel) -> None:
    panel.set_series(A, "img", shot(A, minutes(60, skip=range(20, 30)), None, 60))
    panel.flush()
    panel.set_view("overlay")
    for split in (small(panel, A)[1], panel.overlay_curve(A)):
        for curve in (split.settled, split.provisional):
            assert curve.opts["pen"].width() == 1 and curve.opts["connect"] == "finite"
            assert curve.opts["clipToView"] and curve.opts["autoDownsample"]
            assert curve.opts["downsampleMethod"] == "peak"
        _, y = split.data()
        assert np.isnan(y).sum() == 1 and not (y == 0).any()


def test_remove_series(panel: ChartPanel) -> None:
    fill(panel, [A, B, C])
    panel.set_error(B, "boom")
    panel.set_view("overlay")
    panel.set_view("stacked")
    panel.set_view("multiples")
    panel.remove_series(B)
    panel.flush()
    assert panel.series_keys() == [A, C]
    assert len(small_plots(panel)) == 2
    assert len(panel._overlay.listDataItems()) == 4
    assert set(panel._stacked.layers) == {A, C}
    assert len(panel._stacked.listDataItems()) == 4
    assert panel.error_text(B) == ""
    panel.remove_series(B)  # twice is harmless


def test_each_view_shows_the_right_plots_and_curves(panel: ChartPanel, qtbot: QtBot) -> None:
    fill(panel, [B, C, A])  # answers arrive in any order; the plots stay sorted
    keys = sorted([A, B, C])
    assert panel.view() == "multiples"
    plots = small_plots(panel)
    # One settled and one provisional line per domain.
    assert len(plots) == 3 and all(len(p.listDataItems()) == 2 for p in plots)
    assert {p.vb.linkedView(p.vb.XAxis) for p in plots[1:]} == {plots[0].vb}
    assert {p.titleLabel.text.count(k[2]) for p, k in zip(plots, keys, strict=True)} == {1}
    assert all(k[1] in p.titleLabel.text for p, k in zip(plots, keys, strict=True))

    panel.set_view("overlay")
    assert panel._pages.currentWidget() is panel._widgets["overlay"]
    assert len(panel._overlay.listDataItems()) == 6
    assert [label.text for _, label in panel._overlay.legend.items] == [k[2] for k in keys]

    panel.set_view("stacked")
    assert panel._pages.currentWidget() is panel._widgets["stacked"]
    fills = [i for i in panel._stacked.items if isinstance(i, pg.FillBetweenItem)]
    assert len(fills) == 6 and len(panel._stacked.listDataItems()) == 6
    qtbot.waitUntil(lambda: not fills[-1].path().isEmpty())
    top = panel._stacked.layers[keys[-1]].line.settled.yData
    assert top[0] == pytest.approx(1e8 + 2e8 + 3e8)  # cumulative
    panel.set_view("multiples")
    assert len(panel.curve_data(A)[0]) == 120  # switching kept the data
    with pytest.raises(ValueError, match="unknown chart view"):
        panel.set_view("pie")


def test_time_range_is_fixed_and_y_starts_at_zero(panel: ChartPanel) -> None:
    fill(panel, [A])
    panel.set_time_range(T0, T0 + 7200)
    for plot in all_plots(panel):
        assert plot.vb.viewRange()[0] == pytest.approx([T0, T0 + 7200])
        assert not plot.vb.autoRangeEnabled()[0]
    panel.set_view("overlay")
    QApplication.processEvents()
    low, high = panel._overlay.vb.viewRange()[1]
    assert low == 0 and high >= 1e8 + 119


def test_threshold_line_is_in_every_plot(panel: ChartPanel) -> None:
    fill(panel, [A, B])
    panel.set_threshold(8e8)
    for plot in all_plots(panel):
        assert plot.threshold_line in plot.items and plot.threshold_line.isVisible()
        assert plot.threshold_line.value() == 8e8
        assert plot.threshold_line.label.toPlainText() == "threshold 800 Mbps"
    fill(panel, [C])  # a plot made later gets it too
    assert small(panel, C)[0].threshold_line.isVisible()
    panel.set_threshold(None)
    assert not any(plot.threshold_line.isVisible() for plot in all_plots(panel))


def test_provisional_minutes_are_shaded(panel: ChartPanel) -> None:
    fill(panel, [A])
    panel.set_time_range(T0, T0 + 7200)
    for view in ("overlay", "stacked", "multiples"):  # a view shades its plots when shown
        panel.set_view(view)
    for plot in all_plots(panel):
        assert plot.provisional.isVisible()
        assert plot.provisional.getRegion() == pytest.approx((T0 + 115 * 60, T0 + 7200))
        assert plot.provisional.toolTip() == PROVISIONAL_TIP
    panel.set_series(A, "img", shot(A, minutes(120), None, 60))
    panel.flush()
    assert not small(panel, A)[0].provisional.isVisible()


def assert_dashed_continuation(curve: SplitCurve, points: list[tuple[int, float]]) -> None:
    """Settled line solid up to the last settled point; from there the provisional
    points, dashed and faded in the same colour."""
    (settled_x, settled_y), (provisional_x, provisional_y) = curve.parts()
    last_settled = points[-6]  # fill(): the newest 5 minutes are provisional
    assert (settled_x[-1], settled_y[-1]) == last_settled
    assert list(zip(provisional_x, provisional_y, strict=True)) == [last_settled, *points[-5:]]
    assert not (np.concatenate((settled_y, provisional_y)) == 0).any()
    solid, dashed = curve.settled.opts["pen"], curve.provisional.opts["pen"]
    assert solid.style() == Qt.PenStyle.SolidLine
    assert dashed.style() == Qt.PenStyle.CustomDashLine and dashed.dashPattern()
    assert dashed.width() == solid.width() == 1
    assert dashed.color().rgb() == solid.color().rgb()
    assert dashed.color().alpha() < solid.color().alpha() == 255


def test_provisional_minutes_are_a_dashed_continuation(panel: ChartPanel) -> None:
    fill(panel, [A])
    panel.set_view("overlay")
    points = minutes(120, 1e8)
    for curve in (small(panel, A)[1], panel.overlay_curve(A)):
        assert_dashed_continuation(curve, points)
    x, y = panel.curve_data(A)  # every point drawn once, the join not doubled
    assert list(zip(x, y, strict=True)) == points
    panel.set_series(A, "img", shot(A, points, None, 60))  # all settled now
    panel.flush()
    for curve in (small(panel, A)[1], panel.overlay_curve(A)):
        (settled_x, _), (provisional_x, _) = curve.parts()
        assert settled_x.size == 120 and provisional_x.size == 0
    panel.set_theme(DARK)  # recolouring keeps the provisional line dashed
    assert small(panel, A)[1].provisional.opts["pen"].style() == Qt.PenStyle.CustomDashLine


def test_stacked_totals_turn_provisional_at_the_earliest_provisional_minute(
    panel: ChartPanel, qtbot: QtBot
) -> None:
    fill(panel, [A, B])
    panel.set_time_range(T0, T0 + 7200)
    panel.set_view("stacked")
    layers = [panel._stacked.layers[key] for key in (A, B)]
    qtbot.waitUntil(lambda: layers[1].line.provisional.xData is not None)
    totals = [(T0 + 60 * i, 1e8 + i + 2e8 + i) for i in range(120)]
    assert_dashed_continuation(layers[1].line, totals)
    for layer in layers:
        assert not layer.settled.fill.path().isEmpty()
        assert not layer.provisional.fill.path().isEmpty()
        assert layer.provisional.fill.brush().color().alpha() < (
            layer.settled.fill.brush().color().alpha()
        )
    for key in (A, B):
        panel.set_series(key, key[2], shot(key, minutes(120), None, 60))
    panel.flush()
    qtbot.waitUntil(lambda: layers[0].provisional.fill.path().isEmpty())
    assert layers[1].provisional.fill.path().isEmpty()
    (settled_x, _), (provisional_x, _) = layers[1].line.parts()
    assert settled_x.size == 120 and provisional_x.size == 0


def test_a_stacked_plot_is_freed_without_the_garbage_collector(qtbot: QtBot) -> None:
    # Held in a reference cycle, a plot's widgets (its menus) would be freed whenever the
    # collector runs, even while Qt walks the widget list: a crash seen in the window tests.
    # The suite runs with the collector off (conftest): only reference counts free it here.
    assert not gc.isenabled()
    plot = StackedPlot(DisplayZone(0), LIGHT)
    plot.legend = pg.LegendItem()
    plot.add_layer(A, "#4e79a7", "img")
    freed = weakref.ref(plot)
    del plot
    assert freed() is None


def test_compare_curves_have_no_provisional_part(panel: ChartPanel) -> None:
    fill(panel, [A])
    plot = small(panel, A)[0]
    before = len(plot.listDataItems())
    panel.set_earlier(A, 86400, from_pairs(minutes(120)))
    panel.flush()
    assert len(plot.listDataItems()) == before + 1
    assert np.isfinite(panel.earlier_curve(A, 86400).getData()[1]).sum() == 120


def test_time_axis_names_the_zone(panel: ChartPanel) -> None:
    fill(panel, [A, B, C])
    assert "Time (UTC+08:00)" in panel._overlay.time_axis.labelString()
    panel.set_view("overlay")
    panel._widgets["overlay"].grab()  # paint once: DateAxisItem measures its font then
    axis = panel._overlay.time_axis
    levels = dict(axis.tickValues(T0, T0 + 6 * 3600, 800))
    hours = [t for t in levels[3600] if t % 3600 == 0]
    labels = axis.tickStrings(hours, 1, 3600)
    utc_hour = time.gmtime(T0 + 3600).tm_hour
    assert labels[hours.index(T0 + 3600)] == f"{(utc_hour + 8) % 24:02d}:00"
    plots = small_plots(panel)
    shown = [p.time_axis.label.isVisibleTo(p) for p in plots]
    assert shown == [False, True, True]  # 2 columns: only the bottom of each column


def test_readout_lists_every_series_and_says_no_data_in_gaps(panel: ChartPanel) -> None:
    panel.set_series(A, "img.example.com", shot(A, minutes(60, 1.5e9), None, 60))
    panel.set_series(
        B, "video.example.com", shot(B, minutes(60, 2e8, skip=range(10, 20)), None, 60)
    )
    panel.flush()
    panel.show_readout_at(T0 + 15 * 60 + 30)
    text = panel.readout_text()
    assert text.startswith(DisplayZone(8 * 3600).format(T0 + 930, "%a %Y-%m-%d %H:%M:%S"))
    assert "UTC+08:00" in text
    assert "img.example.com 1.5 Gbps" in text and "video.example.com no data" in text
    assert all(
        p.crosshair.isVisible() and p.crosshair.value() == T0 + 930 for p in all_plots(panel)
    )
    panel.set_view("stacked")
    panel.show_readout_at(T0 + 60)
    assert "total 1.7 Gbps" in panel.readout_text()


def test_the_readout_says_provisional_only_for_what_it_reads_out(panel: ChartPanel) -> None:
    keys = [("aliyun", "prod", f"d{n:02}.example.com") for n in range(20)]
    late = ("huawei", "books", "zz.example.com")  # its points an hour behind, last in order
    panel.announce({key: key[2] for key in [*keys, late]})
    for key in keys:
        panel.set_series(key, key[2], shot(key, minutes(120), T0 + 60 * 115))
    panel.set_series(late, late[2], shot(late, minutes(120), T0 + 60 * 60))
    panel.flush()
    assert late not in panel.grid.shown()
    panel.show_readout_at(T0 + 60 * 90)
    assert "(provisional)" not in panel.readout_text()
    panel.show_readout_at(T0 + 60 * 116)
    assert "(provisional)" in panel.readout_text()
    for view in ("overlay", "stacked"):  # the late series is read out (or in the total)
        panel.set_view(view)
        panel.show_readout_at(T0 + 60 * 90)
        assert "(provisional)" in panel.readout_text(), view


def test_mouse_moves_drive_the_readout(panel: ChartPanel, qtbot: QtBot) -> None:
    fill(panel, [A])
    panel.set_time_range(T0, T0 + 7200)
    panel.set_view("overlay")
    QApplication.processEvents()
    view = panel._overlay.vb
    scene_pos = view.mapViewToScene(QPointF(T0 + 1800, 1e8))
    panel._widgets["overlay"].scene().sigMouseMoved.emit(scene_pos)
    qtbot.waitUntil(lambda: "img.example.com" in panel.readout_text())
    assert abs(panel._overlay.crosshair.value() - (T0 + 1800)) < 60


def test_a_right_click_on_a_chart_offers_export(panel: ChartPanel, qtbot: QtBot) -> None:
    fill(panel, [A])
    panel.set_view("overlay")
    QApplication.processEvents()
    view = panel._overlay.vb
    assert view.menu is None  # made when first asked for, not with every plot
    widget = panel._widgets["overlay"]
    inside = widget.mapFromScene(view.mapViewToScene(QPointF(T0 + 1800, 1e8)))
    QTest.mouseClick(widget.viewport(), Qt.MouseButton.RightButton, pos=inside)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    menu = QApplication.activePopupWidget()
    try:
        words = [action.text() for action in menu.actions()]
        assert "Export..." in words and "View All" in words
    finally:
        menu.close()


def test_errors_show_next_to_what_they_affect(panel: ChartPanel) -> None:
    fill(panel, [A, B])
    panel.set_error(A, "Throttling: too many requests")
    panel.flush()
    text = small(panel, A)[0].error_text
    assert text.isVisible() and "Throttling: too many requests" in text.toPlainText()
    assert not panel._error_strip.isVisible()
    assert panel.error_text(A) == "Throttling: too many requests"
    panel.set_view("overlay")
    assert not panel._error_strip.isHidden()
    assert "img.example.com: Throttling: too many requests" in panel._error_strip.text()
    panel.set_error(A, None)
    panel.flush()
    assert panel._error_strip.isHidden() and not text.isVisible()
    panel.set_view("multiples")
    panel.set_error(C, "no such domain")  # no plot for it yet: the strip carries it
    panel.flush()
    assert "api.example.com: no such domain" in panel._error_strip.text()


def test_long_errors_are_cut_to_fit(panel: ChartPanel) -> None:
    fill(panel, [A])
    panel.set_error(A, "x" * 5000)
    panel.flush()
    shown = small(panel, A)[0].error_text.toPlainText()
    assert shown.endswith("…") and len(shown) < 1000


def test_drawn_is_emitted_and_has_data(panel: ChartPanel, qtbot: QtBot) -> None:
    assert not panel.has_data
    with qtbot.waitSignal(panel.drawn, timeout=1000):
        panel.set_series(A, "img", shot(A, minutes(10), None, 60))
    assert panel.has_data


def test_theme_switch_recolours_without_new_items(panel: ChartPanel) -> None:
    fill(panel, [A])
    counts = len(panel._widgets["overlay"].scene().items())
    panel.set_theme(DARK)
    assert panel._widgets["overlay"].backgroundBrush().color().name() == DARK.background
    assert panel._overlay.bandwidth_axis.textPen().color().name() == DARK.foreground
    assert len(panel._widgets["overlay"].scene().items()) == counts


def test_apply_theme_sets_style_palette_and_pyqtgraph(qapp: QApplication) -> None:
    saved = (qapp.style().name(), qapp.palette(), dict(pg.CONFIG_OPTIONS))
    try:
        apply_theme(qapp, LIGHT)
        assert qapp.style().name().lower() == "fusion"
        apply_theme(qapp, DARK)
        assert "indicator" in qapp.styleSheet()
        assert qapp.palette().window().color().name() == DARK.window
        assert qapp.palette().text().color().name() == DARK.foreground
        assert pg.getConfigOption("background") == DARK.background
        assert pg.getConfigOption("antialias") is False
        apply_theme(qapp, LIGHT)
        assert qapp.palette().window().color().lightness() > 200
        assert qapp.styleSheet() == ""
    finally:
        qapp.setStyle(saved[0])
        qapp.setPalette(saved[1])
        pg.setConfigOptions(**saved[2])


def test_palette_colours_are_distinct() -> None:
    assert len(set(LIGHT.palette)) >= 10
    assert LIGHT.series_colour(0) == LIGHT.series_colour(len(LIGHT.palette))

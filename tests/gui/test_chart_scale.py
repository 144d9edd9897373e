"""The charts at scale: plots exist only for the rows on screen, scrolling re-binds them to
the right series, and a burst of answers is drawn once, not once per answer."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from pytestqt.qtbot import QtBot

from cdnmon.gui.charts.bandwidth_plot import BandwidthPlot
from cdnmon.gui.charts.grid import MIN_PLOT_HEIGHT, grid_columns
from cdnmon.gui.charts.panel import ChartPanel
from cdnmon.gui.theme import LIGHT
from cdnmon.live.curves import curve_arrays
from cdnmon.live.keys import SeriesKey
from cdnmon.live.points import from_pairs, shifted
from cdnmon.live.snapshot import Snapshot
from cdnmon.model import DAY
from tests.gui.test_charts import T0, minutes, panel, shot, small

__all__ = ["panel"]  # the fixture: a shown 1000 x 600 chart panel

MANY = 500


def many(count: int) -> dict[SeriesKey, Snapshot]:
    """``count`` series over five accounts, each with values of its own."""
    keys = [("aliyun", f"acct{i % 5}", f"d{i:04d}.example.com") for i in range(count)]
    return {
        key: shot(key, minutes(60, 1e6 * (n + 1)), T0 + 55 * 60, 60) for n, key in enumerate(keys)
    }


def load(panel: ChartPanel, shots: dict[SeriesKey, Snapshot]) -> None:
    panel.announce({key: key[2] for key in shots})
    for key, snapshot in shots.items():
        panel.set_series(key, key[2], snapshot)
    panel.flush()


def plots_in_scene(panel: ChartPanel) -> list[BandwidthPlot]:
    scene = panel._widgets["multiples"].scene()
    return [item for item in scene.items() if isinstance(item, BandwidthPlot)]


def assert_shows(panel: ChartPanel, key: SeriesKey, snapshot: Snapshot) -> None:
    """The plot on screen for ``key`` is titled with it and draws its snapshot."""
    plot, curve = small(panel, key)
    assert key[2] in plot.titleLabel.text and key[1] in plot.titleLabel.text
    x, y = curve.data()
    np.testing.assert_array_equal(x, snapshot.x)
    np.testing.assert_array_equal(y, snapshot.y)


def pen_colour(panel: ChartPanel, key: SeriesKey) -> str:
    return small(panel, key)[1].settled.opts["pen"].color().name()


def test_only_a_screenful_of_plots_exists_for_500_series(panel: ChartPanel) -> None:
    shots = many(MANY)
    load(panel, shots)
    order = sorted(shots)
    assert panel.series_keys() == order
    viewport = panel.grid.viewport()
    columns = grid_columns(MANY, viewport.width())
    rows = viewport.height() // MIN_PLOT_HEIGHT
    # The rows on screen and one row of margin; the other 490-odd series are arrays only.
    assert len(plots_in_scene(panel)) == len(panel.grid.plots()) == columns * (rows + 1) < 20
    assert panel.grid.shown() == order[: columns * rows]
    for key in panel.grid.shown():
        assert_shows(panel, key, shots[key])
    # The single-plot views make their items only once shown.
    assert not panel._overlay.listDataItems() and not panel._stacked.layers
    with pytest.raises(KeyError):
        panel.curve_data(order[-1])  # off screen: no plot draws it
    assert panel.screenful_drawn()


def test_scrolling_rebinds_the_pool_to_the_rows_in_view(panel: ChartPanel, qtbot: QtBot) -> None:
    shots = many(MANY)
    order = sorted(shots)
    middle, failing = order[250], order[251]
    load(panel, shots)
    top = panel.grid.shown()
    colours = {key: pen_colour(panel, key) for key in top}
    # Set while off screen: kept with the series, drawn once it scrolls into view.
    earlier = from_pairs(minutes(60, 5e5))
    panel.set_earlier(middle, DAY, earlier)
    panel.set_error(failing, "Throttling: too many requests")
    panel.flush()
    assert panel.earlier_curve(middle, DAY) is None
    assert f"{failing[2]}: Throttling" in panel._error_strip.text()
    pool = panel.grid.plots()

    bar = panel.grid.verticalScrollBar()
    bar.setValue(bar.maximum() // 2 + MIN_PLOT_HEIGHT // 3)  # mid-row: the margin row shows
    assert panel.grid.plots() == pool  # the same items, bound to other series
    shown = panel.grid.shown()
    first = order.index(shown[0])
    columns = grid_columns(MANY, panel.grid.viewport().width())
    assert shown == order[first : first + len(shown)] and first % columns == 0
    assert abs(first - MANY // 2) < len(pool)
    for key in shown:
        assert_shows(panel, key, shots[key])
        # A series keeps its colour wherever it is drawn: its place in the palette.
        assert pen_colour(panel, key) == LIGHT.series_colour(order.index(key))

    panel.grid.scroll_to(middle)
    assert panel.grid.shown()[0] == middle
    x, y = panel.earlier_curve(middle, DAY).getData()
    want_x, want_y = curve_arrays(*shifted(earlier, DAY), 60)
    np.testing.assert_array_equal(x, want_x)
    np.testing.assert_array_equal(y, want_y)
    error = small(panel, failing)[0].error_text
    assert error.isVisible() and "Throttling" in error.toPlainText()
    assert failing[2] not in panel._error_strip.text()  # inline now, not in the strip

    # The keyboard scrolls a page: the rows below the ones shown come into view.
    rows_shown = len(panel.grid.shown()) // columns
    panel.grid.setFocus()
    before = bar.value()
    qtbot.keyClick(panel.grid, Qt.Key.Key_PageDown)
    assert bar.value() == before + bar.pageStep()
    assert order.index(panel.grid.shown()[0]) == order.index(middle) + rows_shown * columns

    bar.setValue(0)
    assert panel.grid.shown() == top
    assert {key: pen_colour(panel, key) for key in top} == colours
    assert panel.earlier_curve(middle, DAY) is None  # its slot shows another series now


def test_removing_series_shrinks_the_pool_and_frees_their_colours(panel: ChartPanel) -> None:
    shots = many(40)
    load(panel, shots)
    order = sorted(shots)
    for key in order[3:]:
        panel.remove_series(key)
    panel.flush()
    assert len(plots_in_scene(panel)) == 3 and panel.grid.shown() == order[:3]
    assert panel.grid.verticalScrollBar().maximum() == 0
    new = ("ucloud", "main", "zz.example.com")
    panel.set_series(new, new[2], shot(new, minutes(10), None, 60))
    panel.flush()
    assert pen_colour(panel, new) == LIGHT.series_colour(3)  # the lowest free slot


class PaintCounter(QObject):
    def __init__(self, target: QObject) -> None:
        super().__init__()
        self.paints = 0
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def settle(qtbot: QtBot, viewport: QObject) -> None:
    """Wait until the view has painted all it had to (a loaded machine takes a while)."""
    quiet = PaintCounter(viewport)
    for _ in range(50):
        quiet.paints = 0
        qtbot.wait(150)
        if quiet.paints == 0:
            break
    viewport.removeEventFilter(quiet)


@pytest.mark.parametrize("view", ["overlay", "multiples"])
def test_a_burst_of_answers_is_drawn_once(panel: ChartPanel, qtbot: QtBot, view: str) -> None:
    shots = many(6)  # all on screen in the grid too
    load(panel, shots)
    panel.set_view(view)
    panel.flush()
    settle(qtbot, panel._widgets[view].viewport())  # its first paints are not counted
    curves = [panel.overlay_curve(k) if view == "overlay" else small(panel, k)[1] for k in shots]
    data_calls: dict[int, int] = {}

    def count(item: object) -> None:
        data_calls[id(item)] = data_calls.get(id(item), 0) + 1

    for curve in curves:
        curve.settled.sigPlotChanged.connect(count)  # emitted by every setData
    painted = PaintCounter(panel._widgets[view].viewport())
    keys = list(shots)
    answers = [(keys[n % 6], shot(keys[n % 6], minutes(60, 2e6 + n), T0, 60)) for n in range(100)]
    for key, answer in answers:  # 16 or 17 answers for each series, in one go
        panel.set_series(key, key[2], answer)
    qtbot.wait(200)
    latest = dict(answers)
    assert sorted(data_calls.values()) == [1] * 6  # each line given data once, not 16 times
    assert 1 <= painted.paints <= 2
    for key, curve in zip(shots, curves, strict=True):
        np.testing.assert_array_equal(curve.data()[1], latest[key].y)


def test_a_complete_screen_is_said_when_its_last_plot_is_the_margin_rows(
    panel: ChartPanel, qtbot: QtBot
) -> None:
    """Plots are built a few per event-loop turn; the last one built is the margin row's,
    below the screen, so nothing shown changes with it: the panel still says it is drawn
    (what the start-up log and a screenshot wait for), and the grid paints again."""
    shots = many(MANY)
    heard: list[bool] = []
    panel.drawn.connect(lambda: heard.append(panel.screenful_drawn()))
    panel.announce({key: key[2] for key in shots})
    for key, snapshot in shots.items():
        panel.set_series(key, key[2], snapshot)
    assert panel.building
    qtbot.waitUntil(lambda: not panel.building)
    assert len(panel.grid.plots()) > len(panel.grid.shown())  # the margin row was built
    assert heard[-1] is True
    assert panel.grid.view.updatesEnabled()

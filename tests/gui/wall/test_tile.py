"""The wall tile: every state announced differently, missing data never shown as zero."""

from __future__ import annotations

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from cdnmon.gui.locale_format import format_bps
from cdnmon.gui.wall.tile import MISSING, WallTile
from cdnmon.live import snapshot
from cdnmon.live.points import from_pairs
from cdnmon.live.snapshot import Snapshot
from cdnmon.model import DAY, TimeRange
from cdnmon.wall.state import Level, ThresholdTracker, TileState

NOW = 1_800_000_000


def points(n: int = 30, value: float = 4e8, skip: range = range(0)) -> list[tuple[int, float]]:
    return [(NOW - (n - i) * 60, value + i) for i in range(n) if i not in skip]


def shot(data: list[tuple[int, float]], provisional_after: float | None) -> Snapshot:
    """What the feed hands a tile: the points as a snapshot."""
    visible = TimeRange(NOW - DAY, NOW + DAY)
    after = np.inf if provisional_after is None else provisional_after
    return snapshot.make(("aliyun", "prod", "img"), 60, from_pairs(data), visible, after)


@pytest.fixture
def tile(qtbot: QtBot) -> WallTile:
    widget = WallTile("Shop images", "aliyun · prod")
    qtbot.addWidget(widget)
    widget.resize(480, 340)
    widget.show()
    return widget


def test_shows_title_source_and_big_value(tile: WallTile) -> None:
    tile.set_data(shot(points(), None))
    tile.set_state(TileState.LIVE)
    assert tile.title_label.text() == "Shop images"
    assert "aliyun" in tile.source_label.text() and "prod" in tile.source_label.text()
    assert tile.value_text() == "400 Mbps"
    assert "P95" in tile.detail_label.text()
    assert tile.value_label.font().pixelSize() > 3 * tile.title_label.font().pixelSize() / 2


def test_value_font_follows_tile_height(tile: WallTile, qtbot: QtBot) -> None:
    tile.set_data(shot(points(), None))
    small = tile.value_label.font().pixelSize()
    tile.resize(960, 680)
    qtbot.waitUntil(lambda: tile.value_label.font().pixelSize() > small)


@pytest.mark.parametrize(
    ("state", "reason", "age", "expected"),
    [
        (TileState.LIVE, "", None, "LIVE"),
        (TileState.LATE, "", None, "LATE"),
        (TileState.STALE, "read timed out", 420, "STALE 7 min: read timed out"),
        (TileState.NO_DATA, "", None, "NO DATA"),
        (TileState.ERROR, "credentials rejected", None, "ERROR: credentials rejected"),
    ],
)
def test_each_state_has_its_badge(
    tile: WallTile, state: TileState, reason: str, age: float | None, expected: str
) -> None:
    tile.set_state(state, reason, age_s=age)
    assert expected in tile.badge_text()


def test_states_look_different(tile: WallTile) -> None:
    seen = set()
    for state in TileState:
        tile.set_state(state, "why")
        seen.add((tile.badge_text().split()[0], tile.styleSheet()))
    assert len(seen) == len(TileState)
    assert len({badge for badge, _ in seen}) == len(TileState)  # a distinct symbol each
    assert len({sheet for _, sheet in seen}) == len(TileState)


def test_missing_data_shows_dash_not_zero(tile: WallTile) -> None:
    tile.set_data(shot([], None))
    tile.set_state(TileState.NO_DATA)
    assert tile.value_text() == MISSING
    assert "0" not in tile.value_text()
    tile.set_data(shot(points(), None))
    tile.set_state(TileState.ERROR, "throttled")
    assert tile.value_text() == MISSING


def test_stale_keeps_the_last_value(tile: WallTile) -> None:
    tile.set_data(shot(points(), None))
    tile.set_state(TileState.STALE, "offline", age_s=600)
    assert tile.value_text() == "400 Mbps"


def test_gap_is_nan_and_curve_is_reused(tile: WallTile) -> None:
    curve = tile.curve
    tile.set_data(shot(points(skip=range(10, 15)), None))
    _, y = tile.curve.data()
    assert np.isnan(y).sum() == 1
    assert not (np.nan_to_num(y, nan=1) == 0).any()
    tile.set_data(shot(points(), None))
    assert tile.curve is curve
    items = tile.plot.getPlotItem().listDataItems()
    assert items == [curve.settled, curve.provisional]  # made once, only fed data


def test_p95_line_is_dashed_at_billing_p95(tile: WallTile) -> None:
    tile.set_data(shot(points(), None))
    assert tile.p95_line.isVisible()
    assert tile.p95_line.value() == pytest.approx(tile.p95)
    assert tile.p95_line.pen.style().name == "DashLine"


def test_provisional_points_are_shaded_and_latest_settled_shown(tile: WallTile) -> None:
    data = points()
    data[-1] = (data[-1][0], 1.0)  # a partial newest minute reads as a drop
    tile.set_data(shot(data, data[-2][0]))
    tile.set_state(TileState.LATE)
    assert tile.provisional.isVisible()
    assert tile.value_text() == "400 Mbps"


def test_provisional_points_are_a_dashed_faded_continuation(tile: WallTile) -> None:
    data = points()
    data[-3:] = [(t, v * 0.05) for t, v in data[-3:]]  # partial minutes, not an outage
    tile.set_data(shot(data, data[-3][0]))
    tile.set_state(TileState.LIVE)
    (settled_x, settled_y), (provisional_x, provisional_y) = tile.curve.parts()
    assert list(zip(settled_x, settled_y, strict=True)) == data[:-3]
    assert list(zip(provisional_x, provisional_y, strict=True)) == data[-4:]  # joined
    assert not (np.concatenate((settled_y, provisional_y)) == 0).any()
    solid = tile.curve.settled.opts["pen"]
    dashed = tile.curve.provisional.opts["pen"]
    assert solid.style().name == "SolidLine" and dashed.style().name == "CustomDashLine"
    assert dashed.width() == solid.width() == 1
    assert dashed.color().rgb() == solid.color().rgb()
    assert dashed.color().alpha() < solid.color().alpha()
    assert tile.value_text() == format_bps(data[-4][1])  # the newest settled point
    tile.set_level(Level.CRITICAL)  # a restyle recolours both, keeping the dashes
    assert tile.curve.provisional.opts["pen"].style().name == "CustomDashLine"
    assert tile.curve.provisional.opts["pen"].color().rgb() == (
        tile.curve.settled.opts["pen"].color().rgb()
    )
    tile.set_data(shot(data, None))
    assert tile.curve.parts()[1][0].size == 0
    tile.set_data(shot([], None))
    assert [part[0].size for part in tile.curve.parts()] == [0, 0]


def test_levels_have_distinct_badges(tile: WallTile) -> None:
    tile.set_state(TileState.LIVE)
    texts = set()
    for level in Level:
        tile.set_level(level)
        texts.add((tile.level_text(), tile.styleSheet()))
    assert len(texts) == 3
    assert tile.level_text() == "▲▲ CRITICAL"
    tile.set_state(TileState.STALE, "offline")  # old data does not alarm
    assert tile.level_text() == ""


def test_hysteresis_keeps_the_tile_steady(tile: WallTile) -> None:
    tracker = ThresholdTracker(warning=8e8, critical=None)
    tile.set_state(TileState.LIVE)
    sheets = []
    for value in (8.1e8, 7.9e8, 8.05e8, 7.5e8, 8.2e8, 7.95e8):
        tile.set_level(tracker.update(value, at=0))
        sheets.append(tile.styleSheet())
        assert tile.level_text() == "▲ WARNING"
    assert len(set(sheets)) == 1


def test_long_title_is_elided_not_pushed_off(tile: WallTile) -> None:
    tile.title = "A very long tile title that cannot fit in the tile at all " * 3
    tile.set_level(Level.WARNING)
    tile.set_state(TileState.LIVE)
    assert tile.title_label.text().endswith("…")


def test_the_badge_shrinks_back_after_a_long_reason(qtbot: QtBot) -> None:
    """At start a tile says why its account is missing in several lines; once live its
    badge is one line again, as tall as a tile's that was live from the start."""
    tiles = []
    for _ in range(2):
        widget = WallTile("Shop images", "aliyun · prod")
        qtbot.addWidget(widget)
        widget.resize(480, 340)
        widget.show()
        tiles.append(widget)
    recovered, steady = tiles
    reason = "no Alibaba Cloud account named “prod”: add it under Accounts in the main window"
    recovered.set_state(TileState.ERROR, reason)
    assert recovered.state_badge.height() > steady.state_badge.height()
    for tile in tiles:
        tile.set_data(shot(points(), provisional_after=None))
        tile.set_state(TileState.LIVE)
    assert recovered.state_badge.height() == steady.state_badge.height()


def test_a_detail_line_too_long_for_a_narrow_tile_keeps_the_offload(
    tile: WallTile, qtbot: QtBot
) -> None:
    data = points(30, 4e8)
    edge = from_pairs((t, v / 0.08) for t, v in data)  # offload 92%
    visible = TimeRange(NOW - DAY, NOW + DAY)
    with_edge = snapshot.make(
        ("aliyun", "prod", "img"), 60, from_pairs(data), visible, np.inf, edge=edge
    )
    tile.resize(900, 340)
    tile.set_trend("▲ 12% vs yesterday")
    tile.set_data(with_edge)
    tile.set_state(TileState.LIVE)
    qtbot.waitUntil(lambda: "P95" in tile.detail_label.text())
    full = tile.detail_label.text()
    assert full.startswith("▲ 12% vs yesterday · P95") and full.endswith("offload 92%")
    tile.resize(230, 200)  # a page of a thousand tiles
    qtbot.waitUntil(lambda: tile.detail_label.text() != full)
    shown = tile.detail_label.text()
    assert "offload 92%" in shown and "P95" not in shown  # the chart draws the P95
    assert tile.detail_label.fontMetrics().horizontalAdvance(shown) <= tile.width()
    assert tile.detail_label.toolTip() == full

"""The smaller widgets: domain picker, per-domain figures, custom range, settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cdnmon.gui.dialogs.time_range import TimeRangeDialog
from cdnmon.gui.window.picker import DomainPicker
from cdnmon.gui.window.settings import WindowSettings
from cdnmon.gui.window.summary import SummaryModel
from cdnmon.live.points import from_pairs
from cdnmon.model import DAY, HOUR, TimeRange, summarize
from cdnmon.providers.base import Domain

TOOLTIP = Qt.ItemDataRole.ToolTipRole
SHOP = ("aliyun", "shop")
NEWS = ("ucloud", "news")


def picker_with_domains(qtbot: QtBot) -> DomainPicker:
    picker = DomainPicker()
    qtbot.addWidget(picker)
    picker.set_domains(SHOP, [Domain("img.shop.com"), Domain("www.shop.com"),
                              Domain("old.shop.com", status="offline")])  # fmt: skip
    picker.set_domains(NEWS, [Domain("img.news.com", "ucdn-1"), Domain("m.news.com", "ucdn-2")])
    return picker


def test_picker_filter_and_select_visible(qtbot: QtBot) -> None:
    picker = picker_with_domains(qtbot)
    picker.filter.setText("img")
    with qtbot.waitSignal(picker.selection_changed) as changed:
        picker._check_visible(True)
    assert changed.args[0] == [(*SHOP, "img.shop.com"), (*NEWS, "img.news.com")]
    picker.filter.clear()
    picker._check_visible(False)
    assert picker.checked() == []


def test_picker_keeps_remembered_choices_until_domains_arrive(qtbot: QtBot) -> None:
    picker = DomainPicker()
    qtbot.addWidget(picker)
    remembered = [(*SHOP, "www.shop.com")]
    picker.set_checked(remembered)
    assert picker.checked() == [] and picker.wanted() == remembered
    picker.set_domains(SHOP, [Domain("img.shop.com"), Domain("www.shop.com")])
    assert picker.checked() == remembered


def test_picker_shows_account_errors_inline(qtbot: QtBot) -> None:
    picker = picker_with_domains(qtbot)
    picker.set_source_error(NEWS, "access denied (171) -- check the private key")
    account = picker.domains.index(1, 0)
    assert "check the private key" in account.data() and account.data(TOOLTIP)
    picker.set_source_error(NEWS, "")
    assert account.data() == "UCloud · news (2)"  # with its count of domains
    assert account.data(TOOLTIP) is None


def test_picker_user_toggle_emits_selection(qtbot: QtBot) -> None:
    picker = picker_with_domains(qtbot)
    child = picker.domains.index(1, 0, picker.domains.index(0, 0))
    with qtbot.waitSignal(picker.selection_changed) as changed:
        picker.domains.setData(child, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert changed.args[0] == [(*SHOP, "old.shop.com")]
    assert child.data() == "old.shop.com (offline)"


def test_summary_model_formats_figures() -> None:
    model = SummaryModel()
    points = [(1_700_000_000 + 60 * i, float(v)) for i, v in enumerate([1e6, 5e6, 2e6, 3e6])]
    key = ("aliyun", "shop", "img.shop.com")
    model.set_summary(key, summarize(*from_pairs(points), settled_before=points[-1][0]))
    model.flush()
    cells = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert cells[0] == "img.shop.com" and cells[1] == "Alibaba Cloud · shop"
    assert cells[2] == "2 Mbps"  # the newest settled point, not the provisional last one
    assert cells[3] == "5 Mbps" and cells[5] == "2.75 Mbps" and cells[6] == "5 Mbps"
    model.set_summary(key, None)
    model.flush()
    assert model.rowCount() == 1 and model.data(model.index(0, 2)) == "no data"
    model.remove(key)
    model.flush()
    assert model.rowCount() == 0


def test_custom_range_rejects_backwards_and_too_long(qtbot: QtBot) -> None:
    start = 1_790_000_000
    dialog = TimeRangeDialog(TimeRange(start, start + HOUR))
    qtbot.addWidget(dialog)
    assert dialog.time_range() == TimeRange(start, start + HOUR)
    dialog.end.setDateTime(dialog.start.dateTime().addSecs(-60))
    dialog._accept()
    assert "must be after" in dialog.problem.text() and dialog.chosen is None
    dialog.end.setDateTime(dialog.start.dateTime().addSecs(40 * DAY))
    dialog._accept()
    assert "31 days" in dialog.problem.text()


def test_settings_survive_garbage(tmp_path: Path) -> None:
    path = tmp_path / "window.ini"
    path.write_text("[view]\nspan=banana\nrefresh_s=7\nchart=pie\ntheme=neon\nthreshold_bps=-5\n")
    settings = WindowSettings(path)
    assert (settings.span, settings.refresh_s, settings.view, settings.theme) == (
        3600, 60, "multiples", "light",
    )  # fmt: skip
    assert settings.threshold_bps == 0 and settings.selection is None


@pytest.mark.parametrize("stored", [["aliyun/shop/img.shop.com"], "aliyun/shop/img.shop.com"])
def test_settings_selection_one_or_many(tmp_path: Path, stored: object) -> None:
    settings = WindowSettings(tmp_path / "window.ini")
    settings._store.setValue("view/selection", stored)
    assert settings.selection == [("aliyun", "shop", "img.shop.com")]


def test_history_retention_settings_have_safe_floors(tmp_path: Path) -> None:
    path = tmp_path / "window.ini"
    path.write_text("[history]\nkeep_minute_days=2\nkeep_5min_days=1\n")
    settings = WindowSettings(path)
    # Never shorter than the provider keeps 1-minute points, nor 5-minute below 1-minute.
    assert (settings.keep_minute_days, settings.keep_5min_days) == (8, 8)
    assert WindowSettings(tmp_path / "other.ini").keep_minute_days == 90
    # A typo of many digits stays a number the history file can take.
    huge = tmp_path / "huge.ini"
    huge.write_text("[history]\nkeep_minute_days=99999999999999999999\n")
    assert WindowSettings(huge).keep_minute_days == WindowSettings(huge).keep_5min_days == 36_500

"""The domain picker at scale: 5,000 domains over the demo's accounts, filtered, selected in
a filter with one signal, used from the keyboard, its choice kept; the large demo."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from cdnmon.demo import default_selection, served_accounts, usable_selection
from cdnmon.emulator.accounts import DemoAccount, demo_accounts, spread_domains
from cdnmon.gui.window.domain_tree import ERROR_COLOUR
from cdnmon.gui.window.picker import DomainPicker
from cdnmon.live.keys import SeriesKey
from cdnmon.providers.base import Domain

if TYPE_CHECKING:
    from cdnmon.gui.app import DesktopApp

CHECK = Qt.ItemDataRole.CheckStateRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
FOREGROUND = Qt.ItemDataRole.ForegroundRole


@pytest.fixture(scope="module")
def wide() -> tuple[DemoAccount, ...]:
    return spread_domains(demo_accounts(), 5000)


def filled(qtbot: QtBot, accounts: tuple[DemoAccount, ...]) -> DomainPicker:
    picker = DomainPicker()
    qtbot.addWidget(picker)
    picker.resize(320, 700)
    picker.show()
    for account in accounts:
        picker.set_domains((account.provider, account.name), account.domains)
    return picker


def all_keys(accounts: tuple[DemoAccount, ...]) -> list[SeriesKey]:
    return [(a.provider, a.name, d.name) for a in accounts for d in a.domains]


def shown(picker: DomainPicker) -> list[SeriesKey]:
    """The domains the tree shows now, top to bottom."""
    model = picker.domains
    return [
        model.index(row, 0, model.index(top, 0)).data(Qt.ItemDataRole.UserRole)
        for top in range(model.rowCount())
        for row in range(model.rowCount(model.index(top, 0)))
    ]


def label(key: SeriesKey, accounts: tuple[DemoAccount, ...]) -> str:
    """The domain's name as shown: with its state when it is not online."""
    account = next(a for a in accounts if (a.provider, a.name) == key[:2])
    domain = account.domain(key[2])
    assert domain is not None
    return key[2] if domain.status == "online" else f"{key[2]} ({domain.status})"


def test_five_thousand_domains_filter_and_select_all_in_the_filter_with_one_signal(
    qtbot: QtBot, wide: tuple[DemoAccount, ...]
) -> None:
    picker = filled(qtbot, wide)
    keys = all_keys(wide)
    assert len(shown(picker)) == len(keys) == 5000
    assert picker.domains.index(0, 0).data() == "Alibaba Cloud · demo-shop (625)"

    qtbot.keyClicks(picker.filter, "IMG1")  # any case
    matching = [k for k in keys if "img1" in label(k, wide)]
    assert 0 < len(matching) < 1000
    assert sorted(shown(picker)) == sorted(matching)
    tops = [picker.domains.index(top, 0).data() for top in range(8)]
    in_shop = sum(k[1] == "demo-shop" for k in matching)
    assert tops[0] == f"Alibaba Cloud · demo-shop ({in_shop} of 625)"

    emitted: list[list[SeriesKey]] = []
    picker.selection_changed.connect(emitted.append)
    model_changes: list[object] = []
    picker.domains.dataChanged.connect(lambda *changed: model_changes.append(changed))
    qtbot.mouseClick(button(picker, "Select all"), Qt.MouseButton.LeftButton)
    assert len(emitted) == 1 and sorted(emitted[0]) == sorted(matching)
    assert len(model_changes) <= len(wide)  # one per account, not one per domain

    picker.filter.clear()  # the rest are shown again, unchecked
    assert len(shown(picker)) == 5000 and sorted(picker.checked()) == sorted(matching)
    unchecked = [k for k in shown(picker) if k not in set(matching)]
    assert all(
        picker.domains.domain_index(k).data(CHECK) == Qt.CheckState.Unchecked.value
        for k in unchecked[:50]
    )
    qtbot.keyClicks(picker.filter, "img12")
    twelve = [k for k in matching if "img12" in k[2]]
    qtbot.mouseClick(button(picker, "Select none"), Qt.MouseButton.LeftButton)
    assert len(emitted) == 2
    assert sorted(emitted[1]) == sorted(set(matching) - set(twelve))


def button(picker: DomainPicker, text: str) -> QPushButton:
    return next(b for b in picker.findChildren(QPushButton) if b.text() == text)


def test_keyboard_finds_and_checks_a_domain(qtbot: QtBot, wide: tuple[DemoAccount, ...]) -> None:
    picker = filled(qtbot, wide)
    with qtbot.waitActive(picker):
        picker.activateWindow()
    picker.tree.setFocus()
    qtbot.keyClick(picker.tree, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert picker.filter.hasFocus()
    qtbot.keyClicks(picker.filter, "video12.")
    qtbot.keyClick(picker.filter, Qt.Key.Key_Down)  # into the list, at its first domain
    assert picker.tree.hasFocus()
    first = picker.tree.currentIndex()
    assert first.data() == "video12.shop.example.com"
    with qtbot.waitSignal(picker.selection_changed) as changed:
        qtbot.keyClick(picker.tree, Qt.Key.Key_Space)
    assert changed.args[0] == [("aliyun", "demo-shop", "video12.shop.example.com")]
    qtbot.keyClick(picker.tree, Qt.Key.Key_Down)  # the next account's, past its branch
    qtbot.keyClick(picker.tree, Qt.Key.Key_Down)
    assert picker.tree.currentIndex().data() == "video12.media.example.com"
    with qtbot.waitSignal(picker.selection_changed) as changed:
        qtbot.keyClick(picker.tree, Qt.Key.Key_Space)
    assert set(changed.args[0]) == {
        ("aliyun", "demo-shop", "video12.shop.example.com"),
        ("aliyun", "demo-media", "video12.media.example.com"),
    }
    # The filter changes; the current row stays on its domain while it is shown.
    picker.filter.setText("video1")
    assert picker.tree.currentIndex().data() == "video12.media.example.com"
    picker.filter.setText("nothing-like-this")
    assert not picker.tree.currentIndex().isValid()


def test_the_choice_is_kept_until_domains_arrive_and_across_a_new_list(
    qtbot: QtBot, wide: tuple[DemoAccount, ...]
) -> None:
    picker = DomainPicker()
    qtbot.addWidget(picker)
    remembered = all_keys(wide)[::50]
    picker.set_checked(remembered)
    assert picker.checked() == [] and picker.wanted() == sorted(remembered)
    assert picker.domains.rowCount() == 0  # no account yet
    for account in wide:
        picker.add_source((account.provider, account.name))
    assert picker.domains.index(0, 0).data() == "Alibaba Cloud · demo-shop (loading domains…)"
    for account in wide:
        picker.set_domains((account.provider, account.name), account.domains)
    assert sorted(picker.checked()) == sorted(remembered)
    # A new list of an account (the next domain list) keeps the checks it still has.
    shop = wide[0]
    picker.set_domains(("aliyun", "demo-shop"), shop.domains[::2])
    kept = {(shop.provider, shop.name, d.name) for d in shop.domains[::2]}
    assert set(picker.checked()) == {k for k in remembered if k[1] != "demo-shop" or k in kept}
    assert picker.wanted() == sorted(remembered)  # the rest are remembered still


def test_domains_sort_by_number_and_show_states_and_errors(qtbot: QtBot) -> None:
    picker = DomainPicker()
    qtbot.addWidget(picker)
    source = ("aliyun", "shop")
    names = ["img10.shop.com", "img2.shop.com", "img.shop.com", "img1.shop.com"]
    picker.set_domains(source, [Domain(n) for n in names] + [Domain("old.shop.com", "", "offline")])
    assert [k[2] for k in shown(picker)] == [
        "img.shop.com", "img1.shop.com", "img2.shop.com", "img10.shop.com", "old.shop.com",
    ]  # fmt: skip
    old = picker.domains.domain_index((*source, "old.shop.com"))
    assert old.data() == "old.shop.com (offline)"
    assert old.data(TOOLTIP) == "The provider lists this domain as offline"
    assert old.data(FOREGROUND) is None
    picker.set_domain_error((*source, "old.shop.com"), "domain is offline (code 23)")
    assert old.data(TOOLTIP) == "domain is offline (code 23)"
    assert QColor(old.data(FOREGROUND).color()) == ERROR_COLOUR
    picker.filter.setText("offline")  # the state is found too
    assert [k[2] for k in shown(picker)] == ["old.shop.com"]
    picker.set_domain_error((*source, "old.shop.com"), "")
    moved = picker.domains.domain_index((*source, "old.shop.com"))
    assert moved.data(FOREGROUND) is None
    assert moved.data(TOOLTIP) == "The provider lists this domain as offline"


def test_the_large_demo_fills_the_picker(
    qtbot: QtBot, desktop_app: Callable[..., DesktopApp]
) -> None:
    desktop = desktop_app(demo=True, demo_domains=2000)
    qtbot.addWidget(desktop.window)
    qtbot.waitUntil(lambda: desktop.demo_server is not None, timeout=30_000)
    picker = desktop.window.picker
    qtbot.waitUntil(lambda: len(shown(picker)) == 2000, timeout=60_000)
    assert sorted(desktop.monitor.selection()) == sorted(picker.checked())
    assert len(picker.checked()) == 16  # the demo's usual two of each account
    desktop.stop()


def test_a_demo_keeps_the_saved_choice_it_can_serve() -> None:
    usual, large = served_accounts(), served_accounts(2000)
    only_large = ("aliyun", "demo-shop", "img12.shop.example.com")
    both = ("aliyun", "demo-shop", "www.shop.example.com")
    assert usable_selection([only_large, both], usual) == [both]
    assert usable_selection([only_large], usual) == default_selection(usual)
    assert usable_selection([only_large, both], large) == [only_large, both]
    assert usable_selection([], usual) == []  # everything unchecked is a choice too
    assert usable_selection(None, large) == default_selection(large) == default_selection()

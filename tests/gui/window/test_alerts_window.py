"""The window's alerts against the emulator: a rule judged on each refresh round sends a
signed message to a loopback webhook, a target that is down shows as failing in the
status bar, the set-up is made in the dialog and survives a restart, and the URLs and
secrets stay in the keyring."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cdnmon.alerts.rules import Rule, RuleKind
from cdnmon.alerts.targets import Target, TargetKind, TargetSecrets
from cdnmon.emulator import EmulatorServer
from cdnmon.gui.alerting import DesktopAlerts
from cdnmon.gui.dialogs.alerts import AlertsDialog
from cdnmon.gui.monitor import Monitor
from cdnmon.gui.wall.window import WallWindow
from cdnmon.gui.window.main_window import MainWindow
from cdnmon.gui.window.settings import WindowSettings
from cdnmon.gui.workers import WorkerPool
from cdnmon.live.keys import SeriesKey
from cdnmon.wall.layout import layout_for_domains
from tests.alerts.conftest import QUICK
from tests.alerts.receivers import (
    DINGTALK_SECRET,
    DINGTALK_TOKEN,
    WEBHOOK_SECRET,
    Receiver,
    receiving,
)
from tests.emulated import ManualClock, client_for, first_account, online_domains
from tests.keyrings import DictKeyring

Made = Callable[[], DesktopAlerts]


@pytest.fixture
def keyring() -> DictKeyring:
    return DictKeyring()


@pytest.fixture
def window(qtbot: QtBot, server: EmulatorServer, clock: ManualClock, tmp_path: Path) -> MainWindow:
    monitor = Monitor(WorkerPool(), clock=clock)
    for account in server.accounts:
        monitor.add_source(client_for(server, account))
    window = MainWindow(monitor, WindowSettings(tmp_path / "config" / "window.ini"))
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def alerts(
    window: MainWindow, pool: WorkerPool, keyring: DictKeyring, tmp_path: Path
) -> Iterator[Made]:
    """Makes the app's alerts for the window (again, as a restart does)."""
    made: list[DesktopAlerts] = []

    def make() -> DesktopAlerts:
        if made:
            made[-1].close()
        made.append(
            DesktopAlerts(
                window,
                pool,
                TargetSecrets(keyring, timeout=5),
                tmp_path / "config" / "alert-rules.json",
                tmp_path / "data" / "alerts.json",
                backoff=QUICK,
            )
        )
        made[-1].watch(window.monitor)
        return made[-1]

    yield make
    for desktop_alerts in made:
        desktop_alerts.close()


@pytest.fixture
def webhook() -> Iterator[Receiver]:
    with receiving("webhook", WEBHOOK_SECRET) as receiver:
        yield receiver


def watched(server: EmulatorServer) -> SeriesKey:
    account = first_account(server, "aliyun")
    return ("aliyun", account.name, online_domains(account)[0])


def store_target(qtbot: QtBot, setup: DesktopAlerts, target: Target, url: str, secret: str):
    said: list[str | None] = []
    setup.save_target(target, url, secret, said.append)
    qtbot.waitUntil(lambda: said != [], timeout=30_000)
    assert said == [None]


def rows(tree) -> list[list[str]]:
    return [
        [tree.topLevelItem(r).text(c) for c in range(tree.columnCount())]
        for r in range(tree.topLevelItemCount())
    ]


def select(dialog: AlertsDialog, name: str) -> None:
    [item] = dialog.targets.findItems(name, Qt.MatchFlag.MatchExactly, 0)
    dialog.targets.setCurrentItem(item)


def test_a_rule_on_the_emulators_data_reaches_a_signed_webhook_and_a_dead_one_shows_failing(
    qtbot: QtBot, server: EmulatorServer, window: MainWindow, alerts: Made, webhook: Receiver
) -> None:
    setup = alerts()
    key = watched(server)
    setup.save_rules([Rule(RuleKind.ORIGIN_ABOVE, key[0], key[1], (key[2],), 1e6, name="any")])
    store_target(qtbot, setup, Target("ops-hook", TargetKind.WEBHOOK, 600), webhook.url,
                 WEBHOOK_SECRET)  # fmt: skip
    with receiving("dingtalk", DINGTALK_SECRET) as down:
        dead_url = down.url
    store_target(qtbot, setup, Target("ops-dingtalk", TargetKind.DINGTALK, 600), dead_url,
                 DINGTALK_SECRET)  # fmt: skip

    window.show_sources(list(window.monitor.sources), [key])
    # The receiver accepts only a valid Standard Webhooks signature.
    qtbot.waitUntil(lambda: webhook.texts() != [], timeout=30_000)
    assert webhook.refused == []
    [text] = webhook.texts()
    assert text.startswith(f"[cdnmon] ALERT: {key[2]} (Alibaba Cloud account '{key[1]}')")

    qtbot.waitUntil(lambda: window.alerts_label.isVisible(), timeout=30_000)
    assert window.alerts_label.text().startswith("Alerts: ops-dingtalk failing — ")
    assert "ops-dingtalk" in window.alerts_label.toolTip()

    window.alerts_action.trigger()  # the menu entry (Ctrl+Shift+A)
    dialog = setup.dialog
    assert isinstance(dialog, AlertsDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: "ops-hook: sent" in rows(dialog.history)[0][5], timeout=30_000)
    [row] = rows(dialog.history)
    assert row[1:3] == ["Alert", key[2]] and row[3].endswith("bps")
    assert row[4] == "'any': origin at or above 1 Mbps"
    assert "ops-dingtalk: waiting (" in row[5]
    assert row[6] == f"Alibaba Cloud · {key[1]}"
    states = dict((r[0], r[2]) for r in rows(dialog.targets))
    assert states["ops-hook"] == "Working"
    assert states["ops-dingtalk"].startswith("Failing: ")
    assert rows(dialog.rules) == [["any", f"Alibaba Cloud · {key[1]}: {key[2]}",
                                   "origin at or above 1 Mbps", f"Firing: {key[2]}"]]  # fmt: skip

    select(dialog, "ops-hook")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "reached" in dialog.test_result.text(), timeout=30_000)
    assert dialog.test_result.text() == "The test message reached 'ops-hook'."
    assert webhook.texts()[-1].startswith("[cdnmon] Test message to 'ops-hook', sent ")
    select(dialog, "ops-dingtalk")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "did not reach" in dialog.test_result.text(), timeout=30_000)
    assert dialog.test_result.text().startswith("The test message did not reach 'ops-dingtalk': ")

    # Clicking the status bar's problem opens the dialog too.
    dialog.close()
    qtbot.waitUntil(lambda: setup.dialog is None)
    qtbot.mouseClick(window.alerts_label, Qt.MouseButton.LeftButton)
    assert setup.dialog is not None and setup.dialog.isVisible()


def every_file(root: Path) -> dict[Path, bytes]:
    """Every file under ``root`` and its bytes. The app may be saving meanwhile (the
    delivery journal, on its own thread): a temporary file renamed away between the listing
    and the reading is read again under its own name."""
    while True:
        try:
            return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
        except FileNotFoundError:
            continue


def test_the_set_up_made_in_the_dialog_survives_a_restart_with_secrets_only_in_the_keyring(
    qtbot: QtBot,
    server: EmulatorServer,
    window: MainWindow,
    alerts: Made,
    keyring: DictKeyring,
    tmp_path: Path,
) -> None:
    setup = alerts()
    dialog = setup.open_dialog()
    key = watched(server)

    editor = dialog.add_rule()
    assert editor is not None
    editor.kind.setCurrentIndex(editor.kind.findData(RuleKind.ORIGIN_ABOVE))
    editor.account.setCurrentIndex(editor.accounts.index(key[:2]))
    other = online_domains(first_account(server, "aliyun"))[1]
    editor.domains.setText(f"{key[2]}, {other}")
    editor.accept()  # two domains without a group title: one sentence, the editor stays
    assert editor.isVisible()
    assert editor.error.text() == ("An alert rule over several domains needs a title for the group")
    editor.domains.setText(key[2])
    editor.name.setText("critical")
    editor.threshold.setValue(1.2)
    editor.unit.setCurrentIndex(editor.unit.findData(1e9))
    editor.for_minutes.setValue(5)
    editor.accept()
    assert not editor.isVisible()
    rule = Rule(RuleKind.ORIGIN_ABOVE, key[0], key[1], (key[2],), 1.2e9, 300, name="critical")
    assert setup.rules == [rule]

    targets = dialog.add_target()
    assert targets is not None
    targets.kind.setCurrentIndex(targets.kind.findData(TargetKind.DINGTALK))
    targets.name.setText("ops-dingtalk")
    targets.url.setText("https://oapi.dingtalk.com/robot/send")
    targets.accept()  # no access_token: said, nothing stored
    assert targets.isVisible() and "access_token" in targets.error.text()
    assert keyring.items == {}
    url = f"https://oapi.dingtalk.com/robot/send?access_token={DINGTALK_TOKEN}"
    targets.url.setText(url)
    targets.secret.setText(DINGTALK_SECRET)
    targets.accept()
    qtbot.waitUntil(lambda: setup.targets != [], timeout=30_000)
    assert [r[:2] for r in rows(dialog.targets)] == [["ops-dingtalk", "DingTalk"]]

    restarted = alerts()  # closes the first, as quitting does
    assert restarted.rules == [rule]
    assert restarted.targets == [Target("ops-dingtalk", TargetKind.DINGTALK)]
    assert [s.name for s in restarted.service.status()] == ["ops-dingtalk"]
    stored = restarted.secrets.get("ops-dingtalk")
    assert stored is not None and (stored.url, stored.signing_secret) == (url, DINGTALK_SECRET)
    contents = every_file(tmp_path)
    assert tmp_path / "config" / "alert-rules.json" in contents
    for path, content in contents.items():
        for secret in (DINGTALK_TOKEN, DINGTALK_SECRET):
            assert secret.encode() not in content, path

    # Editing keeps the stored URL and secret when their fields are left empty.
    dialog = restarted.open_dialog()
    select(dialog, "ops-dingtalk")
    editor_again = dialog.edit_target()
    assert editor_again is not None and editor_again.url.text() == ""
    editor_again.enabled.setChecked(False)
    editor_again.accept()
    qtbot.waitUntil(lambda: not restarted.targets[0].enabled, timeout=30_000)
    assert restarted.targets == [Target("ops-dingtalk", TargetKind.DINGTALK, enabled=False)]
    stored = restarted.secrets.get("ops-dingtalk")
    assert stored is not None and (stored.url, stored.signing_secret) == (url, DINGTALK_SECRET)


def test_the_walls_thresholds_reach_the_targets_through_the_same_service(
    qtbot: QtBot,
    server: EmulatorServer,
    clock: ManualClock,
    alerts: Made,
    webhook: Receiver,
) -> None:
    setup = alerts()
    store_target(qtbot, setup, Target("ops-hook", TargetKind.WEBHOOK, 600), webhook.url,
                 WEBHOOK_SECRET)  # fmt: skip
    key = watched(server)
    monitor = Monitor(WorkerPool(), clock=clock)
    monitor.add_source(client_for(server, first_account(server, "aliyun")), list_domains=False)
    wall = WallWindow(monitor, layout_for_domains([key], warning_bps=1e6), clock=clock)
    qtbot.addWidget(wall)
    setup.watch_wall(wall.monitor, wall.spec)
    wall.layout_changed.connect(setup.set_wall_layout)
    wall.sources_ready({})
    wall.show()

    qtbot.waitUntil(lambda: webhook.texts() != [], timeout=30_000)
    [text] = webhook.texts()
    assert text.startswith(f"[cdnmon] ALERT: {key[2]} ")
    assert "'warning': origin at or above 1 Mbps" in text
    dialog = setup.open_dialog()
    assert rows(dialog.rules)[0][:2] == ["wall: warning", f"Alibaba Cloud · {key[1]}: {key[2]}"]
    assert not dialog.edit_rule_button.isVisible() or not dialog.edit_rule_button.isEnabled()

    wall.set_layout(layout_for_domains([key]))  # no threshold left: no rule left
    assert setup.wall_rules == [] and rows(dialog.rules) == []
    wall.close()
    monitor.shutdown()

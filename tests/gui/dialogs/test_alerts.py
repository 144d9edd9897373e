"""The alerts dialog over a real alert service: its targets' states, the history, and test
messages sent over HTTP to a loopback stand-in of Feishu; in English and in Chinese."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cdnmon.alerts.journal import AlertJournal
from cdnmon.alerts.outbox import Backoff
from cdnmon.alerts.rules import Rule, RuleKind
from cdnmon.alerts.service import AlertService
from cdnmon.alerts.targets import Target, TargetKind, TargetSecrets
from cdnmon.gui.alert_text import window_renderer
from cdnmon.gui.dialogs.alert_editors import TargetEditor
from cdnmon.gui.dialogs.alerts import AlertsDialog
from cdnmon.live import snapshot
from cdnmon.model import TimeRange
from tests.alerts.receivers import FEISHU_SECRET, Receiver, receiving
from tests.keyrings import DictKeyring

T0 = 1_760_000_000 // 60 * 60
RULE = Rule(RuleKind.ORIGIN_ABOVE, "aliyun", "prod", (), 1e9, name="origin high")
KEY = ("aliyun", "prod", "img.example.com")


def high() -> dict:
    points = (np.array([float(T0)]), np.array([1.5e9]))
    return {KEY: snapshot.make(KEY, 60, points, TimeRange(T0, T0 + 60), T0 + 60)}


@pytest.fixture
def feishu() -> Iterator[Receiver]:
    with receiving("feishu", FEISHU_SECRET) as receiver:
        yield receiver


@pytest.fixture
def service(tmp_path: Path, feishu: Receiver) -> Iterator[Callable[[], AlertService]]:
    made: list[AlertService] = []

    def make() -> AlertService:
        secrets = TargetSecrets(DictKeyring(), timeout=5)
        working = Target("ops-feishu", TargetKind.FEISHU, per_minute=600)
        secrets.set(working, feishu.url, FEISHU_SECRET)
        unset = Target("ops-slack", TargetKind.SLACK, per_minute=600)  # no URL stored
        made.append(
            AlertService(
                [RULE],
                [working, unset],
                secrets=secrets,
                renderer=window_renderer(),
                store=AlertJournal(tmp_path / "alerts.json"),
                backoff=Backoff(first_s=0.05, max_s=0.3),
            )
        )
        return made[-1]

    yield make
    for alerts in made:
        alerts.close()


def open_dialog(qtbot: QtBot, alerts: AlertService) -> AlertsDialog:
    dialog = AlertsDialog(alerts, alerts.renderer)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def rows(tree) -> list[list[str]]:
    return [
        [tree.topLevelItem(r).text(c) for c in range(tree.columnCount())]
        for r in range(tree.topLevelItemCount())
    ]


def select(dialog: AlertsDialog, name: str) -> None:
    [item] = dialog.targets.findItems(name, Qt.MatchFlag.MatchExactly, 0)
    dialog.targets.setCurrentItem(item)


def test_targets_history_and_test_messages(
    qtbot: QtBot, service: Callable[[], AlertService], feishu: Receiver
) -> None:
    alerts = service()
    dialog = open_dialog(qtbot, alerts)
    assert dialog.history.topLevelItemCount() == 0 and not dialog.test_button.isEnabled()
    alerts.evaluate(high(), now=T0 + 400)
    qtbot.waitUntil(lambda: any("ops-feishu: sent" in row[5] for row in rows(dialog.history)))
    qtbot.waitUntil(lambda: rows(dialog.targets)[1][2].startswith("Failing"))
    [row] = rows(dialog.history)
    assert row[1:5] == [
        "Alert",
        "img.example.com",
        "1.5 Gbps",
        "'origin high': origin at or above 1 Gbps",
    ]
    assert "ops-slack: waiting (" in row[5]
    assert row[6] == "Alibaba Cloud · prod"
    feishu_row, slack_row = rows(dialog.targets)
    assert feishu_row == ["ops-feishu", "Feishu/Lark", "Working"]
    assert slack_row[2].startswith("Failing: no webhook URL is stored for alert target 'ops-slack'")
    item = dialog.history.topLevelItem(0)
    assert item.toolTip(1).startswith("[cdnmon] ALERT: img.example.com")

    select(dialog, "ops-feishu")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "reached" in dialog.test_result.text())
    assert dialog.test_result.text() == "The test message reached 'ops-feishu'."
    assert feishu.texts()[-1].startswith("[cdnmon] Test message to 'ops-feishu', sent ")
    select(dialog, "ops-slack")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "did not reach" in dialog.test_result.text())


def test_the_dialog_and_the_messages_in_chinese(
    qtbot: QtBot, chinese: str, service: Callable[[], AlertService], feishu: Receiver
) -> None:
    alerts = service()
    dialog = open_dialog(qtbot, alerts)
    alerts.evaluate(high(), now=T0 + 400)
    qtbot.waitUntil(lambda: feishu.texts() != [])
    [text] = feishu.texts()
    lines = text.splitlines()
    assert lines[0] == "[cdnmon] 告警：img.example.com（阿里云账号“prod”）"
    assert lines[1] == "回源带宽 1.5 Gbps，达到或超过 1 Gbps。"
    assert lines[3] == "规则：“origin high”：回源带宽达到或超过 1 Gbps"
    qtbot.waitUntil(lambda: dialog.history.topLevelItemCount() == 1)
    header = dialog.history.headerItem()
    assert [header.text(c) for c in range(7)] == [
        "时间", "告警", "域名", "数值", "规则", "投递", "账号",
    ]  # fmt: skip
    assert [dialog.tabs.tabText(i) for i in range(3)] == ["规则", "通知目标", "历史"]
    assert rows(dialog.history)[0][1] == "告警"
    assert dialog.test_button.text().startswith("发送测试消息")

    # Why a target fails, in the states, the history's tooltip and a test message's result.
    no_url = "密钥环中没有保存告警目标“ops-slack”的 Webhook 地址；请在告警设置中重新输入"
    qtbot.waitUntil(lambda: rows(dialog.targets)[1][2].startswith("发送失败"))
    assert rows(dialog.targets)[1] == ["ops-slack", "Slack", f"发送失败：{no_url}"]
    assert f"ops-slack: {no_url}" in dialog.history.topLevelItem(0).toolTip(5).splitlines()
    select(dialog, "ops-slack")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "没有" in dialog.test_result.text())
    assert dialog.test_result.text().endswith(no_url)


def test_the_target_editor_says_what_is_wrong_with_a_url_in_chinese(
    qtbot: QtBot, chinese: str
) -> None:
    editor = TargetEditor(lambda *args: None)
    qtbot.addWidget(editor)
    editor.kind.setCurrentIndex(editor.kind.findData(TargetKind.DINGTALK))
    editor.name.setText("ops-dingtalk")
    editor.url.setText("http://oapi.dingtalk.com/robot/send?access_token=abc")
    editor.accept()
    assert editor.error.text() == (
        "钉钉 的 Webhook 地址使用了未加密的 http：只有本机回环地址可以不用 TLS；请使用 https://"
    )

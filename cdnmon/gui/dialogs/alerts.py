"""Where the alerts went: each target's state with a test button, and the alert history.

Everything shown is read from the :class:`~cdnmon.alerts.service.AlertService`; it calls
back on its own threads, so those calls only emit a signal and the dialog re-reads on the
GUI thread. Nothing here waits for the network or the keyring.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cdnmon.alerts.journal import Delivery, Entry, State
from cdnmon.alerts.outbox import TargetStatus
from cdnmon.alerts.service import AlertService
from cdnmon.alerts.targets import KINDS
from cdnmon.alerts.text import Renderer
from cdnmon.gui.alert_text import moment_text
from cdnmon.gui.dialogs.accounts import ERROR_COLOR, OK_COLOR
from cdnmon.gui.i18n import arg
from cdnmon.gui.labels import account_label

translate = QCoreApplication.translate


def kind_title(status: TargetStatus) -> str:
    titles = {
        "dingtalk": translate("AlertsDialog", "DingTalk"),
        "wecom": translate("AlertsDialog", "WeCom"),
        "feishu": translate("AlertsDialog", "Feishu/Lark"),
        "slack": translate("AlertsDialog", "Slack"),
        "webhook": translate("AlertsDialog", "JSON webhook"),
    }
    return titles.get(status.kind.value, KINDS[status.kind].title)


class AlertsDialog(QDialog):
    """The targets on top (select one to send it a test message), the history below."""

    _changed = Signal()
    _tested = Signal(str, object)  # target name, and None or the problem

    def __init__(
        self, service: AlertService, renderer: Renderer, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Alerts"))
        self.service = service
        self.renderer = renderer
        self._build()
        self._changed.connect(self.refresh)
        self._tested.connect(self._show_test)
        # Called on the service's threads: only a signal crosses to this one.
        service.add_listener(self._changed.emit)
        self.destroyed.connect(lambda: service.remove_listener(self._changed.emit))
        self.refresh()
        self.resize(900, 560)

    def _build(self) -> None:
        self.targets = QTreeWidget()
        self.targets.setHeaderLabels([self.tr("Target"), self.tr("Kind"), self.tr("State")])
        self.targets.setRootIsDecorated(False)
        self.targets.currentItemChanged.connect(self._update_buttons)
        self.test_button = QPushButton(self.tr("Send &test message"))
        self.test_button.setToolTip(self.tr("Send a message to the selected target now"))
        self.test_button.clicked.connect(self.send_test)
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignTop)
        test_row.addWidget(self.test_result, 1)
        targets_box = QGroupBox(self.tr("Targets"))
        targets_layout = QVBoxLayout(targets_box)
        targets_layout.addWidget(self.targets)
        targets_layout.addLayout(test_row)

        self.history = QTreeWidget()
        self.history.setHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Alert"),
                self.tr("Domain"),
                self.tr("Account"),
                self.tr("Rule"),
                self.tr("Delivery"),
            ]
        )
        self.history.setRootIsDecorated(False)
        self.storage_notice = QLabel()
        self.storage_notice.setWordWrap(True)
        self.storage_notice.setStyleSheet(f"color: {ERROR_COLOR}")
        self.storage_notice.hide()
        history_box = QGroupBox(self.tr("History"))
        history_layout = QVBoxLayout(history_box)
        history_layout.addWidget(self.storage_notice)
        history_layout.addWidget(self.history)

        close_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close_box.rejected.connect(self.reject)
        root = QVBoxLayout(self)
        root.addWidget(targets_box, 1)
        root.addWidget(history_box, 2)
        root.addWidget(close_box)

    # ---- reading the service ------------------------------------------------------------

    def refresh(self) -> None:
        selected = self.selected_target()
        self.targets.clear()
        for status in self.service.status():
            item = QTreeWidgetItem([status.name, kind_title(status), self.target_state(status)])
            item.setData(0, Qt.ItemDataRole.UserRole, status.name)
            if status.failing:
                item.setForeground(2, QBrush(QColor(ERROR_COLOR)))
                item.setToolTip(2, status.last_error)
            self.targets.addTopLevelItem(item)
            if status.name == selected:
                self.targets.setCurrentItem(item)
        self.history.clear()
        for entry in reversed(self.service.history()):
            self.history.addTopLevelItem(self._history_row(entry))
        problem = self.service.storage_problem
        self.storage_notice.setText(problem or "")
        self.storage_notice.setVisible(bool(problem))
        for tree in (self.targets, self.history):
            for column in range(tree.columnCount() - 1):
                tree.resizeColumnToContents(column)
        self._update_buttons()

    def _history_row(self, entry: Entry) -> QTreeWidgetItem:
        event = entry.event
        subject = event.subject
        change = self.tr("Alert") if event.fired else self.tr("Resolved")
        deliveries = sorted(entry.deliveries.values(), key=lambda d: d.target)
        delivery = "; ".join(self.delivery_text(d) for d in deliveries) or self.tr("no target")
        item = QTreeWidgetItem(
            [
                moment_text(event.at),
                change,
                subject.title,
                account_label(subject.provider, subject.account),
                self.renderer.rule_summary(event.rule),
                delivery,
            ]
        )
        item.setToolTip(1, entry.text)
        if subject.is_group:
            item.setToolTip(2, ", ".join(subject.domains))
        problems = [f"{d.target}: {d.last_error}" for d in deliveries if d.last_error]
        if problems:
            item.setToolTip(5, "\n".join(problems))
        if event.fired:
            item.setForeground(1, QBrush(QColor(ERROR_COLOR)))
        return item

    def target_state(self, status: TargetStatus) -> str:
        """``Failing: …``, ``3 waiting``, ``Working``, ``Off``."""
        if not status.enabled:
            said = self.tr("Off")
        elif status.failing:
            said = arg(self.tr("Failing: %1"), status.last_error)
        elif status.queued:
            said = self.tr("%n waiting", "", status.queued)
        elif status.last_sent_at is not None:
            said = self.tr("Working")
        else:
            said = self.tr("Nothing sent yet")
        if status.dropped:
            said += " " + self.tr("(%n not delivered)", "", status.dropped)
        return said

    def delivery_text(self, delivery: Delivery) -> str:
        if delivery.state is State.SENT:
            return arg(self.tr("%1: sent"), delivery.target)
        if delivery.state is State.DROPPED:
            return arg(self.tr("%1: not delivered"), delivery.target)
        return arg(self.tr("%1: waiting (%n tries)", "", delivery.attempts), delivery.target)

    def selected_target(self) -> str | None:
        item = self.targets.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _update_buttons(self) -> None:
        self.test_button.setEnabled(self.selected_target() is not None)

    # ---- test messages ------------------------------------------------------------------

    def send_test(self) -> None:
        name = self.selected_target()
        if name is None:
            return
        self.test_result.setStyleSheet("")
        self.test_result.setText(arg(self.tr("Sending a test message to '%1'…"), name))
        self.service.send_test(name, lambda problem: self._tested.emit(name, problem))

    def _show_test(self, name: str, problem: str | None) -> None:
        if problem is None:
            text, color = arg(self.tr("The test message reached '%1'."), name), OK_COLOR
        else:
            text = arg(self.tr("The test message did not reach '%1': %2"), name, problem)
            color = ERROR_COLOR
        self.test_result.setStyleSheet(f"color: {color}")
        self.test_result.setText(text)

"""The alerts: rules (what to watch), targets (where messages go, with a test button) and
the history of what fired and how it was delivered.

Everything shown is read from the :class:`~cdnmon.alerts.service.AlertService`; it calls
back on its own threads, so those calls only emit a signal and the dialog re-reads on the
GUI thread. Rules and targets are changed through ``setup`` (the app's
:class:`~cdnmon.gui.alerting.DesktopAlerts`), which saves them and keeps URLs and secrets
in the keyring off this thread; without one the dialog only shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cdnmon.alerts.events import AlertEvent
from cdnmon.alerts.journal import Delivery, Entry, State
from cdnmon.alerts.outbox import TargetStatus
from cdnmon.alerts.rules import Rule, RuleKind
from cdnmon.alerts.service import AlertService
from cdnmon.alerts.targets import Target
from cdnmon.alerts.text import Renderer, percent
from cdnmon.gui.alert_text import moment_text
from cdnmon.gui.dialogs.accounts import ERROR_COLOR, OK_COLOR
from cdnmon.gui.dialogs.alert_editors import (
    NOTE_COLOR,
    RuleEditor,
    TargetEditor,
    error_label,
    target_kind_title,
)
from cdnmon.gui.error_text import explain, say, sentence
from cdnmon.gui.i18n import arg
from cdnmon.gui.labels import source_title
from cdnmon.gui.locale_format import age, format_bps
from cdnmon.model import InputError

translate = QCoreApplication.translate
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
Done = Callable[[str | None], None]


class AlertSetup(Protocol):
    """What the dialog changes the rules and targets through."""

    rules: list[Rule]
    wall_rules: list[Rule]
    targets: list[Target]

    def sources(self) -> dict[tuple[str, str], list[str]]: ...

    def save_rules(self, rules: list[Rule]) -> None: ...

    def save_target(
        self, target: Target, url: str | None, signing_secret: str | None, done: Done
    ) -> None: ...

    def remove_target(self, name: str, done: Done) -> None: ...


def kind_title(status: TargetStatus) -> str:
    return target_kind_title(status.kind)


class SortedItem(QTreeWidgetItem):
    """A row that sorts by each column's ``SORT_ROLE`` value where it has one (times and
    values as numbers, not as their text)."""

    def __lt__(self, other: QTreeWidgetItem) -> bool:
        tree = self.treeWidget()
        column = tree.sortColumn() if tree is not None else 0
        mine, theirs = self.data(column, SORT_ROLE), other.data(column, SORT_ROLE)
        if mine is not None and theirs is not None:
            return mine < theirs
        return self.text(column).lower() < other.text(column).lower()


def _button(text: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    return button


class AlertsDialog(QDialog):
    """Rules, Targets and History, each on its own tab."""

    _changed = Signal()
    _tested = Signal(str, object)  # target name, and None or the problem

    def __init__(
        self,
        service: AlertService,
        renderer: Renderer,
        parent: QWidget | None = None,
        *,
        setup: AlertSetup | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Alerts"))
        self.service = service
        self.renderer = renderer
        self.setup = setup
        self._build()
        self._changed.connect(self.refresh)
        self._tested.connect(self._show_test)
        # Called on the service's threads: only a signal crosses to this one.
        service.add_listener(self._changed.emit)
        self.destroyed.connect(lambda: service.remove_listener(self._changed.emit))
        self.refresh()
        self.resize(1100, 560)

    # ---- building -----------------------------------------------------------------------

    def _build(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.addTab(self._rules_tab(), self.tr("Rules"))
        self.tabs.addTab(self._targets_tab(), self.tr("Targets"))
        self.tabs.addTab(self._history_tab(), self.tr("History"))
        close_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close_box.rejected.connect(self.reject)
        root = QVBoxLayout(self)
        root.addWidget(self.tabs, 1)
        root.addWidget(close_box)

    def _tree(self, headers: list[str]) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setHeaderLabels(headers)
        tree.setRootIsDecorated(False)
        tree.setAlternatingRowColors(True)
        return tree

    def _rules_tab(self) -> QWidget:
        self.rules = self._tree(
            [self.tr("Name"), self.tr("Watches"), self.tr("Condition"), self.tr("Now")]
        )
        self.rules.setToolTip(self.tr("Double-click a rule to edit it"))
        self.rules.itemDoubleClicked.connect(lambda *_: self.edit_rule())
        self.rules.currentItemChanged.connect(self._update_buttons)
        self.add_rule_button = _button(self.tr("&Add…"), self.tr("Add a rule"))
        self.edit_rule_button = _button(self.tr("&Edit…"), self.tr("Change the selected rule"))
        self.remove_rule_button = _button(self.tr("&Remove"), self.tr("Remove the selected rule"))
        self.add_rule_button.clicked.connect(self.add_rule)
        self.edit_rule_button.clicked.connect(self.edit_rule)
        self.remove_rule_button.clicked.connect(self.remove_rule)
        self.rules_error = error_label()
        return self._tab(
            self.rules,
            [self.add_rule_button, self.edit_rule_button, self.remove_rule_button],
            self.rules_error,
        )

    def _targets_tab(self) -> QWidget:
        self.targets = self._tree([self.tr("Target"), self.tr("Kind"), self.tr("State")])
        self.targets.setToolTip(
            self.tr("Where alert messages go; their URLs and secrets are in the system keyring")
        )
        self.targets.itemDoubleClicked.connect(lambda *_: self.edit_target())
        self.targets.currentItemChanged.connect(self._update_buttons)
        self.add_target_button = _button(self.tr("A&dd…"), self.tr("Add a chat robot or webhook"))
        self.edit_target_button = _button(
            self.tr("Ed&it…"), self.tr("Change the selected target, its URL or its secret")
        )
        self.remove_target_button = _button(
            self.tr("Re&move"), self.tr("Remove the selected target and its keyring entry")
        )
        self.add_target_button.clicked.connect(self.add_target)
        self.edit_target_button.clicked.connect(self.edit_target)
        self.remove_target_button.clicked.connect(self.remove_target)
        self.test_button = _button(
            self.tr("Send &test message"), self.tr("Send a message to the selected target now")
        )
        self.test_button.clicked.connect(self.send_test)
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.targets_error = error_label()
        buttons = [self.add_target_button, self.edit_target_button, self.remove_target_button]
        tab = self._tab(self.targets, buttons, self.targets_error)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignTop)
        test_row.addWidget(self.test_result, 1)
        layout = tab.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.addLayout(test_row)
        return tab

    def _history_tab(self) -> QWidget:
        self.history = self._tree(
            [
                self.tr("Time"),
                self.tr("Alert"),
                self.tr("Domain"),
                self.tr("Value"),
                self.tr("Rule"),
                self.tr("Delivery"),
                self.tr("Account"),
            ]
        )
        self.history.setToolTip(
            self.tr("Every alert kept, newest first; click a column's title to sort by it")
        )
        self.history.setSortingEnabled(True)
        self.history.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.storage_notice = error_label()
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.storage_notice)
        layout.addWidget(self.history, 1)
        return tab

    def _tab(self, tree: QTreeWidget, buttons: list[QPushButton], problem: QLabel) -> QWidget:
        tab = QWidget()
        row = QHBoxLayout()
        row.addWidget(tree, 1)
        column = QVBoxLayout()
        for button in buttons:
            column.addWidget(button)
            button.setVisible(self.setup is not None)
        column.addStretch(1)
        row.addLayout(column)
        layout = QVBoxLayout(tab)
        layout.addLayout(row, 1)
        layout.addWidget(problem)
        return tab

    # ---- reading the service ------------------------------------------------------------

    def refresh(self) -> None:
        self._show_rules()
        self._show_targets()
        self._show_history()
        self._update_buttons()

    def _show_rules(self) -> None:
        at = self.rules.indexOfTopLevelItem(self.rules.currentItem())
        self.rules.clear()
        setup = self.setup
        own = setup.rules if setup is not None else self.service.engine.rules
        wall = setup.wall_rules if setup is not None else []
        firing: dict[str, list[str]] = {}
        for rule_key, subject_key in self.service.engine.firing:
            firing.setdefault(rule_key, []).append(subject_key.split("/", 2)[-1])
        for index, rule in enumerate([*own, *wall]):
            from_wall = index >= len(own)
            name = arg(self.tr("wall: %1"), rule.name) if from_wall else rule.name
            now = firing.get(rule.key, [])
            item = QTreeWidgetItem(
                [
                    name,
                    self.scope_text(rule),
                    self.renderer.rule_summary(replace(rule, name="")),
                    arg(self.tr("Firing: %1"), ", ".join(sorted(now))) if now else self.tr("Quiet"),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, None if from_wall else index)
            if now:
                item.setForeground(3, QBrush(QColor(ERROR_COLOR)))
                item.setToolTip(3, "\n".join(sorted(now)))
            if from_wall:
                tip = self.tr("A threshold of the wall layout: change it in the layout file")
                for column in range(4):
                    item.setForeground(column, QBrush(QColor(NOTE_COLOR)))
                    item.setToolTip(column, tip)
            self.rules.addTopLevelItem(item)
        if 0 <= at < self.rules.topLevelItemCount():
            self.rules.setCurrentItem(self.rules.topLevelItem(at))
        self._fit(self.rules)

    def scope_text(self, rule: Rule) -> str:
        """``Alibaba Cloud · prod: every watched domain`` / a domain / a group."""
        account = source_title(rule.provider, rule.account)
        if not rule.domains:
            return arg(self.tr("%1: every watched domain"), account)
        if len(rule.domains) == 1:
            return arg(self.tr("%1: %2"), account, rule.domains[0])
        group = arg(self.tr("%1 (%2)"), rule.title, ", ".join(rule.domains))
        return arg(self.tr("%1: %2"), account, group)

    def _show_targets(self) -> None:
        selected = self.selected_target()
        self.targets.clear()
        for status in self.service.status():
            item = QTreeWidgetItem([status.name, kind_title(status), self.target_state(status)])
            item.setData(0, Qt.ItemDataRole.UserRole, status.name)
            if status.failing:
                item.setForeground(2, QBrush(QColor(ERROR_COLOR)))
                item.setToolTip(2, say(status.last_error))
            self.targets.addTopLevelItem(item)
            if status.name == selected:
                self.targets.setCurrentItem(item)
        self._fit(self.targets)

    def _show_history(self) -> None:
        self.history.setSortingEnabled(False)
        self.history.clear()
        for entry in self.service.history():
            self.history.addTopLevelItem(self._history_row(entry))
        self.history.setSortingEnabled(True)
        problem = self.service.storage_problem
        self.storage_notice.setText(say(problem) if problem else "")
        self.storage_notice.setVisible(bool(problem))
        self._fit(self.history)

    @staticmethod
    def _fit(tree: QTreeWidget) -> None:
        for column in range(tree.columnCount() - 1):
            tree.resizeColumnToContents(column)

    def _history_row(self, entry: Entry) -> QTreeWidgetItem:
        event = entry.event
        subject = event.subject
        change = self.tr("Alert") if event.fired else self.tr("Resolved")
        deliveries = sorted(entry.deliveries.values(), key=lambda d: d.target)
        delivery = "; ".join(self.delivery_text(d) for d in deliveries) or self.tr("no target")
        item = SortedItem(
            [
                moment_text(event.at),
                change,
                subject.title,
                self.value_text(event),
                self.renderer.rule_summary(event.rule),
                delivery,
                source_title(subject.provider, subject.account),
            ]
        )
        item.setData(0, SORT_ROLE, event.at)
        item.setData(3, SORT_ROLE, event.value)
        item.setToolTip(1, entry.text)
        if subject.is_group:
            item.setToolTip(2, ", ".join(subject.domains))
        problems = [f"{d.target}: {say(d.last_error)}" for d in deliveries if d.last_error]
        if problems:
            item.setToolTip(5, "\n".join(problems))
        if event.fired:
            item.setForeground(1, QBrush(QColor(ERROR_COLOR)))
        return item

    def value_text(self, event: AlertEvent) -> str:
        """The rule's measure where it decided, in its unit."""
        kind = event.rule.kind
        if kind is RuleKind.ORIGIN_ABOVE:
            return format_bps(event.value)
        if kind is RuleKind.ORIGIN_UP:
            return percent(event.value, signed=True)
        if kind is RuleKind.OFFLOAD_BELOW:
            return percent(event.value)
        return age(event.value)

    def target_state(self, status: TargetStatus) -> str:
        """``Failing: …``, ``3 waiting``, ``Working``, ``Off``."""
        if not status.enabled:
            said = self.tr("Off")
        elif status.failing:
            said = arg(self.tr("Failing: %1"), say(status.last_error))
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

    def selected_rule(self) -> int | None:
        """The selected rule's place among the person's own rules (None: none, or the
        wall's)."""
        item = self.rules.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _update_buttons(self) -> None:
        has_target = self.selected_target() is not None
        self.test_button.setEnabled(has_target)
        self.edit_target_button.setEnabled(has_target)
        self.remove_target_button.setEnabled(has_target)
        has_rule = self.selected_rule() is not None
        self.edit_rule_button.setEnabled(has_rule)
        self.remove_rule_button.setEnabled(has_rule)

    # ---- changing the set-up ------------------------------------------------------------

    def add_rule(self) -> RuleEditor | None:
        return self._edit_rule(None)

    def edit_rule(self) -> RuleEditor | None:
        index = self.selected_rule()
        return None if index is None else self._edit_rule(index)

    def _edit_rule(self, index: int | None) -> RuleEditor | None:
        """Open the rule editor (non-modal: tests and people alike can look at it)."""
        setup = self.setup
        if setup is None:
            return None
        old = setup.rules[index] if index is not None else None
        editor = RuleEditor(setup.sources(), old, self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            assert editor.rule is not None
            rules = list(setup.rules)
            if index is None:
                rules.append(editor.rule)
            else:
                rules[index] = editor.rule
            self._save_rules(rules)

        editor.accepted.connect(accepted)
        editor.show()
        return editor

    def remove_rule(self) -> None:
        index = self.selected_rule()
        if self.setup is not None and index is not None:
            self._save_rules([r for i, r in enumerate(self.setup.rules) if i != index])

    def _save_rules(self, rules: list[Rule]) -> None:
        assert self.setup is not None
        try:
            self.setup.save_rules(rules)
        except InputError as error:  # the file could not be written
            self._say(self.rules_error, explain(error))
            return
        self._say(self.rules_error, None)
        self.refresh()

    def add_target(self) -> TargetEditor | None:
        return self._edit_target(None)

    def edit_target(self) -> TargetEditor | None:
        name = self.selected_target()
        return None if name is None else self._edit_target(name)

    def _edit_target(self, name: str | None) -> TargetEditor | None:
        setup = self.setup
        if setup is None:
            return None
        old = next((t for t in setup.targets if t.name == name), None)
        taken = frozenset(t.name for t in setup.targets)
        editor = TargetEditor(setup.save_target, old, taken, self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.accepted.connect(self.refresh)
        editor.show()
        return editor

    def remove_target(self) -> None:
        name = self.selected_target()
        if self.setup is None or name is None:
            return

        def done(problem: str | None) -> None:
            self._say(self.targets_error, problem)
            self.refresh()

        self.setup.remove_target(name, done)

    @staticmethod
    def _say(label: QLabel, problem: str | None) -> None:
        label.setText(sentence(problem or ""))
        label.setVisible(bool(problem))

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
            text = arg(self.tr("The test message did not reach '%1': %2"), name, say(problem))
            color = ERROR_COLOR
        self.test_result.setStyleSheet(f"color: {color}")
        self.test_result.setText(text)

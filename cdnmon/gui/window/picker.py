"""The account and domain picker: accounts as branches, domains with check boxes, a filter."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cdnmon.gui.i18n import arg
from cdnmon.gui.labels import domain_status
from cdnmon.gui.labels import source_title as account_title
from cdnmon.live.keys import SeriesKey, SourceKey
from cdnmon.providers.base import Domain

KEY_ROLE = Qt.ItemDataRole.UserRole
ERROR_COLOUR = QColor("#d64545")


def source_title(key: SourceKey) -> str:
    return account_title(*key)


class DomainPicker(QWidget):
    """Emits ``selection_changed`` with the checked domains whenever a box is toggled."""

    selection_changed = Signal(object)  # list[SeriesKey]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit(placeholderText=self.tr("Filter domains (Ctrl+F)"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setToolTip(self.tr("Show only domains whose name contains this text"))
        self.filter.textChanged.connect(self._apply_filter)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.itemChanged.connect(self._item_changed)
        select_all = QPushButton(self.tr("Select all"))
        select_all.setToolTip(self.tr("Check every domain shown (the filter applies)"))
        select_all.clicked.connect(lambda: self._check_visible(True))
        select_none = QPushButton(self.tr("Select none"))
        select_none.setToolTip(self.tr("Uncheck every domain shown (the filter applies)"))
        select_none.clicked.connect(lambda: self._check_visible(False))
        buttons = QHBoxLayout()
        buttons.addWidget(select_all)
        buttons.addWidget(select_none)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_filter)
        self._sources: dict[SourceKey, QTreeWidgetItem] = {}
        self._wanted: set[SeriesKey] = set()
        self._quiet = False

    def focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    # ---- content --------------------------------------------------------------------

    def add_source(self, key: SourceKey) -> None:
        if key in self._sources:
            return
        item = QTreeWidgetItem([arg(self.tr("%1 (loading domains…)"), source_title(key))])
        item.setData(0, KEY_ROLE, key)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.tree.addTopLevelItem(item)
        item.setExpanded(True)
        self._sources[key] = item

    def remove_source(self, key: SourceKey) -> None:
        item = self._sources.pop(key, None)
        if item is not None:
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))

    def set_domains(self, key: SourceKey, domains: Iterable[Domain]) -> None:
        """Show the account's domains, keeping (or restoring) what was checked."""
        self.add_source(key)
        item = self._sources[key]
        self._quiet = True
        item.takeChildren()
        item.setText(0, source_title(key))
        item.setToolTip(0, "")
        item.setForeground(0, QBrush())
        for domain in sorted(domains, key=lambda d: d.name):
            child = QTreeWidgetItem([domain.name])
            child.setData(0, KEY_ROLE, (*key, domain.name))
            child.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            checked = (*key, domain.name) in self._wanted
            child.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            if not domain.online:
                status = domain_status(domain.status)
                child.setText(0, f"{domain.name} ({status})")
                child.setToolTip(0, arg(self.tr("The provider lists this domain as %1"), status))
            item.addChild(child)
        self._quiet = False
        self._apply_filter(self.filter.text())

    def set_source_error(self, key: SourceKey, message: str) -> None:
        """Say inline, on the account itself, why its domains are missing."""
        self.add_source(key)
        item = self._sources[key]
        text = arg(self.tr("%1: %2", "account: its error"), source_title(key), message)
        item.setText(0, text if message else source_title(key))
        item.setToolTip(0, message)
        item.setForeground(0, QBrush(ERROR_COLOUR) if message else QBrush())

    def set_domain_error(self, key: SeriesKey, message: str) -> None:
        child = self._child(key)
        if child is not None:
            child.setForeground(0, QBrush(ERROR_COLOUR) if message else QBrush())
            child.setToolTip(0, message)

    # ---- selection ------------------------------------------------------------------

    def set_checked(self, keys: Iterable[SeriesKey]) -> None:
        """Check these (now, or once their account's domains arrive)."""
        self._wanted = set(keys)
        self._quiet = True
        for child in self._children():
            key = child.data(0, KEY_ROLE)
            state = Qt.CheckState.Checked if key in self._wanted else Qt.CheckState.Unchecked
            child.setCheckState(0, state)
        self._quiet = False

    def checked(self) -> list[SeriesKey]:
        return [
            child.data(0, KEY_ROLE)
            for child in self._children()
            if child.checkState(0) == Qt.CheckState.Checked
        ]

    def wanted(self) -> list[SeriesKey]:
        """Checked domains plus remembered ones whose account has not answered yet."""
        return sorted(self._wanted)

    def _children(self) -> list[QTreeWidgetItem]:
        return [item.child(i) for item in self._sources.values() for i in range(item.childCount())]

    def _child(self, key: SeriesKey) -> QTreeWidgetItem | None:
        return next((c for c in self._children() if c.data(0, KEY_ROLE) == key), None)

    def _item_changed(self, item: QTreeWidgetItem) -> None:
        if self._quiet or item.parent() is None:
            return
        key = item.data(0, KEY_ROLE)
        if item.checkState(0) == Qt.CheckState.Checked:
            self._wanted.add(key)
        else:
            self._wanted.discard(key)
        self.selection_changed.emit(self.checked())

    def _check_visible(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self._quiet = True
        for child in self._children():
            if not child.isHidden():
                child.setCheckState(0, state)
                key = child.data(0, KEY_ROLE)
                (self._wanted.add if checked else self._wanted.discard)(key)
        self._quiet = False
        self.selection_changed.emit(self.checked())

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().lower()
        for child in self._children():
            child.setHidden(bool(needle) and needle not in child.text(0).lower())

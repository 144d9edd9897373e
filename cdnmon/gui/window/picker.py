"""The account and domain picker: accounts as branches, domains with check boxes, a filter.

A tree view over :class:`DomainTreeModel`, so thousands of domains cost what the rows on
screen cost: a keystroke in the filter, "Select all" and a restored choice are one model
signal per account and one ``selection_changed``.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from cdnmon.gui.window.domain_tree import KEY_ROLE, DomainTreeModel
from cdnmon.live.keys import SeriesKey, SourceKey
from cdnmon.providers.base import Domain

__all__ = ["KEY_ROLE", "DomainPicker"]

# From the filter, these keys go on into the list (the filter keeps its text).
_INTO_LIST = (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)


class DomainPicker(QWidget):
    """Emits ``selection_changed`` with the checked domains whenever a box is toggled."""

    selection_changed = Signal(object)  # list[SeriesKey]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit(placeholderText=self.tr("Filter domains (Ctrl+F)"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setToolTip(self.tr("Show only domains whose name contains this text"))
        self.filter.textChanged.connect(self._apply_filter)
        self.filter.installEventFilter(self)
        self.domains = DomainTreeModel()
        self.domains.toggled.connect(self._toggled)
        self.tree = QTreeView()
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)  # the view need not measure thousands of rows
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.tree.setModel(self.domains)
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

    def focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.filter
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _INTO_LIST
        ):
            self._focus_list()
            return True
        return super().eventFilter(watched, event)

    def _focus_list(self) -> None:
        """Into the list at its first domain shown, where space checks it."""
        model, tree = self.domains, self.tree
        for row in range(model.rowCount()):
            first = model.index(0, 0, model.index(row, 0))
            if first.isValid():
                tree.setCurrentIndex(first)
                break
        tree.setFocus()

    # ---- content --------------------------------------------------------------------

    def add_source(self, key: SourceKey) -> None:
        if not self.domains.account_index(key).isValid():
            self.tree.expand(self.domains.add_account(key))  # once: a collapse is kept

    def remove_source(self, key: SourceKey) -> None:
        self.domains.remove_account(key)

    def set_domains(self, key: SourceKey, domains: Iterable[Domain]) -> None:
        """Show the account's domains, keeping (or restoring) what was checked."""
        self.add_source(key)
        self.domains.set_domains(key, domains, self.tr("The provider lists this domain as %1"))

    def set_source_error(self, key: SourceKey, message: str) -> None:
        """Say inline, on the account itself, why its domains are missing."""
        self.add_source(key)
        self.domains.set_account_error(key, message)

    def set_domain_error(self, key: SeriesKey, message: str) -> None:
        self.domains.set_domain_error(key, message)

    # ---- selection ------------------------------------------------------------------

    def set_checked(self, keys: Iterable[SeriesKey]) -> None:
        """Check these (now, or once their account's domains arrive)."""
        self.domains.set_wanted(keys)

    def checked(self) -> list[SeriesKey]:
        return self.domains.checked()

    def wanted(self) -> list[SeriesKey]:
        """Checked domains plus remembered ones whose account has not answered yet."""
        return sorted(self.domains.wanted)

    def _toggled(self) -> None:
        self.selection_changed.emit(self.checked())

    def _check_visible(self, checked: bool) -> None:
        self.domains.check_shown(checked)
        self.selection_changed.emit(self.checked())

    def _apply_filter(self, text: str) -> None:
        self.domains.set_filter(text)

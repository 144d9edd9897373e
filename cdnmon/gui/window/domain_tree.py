"""The picker's model: accounts as branches, their domains as checkable rows, a filter.

Built for thousands of domains: a domain is a few Python fields, not a widget item; the
check marks are one set of keys; the filter keeps, per account, the positions of the
domains that match, so the view asks only for rows it shows. Filtering, "select all" and a
restored choice each cost one model signal per account, never one per domain.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QLocale, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from cdnmon.gui.i18n import arg
from cdnmon.gui.labels import domain_status, source_title
from cdnmon.gui.table_model import Index
from cdnmon.live.keys import SeriesKey, SourceKey
from cdnmon.providers.base import Domain

# pyside6-lupdate finds strings only in calls with a literal context; these read as the
# picker's own, where they always were.
translate = QCoreApplication.translate

KEY_ROLE = Qt.ItemDataRole.UserRole
ERROR_COLOUR = QColor("#d64545")

# Plain ints and prepared flags: data() and flags() run once per shown row, and enum
# arithmetic in Python is slower than the rest of a row's work together.
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_CHECK = Qt.ItemDataRole.CheckStateRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_KEY = KEY_ROLE.value
_CHECKED = Qt.CheckState.Checked.value
_UNCHECKED = Qt.CheckState.Unchecked.value
_ACCOUNT_FLAGS = Qt.ItemFlag.ItemIsEnabled
_DOMAIN_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemNeverHasChildren
)
_ERROR_BRUSH = QBrush(ERROR_COLOUR)
_DIGITS = re.compile(r"\d+")


def natural_key(name: str) -> str:
    """``img2`` before ``img10``: numbers in a name compare as numbers (padded to a width no
    domain label reaches), the rest as text, so ``img.`` still comes before ``img1.``."""
    return _DIGITS.sub(lambda found: found[0].zfill(64), name.lower())


@dataclass(slots=True)
class _Domain:
    key: SeriesKey
    label: str  # the name, with its state when not online
    folded: str  # the label in lower case, what the filter matches
    tip: str  # why it is marked, when it is


@dataclass(slots=True)
class _Account:
    key: SourceKey
    serial: int  # a domain row's internal id: which account it belongs to
    listed: bool = False
    message: str = ""  # why its domains are missing, if they are
    domains: list[_Domain] = field(default_factory=list)
    positions: dict[str, int] = field(default_factory=dict)  # name -> place in domains
    shown: list[int] = field(default_factory=list)  # places in domains, ascending


class DomainTreeModel(QAbstractItemModel):
    """Two levels: accounts (internal id 0), then their domains that pass the filter."""

    toggled = Signal()  # a person checked or unchecked one domain

    def __init__(self) -> None:
        super().__init__()
        self._accounts: list[_Account] = []
        self._by_serial: dict[int, _Account] = {}
        self._serials = 0
        self._needle = ""
        self._errors: dict[SeriesKey, str] = {}
        self.wanted: set[SeriesKey] = set()

    # ---- the tree -------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        # Asked once for every shown row whenever the view lays the tree out: kept lean.
        if parent.isValid():
            if parent.internalId() == 0 and column == 0 and row >= 0:
                account = self._accounts[parent.row()]
                if row < len(account.shown):
                    return self.createIndex(row, 0, account.serial)
            return QModelIndex()
        if column == 0 and 0 <= row < len(self._accounts):
            return self.createIndex(row, 0, 0)
        return QModelIndex()

    def parent(self, index: Index) -> QModelIndex:  # type: ignore[override]
        serial = index.internalId() if index.isValid() else 0
        if serial == 0:
            return QModelIndex()
        account = self._by_serial[serial]
        return self.createIndex(self._accounts.index(account), 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._accounts)
        if parent.internalId() != 0:
            return 0
        return len(self._accounts[parent.row()].shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        # An account is a branch even before its list arrives, so it can be expanded then.
        return not parent.isValid() or parent.internalId() == 0

    def flags(self, index: Index) -> Qt.ItemFlag:
        if index.internalId():
            return _DOMAIN_FLAGS
        return _ACCOUNT_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        serial = index.internalId()
        if serial == 0:
            if not index.isValid():
                return None
            return self._account_data(self._accounts[index.row()], role)
        account = self._by_serial[serial]
        domain = account.domains[account.shown[index.row()]]
        if role == _DISPLAY:
            return domain.label
        if role == _CHECK:
            return _CHECKED if domain.key in self.wanted else _UNCHECKED
        if role == _TOOLTIP:
            return self._errors.get(domain.key) or domain.tip or None
        if role == _FOREGROUND:
            return _ERROR_BRUSH if domain.key in self._errors else None
        if role == _KEY:
            return domain.key
        return None

    def _account_data(self, account: _Account, role: int) -> Any:
        if role == _DISPLAY:
            return self._account_title(account)
        if role == _TOOLTIP:
            return account.message or None
        if role == _FOREGROUND:
            return _ERROR_BRUSH if account.message else None
        if role == _KEY:
            return account.key
        return None

    def _account_title(self, account: _Account) -> str:
        title = source_title(*account.key)
        if account.message:
            text = translate("DomainPicker", "%1: %2", "account: its error")
            return arg(text, title, account.message)
        if not account.listed:
            return arg(translate("DomainPicker", "%1 (loading domains…)"), title)
        total = QLocale().toString(len(account.domains))
        if not self._needle:
            text = translate("DomainPicker", "%1 (%2)", "account (how many domains it has)")
            return arg(text, title, total)
        shown = QLocale().toString(len(account.shown))
        text = translate("DomainPicker", "%1 (%2 of %3)", "account (domains shown of all)")
        return arg(text, title, shown, total)

    def setData(self, index: Index, value: Any, role: int = _CHECK) -> bool:
        if role != _CHECK or not index.isValid() or index.internalId() == 0:
            return False
        key = self.data(index, _KEY)
        if getattr(value, "value", value) == _CHECKED:
            self.wanted.add(key)
        else:
            self.wanted.discard(key)
        self.dataChanged.emit(index, index, [_CHECK])
        self.toggled.emit()
        return True

    # ---- accounts and domains -------------------------------------------------------

    def account_index(self, key: SourceKey) -> QModelIndex:
        for row, account in enumerate(self._accounts):
            if account.key == key:
                return self.createIndex(row, 0, 0)
        return QModelIndex()

    def domain_index(self, key: SeriesKey) -> QModelIndex:
        """The row of this domain, or an invalid index when it is not shown."""
        parent = self.account_index(key[:2])
        if not parent.isValid():
            return QModelIndex()
        account = self._accounts[parent.row()]
        position = account.positions.get(key[2])
        if position is None:
            return QModelIndex()
        return self._shown_index(parent, (account, position))

    def add_account(self, key: SourceKey) -> QModelIndex:
        found = self.account_index(key)
        if found.isValid():
            return found
        self._serials += 1
        account = _Account(key, self._serials)
        row = len(self._accounts)
        self.beginInsertRows(QModelIndex(), row, row)
        self._accounts.append(account)
        self._by_serial[account.serial] = account
        self.endInsertRows()
        return self.createIndex(row, 0, 0)

    def remove_account(self, key: SourceKey) -> None:
        parent = self.account_index(key)
        if not parent.isValid():
            return
        self.beginRemoveRows(QModelIndex(), parent.row(), parent.row())
        account = self._accounts.pop(parent.row())
        del self._by_serial[account.serial]
        self.endRemoveRows()

    def set_domains(self, key: SourceKey, domains: Iterable[Domain], tip: str) -> None:
        """The account's domains, in name order; ``tip`` says a marked state (``%1``)."""
        parent = self.add_account(key)
        account = self._accounts[parent.row()]
        if account.shown:
            self.beginRemoveRows(parent, 0, len(account.shown) - 1)
            account.shown = []
            self.endRemoveRows()
        listed = []
        for domain in sorted(domains, key=lambda d: natural_key(d.name)):
            label, state_tip = domain.name, ""
            if not domain.online:
                status = domain_status(domain.status)
                label, state_tip = f"{domain.name} ({status})", arg(tip, status)
            listed.append(_Domain((*key, domain.name), label, label.lower(), state_tip))
        account.domains, account.listed, account.message = listed, True, ""
        account.positions = {d.key[2]: place for place, d in enumerate(listed)}
        shown = self._matching(account)
        if shown:
            self.beginInsertRows(parent, 0, len(shown) - 1)
            account.shown = shown
            self.endInsertRows()
        self.dataChanged.emit(parent, parent)

    def set_account_error(self, key: SourceKey, message: str) -> None:
        parent = self.add_account(key)
        self._accounts[parent.row()].message = message
        self.dataChanged.emit(parent, parent)

    def set_domain_error(self, key: SeriesKey, message: str) -> None:
        if message:
            self._errors[key] = message
        elif self._errors.pop(key, None) is None:
            return
        found = self.domain_index(key)
        if found.isValid():
            self.dataChanged.emit(found, found, [_TOOLTIP, _FOREGROUND])

    # ---- filter and check marks -----------------------------------------------------

    def set_filter(self, text: str) -> None:
        """Show only the domains whose name (or state) contains ``text``, any case."""
        needle = text.strip().lower()
        if needle == self._needle:
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        where = [self._position(index) for index in before]
        self._needle = needle
        for account in self._accounts:
            account.shown = self._matching(account)
        after = [self._shown_index(i, place) for i, place in zip(before, where, strict=True)]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()
        self._accounts_changed()

    def _matching(self, account: _Account) -> list[int]:
        needle = self._needle
        if not needle:
            return list(range(len(account.domains)))
        return [i for i, domain in enumerate(account.domains) if needle in domain.folded]

    def _position(self, index: QModelIndex) -> tuple[_Account, int] | None:
        """Where a shown domain row is among all its account's domains (None: an account)."""
        serial = index.internalId()
        if serial == 0:
            return None
        account = self._by_serial[serial]
        return account, account.shown[index.row()]

    def _shown_index(self, index: QModelIndex, place: tuple[_Account, int] | None) -> QModelIndex:
        if place is None:
            return index  # accounts stay where they were
        account, position = place
        row = bisect_left(account.shown, position)
        if row < len(account.shown) and account.shown[row] == position:
            return self.createIndex(row, 0, account.serial)
        return QModelIndex()

    def set_wanted(self, keys: Iterable[SeriesKey]) -> None:
        self.wanted = set(keys)
        self._checks_changed()

    def check_shown(self, checked: bool) -> None:
        """Check (or uncheck) every domain the filter shows, at once."""
        keys = [a.domains[i].key for a in self._accounts for i in a.shown]
        if checked:
            self.wanted.update(keys)
        else:
            self.wanted.difference_update(keys)
        self._checks_changed()

    def checked(self) -> list[SeriesKey]:
        """The checked domains that are listed, in the order shown unfiltered."""
        wanted = self.wanted
        return [d.key for a in self._accounts for d in a.domains if d.key in wanted]

    def _checks_changed(self) -> None:
        for account in self._accounts:
            if account.shown:
                first = self.createIndex(0, 0, account.serial)
                last = self.createIndex(len(account.shown) - 1, 0, account.serial)
                self.dataChanged.emit(first, last, [_CHECK])

    def _accounts_changed(self) -> None:
        if self._accounts:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._accounts) - 1, 0))

"""Add, edit, remove and test provider accounts.

Keyring calls can block on an unlock prompt and a connection test waits on the network,
so both run on the worker pool; the dialog only shows progress and results, inline. The
one modal is the confirmation the user asks for by removing an account.
"""

from __future__ import annotations

import html
import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cdnmon.accounts.credentials import (
    Account,
    AccountStore,
    SecretStore,
    check_not_reserved,
    delete_account,
    store_account,
)
from cdnmon.gui.dialogs.account_form import AccountForm
from cdnmon.gui.error_text import TranslatedInputError, env_hint_text, explain, sentence
from cdnmon.gui.i18n import arg
from cdnmon.gui.labels import account_label, provider_title, source_title
from cdnmon.gui.workers import Worker, WorkerPool
from cdnmon.model import InputError
from cdnmon.providers.base import Credentials
from cdnmon.providers.errors import ProviderError
from cdnmon.providers.http import RetryPolicy
from cdnmon.providers.registry import BY_NAME, make_client

log = logging.getLogger(__name__)

# A test should answer within seconds, not go through the fetcher's full minute of retries.
TEST_RETRY = RetryPolicy(attempts=2, base_delay=0.5, max_delay=2.0, deadline=20.0)
SHOWN_DOMAINS = 3
ERROR_COLOR = "#d64545"
OK_COLOR = "#2e8b57"
DIALOG_STYLE = (
    "QLabel#keyringNotice { background: #fff4ce; color: #3b2f00; border: 1px solid #e0c060;"
    " border-radius: 4px; padding: 8px; }"
    "QListWidget#accountList::item { padding: 4px 6px; }"
)


def message_for(error: BaseException) -> str:
    """One line a person can act on; our errors already are, anything else is named only
    by type, since its text is not vetted to be free of secrets."""
    if isinstance(error, (ProviderError, InputError)):
        return sentence(explain(error))
    log.warning("account operation failed unexpectedly: %s", type(error).__name__)
    text = QCoreApplication.translate("AccountsDialog", "Failed unexpectedly (%1)")
    return arg(text, type(error).__name__)


def _button(text: str, tip: str, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    button.clicked.connect(slot)
    return button


class AccountsDialog(QDialog):
    """The accounts list on the left, the selected (or new) account's form on the right."""

    accounts_changed = Signal()

    def __init__(
        self,
        accounts: AccountStore,
        secrets: SecretStore,
        pool: WorkerPool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("CDN accounts"))
        self._accounts = accounts
        self._secrets = secrets
        self._pool = pool
        self._backend_name = ""
        self._listed: list[Account] = []
        self._test_worker: Worker | None = None
        self._saving = False
        self._checking = False
        self._build()
        self.reload(force_load=True)
        self.resize(820, 440)

    # ---- layout ------------------------------------------------------------------------

    def _build(self) -> None:
        self.setStyleSheet(DIALOG_STYLE)
        self.notice = QLabel(objectName="keyringNotice")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.RichText)
        self.notice.hide()

        self.account_list = QListWidget(objectName="accountList")
        self.account_list.setMinimumWidth(220)
        self.account_list.setToolTip(
            self.tr("Accounts cdnmon knows; select one to change or test it")
        )
        self.account_list.currentItemChanged.connect(self._selection_changed)
        self.add_button = _button(
            self.tr("&Add"), self.tr("Add an account (Ctrl+N)"), self.new_account
        )
        self.edit_button = _button(
            self.tr("&Edit"), self.tr("Change the selected account"), self.edit_selected
        )
        self.remove_button = _button(
            self.tr("Re&move"),
            self.tr("Remove the selected account and its secret (Delete)"),
            self.remove_selected,
        )
        list_buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            list_buttons.addWidget(button)
        left = QVBoxLayout()
        left.addWidget(self.account_list, 1)
        left.addLayout(list_buttons)

        self.form = AccountForm()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate: keyring and network give no progress
        self.busy.setTextVisible(False)
        self.busy.setFixedSize(72, 10)
        self.busy.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        status_row = QHBoxLayout()
        status_row.addWidget(self.busy, 0, Qt.AlignmentFlag.AlignTop)
        status_row.addWidget(self.status, 1)
        self.test_button = _button(
            self.tr("Cancel &test"),
            self.tr("List the account's CDN domains with these values"),
            self.toggle_test,
        )
        # Wide enough for both captions, so the row does not jump while a test runs.
        self.test_button.setMinimumWidth(self.test_button.sizeHint().width())
        self.test_button.setText(self.tr("&Test connection"))
        self.test_button.setMinimumWidth(self.test_button.sizeHint().width())
        self.save_button = _button(
            self.tr("&Save"),
            self.tr("Store the account; the secret goes to the OS keyring"),
            self.save,
        )
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.test_button)
        actions.addWidget(self.save_button)
        self.form_box = QGroupBox()
        right = QVBoxLayout(self.form_box)
        right.addWidget(self.form)
        right.addLayout(status_row)
        right.addStretch(1)
        right.addLayout(actions)

        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(self.form_box, 2)
        close_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close_box.rejected.connect(self.reject)
        root = QVBoxLayout(self)
        root.addWidget(self.notice)
        root.addLayout(body, 1)
        root.addWidget(close_box)
        # Only now does the button have its dialog parent, which setDefault needs.
        self.save_button.setDefault(True)  # Enter saves

        QShortcut(QKeySequence.StandardKey.New, self, self.new_account)
        # Delete only on the list: in a text field it must still delete characters.
        remove = QShortcut(QKeySequence.StandardKey.Delete, self.account_list)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self.remove_selected)

        order = [
            self.account_list,
            self.add_button,
            self.edit_button,
            self.remove_button,
            *self.form.fields(),
            self.test_button,
            self.save_button,
            close_box,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    # ---- list --------------------------------------------------------------------------

    def reload(self, select: Account | None = None, *, force_load: bool = False) -> None:
        """Read the accounts file again and select ``select`` (default: keep the selection).

        The form is reloaded only when the selection changed (or ``force_load``), so a
        failed save keeps what the user typed.
        """
        keep = select or self.selected_account()
        try:
            self._listed = self._accounts.list()
        except InputError as err:
            self._listed = []
            self._show_status(message_for(err), "error")
        self.account_list.blockSignals(True)
        self.account_list.clear()
        current = None
        for account in self._listed:
            item = QListWidgetItem(
                f"{source_title(account.provider, account.name)}\n{account.masked_key_id}"
            )
            item.setData(Qt.ItemDataRole.UserRole, account)
            self.account_list.addItem(item)
            if keep and (account.provider, account.name) == (keep.provider, keep.name):
                current = item
        if current is None and keep is None and self._listed and self.form.is_blank():
            current = self.account_list.item(0)  # nothing typed that a selection would lose
        if current is not None:
            self.account_list.setCurrentItem(current)
        else:
            self.account_list.setCurrentRow(-1)
        self.account_list.blockSignals(False)
        shown = self.selected_account()
        if force_load or shown != self.form.original:
            self._load(shown)
        self._update_buttons()

    def selected_account(self) -> Account | None:
        item = self.account_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _selection_changed(self) -> None:
        self._load(self.selected_account())

    def _load(self, account: Account | None) -> None:
        self._cancel_test()
        self.form.load(account)
        self.form_box.setTitle(self._label(account) if account else self.tr("New account"))
        self._show_status("", "info")
        self._update_buttons()

    def new_account(self, provider: str = "") -> None:
        if self._saving:
            return
        self.account_list.setCurrentRow(-1)
        self._load(None)
        if provider:
            self.form.provider_combo.setCurrentIndex(self.form.provider_combo.findData(provider))
        self.form.focus_first()

    def edit_selected(self) -> None:
        if self.selected_account() is not None:
            self.form.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_buttons(self) -> None:
        selected = self.selected_account() is not None
        self.edit_button.setEnabled(selected and not self._saving)
        self.remove_button.setEnabled(selected and not self._saving)
        self.add_button.setEnabled(not self._saving)
        self.account_list.setEnabled(not self._saving)
        self.form.setEnabled(not self._saving)
        self.save_button.setEnabled(not self._saving)
        self.test_button.setEnabled(not self._saving)
        self.test_button.setText(
            self.tr("Cancel &test") if self._test_worker else self.tr("&Test connection")
        )

    # ---- status ------------------------------------------------------------------------

    def _show_status(self, text: str, kind: str) -> None:
        """``kind``: error (red), ok (green), busy (with the indicator) or info."""
        color = {"error": ERROR_COLOR, "ok": OK_COLOR}.get(kind)
        self.status.setStyleSheet(f"color: {color}" if color else "")
        self.status.setText(text)
        self.busy.setVisible(kind == "busy")

    def _check_keyring(self) -> None:
        if self._checking:
            return
        self._checking = True
        secrets = self._secrets

        def job(worker: Worker) -> str:
            secrets.check()
            return secrets.backend_name

        self._pool.start(
            job, name="keyring-check", on_result=self._keyring_ok, on_error=self._keyring_failed
        )

    def _keyring_ok(self, backend_name: str) -> None:
        self._checking = False
        self._backend_name = backend_name
        self.form.set_backend_name(backend_name)
        self.notice.hide()

    def _keyring_failed(self, error: BaseException) -> None:
        self._checking = False
        self.form.set_backend_name(None)
        text = message_for(error)
        if "environment" not in str(error):
            instead = self.tr("Environment variables work instead: %1.")
            text += " " + arg(instead, env_hint_text())
        heading = self.tr("Secrets cannot be stored.")
        self.notice.setText(f"<b>{html.escape(heading)}</b> {html.escape(text)}")
        self.notice.show()

    # ---- save and remove ---------------------------------------------------------------

    def save(self) -> None:
        if self._saving:
            return
        original = self.form.original
        try:
            account, secret = self.form.read()
            check_not_reserved(account)
            key = (account.provider, account.name)
            is_new_key = original is None or key != (original.provider, original.name)
            if is_new_key and any((a.provider, a.name) == key for a in self._listed):
                exists = self.tr("%1 already exists; select it to change it")
                raise TranslatedInputError(arg(exists, self._label(account)))
        except InputError as err:
            self._show_status(message_for(err), "error")
            return
        renamed = original is not None and original.name != account.name
        secret_label = self.form.plain_label(self.form.secret_edit)
        accounts, secrets = self._accounts, self._secrets
        missing = arg(
            self.tr("No secret is stored for %1; type the %2 to save it under the new name"),
            self._label(original) if original is not None else "",
            secret_label,
        )

        def job(worker: Worker) -> tuple[Account, bool]:
            key = secret
            if not key and renamed and original is not None:
                key = secrets.get_secret(original.provider, original.name) or ""
                if not key and not BY_NAME[account.provider].keys_optional:
                    raise TranslatedInputError(missing)
            if key:
                store_account(account, key, accounts=accounts, secrets=secrets)
            else:
                accounts.save(account)  # metadata only: the stored secret stays as it is
            if renamed and original is not None:
                delete_account(original.provider, original.name, accounts=accounts, secrets=secrets)
            return account, bool(secret)

        self._start_change(job, self.tr("Saving…"), self._saved)

    def _start_change(
        self, job: Callable[[Worker], Any], doing: str, on_result: Callable[[Any], None]
    ) -> None:
        """Run a keyring/file change with the form locked, so it cannot change underneath."""
        self._saving = True
        self._cancel_test()
        self._update_buttons()
        self._show_status(doing, "busy")
        self._pool.start(job, name=doing, on_result=on_result, on_error=self._change_failed)

    def _saved(self, outcome: tuple[Account, bool]) -> None:
        account, new_secret = outcome
        self._saving = False
        self.reload(select=account, force_load=True)
        where = self._backend_name or self.tr("the OS keyring")
        text = (
            arg(self.tr("Saved %1; its secret is in %2."), self._label(account), where)
            if new_secret
            else arg(self.tr("Saved %1; the stored secret is unchanged."), self._label(account))
        )
        self._show_status(text, "ok")
        self.accounts_changed.emit()

    def _change_failed(self, error: BaseException) -> None:
        self._saving = False
        self._update_buttons()
        self._show_status(message_for(error), "error")
        self.reload()  # a rename may have half-succeeded; show what is stored now

    def remove_selected(self) -> None:
        account = self.selected_account()
        if account is None or self._saving:
            return
        where = self._backend_name or self.tr("the OS keyring")
        answer = QMessageBox.question(
            self,
            self.tr("Remove account"),
            arg(
                self.tr("Remove %1?\n\nIts secret is deleted from %2."), self._label(account), where
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        accounts, secrets = self._accounts, self._secrets

        def job(worker: Worker) -> Account:
            delete_account(account.provider, account.name, accounts=accounts, secrets=secrets)
            return account

        self._start_change(job, self.tr("Removing…"), self._removed)

    def _removed(self, account: Account) -> None:
        self._saving = False
        self.account_list.setCurrentRow(-1)
        self.reload()
        self._show_status(arg(self.tr("Removed %1."), self._label(account)), "ok")
        self.accounts_changed.emit()

    # ---- test connection ---------------------------------------------------------------

    def toggle_test(self) -> None:
        if self._test_worker is not None:
            self._cancel_test()
            self._show_status(self.tr("Test cancelled."), "info")
            return
        try:
            account, secret = self.form.read()
        except InputError as err:
            self._show_status(message_for(err), "error")
            return
        original = self.form.original
        stored = (original.provider, original.name) if original and not secret else None
        secrets = self._secrets
        missing = self.tr("No secret is stored for %1 in %2; type it and test again")
        label = self._label(account)

        def job(worker: Worker) -> list[str]:
            key = secret
            if stored is not None:
                key = secrets.get_secret(*stored) or ""
                if not key and not BY_NAME[account.provider].keys_optional:
                    raise TranslatedInputError(arg(missing, label, secrets.backend_name))
            worker.check()
            credentials = Credentials(account.key_id, key, account.project_id)
            client = make_client(
                account.provider,
                credentials,
                account.name,
                account.endpoint,
                retry=TEST_RETRY,
                area=account.area,
            )
            try:
                return [domain.name for domain in client.list_domains()]
            finally:
                client.close()

        worker = self._pool.start(
            job,
            name="test-connection",
            on_result=lambda names: self._test_finished(worker, self.domains_summary(names), "ok"),
            on_error=lambda error: self._test_finished(worker, message_for(error), "error"),
        )
        self._test_worker = worker
        self._update_buttons()
        self._show_status(arg(self.tr("Testing %1…"), provider_title(account.provider)), "busy")

    def domains_summary(self, names: list[str]) -> str:
        """``OK: 12 domains (www.example.com, img.example.com, …)``."""
        if not names:
            return self.tr("OK: the account answered, but it has no CDN domains")
        shown = ", ".join(names[:SHOWN_DOMAINS]) + (", …" if len(names) > SHOWN_DOMAINS else "")
        return arg(self.tr("OK: %n domains (%1)", "", len(names)), shown)

    @staticmethod
    def _label(account: Account) -> str:
        return account_label(account.provider, account.name)

    def _test_finished(self, worker: Worker, text: str, kind: str) -> None:
        if worker is self._test_worker:  # a cancelled test's late answer is ignored
            self._test_worker = None
            self._update_buttons()
            self._show_status(text, kind)

    def _cancel_test(self) -> None:
        if self._test_worker is not None:
            self._test_worker.abort()
            self._test_worker = None
            self._show_status("", "info")
            self._update_buttons()

    # ---- opening and closing -----------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():  # opened, not merely un-minimized
            self.reload()
            self._check_keyring()

    def done(self, result: int) -> None:
        # Nothing secret outlives the dialog's visit; a save in flight still finishes.
        self._cancel_test()
        self.form.clear_secret()
        super().done(result)

"""The accounts dialog against a real account file, an in-test keyring and the emulator.

Keyring failures are forced with keyring's fail backend and a backend that never answers;
connection tests talk HTTP to a real EmulatorServer. Nothing sleeps: tests wait on
signals and on what the dialog shows.
"""

from __future__ import annotations

import itertools
import time

import pytest
from keyring import errors as keyring_errors
from keyring.backends import fail
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox, QWidget

from cdnmon.accounts.credentials import Account, AccountStore, SecretStore, store_account
from cdnmon.emulator import EmulatorServer, FaultPlan
from cdnmon.gui.dialogs.accounts import AccountsDialog
from cdnmon.gui.workers import WorkerPool
from tests.keyrings import KEY_ID, SECRET, BlockingKeyring, DictKeyring, unregistered

# The emulator as ``cdnmon emulator`` runs it: the real clock, the providers' rate limits.
pytestmark = pytest.mark.emulator(real_time=True)


def open_dialog(
    qtbot, accounts: AccountStore, secrets: SecretStore, pool: WorkerPool
) -> AccountsDialog:
    dialog = AccountsDialog(accounts, secrets, pool)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: pool.in_flight == 0)  # the keyring check on open
    return dialog


def fill(
    dialog: AccountsDialog,
    provider: str,
    name: str,
    key_id: str,
    secret: str,
    project_id: str = "",
    endpoint: str = "",
) -> None:
    form = dialog.form
    form.provider_combo.setCurrentIndex(form.provider_combo.findData(provider))
    form.name_edit.setText(name)
    form.key_id_edit.setText(key_id)
    form.secret_edit.setText(secret)
    form.project_edit.setText(project_id)
    form.endpoint_edit.setText(endpoint)


def demo(server: EmulatorServer, provider: str):
    return next(a for a in server.accounts if a.provider == provider)


def click(qtbot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_add_lists_the_account_and_keeps_the_secret_out_of_the_file(
    qtbot, accounts, secrets, keyring_dict, pool
):
    dialog = open_dialog(qtbot, accounts, secrets, pool)
    assert dialog.form_box.title() == "New account"
    fill(dialog, "aliyun", "prod", KEY_ID, SECRET)
    with qtbot.waitSignal(dialog.accounts_changed):
        click(qtbot, dialog.save_button)

    assert dialog.account_list.count() == 1
    assert dialog.account_list.item(0).text() == "Alibaba Cloud · prod\nLTAI...1234"
    assert dialog.status.text().startswith("Saved Alibaba Cloud account 'prod'")
    text = accounts.path.read_text(encoding="utf-8")
    assert KEY_ID in text and SECRET not in text
    assert keyring_dict.items == {("cdnmon", "aliyun/prod"): SECRET}
    # The form now edits the stored account and holds no secret.
    assert dialog.form.secret_edit.text() == ""
    assert dialog.form.secret_edit.placeholderText().startswith("unchanged — stored in ")


def test_enter_saves_an_edit_and_keeps_the_stored_secret(
    qtbot, accounts, secrets, keyring_dict, pool
):
    account = Account("ucloud", "prod", "pubkey-1", "org-abc")
    store_account(account, SECRET, accounts=accounts, secrets=secrets)
    dialog = open_dialog(qtbot, accounts, secrets, pool)
    assert dialog.selected_account() == account
    assert dialog.form.secret_edit.text() == ""

    dialog.form.key_id_edit.setText("pubkey-2")
    with qtbot.waitSignal(dialog.accounts_changed):
        qtbot.keyClick(dialog.form.key_id_edit, Qt.Key.Key_Return)

    assert accounts.get("ucloud", "prod") == Account("ucloud", "prod", "pubkey-2", "org-abc")
    assert keyring_dict.items == {("cdnmon", "ucloud/prod"): SECRET}
    assert "stored secret is unchanged" in dialog.status.text()


def test_rename_carries_the_stored_secret_over(qtbot, accounts, secrets, keyring_dict, pool):
    store_account(Account("aliyun", "old", KEY_ID), SECRET, accounts=accounts, secrets=secrets)
    dialog = open_dialog(qtbot, accounts, secrets, pool)
    dialog.form.name_edit.setText("new")
    with qtbot.waitSignal(dialog.accounts_changed):
        click(qtbot, dialog.save_button)
    assert [a.name for a in accounts.list()] == ["new"]
    assert keyring_dict.items == {("cdnmon", "aliyun/new"): SECRET}


def test_remove_asks_first_then_deletes_metadata_and_secret(
    qtbot, accounts, secrets, keyring_dict, pool, monkeypatch
):
    store_account(Account("aliyun", "prod", KEY_ID), SECRET, accounts=accounts, secrets=secrets)
    store_account(Account("aliyun", "staging", KEY_ID), SECRET, accounts=accounts, secrets=secrets)
    dialog = open_dialog(qtbot, accounts, secrets, pool)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *args: answers.pop(0))

    dialog.account_list.setFocus()
    qtbot.keyClick(dialog.account_list, Qt.Key.Key_Delete)  # answered No
    assert len(accounts.list()) == 2 and pool.in_flight == 0

    with qtbot.waitSignal(dialog.accounts_changed):
        qtbot.keyClick(dialog.account_list, Qt.Key.Key_Delete)
    assert [a.name for a in accounts.list()] == ["staging"]
    assert list(keyring_dict.items) == [("cdnmon", "aliyun/staging")]
    assert dialog.account_list.count() == 1
    assert dialog.status.text() == "Removed Alibaba Cloud account 'prod'."


@pytest.mark.parametrize("provider", ["aliyun", "ucloud", "tencent", "edgeone"])
def test_connection_test_of_a_new_account_counts_its_domains(
    qtbot, accounts, secrets, pool, server, provider
):
    known = demo(server, provider)
    dialog = open_dialog(qtbot, accounts, secrets, pool)
    fill(dialog, provider, "demo", known.key_id, known.secret, known.project_id, server.url)
    click(qtbot, dialog.test_button)
    assert dialog.status.text().startswith("Testing")
    assert dialog.busy.isVisible()
    names = [d.name for d in known.domains]
    expected = f"OK: {len(names)} domains ({', '.join(names[:3])}, …)"
    qtbot.waitUntil(lambda: dialog.status.text() == expected)
    assert not dialog.busy.isVisible()
    assert accounts.list() == []  # testing saves nothing


def test_connection_test_of_a_stored_account_reads_its_secret(
    qtbot, accounts, secrets, pool, server
):
    known = demo(server, "ucloud")
    account = Account("ucloud", "games", known.key_id, known.project_id, server.url)
    store_account(account, known.secret, accounts=accounts, secrets=secrets)
    dialog = open_dialog(qtbot, accounts, secrets, pool)
    assert dialog.form.secret_edit.text() == ""
    click(qtbot, dialog.test_button)
    qtbot.waitUntil(lambda: dialog.status.text().startswith(f"OK: {len(known.domains)} domains"))


@pytest.mark.parametrize(
    ("provider", "hint"),
    [
        ("aliyun", "check the AccessKey secret"),
        ("ucloud", "check the private key"),
        ("tencent", "check the SecretKey"),
        ("edgeone", "check the SecretKey"),
    ],
)
def test_wrong_secret_is_reported_inline_and_the_dialog_stays_usable(
    qtbot, accounts, secrets, pool, server, provider, hint
):
    known = demo(server, provider)
    dialog = open_dialog(qtbot, accounts, secrets, pool)
    fill(dialog, provider, "demo", known.key_id, "wrong" + SECRET, known.project_id, server.url)
    click(qtbot, dialog.test_button)
    qtbot.waitUntil(lambda: hint in dialog.status.text())
    assert "access denied" in dialog.status.text()
    assert SECRET not in dialog.status.text()
    assert dialog.form.isEnabled() and dialog.test_button.text() == "&Test connection"

    dialog.form.secret_edit.setText(known.secret)
    click(qtbot, dialog.test_button)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("OK: "))


def test_a_running_test_can_be_cancelled_and_its_late_answer_is_ignored(
    qtbot, accounts, secrets, pool, server
):
    server.faults = FaultPlan("latency", latency_s=1.0)
    known = demo(server, "aliyun")
    dialog = open_dialog(qtbot, accounts, secrets, pool)
    fill(dialog, "aliyun", "demo", known.key_id, known.secret, endpoint=server.url)
    click(qtbot, dialog.test_button)
    assert dialog.test_button.text() == "Cancel &test"
    click(qtbot, dialog.test_button)
    assert dialog.status.text() == "Test cancelled."
    qtbot.waitUntil(lambda: pool.in_flight == 0, timeout=10_000)
    qtbot.wait(50)  # let any queued late signal arrive
    assert dialog.status.text() == "Test cancelled."


def test_closing_during_a_test_aborts_it_and_forgets_the_secret(
    qtbot, accounts, secrets, pool, server
):
    server.faults = FaultPlan("latency", latency_s=1.0)
    known = demo(server, "aliyun")
    dialog = open_dialog(qtbot, accounts, secrets, pool)
    fill(dialog, "aliyun", "demo", known.key_id, known.secret, endpoint=server.url)
    click(qtbot, dialog.test_button)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.form.secret_edit.text() == ""
    qtbot.waitUntil(lambda: pool.in_flight == 0, timeout=10_000)
    assert not dialog.status.text().startswith("OK")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name_edit", "", "Give the account a name"),
        ("name_edit", "a/b", "contains '/'"),
        ("name_edit", "env", "reserved"),
        ("key_id_edit", "", "Enter the AccessKey ID"),
        ("key_id_edit", "two words", "AccessKey ID is not valid"),
        ("secret_edit", "", "Enter the AccessKey secret"),
        ("endpoint_edit", "http://cdn.example.com/", "plain http"),
        ("endpoint_edit", "cdn.example.com", "is not a URL"),
    ],
)
def test_invalid_input_is_reported_inline_without_saving(
    qtbot, accounts, secrets, pool, field, value, message
):
    dialog = open_dialog(qtbot, accounts, secrets, pool)
    fill(dialog, "aliyun", "prod", KEY_ID, SECRET)
    getattr(dialog.form, field).setText(value)
    click(qtbot, dialog.save_button)
    assert message in dialog.status.text()
    assert "#d64545" in dialog.status.styleSheet()
    assert pool.in_flight == 0 and not accounts.path.exists()


def test_labels_and_project_id_follow_the_provider(qtbot, accounts, secrets, pool):
    dialog = open_dialog(qtbot, accounts, secrets, pool)
    form = dialog.form
    form.provider_combo.setCurrentIndex(form.provider_combo.findData("aliyun"))
    assert form.plain_label(form.key_id_edit) == "AccessKey ID"
    assert form.plain_label(form.secret_edit) == "AccessKey secret"
    assert not form.project_edit.isVisible()
    assert form.endpoint_edit.placeholderText() == "https://cdn.aliyuncs.com/"

    form.provider_combo.setCurrentIndex(form.provider_combo.findData("ucloud"))
    assert form.plain_label(form.key_id_edit) == "Public key"
    assert form.plain_label(form.secret_edit) == "Private key"
    assert form.project_edit.isVisible()
    assert form.endpoint_edit.placeholderText() == "https://api.ucloud.cn/"
    for field in form.labels:
        assert field.toolTip() and form.labels[field].toolTip() == field.toolTip()
    assert form.secret_edit.echoMode() == QLineEdit.EchoMode.Password

    # Tencent Cloud CDN and EdgeOne: one Tencent Cloud API key, no project id.
    endpoints = {
        "tencent": "https://cdn.tencentcloudapi.com/",
        "edgeone": "https://teo.tencentcloudapi.com/",
    }
    for provider, endpoint in endpoints.items():
        form.provider_combo.setCurrentIndex(form.provider_combo.findData(provider))
        assert form.plain_label(form.key_id_edit) == "SecretId"
        assert form.plain_label(form.secret_edit) == "SecretKey"
        assert form.key_id_edit.placeholderText() == "AKID…"
        assert "CAM" in form.key_id_edit.toolTip() and "SecretId" in form.secret_edit.toolTip()
        assert not form.project_edit.isVisible()
        assert form.endpoint_edit.placeholderText() == endpoint


def test_a_tencent_account_saves_with_its_secret_in_the_keyring(
    qtbot, accounts, secrets, keyring_dict, pool
):
    dialog = open_dialog(qtbot, accounts, secrets, pool)
    fill(dialog, "tencent", "video", "AKID-fake-secret-id-0001", SECRET, "org-ignored")
    with qtbot.waitSignal(dialog.accounts_changed):
        click(qtbot, dialog.save_button)
    # The project id field is UCloud's: what was typed in it while hidden is not kept.
    assert accounts.list() == [Account("tencent", "video", "AKID-fake-secret-id-0001")]
    assert keyring_dict.items == {("cdnmon", "tencent/video"): SECRET}
    assert dialog.status.text().startswith("Saved Tencent Cloud account 'video'")
    assert dialog.account_list.item(0).text() == "Tencent Cloud · video\nAKID...0001"


def test_ctrl_n_starts_a_new_account(qtbot, accounts, secrets, pool):
    store_account(Account("aliyun", "prod", KEY_ID), SECRET, accounts=accounts, secrets=secrets)
    dialog = open_dialog(qtbot, accounts, secrets, pool)
    assert dialog.form_box.title() == "Alibaba Cloud account 'prod'"
    qtbot.keyClick(dialog.account_list, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert dialog.form_box.title() == "New account"
    assert dialog.selected_account() is None
    assert dialog.form.name_edit.text() == "" and dialog.form.provider_combo.isEnabled()


def test_an_unusable_keyring_shows_a_notice_and_save_stores_nothing(qtbot, accounts, pool):
    secrets = SecretStore(fail.Keyring(), timeout=5)
    dialog = open_dialog(qtbot, accounts, secrets, pool)
    qtbot.waitUntil(dialog.notice.isVisible)
    notice = dialog.notice.text()
    assert "Secrets cannot be stored" in notice
    assert "ALIBABA_CLOUD_ACCESS_KEY_ID" in notice and "UCLOUD_PRIVATE_KEY" in notice
    assert "keyring is not usable" in dialog.form.secret_edit.placeholderText()

    fill(dialog, "aliyun", "prod", KEY_ID, SECRET)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: "No secure credential store" in dialog.status.text())
    assert dialog.form.isEnabled() and dialog.save_button.isEnabled()
    assert not accounts.path.exists() and dialog.account_list.count() == 0
    assert dialog.form.secret_edit.text() == SECRET  # kept in the field for a retry


def test_a_keyring_that_never_answers_times_out_without_freezing_the_gui(qtbot, accounts, pool):
    backend = BlockingKeyring()
    secrets = SecretStore(backend, timeout=0.5)
    dialog = open_dialog(qtbot, accounts, secrets, pool)
    ticks: list[float] = []
    timer = QTimer(dialog)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    try:
        fill(dialog, "aliyun", "prod", KEY_ID, SECRET)
        started = time.monotonic()
        click(qtbot, dialog.save_button)
        assert time.monotonic() - started < 2  # the click did not wait 30 s for the keyring
        assert dialog.status.text() == "Saving…" and not dialog.form.isEnabled()
        qtbot.waitUntil(lambda: "did not answer within 0.5 s" in dialog.status.text())
        assert dialog.form.isEnabled()
        assert not accounts.path.exists()
        # The event loop kept running the whole time: no gap near the timeout's length.
        gaps = [b - a for a, b in itertools.pairwise(ticks)]
        assert len(ticks) >= 3 and max(gaps) < 2  # (a loaded machine ticks less often)
    finally:
        timer.stop()
        backend.release.set()


def test_no_secret_reaches_labels_tooltips_logs_or_the_clipboard(
    qtbot, accounts, secrets, pool, server, caplog
):
    caplog.set_level("DEBUG")
    known = demo(server, "aliyun")
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("before")
    dialog = open_dialog(qtbot, accounts, secrets, pool)
    fill(dialog, "aliyun", "prod", known.key_id, SECRET, endpoint=server.url)

    secret_edit = dialog.form.secret_edit
    secret_edit.toggle_action.trigger()  # shown
    assert secret_edit.echoMode() == QLineEdit.EchoMode.Normal
    secret_edit.setFocus()
    qtbot.keyClick(secret_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(secret_edit, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(secret_edit, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == "before" and secret_edit.text() == SECRET
    assert secret_edit.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu

    click(qtbot, dialog.test_button)
    qtbot.waitUntil(lambda: "check the AccessKey secret" in dialog.status.text())
    with qtbot.waitSignal(dialog.accounts_changed):
        click(qtbot, dialog.save_button)

    texts = [dialog.windowTitle(), dialog.form_box.title()]
    for label in dialog.findChildren(QLabel):
        texts += [label.text(), label.toolTip()]
    for widget in dialog.findChildren(QWidget):
        texts += [widget.toolTip(), widget.windowTitle(), widget.accessibleName()]
    for edit in dialog.findChildren(QLineEdit):
        texts.append(edit.placeholderText())
    texts += [dialog.account_list.item(i).text() for i in range(dialog.account_list.count())]
    assert not [text for text in texts if SECRET in text]
    assert SECRET not in caplog.text
    assert clipboard.text() == "before"


def test_a_locked_keyring_is_reported_inline(qtbot, accounts, pool):
    @unregistered
    class LockedKeyring(DictKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            raise keyring_errors.KeyringLocked("collection is locked")

    dialog = open_dialog(qtbot, accounts, SecretStore(LockedKeyring(), timeout=5), pool)
    fill(dialog, "ucloud", "prod", "pubkey-1", SECRET)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: "is locked: unlock it" in dialog.status.text())
    assert SECRET not in dialog.status.text() and not accounts.path.exists()


def test_tab_moves_through_the_form_in_reading_order(qtbot, accounts, secrets, pool):
    dialog = open_dialog(qtbot, accounts, secrets, pool)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    form = dialog.form
    form.provider_combo.setFocus()
    seen = []
    for _ in range(6):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    # Alibaba Cloud has no project id, so its hidden field is skipped.
    expected = [form.name_edit, form.key_id_edit, form.secret_edit, form.endpoint_edit]
    assert seen[:6] == [*expected, dialog.test_button, dialog.save_button]

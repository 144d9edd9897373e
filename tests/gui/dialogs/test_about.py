"""The About box: version, folders with working Open buttons, the keyring asked off the GUI
thread, the components with their installed versions, and every string translatable."""

from __future__ import annotations

import threading
from importlib import metadata
from typing import Any

import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt, QTranslator, QUrl
from PySide6.QtWidgets import QApplication, QGroupBox, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from cdnmon import __version__, paths
from cdnmon.accounts.credentials import SecretStore
from cdnmon.gui.dialogs.about import AboutDialog, KeyringState, component_rows
from cdnmon.gui.workers import WorkerPool
from tests import REPO
from tests.keyrings import SECRET, DictKeyring


def make_dialog(qtbot: QtBot, **kwargs: Any) -> AboutDialog:
    dialog = AboutDialog(**kwargs)
    qtbot.addWidget(dialog)
    return dialog


class ThreadRecordingStore(SecretStore):
    """Notes which thread asked for the backend: it must never be the GUI thread."""

    def __init__(self) -> None:
        super().__init__(DictKeyring(), timeout=5)
        self.threads: list[threading.Thread] = []

    @property
    def backend_name(self) -> str:
        self.threads.append(threading.current_thread())
        return super().backend_name


def test_shows_the_version_and_the_folders(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot, keyring=KeyringState("SecretService Keyring", usable=True))
    assert f"cdnmon {__version__}" in dialog.title_label.text()
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    for folder in (paths.config_dir(), paths.data_dir(), paths.log_dir()):
        assert str(folder) in texts
        (label,) = [x for x in dialog.findChildren(QLabel) if x.text() == str(folder)]
        assert label.textInteractionFlags()  # selectable, to copy a path
    assert dialog.keyring_label.text() == "SecretService Keyring (the system keyring)"


def test_open_buttons_open_existing_folders_only(qtbot: QtBot) -> None:
    paths.data_dir().mkdir(parents=True)
    opened: list[QUrl] = []
    dialog = make_dialog(
        qtbot,
        keyring=KeyringState("x", usable=True),
        open_url=lambda url: opened.append(url) or True,
    )
    assert dialog.open_buttons["data"].isEnabled()
    assert not dialog.open_buttons["config"].isEnabled()  # nothing written there yet
    assert "Not created yet" in dialog.open_buttons["config"].toolTip()
    dialog.open_buttons["data"].click()
    assert opened == [QUrl.fromLocalFile(str(paths.data_dir()))]


def test_keyring_is_asked_on_the_pool(qtbot: QtBot, pool: WorkerPool) -> None:
    store = ThreadRecordingStore()
    dialog = make_dialog(qtbot, pool=pool, store=store)
    assert dialog.keyring_label.text() == "Checking…"
    qtbot.waitUntil(lambda: "DictKeyring" in dialog.keyring_label.text())
    assert dialog.keyring_label.text() == "keyrings DictKeyring (the system keyring)"
    assert store.threads and threading.main_thread() not in store.threads


def test_an_unusable_keyring_is_named_and_flagged(qtbot: QtBot, pool: WorkerPool) -> None:
    dialog = make_dialog(qtbot, pool=pool, store=SecretStore(fail.Keyring(), timeout=5))
    qtbot.waitUntil(lambda: "fail Keyring" in dialog.keyring_label.text())
    assert "cannot keep secrets" in dialog.keyring_label.text()
    assert "color" in dialog.keyring_label.styleSheet()


def test_a_keyring_error_is_shown_inline(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot, keyring=KeyringState("x", usable=True))
    dialog.show_keyring_error(TimeoutError("The keyring did not answer within 10 s"))
    assert dialog.keyring_label.text() == "The keyring did not answer within 10 s"


@pytest.mark.parametrize(
    ("name", "distribution"),
    [
        ("PySide6 (Qt for Python)", "PySide6_Essentials"),
        ("pyqtgraph", "pyqtgraph"),
        ("NumPy", "numpy"),
        ("requests", "requests"),
        ("keyring", "keyring"),
    ],
)
def test_components_carry_installed_versions(name: str, distribution: str) -> None:
    rows = {row[0]: row for row in component_rows()}
    assert rows[name][1] == metadata.version(distribution)
    assert rows["cdnmon"][1:] == (__version__, "MIT")
    assert rows["Qt"][2] == "LGPL-3.0-only" and rows["pyqtgraph"][2] == "MIT"


def test_component_table_lists_every_row(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot, keyring=KeyringState("x", usable=True))
    table = dialog.components
    shown = [tuple(table.item(r, c).text() for c in range(3)) for r in range(table.rowCount())]
    assert shown == component_rows()


def test_copy_details(qtbot: QtBot, keyring_dict: DictKeyring) -> None:
    keyring_dict.items[("cdnmon", "aliyun/prod")] = SECRET
    dialog = make_dialog(qtbot, keyring=KeyringState("SecretService Keyring", usable=True))
    dialog.copy_button.click()
    text = QApplication.clipboard().text()
    assert text.startswith(f"cdnmon {__version__}\n")
    assert f"logs: {paths.log_dir()}" in text
    assert "keyring: SecretService Keyring (the system keyring)" in text
    assert f"keyring {metadata.version('keyring')} (MIT)" in text
    assert SECRET not in text


class MarkingTranslator(QTranslator):
    """Translates every AboutDialog string to ``«source»``, so untranslated text shows."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None: no translation here, Qt's own strings stay as they are.
        return f"«{source}»" if context == "AboutDialog" else None

    def isEmpty(self) -> bool:
        return False


def test_every_visible_string_goes_through_tr(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translator = MarkingTranslator()
    app.installTranslator(translator)
    try:
        dialog = make_dialog(qtbot, keyring=KeyringState("fail Keyring", usable=False))
    finally:
        app.removeTranslator(translator)
    # Data (paths, versions, names) is not translated; everything else must be.
    data = {str(paths.config_dir()), str(paths.data_dir()), str(paths.log_dir())}
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    texts += [button.text() for button in dialog.findChildren(QPushButton)]
    texts += [box.title() for box in dialog.findChildren(QGroupBox)]
    texts += [dialog.windowTitle(), dialog.open_buttons["logs"].toolTip()]
    table = dialog.components
    texts += [table.horizontalHeaderItem(c).text() for c in range(3)]
    untranslated = [t for t in texts if t not in data and "«" not in t and not t.startswith("<b")]
    # The Close button's text is Qt's own (translated by qtbase_*.qm).
    assert untranslated in ([], ["&Close"], ["Close"]), untranslated
    # %-placeholders were filled after translation, not before.
    assert "«Python %1, Qt %2, PySide6 %3, %4»" not in dialog.build_label.text()
    assert dialog.build_label.text().startswith("«Python ")


def test_window_has_the_app_icon(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot, keyring=KeyringState("x", usable=True))
    assert not dialog.windowIcon().isNull()


def test_icon_files_are_found_in_the_checkout() -> None:
    from cdnmon.gui.icons import icon_files, resource_dir

    assert resource_dir() == REPO / "resources"
    assert [p.parent.parent.name for p in icon_files()][:2] == ["16x16", "24x24"]


class SlowStore(SecretStore):
    """Answers only when released, like a keyring waiting on an unlock prompt."""

    def __init__(self) -> None:
        super().__init__(DictKeyring(), timeout=5)
        self.release = threading.Event()

    @property
    def backend_name(self) -> str:
        self.release.wait(5)
        return super().backend_name


def test_closing_before_the_keyring_answers_is_harmless(qtbot: QtBot, pool: WorkerPool) -> None:
    store = SlowStore()
    dialog = AboutDialog(pool, store=store)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    with qtbot.waitSignal(dialog.destroyed):
        dialog.close()
    store.release.set()
    qtbot.waitUntil(lambda: pool.in_flight == 0)
    QApplication.processEvents()  # the late answer is delivered to nobody, without error

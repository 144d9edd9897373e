"""About cdnmon: version, where its files are, the keyring in use, and what it is built from.

The keyring backend is asked for on the worker pool (a locked Secret Service can block
the caller until a prompt is answered), or passed in by a caller who already knows it.
"Copy details" puts all of it on the clipboard for a bug report.
"""

from __future__ import annotations

import platform
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cdnmon import __version__, paths
from cdnmon.accounts.keyring_store import KeyringStore, KeyringUnavailableError
from cdnmon.gui.i18n import arg
from cdnmon.gui.icons import app_icon
from cdnmon.gui.workers import WorkerPool

ERROR_COLOR = "#d64545"


@dataclass(frozen=True)
class Component:
    """Something cdnmon ships with: its distribution name (for the version) and licence."""

    name: str
    distribution: str
    licence: str


# SPDX identifiers, as each project declares them. Platform-only packages not installed
# here (pywin32-ctypes off Windows, SecretStorage off Linux) are left out of the table.
COMPONENTS = (
    Component("PySide6 (Qt for Python)", "PySide6_Essentials", "LGPL-3.0-only"),
    Component("shiboken6", "shiboken6", "LGPL-3.0-only"),
    Component("pyqtgraph", "pyqtgraph", "MIT"),
    Component("NumPy", "numpy", "BSD-3-Clause"),
    Component("requests", "requests", "Apache-2.0"),
    Component("urllib3", "urllib3", "MIT"),
    Component("certifi", "certifi", "MPL-2.0"),
    Component("idna", "idna", "BSD-3-Clause"),
    Component("charset-normalizer", "charset_normalizer", "MIT"),
    Component("keyring", "keyring", "MIT"),
    Component("SecretStorage", "SecretStorage", "BSD-3-Clause"),
    Component("jeepney", "jeepney", "MIT"),
    Component("cryptography", "cryptography", "Apache-2.0 OR BSD-3-Clause"),
    Component("jaraco.classes", "jaraco.classes", "MIT"),
    Component("jaraco.functools", "jaraco.functools", "MIT"),
    Component("jaraco.context", "jaraco.context", "MIT"),
    Component("importlib_metadata", "importlib_metadata", "Apache-2.0"),
    Component("pywin32-ctypes", "pywin32-ctypes", "BSD-3-Clause"),
)


def installed_version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def component_rows() -> list[tuple[str, str, str]]:
    """(name, version, licence) for cdnmon, Python, Qt and every installed component."""
    rows = [
        ("cdnmon", __version__, "MIT"),
        ("Python", platform.python_version(), "PSF-2.0"),
        ("Qt", qVersion(), "LGPL-3.0-only"),
    ]
    for component in COMPONENTS:
        version = installed_version(component.distribution)
        if component.distribution == "PySide6_Essentials":
            version = version or pyside_version  # an unusual install without metadata
        if version is not None:
            rows.append((component.name, version, component.licence))
    return rows


@dataclass(frozen=True)
class KeyringState:
    name: str
    usable: bool


def keyring_state(store: KeyringStore | None = None) -> KeyringState:
    """The backend keyring chose and whether it can keep secrets; blocks, so off the GUI
    thread. Each call is bounded by the store's own timeout."""
    if store is None:
        from cdnmon.accounts.credentials import SecretStore

        store = SecretStore()
    name = store.backend_name
    try:
        store.check_usable()
    except KeyringUnavailableError:  # fail, null, plain text: locked or slow ones raise
        return KeyringState(name, usable=False)
    return KeyringState(name, usable=True)


class AboutDialog(QDialog):
    """Pass ``keyring`` when it is known; otherwise give a ``pool`` and the dialog asks."""

    def __init__(
        self,
        pool: WorkerPool | None = None,
        parent: QWidget | None = None,
        *,
        keyring: KeyringState | None = None,
        store: KeyringStore | None = None,
        open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl,
    ) -> None:
        super().__init__(parent)
        self._open_url = open_url
        self._keyring_text = ""
        self.setWindowTitle(self.tr("About cdnmon"))
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        layout.addLayout(self._header())
        layout.addWidget(self._locations())
        layout.addWidget(self._components(), 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        about_qt = buttons.addButton(self.tr("About &Qt"), QDialogButtonBox.ButtonRole.HelpRole)
        about_qt.clicked.connect(lambda: QMessageBox.aboutQt(self))
        self.copy_button = buttons.addButton(
            self.tr("&Copy details"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.setToolTip(self.tr("Version, folders, keyring and components as text"))
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 600)

        if keyring is not None:
            self.show_keyring(keyring)
        elif pool is not None:
            self.keyring_label.setText(self.tr("Checking…"))
            pool.start(
                lambda worker: keyring_state(store),
                name="about-keyring",
                on_result=self.show_keyring,
                on_error=self.show_keyring_error,
            )
        else:
            self.keyring_label.setText(self.tr("Not checked"))

    # ---- parts ------------------------------------------------------------------------

    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(64, 64))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        row.addWidget(icon)
        text = QVBoxLayout()
        self.title_label = QLabel(f"<b style='font-size: 16pt'>cdnmon {__version__}</b>")
        text.addWidget(self.title_label)
        text.addWidget(QLabel(self.tr("A desktop monitor for CDN origin-pull bandwidth")))
        frozen = getattr(sys, "frozen", False)
        build = arg(
            self.tr("Python %1, Qt %2, PySide6 %3, %4"),
            platform.python_version(),
            qVersion(),
            pyside_version,
            self.tr("standalone bundle") if frozen else self.tr("from source"),
        )
        self.build_label = QLabel(build)
        self.build_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.addWidget(self.build_label)
        row.addLayout(text, 1)
        return row

    def _locations(self) -> QGroupBox:
        box = QGroupBox(self.tr("Files"))
        grid = QGridLayout(box)
        self.folders: dict[str, Path] = {
            "config": paths.config_dir(),
            "data": paths.data_dir(),
            "logs": paths.log_dir(),
        }
        labels = {
            "config": self.tr("Settings:"),
            "data": self.tr("History:"),
            "logs": self.tr("Logs:"),
        }
        self.open_buttons: dict[str, QPushButton] = {}
        for row, (key, folder) in enumerate(self.folders.items()):
            grid.addWidget(QLabel(labels[key]), row, 0)
            where = QLabel(str(folder))
            where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            where.setWordWrap(True)
            grid.addWidget(where, row, 1)
            button = QPushButton(self.tr("Open"))
            button.setAutoDefault(False)  # Enter closes the dialog, it does not open a folder
            button.clicked.connect(lambda _=False, key=key: self.open_folder(key))
            if not folder.is_dir():
                button.setEnabled(False)
                button.setToolTip(self.tr("Not created yet: cdnmon has not written anything here"))
            else:
                button.setToolTip(self.tr("Show this folder in the file manager"))
            self.open_buttons[key] = button
            grid.addWidget(button, row, 2)
        keyring_row = len(self.folders)
        grid.addWidget(QLabel(self.tr("Secrets:")), keyring_row, 0)
        self.keyring_label = QLabel()
        self.keyring_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.keyring_label.setWordWrap(True)
        grid.addWidget(self.keyring_label, keyring_row, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        return box

    def _components(self) -> QGroupBox:
        box = QGroupBox(self.tr("Built with"))
        layout = QVBoxLayout(box)
        rows = component_rows()
        self.components = QTableWidget(len(rows), 3)
        self.components.setHorizontalHeaderLabels(
            [self.tr("Component"), self.tr("Version"), self.tr("Licence")]
        )
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.components.setItem(r, c, QTableWidgetItem(value))
        self.components.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.components.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        rows_header = self.components.verticalHeader()
        rows_header.hide()
        rows_header.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.components.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.components)
        note = QLabel(
            self.tr(
                "Qt and PySide6 are used under the GNU LGPL version 3: they are separate "
                "libraries in the application folder and can be replaced with other builds."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        return box

    # ---- actions ----------------------------------------------------------------------

    def show_keyring(self, state: KeyringState) -> None:
        if state.usable:
            text = arg(self.tr("%1 (the system keyring)"), state.name)
            self.keyring_label.setStyleSheet("")
        else:
            text = arg(self.tr("%1: cannot keep secrets, so cdnmon stores none"), state.name)
            self.keyring_label.setStyleSheet(f"color: {ERROR_COLOR}")
        self._keyring_text = text
        self.keyring_label.setText(text)

    def show_keyring_error(self, error: BaseException) -> None:
        # Keyring errors from KeyringStore name no secret and say what to do.
        text = str(error) or type(error).__name__
        self._keyring_text = text
        self.keyring_label.setStyleSheet(f"color: {ERROR_COLOR}")
        self.keyring_label.setText(text)

    def open_folder(self, key: str) -> bool:
        return self._open_url(QUrl.fromLocalFile(str(self.folders[key])))

    def details(self) -> str:
        """Everything the dialog shows, as plain text."""
        lines = [f"cdnmon {__version__}", self.build_label.text(), ""]
        lines += [f"{key}: {folder}" for key, folder in self.folders.items()]
        lines += [f"keyring: {self._keyring_text or self.keyring_label.text()}", ""]
        lines += [f"{name} {version} ({licence})" for name, version, licence in component_rows()]
        return "\n".join(lines)

    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.details())

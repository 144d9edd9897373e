"""The first screen when no account is set up yet."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomePanel(QWidget):
    add_account = Signal(str)  # provider
    try_demo = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("<h2>Watch your CDN's origin-pull bandwidth</h2>")
        # Explicit lines: a word-wrapped label in a centred layout gets too little height.
        text = QLabel(
            "cdnmon shows, live and per domain, how many bits per second\n"
            "your CDN pulls back from your own servers.\n"
            "Add an account to start, or try the demo: it runs against\n"
            "a built-in emulator, with no account and no typing."
        )
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for label in (title, text):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addSpacing(12)
        buttons = (
            ("Add an Alibaba Cloud account", "An AccessKey ID and secret (RAM user with "
             "AliyunCDNReadOnlyAccess is enough)", lambda: self.add_account.emit("aliyun")),
            ("Add a UCloud account", "A public and private key from the UCloud console's API "
             "key page", lambda: self.add_account.emit("ucloud")),
            ("Try the demo", "Emulated accounts and traffic; nothing leaves this computer",
             self.try_demo.emit),
        )  # fmt: skip
        for text_, tip, slot in buttons:
            button = QPushButton(text_)
            button.setToolTip(tip)
            button.setMinimumWidth(320)
            button.clicked.connect(slot)
            layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(2)

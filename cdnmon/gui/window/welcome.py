"""The first screen when no account is set up yet."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomePanel(QWidget):
    add_account = Signal(str)  # provider
    try_demo = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = self.tr("Watch your CDN's origin-pull bandwidth")
        title = QLabel(f"<h2>{html.escape(heading, quote=False)}</h2>")
        # Explicit lines: a word-wrapped label in a centred layout gets too little height.
        text = QLabel(
            self.tr(
                "cdnmon shows, live and per domain, how many bits per second\n"
                "your CDN pulls back from your own servers.\n"
                "Add an account to start, or try the demo: it runs against\n"
                "a built-in emulator, with no account and no typing."
            )
        )
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for label in (title, text):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addSpacing(12)
        buttons = (
            (
                self.tr("Add an Alibaba Cloud account"),
                self.tr(
                    "An AccessKey ID and secret (RAM user with AliyunCDNReadOnlyAccess is enough)"
                ),
                lambda: self.add_account.emit("aliyun"),
            ),
            (
                self.tr("Add a UCloud account"),
                self.tr("A public and private key from the UCloud console's API key page"),
                lambda: self.add_account.emit("ucloud"),
            ),
            (
                self.tr("Add a Tencent Cloud account"),
                self.tr(
                    "A SecretId and SecretKey from Tencent Cloud CAM's API key page, for CDN "
                    "or EdgeOne"
                ),
                lambda: self.add_account.emit("tencent"),
            ),
            (
                self.tr("Add a Huawei Cloud account"),
                self.tr("An access key (AK and SK) from Huawei Cloud's My Credentials page"),
                lambda: self.add_account.emit("huawei"),
            ),
            (
                self.tr("Add a Volcengine account"),
                self.tr("An Access Key ID and Secret Access Key from Volcengine's API key page"),
                lambda: self.add_account.emit("volcengine"),
            ),
            (
                self.tr("Try the demo"),
                self.tr("Emulated accounts and traffic; nothing leaves this computer"),
                self.try_demo.emit,
            ),
        )
        for text_, tip, slot in buttons:
            button = QPushButton(text_)
            button.setToolTip(tip)
            button.setMinimumWidth(320)
            button.clicked.connect(slot)
            layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(2)

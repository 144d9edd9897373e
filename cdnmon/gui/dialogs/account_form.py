"""The fields of one provider account, with the secret in a field that never lets it out.

The form only reads and validates; saving and testing (which touch the keyring and the
network) belong to :mod:`cdnmon.gui.dialogs.accounts`, off the GUI thread.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QKeySequence, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from cdnmon.accounts.credentials import Account, check_secret
from cdnmon.gui.error_text import TranslatedInputError
from cdnmon.gui.i18n import arg
from cdnmon.gui.labels import provider_title
from cdnmon.providers.base import Credentials
from cdnmon.providers.http import validate_endpoint
from cdnmon.providers.prometheus.client import check_url
from cdnmon.providers.registry import BY_NAME, DEFAULT_ENDPOINTS, PROVIDERS

# English source texts, shown translated (context "AccountForm").
# Tencent Cloud CDN and EdgeOne take the same API key of a Tencent Cloud account.
_SECRET_ID = QT_TRANSLATE_NOOP("AccountForm", "Secret&Id")
_SECRET_KEY = QT_TRANSLATE_NOOP("AccountForm", "Secret&Key")
_SECRET_ID_TIP = QT_TRANSLATE_NOOP(
    "AccountForm",
    "The SecretId of a Tencent Cloud API key. Tencent Cloud console: Cloud Access "
    "Management (CAM) → Access Key → API Keys. A sub-account needs read access to CDN or "
    "EdgeOne, granted in CAM. It starts with AKID.",
)
_SECRET_KEY_TIP = QT_TRANSLATE_NOOP(
    "AccountForm",
    "The SecretKey belonging to the SecretId. The console shows it only when the key is "
    "created (CAM → Access Key → API Keys); if it is lost, create a new key. Kept in the OS "
    "keyring, never in a file.",
)
# Huawei Cloud and Volcengine both call theirs an access key (AK/SK).
_ACCESS_KEY_ID = QT_TRANSLATE_NOOP("AccountForm", "Access key &ID (AK)")
_SECRET_ACCESS_KEY = QT_TRANSLATE_NOOP("AccountForm", "Secret access &key (SK)")
KEY_ID_LABELS = {
    "aliyun": QT_TRANSLATE_NOOP("AccountForm", "AccessKey &ID"),
    "ucloud": QT_TRANSLATE_NOOP("AccountForm", "Public &key"),
    "tencent": _SECRET_ID,
    "edgeone": _SECRET_ID,
    "huawei": _ACCESS_KEY_ID,
    "volcengine": _ACCESS_KEY_ID,
    "prometheus": QT_TRANSLATE_NOOP("AccountForm", "User &ID (optional)"),
}
SECRET_LABELS = {
    "aliyun": QT_TRANSLATE_NOOP("AccountForm", "AccessKey sec&ret"),
    "ucloud": QT_TRANSLATE_NOOP("AccountForm", "Pri&vate key"),
    "tencent": _SECRET_KEY,
    "edgeone": _SECRET_KEY,
    "huawei": _SECRET_ACCESS_KEY,
    "volcengine": _SECRET_ACCESS_KEY,
    "prometheus": QT_TRANSLATE_NOOP("AccountForm", "Pass&word or token (optional)"),
}
# How each provider's key ids begin, as a hint in the empty field.
KEY_ID_PLACEHOLDERS = {
    "aliyun": "LTAI…",
    "tencent": "AKID…",
    "edgeone": "AKID…",
    "volcengine": "AKL…",
}
KEY_ID_TIPS = {
    "aliyun": QT_TRANSLATE_NOOP(
        "AccountForm",
        "The AccessKey ID of a RAM user allowed to read CDN data (the "
        "AliyunCDNReadOnlyAccess policy is enough). Alibaba Cloud console: RAM → "
        "Identities → Users → the user → AccessKey. It starts with LTAI.",
    ),
    "ucloud": QT_TRANSLATE_NOOP(
        "AccountForm",
        "The API public key. UCloud console: account menu (top right) → API keys "
        "(API 密钥) → Public key. A sub-account needs permission to read UCDN.",
    ),
    "tencent": _SECRET_ID_TIP,
    "edgeone": _SECRET_ID_TIP,
    "huawei": QT_TRANSLATE_NOOP(
        "AccountForm",
        "The Access Key ID (AK) of an IAM user allowed to read CDN statistics (the CDN "
        "ReadOnlyAccess policy is enough). Huawei Cloud console: My Credentials → Access "
        "Keys → Create Access Key. No project id is needed: CDN is a global service.",
    ),
    "volcengine": QT_TRANSLATE_NOOP(
        "AccountForm",
        "The Access Key ID of an IAM user allowed to read CDN data (CDNReadOnlyAccess). "
        "Volcengine console: account menu (top right) → API Access Keys (API 访问密钥). It "
        "usually starts with AKL.",
    ),
    "prometheus": QT_TRANSLATE_NOOP(
        "AccountForm",
        "A Prometheus that cdnmon collect feeds: its URL goes under Endpoint URL. Leave the "
        "user name empty unless the server asks for HTTP basic auth.",
    ),
}
SECRET_TIPS = {
    "aliyun": QT_TRANSLATE_NOOP(
        "AccountForm",
        "The AccessKey secret belonging to the ID. The console shows it only once, when "
        "the AccessKey is created (RAM → Users → the user → Create AccessKey); if it is "
        "lost, create a new AccessKey. Kept in the OS keyring, never in a file.",
    ),
    "ucloud": QT_TRANSLATE_NOOP(
        "AccountForm",
        "The API private key, shown next to the public key in the UCloud console "
        "(account menu → API keys). Kept in the OS keyring, never in a file.",
    ),
    "tencent": _SECRET_KEY_TIP,
    "edgeone": _SECRET_KEY_TIP,
    "huawei": QT_TRANSLATE_NOOP(
        "AccountForm",
        "The Secret Access Key (SK) in the credentials file downloaded when the access key "
        "was created; the console never shows it again. Kept in the OS keyring, never in a "
        "file.",
    ),
    "volcengine": QT_TRANSLATE_NOOP(
        "AccountForm",
        "The Secret Access Key shown next to the ID when the key is created (API Access "
        "Keys). Kept in the OS keyring, never in a file.",
    ),
    "prometheus": QT_TRANSLATE_NOOP(
        "AccountForm",
        "The basic-auth password, or alone a bearer token; empty for a server that asks "
        "for none. Kept in the OS keyring, never in a file.",
    ),
}
# Tencent Cloud CDN's areas, as the console names them; "" (mainland) is the default.
AREA_TITLES = {
    "": QT_TRANSLATE_NOOP("AccountForm", "Mainland China"),
    "overseas": QT_TRANSLATE_NOOP("AccountForm", "Outside mainland China"),
}
# A mnemonic as Chinese writes it: "提供商(&P)".
_MNEMONIC = re.compile(r"\(&\w\)")


def eye_icon(color: QColor, crossed: bool) -> QIcon:
    """An eye, crossed out for "hide": drawn, because icon themes are often missing."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = painter.pen()
    pen.setColor(color)
    pen.setWidthF(2.4)
    painter.setPen(pen)
    outline = QPainterPath(QPointF(3, 16))
    outline.quadTo(16, 2, 29, 16)
    outline.quadTo(16, 30, 3, 16)
    painter.drawPath(outline)
    painter.setBrush(color)
    painter.drawEllipse(QRectF(11.5, 11.5, 9, 9))
    if crossed:
        painter.drawLine(QPointF(5, 27), QPointF(27, 5))
    painter.end()
    return QIcon(pixmap)


class SecretLineEdit(QLineEdit):
    """A password field with a show/hide toggle whose text can never be copied out.

    Password echo mode already refuses to copy; when shown, copy and cut keys are
    swallowed, there is no context menu or drag, and any selection is dropped at once so
    it cannot reach the X11 primary selection either.
    """

    _NO_COPY = (QKeySequence.StandardKey.Copy, QKeySequence.StandardKey.Cut)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setDragEnabled(False)
        color = self.palette().color(self.foregroundRole())
        self._icons = {True: eye_icon(color, crossed=True), False: eye_icon(color, crossed=False)}
        self.toggle_action = self.addAction(
            self._icons[False], QLineEdit.ActionPosition.TrailingPosition
        )
        self.toggle_action.setCheckable(True)
        self.toggle_action.toggled.connect(self._show)
        self.selectionChanged.connect(self._drop_selection_when_shown)
        self._show(False)

    @property
    def shown(self) -> bool:
        return self.echoMode() == QLineEdit.EchoMode.Normal

    def hide_text(self) -> None:
        self.toggle_action.setChecked(False)

    def _show(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.setEchoMode(mode)
        # Keep input methods from learning the secret in either mode.
        self.setInputMethodHints(
            Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhNoAutoUppercase
        )
        self.toggle_action.setIcon(self._icons[shown])
        self.toggle_action.setToolTip(
            self.tr("Hide the secret") if shown else self.tr("Show the secret")
        )

    def _drop_selection_when_shown(self) -> None:
        if self.shown and self.hasSelectedText():
            self.deselect()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if any(event.matches(key) for key in self._NO_COPY):
            event.accept()
            return
        super().keyPressEvent(event)


class AccountForm(QWidget):
    """Provider, name, key id, secret, project id, area and endpoint of one account.

    ``original`` is the stored account being edited, or None for a new one. An empty
    secret when editing means "keep the stored one".
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.original: Account | None = None
        self._backend_name: str | None = ""
        self.provider_combo = QComboBox()
        for provider in PROVIDERS:
            self.provider_combo.addItem(provider_title(provider), provider)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("e.g. prod"))
        self.key_id_edit = QLineEdit()
        self.secret_edit = SecretLineEdit()
        self.project_edit = QLineEdit()
        self.project_edit.setPlaceholderText(self.tr("org-… (sub-accounts only)"))
        self.area_combo = QComboBox()
        for area, text in AREA_TITLES.items():
            self.area_combo.addItem(self.tr(text), area)
        self.endpoint_edit = QLineEdit()
        for edit in (self.name_edit, self.key_id_edit, self.project_edit, self.endpoint_edit):
            edit.setClearButtonEnabled(True)

        self._rows = QFormLayout(self)
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.labels: dict[QWidget, QLabel] = {}
        for text, field in (
            (self.tr("&Provider"), self.provider_combo),
            (self.tr("Account &name"), self.name_edit),
            ("", self.key_id_edit),
            ("", self.secret_edit),
            (self.tr("Pro&ject id"), self.project_edit),
            (self.tr("A&rea"), self.area_combo),
            (self.tr("Endpoint &URL"), self.endpoint_edit),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            self.labels[field] = label
            self._rows.addRow(label, field)
        self._set_tip(
            self.provider_combo, self.tr("The cloud whose CDN serves this account's domains.")
        )
        self._set_tip(
            self.name_edit,
            self.tr(
                "A name you choose to tell accounts at the same provider apart, e.g. prod or "
                "staging. Letters, digits, '-', '_' or '.'."
            ),
        )
        self._set_tip(
            self.project_edit,
            self.tr(
                "The UCloud project id (org-…), listed in the console under the account menu "
                "→ Projects. Sub-accounts must give one; leave it empty to use the main "
                "account's default project."
            ),
        )
        self._set_tip(
            self.area_combo,
            self.tr(
                "Where this account's domains serve. Outside mainland China the API has no "
                "1-minute data: points come every 5 minutes."
            ),
        )
        self.provider_combo.currentIndexChanged.connect(self._apply_provider)
        self._apply_provider()

    # ---- state -------------------------------------------------------------------------

    def provider(self) -> str:
        return str(self.provider_combo.currentData())

    def set_backend_name(self, name: str | None) -> None:
        """The keyring in use, for the secret's placeholder; None when it is unusable."""
        self._backend_name = name
        self._update_secret_placeholder()

    def load(self, account: Account | None) -> None:
        """Show ``account`` for editing, or empty fields for a new one."""
        self.original = account
        provider = account.provider if account else self.provider()
        self.provider_combo.setCurrentIndex(self.provider_combo.findData(provider))
        # Changing the provider of a stored account would carry its secret to another cloud.
        self.provider_combo.setEnabled(account is None)
        self.name_edit.setText(account.name if account else "")
        self.key_id_edit.setText(account.key_id if account else "")
        self.project_edit.setText(account.project_id if account else "")
        self.area_combo.setCurrentIndex(self.area_combo.findData(account.area if account else ""))
        self.endpoint_edit.setText(account.endpoint if account else "")
        self.clear_secret()

    def is_blank(self) -> bool:
        """A new account with nothing typed yet."""
        edits = (self.name_edit, self.key_id_edit, self.secret_edit, self.project_edit)
        return self.original is None and not any(e.text() for e in (*edits, self.endpoint_edit))

    def clear_secret(self) -> None:
        self.secret_edit.clear()
        self.secret_edit.hide_text()
        self._update_secret_placeholder()

    def read(self) -> tuple[Account, str]:
        """The account and the typed secret ("" = keep the stored one); InputError if invalid."""
        provider = self.provider()
        key_label = self.plain_label(self.key_id_edit)
        secret_label = self.plain_label(self.secret_edit)
        # Surrounding whitespace is never part of a name or key; pasted text often has it.
        name = self.name_edit.text().strip()
        key_id = self.key_id_edit.text().strip()
        secret = self.secret_edit.text().strip()
        if not name:
            raise TranslatedInputError(self.tr("give the account a name, e.g. prod or staging"))
        # A team's Prometheus may need no key at all.
        optional = BY_NAME[provider].keys_optional
        if not key_id and not optional:
            raise TranslatedInputError(arg(self.tr("enter the %1"), key_label))
        if not secret and self.original is None and not optional:
            raise TranslatedInputError(arg(self.tr("enter the %1"), secret_label))
        endpoint = self.endpoint_edit.text().strip()
        if endpoint and provider == "prometheus":
            endpoint = check_url(endpoint, Credentials(key_id, secret))
        elif endpoint:
            endpoint = validate_endpoint(endpoint)
        project_id = self.project_edit.text().strip() if provider == "ucloud" else ""
        area = str(self.area_combo.currentData()) if provider == "tencent" else ""
        account = Account(provider, name, key_id, project_id, endpoint, area)
        if secret:
            check_secret(provider, secret)
        return account, secret

    def plain_label(self, field: QWidget) -> str:
        """The field's label without its mnemonic: ``AccessKey secret``."""
        return _MNEMONIC.sub("", self.labels[field].text()).replace("&", "").strip()

    def fields(self) -> list[QWidget]:
        """The input widgets in tab order."""
        return [
            self.provider_combo,
            self.name_edit,
            self.key_id_edit,
            self.secret_edit,
            self.project_edit,
            self.area_combo,
            self.endpoint_edit,
        ]

    def focus_first(self) -> None:
        target = self.provider_combo if self.provider_combo.isEnabled() else self.name_edit
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    # ---- provider-dependent wording ----------------------------------------------------

    def _apply_provider(self) -> None:
        provider = self.provider()
        self.labels[self.key_id_edit].setText(self.tr(KEY_ID_LABELS[provider]))
        self.labels[self.secret_edit].setText(self.tr(SECRET_LABELS[provider]))
        self._set_tip(self.key_id_edit, self.tr(KEY_ID_TIPS[provider]))
        self._set_tip(self.secret_edit, self.tr(SECRET_TIPS[provider]))
        self.key_id_edit.setPlaceholderText(KEY_ID_PLACEHOLDERS.get(provider, ""))
        default = DEFAULT_ENDPOINTS[provider]
        self.endpoint_edit.setPlaceholderText(default)
        tip = self.tr(
            "The API address. Leave it empty for the public API of %1 (%2). Set it only for "
            "a private endpoint or the built-in emulator (http://127.0.0.1:PORT/)."
        )
        self._set_tip(self.endpoint_edit, arg(tip, provider_title(provider), default))
        self._rows.setRowVisible(self.project_edit, provider == "ucloud")
        self._rows.setRowVisible(self.area_combo, provider == "tencent")
        self._update_secret_placeholder()

    def _update_secret_placeholder(self) -> None:
        editing = self.original is not None
        if self._backend_name is None:
            text = (
                self.tr("unchanged — the keyring is not usable now (see above)")
                if editing
                else self.tr("required — the keyring is not usable now (see above)")
            )
        else:
            where = self._backend_name or self.tr("the OS keyring")
            text = arg(
                self.tr("unchanged — stored in %1")
                if editing
                else self.tr("required — kept in %1"),
                where,
            )
        self.secret_edit.setPlaceholderText(text)

    def _set_tip(self, field: QWidget, tip: str) -> None:
        field.setToolTip(tip)
        self.labels[field].setToolTip(tip)

"""Small dialogs that make one alert rule or one alert target.

Each checks what was typed with the alerts' own checks (:func:`check_rule`, the targets'
URL and secret checks) and says what is wrong in one sentence under the fields, staying
open until it is right. Thresholds are typed in the unit the kind names (Mbps or Gbps, %,
minutes) and kept in the program's (bit/s, fractions, seconds).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from cdnmon.alerts.rules import Rule, RuleKind
from cdnmon.alerts.targets import (
    KINDS,
    Target,
    TargetKind,
    check_signing_secret,
    check_webhook_url,
    new_webhook_secret,
)
from cdnmon.gui.dialogs.accounts import ERROR_COLOR
from cdnmon.gui.error_text import TranslatedInputError, explain, sentence
from cdnmon.gui.i18n import arg
from cdnmon.gui.labels import account_label
from cdnmon.model import MINUTE, InputError

translate = QCoreApplication.translate
MBPS, GBPS = 1e6, 1e9
NOTE_COLOR = "#6b7785"


def rule_kind_title(kind: RuleKind) -> str:
    titles = {
        RuleKind.ORIGIN_ABOVE: translate("AlertEditors", "Origin at or above a level"),
        RuleKind.ORIGIN_UP: translate("AlertEditors", "Origin up on the same time yesterday"),
        RuleKind.OFFLOAD_BELOW: translate("AlertEditors", "Offload below a share"),
        RuleKind.NO_DATA: translate("AlertEditors", "No settled data"),
    }
    return titles[kind]


def target_kind_title(kind: TargetKind) -> str:
    titles = {
        TargetKind.DINGTALK: translate("AlertsDialog", "DingTalk"),
        TargetKind.WECOM: translate("AlertsDialog", "WeCom"),
        TargetKind.FEISHU: translate("AlertsDialog", "Feishu/Lark"),
        TargetKind.SLACK: translate("AlertsDialog", "Slack"),
        TargetKind.WEBHOOK: translate("AlertsDialog", "JSON webhook"),
    }
    return titles.get(kind, KINDS[kind].title)


def error_label() -> QLabel:
    """A sentence in red under what it is about, selectable, hidden until said."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_COLOR}")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def _note_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {NOTE_COLOR}")
    return label


def _show_error(label: QLabel, error: BaseException | str | None) -> None:
    text = "" if error is None else error if isinstance(error, str) else explain(error)
    label.setText(sentence(text))
    label.setVisible(bool(text))


class RuleEditor(QDialog):
    """One rule: what it watches, the condition, and for how long. ``rule`` is the one
    made once accepted."""

    def __init__(
        self,
        sources: dict[tuple[str, str], list[str]],
        rule: Rule | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit alert rule") if rule else self.tr("New alert rule"))
        self.rule: Rule | None = None
        self._old = rule
        self.name = QLineEdit()
        self.name.setToolTip(self.tr("A short name for the messages, e.g. critical (optional)"))
        self.kind = QComboBox()
        for kind in RuleKind:
            self.kind.addItem(rule_kind_title(kind), kind)
        self.kind.setToolTip(self.tr("What the rule watches"))
        self.account = QComboBox()
        self.accounts = list(sources)  # the account box's entries, in its order
        if rule is not None and (rule.provider, rule.account) not in sources:
            self.accounts.append((rule.provider, rule.account))
        for key in self.accounts:
            self.account.addItem(account_label(*key))
        self.account.setToolTip(self.tr("The account whose domains the rule watches"))
        self.domains = QLineEdit()
        self.domains.setPlaceholderText(self.tr("every watched domain of the account"))
        self.domains.setToolTip(
            self.tr(
                "Empty: each watched domain of the account on its own. One domain: that "
                "domain. Several, separated by commas: their sum, as one group"
            )
        )
        self._sources = sources
        self.title = QLineEdit()
        self.title.setToolTip(self.tr("The group's name in the messages (for several domains)"))
        self.threshold = QDoubleSpinBox()
        self.threshold.setDecimals(1)
        self.threshold.setRange(0, 1e6)
        self.unit = QComboBox()
        self.unit.addItem("Mbps", MBPS)
        self.unit.addItem("Gbps", GBPS)
        self.unit.setToolTip(self.tr("The unit of the level"))
        level_row = QHBoxLayout()
        level_row.setContentsMargins(0, 0, 0, 0)
        level_row.addWidget(self.threshold, 1)
        level_row.addWidget(self.unit)
        self.level = QWidget()
        self.level.setLayout(level_row)
        self.floor = QDoubleSpinBox()
        self.floor.setRange(0, 1e7)
        self.floor.setDecimals(0)
        self.floor.setSuffix(" Mbps")
        self.floor.setToolTip(
            self.tr("Stay quiet while the origin is below this: a small origin doubled is no news")
        )
        self.for_minutes = QSpinBox()
        self.for_minutes.setRange(0, 7 * 24 * 60)
        self.for_minutes.setSuffix(self.tr(" min"))
        self.note = _note_label()
        self.error = error_label()

        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Condition"), self.kind)
        form.addRow(self.tr("Account"), self.account)
        form.addRow(self.tr("Domains"), self.domains)
        form.addRow(self.tr("Group title"), self.title)
        form.addRow(self.tr("Level"), self.level)
        form.addRow(self.tr("From origin"), self.floor)
        form.addRow(self.tr("For"), self.for_minutes)
        self.form = form
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        root = QVBoxLayout(self)
        root.addLayout(form)
        root.addWidget(self.note)
        root.addWidget(self.error)
        root.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        if rule is not None:
            self._fill(rule)
        self._kind_chosen()
        self.resize(520, self.sizeHint().height())

    def _fill(self, rule: Rule) -> None:
        self.name.setText(rule.name)
        self.kind.setCurrentIndex(self.kind.findData(rule.kind))
        self.account.setCurrentIndex(self.accounts.index((rule.provider, rule.account)))
        self.domains.setText(", ".join(rule.domains))
        self.title.setText(rule.title)
        if rule.kind is RuleKind.ORIGIN_ABOVE:
            gbps = rule.threshold >= GBPS
            self.unit.setCurrentIndex(1 if gbps else 0)
            self.threshold.setValue(rule.threshold / (GBPS if gbps else MBPS))
        elif rule.kind in (RuleKind.ORIGIN_UP, RuleKind.OFFLOAD_BELOW):
            self.threshold.setValue(rule.threshold * 100)
        self.floor.setValue(rule.min_bps / MBPS)
        self.for_minutes.setValue(rule.for_s // MINUTE)

    def chosen_kind(self) -> RuleKind:
        return self.kind.currentData()

    def _kind_chosen(self) -> None:
        kind = self.chosen_kind()
        percent = kind in (RuleKind.ORIGIN_UP, RuleKind.OFFLOAD_BELOW)
        self.form.setRowVisible(self.level, kind is not RuleKind.NO_DATA)
        self.form.setRowVisible(self.floor, kind is RuleKind.ORIGIN_UP)
        self.unit.setVisible(kind is RuleKind.ORIGIN_ABOVE)
        self.threshold.setSuffix(" %" if percent else "")
        most = 10_000 if kind is RuleKind.ORIGIN_UP else 100 if percent else 1e6
        self.threshold.setRange(0, most)
        tips = {
            RuleKind.ORIGIN_ABOVE: self.tr("Alert when the origin bandwidth reaches this level"),
            RuleKind.ORIGIN_UP: self.tr(
                "Alert when the origin is up this much on the same minute yesterday (50 % = "
                "one and a half times)"
            ),
            RuleKind.OFFLOAD_BELOW: self.tr(
                "Alert when the share of traffic served from the edge falls below this"
            ),
        }
        self.threshold.setToolTip(tips.get(kind, ""))
        self.for_minutes.setMinimum(1 if kind is RuleKind.NO_DATA else 0)
        self.for_minutes.setToolTip(
            self.tr("How long without a settled point, past the provider's usual delay")
            if kind is RuleKind.NO_DATA
            else self.tr("How long the condition must hold before the alert (0: at once)")
        )
        notes = {
            RuleKind.ORIGIN_UP: self.tr(
                "Judged where the history holds the same minutes yesterday (cdnmon or its "
                "collector ran then, or Compare is set to Yesterday)."
            ),
            RuleKind.OFFLOAD_BELOW: self.tr(
                "Judged where edge bandwidth is fetched: in the window with Edge on "
                "(Ctrl+Shift+O), on the wall for tiles with offload = true."
            ),
        }
        self.note.setText(notes.get(kind, ""))
        self.note.setVisible(kind in notes)

    def made_rule(self) -> Rule:
        """The rule the fields describe; InputError saying what is wrong."""
        kind = self.chosen_kind()
        at = self.account.currentIndex()
        key = self.accounts[at] if at >= 0 else None
        if key is None:
            raise TranslatedInputError(
                self.tr("add an account first: a rule watches an account's domains")
            )
        domains = tuple(d for d in self.domains.text().replace(" ", ",").split(",") if d)
        known = self._sources.get(key) or []
        unknown = [d for d in domains if known and d not in known]
        if unknown:
            raise TranslatedInputError(
                arg(self.tr("%1 is not a domain of this account; check the spelling"), unknown[0])
            )
        if len(domains) > 1 and not self.title.text().strip():
            raise TranslatedInputError(
                self.tr("an alert rule over several domains needs a title for the group")
            )
        if kind is not RuleKind.NO_DATA and not self.threshold.value():
            raise TranslatedInputError(self.tr("give the level the rule watches for"))
        if kind is RuleKind.ORIGIN_ABOVE:
            threshold = self.threshold.value() * float(self.unit.currentData())
        elif kind is RuleKind.NO_DATA:
            threshold = 0.0
        else:
            threshold = self.threshold.value() / 100
        old = self._old
        return Rule(
            kind,
            key[0],
            key[1],
            domains,
            threshold,
            self.for_minutes.value() * MINUTE,
            title=self.title.text().strip(),
            name=self.name.text().strip(),
            min_bps=self.floor.value() * MBPS if kind is RuleKind.ORIGIN_UP else 0.0,
            targets=old.targets if old is not None else (),
            **({"hysteresis": old.hysteresis} if old is not None else {}),
        )

    def accept(self) -> None:
        try:
            self.rule = self.made_rule()
        except InputError as error:
            _show_error(self.error, error)
            return
        super().accept()


class TargetEditor(QDialog):
    """One target: its kind, name, URL and signing secret. The URL and secret go to the
    keyring through ``save`` (``save(target, url, secret, done)``, None keeping the stored
    one); the dialog closes once that worked."""

    def __init__(
        self,
        save: Callable[[Target, str | None, str | None, Callable[[str | None], None]], None],
        target: Target | None = None,
        taken: frozenset[str] = frozenset(),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit alert target") if target else self.tr("New alert target"))
        self._save = save
        self._old = target
        self._taken = taken
        self.target: Target | None = None
        self.kind = QComboBox()
        for kind in TargetKind:
            self.kind.addItem(target_kind_title(kind), kind)
        self.kind.setToolTip(self.tr("The chat service or webhook the messages go to"))
        self.name = QLineEdit()
        self.name.setToolTip(self.tr("A name for this target, e.g. ops-dingtalk"))
        self.url = QLineEdit()
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.generate = QPushButton(self.tr("New secret"))
        self.generate.setToolTip(
            self.tr("Make a new signing secret (shown, to give to the receiving service too)")
        )
        self.generate.clicked.connect(self._new_secret)
        secret_row = QHBoxLayout()
        secret_row.setContentsMargins(0, 0, 0, 0)
        secret_row.addWidget(self.secret, 1)
        secret_row.addWidget(self.generate)
        self.secret_box = QWidget()
        self.secret_box.setLayout(secret_row)
        self.pace = QDoubleSpinBox()
        self.pace.setRange(0, 600)
        self.pace.setDecimals(0)
        self.pace.setSpecialValueText(self.tr("the service's limit"))
        self.pace.setSuffix(self.tr(" a minute"))
        self.pace.setToolTip(
            self.tr("At most this many messages a minute (0: the service's documented limit)")
        )
        self.enabled = QCheckBox(self.tr("Send alerts to this target"))
        self.enabled.setChecked(True)
        self.enabled.setToolTip(
            self.tr("Off: nothing is sent; its waiting alerts wait until it is on again")
        )
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Webhook URL"), self.url)
        form.addRow(self.tr("Signing secret"), self.secret_box)
        form.addRow(self.tr("Pace"), self.pace)
        form.addRow("", self.enabled)
        self.form = form
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        root = QVBoxLayout(self)
        root.addLayout(form)
        root.addWidget(self.error)
        root.addWidget(self.buttons)
        if target is not None:
            self.kind.setCurrentIndex(self.kind.findData(target.kind))
            self.name.setText(target.name)
            self.name.setReadOnly(True)  # the keyring entry is by name: remove and add
            self.name.setToolTip(self.tr("To rename a target, remove it and add it again"))
            self.pace.setValue(target.per_minute or 0)
            self.enabled.setChecked(target.enabled)
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        self._kind_chosen()
        self.resize(560, self.sizeHint().height())

    def chosen_kind(self) -> TargetKind:
        return self.kind.currentData()

    def _kind_chosen(self) -> None:
        kind = self.chosen_kind()
        spec = KINDS[kind]
        keeping = self._old is not None
        kept = self.tr("stored in the keyring: leave empty to keep it")
        self.url.setPlaceholderText(kept if keeping else spec.example_url)
        self.url.setToolTip(
            self.tr(
                "The robot's or webhook's address, as its settings show it; kept in the "
                "system keyring only"
            )
        )
        self.form.setRowVisible(self.secret_box, spec.signed)
        self.generate.setVisible(kind is TargetKind.WEBHOOK)
        self.secret.setPlaceholderText(kept if keeping else self.tr("optional"))
        self.secret.setToolTip(
            self.tr(
                "The robot's signing secret (加签 / 签名校验), or the webhook's whsec_ secret; "
                "kept in the system keyring only"
            )
        )

    def _new_secret(self) -> None:
        self.secret.setEchoMode(QLineEdit.EchoMode.Normal)
        self.secret.setText(new_webhook_secret())

    def made(self) -> tuple[Target, str | None, str | None]:
        """The target, URL and secret the fields say (None: keep what is stored)."""
        kind = self.chosen_kind()
        name = self.name.text().strip()
        if not name:
            raise TranslatedInputError(self.tr("give the target a name, e.g. ops-dingtalk"))
        if self._old is None and name in self._taken:
            raise TranslatedInputError(
                arg(self.tr("there is already a target named '%1'; choose another name"), name)
            )
        target = Target(name, kind, self.pace.value() or None, self.enabled.isChecked())
        url_text, secret_text = self.url.text().strip(), self.secret.text().strip()
        changed_kind = self._old is not None and self._old.kind is not kind
        keep = self._old is not None and not changed_kind
        if not url_text and not keep:
            raise TranslatedInputError(
                arg(self.tr("paste the webhook URL from the %1 settings"), target_kind_title(kind))
            )
        url = check_webhook_url(kind, url_text) if url_text or not keep else None
        if not KINDS[kind].signed:
            secret: str | None = "" if not keep or url is not None else None
        elif secret_text or not keep:
            secret = check_signing_secret(kind, secret_text)
        else:
            secret = None
        return target, url, secret

    def accept(self) -> None:
        try:
            target, url, secret = self.made()
        except InputError as error:
            _show_error(self.error, error)
            return
        _show_error(self.error, None)
        self.buttons.setEnabled(False)
        self.target = target

        def done(problem: str | None) -> None:
            if not isValid(self):  # closed while the keyring was busy: saved all the same
                return
            self.buttons.setEnabled(True)
            if problem is None:
                QDialog.accept(self)
            else:
                _show_error(self.error, problem)

        self._save(target, url, secret, done)

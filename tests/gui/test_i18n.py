"""The window in Simplified Chinese: every visible string translated, English still right
when chosen, the language following the system's locale, and the translation files in step
with the sources."""

from __future__ import annotations

import importlib
import pkgutil
import re
import shutil
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pyqtgraph as pg
import pytest
from keyring.backends import fail
from PySide6.QtCore import QAbstractItemModel, QLocale, QModelIndex, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGraphicsTextItem,
    QGraphicsView,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QProgressBar,
    QToolButton,
    QTreeWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from cdnmon import messages as own_messages
from cdnmon.accounts.credentials import Account, AccountStore, SecretStore, store_account
from cdnmon.emulator import EmulatorServer
from cdnmon.gui import i18n
from cdnmon.gui.charts.axes import DisplayZone, LocalTimeAxis
from cdnmon.gui.dialogs.accounts import AccountsDialog
from cdnmon.gui.dialogs.report import ReportDialog
from cdnmon.gui.dialogs.time_range import TimeRangeDialog
from cdnmon.gui.error_text import KEY_FIELDS, WINDOW_WORDINGS
from cdnmon.gui.locale_format import format_bps
from cdnmon.gui.monitor import Monitor
from cdnmon.gui.window.main_window import MainWindow
from cdnmon.gui.window.settings import WindowSettings
from cdnmon.gui.workers import WorkerPool
from cdnmon.history.store import HistoryStore
from cdnmon.messages import CATALOG, Phrase, fields
from cdnmon.model import DAY, HOUR, InputError, TimeRange
from cdnmon.wall.layout import WallLayout, load_layout
from cdnmon.wall.state import TileState
from tests import REPO
from tests.emulated import ManualClock
from tests.gui.dialogs.test_report import NOW, fill
from tests.gui.wall.scene import REFRESH_S, build_scene
from tests.gui.window.test_main_window import key_of, open_window
from tests.keyrings import KEY_ID, SECRET, DictKeyring

# Names that stay as they are in Chinese: products, protocols, units, keys, our own name.
ALLOWED = {
    "cdnmon", "CDN", "UCDN", "UCloud", "AccessKey", "ID", "Secret", "RAM", "LTAI",
    "AliyunCDNReadOnlyAccess", "DomainId", "API", "CSV", "PNG", "UTC", "GMT", "bit", "bps",
    "Kbps", "Mbps", "Gbps", "Tbps", "P95", "Ctrl", "Shift", "Delete", "Esc", "English", "GNOME",
    "Keyring", "KWallet", "D-Bus", "Service", "NTP", "TLS", "http", "https", "org", "ucdn",
    "csv", "png", "EdgeOne", "SecretId", "SecretKey", "CAM", "AKID",
    "AK", "SK", "Access", "Key", "IAM", "AKL", "ReadOnlyAccess", "CDNReadOnlyAccess",  # as
    # Huawei Cloud and Volcengine write them in their Chinese consoles
    "prod", "staging",  # example account names, as typed
    "Prometheus",  # a product name, the same in Chinese
}  # fmt: skip
# Things that are data, not words: domains and paths, URLs, commands, variables, shortcuts.
NOT_WORDS = re.compile(
    r"`[^`]*`|https?://\S+|[\w-]+(?:\.[\w-]+)+|\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b"
    r"|\bbit/s\b|\bF\d+\b|[\w-]*\d[\w-]*|\*\.\w+|\b(?:Ctrl|Shift|Alt)(?:\+\w+)+|%\w|--[\w-]+"
)
# What a provider said, verbatim beside its code: "（InvalidAccessKeyId.NotFound：...）".
PROVIDER_WORDS = re.compile(r"（[\w.]+：[^）]*）")
WORD = re.compile(r"[A-Za-z][A-Za-z-]*")


@pytest.fixture
def app(qapp: QApplication) -> QApplication:
    return qapp


@pytest.fixture
def english(app: QApplication) -> Iterator[str]:
    yield i18n.install(app, "en")
    i18n.uninstall(app)


# ---- collecting what a person can read ---------------------------------------------------


def plain(text: str) -> str:
    return re.sub(r"<[^>]+>", " ", text).replace("&nbsp;", " ").replace("&amp;", "&")


def untranslated(text: str, also_allowed: set[str]) -> list[str]:
    """The English words left in ``text`` once data, provider quotes and names are gone."""
    text = NOT_WORDS.sub(" ", PROVIDER_WORDS.sub(" ", plain(text)))
    text = re.sub(r"\(&\w\)|&", "", text)  # mnemonics: "保存(&S)"
    words = {w.strip("-") for w in WORD.findall(text)}
    return sorted(w for w in words if w and w not in ALLOWED | also_allowed)


def model_texts(view: QAbstractItemView) -> list[tuple[str, str]]:
    model = view.model()
    if model is None:
        return []
    found = []
    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
        for column in range(model.columnCount()):
            header = model.headerData(column, Qt.Orientation.Horizontal, role)
            found.append((f"header {column}", header))
        found += cell_texts(model, QModelIndex(), role)
    return [(where, str(text)) for where, text in found if text]


def cell_texts(model: QAbstractItemModel, parent: QModelIndex, role: int) -> list[tuple[str, str]]:
    """Every cell under ``parent``, a tree's branches and leaves too (the domain picker)."""
    found = []
    for row in range(model.rowCount(parent)):
        for column in range(model.columnCount(parent)):
            index = model.index(row, column, parent)
            found.append((f"cell {row},{column}", model.data(index, role)))
            if column == 0 and model.rowCount(index):
                found += cell_texts(model, index, role)
    return found


def tree_texts(tree: QTreeWidget) -> list[tuple[str, str]]:
    found = []
    for top in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(top)
        for each in [item, *(item.child(i) for i in range(item.childCount()))]:
            found += [("item", each.text(0)), ("item tip", each.toolTip(0))]
    return found


def graphics_texts(view: QGraphicsView) -> list[tuple[str, str]]:
    """Titles, axis labels, legends, line labels, inline errors and axis ticks in charts."""
    found = []
    for item in view.scene().items():
        if isinstance(item, QGraphicsTextItem):
            found.append(("chart text", item.toPlainText()))
        if item.toolTip():
            found.append(("chart tip", item.toolTip()))
        # Axes measure their labels once painted; a hidden plot's axis never was.
        if isinstance(item, pg.AxisItem) and hasattr(item, "fontMetrics"):
            low, high = item.range
            for spacing, values in item.tickValues(low, high, max(200.0, item.width())):
                found.append(("ticks", " ".join(item.tickStrings(values, 1, spacing))))
    return found


def widget_texts(widget: QWidget) -> list[tuple[str, str]]:
    found = [("window title", widget.windowTitle()), ("tooltip", widget.toolTip())]
    if isinstance(widget, QLabel):
        found.append(("label", widget.text()))
    if isinstance(widget, QAbstractButton):
        found.append(("button", widget.text()))
    if isinstance(widget, QGroupBox):
        found.append(("group", widget.title()))
    if isinstance(widget, QComboBox):
        found += [("combo item", widget.itemText(i)) for i in range(widget.count())]
    if isinstance(widget, QLineEdit):
        found.append(("placeholder", widget.placeholderText()))
    if isinstance(widget, QAbstractSpinBox):
        found.append(("spin box", widget.specialValueText()))
    if isinstance(widget, QProgressBar):
        found.append(("progress", widget.format()))
    if isinstance(widget, QTreeWidget):
        found += tree_texts(widget)
    elif isinstance(widget, QListWidget):
        found += [("list item", widget.item(i).text()) for i in range(widget.count())]
    elif isinstance(widget, QAbstractItemView):
        found += model_texts(widget)
    if isinstance(widget, QGraphicsView):
        found += graphics_texts(widget)
    for action in widget.actions():
        found += [("action", action.text()), ("action tip", action.toolTip())]
        if isinstance(action.menu(), QMenu):
            found += widget_texts(action.menu())
    if isinstance(widget, QToolButton) and widget.menu() is not None:
        found += widget_texts(widget.menu())
    return found


def problems(root: QWidget, also_allowed: set[str] = frozenset()) -> list[str]:
    """Every user-visible text under ``root`` (shown or not) that still has English."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        where = f"{type(widget).__name__} {widget.objectName()}".strip()
        for kind, text in widget_texts(widget):
            if text and (words := untranslated(text, set(also_allowed))):
                found.append(f"{where} / {kind}: {text!r} -> {words}")
    return sorted(set(found))


def assert_translated(root: QWidget, also_allowed: set[str] = frozenset()) -> None:
    left = problems(root, also_allowed)
    assert not left, "untranslated:\n" + "\n".join(left)


def has_chinese(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text))


# ---- every window and dialog in Chinese ----------------------------------------------------


def test_wall_in_every_state_is_all_chinese(
    qtbot: QtBot, chinese: str, server: EmulatorServer, clock: ManualClock
) -> None:
    scene = build_scene(server, clock)
    qtbot.addWidget(scene.wall)
    scene.wall.resize(1600, 900)
    scene.wall.show()
    qtbot.waitUntil(scene.wall.answered, timeout=30_000)
    scene.make_stale()
    clock.advance(2 * REFRESH_S + 1)
    scene.monitor.refresh()
    qtbot.waitUntil(lambda: scene.monitor.in_flight == 0, timeout=30_000)
    scene.wall.tick()
    assert {tile.state for tile in scene.wall.tiles} == set(TileState)  # all on one page
    accounts = {account.name for account in server.accounts}
    own = {"Game", "downloads", "SignatureDoesNotMatch"}

    def data_words() -> set[str]:
        # The group's title is the layout's own text; the provider's code is kept verbatim.
        # Titles are the layout's data (domain names), and may be cut short ("img…") on a
        # small tile or at the front of the header's latest alert.
        labels = [tile.title_label for tile in scene.wall.tiles] + [scene.wall.header.alert_label]
        return {word for label in labels for word in WORD.findall(label.text())}

    assert_translated(scene.wall, accounts | data_words() | own)
    scene.wall.resize(800, 600)  # pages, and the page number in the header
    qtbot.waitUntil(lambda: scene.wall.pages() > 1)
    assert_translated(scene.wall, accounts | data_words() | own)
    scene.monitor.shutdown()


def test_main_window_and_welcome_are_all_chinese(
    qtbot: QtBot,
    chinese: str,
    server: EmulatorServer,
    clock: ManualClock,
    tmp_path: Path,
) -> None:
    assert chinese == "zh_CN" and QLocale().name() == "zh_CN"
    ucloud = next(a for a in server.accounts if a.provider == "ucloud")
    window = open_window(qtbot, server, clock, tmp_path, **{ucloud.name: "wrong-private-key"})
    keys = [key_of(server, "aliyun"), key_of(server, "aliyun", 1), key_of(server, "ucloud")]
    window.show_sources(list(window.monitor.sources), keys)
    window.threshold_box.setValue(50)
    qtbot.waitUntil(lambda: bool(window.monitor.error(keys[2])), timeout=30000)
    qtbot.waitUntil(lambda: window.monitor.in_flight == 0, timeout=30000)
    window.chart.flush()
    visible = window.monitor.time_range()
    names = {a.name for a in server.accounts}
    for view in ("multiples", "overlay", "stacked"):
        window.chart.set_view(view)
        window.chart.show_readout_at(visible.start + visible.seconds * 0.99)
        window.chart.grab()  # axes lay out their ticks when painted
        assert_translated(window, names)
    assert has_chinese(window.chart.readout_text())
    assert "鉴权失败" in window.chart.error_text(keys[2])
    assert window.in_flight_label.text() == "0 个获取任务进行中"
    assert window.refresh_action.text() == "刷新"
    assert window.summary.model().headerData(6, Qt.Orientation.Horizontal) == "95 计费带宽"
    window.close()


def test_time_axis_names_days_and_months_in_chinese(chinese: str) -> None:
    axis = LocalTimeAxis(DisplayZone(8 * 3600))
    axis.fontMetrics = QFontMetrics(QFont())  # set when painted; this axis never is
    start = 1_718_409_600  # 2024-06-15 08:00 at UTC+8
    spacing, values = next(
        (s, v) for s, v in axis.tickValues(start, start + 7 * DAY, 800) if s == DAY
    )
    labels = axis.tickStrings(values, 1, spacing)
    assert labels and all(re.fullmatch(r"\d+月\d+日", label) for label in labels), labels


def test_accounts_dialog_is_all_chinese(
    qtbot: QtBot, chinese: str, tmp_path: Path, pool: WorkerPool, server: EmulatorServer
) -> None:
    accounts = AccountStore(tmp_path / "accounts.json")
    secrets = SecretStore(DictKeyring(), timeout=5)
    store_account(Account("aliyun", "prod", KEY_ID), SECRET, accounts=accounts, secrets=secrets)
    dialog = AccountsDialog(accounts, secrets, pool)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: pool.in_flight == 0)
    backend = set(secrets.backend_name.split())
    assert_translated(dialog, backend)
    assert dialog.form_box.title() == "阿里云账号“prod”"

    dialog.new_account("ucloud")
    assert dialog.form.plain_label(dialog.form.secret_edit) == "私钥"
    dialog.save()
    assert dialog.status.text() == "请为账号取一个名称，例如 prod 或 staging"
    assert_translated(dialog, backend)

    demo = next(a for a in server.accounts if a.provider == "ucloud")
    form = dialog.form
    form.name_edit.setText("a/b")
    form.key_id_edit.setText(demo.key_id)
    form.secret_edit.setText("wrong-secret")
    dialog.save()
    assert "含有“/”" in dialog.status.text()
    form.name_edit.setText("games")
    form.project_edit.setText(demo.project_id)
    form.endpoint_edit.setText(server.url)
    dialog.toggle_test()
    qtbot.waitUntil(lambda: "鉴权失败" in dialog.status.text(), timeout=20000)
    assert_translated(dialog, backend | {"games"})

    dialog.new_account("edgeone")
    assert dialog.form.provider_combo.currentText() == "EdgeOne"
    assert dialog.form.plain_label(dialog.form.key_id_edit) == "SecretId"
    assert_translated(dialog, backend | {"games"})

    for provider, title, key_id in (
        ("huawei", "华为云", "访问密钥 ID（AK）"),
        ("volcengine", "火山引擎", "访问密钥 ID（AK）"),
    ):
        dialog.new_account(provider)
        assert dialog.form.provider_combo.currentText() == title
        assert dialog.form.plain_label(dialog.form.key_id_edit) == key_id
        assert_translated(dialog, backend | {"games"})

    dialog.new_account("tencent")
    areas = dialog.form.area_combo
    assert [areas.itemText(i) for i in range(areas.count())] == ["中国境内", "中国境外"]
    assert dialog.form.plain_label(areas) == "区域"
    assert_translated(dialog, backend | {"games"})


def test_an_unusable_keyring_is_explained_in_chinese(
    qtbot: QtBot, chinese: str, tmp_path: Path, pool: WorkerPool
) -> None:
    accounts = AccountStore(tmp_path / "accounts.json")
    dialog = AccountsDialog(accounts, SecretStore(fail.Keyring(), timeout=5), pool)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.notice.isVisible)
    assert "没有可用的安全凭据存储" in dialog.notice.text()
    assert_translated(dialog, {"fail", "Keyring"})


def test_a_wall_layout_that_cannot_be_used_is_explained_in_chinese(
    qtbot: QtBot, chinese: str, tmp_path: Path
) -> None:
    from cdnmon.gui.wall.window import WallWindow

    path = tmp_path / "wall.toml"
    tile = '[[tile]]\ntitle = "Shop"\nprovider = "aliyun"\naccount = "a"\ndomain = "d"\n'
    path.write_text(tile + 'warning = "100 MB/s"\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_layout(path)
    wall = WallWindow(Monitor(WorkerPool()), WallLayout(), path, error=caught.value)
    qtbot.addWidget(wall)
    text = wall.empty_label.text()
    assert text.startswith("大屏布局无法使用：") and f"{path}：磁贴 1（'Shop'）：warning：" in text
    assert "'100 MB/s' 的单位是字节；阈值以比特计（1 字节 = 8 比特），例如 \"800 Mbps\"" in text
    # The file's own words (its path, the tile's title and fields) stay as written.
    assert_translated(wall, set(WORD.findall(f"{path} {tile} warning MB/s")))


def test_time_range_dialog_is_all_chinese(qtbot: QtBot, chinese: str) -> None:
    start = 1_790_000_000
    dialog = TimeRangeDialog(TimeRange(start, start + HOUR))
    qtbot.addWidget(dialog)
    assert dialog.start.displayFormat() == "yyyy/M/d HH:mm"
    dialog.end.setDateTime(dialog.start.dateTime().addSecs(-60))
    dialog._accept()
    assert dialog.problem.text().startswith("结束时间（")
    assert_translated(dialog, {time.strftime("%Z")})
    dialog.end.setDateTime(dialog.start.dateTime().addSecs(40 * DAY))
    dialog._accept()
    assert "31 天" in dialog.problem.text()


def test_report_dialog_is_all_chinese(
    qtbot: QtBot, chinese: str, tmp_path: Path, pool: WorkerPool
) -> None:
    with HistoryStore(tmp_path / "history.sqlite3") as store:
        fill(store)
        dialog = ReportDialog(store, pool, clock=lambda: NOW)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: not dialog.computing and pool.in_flight == 0)
        assert dialog.table.model().rowCount() == 6
        dialog.copy_csv()
        assert dialog.status.text() == "已复制 6 行 CSV"
        assert_translated(dialog, {"shop", "prod", time.strftime("%Z")})
        dialog.month_combo.setCurrentText("2026-10")
        qtbot.waitUntil(lambda: not dialog.computing and pool.in_flight == 0)
        assert dialog.message.text().startswith("2026-10 还没有历史数据")
        assert_translated(dialog, {"shop", "prod", time.strftime("%Z")})


# ---- English, the system's language, and the choice ---------------------------------------


def test_english_reads_as_before_with_its_plurals(
    qtbot: QtBot, english: str, tmp_path: Path
) -> None:
    window = MainWindow(Monitor(WorkerPool()), WindowSettings(tmp_path / "window.ini"))
    qtbot.addWidget(window)
    assert window.refresh_action.text() == "Refresh"
    assert window.range_box.itemText(0) == "15 min" and window.range_box.itemText(4) == "7 d"
    for busy, text in ((0, "0 fetches running"), (1, "1 fetch running")):
        assert window.tr("%n fetches running", "", busy) == text
    assert [b.text() for b in window.welcome.findChildren(QAbstractButton)][-1] == "Try the demo"
    assert "Mbps" in format_bps(12.3e6)
    window.close()


def test_the_system_locale_decides_when_the_setting_says_system(app: QApplication) -> None:
    try:
        assert i18n.install(app, "system", system=QLocale("zh_CN")) == "zh_CN"
        assert app.translate("MainWindow", "Refresh") == "刷新"
        assert i18n.install(app, "system", system=QLocale("zh_SG")) == "zh_CN"
        assert i18n.install(app, "system", system=QLocale("zh_TW")) == "en"
        assert i18n.install(app, "system", system=QLocale("de_DE")) == "en"
        assert app.translate("MainWindow", "Refresh") == "Refresh"
        # English words, German numbers: the locale keeps the system's own conventions.
        assert format_bps(12.3e6) == "12,3 Mbps"
        assert i18n.install(app, "zh_CN", system=QLocale("de_DE")) == "zh_CN"
        assert QLocale().name() == "zh_CN"
    finally:
        i18n.uninstall(app)
    assert app.translate("MainWindow", "Refresh") == "Refresh"


def test_choosing_a_language_is_remembered_and_announced_in_both(
    qtbot: QtBot, english: str, tmp_path: Path
) -> None:
    settings = WindowSettings(tmp_path / "window.ini")
    assert settings.language == "system"
    window = MainWindow(Monitor(WorkerPool()), settings)
    qtbot.addWidget(window)
    button = window.language_button
    titles = [a.text() for a in button.group.actions()]
    assert titles == ["System (English)", "English", "简体中文"]
    button.group.actions()[2].trigger()
    assert WindowSettings(tmp_path / "window.ini").language == "zh_CN"
    notice = button.notice
    assert (notice.isVisible() and not notice.isModal()) or notice.windowModality()
    assert "starts again" in notice.text() and "重新启动 cdnmon 后切换语言" in notice.text()
    button.choose("en")  # the language in use: nothing to announce
    assert not notice.isVisible()
    assert [a.isChecked() for a in button.group.actions()] == [False, True, False]
    window.close()


# ---- the translation files ------------------------------------------------------------------


def messages(ts: Path) -> list[ET.Element]:
    return list(ET.parse(ts).getroot().iter("message"))


@pytest.mark.parametrize("language", list(i18n.LANGUAGES))
def test_every_entry_is_translated(language: str) -> None:
    ts = i18n.ts_files(i18n.translations_dir())[language]
    entries = messages(ts)
    assert entries
    unfinished = [
        m.findtext("source")
        for m in entries
        if m.find("translation").get("type") in ("unfinished", "obsolete", "vanished")
        or not "".join(m.find("translation").itertext()).strip()
    ]
    assert not unfinished, f"untranslated in {ts.name}: {unfinished}"


def test_placeholders_survive_translation() -> None:
    ts = i18n.ts_files(i18n.translations_dir())["zh_CN"]
    for entry in messages(ts):
        source = entry.findtext("source")
        for translated in [*entry.find("translation").itertext()]:
            if translated.strip():
                assert set(re.findall(r"%\d|%n", source)) == set(
                    re.findall(r"%\d|%n", translated)
                ), (source, translated)
                # Our own messages' named fields, conversion and format included.
                assert fields(source) == fields(translated), (source, translated)


def own_texts() -> set[str]:
    """Every text of cdnmon's own messages the window translates: the messages, the
    phrases inside them, and the window's own wordings and key names."""
    modules = pkgutil.iter_modules(own_messages.__path__, f"{own_messages.__name__}.")
    phrases = {
        value
        for module in modules
        for value in vars(importlib.import_module(module.name)).values()
        if isinstance(value, Phrase)
    }
    return {m.text for m in CATALOG.values()} | phrases | set(WINDOW_WORDINGS.values()) | KEY_FIELDS


def error_texts(ts: Path) -> dict[str, str]:
    root = ET.parse(ts).getroot()
    return {
        m.findtext("source"): "".join(m.find("translation").itertext())
        for context in root.iter("context")
        if context.findtext("name") == "ErrorText"
        for m in context.iter("message")
    }


def test_every_own_message_is_translated() -> None:
    translated = error_texts(i18n.ts_files(i18n.translations_dir())["zh_CN"])
    missing = [text for text in own_texts() if not translated.get(text, "").strip()]
    assert not missing, missing


@pytest.mark.skipif(shutil.which("pyside6-lrelease") is None, reason="needs pyside6-lrelease")
def test_the_compiled_files_are_those_of_the_sources(tmp_path: Path) -> None:
    folder = i18n.translations_dir()
    for compiled in i18n.release(folder, tmp_path):
        committed = folder / compiled.name
        assert committed.read_bytes() == compiled.read_bytes(), (
            f"{committed.name} is older than its .ts: run python3 -m cdnmon.gui.i18n --release"
        )


@pytest.mark.skipif(shutil.which("pyside6-lupdate") is None, reason="needs pyside6-lupdate")
def test_the_sources_have_no_string_the_translations_lack(tmp_path: Path) -> None:
    folder = tmp_path / "translations"
    shutil.copytree(i18n.translations_dir(), folder)
    i18n.update_sources(REPO, folder)
    for language, ts in i18n.ts_files(folder).items():
        new = [m.findtext("source") for m in messages(ts) if m.find("translation").get("type")]
        assert not new, f"{language}: run python3 -m cdnmon.gui.i18n --update and translate {new}"
    # Every own message is marked where it is written (a literal QT_TRANSLATE_NOOP call).
    unmarked = own_texts() - set(error_texts(i18n.ts_files(folder)["zh_CN"]))
    assert not unmarked, f"not marked with QT_TRANSLATE_NOOP('ErrorText', ...): {unmarked}"

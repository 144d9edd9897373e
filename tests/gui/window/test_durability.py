"""The window's settings file and the files it saves: written whole, never downgraded,
never emptied by a quit that comes before the accounts do."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cdnmon.gui.monitor import Monitor
from cdnmon.gui.window.main_window import MainWindow
from cdnmon.gui.window.settings import WindowSettings
from cdnmon.gui.workers import WorkerPool
from cdnmon.wall.layout import load_layout

if TYPE_CHECKING:
    from cdnmon.gui.app import DesktopApp

pytestmark = pytest.mark.usefixtures("qapp")

SAVED_SELECTION = "aliyun/prod/img.example.com"
NEWER = (
    "[meta]\nformat=2\n\n[view]\nspan=21600\ntheme=dark\nselection=" + SAVED_SELECTION + "\n"
    "palette=aurora\n\n[future]\ntiles=@Variant(\\0\\0\\0\\x7f)\n"
)


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _window(qtbot: QtBot, settings: WindowSettings) -> MainWindow:
    window = MainWindow(Monitor(WorkerPool()), settings)
    qtbot.addWidget(window)
    return window


def test_a_new_file_carries_its_format_and_unknown_keys_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "cdnmon.ini"
    path.write_text("[view]\nspan=3600\nsparkles=on\n\n[plugins]\nweather=yes\n", encoding="utf-8")
    settings = WindowSettings(path)
    settings.theme = "dark"
    settings.sync()
    text = path.read_text(encoding="utf-8")
    assert "[meta]\nformat=1\n" in text
    # QSettings rewrites the whole file but keeps what it does not know about.
    assert "sparkles=on" in text and "[plugins]\nweather=yes" in text
    assert WindowSettings(path).theme == "dark"


def test_saving_replaces_the_file_in_one_rename(tmp_path: Path) -> None:
    # QSettings writes through QSaveFile: a new file renamed over the old one.
    path = tmp_path / "cdnmon.ini"
    path.write_text("[view]\nspan=3600\n", encoding="utf-8")
    before = path.stat().st_ino
    settings = WindowSettings(path)
    settings.span = 7200
    settings.sync()
    assert path.stat().st_ino != before
    assert _names(tmp_path) == ["cdnmon.ini"]  # no temporary left behind
    assert WindowSettings(path).span == 7200


def test_a_symlinked_settings_file_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "cdnmon.ini"
    real.parent.mkdir()
    real.write_text("[view]\nspan=3600\n", encoding="utf-8")
    link = tmp_path / "config" / "cdnmon.ini"
    link.parent.mkdir()
    link.symlink_to(real)
    settings = WindowSettings(link)
    settings.span = 7200
    settings.sync()
    assert link.is_symlink() and "span=7200" in real.read_text(encoding="utf-8")


def test_a_newer_format_is_read_but_never_written(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "cdnmon.ini"
    path.write_text(NEWER, encoding="utf-8")
    before = path.stat()
    with caplog.at_level(logging.WARNING, logger="cdnmon.gui.window.settings"):
        settings = WindowSettings(path)
        window = _window(qtbot, settings)
        assert window.monitor.span == 21600 and window.theme_action.isChecked()
        window.threshold_box.setValue(500)
        window.theme_action.setChecked(False)
        window.close()  # saves, as a quit does
        window.save_settings()
    # This run's changes are kept in memory for the rest of the run...
    assert settings.theme == "light" and settings.threshold_bps == 500e6
    assert settings.read_only
    del settings, window
    QApplication.processEvents()  # QSettings also writes from the event loop
    # ...but the file is exactly as the newer cdnmon left it.
    assert path.read_text(encoding="utf-8") == NEWER
    assert path.stat().st_ino == before.st_ino and path.stat().st_mtime_ns == before.st_mtime_ns
    assert _names(tmp_path) == ["cdnmon.ini"]
    assert caplog.messages == [
        f"{path} was written by a newer cdnmon (format 2); this one reads format 1 and will "
        "not change it: update cdnmon (the window's changes in this run are not saved)"
    ]


def test_lines_that_cannot_be_parsed_are_copied_aside_before_a_rewrite(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "cdnmon.ini"
    original = b"[view\nspan=7200\n\xff\xfe a line with no equals sign\n[ok]\ntheme=dark\n"
    path.write_bytes(original)
    with caplog.at_level(logging.WARNING, logger="cdnmon.gui.window.settings"):
        settings = WindowSettings(path)
    [copy] = tmp_path.glob("cdnmon.ini.bad-*")
    assert copy.read_bytes() == original
    assert str(copy) in caplog.text
    settings.theme = "dark"
    settings.sync()
    assert copy.read_bytes() == original and not settings.read_only
    WindowSettings(path)  # reading the same damage again makes no second copy
    assert len(list(tmp_path.glob("cdnmon.ini.bad-*"))) == 1


def test_a_folder_that_cannot_be_written_is_said_once_not_raised(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "config"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    settings = WindowSettings(blocker / "cdnmon.ini")
    with caplog.at_level(logging.WARNING, logger="cdnmon.gui.window.settings"):
        for span in (7200, 21600):
            settings.span = span
            settings.sync()
    assert caplog.messages == [
        f"could not save the window's settings to {blocker / 'cdnmon.ini'}: check that its "
        "folder exists and can be written"
    ]


def test_a_quit_before_the_accounts_answer_keeps_the_saved_selection(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "cdnmon.ini"
    path.write_text(f"[view]\nselection={SAVED_SELECTION}\n", encoding="utf-8")
    window = _window(qtbot, WindowSettings(path))
    # The app lists the stored accounts at once and connects them once the keyring answers.
    window.show_sources([("aliyun", "prod")], [])
    window.close()
    assert WindowSettings(path).selection == [("aliyun", "prod", "img.example.com")]


def test_wall_layout_and_csv_export_are_written_whole(
    qtbot: QtBot, desktop_app: Callable[..., DesktopApp], tmp_path: Path
) -> None:
    desktop = desktop_app(demo=True)
    # Up before stop(): a demo started after it would outlive the test.
    qtbot.waitUntil(lambda: desktop.demo_server is not None, timeout=30_000)
    layout = tmp_path / "walls" / "ops.toml"
    layout.parent.mkdir()
    layout.write_text("# an older layout\n", encoding="utf-8")
    before = layout.stat().st_ino
    desktop.wall_mode.save_view(layout, [("aliyun", "prod", "img.example.com")])
    assert layout.stat().st_ino != before  # a new file renamed over the old one
    assert [t.domains for t in load_layout(layout).tiles] == [("img.example.com",)]
    assert stat.S_IMODE(layout.stat().st_mode) == 0o644
    assert _names(layout.parent) == ["ops.toml"]

    export = tmp_path / "export.csv"
    export.write_text("an older export\n", encoding="utf-8")
    before = export.stat().st_ino
    desktop.window.export_csv(export)
    assert export.stat().st_ino != before
    assert export.read_text(encoding="utf-8").startswith("provider,domain,time,bps")
    assert stat.S_IMODE(export.stat().st_mode) == 0o644
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def test_pictures_are_written_whole_and_a_failure_leaves_the_old_file(
    qapp: QApplication, tmp_path: Path
) -> None:
    from PySide6.QtGui import QPixmap

    from cdnmon.gui.charts.picture_file import save_picture

    picture = QPixmap(64, 48)
    shot = tmp_path / "wall.png"
    shot.write_bytes(b"an older picture")
    before = shot.stat().st_ino
    save_picture(picture, shot)
    assert shot.stat().st_ino != before and shot.read_bytes().startswith(b"\x89PNG")
    unknown = tmp_path / "wall.xyz"
    unknown.write_bytes(b"kept")
    with pytest.raises(OSError, match="could not encode a XYZ picture"):
        save_picture(picture, unknown)
    assert unknown.read_bytes() == b"kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wall.png", "wall.xyz"]

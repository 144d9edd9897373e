"""The application icon, found in a source checkout and in the frozen bundle alike.

The icon files live in ``resources/icons`` at the top of the repository (generated from
``cdnmon.svg`` by ``packaging/make_icons.py``); the PyInstaller spec copies that folder to
``resources/icons`` inside the bundle, where ``sys._MEIPASS`` points. A wheel install has
neither, so the icon theme's copy (installed with the .desktop file) is the last resort.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon

APP_ID = "io.github.cdnmon.CdnMon"
# Raster sizes rather than the SVG: no dependency on Qt's SVG icon engine plugin, and the
# small sizes are the ones rendered and checked by hand.
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def resource_dir() -> Path:
    """``resources/`` of the frozen bundle or of the source checkout."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def icon_files(base: Path | None = None) -> list[Path]:
    """The hicolor PNGs present, smallest first."""
    hicolor = (base or resource_dir()) / "icons" / "hicolor"
    files = [hicolor / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in SIZES]
    return [path for path in files if path.is_file()]


def app_icon() -> QIcon:
    """The window icon: every bundled size, else the installed theme icon (may be null)."""
    files = icon_files()
    if not files:
        return QIcon.fromTheme(APP_ID)
    icon = QIcon()
    for path in files:
        icon.addFile(str(path))
    return icon

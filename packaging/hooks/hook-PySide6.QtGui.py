"""PySide6.QtGui with only the Qt plugins cdnmon needs.

Takes PyInstaller's own QtGui hook and drops plugins before the dependency scan, so a
dropped plugin's libraries (the GTK 3 stack behind the gtk3 theme, eglfs, touch over the
network) never enter the bundle. Kept, by plugin folder (None keeps the whole folder):
"""

from pathlib import Path

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

PLUGINS_KEPT = {
    # xcb for X11 and XWayland, wayland, offscreen for headless runs (tests, --screenshot).
    "platforms": {"qxcb", "qwayland", "qoffscreen", "qminimal", "qwindows", "qcocoa"},
    "platforms/darwin": None,
    # Not gtk3: it would pull the build machine's whole GTK 3 stack into the bundle.
    "platformthemes": {"qxdgdesktopportal"},
    "platforminputcontexts": None,
    "xcbglintegrations": None,
    "wayland-decoration-client": None,
    "wayland-graphics-integration-client": None,
    "wayland-shell-integration": None,
    "iconengines": None,
    "imageformats": {"qsvg", "qico", "qjpeg", "qgif"},
    "styles": None,
}


def plugin_kept(src: str, dest: str) -> bool:
    parts = Path(dest).parts
    if "plugins" not in parts:
        return True
    folder = "/".join(parts[parts.index("plugins") + 1 :])
    if folder not in PLUGINS_KEPT:
        return False
    wanted = PLUGINS_KEPT[folder]
    return wanted is None or Path(src).name.split(".")[0].removeprefix("lib") in wanted


hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [(src, dest) for src, dest in binaries if plugin_kept(src, dest)]

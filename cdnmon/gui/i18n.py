"""The interface language: which one to use, and installing its translations.

The setting is ``"system"`` (follow ``QLocale.system()``), ``"en"`` or ``"zh_CN"``. Our strings
come from ``resources/translations/cdnmon_<language>.qm``; Qt's own (standard buttons, the
file dialog) from ``qtbase_<language>.qm`` in Qt's translations folder when the wheel has it.
English has a plural-only file so that counts read "1 domain" and "2 domains".

Call :func:`install` once the QApplication exists and before any window is built. The choice
takes effect at the next start: windows are not retranslated live.

After changing a user-visible string, regenerate the sources and the compiled files::

    python3 -m cdnmon.gui.i18n --update     # pyside6-lupdate, then pyside6-lrelease
    python3 -m cdnmon.gui.i18n --release    # pyside6-lrelease only (after editing a .ts)

``--update`` scans ``cdnmon/gui/**.py``, the Qt-free messages of ``cdnmon/messages/`` and
``cdnmon/alerts/text.py`` (both marked with their own ``QT_TRANSLATE_NOOP``) into
``cdnmon_zh_CN.ts`` and the plural-only
``cdnmon_en.ts``, keeping existing translations; new entries are left unfinished until they
are translated (with ``pyside6-linguist`` or by editing the .ts) and released again. The
tests fail while any entry is unfinished or a .qm is older than its .ts.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

CATALOG = "cdnmon"
# Names of the languages in themselves: a person looking for their language must find it
# whatever language the window is in now.
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}
SYSTEM = "system"
CHOICES = (SYSTEM, *LANGUAGES)
TRANSLATED = ("zh_CN",)  # every string; English needs only its plurals
_SIMPLIFIED_TERRITORIES = {QLocale.Country.China, QLocale.Country.Singapore}

_installed: list[QTranslator] = []
_active = "en"


def translations_dir() -> Path:
    """``resources/translations`` in a source checkout or a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parents[2]
    return root / "resources" / "translations"


def language_for(choice: str, system: QLocale | None = None) -> str:
    """The language a setting means: itself, or for ``"system"`` the one the system's
    locale asks for when we have it (Simplified Chinese for zh_CN/zh_SG/zh_Hans), else English."""
    if choice in LANGUAGES:
        return choice
    system = QLocale.system() if system is None else system
    if system.language() == QLocale.Language.Chinese and (
        system.script() == QLocale.Script.SimplifiedHanScript
        or system.territory() in _SIMPLIFIED_TERRITORIES
    ):
        return "zh_CN"
    return "en"


def locale_for(choice: str, system: QLocale | None = None) -> QLocale:
    """Numbers and dates: the system's own conventions when following the system (a German
    system shows "12,3" even in English) or when it speaks the chosen language (en_GB keeps
    its day-month order); else the chosen language's usual ones."""
    system = QLocale.system() if system is None else system
    if choice not in LANGUAGES:
        return system
    wanted = QLocale(choice)
    return system if system.language() == wanted.language() else wanted


def install(app: QCoreApplication, choice: str = SYSTEM, system: QLocale | None = None) -> str:
    """Install the translations for ``choice`` on ``app`` (replacing any installed before)
    and make its locale the default; returns the language now in use."""
    global _active
    language = language_for(choice, system)
    uninstall(app)
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    candidates = [(f"{CATALOG}_{language}", str(translations_dir()))]
    if language != "en":
        candidates.append((f"qtbase_{language}", qt_folder))
    for name, folder in candidates:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _installed.append(translator)
    QLocale.setDefault(locale_for(choice, system))
    _active = language
    return language


def uninstall(app: QCoreApplication) -> None:
    """Back to the untranslated source strings and the system's locale."""
    global _active
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale.system())
    _active = "en"


def active_language() -> str:
    """The language :func:`install` put in place (English before any install)."""
    return _active


def translate_into(language: str, context: str, source: str) -> str:
    """``source`` in ``language`` without installing it: to say something in the language
    a person just chose, before the restart that switches to it."""
    translator = QTranslator()
    if language in TRANSLATED and translator.load(f"{CATALOG}_{language}", str(translations_dir())):
        return translator.translate(context, source) or source
    return source


def arg(text: str, *values: object) -> str:
    """Fill Qt-style ``%1``, ``%2`` ... in one pass (a value containing "%2" stays as is)."""
    return re.sub(r"%(\d)", lambda m: _value(values, int(m.group(1)), m.group(0)), text)


def _value(values: tuple[object, ...], number: int, placeholder: str) -> str:
    return str(values[number - 1]) if 0 < number <= len(values) else placeholder


# ---- regenerating the translation files ---------------------------------------------------


def source_files(root: Path) -> list[Path]:
    # Qt-free texts (errors, alerts a headless process sends too) are marked for lupdate.
    package = root / "cdnmon"
    return sorted(
        [
            *(package / "gui").rglob("*.py"),
            *(package / "messages").rglob("*.py"),
            package / "alerts" / "text.py",
        ]
    )


def ts_files(folder: Path) -> dict[str, Path]:
    return {language: folder / f"{CATALOG}_{language}.ts" for language in LANGUAGES}


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise SystemExit(
            f"{name} not found: it comes with PySide6 (pip install PySide6-Essentials)"
        )
    return found


def update_sources(root: Path, folder: Path) -> None:
    """Rescan the sources into the .ts files, keeping what is translated already."""
    files = [str(path) for path in source_files(root)]
    for language, ts in ts_files(folder).items():
        options = ["-no-obsolete", "-locations", "relative", "-target-language", language]
        if language not in TRANSLATED:
            options.append("-pluralonly")
        subprocess.run([tool("pyside6-lupdate"), *options, *files, "-ts", str(ts)], check=True)


def release(folder: Path, out: Path | None = None) -> list[Path]:
    """Compile every .ts of ``folder`` to .qm (into ``out``, default beside it)."""
    compiled = []
    for ts in ts_files(folder).values():
        qm = (out or folder) / ts.with_suffix(".qm").name
        subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
        compiled.append(qm)
    return compiled


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m cdnmon.gui.i18n",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--update", action="store_true", help="lupdate the .ts, then lrelease")
    group.add_argument("--release", action="store_true", help="lrelease the .ts only")
    options = parser.parse_args(argv)
    root, folder = Path(__file__).resolve().parents[2], translations_dir()
    folder.mkdir(parents=True, exist_ok=True)
    if options.update:
        update_sources(root, folder)
    for qm in release(folder):
        print(f"wrote {qm.relative_to(root)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

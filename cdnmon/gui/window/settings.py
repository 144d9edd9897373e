"""What the window remembers between runs, in an INI file beside the account list.

The file carries its format number (``[meta] format=1``). One written by a newer cdnmon
is read for what this one understands and never written: this run's changes stay in
memory. A file with lines that cannot be parsed is copied aside before it is rewritten
(QSettings keeps only what it could parse). Keys this version does not know are kept on
rewrite by QSettings itself, as are sections; comments are not.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from cdnmon.gui.i18n import CHOICES as LANGUAGE_CHOICES
from cdnmon.gui.i18n import SYSTEM
from cdnmon.live.core import DEFAULT_SPAN
from cdnmon.live.keys import SeriesKey
from cdnmon.safe_files import copy_aside

log = logging.getLogger(__name__)

VIEWS = ("multiples", "overlay", "stacked")
THEMES = ("light", "dark")
REFRESH_CHOICES = (0, 30, 60, 300)
DEFAULT_REFRESH_S = 60
# Beyond this a kept-days setting is a typo; it must still fit SQLite's integers as seconds.
MAX_KEEP_DAYS = 36_500
FORMAT = 1
FORMAT_KEY = "meta/format"


class WindowSettings:
    """Typed access to the settings file; unreadable values fall back to defaults."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._store = QSettings(str(path), QSettings.Format.IniFormat)
        # Changes of this run that the file does not get (it is a newer cdnmon's).
        self._unsaved: dict[str, Any] = {}
        self._stamped = False
        self._write_failed = False
        self.read_only_reason = self._newer_format() or self._keep_unparsed()
        if self.read_only_reason:
            log.warning("%s", self.read_only_reason)

    @property
    def read_only(self) -> bool:
        return bool(self.read_only_reason)

    def _newer_format(self) -> str:
        try:
            found = int(self._store.value(FORMAT_KEY, FORMAT))
        except (TypeError, ValueError):
            return ""  # an unreadable number falls back like any other value: this format
        if found <= FORMAT:
            return ""
        return (
            f"{self.path} was written by a newer cdnmon (format {found}); this one reads "
            f"format {FORMAT} and will not change it: update cdnmon (the window's changes "
            "in this run are not saved)"
        )

    def _keep_unparsed(self) -> str:
        """A copy of a file with lines QSettings could not parse (it would drop them)."""
        if self._store.status() != QSettings.Status.FormatError:
            return ""
        try:
            copy = copy_aside(self.path, "bad")
        except OSError as error:
            return (
                f"{self.path} has lines that cannot be read, and no copy of it could be kept "
                f"({error.strerror or error}); it is left as it is and the window's changes "
                "in this run are not saved"
            )
        log.warning(
            "%s has lines that cannot be read: they are kept in %s, the rest is used",
            self.path,
            copy,
        )
        return ""

    def _value(self, name: str, default: Any = None) -> Any:
        if name in self._unsaved:
            return self._unsaved[name]
        return self._store.value(name, default)

    def _set(self, name: str, value: Any) -> None:
        if self.read_only:
            self._unsaved[name] = value
            return
        if not self._stamped:
            self._store.setValue(FORMAT_KEY, FORMAT)
            self._stamped = True
        self._store.setValue(name, value)

    def _get(self, name: str, default: Any, kind: type) -> Any:
        value = self._value(name, default)
        try:
            return kind(value)
        except (TypeError, ValueError):
            return default

    def sync(self) -> None:
        """Write the changes now; a failure is said once in the log, in one sentence."""
        if self.read_only:
            return
        self._store.sync()
        if self._store.status() == QSettings.Status.AccessError and not self._write_failed:
            self._write_failed = True
            log.warning(
                "could not save the window's settings to %s: check that its folder exists "
                "and can be written",
                self.path,
            )

    @property
    def geometry(self) -> QByteArray | None:
        value = self._value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._set("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        value = self._value("window/state")
        return value if isinstance(value, QByteArray) else None

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._set("window/state", value)

    @property
    def selection(self) -> list[SeriesKey] | None:
        """The domains picked last time; None if nothing was ever saved."""
        if "view/selection" not in self._unsaved and not self._store.contains("view/selection"):
            return None
        raw = self._value("view/selection") or []
        entries = [raw] if isinstance(raw, str) else list(raw)
        keys = [tuple(entry.split("/", 2)) for entry in entries if entry.count("/") >= 2]
        return [(k[0], k[1], k[2]) for k in keys]

    @selection.setter
    def selection(self, keys: list[SeriesKey]) -> None:
        self._set("view/selection", ["/".join(key) for key in keys])

    @property
    def span(self) -> int:
        span = self._get("view/span", DEFAULT_SPAN, int)
        return span if span > 0 else DEFAULT_SPAN

    @span.setter
    def span(self, seconds: int) -> None:
        self._set("view/span", seconds)

    @property
    def refresh_s(self) -> int:
        value = self._get("view/refresh_s", DEFAULT_REFRESH_S, int)
        return value if value in REFRESH_CHOICES else DEFAULT_REFRESH_S

    @refresh_s.setter
    def refresh_s(self, seconds: int) -> None:
        self._set("view/refresh_s", seconds)

    @property
    def view(self) -> str:
        value = self._get("view/chart", VIEWS[0], str)
        return value if value in VIEWS else VIEWS[0]

    @view.setter
    def view(self, value: str) -> None:
        self._set("view/chart", value)

    @property
    def theme(self) -> str:
        value = self._get("view/theme", THEMES[0], str)
        return value if value in THEMES else THEMES[0]

    @theme.setter
    def theme(self, value: str) -> None:
        self._set("view/theme", value)

    @property
    def edge(self) -> bool:
        """Edge bandwidth and offload shown beside the origin (off: they cost calls)."""
        return self._get("view/edge", "off", str) == "on"

    @edge.setter
    def edge(self, shown: bool) -> None:
        self._set("view/edge", "on" if shown else "off")

    @property
    def threshold_bps(self) -> float:
        return max(0.0, self._get("view/threshold_bps", 0.0, float))

    @threshold_bps.setter
    def threshold_bps(self, value: float) -> None:
        self._set("view/threshold_bps", value)

    @property
    def figures_sort(self) -> tuple[str, str]:
        """The figures table's order: a column's English name and ``ascending`` or
        ``descending`` (the table falls back to the domain for a name it does not know)."""
        column, _, order = self._get("view/figures_sort", "domain ascending", str).partition(" ")
        return column, "descending" if order == "descending" else "ascending"

    @figures_sort.setter
    def figures_sort(self, value: tuple[str, str]) -> None:
        self._set("view/figures_sort", " ".join(value))

    @property
    def export_folder(self) -> str:
        return self._get("export/folder", "", str)

    @export_folder.setter
    def export_folder(self, folder: str) -> None:
        self._set("export/folder", folder)

    @property
    def language(self) -> str:
        """``system`` (follow the system's locale), ``en`` or ``zh_CN``; read at start."""
        value = self._get("ui/language", SYSTEM, str)
        return value if value in LANGUAGE_CHOICES else SYSTEM

    @language.setter
    def language(self, value: str) -> None:
        self._set("ui/language", value)

    @property
    def compare(self) -> str:
        """The comparison by its English name (stored so, whatever the interface language)."""
        return self._get("view/compare", "Off", str)

    @compare.setter
    def compare(self, title: str) -> None:
        self._set("view/compare", title)

    @property
    def keep_minute_days(self) -> int:
        """How long 1-minute points stay in the history before becoming 5-minute means."""
        return min(MAX_KEEP_DAYS, max(8, self._get("history/keep_minute_days", 90, int)))

    @property
    def keep_5min_days(self) -> int:
        """How long the 5-minute means stay."""
        kept = max(self.keep_minute_days, self._get("history/keep_5min_days", 395, int))
        return min(MAX_KEEP_DAYS, kept)

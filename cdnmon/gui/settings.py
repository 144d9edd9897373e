"""What the window remembers between runs, in an INI file beside the account list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from .i18n import CHOICES as LANGUAGE_CHOICES
from .i18n import SYSTEM
from .monitor import DEFAULT_SPAN, SeriesKey

VIEWS = ("multiples", "overlay", "stacked")
THEMES = ("light", "dark")
REFRESH_CHOICES = (0, 30, 60, 300)
DEFAULT_REFRESH_S = 60
# Beyond this a kept-days setting is a typo; it must still fit SQLite's integers as seconds.
MAX_KEEP_DAYS = 36_500


class WindowSettings:
    """Typed access to the settings file; unreadable values fall back to defaults."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._store = QSettings(str(path), QSettings.Format.IniFormat)

    def _get(self, name: str, default: Any, kind: type) -> Any:
        value = self._store.value(name, default)
        try:
            return kind(value)
        except (TypeError, ValueError):
            return default

    def sync(self) -> None:
        self._store.sync()

    @property
    def geometry(self) -> QByteArray | None:
        value = self._store.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._store.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        value = self._store.value("window/state")
        return value if isinstance(value, QByteArray) else None

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._store.setValue("window/state", value)

    @property
    def selection(self) -> list[SeriesKey] | None:
        """The domains picked last time; None if nothing was ever saved."""
        if not self._store.contains("view/selection"):
            return None
        raw = self._store.value("view/selection") or []
        entries = [raw] if isinstance(raw, str) else list(raw)
        keys = [tuple(entry.split("/", 2)) for entry in entries if entry.count("/") >= 2]
        return [(k[0], k[1], k[2]) for k in keys]

    @selection.setter
    def selection(self, keys: list[SeriesKey]) -> None:
        self._store.setValue("view/selection", ["/".join(key) for key in keys])

    @property
    def span(self) -> int:
        span = self._get("view/span", DEFAULT_SPAN, int)
        return span if span > 0 else DEFAULT_SPAN

    @span.setter
    def span(self, seconds: int) -> None:
        self._store.setValue("view/span", seconds)

    @property
    def refresh_s(self) -> int:
        value = self._get("view/refresh_s", DEFAULT_REFRESH_S, int)
        return value if value in REFRESH_CHOICES else DEFAULT_REFRESH_S

    @refresh_s.setter
    def refresh_s(self, seconds: int) -> None:
        self._store.setValue("view/refresh_s", seconds)

    @property
    def view(self) -> str:
        value = self._get("view/chart", VIEWS[0], str)
        return value if value in VIEWS else VIEWS[0]

    @view.setter
    def view(self, value: str) -> None:
        self._store.setValue("view/chart", value)

    @property
    def theme(self) -> str:
        value = self._get("view/theme", THEMES[0], str)
        return value if value in THEMES else THEMES[0]

    @theme.setter
    def theme(self, value: str) -> None:
        self._store.setValue("view/theme", value)

    @property
    def threshold_bps(self) -> float:
        return max(0.0, self._get("view/threshold_bps", 0.0, float))

    @threshold_bps.setter
    def threshold_bps(self, value: float) -> None:
        self._store.setValue("view/threshold_bps", value)

    @property
    def export_folder(self) -> str:
        return self._get("export/folder", "", str)

    @export_folder.setter
    def export_folder(self, folder: str) -> None:
        self._store.setValue("export/folder", folder)

    @property
    def language(self) -> str:
        """``system`` (follow the system's locale), ``en`` or ``zh_CN``; read at start."""
        value = self._get("ui/language", SYSTEM, str)
        return value if value in LANGUAGE_CHOICES else SYSTEM

    @language.setter
    def language(self, value: str) -> None:
        self._store.setValue("ui/language", value)

    @property
    def compare(self) -> str:
        """The comparison by its English name (stored so, whatever the interface language)."""
        return self._get("view/compare", "Off", str)

    @compare.setter
    def compare(self, title: str) -> None:
        self._store.setValue("view/compare", title)

    @property
    def keep_minute_days(self) -> int:
        """How long 1-minute points stay in the history before becoming 5-minute means."""
        return min(MAX_KEEP_DAYS, max(8, self._get("history/keep_minute_days", 90, int)))

    @property
    def keep_5min_days(self) -> int:
        """How long the 5-minute means stay."""
        kept = max(self.keep_minute_days, self._get("history/keep_5min_days", 395, int))
        return min(MAX_KEEP_DAYS, kept)

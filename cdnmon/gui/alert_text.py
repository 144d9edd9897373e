"""Alert messages in the window's language, numbers and time zone.

The words are :mod:`cdnmon.alerts.text`'s (context ``AlertText``, collected by
``python3 -m cdnmon.gui.i18n --update``); this gives them Qt's translations and the
locale's formats, and names the reader's UTC offset, since a message may be read far away.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from cdnmon.alerts.text import TextRenderer
from cdnmon.gui import locale_format
from cdnmon.gui.labels import provider_title


def moment_text(t: float) -> str:
    """``2026/5/1 14:03 (UTC+08:00)`` in this computer's zone."""
    offset = locale_format.moment(t).offsetFromUtc()
    hours, minutes = divmod(abs(offset) // 60, 60)
    sign = "+" if offset >= 0 else "-"
    return f"{locale_format.date_minute(t, with_year=True)} (UTC{sign}{hours:02d}:{minutes:02d})"


def window_renderer() -> TextRenderer:
    """The renderer the window gives the alert service."""
    return TextRenderer(
        translate=QCoreApplication.translate,
        bps=locale_format.format_bps,
        moment=moment_text,
        duration=locale_format.age,
        provider_title=provider_title,
    )

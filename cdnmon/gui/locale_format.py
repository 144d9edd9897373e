"""Bandwidths, numbers, dates and durations written the way the user's locale writes them.

``cdnmon.model.format_bps`` stays plain for the CLI and CSV; this is its on-screen twin. The
C locale (``LANG=C``, the tests) keeps ISO dates, which is also what ops scripts expect.
Times of day are always 24-hour: an operator compares them with logs.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QTimeZone

from cdnmon.model import bps_scale
from cdnmon.wall.state import format_age

CLOCK = "HH:mm:ss"
# Year and the separator next to it, wherever the locale puts the year.
_YEAR = re.compile(r"^y+[^dM]*|[^dM]*y+[^dM]*$|y+[^dM]*")

# pyside6-lupdate finds strings only in calls with a literal context.
translate = QCoreApplication.translate


def is_plain(locale: QLocale) -> bool:
    return locale.language() == QLocale.Language.C


def date_pattern(with_year: bool = True, locale: QLocale | None = None) -> str:
    """The locale's numeric date order: ``yyyy/M/d`` (zh_CN), ``M/d/yyyy`` (en_US),
    ``dd.MM.yyyy`` (de_DE); without the year ``M/d``; ISO in the C locale."""
    locale = QLocale() if locale is None else locale
    if is_plain(locale):
        return "yyyy-MM-dd" if with_year else "MM-dd"
    pattern = locale.dateFormat(QLocale.FormatType.ShortFormat)
    if with_year:
        return re.sub(r"(?<!y)yy(?!y)", "yyyy", pattern)  # a two-digit year reads as a day
    return _YEAR.sub("", pattern).strip()


def moment(t: float, offset_s: int | None = None) -> QDateTime:
    """``t`` (UTC epoch s) in local time, or at a fixed offset east of UTC."""
    if offset_s is None:
        return QDateTime.fromSecsSinceEpoch(int(t))
    return QDateTime.fromSecsSinceEpoch(int(t), QTimeZone.fromSecondsAheadOfUtc(offset_s))


def format_moment(when: QDateTime, pattern: str) -> str:
    return QLocale().toString(when, pattern)


def clock_time(t: float) -> str:
    """``14:05:09`` local."""
    return format_moment(moment(t), CLOCK)


def date_minute(t: float, with_year: bool = False) -> str:
    """``11-20 14:05`` (C), ``11/20 14:05`` (en_US), ``11/20 14:05`` (zh_CN) local."""
    return format_moment(moment(t), f"{date_pattern(with_year)} HH:mm")


def day_and_time(when: QDateTime) -> str:
    """``Sun 2026-11-22 23:38:00`` (C), ``周日 2026/11/22 23:38:00`` (zh_CN)."""
    return format_moment(when, f"ddd {date_pattern()} {CLOCK}")


def number(value: float, digits: int = 3) -> str:
    """``value`` to ``digits`` significant digits with the locale's decimal sign."""
    return QLocale().toString(float(value), "g", digits)


def percent(fraction: float) -> str:
    """``91%`` for 0.91 (one decimal below 10%: ``4.5%``), the locale's digits and sign."""
    value = fraction * 100
    digits = 1 if abs(value) < 10 else 0
    return QLocale().toString(value, "f", digits) + QLocale().percent()


def format_bps(bps: float, digits: int = 3) -> str:
    """``12.3 Mbps`` (``12,3 Mbps`` in de_DE): SI prefixes, like model.format_bps."""
    factor, unit = bps_scale(bps)
    rounded = float(f"{bps / factor:.{digits}g}") * factor
    if abs(rounded) >= 1000 * factor:  # 999.7 Mbps rounds to 1 Gbps, not "1e+03 Mbps"
        factor, unit = bps_scale(rounded)
    return f"{number(bps / factor, digits)} {unit}"


def age(seconds: float) -> str:
    """``45 s``, ``7 min``, ``2 h 5 min`` (``7 分钟`` ...)."""
    return format_age(seconds, duration)


def duration(count: int, unit: str) -> str:
    """``15 min``, ``6 h``, ``7 d``, ``30 s`` (``15 分钟`` ...); ``unit`` one of d h min s."""
    patterns = {
        "d": translate("Units", "%1 d"),
        "h": translate("Units", "%1 h"),
        "min": translate("Units", "%1 min"),
        "s": translate("Units", "%1 s"),
    }
    return patterns[unit].replace("%1", str(count))

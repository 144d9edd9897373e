"""A wall tile's reason and trend in the interface language (the feed decides them)."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QLocale

from cdnmon.gui.error_text import brief
from cdnmon.gui.i18n import arg
from cdnmon.gui.locale_format import age
from cdnmon.wall.feed import Reason, Why

# The feed's words were translated under this context when the feed held them.
translate = QCoreApplication.translate


def reason_text(reason: Reason) -> str:
    """``newest data 12 min old``, the failures' gist, ... ("" when there is no reason)."""
    why, value = reason.why, reason.value
    if why is Why.NO_ACCOUNT:
        return str(value)
    if why is Why.WAITING:
        return translate("WallFeed", "waiting for the account")
    if why is Why.FAILED:
        failures = value if isinstance(value, list) else []
        return "; ".join(dict.fromkeys(brief(failure) for failure in failures))
    if why is Why.LATE:
        return arg(translate("WallFeed", "newest data %1 old"), age(float(value)))  # type: ignore[arg-type]
    if why is Why.NO_TRAFFIC:
        return arg(
            translate("WallFeed", "no traffic reported in the last %1"),
            age(float(value)),  # type: ignore[arg-type]
        )
    if why is Why.FIRST_FETCH:
        return translate("WallFeed", "first fetch under way")
    return ""


def trend_text(change: float | None) -> str:
    """``▲ 12% vs yesterday``; empty when unknown."""
    if change is None:
        return ""
    if math.isinf(change):
        return translate("WallFeed", "▲ new traffic vs yesterday")
    if change == 0:
        return translate("WallFeed", "= same as yesterday")
    percent = QLocale().toString(round(abs(change) * 100))
    if change > 0:
        return arg(translate("WallFeed", "▲ %1% vs yesterday"), percent)
    return arg(translate("WallFeed", "▼ %1% vs yesterday"), percent)

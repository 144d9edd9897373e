"""An alert event: a rule fired for a subject, or cleared; what the messages are made from."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from cdnmon.alerts.rules import Rule, Subject


class Change(Enum):
    FIRED = "fired"
    CLEARED = "cleared"


@dataclass(frozen=True)
class AlertEvent:
    """One change of one rule for one subject.

    ``value`` is the rule's measure where it decided: bit/s (ORIGIN_ABOVE), the change on
    yesterday (ORIGIN_UP, 0.5 = +50%), the offload share (OFFLOAD_BELOW), or seconds of
    silence (NO_DATA). ``at`` is the time of the data point that decided (for NO_DATA, when
    the silence was judged); ``origin_bps`` the origin there; ``reference_bps`` what it was
    measured against (yesterday's origin, or the edge); ``since`` the newest settled point
    before a silence. ``opened_by`` links a CLEARED event to the FIRED one it ends.
    """

    id: str
    rule: Rule
    subject: Subject
    change: Change
    value: float
    at: float
    noticed_at: float
    origin_bps: float | None = None
    reference_bps: float | None = None
    since: float | None = None
    opened_by: str | None = None

    @property
    def fired(self) -> bool:
        return self.change is Change.FIRED

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "rule": self.rule.to_dict(),
            "subject": {
                "provider": self.subject.provider,
                "account": self.subject.account,
                "domains": list(self.subject.domains),
                "title": self.subject.title,
            },
            "change": self.change.value,
            "value": _number(self.value),
            "at": self.at,
            "noticed_at": self.noticed_at,
            "origin_bps": _number(self.origin_bps),
            "reference_bps": _number(self.reference_bps),
            "since": self.since,
            "opened_by": self.opened_by,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AlertEvent:
        """The event :meth:`to_dict` wrote; ValueError, KeyError or TypeError otherwise."""
        subject = data["subject"]
        return cls(
            id=str(data["id"]),
            rule=Rule.from_dict(data["rule"]),
            subject=Subject(
                str(subject["provider"]),
                str(subject["account"]),
                tuple(str(d) for d in subject["domains"]),
                str(subject["title"]),
            ),
            change=Change(data["change"]),
            value=_float(data["value"]),
            at=float(data["at"]),
            noticed_at=float(data["noticed_at"]),
            origin_bps=_optional(data.get("origin_bps")),
            reference_bps=_optional(data.get("reference_bps")),
            since=_optional(data.get("since")),
            opened_by=None if data.get("opened_by") is None else str(data["opened_by"]),
        )


def _number(value: float | None) -> float | str | None:
    # JSON has no infinity; a rise from nothing is one.
    if value is not None and not math.isfinite(value):
        return repr(value)
    return value


def _float(value: Any) -> float:
    return float(value)  # float("inf") reads _number's text back


def _optional(value: Any) -> float | None:
    return None if value is None else _float(value)

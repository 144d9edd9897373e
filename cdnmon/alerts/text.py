"""The words of alert messages: written once here in English, said in the reader's language.

A message names the subject (domain or group), the account, the value, the rule and the
time in the reader's zone. The renderer the service is given makes the text; a headless
process uses :class:`TextRenderer` as it is (English, this computer's zone), the window
gives it Qt's ``translate`` and its locale's number and time formats. The English texts
below are marked with :func:`QT_TRANSLATE_NOOP` (context ``AlertText``) so that
``pyside6-lupdate`` collects them for translation; their ``{fields}`` are filled after.

Every message starts with ``[cdnmon]``, so a DingTalk robot guarded by the keyword
``cdnmon`` accepts it (keep it in translations).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Protocol

from cdnmon.alerts.events import AlertEvent
from cdnmon.alerts.rules import Rule, RuleKind
from cdnmon.model import format_bps
from cdnmon.providers.errors import PROVIDER_TITLES
from cdnmon.wall.state import format_age

CONTEXT = "AlertText"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for translation in ``context`` (pyside6-lupdate finds calls by this
    name); returns it unchanged."""
    return text


HEAD_FIRED = QT_TRANSLATE_NOOP("AlertText", "[cdnmon] ALERT: {subject} ({account})")
HEAD_CLEARED = QT_TRANSLATE_NOOP("AlertText", "[cdnmon] RESOLVED: {subject} ({account})")
ACCOUNT = QT_TRANSLATE_NOOP("AlertText", "{provider} account '{name}'")
DOMAINS = QT_TRANSLATE_NOOP("AlertText", "Domains: {domains}")
TIME = QT_TRANSLATE_NOOP("AlertText", "Time: {time}")
RULE = QT_TRANSLATE_NOOP("AlertText", "Rule: {rule}")
NAMED_RULE = QT_TRANSLATE_NOOP("AlertText", "'{name}': {rule}")
LASTING = QT_TRANSLATE_NOOP("AlertText", " for {duration}")
ABOVE_FIRED = QT_TRANSLATE_NOOP("AlertText", "Origin {value} is at or above {level}{lasting}.")
ABOVE_CLEARED = QT_TRANSLATE_NOOP("AlertText", "Origin {value} is back below {level}.")
UP_FIRED = QT_TRANSLATE_NOOP(
    "AlertText",
    "Origin {value} is {change} on the same time yesterday ({yesterday}){lasting}; "
    "the limit is {limit}.",
)
UP_CLEARED = QT_TRANSLATE_NOOP(
    "AlertText",
    "Origin {value} is {change} on the same time yesterday ({yesterday}), back below {limit}.",
)
OFFLOAD_FIRED = QT_TRANSLATE_NOOP(
    "AlertText",
    "Offload {share} (origin {origin} of {edge} at the edge) is below {limit}{lasting}.",
)
OFFLOAD_CLEARED = QT_TRANSLATE_NOOP(
    "AlertText",
    "Offload {share} (origin {origin} of {edge} at the edge) is back at or above {limit}.",
)
SILENT_FIRED = QT_TRANSLATE_NOOP(
    "AlertText", "No settled data for {silence} past the provider's delay ({newest})."
)
SILENT_CLEARED = QT_TRANSLATE_NOOP("AlertText", "Settled data again ({newest}).")
NEWEST = QT_TRANSLATE_NOOP("AlertText", "newest point {time}")
NO_POINT = QT_TRANSLATE_NOOP("AlertText", "no point held")
UNKNOWN = QT_TRANSLATE_NOOP("AlertText", "unknown")
ABOVE_RULE = QT_TRANSLATE_NOOP("AlertText", "origin at or above {level}{lasting}")
UP_RULE = QT_TRANSLATE_NOOP("AlertText", "origin up {limit} on yesterday{lasting}")
UP_RULE_FROM = QT_TRANSLATE_NOOP(
    "AlertText", "origin up {limit} on yesterday{lasting} (from {floor})"
)
OFFLOAD_RULE = QT_TRANSLATE_NOOP("AlertText", "offload below {limit}{lasting}")
SILENT_RULE = QT_TRANSLATE_NOOP("AlertText", "no settled data for {duration}")
TEST = QT_TRANSLATE_NOOP(
    "AlertText", "[cdnmon] Test message to '{target}', sent {time}: cdnmon alerts will arrive here."
)


class Renderer(Protocol):
    """Words for the messages. Called on the thread that evaluates the rules (and, for test
    messages, the one that asks): it must not touch widgets."""

    def alert_text(self, event: AlertEvent) -> str: ...

    def test_text(self, target: str, now: float) -> str: ...

    def rule_summary(self, rule: Rule) -> str: ...


def _same(context: str, text: str) -> str:
    return text


class TextRenderer:
    """The messages, in English by default. ``translate(context, text)`` says a text in
    another language; ``bps``, ``moment`` and ``duration`` write a bandwidth, a time and a
    span as the reader's locale does (``moment`` by default: ``2026-05-01 14:03
    (UTC+08:00)`` in ``zone``, None being this computer's)."""

    def __init__(
        self,
        zone: tzinfo | None = None,
        *,
        translate: Callable[[str, str], str] = _same,
        bps: Callable[[float], str] = format_bps,
        moment: Callable[[float], str] | None = None,
        duration: Callable[[float], str] = format_age,
        provider_title: Callable[[str], str] = lambda name: PROVIDER_TITLES.get(name, name),
    ) -> None:
        self.zone = zone
        self._translate = translate
        self.bps = bps
        self.moment = moment or self._iso_moment
        self.duration = duration
        self.provider_title = provider_title

    def say(self, text: str, **fields: object) -> str:
        return self._translate(CONTEXT, text).format(**fields)

    def _iso_moment(self, t: float) -> str:
        when = datetime.fromtimestamp(t, self.zone) if self.zone else datetime.fromtimestamp(t)
        when = when if self.zone else when.astimezone()  # the local zone, with its offset
        offset = when.strftime("%z")
        return f"{when:%Y-%m-%d %H:%M} (UTC{offset[:3]}:{offset[3:]})"

    def alert_text(self, event: AlertEvent) -> str:
        subject = event.subject
        account = self.say(
            ACCOUNT, provider=self.provider_title(subject.provider), name=subject.account
        )
        head = HEAD_FIRED if event.fired else HEAD_CLEARED
        lines = [self.say(head, subject=subject.title, account=account), self._finding(event)]
        if subject.is_group:
            lines.append(self.say(DOMAINS, domains=", ".join(subject.domains)))
        lines.append(self.say(TIME, time=self.moment(event.at)))
        lines.append(self.say(RULE, rule=self.rule_summary(event.rule)))
        return "\n".join(lines)

    def test_text(self, target: str, now: float) -> str:
        return self.say(TEST, target=target, time=self.moment(now))

    def rule_summary(self, rule: Rule) -> str:
        """``'critical': origin at or above 1.2 Gbps``."""
        lasting = self._lasting(rule)
        if rule.kind is RuleKind.ORIGIN_ABOVE:
            said = self.say(ABOVE_RULE, level=self.bps(rule.threshold), lasting=lasting)
        elif rule.kind is RuleKind.ORIGIN_UP:
            text, floor = (UP_RULE_FROM, self.bps(rule.min_bps)) if rule.min_bps else (UP_RULE, "")
            said = self.say(text, limit=percent(rule.threshold), lasting=lasting, floor=floor)
        elif rule.kind is RuleKind.OFFLOAD_BELOW:
            said = self.say(OFFLOAD_RULE, limit=percent(rule.threshold), lasting=lasting)
        else:
            said = self.say(SILENT_RULE, duration=self.duration(rule.for_s))
        return self.say(NAMED_RULE, name=rule.name, rule=said) if rule.name else said

    def _lasting(self, rule: Rule) -> str:
        return self.say(LASTING, duration=self.duration(rule.for_s)) if rule.for_s else ""

    def _finding(self, event: AlertEvent) -> str:
        rule, value, fired = event.rule, event.value, event.fired
        unknown = self.say(UNKNOWN)
        origin = self.bps(event.origin_bps) if event.origin_bps is not None else unknown
        reference = self.bps(event.reference_bps) if event.reference_bps is not None else unknown
        lasting = self._lasting(rule)
        if rule.kind is RuleKind.ORIGIN_ABOVE:
            level = self.bps(rule.threshold if fired else rule.clear_level)
            text = ABOVE_FIRED if fired else ABOVE_CLEARED
            return self.say(text, value=self.bps(value), level=level, lasting=lasting)
        if rule.kind is RuleKind.ORIGIN_UP:
            limit = percent(rule.threshold if fired else rule.clear_level, signed=True)
            return self.say(
                UP_FIRED if fired else UP_CLEARED,
                value=origin,
                yesterday=reference,
                change=percent(value, signed=True),
                limit=limit,
                lasting=lasting,
            )
        if rule.kind is RuleKind.OFFLOAD_BELOW:
            limit = percent(rule.threshold if fired else rule.clear_level)
            return self.say(
                OFFLOAD_FIRED if fired else OFFLOAD_CLEARED,
                share=percent(value),
                origin=origin,
                edge=reference,
                limit=limit,
                lasting=lasting,
            )
        newest = self.say(NEWEST, time=self.moment(event.since)) if event.since else None
        newest = newest or self.say(NO_POINT)
        if fired:
            return self.say(SILENT_FIRED, silence=self.duration(value), newest=newest)
        return self.say(SILENT_CLEARED, newest=newest)


def percent(fraction: float, signed: bool = False) -> str:
    """``62%``; signed: ``+62%`` / ``-8%``."""
    return f"{fraction * 100:{'+' if signed else ''}.0f}%"

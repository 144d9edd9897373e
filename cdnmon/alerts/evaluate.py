"""Rules judged on the live snapshots: settled points only, with hysteresis.

Each (rule, subject) pair is a small state machine. Not firing, it counts how long the
condition has held over consecutive settled points and fires once that reaches the rule's
``for_s``; firing, it stays quiet until a point is back past the rule's clear level (the
threshold moved by the hysteresis), then clears. A value between the two changes nothing
while firing and restarts the count while not. A missing point (a gap, yesterday unknown,
no edge figure) neither confirms nor breaks a run: silence is the NO_DATA rule's business.

Points are read once: each evaluation looks only at settled points newer than the last
one it judged. The first time a pair is seen, only the last ``for_s`` seconds are judged,
so starting the program reports what is going on now, not the morning's history again.
Which pairs are firing is handed back by the caller after a restart (from the journal), so
a rule that was firing is not announced twice and is cleared when its data says so. (A
NO_DATA rule over a series with no point held counts its silence from when it was first
seen in this run.)
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

import numpy as np

from cdnmon.alerts.events import AlertEvent, Change
from cdnmon.alerts.rules import Rule, RuleKind, Subject
from cdnmon.live import points as pts
from cdnmon.live.keys import SeriesKey
from cdnmon.live.points import Points
from cdnmon.live.snapshot import Snapshot
from cdnmon.model import DAY
from cdnmon.providers.registry import settled_before

PairKey = tuple[str, str]  # (rule key, subject key)


@dataclass
class _Pair:
    """Where one rule stands for one subject."""

    firing: bool = False
    fired_id: str | None = None
    run_start: float | None = None  # first point of the current run of bad points
    judged_until: float | None = None  # newest point already judged
    first_seen: float = 0.0


@dataclass(frozen=True)
class Observed:
    """A subject's settled series as the rules read it (a group already summed)."""

    times: np.ndarray
    origin: np.ndarray
    interval: int
    yesterday: Points | None
    edge: Points | None


class RuleEngine:
    """Turns snapshots into alert events. Not thread-safe: one caller (the window's thread,
    or the collector's loop) calls :meth:`evaluate`."""

    def __init__(
        self,
        rules: Iterable[Rule] = (),
        firing: Mapping[PairKey, str] | None = None,
        new_id: Callable[[], str] = lambda: uuid.uuid4().hex,
    ) -> None:
        self.rules: list[Rule] = []
        self._pairs: dict[PairKey, _Pair] = {
            pair: _Pair(firing=True, fired_id=fired) for pair, fired in (firing or {}).items()
        }
        self._new_id = new_id
        self.set_rules(rules)

    def set_rules(self, rules: Iterable[Rule]) -> None:
        """Judge these rules from now on; a rule no longer there is forgotten, firing or not
        (its last event stays in the history)."""
        self.rules = list(dict.fromkeys(rules))
        keys = {rule.key for rule in self.rules}
        self._pairs = {pair: state for pair, state in self._pairs.items() if pair[0] in keys}

    @property
    def firing(self) -> dict[PairKey, str]:
        """The pairs firing now, with the id of the event that opened each."""
        return {pair: state.fired_id or "" for pair, state in self._pairs.items() if state.firing}

    def evaluate(
        self,
        now: float,
        shots: Mapping[SeriesKey, Snapshot],
        yesterday: Mapping[SeriesKey, Points] | None = None,
        edge: Mapping[SeriesKey, Points] | None = None,
    ) -> list[AlertEvent]:
        """The events the latest snapshots cause, oldest first.

        ``yesterday`` holds each series' points of the day before (their own times, as the
        history gives them); ``edge`` its edge bit/s at the same times as its origin. Both are
        optional: a rule that needs one that is missing judges nothing.
        """
        events: list[AlertEvent] = []
        for rule in self.rules:
            for subject in rule.subjects(shots):
                pair = (rule.key, subject.key)
                state = self._pairs.get(pair)
                if state is None:
                    state = self._pairs[pair] = _Pair(first_seen=now)
                elif not state.first_seen:
                    state.first_seen = now  # restored from the journal: seen from now on
                observed = _observe(subject, shots, yesterday or {}, edge or {})
                if rule.kind is RuleKind.NO_DATA:
                    event = self._judge_silence(rule, subject, state, observed, now)
                    events.extend([event] if event else [])
                else:
                    events.extend(self._judge_points(rule, subject, state, observed, now))
        return sorted(events, key=lambda e: e.at)

    # ---- judging ----------------------------------------------------------------------

    def _judge_points(
        self, rule: Rule, subject: Subject, state: _Pair, seen: Observed, now: float
    ) -> list[AlertEvent]:
        if not seen.times.size:
            return []
        newest = float(seen.times[-1])
        start = state.judged_until
        first = (
            int(np.searchsorted(seen.times, newest - rule.for_s, side="left"))
            if start is None
            else int(np.searchsorted(seen.times, start, side="right"))
        )
        state.judged_until = newest
        measures, references = _measure(rule, seen)
        events = []
        for at in range(first, seen.times.size):
            time, value = float(seen.times[at]), float(measures[at])
            if math.isnan(value):
                continue  # unknown: neither confirms nor breaks
            origin, reference = float(seen.origin[at]), _maybe(references[at])
            if not state.firing:
                if _bad(rule, value, origin):
                    state.run_start = time if state.run_start is None else state.run_start
                    if time + seen.interval - state.run_start >= rule.for_s:
                        events.append(
                            self._change(
                                Change.FIRED,
                                rule,
                                subject,
                                state,
                                value,
                                time,
                                now,
                                origin,
                                reference,
                            )
                        )
                else:
                    state.run_start = None
            elif _good(rule, value, origin):
                events.append(
                    self._change(
                        Change.CLEARED, rule, subject, state, value, time, now, origin, reference
                    )
                )
        return events

    def _judge_silence(
        self, rule: Rule, subject: Subject, state: _Pair, seen: Observed, now: float
    ) -> AlertEvent | None:
        """NO_DATA: silence is how long past the provider's usual delay the newest settled
        point is; with none held, how long the rules have been looking at the subject."""
        since = float(seen.times[-1]) + seen.interval if seen.times.size else None
        silence = settled_before(subject.provider, now) - (since or state.first_seen)
        newest = float(seen.times[-1]) if seen.times.size else None
        origin = float(seen.origin[-1]) if seen.times.size else None
        if not state.firing and silence >= rule.for_s:
            event = self._change(
                Change.FIRED, rule, subject, state, silence, now, now, origin, None
            )
        elif state.firing and silence < rule.clear_level:
            event = self._change(
                Change.CLEARED, rule, subject, state, silence, now, now, origin, None
            )
        else:
            return None
        return _with_since(event, newest)

    def _change(
        self,
        change: Change,
        rule: Rule,
        subject: Subject,
        state: _Pair,
        value: float,
        at: float,
        now: float,
        origin: float | None,
        reference: float | None,
    ) -> AlertEvent:
        """The event of ``change``, with the pair's state moved on to match."""
        fired = change is Change.FIRED
        event = AlertEvent(
            self._new_id(),
            rule,
            subject,
            change,
            value,
            at,
            now,
            origin,
            reference,
            opened_by=None if fired else state.fired_id,
        )
        state.firing, state.fired_id, state.run_start = fired, event.id if fired else None, None
        return event


def _observe(
    subject: Subject,
    shots: Mapping[SeriesKey, Snapshot],
    yesterday: Mapping[SeriesKey, Points],
    edge: Mapping[SeriesKey, Points],
) -> Observed:
    """The subject's settled points; a group's are its members' sum (as the wall's tiles)."""
    members = [shots[key] for key in subject.series]
    interval = max(shot.interval for shot in members)
    settled_end = min(shot.provisional_after for shot in members)
    if len(members) == 1:
        points = members[0].points
    else:
        points = pts.sum_group([shot.points for shot in members], interval)
    times, origin = points
    cut = int(np.searchsorted(times, settled_end, side="left"))

    def summed(extra: Mapping[SeriesKey, Points]) -> Points | None:
        found = [extra.get(key) for key in subject.series]
        if any(p is None for p in found):
            return None
        present = [p for p in found if p is not None]
        return present[0] if len(present) == 1 else pts.sum_group(present, interval)

    return Observed(times[:cut], origin[:cut], interval, summed(yesterday), summed(edge))


def _measure(rule: Rule, seen: Observed) -> tuple[np.ndarray, np.ndarray]:
    """The rule's measure at each settled point (NaN: unknown there), and what it was
    measured against (NaN where nothing)."""
    nothing = np.full(seen.times.size, np.nan)
    if rule.kind is RuleKind.ORIGIN_ABOVE:
        return seen.origin, nothing
    against = seen.yesterday if rule.kind is RuleKind.ORIGIN_UP else seen.edge
    if against is None:
        return nothing, nothing
    offset = DAY if rule.kind is RuleKind.ORIGIN_UP else 0
    reference = _at(against, seen.times - offset)
    with np.errstate(divide="ignore", invalid="ignore"):
        if rule.kind is RuleKind.ORIGIN_UP:
            measure = np.where(reference > 0, seen.origin / reference - 1, np.nan)
        else:
            measure = np.where(reference > 0, 1 - seen.origin / reference, np.nan)
    return measure, reference


def _at(points: Points, times: np.ndarray) -> np.ndarray:
    """``points``' values at exactly ``times`` (NaN where it has none)."""
    known, values = points
    where = np.clip(np.searchsorted(known, times), 0, max(known.size - 1, 0))
    found = np.full(times.size, np.nan)
    if known.size:
        hit = known[where] == times
        found[hit] = values[where][hit]
    return found


def _bad(rule: Rule, value: float, origin: float) -> bool:
    if rule.kind is RuleKind.OFFLOAD_BELOW:
        return value < rule.threshold
    if rule.kind is RuleKind.ORIGIN_UP and origin < rule.min_bps:
        return False
    return value >= rule.threshold


def _good(rule: Rule, value: float, origin: float) -> bool:
    if rule.kind is RuleKind.OFFLOAD_BELOW:
        return value >= rule.clear_level
    if rule.kind is RuleKind.ORIGIN_UP and origin < rule.min_bps:
        return True  # too little traffic left to matter
    return value < rule.clear_level


def _maybe(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _with_since(event: AlertEvent, since: float | None) -> AlertEvent:
    return replace(event, since=since)

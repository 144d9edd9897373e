"""What the alerts watch: a rule is one condition over one domain, group or account.

A rule names its scope as the wall does (``cdnmon.wall.layout.TileSpec``): one account at one
provider, and either one domain, several domains summed into a titled group, or no domains
at all, meaning every watched domain of the account, each on its own. Thresholds are in the
program's units: bit/s, fractions (0.5 is 50%) and seconds.

A rule is identified by what it says (:attr:`Rule.key`): changing its threshold makes it a
new rule, so an alert that fired under the old threshold is not cleared by the new one.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from cdnmon.live.keys import SeriesKey
from cdnmon.messages import alerts as said
from cdnmon.model import DAY, MINUTE, InputError, check_domain
from cdnmon.providers.errors import PROVIDER_TITLES
from cdnmon.wall.layout import TileSpec

# The wall's threshold hysteresis (cdnmon.wall.state.ThresholdTracker): 10% back.
DEFAULT_HYSTERESIS = 0.1
_MAX_BPS = 1e15  # as the wall layout: beyond any origin, so a typo
_MAX_FOR_S = 7 * DAY


class RuleKind(Enum):
    """The conditions a rule can watch; ``threshold`` is in the unit each one names."""

    ORIGIN_ABOVE = "origin_above"  # origin bit/s at or above the threshold (bit/s)
    ORIGIN_UP = "origin_up"  # origin up by the threshold (0.5: +50%) on the same time yesterday
    OFFLOAD_BELOW = "offload_below"  # offload, 1 - origin/edge, below the threshold (0.8: 80%)
    NO_DATA = "no_data"  # no settled point for ``for_s`` seconds past the provider's delay


@dataclass(frozen=True)
class Subject:
    """What one alert is about: one domain, or a group of one account's domains summed."""

    provider: str
    account: str
    domains: tuple[str, ...]
    title: str

    @property
    def key(self) -> str:
        return f"{self.provider}/{self.account}/{self.title}"

    @property
    def series(self) -> list[SeriesKey]:
        return [(self.provider, self.account, domain) for domain in self.domains]

    @property
    def is_group(self) -> bool:
        return len(self.domains) > 1


@dataclass(frozen=True)
class Rule:
    """One condition over one scope.

    ``domains`` empty: every watched domain of the account, each alerting on its own; one
    domain: that domain; several: their sum, titled ``title``. ``for_s`` is how long the
    condition must hold before the rule fires (for NO_DATA, how long the silence lasts).
    ``hysteresis`` is how far back past the threshold the value must come before the rule
    clears, as a fraction of the way to the harmless end (origin 0, offload 100%).
    ``min_bps`` keeps ORIGIN_UP quiet for small traffic (1 kbit/s tripled is no news).
    ``targets`` names where its messages go; empty means every target.
    """

    kind: RuleKind
    provider: str
    account: str
    domains: tuple[str, ...] = ()
    threshold: float = 0.0
    for_s: int = 0
    hysteresis: float = DEFAULT_HYSTERESIS
    title: str = ""
    name: str = ""
    min_bps: float = 0.0
    targets: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        check_rule(self)

    @property
    def key(self) -> str:
        """Stable identity of what the rule says (not its name or targets)."""
        said = [self.kind.value, self.provider, self.account, list(self.domains), self.title]
        said += [repr(self.threshold), self.for_s, repr(self.hysteresis), repr(self.min_bps)]
        return hashlib.sha256(json.dumps(said).encode()).hexdigest()[:16]

    @property
    def clear_level(self) -> float:
        """The value the metric must get back past before the rule clears."""
        h = self.hysteresis
        if self.kind is RuleKind.ORIGIN_ABOVE:
            return self.threshold * (1 - h)
        if self.kind is RuleKind.ORIGIN_UP:  # on the ratio to yesterday: 1.5 -> 1.35
            return (1 + self.threshold) * (1 - h) - 1
        if self.kind is RuleKind.OFFLOAD_BELOW:  # toward 100%: 80% -> 82%
            return self.threshold + (1 - self.threshold) * h
        return self.for_s * (1 - h)  # NO_DATA: seconds of silence

    def subjects(self, watched: Iterable[SeriesKey]) -> list[Subject]:
        """The subjects this rule judges among the watched series: its domain or group only
        when every member is watched, or each watched domain of its account."""
        watched = list(watched)
        if not self.domains:
            return [
                Subject(self.provider, self.account, (domain,), domain)
                for provider, account, domain in watched
                if (provider, account) == (self.provider, self.account)
            ]
        subject = Subject(self.provider, self.account, self.domains, self.title or self.domains[0])
        return [subject] if all(key in watched for key in subject.series) else []

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "provider": self.provider,
            "account": self.account,
            "domains": list(self.domains),
            "threshold": self.threshold,
            "for_s": self.for_s,
            "hysteresis": self.hysteresis,
            "title": self.title,
            "name": self.name,
            "min_bps": self.min_bps,
            "targets": list(self.targets),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Rule:
        """A rule from :meth:`to_dict`'s form; InputError naming the field that is wrong."""
        if not isinstance(data, Mapping):
            raise InputError(said.RULE_NOT_AN_OBJECT)
        try:
            kind = RuleKind(data.get("kind"))
        except ValueError:
            kinds = ", ".join(k.value for k in RuleKind)
            raise InputError(said.RULE_KIND_UNKNOWN, kind=data.get("kind"), kinds=kinds) from None
        texts = {name: data.get(name, "") for name in ("provider", "account", "title", "name")}
        lists = {name: data.get(name, []) for name in ("domains", "targets")}
        numbers = {
            name: data.get(name, default)
            for name, default in (
                ("threshold", 0.0),
                ("for_s", 0),
                ("hysteresis", DEFAULT_HYSTERESIS),
                ("min_bps", 0.0),
            )
        }
        for name, value in texts.items():
            if not isinstance(value, str):
                raise InputError(said.RULE_FIELD_NOT_TEXT, field=name)
        for name, value in lists.items():
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise InputError(said.RULE_FIELD_NOT_NAMES, field=name)
        for name, value in numbers.items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InputError(said.RULE_FIELD_NOT_A_NUMBER, field=name)
        if numbers["for_s"] != int(numbers["for_s"]):
            raise InputError(said.RULE_FOR_S_NOT_WHOLE)
        return cls(
            kind,
            texts["provider"],
            texts["account"],
            tuple(lists["domains"]),
            float(numbers["threshold"]),
            int(numbers["for_s"]),
            float(numbers["hysteresis"]),
            texts["title"],
            texts["name"],
            float(numbers["min_bps"]),
            tuple(lists["targets"]),
        )


def check_rule(rule: Rule) -> None:
    """InputError, in one sentence, for a rule that cannot be judged as written."""
    if rule.provider not in PROVIDER_TITLES:
        known = ", ".join(sorted(PROVIDER_TITLES))
        raise InputError(said.RULE_PROVIDER_UNKNOWN, provider=rule.provider, known=known)
    if not rule.account.strip():
        raise InputError(said.RULE_NO_ACCOUNT)
    for domain in rule.domains:
        check_domain(domain)
    if len(set(rule.domains)) != len(rule.domains):
        raise InputError(said.RULE_DOMAIN_TWICE)
    if len(rule.domains) > 1 and not rule.title.strip():
        raise InputError(said.RULE_GROUP_UNTITLED)
    threshold = rule.threshold
    if not math.isfinite(threshold):
        raise InputError(said.RULE_THRESHOLD_NOT_FINITE)
    if rule.kind is RuleKind.ORIGIN_ABOVE and not 0 < threshold <= _MAX_BPS:
        raise InputError(said.RULE_ORIGIN_LEVEL_RANGE)
    if rule.kind is RuleKind.ORIGIN_UP and not 0 < threshold <= 100:
        raise InputError(said.RULE_RISE_RANGE)
    if rule.kind is RuleKind.OFFLOAD_BELOW and not 0 < threshold <= 1:
        raise InputError(said.RULE_OFFLOAD_RANGE)
    if not 0 <= rule.for_s <= _MAX_FOR_S:
        raise InputError(said.RULE_DURATION_RANGE)
    if rule.kind is RuleKind.NO_DATA and rule.for_s < MINUTE:
        raise InputError(said.RULE_NO_DATA_TOO_SHORT)
    if not 0 <= rule.hysteresis < 1:
        raise InputError(said.RULE_HYSTERESIS_RANGE)
    if not (math.isfinite(rule.min_bps) and rule.min_bps >= 0):
        raise InputError(said.RULE_MIN_ORIGIN_NEGATIVE)
    if any(not target.strip() for target in rule.targets):
        raise InputError(said.RULE_EMPTY_TARGET)


def rules_for_tile(tile: TileSpec, for_s: int = 0) -> list[Rule]:
    """The wall tile's thresholds as alert rules, so a crossing on the wall also reaches the
    team's chat: one ORIGIN_ABOVE rule per threshold, named after the level."""
    domains = tile.domains
    title = tile.title if len(domains) > 1 else ""
    return [
        Rule(
            RuleKind.ORIGIN_ABOVE,
            tile.provider,
            tile.account,
            domains,
            level,
            for_s,
            title=title,
            name=name,
        )
        for name, level in (("warning", tile.warning_bps), ("critical", tile.critical_bps))
        if level is not None
    ]

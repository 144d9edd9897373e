"""Fault injection: make a share of requests fail the ways real gateways and networks do.

A ``FaultPlan`` says what goes wrong and how often; the ``FaultInjector`` holds the current
plan (replaceable at runtime from any thread) and decides, with a seeded RNG so runs
repeat, which requests it hits.
"""

from __future__ import annotations

import math
import random
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from cdnmon.emulator.gateway import ApiReply
from cdnmon.model import InputError

FAULT_KINDS = ("throttle", "server_error", "latency", "drop", "malformed", "truncated", "html")

_HTML_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n"
    b"<body><center><h1>502 Bad Gateway</h1></center>\n"
    b"<hr><center>Tengine</center></body></html>\n"
)


@dataclass(frozen=True)
class FaultPlan:
    """Hit ``rate`` (0..1) of requests with ``kind``; only requests naming one of
    ``domains`` (names or UCloud ids) when that is not empty, only ``providers`` likewise.

    Kinds: ``throttle`` (the provider's throttling answer), ``server_error`` (Alibaba
    500/503, UCloud RetCode 150, Tencent InternalError, Volcengine InternalError with HTTP
    500, Huawei CDN.0000 with HTTP 500 or APIGW.0201 with 504), ``latency`` (wait
    ``latency_s``, then answer normally), ``drop`` (close the connection unanswered),
    ``malformed`` (truncated JSON, status 200, its length announced as sent), ``truncated``
    (the whole body's length announced, the connection closed half-way through it),
    ``html`` (an HTML error page, status 200).
    """

    kind: str
    rate: float = 1.0
    latency_s: float = 2.0
    domains: frozenset[str] = field(default_factory=frozenset)
    providers: frozenset[str] = field(default_factory=frozenset)
    seed: int = 0

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise InputError(
                f"unknown fault kind {self.kind!r}: use one of {', '.join(FAULT_KINDS)}"
            )
        if not 0.0 <= self.rate <= 1.0:
            raise InputError(f"fault rate {self.rate} is not between 0 and 1")
        # NaN slips past a "< 0" test; NaN and infinity would fail only in the server's sleep.
        if not 0 <= self.latency_s < math.inf:
            raise InputError(f"fault latency {self.latency_s} s is not a finite, positive delay")
        # Accept any iterable of names, but store frozensets so the plan stays hashable.
        object.__setattr__(self, "domains", frozenset(self.domains))
        object.__setattr__(self, "providers", frozenset(self.providers))

    @classmethod
    def parse(cls, text: str) -> FaultPlan:
        """Read ``KIND[:RATE[:LATENCY_S]]`` as typed after ``--fault``: ``throttle:0.3``,
        ``latency:1:2.5``, ``drop`` (rate 1)."""
        kind, *numbers = text.strip().split(":")
        if len(numbers) > 2:
            raise InputError(f"cannot read the fault {text!r}: write KIND[:RATE[:LATENCY_S]]")
        try:
            values = [float(n) for n in numbers]
        except ValueError:
            raise InputError(
                f"cannot read the fault {text!r}: RATE is a fraction such as 0.3, "
                "LATENCY_S a number of seconds"
            ) from None
        plan = cls(kind=kind.strip().lower())
        if values:
            plan = replace(plan, rate=values[0])
        if len(values) == 2:
            plan = replace(plan, latency_s=values[1])
        return plan

    def concerns(self, provider: str, names: Iterable[str]) -> bool:
        """Whether a request to ``provider`` naming ``names`` is within this plan's reach."""
        if self.providers and provider not in self.providers:
            return False
        return not self.domains or not self.domains.isdisjoint(names)


class FaultInjector:
    """The current plan and its RNG; thread-safe. Setting a plan restarts its RNG."""

    def __init__(self, plan: FaultPlan | None = None) -> None:
        self._lock = threading.Lock()
        self._plan = plan
        self._rng = random.Random(plan.seed if plan else 0)

    @property
    def plan(self) -> FaultPlan | None:
        with self._lock:
            return self._plan

    @plan.setter
    def plan(self, plan: FaultPlan | None) -> None:
        with self._lock:
            self._plan = plan
            self._rng = random.Random(plan.seed if plan else 0)

    def draw(self, provider: str, names: Iterable[str]) -> FaultPlan | None:
        """The plan if it hits this request, else None."""
        with self._lock:
            plan = self._plan
            if plan is None or not plan.concerns(provider, names):
                return None
            # Draw even at rate 1 so the sequence of hits depends only on the seed.
            return plan if self._rng.random() < plan.rate else None

    def coin(self) -> bool:
        """A seeded coin toss, e.g. to alternate between two server-error answers."""
        with self._lock:
            return self._rng.random() < 0.5


def disrupt(kind: str, reply: ApiReply) -> ApiReply:
    """Spoil a normal reply the way ``drop``, ``malformed``, ``truncated`` or ``html``
    faults do."""
    if kind == "drop":
        return ApiReply(drop=True, code="drop")
    if kind == "malformed":
        # A body cut off mid-way by a proxy that then sends what it has as a whole answer.
        return replace(reply, status=200, body=reply.body[: max(1, len(reply.body) // 2)])
    if kind == "truncated":
        # The network gives up mid-body: fewer bytes arrive than Content-Length promised.
        return replace(reply, cut=True, code="truncated")
    if kind == "html":
        return ApiReply(status=200, body=_HTML_PAGE, content_type="text/html", code="html")
    return reply

"""What both emulated API gateways share: the request and reply shapes, the rate limiter,
and the counters tests read.

The HTTP server turns bytes into an ``ApiRequest``; a provider turns that into an
``ApiReply``. Neither side knows about the other's details.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

JSON_TYPE = "application/json;charset=utf-8"
FORM_TYPE = "application/x-www-form-urlencoded"


def new_request_id() -> str:
    """A fresh request id, upper-case like Alibaba's (UCloud's are lower-case uuids)."""
    return str(uuid.uuid4()).upper()


@dataclass(frozen=True)
class ApiRequest:
    """One HTTP request as received: raw body, decoded query, lower-cased header names."""

    method: str
    path: str
    query: Mapping[str, str]
    headers: Mapping[str, str]
    body: bytes = b""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def form(self) -> dict[str, str]:
        """Form-encoded body parameters (empty when the body is not a form)."""
        if self.content_type != FORM_TYPE or not self.body:
            return {}
        return dict(parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True))


@dataclass(frozen=True)
class ApiReply:
    """An answer to send; ``drop`` means close the connection without answering, ``cut``
    means announce the whole body's length but close the connection half-way through it."""

    status: int = 200
    body: bytes = b""
    content_type: str = JSON_TYPE
    headers: tuple[tuple[str, str], ...] = ()
    drop: bool = False
    cut: bool = False
    code: str = ""  # the error code or RetCode, for the log line

    @classmethod
    def json(
        cls,
        payload: Mapping[str, object],
        status: int = 200,
        code: str = "",
        headers: tuple[tuple[str, str], ...] = (),
    ) -> ApiReply:
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        return cls(status=status, body=body, headers=headers, code=code)


class SlidingWindowLimiter:
    """At most ``limit`` admitted calls per key whose arrival is in ``(now - window, now]``.

    Refused calls are not counted, so a client that backs off gets through again as soon
    as its earlier calls leave the window. Uses its own monotonic clock, because the
    emulator's data clock may be frozen in tests.
    """

    def __init__(
        self,
        limit: float | None,
        window: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._lock = threading.Lock()
        self._admitted: dict[str, deque[float]] = defaultdict(deque)

    def admit(self, key: str) -> bool:
        if not self.limit:
            return True
        with self._lock:
            now = self.clock()
            recent = self._admitted[key]
            while recent and recent[0] <= now - self.window:
                recent.popleft()
            if len(recent) >= self.limit:
                return False
            recent.append(now)
            return True

    def retry_after(self, key: str) -> float:
        """Seconds until ``key`` would be admitted again (0 if it would be now)."""
        with self._lock:
            recent = self._admitted.get(key)
            if not self.limit or not recent or len(recent) < self.limit:
                return 0.0
            return max(0.0, recent[0] + self.window - self.clock())


@dataclass
class EmulatorStats:
    """Thread-safe counters: requests per (provider, action), throttled answers, faults,
    and recent arrival times (``time.monotonic``) per key id."""

    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _requests: Counter[tuple[str, str]] = field(default_factory=Counter)
    _throttled: Counter[tuple[str, str]] = field(default_factory=Counter)
    _faults: Counter[str] = field(default_factory=Counter)
    _arrivals: dict[str, deque[float]] = field(
        default_factory=lambda: defaultdict(lambda: deque(maxlen=10_000))
    )

    def record_request(self, provider: str, action: str, key_id: str) -> None:
        with self._lock:
            self._requests[provider, action] += 1
            if key_id:
                self._arrivals[key_id].append(time.monotonic())

    def record_throttled(self, provider: str, key_id: str) -> None:
        with self._lock:
            self._throttled[provider, key_id] += 1

    def record_fault(self, kind: str) -> None:
        with self._lock:
            self._faults[kind] += 1

    def requests(self, provider: str | None = None, action: str | None = None) -> int:
        with self._lock:
            return sum(
                n
                for (p, a), n in self._requests.items()
                if provider in (None, p) and action in (None, a)
            )

    def by_action(self) -> dict[tuple[str, str], int]:
        with self._lock:
            return dict(self._requests)

    def throttled(self, provider: str | None = None, key_id: str | None = None) -> int:
        with self._lock:
            return sum(
                n
                for (p, k), n in self._throttled.items()
                if provider in (None, p) and key_id in (None, k)
            )

    def faults(self, kind: str | None = None) -> int:
        with self._lock:
            return sum(n for k, n in self._faults.items() if kind in (None, k))

    def arrivals(self, key_id: str) -> list[float]:
        with self._lock:
            return list(self._arrivals.get(key_id, ()))

    def reset(self) -> None:
        with self._lock:
            self._requests.clear()
            self._throttled.clear()
            self._faults.clear()
            self._arrivals.clear()

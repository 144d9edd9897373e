"""HTTP for provider clients: one Session per thread, timeouts, rate limit, bounded retries.

Provider modules describe a call (how to build the signed request, how to read the
answer); this module decides when to send it again.
"""

from __future__ import annotations

import ipaddress
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

import requests

from cdnmon import __version__
from cdnmon.model import InputError
from cdnmon.providers.errors import NetworkError, ProviderError
from cdnmon.providers.ratelimit import RateLimiter

T = TypeVar("T")

USER_AGENT = f"cdnmon/{__version__}"
# (connect, read) seconds: connecting is quick or hopeless; a long range can take a while.
DEFAULT_TIMEOUT = (5.0, 30.0)


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter, bounded in tries and in total time."""

    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 8.0
    deadline: float = 60.0

    def delay(self, retry: int) -> float:
        return random.uniform(0, min(self.max_delay, self.base_delay * 2**retry))


def validate_endpoint(url: str) -> str:
    """An https URL, or http on a loopback address (the emulator); else InputError."""
    not_a_url = InputError(f"the endpoint {url!r} is not a URL like https://cdn.aliyuncs.com/")
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 -- ValueError unless absent or a number from 0 to 65535
    except ValueError:  # also an unclosed "[" of an IPv6 address
        raise not_a_url from None
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host:
        raise not_a_url
    if parts.scheme == "http" and not is_loopback(host):
        raise InputError(
            f"the endpoint {url!r} uses plain http: only loopback addresses (the emulator) "
            "may skip TLS; use https://"
        )
    endpoint = f"{parts.scheme}://{parts.netloc}{parts.path or '/'}"
    try:
        # What requests would refuse at the first call (a bad host label, say): refuse now.
        requests.Request("GET", endpoint).prepare()
    except (requests.RequestException, ValueError):
        raise not_a_url from None
    return endpoint


def is_loopback(host: str) -> bool:
    """``localhost`` or a loopback IP address: where plain http and demo keys are fine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Transport:
    """Sends one account's calls: paced by its shared limiter, retried within bounds."""

    def __init__(
        self,
        provider: str,
        account: str,
        limiter: RateLimiter,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.provider = provider
        self.account = account
        self.limiter = limiter
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        # Idle sessions, lent to one call at a time: a requests.Session is not safe to share
        # between threads, and a session per thread would not do either, as a pool thread
        # (Qt's, or an executor's) may hold a new Python thread state, or be new, each call.
        self._idle: list[requests.Session] = []
        self._lent = 0
        self._sessions_lock = threading.Lock()

    @contextmanager
    def session(self) -> Iterator[requests.Session]:
        """A session (and its kept-alive connections) for one call, returned after it."""
        with self._sessions_lock:
            session = self._idle.pop() if self._idle else None
            self._lent += 1
        if session is None:
            session = requests.Session()
            session.headers["User-Agent"] = USER_AGENT
        try:
            yield session
        finally:
            with self._sessions_lock:
                self._lent -= 1
                self._idle.append(session)

    @property
    def sessions(self) -> int:
        """How many sessions this transport holds (idle or lent): at most the calls it has
        had in flight at once."""
        with self._sessions_lock:
            return len(self._idle) + self._lent

    def call(
        self,
        build: Callable[[], requests.Request],
        interpret: Callable[[requests.Response], T],
    ) -> T:
        """Send the request ``build`` makes (afresh each try: new nonce and time) and read it.

        Retries what the error marks retryable; anything else, or the last failure once the
        tries or the deadline run out, is raised with this account named on it.
        """
        started = time.monotonic()
        for retry in range(self.retry.attempts):
            try:
                return interpret(self._send(build()))
            except ProviderError as error:
                error.account = error.account or self.account
                delay = self.retry.delay(retry)
                out_of_time = time.monotonic() - started + delay > self.retry.deadline
                last_try = retry == self.retry.attempts - 1
                if not error.retryable or out_of_time or last_try:
                    raise
                self._sleep(delay)
        raise AssertionError("unreachable: the loop returns or raises")

    def _send(self, request: requests.Request) -> requests.Response:
        self.limiter.acquire()
        try:
            with self.session() as session:
                return session.send(session.prepare_request(request), timeout=self.timeout)
        except requests.Timeout:
            problem = "no answer within the timeout"
        except requests.exceptions.SSLError:
            problem = "TLS handshake or certificate check failed"
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
            # ChunkedEncodingError: the connection closed before the whole body arrived.
            problem = "could not connect, or the connection was dropped"
        # The exception text carries the signed URL: report the host only.
        raise NetworkError(
            self.provider,
            f"{problem} ({urlsplit(request.url).netloc})",
            hint="check the network connection and the endpoint",
        )

    def close(self) -> None:
        """Close the idle sessions; one lent out comes back and is closed with the next."""
        with self._sessions_lock:
            sessions, self._idle = self._idle, []
        for session in sessions:
            session.close()

"""HTTP for provider clients: one Session per thread, timeouts, rate limit, bounded retries.

Provider modules describe a call (how to build the signed request, how to read the
answer); this module decides when to send it again.
"""

from __future__ import annotations

import heapq
import ipaddress
import itertools
import logging
import math
import random
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

import requests
from requests.utils import resolve_proxies

from cdnmon import __version__
from cdnmon.messages import Message
from cdnmon.messages import endpoints as said
from cdnmon.model import InputError
from cdnmon.providers import ratelimit
from cdnmon.providers.errors import PROVIDER_TITLES, NetworkError, ProviderError, ThrottledError
from cdnmon.providers.ratelimit import RateLimiter

T = TypeVar("T")

USER_AGENT = f"cdnmon/{__version__}"
# (connect, read) seconds: connecting is quick or hopeless; a long range can take a while.
DEFAULT_TIMEOUT = (5.0, 30.0)
# A call silent this long gets a notice on SLOW_CALLS (the CLI prints it on stderr).
SLOW_AFTER = 5.0
# Notices of calls that wait long for an answer; a SlowCall rides on each record as
# ``record.slow_call``, for a listener that wants the fields rather than the text.
SLOW_CALLS = logging.getLogger("cdnmon.providers.slow_calls")
# "scheme://user@" or "scheme://user:password@": credentials inside the URL.
_USER_INFO = re.compile(r"^[^/]*//[^/?#]*@")
# One label of a host name as DNS carries it (after IDNA encoding).
_HOST_LABEL = re.compile(r"[A-Za-z0-9_-]{1,63}")
# A path requests sends exactly as given, so what is signed is what arrives.
_PLAIN_PATH = re.compile(r"[A-Za-z0-9/._~-]*")


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter, bounded in tries and in total time.

    ``deadline`` bounds a whole call, retries and waits included: no try is given longer
    than what is left of it (DNS look-ups aside, which requests cannot time out).
    """

    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 8.0
    deadline: float = 60.0

    def delay(self, retry: int) -> float:
        return random.uniform(0, min(self.max_delay, self.base_delay * 2**retry))


@dataclass(frozen=True)
class SlowCall:
    """A call that has had no answer for a while: what it waits for, never a secret."""

    provider: str
    host: str  # host[:port] of the endpoint
    action: str
    waited: float  # seconds this try has waited
    gives_up_in: float  # at most this many seconds more, retries included

    def __str__(self) -> str:
        title = PROVIDER_TITLES.get(self.provider, self.provider)
        action = f" ({self.action})" if self.action else ""
        return (
            f"waiting for {title} at {self.host}{action}: no answer after "
            f"{self.waited:.2g} s; giving up in at most {math.ceil(max(self.gives_up_in, 0))} s"
        )


def validate_endpoint(url: str) -> str:
    """An https URL, or http on a loopback address (the emulator); else InputError saying
    what is wrong with it. Checked before any call: a path or host that requests would
    rewrite on the way out is signed one way and sent another, and the provider's answer
    (a signature mismatch) would blame the secret."""
    text = url.strip()
    if _USER_INFO.match(text):
        # Not echoed: the part before the "@" may be a password.
        raise InputError(said.ENDPOINT_USER_INFO)

    def not_a_url(reason: Message, **params: object) -> InputError:
        return InputError(said.ENDPOINT_NOT_A_URL, endpoint=url, reason=reason(**params))

    if any(ch.isspace() for ch in text):
        raise not_a_url(said.URL_SPACE)
    # Category C: control, format and surrogate (an undecodable command-line byte).
    if any(unicodedata.category(ch)[0] == "C" for ch in text):
        raise not_a_url(said.URL_INVISIBLE)
    if "://" not in text:
        raise not_a_url(said.URL_NO_SCHEME)
    try:
        parts = urlsplit(text)
    except ValueError:  # an unclosed "[" of an IPv6 address
        raise not_a_url(said.URL_HOST_UNREADABLE) from None
    if not parts.scheme:
        raise not_a_url(said.URL_EMPTY_SCHEME)
    if parts.scheme not in ("http", "https"):
        raise not_a_url(said.URL_OTHER_SCHEME, scheme=parts.scheme)
    try:
        parts.port  # noqa: B018 -- ValueError unless absent or a number from 0 to 65535
    except ValueError:
        raise not_a_url(said.URL_PORT) from None
    host = parts.hostname or ""
    if not host:
        raise not_a_url(said.URL_NO_HOST)
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        raise not_a_url(said.URL_HOST_NOT_IDNA, host=host) from None
    if not _is_ip(host) and not all(
        _HOST_LABEL.fullmatch(label) for label in ascii_host.removesuffix(".").split(".")
    ):
        raise not_a_url(said.URL_HOST_INVALID, host=host)
    if not _PLAIN_PATH.fullmatch(parts.path):
        raise not_a_url(said.URL_PATH)
    if parts.scheme == "http" and not is_loopback(host):
        raise InputError(said.ENDPOINT_PLAIN_HTTP, endpoint=url)
    endpoint = f"{parts.scheme}://{parts.netloc}{parts.path or '/'}"
    try:
        # What requests would still refuse at the first call (a bad host label): refuse now.
        requests.Request("GET", endpoint).prepare()
    except (requests.RequestException, ValueError):
        raise not_a_url(said.URL_HOST_INVALID, host=host) from None
    return endpoint


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def is_loopback(host: str) -> bool:
    """``localhost`` or a loopback IP address: where plain http and demo keys are fine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class CallCounts:
    """Calls sent for one account by this process (retries included), and how many its
    provider answered with its rate-limit error: what a poller costs, for its operator."""

    calls: int = 0
    throttled: int = 0


_counts: dict[tuple[str, str], CallCounts] = {}
_counts_lock = threading.Lock()


def call_counts(provider: str, account: str) -> CallCounts:
    """A copy of the counts of every client of this account in this process so far."""
    with _counts_lock:
        found = _counts.get((provider, account), CallCounts())
        return CallCounts(found.calls, found.throttled)


def _count(provider: str, account: str, throttled: bool = False) -> None:
    with _counts_lock:
        counts = _counts.setdefault((provider, account), CallCounts())
        if throttled:
            counts.throttled += 1
        else:
            counts.calls += 1


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
        self._slow_tries = 0  # tries now waiting past slow_after
        self._slow_lock = threading.Lock()
        self._proxies_of: dict[tuple[str, str], dict[str, str]] = {}

    @classmethod
    def for_account(
        cls,
        provider: str,
        account: str,
        key_id: str,
        calls_per_second: float,
        retry: RetryPolicy | None = None,
        timeout: tuple[float, float] | None = None,
    ) -> Transport:
        """The transport of one account's key: paced by the limiter every client of that
        key shares, so two windows on one account stay within the provider's rate."""
        limiter = ratelimit.for_account(provider, key_id, calls_per_second)
        return cls(provider, account, limiter, timeout=timeout or DEFAULT_TIMEOUT, retry=retry)

    @contextmanager
    def session(self) -> Iterator[requests.Session]:
        """A session (and its kept-alive connections) for one call, returned after it."""
        with self._sessions_lock:
            session = self._idle.pop() if self._idle else None
            self._lent += 1
        if session is None:
            session = requests.Session()
            session.headers["User-Agent"] = USER_AGENT
            # No ~/.netrc: its Basic auth would replace a signed Authorization header. The
            # environment's proxies are read once per host instead (``_proxies``).
            session.trust_env = False
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
        action: str = "",
    ) -> T:
        """Send the request ``build`` makes (afresh each try: new nonce and time) and read it.

        Retries what the error marks retryable; anything else, or the last failure once the
        tries or the deadline run out, is raised with this account named on it. ``action``
        names the call in the notice a slow try logs on SLOW_CALLS.
        """
        started = time.monotonic()
        for retry in range(self.retry.attempts):
            try:
                return interpret(self._send(build(), action, started))
            except ProviderError as error:
                error.account = error.account or self.account
                if isinstance(error, ThrottledError):
                    _count(self.provider, self.account, throttled=True)
                delay = self.retry.delay(retry)
                out_of_time = time.monotonic() - started + delay > self.retry.deadline
                last_try = retry == self.retry.attempts - 1
                if not error.retryable or out_of_time or last_try:
                    raise
                self._sleep(delay)
        raise AssertionError("unreachable: the loop returns or raises")

    @property
    def slow_after(self) -> float:
        """How long a try waits before its notice: sooner when the whole call is short."""
        return min(SLOW_AFTER, self.retry.deadline / 2)

    def _send(self, request: requests.Request, action: str, started: float) -> requests.Response:
        self.limiter.acquire()  # waiting for our own pace is not the provider's silence
        _count(self.provider, self.account)
        left = max(self.retry.deadline - (time.monotonic() - started), 0.01)
        connect, read = self.timeout
        host = urlsplit(request.url).netloc
        watch = _SlowWatch(self, host, action, started)
        try:
            with self.session() as session:
                prepared = session.prepare_request(request)
                return session.send(
                    prepared,
                    timeout=(min(connect, left), min(read, left)),
                    proxies=self._proxies(prepared),
                )
        except requests.Timeout:
            problem = "no answer within the timeout"
        except requests.exceptions.SSLError:
            problem = "TLS handshake or certificate check failed"
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
            # ChunkedEncodingError: the connection closed before the whole body arrived.
            problem = "could not connect, or the connection was dropped"
        finally:
            watch.done()
        # The exception text carries the signed URL: report the host only.
        raise NetworkError(
            self.provider,
            f"{problem} ({host})",
            hint="check the network connection and the endpoint",
        )

    def _proxies(self, prepared: requests.PreparedRequest) -> dict[str, str]:
        """The proxy the environment names for this request's scheme and host (HTTPS_PROXY,
        NO_PROXY...), as requests would pick it, read once per host: requests reads the
        whole environment three times a call otherwise (0.6 ms of a 1.7 ms call)."""
        parts = urlsplit(prepared.url)
        origin = (parts.scheme, parts.netloc)
        found = self._proxies_of.get(origin)
        if found is None:
            found = self._proxies_of[origin] = resolve_proxies(prepared, {}, trust_env=True)
        return dict(found)

    def _slow_try(self, notice: SlowCall) -> None:
        """A try passed ``slow_after``: log it, unless another try of this transport is
        already waiting past it (four stuck workers make one notice, not four)."""
        with self._slow_lock:
            first = self._slow_tries == 0
            self._slow_tries += 1
        if first:
            SLOW_CALLS.info("%s", notice, extra={"slow_call": notice})

    def _slow_try_over(self) -> None:
        with self._slow_lock:
            self._slow_tries -= 1

    def close(self) -> None:
        """Close the idle sessions; one lent out comes back and is closed with the next."""
        with self._sessions_lock:
            sessions, self._idle = self._idle, []
        for session in sessions:
            session.close()


class _SlowWatch:
    """Tells the transport when one try has waited ``slow_after`` seconds for its answer."""

    def __init__(self, transport: Transport, host: str, action: str, started: float) -> None:
        self._transport = transport
        self._host = host
        self._action = action
        self._started = started
        self._sent = time.monotonic()
        self._lock = threading.Lock()
        self._over = False
        self._fired = False
        _WATCHDOG.watch(self._sent + transport.slow_after, self)

    @property
    def over(self) -> bool:
        return self._over

    def fire(self) -> None:
        now = time.monotonic()
        transport = self._transport
        notice = SlowCall(
            transport.provider,
            self._host,
            self._action,
            waited=now - self._sent,
            gives_up_in=transport.retry.deadline - (now - self._started),
        )
        with self._lock:  # done() may be running: it waits, and undoes what this counts
            if not self._over:
                self._fired = True
                transport._slow_try(notice)

    def done(self) -> None:
        with self._lock:
            self._over = True
            fired = self._fired
        if fired:
            self._transport._slow_try_over()


class _Watchdog:
    """One thread that fires every try's slow notice when its time comes: a timer thread
    per try cost more than the try's own work at hundreds of calls a refresh. Tries that
    ended stay queued until their time (seconds), then are dropped unfired."""

    def __init__(self) -> None:
        self._ready = threading.Condition()
        self._due: list[tuple[float, int, _SlowWatch]] = []  # a heap by time
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    def watch(self, at: float, watch: _SlowWatch) -> None:
        with self._ready:
            heapq.heappush(self._due, (at, next(self._order), watch))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="slow calls", daemon=True)
                self._thread.start()
            elif self._due[0][2] is watch:
                self._ready.notify()  # sooner than what the thread waits for

    def _run(self) -> None:
        while True:
            with self._ready:
                while True:
                    while self._due and self._due[0][2].over:
                        heapq.heappop(self._due)
                    wait = self._due[0][0] - time.monotonic() if self._due else None
                    if wait is not None and wait <= 0:
                        _, _, due = heapq.heappop(self._due)
                        break
                    self._ready.wait(wait)
            due.fire()


_WATCHDOG = _Watchdog()

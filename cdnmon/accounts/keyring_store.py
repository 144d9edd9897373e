"""Talking to the OS keyring without hanging, leaking, or falling back to plain text.

The ``keyring`` library picks a backend for us, and some of its choices cannot keep a
secret: ``fail`` raises on every call (with advice to install plain-text keyrings.alt),
``null`` silently drops secrets, and a chainer can chain nothing. A Secret Service call can
also wait forever on an unlock prompt. :class:`KeyringStore` checks the backend before
using it, runs every call with a timeout, and turns failures into messages a person can
act on, never containing the secret. :mod:`cdnmon.accounts.credentials` builds on it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import keyring
import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

from cdnmon.messages import Phrase
from cdnmon.messages import accounts as said
from cdnmon.model import InputError

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 10.0

T = TypeVar("T")


class CredentialError(InputError):
    """An account or the keyring is not usable; the message says what to do."""


class KeyringUnavailableError(CredentialError):
    """No secure store: keyring's fail/null backend, or a chainer with nothing to chain."""


class KeyringLockedError(CredentialError):
    """The keyring (collection) is locked and was not unlocked."""


class KeyringTimeoutError(CredentialError):
    """The keyring did not answer in time, usually an unlock prompt nobody can see."""


class KeyringAccessError(CredentialError):
    """Any other failure of the keyring backend."""


def unusable_reason(backend: KeyringBackend) -> Phrase | None:
    """Why a backend cannot keep a secret safely, or None when it can."""
    if isinstance(backend, fail.Keyring):
        return said.NO_RECOMMENDED_BACKEND
    if isinstance(backend, null.Keyring):
        return said.THROWS_SECRETS_AWAY
    if "plaintext" in type(backend).__name__.lower():  # keyrings.alt.file.PlaintextKeyring
        return said.STORES_PLAIN_TEXT
    if isinstance(backend, chainer.ChainerBackend) and not _chained(backend):
        return said.NOTHING_TO_CHAIN
    return None


def _chained(backend: chainer.ChainerBackend) -> list[KeyringBackend]:
    return [b for b in backend.backends if unusable_reason(b) is None]


def describe_backend(backend: KeyringBackend) -> str:
    """``SecretService Keyring``; a chainer is named by what it chains."""
    if isinstance(backend, chainer.ChainerBackend) and (inner := _chained(backend)):
        return " + ".join(str(b.name) for b in inner)
    return str(backend.name)


class _NoAnswer(Exception):
    """Our own timeout, distinct from a TimeoutError raised inside a backend."""


def run_with_timeout(fn: Callable[[], T], timeout: float) -> T:
    """Run ``fn`` in a worker thread; ``_NoAnswer`` if it has not finished in time.

    The stuck thread cannot be killed, so it is a daemon: a prompt nobody answers must
    not keep the process alive at exit.
    """
    outcome: list[tuple[bool, Any]] = []
    done = threading.Event()

    def work() -> None:
        try:
            outcome.append((True, fn()))
        except BaseException as err:
            outcome.append((False, err))
        finally:
            done.set()

    threading.Thread(target=work, name="cdnmon-keyring", daemon=True).start()
    if not done.wait(timeout):
        raise _NoAnswer
    ok, value = outcome[0]
    if ok:
        return value
    raise value


def _looks_locked(err: BaseException) -> bool:
    locked: tuple[type[BaseException], ...] = (keyring.errors.KeyringLocked,)
    try:
        from secretstorage.exceptions import LockedException, PromptDismissedException
    except ImportError:  # Windows and macOS have no secretstorage
        pass
    else:
        locked += (LockedException, PromptDismissedException)
    if isinstance(err, locked):
        return True
    return isinstance(err, keyring.errors.KeyringError) and "locked" in str(err).lower()


class KeyringStore:
    """Passwords under one keyring service, each call checked, timed and translated.

    ``backend`` injects a keyring backend (tests do); by default keyring chooses on first
    use. ``hint`` arguments say what else a person can do (e.g. which environment
    variables to set; a statement of :mod:`cdnmon.messages`, for the window to translate)
    and end up in the error messages.
    """

    def __init__(
        self,
        backend: KeyringBackend | None = None,
        *,
        service: str,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self._backend = backend
        self._backend_lock = threading.Lock()
        self.service = service
        self.timeout = timeout

    @property
    def backend_name(self) -> str:
        """The keyring backend in use, for messages: ``SecretService Keyring``."""
        return describe_backend(self._call(said.OPEN_THE_KEYRING, lambda b: b, check=False))

    def check_usable(self, *, hint: str = "") -> None:
        """Raise KeyringUnavailableError (or a timeout) unless the backend can keep secrets."""
        self._call(said.OPEN_THE_KEYRING, lambda b: None, hint=hint)

    def get_password(self, username: str, *, hint: str = "") -> str | None:
        return self._call(
            said.READ_A_SECRET, lambda b: b.get_password(self.service, username), hint=hint
        )

    def set_password(self, username: str, secret: str, *, hint: str = "") -> None:
        self._call(
            said.STORE_THE_SECRET,
            lambda b: b.set_password(self.service, username, secret),
            hint=hint,
            secret=secret,
        )

    def delete_password(self, username: str, *, hint: str = "") -> bool:
        """Remove the password; False when none was stored (not an error)."""

        def delete(backend: KeyringBackend) -> bool:
            # Backends disagree on "not found" (most raise PasswordDeleteError, some
            # return quietly), so ask first.
            if backend.get_password(self.service, username) is None:
                return False
            try:
                backend.delete_password(self.service, username)
            except keyring.errors.PasswordDeleteError:
                return False
            return True

        return self._call(said.DELETE_THE_SECRET, delete, hint=hint)

    def _resolve_backend(self) -> KeyringBackend:
        with self._backend_lock:
            if self._backend is None:
                self._backend = keyring.get_keyring()
                log.debug("keyring backend: %s", self._backend)
            return self._backend

    def _name(self) -> str:
        return describe_backend(self._backend) if self._backend else said.THE_SYSTEM_KEYRING

    def _call(
        self,
        action: Phrase,
        op: Callable[[KeyringBackend], T],
        *,
        hint: str = "",
        secret: str = "",
        check: bool = True,
    ) -> T:
        otherwise = said.OR_ELSE(hint=hint) if hint else ""

        def work() -> T:
            backend = self._resolve_backend()
            # Check before use: fail/null would raise a misleading error or drop the secret.
            if check and (reason := unusable_reason(backend)):
                raise KeyringUnavailableError(
                    said.KEYRING_UNAVAILABLE,
                    backend=describe_backend(backend),
                    reason=reason,
                    otherwise=otherwise,
                )
            return op(backend)

        try:
            return run_with_timeout(work, self.timeout)
        except CredentialError:
            raise
        except _NoAnswer:
            raise KeyringTimeoutError(
                said.KEYRING_TIMEOUT,
                backend=self._name(),
                timeout=self.timeout,
                action=action,
                otherwise=otherwise,
            ) from None
        except Exception as err:
            if _looks_locked(err):
                raise KeyringLockedError(said.KEYRING_LOCKED, backend=self._name()) from None
            detail = str(err)
            if secret and secret in detail:
                detail = detail.replace(secret, "<hidden>")
            problem = f"{type(err).__name__}: {detail}" if detail else type(err).__name__
            # Keep the original as the cause for debugging, unless it quotes the secret.
            raise KeyringAccessError(
                said.KEYRING_FAILED, backend=self._name(), action=action, problem=problem
            ) from (None if detail != str(err) else err)

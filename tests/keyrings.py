"""Keyring backends for tests: real KeyringBackend subclasses, in memory (one in a file)."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from keyring import backend as keyring_backend
from keyring import errors as keyring_errors

SECRET = "Sup3rS3cretValue9f8e7d"  # distinctive, so a leak anywhere is easy to spot
KEY_ID = "LTAI-fake-key-id-1234"  # shaped like an AccessKey ID, plainly not one


def unregistered(cls: type[keyring_backend.KeyringBackend]) -> type:
    """Keep keyring's own discovery from ever choosing an in-test backend."""
    keyring_backend.KeyringBackend._classes.discard(cls)
    return cls


@unregistered
class DictKeyring(keyring_backend.KeyringBackend):
    """An in-memory backend: a real KeyringBackend, just without persistence."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}
        self.calls = 0

    def get_password(self, service: str, username: str) -> str | None:
        self.calls += 1
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls += 1
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.calls += 1
        if self.items.pop((service, username), None) is None:
            raise keyring_errors.PasswordDeleteError("not found")


@unregistered
class BlockingKeyring(DictKeyring):
    """Waits like a Secret Service showing an unlock prompt nobody answers."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(30)
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.release.wait(30)


@unregistered
class FileKeyring(keyring_backend.KeyringBackend):
    """Secrets in the JSON file named by CDNMON_TEST_KEYRING_FILE, so that several ``cdnmon``
    processes of one test share them (``PYTHON_KEYRING_BACKEND=tests.keyrings.FileKeyring``).
    The test keeps that file outside cdnmon's folders."""

    priority = 1

    @staticmethod
    def _path() -> Path:
        return Path(os.environ["CDNMON_TEST_KEYRING_FILE"])

    def _items(self) -> dict[str, str]:
        path = self._path()
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._items().get(f"{service} {username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        items = {**self._items(), f"{service} {username}": password}
        self._path().write_text(json.dumps(items), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        items = self._items()
        if items.pop(f"{service} {username}", None) is None:
            raise keyring_errors.PasswordDeleteError("not found")
        self._path().write_text(json.dumps(items), encoding="utf-8")

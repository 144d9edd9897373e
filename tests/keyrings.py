"""In-memory keyring backends for tests: real KeyringBackend subclasses, no persistence."""

from __future__ import annotations

import threading

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

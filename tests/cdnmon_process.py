"""``cdnmon`` run as a user runs it: its own process, this checkout's code, a test keyring."""

from __future__ import annotations

import os
import subprocess
import sys

from tests import REPO


def cdnmon_environment(
    env: dict[str, str] | None = None, keyring: str = "tests.keyrings.DictKeyring"
) -> dict[str, str]:
    """This process's environment (the test's folders, which ``isolated_home`` set), with
    no stray keyring choice or session bus, the keyring backend ``keyring``, this checkout
    importable, and ``env`` on top."""
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("PYTHON_KEYRING", "DBUS_"))
    }
    environment.update(
        PYTHON_KEYRING_BACKEND=keyring,
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    )
    environment.update(env or {})
    return environment


def run_cdnmon(
    *argv: str,
    stdin: str = "",
    env: dict[str, str] | None = None,
    keyring: str = "tests.keyrings.DictKeyring",
) -> subprocess.CompletedProcess[str]:
    """``cdnmon ARGV`` in its own process, in :func:`cdnmon_environment`."""
    return subprocess.run(
        [sys.executable, "-m", "cdnmon", *argv],
        input=stdin,
        env=cdnmon_environment(env, keyring),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )

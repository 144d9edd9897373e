"""The credential store against a real Secret Service: gnome-keyring on a private D-Bus.

The scenario runs in a child process under ``dbus-run-session`` with a throwaway HOME, so
it never touches the developer's own keyring. CI sets CDNMON_REQUIRE_SECRET_SERVICE=1 to
turn a missing gnome-keyring into a failure instead of a skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests import REPO

SECRET = "RealKeyringS3cret7c1d0e"

SCENARIO = textwrap.dedent(
    """
    import argparse, contextlib, io, json, os, sys
    import secretstorage
    from cdnmon.commands import credentials as command
    from cdnmon.accounts.credentials import (
        Account, AccountStore, KeyringLockedError, NoAccountError, SecretStore, resolve,
        store_account,
    )

    SECRET = os.environ["SCENARIO_SECRET"]
    environ = {}  # resolve() must use the keyring, whatever the caller's environment holds
    secrets, accounts = SecretStore(timeout=20), AccountStore()
    assert secrets.backend_name == "SecretService Keyring", secrets.backend_name

    def cli(*argv, stdin=""):
        parser = argparse.ArgumentParser(prog="cdnmon")
        command.register(parser.add_subparsers())
        sys.stdin, out = io.StringIO(stdin), io.StringIO()
        with contextlib.redirect_stdout(out):
            assert command.run(parser.parse_args(["credentials", *argv])) == 0
        return out.getvalue()

    out = cli("set", "ucloud", "--account", "prod", "--key-id", "pub-prod-0001",
              "--project-id", "org-42", stdin=SECRET + "\\n")
    assert out == "Stored UCloud account 'prod' (secret in SecretService Keyring)\\n", out
    store_account(Account("ucloud", "staging", "pub-stag-0002"), SECRET + "-staging",
                  accounts=accounts, secrets=secrets)

    fresh = SecretStore(timeout=20)  # read back through a new connection
    assert fresh.get_secret("ucloud", "prod") == SECRET
    account, creds = resolve("ucloud", "prod", environ=environ)
    assert (account.project_id, creds.key_id, creds.secret) == ("org-42", "pub-prod-0001", SECRET)

    listing = cli("list")
    assert SECRET not in listing, "list printed a secret"
    assert [line.split()[1::5] for line in listing.splitlines()[1:]] == [
        ["prod", "yes"], ["staging", "yes"]], listing

    text = (accounts.path).read_text()
    assert SECRET not in text and "pub-prod-0001" in text

    out = cli("delete", "ucloud", "--account", "prod")
    assert out == ("Deleted UCloud account 'prod' "
                   "(and its secret in SecretService Keyring)\\n"), out
    assert fresh.get_secret("ucloud", "prod") is None
    assert fresh.delete_secret("ucloud", "prod") is False
    try:
        resolve("ucloud", "prod", environ=environ)
    except NoAccountError as err:
        assert "there is no UCloud account 'prod'" in str(err)
    else:
        raise AssertionError("deleted account still resolves")

    # Lock the collection: no prompter can run here, so unlocking fails as it would for
    # a user who dismisses the prompt.
    with contextlib.closing(secretstorage.dbus_init()) as bus:
        secretstorage.get_default_collection(bus).lock()
    try:
        fresh.get_secret("ucloud", "staging")
    except KeyringLockedError as err:
        assert "is locked: unlock it" in str(err) and SECRET not in str(err)
    else:
        raise AssertionError("a locked collection was read")
    print("SCENARIO OK")
    """
)


def test_real_secret_service_round_trip(tmp_path: Path) -> None:
    missing = [
        tool for tool in ("dbus-run-session", "gnome-keyring-daemon") if shutil.which(tool) is None
    ]
    if missing:
        reason = (
            f"needs {' and '.join(missing)} "
            "(apt-get install dbus gnome-keyring) for a real Secret Service"
        )
        if os.environ.get("CDNMON_REQUIRE_SECRET_SERVICE") == "1":
            pytest.fail(f"CDNMON_REQUIRE_SECRET_SERVICE=1 but this test {reason}")
        pytest.skip(reason)

    script = tmp_path / "scenario.py"
    script.write_text(SCENARIO)
    home = tmp_path / "home"
    home.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        # A stray bus, keyring choice or real credential must not leak in, nor a display
        # on which gnome-keyring's unlock prompt could appear and wait for a click.
        if not key.startswith(("DBUS_", "PYTHON_KEYRING", "ALIBABA_CLOUD_", "UCLOUD_"))
        and key not in ("DISPLAY", "WAYLAND_DISPLAY")
    }
    env.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])),
        CDNMON_CONFIG_DIR=str(tmp_path / "config"),
        CDNMON_DATA_DIR=str(tmp_path / "data"),
        SCENARIO_HOME=str(home),
        SCENARIO_PYTHON=sys.executable,
        SCENARIO_SCRIPT=str(script),
        SCENARIO_SECRET=SECRET,
    )
    # The recipe from design.md, with HOME inside tmp_path so nothing is left behind.
    shell = (
        'export HOME="$SCENARIO_HOME"; '
        "echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; "
        'exec "$SCENARIO_PYTHON" "$SCENARIO_SCRIPT"'
    )
    result = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", shell],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "SCENARIO OK" in result.stdout, output
    assert SECRET not in output
    accounts_json = (tmp_path / "config" / "accounts.json").read_text()
    assert SECRET not in accounts_json and "staging" in accounts_json

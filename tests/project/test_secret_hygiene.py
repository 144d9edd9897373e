"""Secrets stay in the keyring: the whole flow with distinctive secrets, then a search.

``test_whole_flow_leaves_no_secret_anywhere`` drives the real CLI in child processes
(against a real Secret Service when one can be started, else a file-backed test keyring
kept outside every searched folder) and the desktop app in-process (an in-memory keyring),
both against an EmulatorServer that accepts exactly those secrets. Then every file in the
app's folders, everything printed, logged, shown on screen or copied, and every exception
text is searched for each secret in several encodings. The other tests pin down TLS: plain
http only to loopback, certificates always verified, and an emulator that listens on
loopback unless told otherwise, and says where it listens.
"""

from __future__ import annotations

import base64
import datetime
import json
import logging
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import textwrap
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from logging import FileHandler
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, quote_plus

import keyring
import pytest
from keyring import errors as keyring_errors
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QStatusBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from cdnmon import paths
from cdnmon.accounts import credentials
from cdnmon.accounts.credentials import (
    Account,
    AccountStore,
    SecretStore,
    check_secret,
    store_account,
)
from cdnmon.emulator import EmulatorServer, account_from_key
from cdnmon.emulator.accounts import parse_key
from cdnmon.logs import SecretRedactor, setup_logging
from cdnmon.model import InputError
from cdnmon.providers.base import Credentials
from cdnmon.providers.errors import AuthError, NetworkError
from cdnmon.providers.http import RetryPolicy, Transport, is_loopback, validate_endpoint
from cdnmon.providers.ratelimit import RateLimiter
from cdnmon.providers.registry import make_client
from tests import REPO
from tests.children import child_process
from tests.keyrings import DictKeyring, unregistered

if TYPE_CHECKING:
    from cdnmon.gui.app import DesktopApp


ALIYUN_KEY_ID = "LTAI-fake-hygiene-0001"
UCLOUD_PUBLIC_KEY = "hygiene-ucloud-public-0001"
# Distinctive, and with "/", "+" and "=" so URL-encoding and JSON escaping change them.
ALIYUN_SECRET = "S3cr3t-ALIYUN-7f1c9e4b2a/Qx+8Zr=Lw"
UCLOUD_SECRET = "Pr1v-UCLOUD-3d9a6c0e5f/Kp+Vm7Tg=Hs"
WRONG_ALIYUN_SECRET = "Wr0ng-ALIYUN-b58e21d7c4/Nz+Yq3Jf=Ud"
WRONG_UCLOUD_SECRET = "Wr0ng-UCLOUD-e47b0a91c3/Hd+Ws5Pk=Rn"
SECRETS = {
    "aliyun secret": ALIYUN_SECRET,
    "ucloud private key": UCLOUD_SECRET,
    "wrong aliyun secret": WRONG_ALIYUN_SECRET,
    "wrong ucloud private key": WRONG_UCLOUD_SECRET,
}
FRAGMENT = 12  # a run of this many characters of a secret counts as a leak too
FAST_RETRY = RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.05, deadline=5.0)


# ---- the search ------------------------------------------------------------------------


@dataclass(frozen=True)
class Needle:
    secret: str  # which secret, by name (never the value: hit reports are printed)
    encoding: str
    data: bytes


def _base64_runs(raw: bytes, encode: Callable[[bytes], bytes]) -> list[bytes]:
    """``raw`` base64-encoded at each of the 3 offsets it can have inside a longer encoded
    blob: only the characters that depend on ``raw`` alone, so a match is offset-proof."""
    runs = []
    for pad in range(3):
        text = encode(bytes(pad) + raw)
        runs.append(text[-(-8 * pad // 6) : 8 * (pad + len(raw)) // 6])
    return runs


def _lower_escapes(text: str) -> str:
    return re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), text)


def needles(name: str, secret: str) -> list[Needle]:
    raw = secret.encode()
    forms: dict[str, set[bytes]] = {
        "plain": {raw},
        "url-encoded": {
            t.encode()
            for q in (quote(secret, safe=""), quote(secret), quote_plus(secret))
            for t in (q, _lower_escapes(q))
        },
        "json-escaped": {secret.replace("/", "\\/").encode()},
        "base64": set(_base64_runs(raw, base64.b64encode)),
        "base64url": set(_base64_runs(raw, base64.urlsafe_b64encode)),
        "hex": {raw.hex().encode(), raw.hex().upper().encode()},
        "utf-16": {secret.encode("utf-16-le"), secret.encode("utf-16-be")},
        "utf-32": {secret.encode("utf-32-le"), secret.encode("utf-32-be")},
        "fragment": {raw[i : i + FRAGMENT] for i in range(len(raw) - FRAGMENT + 1)},
    }
    return [Needle(name, encoding, data) for encoding, found in forms.items() for data in found]


ALL_NEEDLES = [n for name, secret in SECRETS.items() for n in needles(name, secret)]


def find_hits(blobs: Iterable[tuple[str, bytes]], wanted: list[Needle] = ALL_NEEDLES) -> set[str]:
    """``where: which secret (encoding)`` for every needle found in a blob."""
    return {
        f"{where}: {needle.secret} ({needle.encoding})"
        for where, blob in blobs
        for needle in wanted
        if needle.data in blob
    }


def files_under(root: Path, skip: tuple[Path, ...] = ()) -> list[tuple[str, bytes]]:
    """Every regular file below ``root`` (symlinks not followed), with its bytes."""
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if Path(folder, d) not in skip]
        for name in names:
            path = Path(folder, name)
            if path.is_file() and not path.is_symlink():
                found.append((str(path.relative_to(root.parent)), path.read_bytes()))
    return found


def texts(label: str, items: Iterable[str]) -> list[tuple[str, bytes]]:
    return [
        (f"{label} #{i}", text.encode("utf-8", "surrogatepass")) for i, text in enumerate(items)
    ]


# ---- the CLI in child processes --------------------------------------------------------

DRIVER = textwrap.dedent(
    """
    import json, os, subprocess, sys
    with open(os.environ["HYGIENE_PLAN"], encoding="utf-8") as plan_file:
        plan = json.load(plan_file)
    results = []
    for step in plan:
        done = subprocess.run(
            [sys.executable, "-m", "cdnmon", *step["argv"]],
            input=step["stdin"], capture_output=True, text=True, timeout=60,
            env={**os.environ, **step["env"]},
        )
        results.append({**step, "code": done.returncode, "stdout": done.stdout,
                        "stderr": done.stderr})
    with open(os.environ["HYGIENE_RESULTS"], "w", encoding="utf-8") as out:
        json.dump(results, out)
    """
)

# For machines without gnome-keyring: a backend the child processes share through a file.
# It lives outside the searched folders: the keyring is where secrets belong.
FILE_KEYRING = textwrap.dedent(
    """
    import json, os
    from pathlib import Path
    from keyring.backend import KeyringBackend
    from keyring.errors import PasswordDeleteError

    class FileTestKeyring(KeyringBackend):
        priority = 1

        def _items(self):
            path = Path(os.environ["HYGIENE_KEYRING_FILE"])
            return json.loads(path.read_text()) if path.exists() else {}

        def _save(self, items):
            Path(os.environ["HYGIENE_KEYRING_FILE"]).write_text(json.dumps(items))

        def get_password(self, service, username):
            return self._items().get(f"{service} {username}")

        def set_password(self, service, username, password):
            self._save({**self._items(), f"{service} {username}": password})

        def delete_password(self, service, username):
            items = self._items()
            if items.pop(f"{service} {username}", None) is None:
                raise PasswordDeleteError("not found")
            self._save(items)
    """
)


@dataclass(frozen=True)
class CliRun:
    argv: list[str]
    code: int
    stdout: str
    stderr: str


def secret_service_available() -> bool:
    found = all(shutil.which(t) for t in ("dbus-run-session", "gnome-keyring-daemon"))
    if not found and os.environ.get("CDNMON_REQUIRE_SECRET_SERVICE") == "1":
        pytest.fail(
            "CDNMON_REQUIRE_SECRET_SERVICE=1 but dbus-run-session or gnome-keyring is missing"
        )
    return found


def cli_plan(url: str, aliyun_domain: str, ucloud_domain: str) -> list[dict[str, Any]]:
    """Each step: argv after ``cdnmon -v``, one line of stdin, extra environment, the exit
    status it must end with."""

    def step(
        *argv: str, stdin: str = "", env: dict[str, str] | None = None, code: int = 0
    ) -> dict[str, Any]:
        return {"argv": ["-v", *argv], "stdin": stdin, "env": env or {}, "expect": code}

    add = ("credentials", "set")
    fetch = ("fetch", "--domain")
    return [
        step(*add, "aliyun", "--account", "prod", "--key-id", ALIYUN_KEY_ID, "--endpoint", url,
             stdin=ALIYUN_SECRET + "\n"),
        step(*add, "ucloud", "--account", "prod", "--key-id", UCLOUD_PUBLIC_KEY, "--endpoint",
             url, stdin=UCLOUD_SECRET + "\n"),
        step(*add, "aliyun", "--account", "wrong", "--key-id", ALIYUN_KEY_ID, "--endpoint", url,
             stdin=WRONG_ALIYUN_SECRET + "\n"),
        # A secret on the command line is refused, and not repeated back.
        step(*add, "aliyun", "--account", "typo", "--key-id", ALIYUN_KEY_ID, "--secret",
             ALIYUN_SECRET, code=2),
        step("credentials", "list"),
        step(*fetch, aliyun_domain, "--provider", "aliyun", "--account", "prod", "--store"),
        step(*fetch, ucloud_domain, "--provider", "ucloud", "--account", "prod", "--store"),
        step(*fetch, aliyun_domain, "--provider", "aliyun", "--account", "wrong", code=1),
        step(*fetch, aliyun_domain, "--provider", "aliyun", "--account", "wrong", "--signature",
             "v1", code=1),
        step(*fetch, ucloud_domain, "--provider", "ucloud", "--endpoint", url, code=1,
             env={"UCLOUD_PUBLIC_KEY": UCLOUD_PUBLIC_KEY,
                  "UCLOUD_PRIVATE_KEY": WRONG_UCLOUD_SECRET}),
        step("export", "--format", "json"),
        step("report"),
    ]  # fmt: skip


def run_cli_flow(
    plan: list[dict[str, Any]], harness: Path, home: Path, real_keyring: bool
) -> list[CliRun]:
    """Run the plan's commands, one child process each, sharing one keyring."""
    harness.mkdir()
    home.mkdir()
    (harness / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    (harness / "driver.py").write_text(DRIVER, encoding="utf-8")
    env = {
        key: value
        for key, value in os.environ.items()
        # No stray bus, keyring choice, credential or display (an unlock prompt could wait
        # on it); no XDG folders, so anything written outside cdnmon's folders lands in HOME.
        if not key.startswith(("DBUS_", "PYTHON_KEYRING", "ALIBABA_CLOUD_", "UCLOUD_", "XDG_"))
        and key not in ("DISPLAY", "WAYLAND_DISPLAY")
    }
    env.update(
        HOME=str(home),
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])),
        HYGIENE_PLAN=str(harness / "plan.json"),
        HYGIENE_RESULTS=str(harness / "results.json"),
    )
    driver = [sys.executable, str(harness / "driver.py")]
    if real_keyring:
        shell = (
            'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$@"'
        )
        command = ["dbus-run-session", "--", "sh", "-c", shell, "sh", *driver]
    else:
        (harness / "hygiene_keyring.py").write_text(FILE_KEYRING, encoding="utf-8")
        env["PYTHONPATH"] = os.pathsep.join([str(harness), env["PYTHONPATH"]])
        env["PYTHON_KEYRING_BACKEND"] = "hygiene_keyring.FileTestKeyring"
        env["HYGIENE_KEYRING_FILE"] = str(harness / "keyring.json")
        command = driver
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    raw = json.loads((harness / "results.json").read_text(encoding="utf-8"))
    runs = [CliRun(r["argv"], r["code"], r["stdout"], r["stderr"]) for r in raw]
    for run, step in zip(runs, plan, strict=True):
        assert run.code == step["expect"], (run.argv, run.stdout, run.stderr)
    return runs


# ---- the desktop app in-process --------------------------------------------------------


def _model_texts(model: QAbstractItemModel, parent: QModelIndex, depth: int = 0) -> list[str]:
    found = []
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
    # Flat models hide hasChildren (a list model columnCount too); trees go deeper.
    flat = isinstance(model, (QAbstractListModel, QAbstractTableModel))
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(parent)
    for row in range(model.rowCount(parent)):
        for column in range(columns):
            index = model.index(row, column, parent)
            found += [str(v) for role in roles if (v := model.data(index, role)) is not None]
            if column == 0 and not flat and depth < 4 and model.hasChildren(index):
                found += _model_texts(model, index, depth + 1)
    return found


def shown_texts() -> list[str]:
    """Every text the app's widgets show or would show: labels, buttons, tooltips, items,
    fields as displayed (a password field shows only its mask), actions, status bars."""
    found: list[str] = []
    for widget in QApplication.allWidgets():
        found += [widget.windowTitle(), widget.toolTip(), widget.statusTip()]
        found += [widget.accessibleName(), widget.accessibleDescription()]
        for action in widget.actions():
            found += [action.text(), action.toolTip(), action.statusTip()]
        if isinstance(widget, (QLabel, QAbstractButton)):
            found.append(widget.text())
        elif isinstance(widget, QLineEdit):
            found += [widget.displayText(), widget.placeholderText()]
        elif isinstance(widget, QStatusBar):
            found.append(widget.currentMessage())
        elif isinstance(widget, QComboBox):
            found += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            found += _model_texts(widget.model(), QModelIndex())
    return [text for text in found if text]


def error_texts(error: BaseException) -> list[str]:
    """What an exception can put on a screen or in a log: str, repr and its traceback."""
    return [str(error), repr(error), "".join(traceback.format_exception(error))]


def raised(call: Callable[[], object]) -> BaseException:
    try:
        call()
    except Exception as error:
        return error
    raise AssertionError("expected an exception")


class RawRecords(logging.Handler):
    """Each record as emitted, before any redaction: a secret in a log call is a bug even
    when the file's safety net would catch it."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@contextmanager
def app_logging(raw: RawRecords) -> Iterator[Path]:
    """The log file ``cdnmon`` sets up, at DEBUG, with ``raw`` (and pytest's handlers)
    seeing records before the file's redactor rewrites them."""
    root = logging.getLogger()
    level = root.level
    root.addHandler(raw)
    path = setup_logging(paths.log_dir(), logging.DEBUG)
    file_handlers = [
        h for h in root.handlers if isinstance(h, FileHandler) and Path(h.baseFilename) == path
    ]
    for handler in root.handlers:
        if handler not in file_handlers:
            for kept in [f for f in handler.filters if isinstance(f, SecretRedactor)]:
                handler.removeFilter(kept)
    try:
        yield path
    finally:
        for handler in [raw, *file_handlers]:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(level)


@unregistered
class QuotingKeyring(DictKeyring):
    """A backend whose failure quotes the password it was given, as a careless one might."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring_errors.KeyringError(f"could not store {password!r} for {username}")


@dataclass
class Collected:
    """Everything the in-process part saw the app show, copy, log or raise."""

    shown: list[str]
    copied: list[str]
    errors: list[str]


def wait_idle(qtbot: QtBot, desktop: Any, timeout: int = 30_000) -> None:
    qtbot.waitUntil(lambda: desktop.pool.in_flight == 0, timeout=timeout)


def find_dialog(parent: QWidget, kind: type) -> Any:
    dialogs = [d for d in parent.findChildren(kind) if d.isVisible()]
    assert len(dialogs) == 1, dialogs
    return dialogs[0]


def desktop_flow(
    qtbot: QtBot,
    desktop_app: Callable[..., DesktopApp],
    monkeypatch: pytest.MonkeyPatch,
    url: str,
    aliyun_domains: list[str],
    ucloud_domains: list[str],
    exports: Path,
    snapshot: Callable[[], None],
) -> Collected:
    """The window, the accounts dialog, a saved layout, the wall, the report and About."""
    from cdnmon.gui.dialogs.about import AboutDialog
    from cdnmon.gui.dialogs.accounts import AccountsDialog
    from cdnmon.gui.dialogs.report import ReportDialog

    collected = Collected([], [], [])
    clipboard = QApplication.clipboard()
    # The CLI stored the metadata; this keyring gets the good secrets directly, and the
    # wrong one (and a new account) through the accounts dialog.
    accounts, secrets = AccountStore(), SecretStore()
    store_account(Account("aliyun", "prod", ALIYUN_KEY_ID, endpoint=url), ALIYUN_SECRET,
                  accounts=accounts, secrets=secrets)  # fmt: skip
    store_account(Account("ucloud", "prod", UCLOUD_PUBLIC_KEY, endpoint=url), UCLOUD_SECRET,
                  accounts=accounts, secrets=secrets)  # fmt: skip

    desktop = desktop_app(demo=False)
    window = desktop.window
    qtbot.addWidget(window)
    window.show()
    try:
        qtbot.waitUntil(lambda: len(desktop.monitor.sources) == 2, timeout=30_000)
        wait_idle(qtbot, desktop)
        # aliyun/wrong has no secret in this keyring yet: said on the account.
        collected.errors += desktop.problems.values()
        assert ("aliyun", "wrong") in desktop.problems

        desktop.manage_accounts("")
        dialog = find_dialog(window, AccountsDialog)
        qtbot.waitUntil(lambda: dialog.account_list.count() == 3)
        row = next(
            i for i in range(dialog.account_list.count())
            if "wrong" in dialog.account_list.item(i).text()
        )  # fmt: skip
        dialog.account_list.setCurrentRow(row)
        form = dialog.form
        form.secret_edit.setText(WRONG_ALIYUN_SECRET)
        assert form.secret_edit.echoMode() == QLineEdit.EchoMode.Password
        collected.shown += shown_texts()
        with qtbot.waitSignal(dialog.accounts_changed, timeout=20_000):
            dialog.save_button.click()
        assert form.secret_edit.text() == ""
        dialog.test_button.click()  # the stored (wrong) secret, read from the keyring
        qtbot.waitUntil(lambda: "access denied" in dialog.status.text(), timeout=20_000)
        collected.shown += shown_texts()

        dialog.new_account("ucloud")
        form.name_edit.setText("lab")
        form.key_id_edit.setText(UCLOUD_PUBLIC_KEY)
        form.secret_edit.setText(UCLOUD_SECRET)
        form.endpoint_edit.setText(url)
        dialog.test_button.click()
        qtbot.waitUntil(lambda: dialog.status.text().startswith("OK: "), timeout=20_000)
        collected.shown += shown_texts()
        with qtbot.waitSignal(dialog.accounts_changed, timeout=20_000):
            dialog.save_button.click()
        collected.shown += shown_texts()
        dialog.close()

        qtbot.waitUntil(
            lambda: len(desktop.monitor.sources) == 4 and not desktop.problems, timeout=30_000
        )
        wait_idle(qtbot, desktop)
        good = [
            ("aliyun", "prod", aliyun_domains[0]),
            ("ucloud", "prod", ucloud_domains[0]),
            ("ucloud", "lab", ucloud_domains[1]),
        ]
        bad = ("aliyun", "wrong", aliyun_domains[0])
        monitor = desktop.monitor
        window.show_sources(list(monitor.sources), [*good, bad])
        qtbot.waitUntil(lambda: bool(monitor.error(bad)), timeout=30_000)
        qtbot.waitUntil(lambda: all(monitor.series(k).points for k in good), timeout=30_000)
        qtbot.waitUntil(lambda: bool(monitor.source_error(bad[:2])), timeout=30_000)
        wait_idle(qtbot, desktop)
        assert "access denied" in monitor.error(bad)
        collected.errors += [monitor.error(k) for k in monitor.tracks]
        collected.errors += [monitor.source_error(k) for k in monitor.sources]
        collected.errors += [window.chart.error_text(k) for k in [*good, bad]]
        window.chart.show_readout_at(monitor.time_range().start + 600)
        collected.shown += [window.chart.readout_text(), *shown_texts()]

        window.export_csv(exports / "window.csv")
        window.save_image(exports / "chart.png")

        desktop.show_report()
        report = find_dialog(window, ReportDialog)
        qtbot.waitUntil(lambda: not report.computing and report.copy_button.isEnabled())
        report.copy_button.click()
        collected.copied.append(clipboard.text())
        collected.shown += shown_texts()
        report.close()

        # The menu's "Save view as wall layout…", its file dialog answered.
        layout = paths.config_dir() / "wall.toml"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(layout), ""))
        desktop.save_wall_layout()
        assert layout.is_file()
        window.wall_requested.emit()
        wall = desktop.wall_mode.wall
        assert wall is not None
        qtbot.waitUntil(wall.answered, timeout=30_000)
        wall.tick()
        on_wall = shown_texts()
        assert any("SignatureDoesNotMatch" in text for text in on_wall)  # the wrong key's tile
        collected.shown += on_wall
        qtbot.keyClick(wall, Qt.Key.Key_Escape)
        assert desktop.wall_mode.wall is None

        desktop.show_about()
        about = find_dialog(window, AboutDialog)
        qtbot.waitUntil(lambda: "DictKeyring" in about.keyring_label.text(), timeout=20_000)
        about.copy_button.click()
        collected.copied.append(clipboard.text())
        collected.shown += shown_texts()
        about.close()

        wait_idle(qtbot, desktop)
        window.save_settings()
        snapshot()  # the history file's -wal and -shm exist only while it is open
    finally:
        desktop.stop()
        window.close()
    return collected


def direct_errors(url: str) -> list[str]:
    """Errors raised straight from the layers below the GUI, with their tracebacks."""
    found: list[str] = []
    account, creds = credentials.resolve("aliyun", "wrong")
    found += [repr(account), repr(creds)]
    for signature in ("v3", "v1"):
        client = make_client("aliyun", creds, "wrong", url, signature, retry=FAST_RETRY)
        error = raised(client.list_domains)
        assert isinstance(error, AuthError), error
        found += error_texts(error)
        client.close()
    wrong_ucloud = Credentials(UCLOUD_PUBLIC_KEY, WRONG_UCLOUD_SECRET)
    client = make_client("ucloud", wrong_ucloud, "env", url, retry=FAST_RETRY)
    error = raised(client.list_domains)
    assert isinstance(error, AuthError), error
    found += error_texts(error)
    client.close()

    # Nobody listens: the signed URL (V1 puts the signature in it) must not carry the key.
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    good = Credentials(ALIYUN_KEY_ID, ALIYUN_SECRET)
    client = make_client("aliyun", good, "prod", f"http://127.0.0.1:{port}/", "v1", FAST_RETRY)
    error = raised(client.list_domains)
    assert isinstance(error, NetworkError), error
    found += error_texts(error)
    client.close()

    quoting = SecretStore(QuotingKeyring(), timeout=5)
    for secret in (ALIYUN_SECRET, UCLOUD_SECRET):
        found += error_texts(raised(lambda s=secret: quoting.set_secret("aliyun", "x", s)))
        found += error_texts(raised(lambda s=secret: check_secret("aliyun", f"{s} {s}")))
        found += error_texts(raised(lambda s=secret: parse_key(s)))
        found += error_texts(raised(lambda s=secret: account_from_key("aliyun", f"{s} :x")))
    found += [repr(account_from_key("aliyun", f"{ALIYUN_KEY_ID}:{ALIYUN_SECRET}"))]
    return found


# ---- the whole flow, then the search ---------------------------------------------------


def assert_search_finds_decoys(folder: Path) -> None:
    """Plant a secret in every encoding, at every base64 offset, a few folders down: the
    search must report each one, or a clean result would prove nothing."""
    raw = ALIYUN_SECRET.encode()
    planted = {
        "plain": b"x" + raw + b"y",
        "url-encoded": f"a=1&s={quote(ALIYUN_SECRET, safe='')}&b=2".encode(),
        "json-escaped": json.dumps({"s": ALIYUN_SECRET}).replace("/", "\\/").encode(),
        "hex": (b"\x01" + raw).hex().encode(),
        "utf-16": f"x{ALIYUN_SECRET}".encode("utf-16"),
        "utf-32": f"x{ALIYUN_SECRET}".encode("utf-32"),
        "fragment": raw[7 : 7 + FRAGMENT + 1],
    }
    for pad in range(3):
        planted[f"base64 offset {pad}"] = base64.b64encode(b"\xfe" * pad + raw + b"\x00")
        planted[f"base64url offset {pad}"] = base64.urlsafe_b64encode(b"\xfe" * pad + raw)
    decoys = folder / "decoy" / "deeper"
    decoys.mkdir(parents=True)
    for i, blob in enumerate(planted.values()):
        (decoys / f"decoy-{i}.bin").write_bytes(b"\x00\xff" + blob + b"\n")
    found = find_hits(files_under(folder))
    for i, label in enumerate(planted):
        where = f"{folder.name}/decoy/deeper/decoy-{i}.bin"
        expected = f"{where}: aliyun secret ({label.partition(' offset')[0]})"
        assert expected in found, (expected, sorted(found))
    assert find_hits(texts("decoy text", [f"said: {UCLOUD_SECRET}."]))
    shutil.rmtree(folder / "decoy")
    assert not find_hits(files_under(folder))


@pytest.mark.slow
def test_whole_flow_leaves_no_secret_anywhere(
    qtbot: QtBot,
    desktop_app: Callable[..., DesktopApp],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
    qtlog: Any,
) -> None:
    started = time.monotonic()
    aliyun = account_from_key("aliyun", f"{ALIYUN_KEY_ID}:{ALIYUN_SECRET}", "hygiene-aliyun")
    ucloud = account_from_key("ucloud", f"{UCLOUD_PUBLIC_KEY}:{UCLOUD_SECRET}", "hygiene-ucloud")
    aliyun_domains = [d.name for d in aliyun.domains if d.status == "online"]
    ucloud_domains = [d.name for d in ucloud.domains if d.status == "online"]
    # This process's HOME and XDG folders too: whatever Qt or a library writes there is
    # searched with the rest.
    home = tmp_path / "home"
    for variable, below in [("HOME", ""), ("XDG_CONFIG_HOME", ".config"),
                            ("XDG_DATA_HOME", ".local/share"), ("XDG_STATE_HOME", ".local/state"),
                            ("XDG_CACHE_HOME", ".cache")]:  # fmt: skip
        (home / below).mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(variable, str(home / below))
    cli_home, exports = tmp_path / "cli-home", tmp_path / "exports"
    exports.mkdir()
    roots = [tmp_path / n for n in ("config", "data", "logs")] + [exports, home, cli_home]
    keyring_store = cli_home / ".local" / "share" / "keyrings"  # the keyring's own storage
    real_keyring = secret_service_available()

    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="urllib3")
    # keyring.get_keyring() answers with this for the in-process part; restored after.
    monkeypatch.setattr(keyring.core, "_keyring_backend", DictKeyring())
    raw = RawRecords()
    snapshot: list[tuple[str, bytes]] = []

    def take_snapshot() -> None:
        snapshot.extend(
            (f"{where} (open)", blob)
            for root in roots
            for where, blob in files_under(root, (keyring_store,))
        )

    with EmulatorServer(accounts=[aliyun, ucloud]) as server:
        plan = cli_plan(server.url, aliyun_domains[0], ucloud_domains[0])
        runs = run_cli_flow(plan, tmp_path / "harness", cli_home, real_keyring)
        with app_logging(raw) as log_file:
            collected = desktop_flow(
                qtbot, desktop_app, monkeypatch, server.url, aliyun_domains, ucloud_domains,
                exports, take_snapshot,
            )  # fmt: skip
            errors = direct_errors(server.url)

    # The flow did what it says, so the search below covers real output.
    if real_keyring:
        assert "(secret in SecretService Keyring)" in runs[0].stdout, runs[0]
    assert all("DEBUG cdnmon.accounts.keyring_store" in run.stderr for run in runs[:3])  # -v worked
    assert all("access denied" in run.stderr for run in runs if run.code == 1)
    assert "never taken from the command line" in runs[3].stderr
    exported = next(r for r in runs if r.argv[1] == "export")
    reported = next(r for r in runs if r.argv[1:] == ["report"])
    assert exported.stdout.count("\n") > 10
    assert reported.stdout.startswith(f"{datetime.datetime.now(datetime.UTC):%Y-%m}")
    for made in ("config/accounts.json", "config/cdnmon.ini", "config/wall.toml",
                 "data/history.sqlite3", "exports/window.csv", "exports/chart.png"):  # fmt: skip
        assert (tmp_path / made).stat().st_size > 0, made
    assert "SignatureDoesNotMatch" in log_file.read_text(encoding="utf-8")
    assert raw.lines and caplog.text

    assert_search_finds_decoys(tmp_path / "data")
    files = snapshot + [
        blob for root in roots for blob in files_under(root, (keyring_store,))
    ]  # fmt: skip
    out, err = capfd.readouterr()
    said = texts("pytest stdout", [out]) + texts("pytest stderr", [err])
    for i, run in enumerate(runs):
        command = " ".join(run.argv[1:3])  # never further: one step has a secret there
        said += texts(f"cli step {i} ({command}) stdout", [run.stdout])
        said += texts(f"cli step {i} ({command}) stderr", [run.stderr])
    said += texts("caplog", [caplog.text])
    said += texts("log record", raw.lines)
    said += texts("Qt message", [r.message for r in qtlog.records])
    said += texts("shown", collected.shown)
    said += texts("copied", collected.copied)
    said += texts("error", collected.errors + errors)
    hits = find_hits(files + said)
    print(
        f"secret search: {len(files)} files ({sum(len(b) for _, b in files)} bytes), "
        f"{len(said)} texts ({sum(len(b) for _, b in said)} bytes), {len(ALL_NEEDLES)} "
        f"needles, keyring {'Secret Service' if real_keyring else 'file (fallback)'}, "
        f"{time.monotonic() - started:.1f} s"
    )
    assert not hits, "\n".join(sorted(hits))


# ---- TLS and where the emulator listens ------------------------------------------------

NOT_LOOPBACK = [
    "http://cdn.aliyuncs.com/",
    "http://api.ucloud.cn",
    "http://10.0.0.7:8080/",
    "http://127.0.0.1.example.com/",
    "http://0.0.0.0:8000/",
    "http://[2001:db8::1]:8080/",
]


@pytest.mark.parametrize("url", NOT_LOOPBACK)
def test_plain_http_is_refused_off_loopback(url: str) -> None:
    with pytest.raises(InputError, match=r"plain http: only loopback .* use https://"):
        validate_endpoint(url)
    for provider, secret in (("aliyun", ALIYUN_SECRET), ("ucloud", UCLOUD_SECRET)):
        creds = Credentials("key-id", secret)
        error = raised(lambda p=provider, c=creds: make_client(p, c, "prod", url))
        assert isinstance(error, InputError) and "plain http" in str(error)
        assert not find_hits(texts("refusal", error_texts(error)))


def test_the_cli_refuses_plain_http_off_loopback() -> None:
    env = {
        **os.environ,
        "ALIBABA_CLOUD_ACCESS_KEY_ID": ALIYUN_KEY_ID,
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET": ALIYUN_SECRET,
    }
    argv = ["fetch", "--provider", "aliyun", "--domain", "www.example.com"]
    done = subprocess.run(
        [sys.executable, "-m", "cdnmon", *argv, "--endpoint", "http://cdn.aliyuncs.com/"],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "plain http" in done.stderr and "use https://" in done.stderr
    assert not find_hits(texts("cli", [done.stdout, done.stderr]))


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8080/", "http://localhost/", "http://[::1]:8080/",
     "https://cdn.aliyuncs.com/", "https://10.0.0.7:8443/"],
)  # fmt: skip
def test_only_loopback_may_skip_tls(url: str) -> None:
    assert validate_endpoint(url).startswith(url.rstrip("/"))


def test_transport_sessions_verify_certificates() -> None:
    transport = Transport("aliyun", "prod", RateLimiter(10))
    with transport.session() as session:
        assert session.verify is True and session.cert is None
    transport.close()


@pytest.fixture
def self_signed_tls(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """A TLS listener on loopback with a certificate nobody trusts: its port and the
    certificate's file."""
    import ipaddress

    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            connection.settimeout(5)
            try:
                with context.wrap_socket(connection, server_side=True) as tls:
                    tls.recv(1)
            except OSError:  # the client's "unknown CA" alert, as expected
                pass
            finally:
                connection.close()

    thread = threading.Thread(target=serve, name="self-signed-tls", daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1], cert_file
    finally:
        stop.set()
        thread.join(5)
        listener.close()


@pytest.mark.parametrize("provider", ["aliyun", "ucloud"])
def test_untrusted_certificates_are_refused_even_on_loopback(
    provider: str, self_signed_tls: tuple[int, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    port, cert_file = self_signed_tls
    # A client that trusts the certificate completes the handshake: the listener works,
    # so the app's failure below is its certificate check.
    trusting = ssl.create_default_context(cafile=str(cert_file))
    with (
        socket.create_connection(("127.0.0.1", port), timeout=5) as plain,
        trusting.wrap_socket(plain, server_hostname="127.0.0.1") as tls,
    ):
        assert tls.version()

    # Empty bundle variables once turned verification off in requests.
    monkeypatch.setenv("CURL_CA_BUNDLE", "")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "")
    creds = Credentials("key-id", ALIYUN_SECRET if provider == "aliyun" else UCLOUD_SECRET)
    url = f"https://127.0.0.1:{port}/"
    client = make_client(provider, creds, "prod", url, retry=FAST_RETRY)
    error = raised(client.list_domains)
    client.close()
    assert isinstance(error, NetworkError), error
    assert "TLS handshake or certificate check failed" in str(error)
    assert not find_hits(texts("tls error", error_texts(error)))


def test_the_emulator_listens_on_loopback_by_default(caplog: pytest.LogCaptureFixture) -> None:
    from cdnmon.cli import build_parser
    from cdnmon.demo import start_demo

    caplog.set_level(logging.WARNING, logger="cdnmon.emulator")
    with EmulatorServer(accounts=[]) as server:
        assert server.host == "127.0.0.1" and is_loopback(server.host)
        assert server.url.startswith("http://127.0.0.1:")
    assert build_parser().parse_args(["emulator"]).host == "127.0.0.1"
    demo_server, clients = start_demo()  # what `cdnmon --demo` runs
    try:
        assert demo_server.host == "127.0.0.1"
    finally:
        for client in clients:
            client.close()
        demo_server.stop()
    assert not caplog.records


def test_the_emulator_warns_when_told_to_listen_elsewhere(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="cdnmon.emulator")
    EmulatorServer(accounts=[], host="0.0.0.0").stop()  # bound, never served
    (record,) = caplog.records
    assert record.levelno == logging.WARNING
    assert "0.0.0.0: reachable from other machines" in record.getMessage()


def test_the_emulator_command_says_where_it_listens() -> None:
    with child_process(
        [sys.executable, "-m", "cdnmon", "emulator"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    ) as child:  # fmt: skip
        assert child.stdout is not None
        first = child.stdout.readline()
        assert re.fullmatch(r"cdnmon emulator listening on http://127\.0\.0\.1:\d+/\n", first)
        # The accepted demo keys follow; the description ends once it serves.
        assert "Press Ctrl+C to stop.\n" in iter(child.stdout.readline, "")
        # SIGTERM stops it as Ctrl+C does (SIGINT may be ignored: see tests/children.py).
        child.send_signal(signal.SIGTERM)
        _, err = child.communicate(timeout=20)
    # Stopped just before the serving loop ends as "interrupted" (130) instead: also fine.
    assert child.returncode in (0, 130), err

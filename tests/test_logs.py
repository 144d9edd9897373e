"""The log file: real files in a temporary folder, rotation, redaction, idempotence."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from cdnmon import logs
from tests.keyrings import SECRET

SIGNATURE = "kT9wQmZp0Lr3v8sYbC2dXe4fGh6jNa1o"


@pytest.fixture(autouse=True)
def clean_root_logger() -> Iterator[logging.Logger]:
    """Each test starts and ends with the root logger as pytest left it."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    levels = {handler: handler.level for handler in handlers}
    filters = {handler: list(handler.filters) for handler in handlers}
    yield root
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    for handler in handlers:
        handler.setLevel(levels[handler])
        handler.filters[:] = filters[handler]
    root.setLevel(level)
    logs._known_secrets.clear()


def our_handlers() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if isinstance(h, logs._LogFile)]


def flush() -> None:
    for handler in our_handlers():
        handler.flush()


def test_writes_to_the_given_folder_and_returns_the_file(tmp_path: Path) -> None:
    path = logs.setup_logging(tmp_path / "logs")
    assert path == (tmp_path / "logs" / "cdnmon.log").absolute()
    logging.getLogger("cdnmon.test").info("history opened: %d series", 12)
    flush()
    line = path.read_text(encoding="utf-8").strip()
    assert line.endswith("INFO [MainThread] cdnmon.test: history opened: 12 series"), line


def test_defaults_to_the_user_log_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CDNMON_LOG_DIR", str(tmp_path / "state"))
    assert logs.setup_logging() == (tmp_path / "state" / "cdnmon.log").absolute()


def test_idempotent(tmp_path: Path) -> None:
    first = logs.setup_logging(tmp_path)
    second = logs.setup_logging(tmp_path)
    assert first == second and len(our_handlers()) == 1
    logging.getLogger("cdnmon").warning("once")
    flush()
    assert first.read_text(encoding="utf-8").count("once") == 1
    assert all(
        sum(isinstance(f, logs.SecretRedactor) for f in h.filters) == 1
        for h in logging.getLogger().handlers
    )


def test_another_folder_moves_the_file(tmp_path: Path) -> None:
    logs.setup_logging(tmp_path / "a")
    moved = logs.setup_logging(tmp_path / "b")
    logging.getLogger("cdnmon").warning("after the move")
    flush()
    assert len(our_handlers()) == 1
    assert "after the move" in moved.read_text(encoding="utf-8")
    assert "after the move" not in (tmp_path / "a" / "cdnmon.log").read_text(encoding="utf-8")


def test_rotates_at_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    monkeypatch.setattr(logs, "BACKUP_COUNT", 2)
    path = logs.setup_logging(tmp_path)
    log = logging.getLogger("cdnmon.rotation")
    for n in range(200):
        log.info("line %03d %s", n, "x" * 40)
    flush()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["cdnmon.log", "cdnmon.log.1", "cdnmon.log.2"]
    assert all(p.stat().st_size <= 2_000 for p in tmp_path.iterdir())
    # The newest line is in the live file, the oldest ones are gone with the third backup.
    assert "line 199" in path.read_text(encoding="utf-8")
    everything = "".join(p.read_text(encoding="utf-8") for p in tmp_path.iterdir())
    assert "line 000" not in everything


def test_file_gets_info_while_other_handlers_keep_their_level(tmp_path: Path) -> None:
    root = logging.getLogger()
    root.setLevel(logging.WARNING)
    stderr = logging.StreamHandler()
    root.addHandler(stderr)
    path = logs.setup_logging(tmp_path)
    assert root.level == logging.INFO
    assert stderr.level == logging.WARNING  # --verbose off: stderr stays as quiet as before
    logging.getLogger("cdnmon").info("to the file only")
    flush()
    assert "to the file only" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "message",
    [
        f"GET /?Action=DescribeDomainRealTimeSrcBpsData&Signature={SIGNATURE}&SignatureNonce=1",
        f"headers={{'Authorization': 'ACS3-HMAC-SHA256 Credential=LTAI,Signature={SIGNATURE}'}}",
        f"Authorization: ACS3-HMAC-SHA256 Credential=LTAI,SignedHeaders=host,Signature={SIGNATURE}",
        f'{{"PublicKey": "pub-1", "PrivateKey": "{SIGNATURE}"}}',
        f"AccessKeySecret={SIGNATURE}",
        f"ALIBABA_CLOUD_ACCESS_KEY_SECRET={SIGNATURE} UCLOUD_PRIVATE_KEY='{SIGNATURE}'",
        f"{{'signature': '{SIGNATURE}', 'PrivateKey': '{SIGNATURE}'}}",
        f"string to sign: GET&%2F&Signature%3D{SIGNATURE}%26SignatureMethod%3DHMAC-SHA1",
        f"x-acs-security-token: {SIGNATURE}",
    ],
)
def test_secrets_are_redacted(tmp_path: Path, message: str) -> None:
    path = logs.setup_logging(tmp_path)
    logging.getLogger("cdnmon.providers").warning("request failed: %s", message)
    flush()
    text = path.read_text(encoding="utf-8")
    assert SIGNATURE not in text, text
    assert "<redacted>" in text and "request failed" in text


def test_redaction_keeps_what_is_not_secret() -> None:
    text = "AccessKeyId=LTAI-fake-key-id-1234&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0"
    assert logs.redact(text) == text


def test_tracebacks_and_other_handlers_are_redacted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = logging.getLogger()
    stderr = logging.StreamHandler()  # what --verbose installs
    root.addHandler(stderr)
    path = logs.setup_logging(tmp_path)
    try:
        raise ValueError(f"bad answer for https://x/?Signature={SIGNATURE}")
    except ValueError:
        logging.getLogger("cdnmon").exception("fetch failed")
    flush()
    text = path.read_text(encoding="utf-8")
    assert "Traceback" in text and "ValueError" in text
    assert SIGNATURE not in text
    assert SIGNATURE not in capsys.readouterr().err


def test_a_registered_secret_is_redacted_anywhere(tmp_path: Path) -> None:
    logs.register_secret(SECRET)
    path = logs.setup_logging(tmp_path)
    logging.getLogger("cdnmon").error("odd place:%s!", SECRET)
    flush()
    text = path.read_text(encoding="utf-8")
    assert SECRET not in text and "odd place:<redacted>!" in text

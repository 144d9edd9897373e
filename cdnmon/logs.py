"""The log file: rotating, in the user's log folder, with secrets scrubbed on the way out.

cdnmon never logs a secret on purpose; the redaction here is the safety net for one that
slips through anyway (a request URL with its ``Signature=``, an exception quoting a
header, a dict repr holding ``AccessKeySecret``). It runs on every record the file gets,
including its traceback, and on the other handlers of the root logger too (the stderr one
of ``--verbose``). No Qt here: the CLI and the tests use it as well.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import threading
from pathlib import Path

from cdnmon import paths

LOG_NAME = "cdnmon.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s"
REDACTED = "<redacted>"

# Keys whose values are secrets: names ending in secret, signature, private key, password
# or token, in any case and separator style (AccessKeySecret, access_key_secret,
# UCLOUD_PRIVATE_KEY, PrivateKey, x-acs-security-token, Signature). SignatureMethod and
# SignatureNonce do not end that way and stay readable.
_KEY = r"[\w.-]*(?:secret|signature|private[\s_-]?key|password|passwd|token)"
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Authorization header values, whatever the scheme: the whole value up to a quote or
    # the end of the line ("Authorization: ACS3-HMAC-SHA256 Credential=...,Signature=...").
    (
        re.compile(r"(?i)(\bauthorization[\"']?\s*[:=]\s*[\"']?)[^\"'\r\n]+"),
        rf"\g<1>{REDACTED}",
    ),
    (re.compile(r"(?i)\b(bearer\s+)[\w.~+/-]+=*"), rf"\g<1>{REDACTED}"),
    # JSON or repr: "AccessKeySecret": "value" / 'PrivateKey': 'value'.
    (
        re.compile(rf"(?i)([\"']{_KEY}[\"']\s*:\s*)([\"'])(?:\\.|(?!\2).)*\2"),
        rf"\g<1>\g<2>{REDACTED}\g<2>",
    ),
    # Query strings, form bodies, environment dumps, keyword reprs: Signature=value.
    (
        re.compile(rf"(?i)(?<![\w-])({_KEY}\s*=\s*)([\"']?)[^\s&\"',;)}}\]]+\2"),
        rf"\g<1>\g<2>{REDACTED}\g<2>",
    ),
    # The same, URL-encoded once more (a string-to-sign quoted in an error message).
    (re.compile(rf"(?i)(?<![\w-])({_KEY}%3D)(?:(?!%26)[^\s&\"'])+"), rf"\g<1>{REDACTED}"),
    # Plain text: "PrivateKey: value", "secret is: value".
    (re.compile(rf"(?i)(?<![\w-])({_KEY}:\s+)[^\s&\"',;)}}\]]+"), rf"\g<1>{REDACTED}"),
)

_known_secrets: set[str] = set()
_known_lock = threading.Lock()


def register_secret(secret: str) -> None:
    """Redact this exact value wherever it appears, whatever surrounds it.

    For code that holds a secret it read from the keyring; values shorter than 6
    characters are ignored (too likely to match ordinary text).
    """
    if len(secret) >= 6:
        with _known_lock:
            _known_secrets.add(secret)


def redact(text: str) -> str:
    """``text`` with anything that looks like a secret replaced by ``<redacted>``."""
    with _known_lock:
        known = sorted(_known_secrets, key=len, reverse=True)
    for secret in known:
        text = text.replace(secret, REDACTED)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class SecretRedactor(logging.Filter):
    """Rewrites a record's message, traceback and stack with secrets redacted.

    The record is rendered here (``getMessage``), so a secret passed as a %-argument is
    caught as well as one in the format string. Never drops a record.
    """

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_cdnmon_redacted", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a bad format call: keep the raw text, still scrubbed
            message = f"{record.msg} {record.args!r}"
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        record._cdnmon_redacted = True
        return True


class RedactingFormatter(logging.Formatter):
    """Scrubs the finished line too: the last net, for text added after the filter."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class _LogFile(logging.handlers.RotatingFileHandler):
    """Marks the handler setup_logging installed, so a second call finds it."""


_setup_lock = threading.Lock()


def setup_logging(log_dir: Path | None = None, level: int = logging.INFO) -> Path:
    """Log to ``<log_dir>/cdnmon.log`` (1 MB x 5 files); returns the file's path.

    ``log_dir`` defaults to :func:`cdnmon.paths.log_dir`. Idempotent: a second call with
    the same folder changes nothing, with another folder moves the file there. Lowering
    the root logger to ``level`` for the file does not make the other handlers chattier:
    those without a level of their own get the root's previous one. Raises OSError when
    the folder cannot be created or the file opened; the caller decides whether to go on.
    """
    folder = Path(log_dir) if log_dir is not None else paths.log_dir()
    path = (folder / LOG_NAME).absolute()
    root = logging.getLogger()
    with _setup_lock:
        current = [h for h in root.handlers if isinstance(h, _LogFile)]
        if any(Path(h.baseFilename) == path for h in current):
            _redact_all(root)
            return path
        for handler in current:
            root.removeHandler(handler)
            handler.close()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = _LogFile(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
        handler.setLevel(level)
        handler.setFormatter(RedactingFormatter(FORMAT))
        if root.getEffectiveLevel() > level:
            previous = root.getEffectiveLevel()
            for other in root.handlers:
                if other.level == logging.NOTSET:
                    other.setLevel(previous)
            root.setLevel(level)
        root.addHandler(handler)
        _redact_all(root)
    return path


def _redact_all(root: logging.Logger) -> None:
    for handler in root.handlers:
        if not any(isinstance(f, SecretRedactor) for f in handler.filters):
            handler.addFilter(SecretRedactor())

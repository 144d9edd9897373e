"""Errors in the window's language: English exactly as ``str(error)`` has it, Chinese for
every message the layers below raise, with the provider's code and request id kept."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from keyring import errors as keyring_errors
from keyring.backends import fail

from cdnmon.accounts import credentials
from cdnmon.accounts.credentials import Account, AccountStore, SecretStore
from cdnmon.gui.error_text import (
    NETWORK_PROBLEMS,
    PROVIDER_HINTS,
    TranslatedInputError,
    env_hint_text,
    explain,
    matching_rule,
)
from cdnmon.history.store import HistoryStore
from cdnmon.model import InputError, Series, TimeRange
from cdnmon.providers.errors import (
    AuthError,
    DomainError,
    MalformedResponseError,
    NetworkError,
    ProviderError,
    RequestError,
    ServiceError,
    ThrottledError,
)
from cdnmon.providers.http import validate_endpoint
from tests import REPO
from tests.history_files import make_newer
from tests.keyrings import BlockingKeyring, DictKeyring, unregistered

PROVIDERS = REPO / "cdnmon" / "providers"

PROVIDER_ERRORS = [
    AuthError(
        "aliyun",
        "Specified access key is not found.",
        code="InvalidAccessKeyId.NotFound",
        request_id="9A1B-77",
        hint="check the AccessKey ID",
        account="prod",
    ),
    AuthError("ucloud", "Signature VerifyAC Error", code="171", hint="check the private key"),
    DomainError("aliyun", "The domain is offline.", code="InvalidDomain.Offline",
                hint="the domain is offline: start it in the CDN console", account="shop"),
    ThrottledError("aliyun", "Request was denied due to flow control.", code="Throttling",
                   hint="too many calls: cdnmon slows down and retries"),
    ServiceError("ucloud", "HTTP 503", http_status=503),
    RequestError("ucloud", "Missing params", code="292",
                 hint="check the project id (sub-accounts must give one)"),
    NetworkError("aliyun", "no answer within the timeout (cdn.aliyuncs.com)",
                 hint="check the network connection and the endpoint", account="prod"),
    MalformedResponseError("ucloud", "expected JSON, got text/html starting '<html>' (HTTP 502)",
                           hint="a proxy or captive portal may be in the way; check the endpoint"),
    ProviderError("other", "something\nsplit over lines", code="X"),
    AuthError("tencent", "The provided credentials could not be validated.",
              code="AuthFailure.SignatureFailure", request_id="6f1c-42",
              hint="check the SecretKey", account="video"),
    ServiceError("edgeone", "An internal error has occurred.", code="InternalError",
                 hint="a fault at Tencent Cloud: cdnmon retries"),
]  # fmt: skip


def raised(action: Callable[[], object]) -> BaseException:
    try:
        action()
    except Exception as error:
        return error
    raise AssertionError("nothing was raised")


def english_words(text: str) -> list[str]:
    """Lower-case English words left in a Chinese text, apart from quoted names, codes,
    keyring backend names and what the provider said: a sentence nobody translated."""
    quoted = r"`[^`]*`|'[^']*'|“[^”]*”|https?://\S+|[\w-]+(?:\.[\w-]+)+|（[\w.]+：[^）]*）"
    text = re.sub(r"[A-Za-z ]*Keyring\b", "", re.sub(quoted, "", text))
    words = re.findall(r"\b[a-z]{3,}\b", text)
    return [w for w in words if w not in ("cdnmon", "other", "http", "https")]  # names


# ---- English: exactly what the layers below say ----------------------------------------------


@pytest.mark.parametrize("error", PROVIDER_ERRORS, ids=lambda e: type(e).__name__)
def test_english_provider_errors_read_as_before(error: ProviderError) -> None:
    assert explain(error) == str(error)


def test_english_own_errors_are_their_text() -> None:
    error = raised(lambda: credentials.check_account_name("a/b"))
    assert explain(error) == str(error)
    assert explain(TranslatedInputError("already in words")) == "already in words"
    assert explain(KeyError("x")) == "unexpected error (KeyError); details are in the log"


# ---- Chinese: provider errors keep their code, message and request id -----------------------


def test_chinese_provider_error_keeps_code_message_and_request_id(chinese: str) -> None:
    text = explain(PROVIDER_ERRORS[0])
    assert text == (
        "阿里云账号“prod”：鉴权失败，请检查 AccessKey ID"
        "（InvalidAccessKeyId.NotFound：Specified access key is not found.） [请求 ID：9A1B-77]"
    )
    assert explain(PROVIDER_ERRORS[6]) == (
        "阿里云账号“prod”：网络错误，请检查网络连接和 API 地址（超时未响应（cdn.aliyuncs.com））"
    )


@pytest.mark.parametrize("error", PROVIDER_ERRORS, ids=lambda e: type(e).__name__)
def test_chinese_provider_errors_are_translated(chinese: str, error: ProviderError) -> None:
    text = explain(error)
    assert re.search(r"[\u4e00-\u9fff]", text), text
    assert error.code in text and error.request_id in text
    assert not english_words(text.replace(error.message, "")), text


def test_every_hint_and_problem_of_the_providers_has_a_translation() -> None:
    written = set()
    for source in PROVIDERS.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            hint = None
            if isinstance(node, ast.keyword) and node.arg == "hint":
                hint = node.value
            elif isinstance(node, ast.Tuple) and len(node.elts) == 2:
                first = node.elts[0]
                if isinstance(first, ast.Name) and first.id.endswith("Error"):
                    hint = node.elts[1]
            elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id.endswith("_HINT") for t in node.targets
            ):
                hint = node.value
            if isinstance(hint, ast.Constant) and isinstance(hint.value, str) and hint.value:
                written.add(hint.value)
    assert written, "no hints found: has the way providers write them changed?"
    assert written <= PROVIDER_HINTS, written - PROVIDER_HINTS
    http = (PROVIDERS / "http.py").read_text(encoding="utf-8")
    for problem in NETWORK_PROBLEMS:
        assert f'"{problem}"' in http


# ---- Chinese: our own errors, raised for real by the layers below ----------------------------


@unregistered
class LockedKeyring(DictKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring_errors.KeyringLocked("Collection is locked")


@unregistered
class BrokenKeyring(DictKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("org.freedesktop.DBus.Error.NoReply")  # the backend's own words


def own_errors(tmp_path: Path) -> list[BaseException]:
    accounts = AccountStore(tmp_path / "accounts.json")
    closed = HistoryStore(tmp_path / "history.sqlite3")
    closed.close()
    blocked = BlockingKeyring()
    errors = [
        raised(lambda: credentials.check_account_name("")),
        raised(lambda: credentials.check_account_name("x" * 70)),
        raised(lambda: credentials.check_account_name("a/b")),
        raised(lambda: credentials.check_account_name("a\u200bb")),
        raised(lambda: credentials.check_account_name(" a")),
        raised(lambda: Account("aliyun", "prod", "two words")),
        raised(lambda: Account("aliyun", "prod", "")),
        raised(lambda: credentials.check_secret("ucloud", "a b")),
        raised(lambda: credentials.check_secret("aliyun", "")),
        raised(lambda: credentials.check_not_reserved(Account("ucloud", "env", "pub"))),
        raised(lambda: credentials.check_endpoint("ftp://x")),
        raised(lambda: credentials.check_endpoint("https://user:pw@cdn.example.com/")),
        raised(lambda: validate_endpoint("cdn.example.com")),
        raised(lambda: validate_endpoint("http://cdn.example.com/")),
        raised(lambda: TimeRange(100, 50)),
        raised(lambda: closed.points("aliyun", "a", "d", 60, TimeRange(0, 60))),
        raised(lambda: SecretStore(fail.Keyring(), timeout=5).check("aliyun")),
        raised(lambda: SecretStore(fail.Keyring(), timeout=5).check("tencent")),
        raised(lambda: credentials.check_secret("tencent", "")),
        raised(lambda: credentials.check_secret("edgeone", "a b")),
        raised(lambda: Account("edgeone", "prod", "two words")),
        raised(lambda: credentials.check_not_reserved(Account("tencent", "env", "AKID-x"))),
        raised(lambda: SecretStore(fail.Keyring(), timeout=5).check()),
        raised(lambda: SecretStore(blocked, timeout=0.05).get_secret("aliyun", "prod")),
        raised(lambda: SecretStore(LockedKeyring(), timeout=5).get_secret("aliyun", "prod")),
        raised(lambda: SecretStore(BrokenKeyring(), timeout=5).get_secret("aliyun", "prod")),
    ]
    blocked.release.set()
    accounts.save(Account("aliyun", "prod", "LTAI-key"))
    secrets = SecretStore(DictKeyring(), timeout=5)
    errors.append(
        raised(lambda: credentials.resolve("aliyun", "prod", accounts=accounts, secrets=secrets))
    )
    return errors


def test_every_message_of_the_layers_below_has_a_rule(tmp_path: Path) -> None:
    for error in own_errors(tmp_path):
        assert isinstance(error, InputError | Exception)
        assert matching_rule(error) is not None, f"{type(error).__name__}: {error}"


def test_own_errors_read_in_chinese(chinese: str, tmp_path: Path) -> None:
    for error in own_errors(tmp_path):
        text = explain(error)
        assert re.search(r"[\u4e00-\u9fff]", text), text
        assert not english_words(text), (str(error), text)


def test_an_unknown_message_gets_its_type_explained(chinese: str) -> None:
    assert explain(InputError("something new")) == "输入有误：something new"
    assert explain(credentials.AccountError("odd")) == "账号或密钥环出错：odd"
    assert env_hint_text("aliyun") == (
        "ALIBABA_CLOUD_ACCESS_KEY_ID 和 ALIBABA_CLOUD_ACCESS_KEY_SECRET"
    )
    assert env_hint_text("edgeone") == "TENCENTCLOUD_SECRET_ID 和 TENCENTCLOUD_SECRET_KEY"


def test_the_environment_hint_names_every_provider_s_variables_once() -> None:
    # In English exactly what the layers below say; Tencent's two products share a set.
    for provider in (*credentials.ENV_VARS, None):
        assert env_hint_text(provider) == credentials.env_hint(provider)
    assert env_hint_text().count("TENCENTCLOUD_SECRET_ID") == 1


def files_newer_cdnmon_wrote(tmp_path: Path) -> list[BaseException]:
    """What the read-only rules say: files of a newer cdnmon, a folder that cannot be made."""
    accounts = AccountStore(tmp_path / "accounts.json")
    accounts.path.write_text('{"version": 2, "accounts": []}', encoding="utf-8")
    fields = AccountStore(tmp_path / "fields.json")
    fields.path.write_text('{"version": 1, "accounts": [], "groups": []}', encoding="utf-8")
    history = tmp_path / "history.sqlite3"
    HistoryStore(history).close()
    make_newer(history, oldest_reader=1)
    newer = HistoryStore(history)
    series = Series("aliyun", "a", "d.example.com", 60, ((0, 1.0),))
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    errors = [
        raised(lambda: accounts.save(Account("aliyun", "prod", "LTAI-key"))),
        raised(lambda: fields.save(Account("aliyun", "prod", "LTAI-key"))),
        raised(lambda: newer.save(series, TimeRange(0, 60))),
        raised(lambda: HistoryStore(blocker / "data" / "history.sqlite3")),
    ]
    newer.close()
    return errors


def test_a_newer_cdnmon_s_files_are_explained_in_chinese(chinese: str, tmp_path: Path) -> None:
    for error in files_newer_cdnmon_wrote(tmp_path):
        assert matching_rule(error) is not None, f"{type(error).__name__}: {error}"
        assert re.search(r"[\u4e00-\u9fff]{4}", explain(error)), explain(error)

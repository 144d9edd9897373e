"""cdnmon's own messages: each written once, with a code; an error or a store's reason is its
English text (what the CLI prints) and still knows its message and arguments."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys

import pytest

from cdnmon.accounts import credentials
from cdnmon.accounts.credentials import Account
from cdnmon.history.store import StoreError
from cdnmon.messages import (
    CATALOG,
    AccountLabel,
    Alternatives,
    CodedError,
    Message,
    Phrase,
    ProviderTitle,
    Statement,
    alerts,
    domains,
    endpoints,
    fields,
    history,
    layout,
)
from cdnmon.messages import accounts as said
from cdnmon.model import InputError


def test_an_error_is_its_english_text_and_knows_its_message() -> None:
    error = InputError(said.ACCOUNT_NAME_SLASH, name="a/b")
    assert str(error) == "the account name 'a/b' contains '/'; use letters, digits, '-', '_' or '.'"
    assert error.code == "account-name-slash"
    assert dict(error.params) == {"name": "a/b"}
    assert isinstance(error.statement, Statement) and error.said == str(error)
    assert repr(error) == f"InputError({str(error)!r})"


def test_plain_text_still_works_for_errors_no_window_shows() -> None:
    error = InputError("--demo applies to the window and fetch only")
    assert str(error) == "--demo applies to the window and fetch only"
    assert error.code is None and error.statement is None and dict(error.params) == {}
    assert StoreError("odd").code is None
    with pytest.raises(TypeError):
        InputError("text", name="x")


def test_a_statement_inside_another_keeps_its_own_message() -> None:
    inner = said.KEY_EMPTY(field=Phrase("Alibaba Cloud AccessKey Secret"))
    outer = said.FROM_ENVIRONMENT(problem=inner, variables="A and B")
    assert outer == (
        "the Alibaba Cloud AccessKey Secret is empty (from the environment variables A and B)"
    )
    assert outer.params["problem"].code == "key-empty"


def test_errors_and_statements_survive_pickling_and_copying() -> None:
    error = credentials.AccountError(
        said.NO_SUCH_ACCOUNT,
        account=AccountLabel("aliyun", "prod"),
        known=said.KNOWN_ACCOUNTS(names="dev"),
        command="`cdnmon credentials set aliyun --account prod`",
    )
    for again in (pickle.loads(pickle.dumps(error)), copy.deepcopy(error)):
        assert type(again) is type(error) and str(again) == str(error)
        assert again.code == "no-such-account"
        assert again.params["account"].provider == "aliyun"
        assert again.params["known"].code == "known-accounts"
    for value in (
        ProviderTitle("ucloud"),
        Alternatives(("a", "b")),
        credentials.env_hint("aliyun"),
    ):
        assert pickle.loads(pickle.dumps(value)) == value
        assert vars(pickle.loads(pickle.dumps(value))) == vars(value)


def test_arguments_that_are_words_are_the_english_the_command_line_prints() -> None:
    assert AccountLabel("ucloud", "prod") == Account("ucloud", "prod", "pub").label
    assert AccountLabel("ucloud", "prod") == "UCloud account 'prod'"
    assert ProviderTitle("volcengine") == "Volcengine" and ProviderTitle("other") == "other"
    assert Alternatives(("mainland", "overseas")) == "mainland or overseas"
    assert credentials.env_hint("ucloud").provider == "ucloud"
    assert credentials.env_hint().provider is None


def test_codes_are_unique() -> None:
    with pytest.raises(ValueError, match="two messages have the code 'account-name-slash'"):
        Message("account-name-slash", "again")
    assert CATALOG["account-name-slash"] is said.ACCOUNT_NAME_SLASH


def test_every_message_has_a_code_and_fields_that_fill() -> None:
    modules = (said, alerts, domains, endpoints, history, layout)
    written = [v for m in modules for v in vars(m).values() if isinstance(v, Message)]
    assert sorted(m.code for m in written) == sorted(CATALOG)
    for message in written:
        assert message.code and message.code == message.code.lower()
        names = {f[1:-1].split("!")[0].split(":")[0] for f in fields(message.text)}
        filled = message(**dict.fromkeys(names, 1.5))  # also fits {timeout:g}, {name!r}
        assert "{" not in filled.replace("{1.5", ""), message.code


def test_fields_are_read_with_their_conversion_and_format() -> None:
    assert fields("a {name!r} took {timeout:g} s, {x}") == {"{name!r}", "{timeout:g}", "{x}"}
    assert fields("no fields, {{not one}}") == set()


def test_the_messages_import_no_qt() -> None:
    code = (
        "import sys, cdnmon.messages.accounts, cdnmon.messages.alerts, cdnmon.messages.domains, "
        "cdnmon.messages.endpoints, "
        "cdnmon.messages.history, cdnmon.messages.layout, cdnmon.model;"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_coded_errors_are_the_own_errors() -> None:
    assert issubclass(InputError, CodedError) and issubclass(StoreError, CodedError)
    assert issubclass(credentials.CredentialError, InputError)

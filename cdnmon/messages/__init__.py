"""cdnmon's own messages, each written once: in English, with named fields.

A :class:`Message` is a code and an English text with ``{fields}``; giving it its arguments
makes a :class:`Statement`, which *is* that English text (the CLI prints it, the log keeps
it) and still knows its message and arguments, so the window says it in its own language:
it translates the text (context ``ErrorText``) and fills the fields with arguments it
translates by their type. Errors built on :class:`CodedError` carry a statement::

    raise InputError(said.ACCOUNT_NAME_SLASH, name=name)

An argument that is itself words carries its meaning in its type: a :class:`Phrase`
(translated whole), a :class:`Statement` (said again in the window's language), a
:class:`ProviderTitle`, :class:`AccountLabel`, :class:`EnvVariables` or
:class:`Alternatives`. Any other argument is data, shown as it is.

The texts live in this package's modules by subject (``accounts``, ``alerts``, ``endpoints``,
``history``, ``layout``), marked with :func:`QT_TRANSLATE_NOOP` so that
``python3 -m cdnmon.gui.i18n --update`` finds them; the package imports no Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from string import Formatter
from types import MappingProxyType

# Where the window looks their translations up. Marking calls spell it out, as
# ``QT_TRANSLATE_NOOP("ErrorText", ...)``: pyside6-lupdate reads only a literal context.
CONTEXT = "ErrorText"

# Every message by its code, so that codes stay unique and the window can check its own
# wordings against them.
CATALOG: dict[str, Message] = {}


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for translation in ``context`` (pyside6-lupdate finds calls by this
    name in any file it scans); returns it unchanged."""
    return text


def fields(text: str) -> set[str]:
    """The ``{fields}`` of a text as written (``{name!r}``, ``{timeout:g}``): a translation
    must keep every one, conversion and format included."""
    return {
        "{" + name + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}"
        for _, name, spec, conv in Formatter().parse(text)
        if name is not None
    }


@dataclass(frozen=True)
class Message:
    """One of cdnmon's messages: a code that never changes and the English text."""

    code: str
    text: str

    def __post_init__(self) -> None:
        if self.code in CATALOG:
            raise ValueError(f"two messages have the code {self.code!r}")
        CATALOG[self.code] = self

    def __call__(self, **params: object) -> Statement:
        return Statement(self, params)

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return by_code, (self.code,)


def by_code(code: str) -> Message:
    """The one message of that code (a copied or unpickled message is that one)."""
    return CATALOG[code]


class Statement(str):
    """A message with its arguments: the English text itself, plus the code and arguments
    the window says it again from."""

    message: Message
    params: Mapping[str, object]

    def __new__(cls, message: Message, params: Mapping[str, object]) -> Statement:
        self = super().__new__(cls, message.text.format_map(params))
        self.message = message
        self.params = MappingProxyType(dict(params))
        return self

    def __reduce__(self) -> tuple[object, tuple[Message, dict[str, object]]]:
        return Statement, (self.message, dict(self.params))

    @property
    def code(self) -> str:
        return self.message.code


class Phrase(str):
    """English words inside a message that the window translates whole (context
    ``ErrorText``): marked with :func:`QT_TRANSLATE_NOOP` where they are written."""


class ProviderTitle(str):
    """``Alibaba Cloud``: the window uses the provider's name in its language."""

    provider: str

    def __new__(cls, provider: str) -> ProviderTitle:
        from cdnmon.providers.errors import PROVIDER_TITLES

        self = super().__new__(cls, PROVIDER_TITLES.get(provider, provider))
        self.provider = provider
        return self

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return ProviderTitle, (self.provider,)


class AccountLabel(str):
    """``Alibaba Cloud account 'prod'``, as the window says it in its language."""

    provider: str
    name: str

    def __new__(cls, provider: str, name: str) -> AccountLabel:
        self = super().__new__(cls, f"{ProviderTitle(provider)} account '{name}'")
        self.provider, self.name = provider, name
        return self

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return AccountLabel, (self.provider, self.name)


class EnvVariables(str):
    """The environment variables that give a provider's credentials (every provider's when
    ``provider`` is None), as written for a message: ``A and B (plus C if needed)``."""

    provider: str | None

    def __new__(cls, text: str, provider: str | None) -> EnvVariables:
        self = super().__new__(cls, text)
        self.provider = provider
        return self

    def __reduce__(self) -> tuple[object, tuple[str, str | None]]:
        return EnvVariables, (str(self), self.provider)


class Alternatives(str):
    """Values to choose from, as typed (``mainland or overseas``): the window joins them
    with its own word for "or"."""

    items: tuple[str, ...]

    def __new__(cls, items: Iterable[str]) -> Alternatives:
        chosen = tuple(items)
        self = super().__new__(cls, " or ".join(chosen))
        self.items = chosen
        return self

    def __reduce__(self) -> tuple[object, tuple[tuple[str, ...]]]:
        return Alternatives, (self.items,)


class CodedError(Exception):
    """An error whose text is one of cdnmon's messages (``code`` and ``params`` say which,
    with what), or, for errors no window shows, plain English. ``str(error)`` is the
    English text either way."""

    def __init__(self, text: str | Message = "", /, **params: object) -> None:
        if isinstance(text, Message):
            text = text(**params)
        elif params:
            raise TypeError("arguments go with a Message, not with a text")
        super().__init__(text)

    @property
    def said(self) -> str:
        """The statement (or plain text) this error says, to put inside another one."""
        text = self.args[0] if self.args else ""
        return text if isinstance(text, str) else str(self)

    @property
    def statement(self) -> Statement | None:
        return self.said if isinstance(self.said, Statement) else None

    @property
    def code(self) -> str | None:
        return self.statement.code if self.statement is not None else None

    @property
    def params(self) -> Mapping[str, object]:
        return self.statement.params if self.statement is not None else MappingProxyType({})

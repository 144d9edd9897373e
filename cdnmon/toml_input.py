"""TOML files a person writes by hand: the wall layout and the collector's configuration.

Both are read with the standard library's ``tomllib`` and report every mistake as an
:class:`~cdnmon.model.InputError`: one sentence naming the file, where in it, the field, and
what to write instead. ``tomllib`` keeps no positions, so :class:`KeyLines` finds the line
of each key by reading the text again; a key it cannot place is reported without a line.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from collections.abc import Callable
from typing import Any

from cdnmon.messages import Phrase, Statement
from cdnmon.messages import layout as said
from cdnmon.model import InputError

NUMBER = r"([0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)"
_DURATION = re.compile(NUMBER + r"\s*([a-zA-Z]*)")
_DURATION_UNITS = {
    **dict.fromkeys(("", "s", "sec", "secs", "second", "seconds"), 1),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), 60),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), 3600),
}
_MAX_SECONDS = 7 * 86400


class Problem(Exception):
    """A field's value is unusable (``args``: a statement saying why, and the field's name);
    the caller adds where it was."""


def parse_toml(text: str, source: str, hint: Phrase) -> dict[str, Any]:
    """The document, or an InputError naming ``source``; ``hint`` says how TOML is written
    in this kind of file (e.g. where its tables start)."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(
            said.TOML_INVALID_HINT, source=source, problem=str(error), hint=hint
        ) from None
    # tomllib lets these through: arrays or tables nested past the interpreter's stack,
    # and integers past Python's digit limit for reading them.
    except RecursionError:
        raise InputError(said.TOML_TOO_DEEP, source=source) from None
    except ValueError as error:
        raise InputError(said.TOML_INVALID, source=source, problem=str(error)) from None


def check_keys(
    table: dict[str, Any],
    allowed: tuple[str, ...],
    source: str,
    where: str,
    line_of: Callable[[str], int | None] = lambda key: None,
) -> None:
    """An InputError for the first key not in ``allowed``, with the closest allowed one;
    ``where`` is a Phrase or a statement (``at the top level``, ``in tile 2``)."""
    for key in table:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = (
                said.DID_YOU_MEAN(key=close[0]) if close else said.ALLOWED(keys=", ".join(allowed))
            )
            at = place(source, line_of(key))
            raise InputError(said.UNKNOWN_SETTING, source=at, key=key, where=where, hint=hint)


def place(source: str, line: int | None) -> str:
    """``wall.toml:12``, the way compilers and editors name a line, or just the file."""
    return source if line is None else f"{source}:{line}"


def text_field(
    raw: dict[str, Any], name: str, fail: Callable[[str, Statement], Exception], example: Phrase
) -> str:
    """A required non-empty string, stripped; ``fail(name, problem)`` makes the error."""
    value = raw.get(name)
    if value is None:
        raise fail(name, said.MISSING(example=example))
    if not isinstance(value, str) or not value.strip():
        raise fail(name, said.NOT_TEXT(example=example))
    return value.strip()


def duration(value: Any, name: str) -> int:
    """Whole seconds from ``60``, ``"30s"``, ``"5 min"`` or ``"1h"``; Problem(message,
    name) when it is not one from 1 second to 7 days."""
    example = said.DURATION_EXAMPLE
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise Problem(said.NOT_A_DURATION(value=shown(value), example=example), name)
    if isinstance(value, str):
        match = _DURATION.fullmatch(value.strip())
        unit = match.group(2).lower() if match else ""
        if not match or unit not in _DURATION_UNITS:
            raise Problem(said.NOT_READ(value=value, example=example), name)
        seconds = float(match.group(1)) * _DURATION_UNITS[unit]
    else:
        seconds = as_float(value)
    if not math.isfinite(seconds) or seconds < 1 or seconds > _MAX_SECONDS:
        raise Problem(said.DURATION_RANGE(value=value, example=example), name)
    if seconds != int(seconds):
        raise Problem(said.NOT_WHOLE_SECONDS(value=value, example=example), name)
    return int(seconds)


def as_float(value: int | float) -> float:
    """TOML integers have no size limit; one past float range reads as infinite."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def shown(value: Any) -> str:
    """A value for a message: tables and arrays by kind, as their text can nest too deeply."""
    if isinstance(value, dict):
        return said.A_TABLE
    if isinstance(value, list):
        return said.AN_ARRAY
    return repr(value)


# ---- where a key was written ------------------------------------------------------------

_HEADER = re.compile(r"""\s*\[(\[?)\s*([A-Za-z0-9_.\- "']+?)\s*\]\]?\s*(?:#.*)?$""")
_KEY = re.compile(r"""\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*[.=]""")


class KeyLines:
    """The 1-based line of each key: ``line(key)`` at the top level, ``line(key, table,
    n)`` in the n-th (0-based) ``[[table]]``, and ``line(None, table, n)`` for its header.

    A line scan, not a TOML parser: it skips the insides of multi-line strings and knows
    dotted keys by their first part, which covers what people write in these files."""

    def __init__(self, text: str) -> None:
        self._lines: dict[tuple[str, int, str | None], int] = {}
        seen: dict[str, int] = {}
        table, index = "", 0
        in_string = ""
        for number, line in enumerate(text.splitlines(), start=1):
            if in_string:
                if line.count(in_string) % 2:
                    in_string = ""
                continue
            header = _HEADER.match(line)
            key = _KEY.match(line)
            if header and not key:
                table = header.group(2).strip("\"'")
                index = seen.get(table, -1) + 1 if header.group(1) else 0
                seen[table] = index
                self._lines.setdefault((table, index, None), number)
            elif key:
                self._lines.setdefault((table, index, key.group(1).strip("\"'")), number)
            for quotes in ('"""', "'''"):
                if line.count(quotes) % 2:
                    in_string = quotes
                    break

    def line(self, key: str | None, table: str = "", index: int = 0) -> int | None:
        found = self._lines.get((table, index, key))
        if found is None and key is not None:
            return self._lines.get((table, index, None))  # the table's header at least
        return found

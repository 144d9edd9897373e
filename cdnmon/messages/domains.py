"""What cdnmon says about a domain name as typed (a rule, a layout, a collector's config, the
command line): what no provider could hold, and what to type instead."""

from __future__ import annotations

from cdnmon.messages import QT_TRANSLATE_NOOP, Message

DOMAIN_EMPTY = Message(
    "domain-empty",
    QT_TRANSLATE_NOOP("ErrorText", "a domain name is empty; give one like img.example.com"),
)
DOMAIN_TOO_LONG = Message(
    "domain-too-long",
    QT_TRANSLATE_NOOP(
        "ErrorText", "a domain name is {length} characters long; the limit is {limit}"
    ),
)
DOMAIN_INVISIBLE = Message(
    "domain-invisible",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "the domain name {name!r} contains spaces, control or invisible characters",
    ),
)

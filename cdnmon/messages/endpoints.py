"""What cdnmon says about an endpoint URL or a time range a person gave."""

from __future__ import annotations

from cdnmon.messages import QT_TRANSLATE_NOOP, Message

ENDPOINT_USER_INFO = Message(
    "endpoint-user-info",
    QT_TRANSLATE_NOOP("ErrorText", "the endpoint URL contains a user name or password; remove it"),
)
ENDPOINT_INVISIBLE = Message(
    "endpoint-invisible",
    QT_TRANSLATE_NOOP(
        "ErrorText", "the endpoint {endpoint!r} contains spaces, control or invisible characters"
    ),
)
ENDPOINT_NOT_HTTP = Message(
    "endpoint-not-http",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "the endpoint {endpoint!r} is not an http(s) URL; give e.g. https://cdn.example.com or "
        "leave it empty for the provider's default",
    ),
)
ENDPOINT_PLAIN_HTTP = Message(
    "endpoint-plain-http",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "the endpoint {endpoint!r} uses plain http: only loopback addresses (the emulator) may "
        "skip TLS; use https://",
    ),
)
ENDPOINT_NOT_A_URL = Message(
    "endpoint-not-a-url",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "the endpoint {endpoint!r} is not a URL like https://cdn.aliyuncs.com/: {reason}",
    ),
)
# The reasons of ENDPOINT_NOT_A_URL.
URL_SPACE = Message("url-space", QT_TRANSLATE_NOOP("ErrorText", "it contains a space"))
URL_INVISIBLE = Message(
    "url-invisible",
    QT_TRANSLATE_NOOP("ErrorText", "it contains control, invisible or undecodable characters"),
)
URL_NO_SCHEME = Message(
    "url-no-scheme",
    QT_TRANSLATE_NOOP(
        "ErrorText", "it needs https:// in front (http:// only for the emulator on loopback)"
    ),
)
URL_EMPTY_SCHEME = Message(
    "url-empty-scheme", QT_TRANSLATE_NOOP("ErrorText", "nothing:// is not http:// or https://")
)
URL_OTHER_SCHEME = Message(
    "url-other-scheme", QT_TRANSLATE_NOOP("ErrorText", "{scheme}:// is not http:// or https://")
)
URL_HOST_UNREADABLE = Message(
    "url-host-unreadable", QT_TRANSLATE_NOOP("ErrorText", "its host cannot be read")
)
URL_PORT = Message(
    "url-port", QT_TRANSLATE_NOOP("ErrorText", "its port is not a number from 0 to 65535")
)
URL_NO_HOST = Message("url-no-host", QT_TRANSLATE_NOOP("ErrorText", "it names no host"))
URL_HOST_NOT_IDNA = Message(
    "url-host-not-idna",
    QT_TRANSLATE_NOOP("ErrorText", "the host name {host!r} cannot be written for DNS (IDNA)"),
)
URL_HOST_INVALID = Message(
    "url-host-invalid", QT_TRANSLATE_NOOP("ErrorText", "the host name {host!r} is not valid")
)
URL_PATH = Message(
    "url-path",
    QT_TRANSLATE_NOOP("ErrorText", "its path may hold only ASCII letters, digits and / - . _ ~"),
)

END_BEFORE_START = Message(
    "end-before-start",
    QT_TRANSLATE_NOOP("ErrorText", "the end time ({end}) must be after the start time ({start})"),
)
# A time past what a date can show, in END_BEFORE_START.
SECONDS_SINCE_1970 = Message(
    "seconds-since-1970", QT_TRANSLATE_NOOP("ErrorText", "{seconds} s since 1970")
)

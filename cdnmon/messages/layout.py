"""What cdnmon says about a TOML file a person wrote, such as the wall layout: where the
mistake is (file, tile, field) and what to write instead."""

from __future__ import annotations

from cdnmon.messages import QT_TRANSLATE_NOOP, Message, Phrase

# ---- any TOML file ------------------------------------------------------------------------

TOML_INVALID = Message(
    "toml-invalid", QT_TRANSLATE_NOOP("ErrorText", "{source}: not valid TOML ({problem})")
)
TOML_INVALID_HINT = Message(
    "toml-invalid-hint",
    QT_TRANSLATE_NOOP("ErrorText", "{source}: not valid TOML ({problem}); {hint}"),
)
TOML_TOO_DEEP = Message(
    "toml-too-deep",
    QT_TRANSLATE_NOOP("ErrorText", "{source}: arrays or tables nested too deeply to read"),
)
UNKNOWN_SETTING = Message(
    "toml-unknown-setting",
    QT_TRANSLATE_NOOP("ErrorText", "{source}: unknown setting {key!r} {where}; {hint}"),
)
DID_YOU_MEAN = Message("toml-did-you-mean", QT_TRANSLATE_NOOP("ErrorText", "did you mean {key!r}?"))
ALLOWED = Message("toml-allowed", QT_TRANSLATE_NOOP("ErrorText", "allowed: {keys}"))
# What is wrong with one field; the file and the field are said around it.
MISSING = Message("toml-missing", QT_TRANSLATE_NOOP("ErrorText", "missing; write {example}"))
NOT_TEXT = Message(
    "toml-not-text",
    QT_TRANSLATE_NOOP("ErrorText", "must be a non-empty quoted string; write {example}"),
)
NOT_READ = Message(
    "toml-not-read", QT_TRANSLATE_NOOP("ErrorText", "cannot read {value!r}; {example}")
)
NOT_A_DURATION = Message(
    "toml-not-a-duration", QT_TRANSLATE_NOOP("ErrorText", "{value} is not a duration; {example}")
)
DURATION_RANGE = Message(
    "toml-duration-range",
    QT_TRANSLATE_NOOP("ErrorText", "{value!r} must be between 1 second and 7 days; {example}"),
)
NOT_WHOLE_SECONDS = Message(
    "toml-not-whole-seconds",
    QT_TRANSLATE_NOOP("ErrorText", "{value!r} is not a whole number of seconds; {example}"),
)
DURATION_EXAMPLE = Phrase(
    QT_TRANSLATE_NOOP("ErrorText", 'write e.g. "30s", "5 min", "1h" or a number of seconds')
)
# A value no message can quote (it may nest too deeply to write out).
A_TABLE = Phrase(QT_TRANSLATE_NOOP("ErrorText", "a table"))
AN_ARRAY = Phrase(QT_TRANSLATE_NOOP("ErrorText", "an array"))

# ---- the wall layout ----------------------------------------------------------------------

LAYOUT_UNREADABLE = Message(
    "layout-unreadable",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "cannot read the wall layout {path}: {reason}; check the path given to --layout",
    ),
)
LAYOUT_NOT_UTF8 = Message(
    "layout-not-utf8",
    QT_TRANSLATE_NOOP("ErrorText", "{path}: the layout file must be saved as UTF-8 text"),
)
LAYOUT_TOML_HINT = Phrase(
    QT_TRANSLATE_NOOP(
        "ErrorText",
        'strings need double quotes, e.g. refresh = "60s", and each tile starts with a [[tile]] '
        "line",
    )
)
AT_THE_TOP_LEVEL = Phrase(QT_TRANSLATE_NOOP("ErrorText", "at the top level"))
TILE = Message("layout-tile", QT_TRANSLATE_NOOP("ErrorText", "tile {number}"))
TILE_TITLED = Message(
    "layout-tile-titled", QT_TRANSLATE_NOOP("ErrorText", "tile {number} ({title!r})")
)
IN_TILE = Message("layout-in-tile", QT_TRANSLATE_NOOP("ErrorText", "in {tile}"))
SETTING = Message("layout-setting", QT_TRANSLATE_NOOP("ErrorText", "{source}: {name}: {problem}"))
TILE_SETTING = Message(
    "layout-tile-setting",
    QT_TRANSLATE_NOOP("ErrorText", "{source}: {tile}: {name}: {problem}"),
)
WINDOW_SHORTER = Message(
    "layout-window-shorter",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "{source}: window ({window} s) is shorter than refresh ({refresh} s); write a window of "
        'at least one refresh, e.g. window = "1h"',
    ),
)
TILES_NOT_TABLES = Message(
    "layout-tiles-not-tables",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "{source}: 'tile' must be a list of tables; start each tile with a [[tile]] line",
    ),
)
NO_TILES = Message(
    "layout-no-tiles",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "{source}: the layout has no tiles; add at least one [[tile]] section with provider, "
        "account and domain",
    ),
)
# What to write, in MISSING and NOT_TEXT.
PROVIDER_EXAMPLE = Phrase(QT_TRANSLATE_NOOP("ErrorText", 'e.g. provider = "aliyun"'))
ACCOUNT_EXAMPLE = Phrase(
    QT_TRANSLATE_NOOP("ErrorText", 'the account name from "cdnmon accounts", e.g. "prod"')
)
DOMAIN_EXAMPLE = Phrase(QT_TRANSLATE_NOOP("ErrorText", 'e.g. domain = "img.example.com"'))
URL_EXAMPLE = Phrase(QT_TRANSLATE_NOOP("ErrorText", 'e.g. url = "http://prometheus:9090/"'))
TITLE_EXAMPLE = Phrase(QT_TRANSLATE_NOOP("ErrorText", 'e.g. title = "Shop images"'))
# What is wrong with one field of a tile.
UNKNOWN_PROVIDER = Message(
    "layout-unknown-provider",
    QT_TRANSLATE_NOOP(
        "ErrorText", "{provider!r} is not a provider cdnmon knows; write one of: {providers}"
    ),
)
URL_NOT_A_READER = Message(
    "layout-url-not-a-reader",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        'a url is where a tile reads a Prometheus; it goes with provider = "prometheus", '
        "not {provider!r}",
    ),
)
DOMAIN_AND_DOMAINS = Message(
    "layout-domain-and-domains",
    QT_TRANSLATE_NOOP("ErrorText", 'give either domain = "..." or domains = [...], not both'),
)
DOMAINS_NOT_A_LIST = Message(
    "layout-domains-not-a-list",
    QT_TRANSLATE_NOOP(
        "ErrorText", 'write a list of domain names, e.g. domains = ["a.com", "b.com"]'
    ),
)
DOMAIN_TWICE = Message(
    "layout-domain-twice",
    QT_TRANSLATE_NOOP("ErrorText", "a domain is listed twice; list each domain once"),
)
OFFLOAD_NOT_TRUE_OR_FALSE = Message(
    "layout-offload-not-boolean",
    QT_TRANSLATE_NOOP(
        "ErrorText", "write offload = {yes} (edge bandwidth fetched too) or offload = {no}"
    ),
)
DOMAIN_MISSING = Message(
    "layout-domain-missing",
    QT_TRANSLATE_NOOP("ErrorText", 'missing; write domain = "img.example.com" or domains = [...]'),
)
GROUP_WITHOUT_TITLE = Message(
    "layout-group-without-title",
    QT_TRANSLATE_NOOP(
        "ErrorText", 'a group of domains needs a title, e.g. title = "All downloads"'
    ),
)
CRITICAL_NOT_ABOVE = Message(
    "layout-critical-not-above",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        'must be above warning ({warning:g} bit/s); e.g. warning = "800 Mbps" with critical = '
        '"1.2 Gbps"',
    ),
)
NOT_A_BANDWIDTH = Message(
    "layout-not-a-bandwidth",
    QT_TRANSLATE_NOOP("ErrorText", "{value} is not a bandwidth; {example}"),
)
IN_BYTES = Message(
    "layout-in-bytes",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "{value!r} is in bytes; thresholds are in bits (1 byte = 8 bits), e.g. {bits}",
    ),
)
NO_UNIT = Message(
    "layout-no-unit",
    QT_TRANSLATE_NOOP("ErrorText", "{value!r} has no unit after the prefix; {example}"),
)
BANDWIDTH_RANGE = Message(
    "layout-bandwidth-range",
    QT_TRANSLATE_NOOP("ErrorText", "{value!r} must be above zero and at most 1 Pbps; {example}"),
)
BANDWIDTH_EXAMPLE = Phrase(
    QT_TRANSLATE_NOOP("ErrorText", 'write e.g. "800 Mbps", "1.2 Gbps" or a number of bit/s')
)
NOT_A_COUNT = Message(
    "layout-not-a-count",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "{value} is not a whole number from 1 to 1000; write e.g. stale_after_intervals = 3",
    ),
)

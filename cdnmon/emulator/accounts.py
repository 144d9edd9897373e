"""The accounts the emulator accepts: a fixed demo set, or ones built from keys a person typed.

Everything here is deterministic, so a demo looks the same on every run and tests can name
domains and keys literally.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from cdnmon.model import InputError
from cdnmon.providers.base import Domain

PROVIDERS = ("aliyun", "ucloud", "tencent", "edgeone", "huawei", "volcengine")
ONLINE = "online"
OFFLINE = "offline"
# The most domains a scaled emulator serves in all: more than any picker or wall needs,
# few enough that a typo (an extra zero or three) cannot eat the machine's memory.
MAX_DOMAINS = 50_000


@dataclass(frozen=True)
class DemoAccount:
    """One account at one provider, as the emulator knows it. ``repr`` hides the secret."""

    provider: str
    name: str
    key_id: str
    secret: str = field(repr=False)
    project_id: str = ""
    domains: tuple[Domain, ...] = ()
    # Tencent Cloud CDN: where the domains serve, "mainland" or "overseas"; asked for the
    # other area, the API answers with no points.
    area: str = "mainland"
    # The domain whose cache collapses every so often (origin up, edge as usual), "" none.
    collapsing: str = ""

    def __post_init__(self) -> None:
        if self.provider not in PROVIDERS:
            raise ValueError(f"unknown provider {self.provider!r}; expected one of {PROVIDERS}")

    def domain(self, name_or_id: str) -> Domain | None:
        """The account's domain with this name (or, for UCloud, this ``ucdn-`` id)."""
        return self._by_name_or_id.get(name_or_id)

    @cached_property
    def _by_name_or_id(self) -> dict[str, Domain]:
        # Built once: an account with thousands of domains is asked for one on every call.
        found: dict[str, Domain] = {}
        for domain in reversed(self.domains):  # the first of equals wins, as a scan would
            found[domain.domain_id] = domain
            found[domain.name] = domain
        found.pop("", None)
        return found


def ucloud_domain_id(name: str) -> str:
    """A stable ``ucdn-xxxxxxxx`` id for a domain name, shaped like UCloud's."""
    return "ucdn-" + hashlib.blake2b(name.encode(), digest_size=4).hexdigest()


def edgeone_zone_id(zone: str) -> str:
    """A stable ``zone-xxxxxxxxxxxx`` site id for a zone name, shaped like EdgeOne's."""
    return "zone-" + hashlib.blake2b(zone.encode(), digest_size=6).hexdigest()


def edgeone_zones(account: DemoAccount) -> dict[str, str]:
    """An EdgeOne account's sites, id -> zone name: each domain's ``domain_id`` is its site."""
    return {d.domain_id: d.name.partition(".")[2] for d in account.domains}


def _domain_id(provider: str, name: str) -> str:
    if provider == "ucloud":
        return ucloud_domain_id(name)
    if provider == "edgeone":
        return edgeone_zone_id(name.partition(".")[2])
    if provider == "tencent":  # a CDN domain's ResourceId
        return "cdn-" + hashlib.blake2b(name.encode(), digest_size=4).hexdigest()
    if provider == "huawei":  # 32 hex digits, as Huawei Cloud CDN's domain ids are
        return hashlib.blake2b(name.encode(), digest_size=16).hexdigest()
    return ""


def _domains(provider: str, names: Sequence[str], offline: str) -> tuple[Domain, ...]:
    return tuple(
        Domain(
            name=name,
            domain_id=_domain_id(provider, name),
            status=OFFLINE if name == offline else ONLINE,
        )
        for name in names
    )


def _demo(
    provider: str, slug: str, hosts: Sequence[str], offline: str, project_id: str = ""
) -> DemoAccount:
    zone = f"{slug}.example.com"
    names = [f"{host}.{zone}" for host in hosts]
    id_suffix, secret_suffix = ("public", "private") if provider == "ucloud" else ("id", "secret")
    # The last online domain: the first ones stay as steady as they have always been.
    collapsing = [name for name in names if name != f"{offline}.{zone}"][-1]
    return DemoAccount(
        provider=provider,
        name=f"demo-{slug}",
        key_id=f"demo-{provider}-{slug}-{id_suffix}",
        secret=f"demo-{provider}-{slug}-{secret_suffix}",
        project_id=project_id,
        domains=_domains(provider, names, f"{offline}.{zone}"),
        collapsing=collapsing,
    )


def demo_accounts() -> tuple[DemoAccount, ...]:
    """Two Alibaba and two UCloud accounts, a Tencent Cloud CDN account, an EdgeOne site,
    a Huawei Cloud CDN and a Volcengine CDN account: 73 domains, one offline and one with a
    recurring cache collapse per account."""
    return (
        _demo(
            "aliyun",
            "shop",
            ("www", "img", "static", "cdn", "api", "m", "assets", "dl", "video", "promo"),
            offline="promo",
        ),
        _demo(
            "aliyun",
            "media",
            ("video", "live", "hls", "img", "www", "thumbs", "news", "podcast", "archive"),
            offline="archive",
        ),
        _demo(
            "ucloud",
            "games",
            ("patch", "dl", "cdn", "img", "www", "update", "assets", "replay", "forum", "beta"),
            offline="beta",
            project_id="org-demogames",
        ),
        _demo(
            "ucloud",
            "news",
            ("www", "img", "m", "static", "video", "live", "api", "archive", "rss"),
            offline="rss",
        ),
        *tencent_demo_accounts(),
        *huawei_demo_accounts(),
        *volcengine_demo_accounts(),
    )


def tencent_demo_accounts() -> tuple[DemoAccount, ...]:
    """A Tencent Cloud CDN account and an EdgeOne site (zone), one offline domain each:
    the Tencent part of ``demo_accounts()``, for tests of these two providers alone."""
    return (
        _demo(
            "tencent",
            "video",
            ("www", "img", "vod", "hls", "static", "api", "m", "dl", "live", "old"),
            offline="old",
        ),
        _demo(
            "edgeone",
            "store",
            ("www", "img", "static", "api", "m", "assets", "checkout", "legacy"),
            offline="legacy",
        ),
    )


def huawei_demo_accounts() -> tuple[DemoAccount, ...]:
    """A Huawei Cloud CDN account, one offline domain: the Huawei part of
    ``demo_accounts()``, for tests of this provider alone."""
    return (
        _demo(
            "huawei",
            "books",
            ("www", "img", "static", "ebook", "audio", "m", "api", "old"),
            offline="old",
        ),
    )


def volcengine_demo_accounts() -> tuple[DemoAccount, ...]:
    """A Volcengine CDN account, one offline domain: the Volcengine part of
    ``demo_accounts()``, for tests of this provider alone."""
    return (
        _demo(
            "volcengine",
            "live",
            ("www", "img", "pull", "hls", "flv", "vod", "static", "api", "old"),
            offline="old",
        ),
    )


def wide_account(provider: str, name: str, count: int) -> DemoAccount:
    """An account with ``count`` online domains in one zone, for benchmarks."""
    zone = f"{name}.example.net"
    names = [f"site{i:03d}.{zone}" for i in range(count)]
    return DemoAccount(
        provider=provider,
        name=name,
        key_id=f"{name}-{provider}-id",
        secret=f"{name}-{provider}-secret",
        domains=_domains(provider, names, offline=""),
    )


def check_domain_count(total: int, accounts: int, option: str) -> None:
    """Refuse a scale that gives an account no domain, or more than ``MAX_DOMAINS`` in all."""
    if not accounts <= total <= MAX_DOMAINS:
        raise InputError(
            f"{option} {total}: give from {accounts} (one for each of the {accounts} "
            f"accounts) to {MAX_DOMAINS:,} domains"
        )


def spread_domains(accounts: Sequence[DemoAccount], total: int) -> tuple[DemoAccount, ...]:
    """These accounts with ``total`` domains between them, shared out evenly (the first
    accounts take one more when it does not divide). Each keeps its own domains first, so a
    saved selection of the usual ones still finds them, then gets ``img12.<its zone>``-style
    names, the same on every run."""
    if not len(accounts) <= total <= MAX_DOMAINS:
        raise ValueError(f"{total} domains cannot be spread over {len(accounts)} accounts")
    share, extra = divmod(total, len(accounts))
    return tuple(
        _widened(account, share + (index < extra)) for index, account in enumerate(accounts)
    )


def _widened(account: DemoAccount, count: int) -> DemoAccount:
    own = account.domains[:count]
    zone = (account.domains[0].name.partition(".")[2] if account.domains else "") or (
        f"{account.name}.example.net"
    )
    # A domain id made from the name is 4 bytes for some providers: skip the rare name whose
    # id another domain already has, as the provider would never hand out the same id twice.
    named_ids = account.provider in ("ucloud", "tencent", "huawei")
    names = {d.name for d in own}
    ids = {d.domain_id for d in own}
    added: list[Domain] = []
    number = 0
    while len(own) + len(added) < count:
        host, lap = _HOSTS[number % len(_HOSTS)], number // len(_HOSTS) + 1
        number += 1
        name = f"{host}{lap}.{zone}"
        domain_id = _domain_id(account.provider, name)
        if name in names or (named_ids and domain_id in ids):
            continue
        names.add(name)
        ids.add(domain_id)
        added.append(Domain(name=name, domain_id=domain_id, status=ONLINE))
    return replace(account, domains=(*own, *added))


def parse_key(text: str) -> tuple[str, str]:
    """Split ``ID:SECRET`` (``PUBLIC:PRIVATE`` for UCloud) as typed on the command line."""
    key_id, sep, secret = text.strip().partition(":")
    if not sep or not key_id or not secret:
        raise InputError(
            f"cannot read the key {_masked(text)!r}: write it as ID:SECRET "
            "(the key id, a colon, then the secret)"
        )
    if any(ch.isspace() for ch in key_id + secret):
        raise InputError("a key id or secret cannot contain spaces: write it as ID:SECRET")
    return key_id, secret


def _masked(text: str) -> str:
    # Error messages end up on screens and in logs: never echo what may be a secret.
    key_id = text.strip().partition(":")[0]
    return f"{key_id}:..." if ":" in text else key_id[:4] + "..."


_HOSTS = ("www", "img", "static", "cdn", "api", "m", "video", "dl", "assets", "live", "news")


def account_from_key(provider: str, key: str, name: str = "") -> DemoAccount:
    """An account for a key typed as ``ID:SECRET``, with 6-11 domains derived from the key id.

    The same key id always yields the same domains, so a person can restart the emulator
    and keep their saved selections.
    """
    if provider not in PROVIDERS:
        raise InputError(f"unknown provider {provider!r}: use one of {', '.join(PROVIDERS)}")
    key_id, secret = parse_key(key)
    digest = hashlib.blake2b(f"{provider}:{key_id}".encode(), digest_size=8).digest()
    zone = f"k{digest[:3].hex()}.example.net"
    count = 6 + digest[3] % 6
    names = [f"{host}.{zone}" for host in _HOSTS[:count]]
    return DemoAccount(
        provider=provider,
        name=name or f"{provider}-{key_id[:12]}",
        key_id=key_id,
        secret=secret,
        project_id="",
        domains=_domains(provider, names, offline=names[-1]),
    )

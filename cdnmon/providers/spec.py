"""What cdnmon knows about one provider, in one place: the seam a new provider plugs into.

Each provider package defines one ``SPEC``; :mod:`cdnmon.providers.registry` lists them,
and every per-provider table elsewhere (endpoints, delays, environment variables, labels)
is read from these. Qt-free: the window's translated labels stay in ``cdnmon.gui``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from cdnmon.providers.base import Credentials, OriginBandwidthClient
from cdnmon.providers.http import RetryPolicy


class ClientFactory(Protocol):
    """The client class: ``(credentials, account, endpoint, retry=..., **options)``, where
    options are the provider's own (Alibaba's ``signature``, Tencent's ``area``)."""

    def __call__(
        self,
        credentials: Credentials,
        account: str,
        endpoint: str,
        *,
        retry: RetryPolicy | None,
        **options: str,
    ) -> OriginBandwidthClient: ...


@dataclass(frozen=True)
class ProviderSpec:
    """One provider's facts. ``endpoint`` given to ``make`` is never "" (the registry puts
    the default in), ``area`` may be "" (the provider's default area)."""

    name: str  # the code used on the command line, in files and in the keyring
    title: str  # English, for the CLI and logs
    default_endpoint: str
    data_delay: int  # seconds behind real time a point is first answered in full
    retention: Mapping[int, int]  # interval -> how many seconds back it is kept
    calls_per_second: float  # allowed per account, shared by every thread
    key_id_var: str  # environment variables that supply an account without the keyring
    secret_var: str
    key_id_label: str  # the provider's own words for the key id and the secret
    secret_label: str
    make: ClientFactory
    project_var: str = ""  # set only when the provider takes a project id
    areas: tuple[str, ...] = ()  # where an account's domains may serve; the first by default
    signatures: tuple[str, ...] = ()  # signing versions to choose from; the first by default
    # Seconds behind real time the provider may still revise an answered point, where that
    # is longer than the data delay: the store asks for them again until then.
    revised_for: int = 0
    # A source reachable without a key (a team's own Prometheus): key id and secret may be
    # empty, and a stored account of it may have no secret in the keyring.
    keys_optional: bool = False
    # A reader of other providers' series (Prometheus): the provider a domain's points came
    # from, whose data delay and revisions they keep.
    origin: Callable[[str], str] | None = None

    @property
    def takes_project_id(self) -> bool:
        return bool(self.project_var)

    @property
    def takes_area(self) -> bool:
        return bool(self.areas)

    @property
    def env_vars(self) -> tuple[str, str, str]:
        """(key id, secret, project id or "")."""
        return self.key_id_var, self.secret_var, self.project_var

    @property
    def env_hint(self) -> str:
        """``A and B (plus C if needed)``: the variables to set, for a message."""
        hint = f"{self.key_id_var} and {self.secret_var}"
        return f"{hint} (plus {self.project_var} if needed)" if self.project_var else hint

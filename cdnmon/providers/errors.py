"""Typed errors every provider raises, so callers decide on kind, never on text.

Each carries the provider's own code, message, HTTP status and request id, plus a hint:
what a person should do about it. ``str()`` gives one line fit for a status bar or stderr,
and never contains a secret (provider modules build these from response fields only).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence


class _ProviderTitles(Mapping[str, str]):
    """``{"aliyun": "Alibaba Cloud", ...}`` in registry order, read from the providers'
    specs on first use: the provider packages import this module, so it cannot import
    them (through the registry) while it is itself being imported."""

    def _titles(self) -> Mapping[str, str]:
        from cdnmon.providers.registry import TITLES

        return TITLES

    def __getitem__(self, provider: str) -> str:
        return self._titles()[provider]

    def __iter__(self) -> Iterator[str]:
        return iter(self._titles())

    def __len__(self) -> int:
        return len(self._titles())


PROVIDER_TITLES: Mapping[str, str] = _ProviderTitles()

# Hints every provider gives in the same words.
THROTTLED_HINT = "too many calls: cdnmon slows down and retries"
DOMAIN_HINT = "check the domain name and that this account owns it"
CLOCK_HINT = "set this computer's clock right (use NTP)"


class ProviderError(Exception):
    """Base of every failure talking to a provider."""

    kind = "request failed"
    retryable = False

    def __init__(
        self,
        provider: str,
        message: str,
        *,
        code: str = "",
        http_status: int | None = None,
        request_id: str = "",
        hint: str = "",
        account: str = "",
        domain: str = "",
    ) -> None:
        super().__init__(message)
        self.provider = provider
        self.message = message
        self.code = code
        self.http_status = http_status
        self.request_id = request_id
        self.hint = hint
        self.account = account
        # The domain the failed call was for, when it was for one (set by cdnmon.fetching);
        # not part of str(), which says what failed, not for which of several domains.
        self.domain = domain

    @property
    def source(self) -> str:
        """``UCloud account 'prod'`` or just ``UCloud``."""
        title = PROVIDER_TITLES.get(self.provider, self.provider)
        return f"{title} account '{self.account}'" if self.account else title

    def __str__(self) -> str:
        code = f" ({self.code})" if self.code else ""
        text = f"{self.source}: {self.kind}{code}: {self.message}"
        if self.hint:
            text += f" -- {self.hint}"
        if self.request_id:
            text += f" [request {self.request_id}]"
        # Message, code and request id come from the answer and may hold line breaks.
        return " ".join(text.split())


class AuthError(ProviderError):
    """Bad key, signature mismatch, RAM/IAM denial, service not opened."""

    kind = "access denied"


class DomainError(ProviderError):
    """The domain is unknown to this account, offline or being configured."""

    kind = "domain unavailable"


class ThrottledError(ProviderError):
    """The provider's rate limit answered."""

    kind = "throttled"
    retryable = True


class ServiceError(ProviderError):
    """A failure on the provider's side (5xx, gateway timeout, service unavailable)."""

    kind = "provider-side failure"
    retryable = True


class RequestError(ProviderError):
    """The provider rejected our parameters (time range too long or too old, bad value)."""

    kind = "request rejected"


class NetworkError(ProviderError):
    """No answer: connection refused or reset, DNS, TLS, timeout."""

    kind = "network error"
    retryable = True


class MalformedResponseError(ProviderError):
    """An answer that is not what the API documents: HTML, truncated JSON, missing fields."""

    kind = "unexpected response"


def unknown_domains_error(error: DomainError, unknown: Sequence[str]) -> DomainError:
    """``error`` (a "no such domain" answer to a call about several domains) restated to
    name the first domain the account lacks, and how many more."""
    more = f" (and {len(unknown) - 1} more)" if len(unknown) > 1 else ""
    return DomainError(
        error.provider,
        f"no domain {unknown[0]!r}{more} in this account",
        code=error.code,
        http_status=error.http_status,
        request_id=error.request_id,
        hint=DOMAIN_HINT,
        account=error.account,
    )

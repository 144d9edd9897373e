"""A Prometheus-compatible query API as a source: the series ``cdnmon collect`` put there.

Any number of windows and walls can read one collector's points this way at no cost in
provider calls. The account is a name for the server, its endpoint the server's URL; a
key id and secret are optional (HTTP basic auth, or a bearer token as the secret alone).

Each series the collector wrote, ``cdnmon_origin_bandwidth_bytes_per_second{provider,
account, domain}`` in bytes/s, is one domain here, named ``provider/account/domain``
(account names and providers never hold a "/", so the name splits back exactly); its edge,
``cdnmon_edge_bandwidth_bytes_per_second``, where the collector polls edge. Points
come from ``query_range`` at the collector's one-minute step, taking only a sample inside
each step (``last_over_time`` over 59 s): Prometheus's own look-back would repeat a value
for up to five minutes where the provider had a gap, and a gap must stay absent.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin

import requests

from cdnmon.collect.exposition import BANDWIDTH, BANDWIDTH_NAMES, SERIES_LABELS
from cdnmon.model import DAY, MINUTE, ORIGIN, InputError, TimeRange, check_metric
from cdnmon.providers.base import Credentials, Domain
from cdnmon.providers.errors import (
    THROTTLED_HINT,
    AuthError,
    DomainError,
    ProviderError,
    RequestError,
    ServiceError,
    ThrottledError,
)
from cdnmon.providers.http import RetryPolicy, Transport, validate_endpoint
from cdnmon.providers.parsing import bandwidth, decode_json, malformed_answer

PROVIDER = "prometheus"
DEFAULT_ENDPOINT = "http://127.0.0.1:9090/"
# The collector's points are a minute apart; coarser ones would be Prometheus's own sums.
INTERVAL = MINUTE
# Prometheus keeps 15 days unless told otherwise.
RETENTION = {MINUTE: 15 * DAY}
# A day a call: 1,441 steps, far under Prometheus's 11,000 a query.
WINDOW = DAY
# Series written this recently are listed as domains.
LISTED_S = 7 * DAY
# Only politeness: a query API has no quota, but a wall of many tiles should not burst.
CALLS_PER_SECOND = 20
# Words of the domain name: what the collector labels each series with.
SEPARATOR = "/"

AUTH_HINT = "check the user name and the password or token of this Prometheus"
URL_HINT = "check the URL: the Prometheus server's address, e.g. http://prometheus:9090/"
SERVER_HINT = "a fault at the Prometheus server: cdnmon retries"
NAME_HINT = "name a series provider/account/domain, as the domain list shows it"


def series_name(provider: str, account: str, domain: str) -> str:
    """``aliyun/prod/www.example.com``: one collected series as a domain of this source."""
    return SEPARATOR.join((provider, account, domain))


def series_labels(name: str) -> dict[str, str] | None:
    """The collector's labels of a series named by :func:`series_name`; None if not one."""
    parts = name.split(SEPARATOR, 2)
    if len(parts) != 3 or not all(parts):
        return None
    return dict(zip(SERIES_LABELS, parts, strict=True))


def origin(name: str) -> str:
    """The provider a series came from (its delays are the series'), or this one."""
    labels = series_labels(name)
    return labels["provider"] if labels else PROVIDER


def check_url(url: str, credentials: Credentials) -> str:
    """The endpoint as :func:`validate_endpoint` accepts it, except that plain http to
    another host is fine when nothing secret travels with it: a team's Prometheus often
    serves plain http inside its network."""
    text = url.strip()
    if text.lower().startswith("http://") and not (credentials.key_id or credentials.secret):
        checked = validate_endpoint("https://" + text[len("http://") :])
        return "http://" + checked[len("https://") :]
    return validate_endpoint(text)


def _matcher(labels: Mapping[str, str], metric: str = ORIGIN) -> str:
    # A JSON string is a PromQL string: the same quotes and backslash escapes.
    inside = ",".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in labels.items())
    return f"{BANDWIDTH_NAMES[metric]}{{{inside}}}"


def _error_for(response: requests.Response) -> ProviderError:
    """Prometheus's ``{"status": "error", "errorType", "error"}``, or what a proxy in front
    of it answered, as a typed error."""
    status = response.status_code
    try:
        body: Mapping[str, Any] = response.json()
        if not isinstance(body, dict):
            body = {}
    except ValueError:
        body = {}
    code = str(body.get("errorType") or "")
    message = str(body.get("error") or "").strip() or f"HTTP {status}"
    kind: type[ProviderError]
    if status in (401, 403):
        kind, hint = AuthError, AUTH_HINT
    elif status == 429:
        kind, hint = ThrottledError, THROTTLED_HINT
    elif status >= 500 or code in ("timeout", "canceled", "internal", "unavailable"):
        kind, hint = ServiceError, SERVER_HINT
    elif status == 404:
        kind, hint = RequestError, URL_HINT
    else:  # bad_data (400) and execution (422): the query; cdnmon's to get right
        kind, hint = RequestError, ""
    return kind(PROVIDER, message, code=code, http_status=status, hint=hint)


class PrometheusClient:
    """One Prometheus server, read through its HTTP API. Thread-safe."""

    provider = PROVIDER
    finest_interval = INTERVAL

    def __init__(
        self,
        credentials: Credentials,
        account: str = "default",
        endpoint: str = DEFAULT_ENDPOINT,
        retry: RetryPolicy | None = None,
        timeout: tuple[float, float] | None = None,
    ) -> None:
        self.account = account
        self._credentials = credentials
        self._endpoint = check_url(endpoint, credentials)
        # Paced per server, not per key: politeness is owed to the server.
        self._transport = Transport.for_account(
            PROVIDER, account, self._endpoint, CALLS_PER_SECOND, retry, timeout
        )

    def _get(self, path: str, params: Mapping[str, object]) -> Any:
        def build() -> requests.Request:
            headers, auth = {}, None
            user, secret = self._credentials.key_id, self._credentials.secret
            if user:
                auth = (user, secret)
            elif secret:
                headers["Authorization"] = f"Bearer {secret}"
            url = urljoin(self._endpoint, path)
            return requests.Request("GET", url, params=dict(params), headers=headers, auth=auth)

        def interpret(response: requests.Response) -> Any:
            if response.status_code != 200:
                raise _error_for(response)
            body = decode_json(PROVIDER, response)
            if body.get("status") != "success":
                raise _error_for(response)
            return body.get("data")

        return self._transport.call(build, interpret, path)

    def list_domains(self) -> list[Domain]:
        """Every series the collector wrote in the last week, by provider, account, domain."""
        now = time.time()
        data = self._get(
            "api/v1/series", {"match[]": BANDWIDTH, "start": now - LISTED_S, "end": now}
        )
        try:
            names = {series_name(*(s[k] for k in SERIES_LABELS)) for s in data}
        except (KeyError, TypeError) as error:
            raise malformed_answer(PROVIDER, "series", "", error) from None
        return [Domain(name) for name in sorted(names)]

    def windows(self, time_range: TimeRange, interval: int | None = None) -> list[TimeRange]:
        self._interval(interval)
        return list(time_range.windows(WINDOW))

    def fetch_window(
        self, domain: str, window: TimeRange, interval: int | None = None, *, metric: str = ORIGIN
    ) -> tuple[int, list[tuple[int, float]]]:
        """The series' samples on the minutes of ``window`` (both edges), in bit/s: origin,
        or edge where the collector polls it (``edge = true``; none otherwise)."""
        metric = check_metric(metric)
        step = self._interval(interval)
        labels = series_labels(domain)
        if labels is None:
            raise DomainError(
                PROVIDER, f"{domain!r} names no collected series", account=self.account,
                hint=NAME_HINT,
            )  # fmt: skip
        start = math.ceil(window.start / step) * step
        if start > window.end:
            return step, []
        # The scraped and the pushed copies of one series are one series here.
        matcher = _matcher(labels, metric)
        query = f"max by ({', '.join(SERIES_LABELS)}) (last_over_time({matcher}[{step - 1}s]))"
        params = {"query": query, "start": start, "end": window.end, "step": step}
        data = self._get("api/v1/query_range", params)
        try:
            points = [
                (int(float(t)), bandwidth(v, 8))  # bytes/s, as Prometheus keeps it
                for found in data["result"]
                for t, v in found["values"]
            ]
        except (KeyError, TypeError, ValueError) as error:
            raise malformed_answer(PROVIDER, "query_range", "", error) from None
        return step, sorted(points)

    def _interval(self, interval: int | None) -> int:
        if interval not in (None, INTERVAL):
            raise InputError("Prometheus holds the collector's points every 60 seconds")
        return INTERVAL

    def close(self) -> None:
        self._transport.close()

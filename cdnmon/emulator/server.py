"""The emulator's HTTP server: Alibaba Cloud CDN, UCloud UCDN, Tencent Cloud CDN and
EdgeOne on one loopback port.

Stdlib only (``http.server``). HTTP/1.1 keep-alive with exact Content-Length, so a
``requests.Session`` reuses its connection; Nagle off, so small answers are not held back
by delayed ACKs. Requests are told apart by their signature style: Alibaba's carry
``x-acs-*`` headers or ``AccessKeyId``; Tencent API 3.0's ``X-TC-*`` headers (CDN or
EdgeOne, by the signature's scope); Volcengine's an ``X-Date`` header or an
``HMAC-SHA256`` authorization; Huawei Cloud's an ``SDK-HMAC-SHA256`` one, ``X-Sdk-Date``
or a Huawei CDN or IAM path; anything else is answered as UCloud.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import IO, Any
from urllib.parse import parse_qsl, urlsplit

from cdnmon.emulator import aliyun, edgeone, huawei, tencent, ucloud, volcengine
from cdnmon.emulator.accounts import (
    OFFLINE,
    DemoAccount,
    demo_accounts,
    parse_key,
)
from cdnmon.emulator.faults import FaultInjector, FaultPlan
from cdnmon.emulator.gateway import ApiReply, ApiRequest, EmulatorStats
from cdnmon.emulator.traffic import Traffic
from cdnmon.model import ORIGIN, InputError, TimeRange, check_metric
from cdnmon.providers.http import is_loopback

__all__ = ["EmulatorServer", "parse_key", "run_emulator"]

log = logging.getLogger("cdnmon.emulator")

MAX_BODY = 1 << 20
LISTED_DOMAINS = 12  # an account's online domains the greeting names, before "and N more"
_ALIYUN_PARAMS = ("AccessKeyId", "SignatureNonce", "SignatureMethod", "Version", "Format")


class EmulatorServer:
    """Every provider's API for ``accounts`` (default: ``demo_accounts()``) at ``url``.

    ``clock`` is the emulator's idea of now (data delay, timestamp checks); rate limits use
    the real monotonic clock. Bound on construction; ``start()`` serves in the background.
    After ``stop()`` connections are refused until ``start()`` listens again at the same
    address (an outage, for tests); everything else (faults, stats, keys) carries over.
    """

    def __init__(
        self,
        accounts: Iterable[DemoAccount] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        clock: Callable[[], float] = time.time,
        faults: FaultPlan | None = None,
        aliyun_rate_limit: float | None = 10.0,
        ucloud_v2_enabled: bool = True,
        ucloud_rate_limit: float | None = None,
        tencent_rate_limit: float | None = 20.0,
        edgeone_rate_limit: float | None = 20.0,
        volcengine_rate_limit: float | None = 20.0,
        huawei_rate_limit: float | None = 15.0,
    ) -> None:
        self.accounts: tuple[DemoAccount, ...] = tuple(
            demo_accounts() if accounts is None else accounts
        )
        keys = [(a.provider, a.key_id) for a in self.accounts]
        if len(set(keys)) != len(keys):
            raise InputError("the same key id is given twice for one provider")
        self.clock = clock
        self.traffic = Traffic(collapsing=[a.collapsing for a in self.accounts if a.collapsing])
        self.stats = EmulatorStats()
        self._injector = FaultInjector(faults)
        shared: dict[str, Any] = {
            "accounts": self.accounts,
            "traffic": self.traffic,
            "clock": clock,
            "faults": self._injector,
            "stats": self.stats,
        }
        self.aliyun = aliyun.AliyunCdn(**shared, rate_limit=aliyun_rate_limit)
        self.ucloud = ucloud.UcloudCdn(
            **shared, rate_limit=ucloud_rate_limit, v2_enabled=ucloud_v2_enabled
        )
        self.tencent = tencent.TencentCdn(**shared, rate_limit=tencent_rate_limit)
        self.edgeone = edgeone.EdgeOne(**shared, rate_limit=edgeone_rate_limit)
        self.volcengine = volcengine.VolcengineCdn(**shared, rate_limit=volcengine_rate_limit)
        self.huawei = huawei.HuaweiCdn(**shared, rate_limit=huawei_rate_limit)
        if not is_loopback(host):
            log.warning(
                "emulator listening on %s: reachable from other machines, with demo keys", host
            )
        self._httpd = _HttpServer((host, port), self)
        self._closed = False
        self._thread: threading.Thread | None = None

    # ---- lifecycle ---------------------------------------------------------------------

    def start(self) -> EmulatorServer:
        if self._closed:
            # Same address as before, so clients pointed at it reach it again.
            self._httpd = _HttpServer((self.host, self.port), self)
            self._closed = False
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name="cdnmon-emulator",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.close_connections()
        self._httpd.server_close()
        self._closed = True

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- addresses and settings --------------------------------------------------------

    @property
    def host(self) -> str:
        return str(self._httpd.server_address[0])

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def endpoint(self) -> str:
        """``host:port``, as the Alibaba SDKs want their endpoint."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.endpoint}/"

    @property
    def faults(self) -> FaultPlan | None:
        return self._injector.plan

    @faults.setter
    def faults(self, plan: FaultPlan | None) -> None:
        self._injector.plan = plan

    def account(self, provider: str, key_id: str) -> DemoAccount:
        for account in self.accounts:
            if (account.provider, account.key_id) == (provider, key_id):
                return account
        raise KeyError(f"no {provider} account with key id {key_id!r}")

    def revoke(self, provider: str, key_id: str) -> None:
        """Disable a key from now on, as when its owner deactivates it in the console: the
        provider answers every call signed with it as it does for a disabled key."""
        self.account(provider, key_id)
        self._gateway(provider).revoked.add(key_id)

    def restore(self, provider: str, key_id: str) -> None:
        """Enable a key ``revoke`` disabled."""
        self.account(provider, key_id)
        self._gateway(provider).revoked.discard(key_id)

    def _gateway(
        self, provider: str
    ) -> (
        aliyun.AliyunCdn
        | ucloud.UcloudCdn
        | tencent.Api3Gateway
        | volcengine.VolcengineCdn
        | huawei.HuaweiCdn
    ):
        gateways = {
            aliyun.PROVIDER: self.aliyun,
            tencent.PROVIDER: self.tencent,
            edgeone.PROVIDER: self.edgeone,
            volcengine.PROVIDER: self.volcengine,
            huawei.PROVIDER: self.huawei,
        }
        return gateways.get(provider, self.ucloud)

    # ---- requests ----------------------------------------------------------------------

    def dispatch(self, request: ApiRequest) -> ApiReply:
        headers = request.headers
        # Volcengine first: its Action and Version query parameters look like Alibaba's.
        if volcengine.VolcengineCdn.claims(request):
            return self.volcengine.handle(request)
        if huawei.HuaweiCdn.claims(request):
            return self.huawei.handle(request)
        if (
            headers.get("authorization", "").startswith("ACS3-")
            or any(name.startswith("x-acs-") for name in headers)
            or any(name in request.query for name in _ALIYUN_PARAMS)
            or any(name in request.form() for name in _ALIYUN_PARAMS)
        ):
            return self.aliyun.handle(request)
        if headers.get("authorization", "").startswith("TC3-") or any(
            name.startswith("x-tc-") for name in headers
        ):
            # One port for both API 3.0 services: the signature's scope names the service.
            scope = headers.get("authorization", "").partition("Credential=")[2].split("/")
            service = scope[2] if len(scope) > 2 else ""
            return (self.edgeone if service == edgeone.EdgeOne.service else self.tencent).handle(
                request
            )
        return self.ucloud.handle(request)

    def expected_series(
        self,
        provider: str,
        key_id: str,
        domain: str,
        time_range: TimeRange,
        interval: int,
        metric: str = ORIGIN,
    ) -> list[tuple[int, float]]:
        """The ``(t, bit/s)`` points of ``metric`` (origin or edge bandwidth) this emulator
        serves now for ``domain`` with ``time_range.start <= t < time_range.end`` at
        ``interval``, after the provider's own rounding (UCloud: the served Mbps x
        1,000,000; Alibaba's 1-minute edge points are not rounded)."""
        metric = check_metric(metric)
        account = self.account(provider, key_id)
        found = account.domain(domain)
        if found is None:
            raise KeyError(f"{provider} account {account.name!r} has no domain {domain!r}")
        now = self.clock()
        last = time_range.end - 1  # the providers' windows include both ends
        if provider == aliyun.PROVIDER:
            if found.status == OFFLINE:
                return []  # the API refuses offline domains
            points = self.traffic.points(
                [found.name], time_range.start, last, interval, now, metric=metric
            )
            if metric != ORIGIN and interval == aliyun.MINUTE:
                return points  # DescribeDomainRealTimeBpsData's Bps is a number
            return [(t, float(aliyun.bps_text(v))) for t, v in points]
        if provider == volcengine.PROVIDER:
            points = volcengine.served_points(
                self.traffic, account, [found.name], time_range.start, last, interval, now, metric
            )
            return [(t, v) for t, v in points if t >= time_range.start]
        if provider == huawei.PROVIDER:
            return huawei.expected_points(
                self.traffic, account, found, time_range, interval, now, metric
            )
        if provider in (tencent.PROVIDER, edgeone.PROVIDER):
            # Whole bit/s; a stopped domain serves zeros.
            first = -(-time_range.start // interval) * interval
            return tencent.served_points(
                self.traffic, account, [found.name], first, last, interval, now, metric
            )
        online, zero = ([], [found.name]) if found.status == OFFLINE else ([found.name], [])
        points = self.traffic.points(
            online, time_range.start, last, interval, now, zero, metric=metric
        )
        return [(t, round(v / ucloud.MBPS, 6) * ucloud.MBPS) for t, v in points]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    server_version = "cdnmon-emulator"
    sys_version = ""
    disable_nagle_algorithm = True
    timeout = 120  # an idle keep-alive connection is closed after this
    server: _HttpServer

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection, open_=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, open_=False)

    def do_GET(self) -> None:
        self._exchange()

    def do_POST(self) -> None:
        self._exchange()

    def _exchange(self) -> None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.send_error(411, "Content-Length required")
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            self.send_error(413 if length > MAX_BODY else 400, "bad Content-Length")
            return
        body = self.rfile.read(length) if length else b""
        split = urlsplit(self.path)
        headers: dict[str, str] = {}
        for name, value in self.headers.items():
            headers.setdefault(name.lower(), value)
        request = ApiRequest(
            method=self.command,
            path=split.path or "/",
            query=dict(parse_qsl(split.query, keep_blank_values=True)),
            headers=headers,
            body=body,
        )
        try:
            reply = self.server.emulator.dispatch(request)
        except Exception:  # a bug in the emulator must not look like a dropped connection
            log.exception("emulator failed on %s %s", self.command, split.path)
            reply = ApiReply.json({"Code": "EmulatorBug", "Message": "see the emulator log"}, 500)
        if reply.drop:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        if reply.cut:
            self.wfile.write(reply.body[: len(reply.body) // 2])
            self.wfile.flush()
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # each provider logs its own, secret-free line


class _HttpServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], emulator: EmulatorServer) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.emulator = emulator
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that stopped waiting (its read timeout) is not the emulator's fault.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def track(self, connection: socket.socket, open_: bool) -> None:
        with self._connections_lock:
            if open_:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def close_connections(self) -> None:
        """End idle keep-alive connections so their threads exit now, not at timeout."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


def describe(server: EmulatorServer, example: str = "") -> str:
    """What a person needs to point cdnmon (or an SDK) at the emulator: its URL, each
    account's key and domains, then ``example`` (a command line to try)."""
    lines = [
        f"cdnmon emulator listening on {server.url}",
        "  Alibaba Cloud CDN (API 2018-05-10, signatures V1 and V3), UCloud UCDN, Tencent Cloud",
        "  CDN (2018-06-06) and EdgeOne (2022-09-01), with TC3-HMAC-SHA256: all of them there.",
        "  Volcengine CDN (2021-03-01, HMAC-SHA256) and Huawei Cloud CDN (SDK-HMAC-SHA256)",
        "  are there too.",
        "Accepted credentials (demo/test keys, valid only here; printed on purpose):",
    ]
    for a in server.accounts:
        offline = sum(d.status == OFFLINE for d in a.domains)
        project = f"  project {a.project_id}" if a.project_id else ""
        lines.append(
            f"  {a.provider:<10} {a.name:<14} {a.key_id}:{a.secret}  "
            f"{len(a.domains)} domains ({offline} offline){project}"
        )
        lines += _domain_lines(a)
    if example:
        lines += ["Try:", f"  {example}"]
    plan = server.faults
    if plan is not None:
        lines.append(f"Faults: {plan.kind} on {plan.rate:.0%} of requests")
    lines.append("Press Ctrl+C to stop.")
    return "\n".join(lines)


def _domain_lines(account: DemoAccount) -> list[str]:
    """An account's domains, compactly: ``{www,img}.shop.example.com`` when they share a
    zone, as the demo accounts do; the offline ones apart."""
    online = [d.name for d in account.domains if d.status != OFFLINE]
    offline = [d.name for d in account.domains if d.status == OFFLINE]
    # Thousands of domains (``--domains``) would fill the terminal: the first ones and the
    # last, so the pattern of the names shows; a client lists them all.
    more = len(online) - LISTED_DOMAINS
    last = online[-1] if online else ""
    if more > 0:
        online = online[:LISTED_DOMAINS]
    zones = {name.partition(".")[2] for name in online}
    if len(online) > 1 and len(zones) == 1 and "" not in zones:
        hosts = ",".join(name.partition(".")[0] for name in online)
        shown = f"{{{hosts}}}.{zones.pop()}"
    else:
        shown = ", ".join(online)
    if more > 0:
        shown += f" and {more:,} more, to {last}"
    if offline:
        shown += f"; offline: {', '.join(offline)}"
    # Whole words only: a brace list split in two could not be copied.
    return textwrap.wrap(
        shown,
        100,
        initial_indent="    ",
        subsequent_indent="    ",
        break_long_words=False,
        break_on_hyphens=False,
    )


def run_emulator(
    host: str = "127.0.0.1",
    port: int = 0,
    accounts: Iterable[DemoAccount] | None = None,
    faults: FaultPlan | None = None,
    out: IO[str] | None = None,
    example: Callable[[EmulatorServer], str] | None = None,
) -> None:
    """Serve until Ctrl+C, printing the URL, the accepted credentials and domains first,
    and the command line ``example`` gives for the running server."""
    out = out or sys.stdout
    try:
        server = EmulatorServer(accounts=accounts, host=host, port=port, faults=faults)
    except OSError as error:
        raise InputError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    except OverflowError:  # how socket says the port is out of range
        raise InputError(f"cannot listen on port {port}: ports run from 0 to 65535") from None
    with server:
        try:  # a Ctrl+C (or SIGTERM) right after the greeting stops it cleanly too
            print(describe(server, example(server) if example else ""), file=out, flush=True)
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    print("emulator stopped", file=out, flush=True)

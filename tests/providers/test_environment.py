"""What the environment says about HTTP reaches the provider calls as requests would use it
(a proxy, and who bypasses it), read once per host; what would break a signed call
(~/.netrc credentials) does not."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from cdnmon.emulator import EmulatorServer
from cdnmon.fetching import fetch_series
from tests.emulated import client_for, first_account, online_domains, settled_range


class _Forwarder(BaseHTTPRequestHandler):
    """A plain-HTTP forward proxy: the request line holds the whole URL."""

    seen: list[str]

    def _forward(self) -> None:
        self.seen.append(self.path)
        target = urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        upstream = http.client.HTTPConnection(target.netloc, timeout=10)
        path = target.path + (f"?{target.query}" if target.query else "")
        headers = {k: v for k, v in self.headers.items() if k.lower() != "proxy-connection"}
        upstream.request(self.command, path, body or None, headers)
        answer = upstream.getresponse()
        content = answer.read()
        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)
        upstream.close()

    do_GET = do_POST = _forward

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def proxy() -> Iterator[tuple[str, list[str]]]:
    seen: list[str] = []
    handler = type("Forwarder", (_Forwarder,), {"seen": seen})
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
        httpd.shutdown()
        thread.join(5)


@pytest.mark.parametrize("bypassed", [False, True])
def test_calls_go_through_the_proxy_the_environment_names(
    server: EmulatorServer,
    proxy: tuple[str, list[str]],
    monkeypatch: pytest.MonkeyPatch,
    bypassed: bool,
) -> None:
    address, seen = proxy
    for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", address)
    monkeypatch.setenv("http_proxy", address)
    if bypassed:
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        monkeypatch.setenv("no_proxy", "127.0.0.1")
    account = first_account(server, "aliyun")
    domains, span = online_domains(account)[:2], settled_range(2)
    for one in fetch_series(client_for(server, account), domains, span):
        assert list(one.points) == server.expected_series(
            "aliyun", account.key_id, one.domain, span, 60
        )
    if bypassed:
        assert seen == []
    else:  # every call (two domains, two hours) through the proxy
        assert len(seen) == 4
        assert all(url.startswith(server.url) for url in seen)


@pytest.mark.parametrize("signature", ["v3", "v1"])
def test_a_netrc_entry_for_the_endpoint_does_not_replace_the_signature(
    server: EmulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signature: str
) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login someone password something\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    account = first_account(server, "aliyun")
    domain, span = online_domains(account)[0], settled_range(1)
    [series] = fetch_series(client_for(server, account, signature=signature), [domain], span)
    assert list(series.points) == server.expected_series("aliyun", account.key_id, domain, span, 60)

"""The emulator server as a whole: lifecycle, keep-alive, the Python API, logging, CLI entry."""

from __future__ import annotations

import ast
import http.client
import logging
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
import requests

from cdnmon.emulator import EmulatorServer, account_from_key, run_emulator
from cdnmon.model import InputError, TimeRange, format_utc, parse_utc
from cdnmon.providers.http import is_loopback
from tests import REPO
from tests.children import child_process
from tests.emulated import ManualClock
from tests.emulator.signed import (
    FIXED_NOW,
    GAMES_PRIVATE,
    GAMES_PUBLIC,
    SHOP_ID,
    SHOP_SECRET,
    aliyun_v1_params,
    ucloud_params,
)

HOUR_BEFORE = int(FIXED_NOW) // 3600 * 3600 - 3600


pytestmark = pytest.mark.emulator(now=FIXED_NOW)


def signed_user_domains(now: float = FIXED_NOW) -> dict[str, str]:
    return aliyun_v1_params(SHOP_ID, SHOP_SECRET, "DescribeUserDomains", {}, now=now)


def test_url_and_context_manager():
    with EmulatorServer() as emulator:
        assert emulator.url == f"http://127.0.0.1:{emulator.port}/"
        assert emulator.endpoint == f"127.0.0.1:{emulator.port}"
        # Alibaba 2, UCloud 2, Tencent Cloud, EdgeOne, Huawei Cloud, Volcengine
        assert len(emulator.accounts) == 8
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", emulator.port), timeout=0.5)


def test_keep_alive_with_exact_content_length(server):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    sockets = []
    try:
        for _ in range(3):
            query = requests.models.RequestEncodingMixin._encode_params(signed_user_domains())
            connection.request("GET", f"/?{query}")
            response = connection.getresponse()
            body = response.read()
            assert response.status == 200
            assert int(response.headers["Content-Length"]) == len(body)
            assert not response.will_close
            sockets.append(connection.sock)
    finally:
        connection.close()
    assert sockets[0] is sockets[1] is sockets[2]  # one connection served all three


def test_stop_is_quick_with_an_idle_keep_alive_connection():
    emulator = EmulatorServer(clock=ManualClock(FIXED_NOW)).start()
    session = requests.Session()
    assert session.get(emulator.url, params=signed_user_domains(), timeout=5).status_code == 200
    started = time.monotonic()
    emulator.stop()
    assert time.monotonic() - started < 5.0  # not the keep-alive's idle timeout
    session.close()


def test_expected_series_is_what_clients_receive(server):
    time_range = TimeRange(HOUR_BEFORE, HOUR_BEFORE + 3600)
    params = {
        "DomainName": "img.shop.example.com",
        "StartTime": format_utc(time_range.start),
        "EndTime": format_utc(time_range.end),
    }
    signed = aliyun_v1_params(
        SHOP_ID, SHOP_SECRET, "DescribeDomainRealTimeSrcBpsData", params, now=FIXED_NOW
    )
    body = requests.get(server.url, params=signed, timeout=5).json()
    served = [
        (parse_utc(m["TimeStamp"]), float(m["Value"]))
        for m in body["RealTimeSrcBpsDataPerInterval"]["DataModule"]
        if parse_utc(m["TimeStamp"]) in time_range  # the provider includes the end too
    ]
    expected = server.expected_series("aliyun", SHOP_ID, "img.shop.example.com", time_range, 60)
    assert served == expected and len(expected) >= 55

    domain = server.account("ucloud", GAMES_PUBLIC).domains[0]
    query = {
        "Type": 3,
        "BeginTime": time_range.start,
        "EndTime": time_range.end,
        "DomainId.0": domain.domain_id,
    }
    answer = requests.post(
        server.url,
        data=ucloud_params(GAMES_PUBLIC, GAMES_PRIVATE, "GetUcdnPassBandwidthV2", query),
        timeout=5,
    ).json()
    served = [
        (p["Time"], p["Bandwidth"] * 1_000_000)
        for p in answer["BandwidthList"]
        if p["Time"] in time_range
    ]
    assert served == server.expected_series("ucloud", GAMES_PUBLIC, domain.name, time_range, 60)
    assert server.expected_series("aliyun", SHOP_ID, "promo.shop.example.com", time_range, 60) == []
    with pytest.raises(KeyError):
        server.expected_series("aliyun", SHOP_ID, "video.media.example.com", time_range, 60)


def test_stats_count_requests_per_action(server):
    with requests.Session() as session:
        for _ in range(3):
            session.get(server.url, params=signed_user_domains(), timeout=5)
        session.post(server.url, data={"Action": "GetUcdnDomainInfoList"}, timeout=5)
    assert server.stats.requests("aliyun", "DescribeUserDomains") == 3
    assert server.stats.by_action()[("ucloud", "GetUcdnDomainInfoList")] == 1
    assert len(server.stats.arrivals(SHOP_ID)) == 3
    server.stats.reset()
    assert server.stats.requests() == 0


def test_debug_log_has_no_secrets_or_signatures(server, caplog):
    signed = signed_user_domains()
    ucloud = ucloud_params(GAMES_PUBLIC, GAMES_PRIVATE, "GetUcdnDomainInfoList", {})
    with caplog.at_level(logging.DEBUG, logger="cdnmon.emulator"):
        requests.get(server.url, params=signed, timeout=5)
        requests.post(server.url, data=ucloud, timeout=5)
    text = "\n".join(r.getMessage() for r in caplog.records if r.name == "cdnmon.emulator")
    assert "DescribeUserDomains" in text and "GetUcdnDomainInfoList" in text
    for secret in (SHOP_SECRET, GAMES_PRIVATE, signed["Signature"], str(ucloud["Signature"])):
        assert secret not in text


def test_http_edges(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as raw:
        raw.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        assert raw.recv(100).startswith(b"HTTP/1.1 411")
    response = requests.post(server.url, data=b"x" * (1 << 20 | 1), timeout=5)
    assert response.status_code == 413


def test_duplicate_keys_are_refused():
    account = account_from_key("aliyun", "same:one")
    with pytest.raises(InputError):
        EmulatorServer(accounts=[account, account_from_key("aliyun", "same:two")])


def test_loopback_detection():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2")
    assert not is_loopback("example.com")


def test_port_in_use_is_a_clear_input_error():
    with EmulatorServer() as busy, pytest.raises(InputError, match="cannot listen"):
        run_emulator(port=busy.port)


def test_no_requests_and_no_qt_in_the_emulator():
    # Stdlib HTTP only, and no Qt below gui/. (Checked per module: the providers package,
    # whose signers the emulator uses, may itself import requests.)
    for module in (REPO / "cdnmon" / "emulator").glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in ("requests", "PySide6", "pyqtgraph"), module


def test_run_emulator_prints_credentials_and_exits_cleanly_on_ctrl_c():
    # Ctrl+C in a terminal: SIGINT raises KeyboardInterrupt. Set here, as a terminal's
    # foreground process has it, since pytest may itself run where SIGINT is ignored.
    script = (
        "import signal; signal.signal(signal.SIGINT, signal.default_int_handler);"
        "from cdnmon.emulator import run_emulator, account_from_key;"
        "run_emulator(port=0, accounts=[account_from_key('aliyun', 'cli-id:cli-secret', 'cli')])"
    )
    argv = [sys.executable, "-c", script]
    out, err, code = _serve_then_stop(argv, signal.SIGINT)
    assert code == 0, err
    assert "Traceback" not in err
    assert "emulator stopped" in out


def test_the_emulator_command_exits_cleanly_on_sigterm():
    argv = [sys.executable, "-m", "cdnmon", "emulator", "--aliyun-key", "cli-id:cli-secret"]
    out, err, code = _serve_then_stop(argv, signal.SIGTERM)
    assert code == 0, err
    assert "Traceback" not in err
    assert out.endswith("emulator stopped\n")


def _serve_then_stop(argv: list[str], stop: signal.Signals) -> tuple[str, str, int]:
    """Start an emulator that accepts cli-id:cli-secret, check it serves, send ``stop``
    once it says so; its output and exit code."""
    with child_process(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    ) as process:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("cdnmon emulator listening on http://127.0.0.1:")
        url = first.split()[-1]
        lines = [first]
        while not lines[-1].startswith("Press Ctrl+C"):  # then it serves
            lines.append(process.stdout.readline())
            assert lines[-1], f"the emulator ended before serving: {lines}"
        assert any("cli-id:cli-secret" in line for line in lines)
        signed = aliyun_v1_params(
            "cli-id", "cli-secret", "DescribeUserDomains", {}, now=time.time()
        )
        assert requests.get(url, params=signed, timeout=5).json()["TotalCount"] >= 6
        process.send_signal(stop)
        out, err = process.communicate(timeout=20)
    return out, err, process.returncode

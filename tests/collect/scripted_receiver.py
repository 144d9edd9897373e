"""A remote-write receiver on loopback that answers as a test scripts it and keeps every
request, for the sender's retries and refusals and for what the collector pushes."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from cdnmon.collect.remote_write import decode

# (__name__, sorted (label, value) pairs) -> [(UTC seconds, value as sent), ...]
Taken = dict[tuple[str, tuple[tuple[str, str], ...]], list[tuple[int, float]]]


class Receiver(http.server.ThreadingHTTPServer):
    def __init__(self, answers: list[tuple[int, dict[str, str], str]]) -> None:
        super().__init__(("127.0.0.1", 0), _Answer)
        self.answers = answers
        self.requests: list[tuple[dict[str, str], bytes]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/api/v1/write"

    def taken(self) -> Taken:
        """Every sample of every request, by series, in time order (one sent twice is
        there twice)."""
        found: Taken = {}
        for _, body in list(self.requests):
            for series in decode(body).timeseries:
                labels = {label.name: label.value for label in series.labels}
                name = labels.pop("__name__")
                held = found.setdefault((name, tuple(sorted(labels.items()))), [])
                held.extend((s.timestamp // 1000, s.value) for s in series.samples)
        return {key: sorted(points) for key, points in found.items()}


class _Answer(http.server.BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.requests.append((dict(self.headers), body))
        status, headers, text = self.server.answers.pop(0) if self.server.answers else (204, {}, "")
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        self.wfile.write(text.encode())

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def receiver(*answers: tuple[int, dict[str, str], str]) -> Iterator[Receiver]:
    """A receiver answering ``answers`` (status, headers, text) in turn, then 204."""
    server = Receiver(list(answers))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()

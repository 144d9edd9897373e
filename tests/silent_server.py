"""A loopback TCP server that accepts connections and never answers: an endpoint that hangs."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Silent(socketserver.BaseRequestHandler):
    """Holds the connection open, reading nothing and answering nothing."""

    def handle(self) -> None:
        self.server.release.wait(60)  # type: ignore[attr-defined]


@contextmanager
def silent_endpoint() -> Iterator[str]:
    """The ``http://127.0.0.1:PORT/`` of a server that never answers, closed afterwards."""
    silent = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Silent)
    silent.daemon_threads = True
    silent.release = threading.Event()  # type: ignore[attr-defined]
    thread = threading.Thread(target=silent.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{silent.server_address[1]}/"
    finally:
        silent.release.set()  # type: ignore[attr-defined]
        silent.shutdown()
        silent.server_close()
        thread.join()

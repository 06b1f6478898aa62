"""What every local protocol server of the tests shares: a free loopback port and a background thread."""

from __future__ import annotations

import itertools
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

SHUTDOWN_POLL_S = 0.02


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # A client that gave up waiting (its timeout, which the tests of stalled answers provoke) closed the
        # connection: no error of the server's. Any other still prints its trace.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class LocalServer:
    """Serves ``handler`` on 127.0.0.1 for the span of a ``with`` block.

    ``closing`` is set on close, so that a handler told to hang or stall can wait on it and let
    the server shut down at once instead of holding the test until its sleep ends.
    """

    def __init__(self, handler: type[BaseHTTPRequestHandler]):
        self.closing = threading.Event()
        self.httpd = Server(("127.0.0.1", 0), handler)
        # serve_forever notices a shutdown only when it next polls (every 0.5 s by default): each server closed
        # would hold its test that long.
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(SHUTDOWN_POLL_S,), daemon=True)

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:<port>``."""
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self.closing.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


class RequestSpacing:
    """What a server that counts arrivals tells a test: how many requests came, and how far apart.

    The server keeps ``requests`` (each with ``arrived``, from ``time.monotonic()``), a ``lock`` over them,
    and the ``min_interval`` it enforces."""

    requests: list
    lock: threading.Lock
    min_interval: float

    @property
    def request_count(self) -> int:
        return len(self.requests)

    def intervals(self) -> list[float]:
        times = [request.arrived for request in self.requests]
        return [later - earlier for earlier, later in itertools.pairwise(times)]

    def too_soon(self, arrived: float) -> bool:
        """Whether a request came less than ``min_interval`` after the one before it (the server then refuses)."""
        with self.lock:
            earlier = [request.arrived for request in self.requests if request.arrived < arrived]
        return bool(self.min_interval and earlier and arrived - max(earlier) < self.min_interval)

    def violations(self, min_interval: float | None = None) -> int:
        limit = self.min_interval if min_interval is None else min_interval
        return sum(interval < limit for interval in self.intervals())

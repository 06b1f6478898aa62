"""What the local Semantic Scholar, DBLP and Crossref servers share: a request log, a rate policy, faults.

A request closer than ``min_interval`` to the previous one is answered 429 with Retry-After, as
these services do, and counted by ``violations()``. Queued faults are used one per request:
an HTTP status (with or without Retry-After), a hang, or a truncated JSON body.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from servers.base import LocalServer, RequestSpacing


@dataclass(frozen=True)
class Request:
    arrived: float  # time.monotonic()
    method: str
    path: str
    params: dict[str, str]
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Fault:
    kind: str  # "status", "hang", "truncate"
    status: int = 503
    retry_after: str | None = None
    seconds: float = 0.0


@dataclass
class Answer:
    status: int
    body: Any  # JSON-able, or a str sent as text/plain
    headers: dict[str, str] = field(default_factory=dict)


class JsonServiceServer(RequestSpacing, LocalServer):
    rate_limit_body: Any = "Too Many Requests"

    def __init__(self, min_interval: float = 0.0):
        self.min_interval = min_interval
        self.requests: list[Request] = []
        self.faults: deque[Fault] = deque()
        self.lock = threading.Lock()
        super().__init__(make_handler(self))

    def answer(self, request: Request) -> Answer:
        raise NotImplementedError

    # Fault injection.
    def fail(self, status: int = 429, times: int = 1, retry_after: str | None = None) -> None:
        self.faults.extend(Fault("status", status=status, retry_after=retry_after) for _ in range(times))

    def hang(self, seconds: float = 5.0, times: int = 1) -> None:
        self.faults.extend(Fault("hang", seconds=seconds) for _ in range(times))

    def truncate(self, times: int = 1) -> None:
        self.faults.extend(Fault("truncate") for _ in range(times))


def make_handler(server: JsonServiceServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out as two writes; without this each answer waits out a delayed ACK (~40 ms).
        disable_nagle_algorithm = True

        def log_message(self, *args) -> None:  # quiet: tests read the request log instead
            pass

        def do_GET(self) -> None:
            self.handle_request(None)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = raw.decode(errors="replace")
            self.handle_request(body)

        def handle_request(self, body: Any) -> None:
            arrived = time.monotonic()
            parts = urllib.parse.urlsplit(self.path)
            request = Request(
                arrived,
                self.command,
                urllib.parse.unquote(parts.path),
                dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True)),
                body,
                {name.lower(): value for name, value in self.headers.items()},
            )
            with server.lock:
                server.requests.append(request)
                fault = server.faults.popleft() if server.faults else None
            if fault is None and server.too_soon(arrived):
                retry_after = f"{server.min_interval:g}"
                self.send(Answer(429, server.rate_limit_body, {"Retry-After": retry_after}))
            elif fault is None:
                self.send(server.answer(request))
            elif fault.kind == "status":
                headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                body = server.rate_limit_body if fault.status == 429 else "Service Unavailable"
                self.send(Answer(fault.status, body, headers))
            elif fault.kind == "hang":
                server.closing.wait(fault.seconds)
                self.close_connection = True
            elif fault.kind == "truncate":
                answer = server.answer(request)
                self.send(answer, cut=True)

        def send(self, answer: Answer, cut: bool = False) -> None:
            if isinstance(answer.body, str):
                data, content_type = answer.body.encode(), "text/plain; charset=utf-8"
            else:
                data, content_type = json.dumps(answer.body).encode(), "application/json; charset=utf-8"
            self.send_response(answer.status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data) // 2 if cut else len(data)))
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data[: len(data) // 2] if cut else data)

    return Handler

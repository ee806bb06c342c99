"""An image server on 127.0.0.1 for the tests: each path answers as its route says, and every
request is counted, so a test can tell what a run downloaded."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "image/jpeg"
    delay_s: float = 0.0  # before the headers
    fail_first: int = 0  # answer `fail_status` this many times, then the body
    fail_status: int = 500
    retry_after: str = ""  # sent with the failures
    location: str = ""  # a redirect target
    trickle_s: float = 0.0  # the body sent in 10 pieces, this long apart


@dataclass
class ImageServer:
    routes: dict[str, Route] = field(default_factory=dict)
    requests: Counter[str] = field(default_factory=Counter)
    url: str = ""

    def add(self, path: str, body: bytes = b"", **settings: object) -> str:
        self.routes[path] = Route(body, **settings)  # type: ignore[arg-type]
        return self.url + path

    @property
    def total_requests(self) -> int:
        return sum(self.requests.values())


def _handler(server: ImageServer) -> type[BaseHTTPRequestHandler]:
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            del format, args

        def do_GET(self) -> None:
            with lock:
                server.requests[self.path] += 1
                seen = server.requests[self.path]
            route = server.routes.get(self.path)
            if route is None:
                self._answer(404, "text/html", b"<html>not found</html>")
                return
            if route.delay_s:
                time.sleep(route.delay_s)
            if seen <= route.fail_first:
                self.send_response(route.fail_status)
                if route.retry_after:
                    self.send_header("Retry-After", route.retry_after)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if route.location:
                self.send_response(302)
                self.send_header("Location", route.location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self._answer(route.status, route.content_type, route.body, route.trickle_s)

        def _answer(self, status: int, kind: str, body: bytes, trickle_s: float = 0) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if not trickle_s:
                    self.wfile.write(body)
                    return
                piece = len(body) // 10 + 1
                for start in range(0, len(body), piece):
                    self.wfile.write(body[start : start + piece])
                    self.wfile.flush()
                    time.sleep(trickle_s)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout under test)

    return Handler


@contextmanager
def image_server() -> Iterator[ImageServer]:
    state = ImageServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()

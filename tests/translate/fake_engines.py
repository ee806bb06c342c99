"""A fake translation server on 127.0.0.1 speaking LibreTranslate, DeepL and OpenAI-compatible.

It translates word by word from a small dictionary (unknown words pass through) and can be told to
fail: each entry of `faults` is used by one request, in order: an HTTP status (with `Retry-After:
0` on 429), "slow" (answers after `slow_s`), "malformed" (not JSON), "short" (one translation
too few), "mangle" (`500ml` becomes `500 ml`).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WORDS = {
    "kak": "sis",
    "langsung": "directly",
    "kirim": "ship",
    "hari": "day",
    "ini": "this",
    "teplek": "flat",
    "zzqwerty": "oversized",
    "kaos": "t-shirt",
    "katun": "cotton",
}


@dataclass
class FakeEngine:
    faults: list[object] = field(default_factory=list)
    slow_s: float = 1.0
    requests: list[dict[str, object]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    url: str = ""

    def translate(self, text: str) -> str:
        return re.sub(r"[^\W\d_]+", lambda m: WORDS.get(m.group().casefold(), m.group()), text)


def _handler(engine: FakeEngine) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            del format, args

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            engine.requests.append(body)
            engine.headers.append(dict(self.headers.items()))
            fault = engine.faults.pop(0) if engine.faults else None
            if isinstance(fault, int):
                self.send_response(fault)
                if fault == 429:
                    self.send_header("Retry-After", "0")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if fault == "slow":
                time.sleep(engine.slow_s)
            if fault == "malformed":
                self._send(b"<html>gateway</html>")
                return
            texts = self._texts(body)
            translated = [engine.translate(text) for text in texts]
            if fault == "short":
                translated = translated[:-1]
            if fault == "mangle":
                translated = [text.replace("500ml", "500 ml") for text in translated]
            self._send(json.dumps(self._answer(translated)).encode())

        def _texts(self, body: dict[str, object]) -> list[str]:
            if self.path == "/translate":
                q = body["q"]
                return [q] if isinstance(q, str) else list(q)  # type: ignore[arg-type]
            if self.path == "/v2/translate":
                return list(body["text"])  # type: ignore[call-overload]
            content = body["messages"][1]["content"]  # type: ignore[index]
            return list(json.loads(content)["texts"])

        def _answer(self, translated: list[str]) -> object:
            if self.path == "/translate":
                return {"translatedText": translated}
            if self.path == "/v2/translate":
                return {"translations": [{"text": text} for text in translated]}
            content = json.dumps({"translations": translated})
            return {"choices": [{"message": {"role": "assistant", "content": content}}]}

        def _send(self, payload: bytes) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    return Handler


@contextmanager
def fake_engine(**settings: object) -> Iterator[FakeEngine]:
    engine = FakeEngine(**settings)  # type: ignore[arg-type]
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(engine))
    server.daemon_threads = True
    engine.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield engine
    finally:
        server.shutdown()
        server.server_close()

"""How fast an engine translates a catalog's strings, and how many requests it takes.

10,000 distinct Indonesian product strings go through the engine stage (the glossary first, then
batches to a local fake LibreTranslate server that answers each request after a fixed delay, as a
real server would), then the same strings again from the cache.

    python benchmarks/translation_speed.py [--strings 10000] [--latency-ms 50] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from catalog_migrate.profile import Translate, shipped_dir
from catalog_migrate.translate.build import build_translator

WORDS = ["Kaos", "Polos", "Wanita", "Gamis", "Rajut", "Teplek", "Sablon", "Kerah", "Saku", "Motif"]


def strings(count: int) -> list[str]:
    """Distinct strings, each with a word the glossary does not know, so each needs the engine."""
    return [f"{WORDS[n % 10]} {WORDS[(n // 10) % 10]} Zq{n:05d}" for n in range(count)]


def serve(latency_s: float) -> tuple[ThreadingHTTPServer, list[int]]:
    counted: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            del format, args

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["content-length"])))
            counted.append(len(body["q"]))
            time.sleep(latency_s)
            payload = json.dumps({"translatedText": [f"EN {text}" for text in body["q"]]}).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, counted


def run(count: int, latency_ms: float, concurrency: int) -> dict[str, float]:
    server, counted = serve(latency_ms / 1000)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    texts = strings(count)
    results: dict[str, float] = {"strings": count}
    with tempfile.TemporaryDirectory() as folder:
        for label in ("first run", "second run"):
            translator = build_translator(
                Translate(engine="libretranslate", concurrency=concurrency),
                glossary_folder=shipped_dir() / "glossary",
                target_language="en",
                max_title_length=128,
                url=url,
                environ={},
                cache_path=Path(folder) / "cache.sqlite3",
            )
            assert translator is not None and translator.engine is not None
            before = len(counted)
            started = time.perf_counter()
            translator.engine.resolve("id", "en", [translator.engine_input(t, "id") for t in texts])
            seconds = time.perf_counter() - started
            results[f"{label} s"] = round(seconds, 2)
            results[f"{label} strings/s"] = round(count / seconds)
            results[f"{label} requests"] = len(counted) - before
    server.shutdown()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strings", type=int, default=10_000)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    for key, value in run(args.strings, args.latency_ms, args.concurrency).items():
        print(f"{key:24} {value}")


if __name__ == "__main__":
    main()

"""Download one image with httpx: http(s) only, bounded in time and bytes, retried on 429 and 5xx.

Every limit exists so that one bad server cannot stall or swamp a run: a per-host semaphore keeps
a slow host from taking every worker, the deadline covers a server that trickles bytes, and the
byte limit stops reading at the first byte over it whatever `Content-Length` claimed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_RETRY_AFTER_CAP_S = 10.0  # a server asking for an hour is not waited on


@dataclass(frozen=True)
class FetchSettings:
    timeout_s: float = 20.0
    retries: int = 3  # attempts in all
    backoff_s: float = 0.5  # first wait, then doubled
    max_bytes: int = 20_000_000
    max_redirects: int = 3
    per_host: int = 4
    sleep: Callable[[float], None] = time.sleep


@dataclass(frozen=True)
class Fetched:
    """The body of a successful download, or why there is none (`too_large` or `unreachable`)."""

    body: bytes | None
    problem: str = ""
    too_large: bool = False


class Downloader:
    """Thread-safe: one httpx client shared by the workers of a run."""

    def __init__(self, settings: FetchSettings, transport: httpx.BaseTransport | None = None):
        self._settings = settings
        self._client = httpx.Client(
            follow_redirects=True,
            max_redirects=settings.max_redirects,
            timeout=httpx.Timeout(settings.timeout_s),
            headers={"Accept": "image/*"},
            transport=transport,
        )
        self._hosts: dict[str, threading.Semaphore] = {}
        self._lock = threading.Lock()
        self.requests = 0
        self.bytes = 0

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str) -> Fetched:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return Fetched(None, "not an http(s) address")
        with self._host_slot(parts.hostname.lower()):
            return self._with_retries(url)

    def _host_slot(self, host: str) -> threading.Semaphore:
        with self._lock:
            slot = self._hosts.get(host)
            if slot is None:
                slot = self._hosts[host] = threading.Semaphore(self._settings.per_host)
            return slot

    def _with_retries(self, url: str) -> Fetched:
        settings = self._settings
        wait = settings.backoff_s
        problem = ""
        for attempt in range(settings.retries):
            if attempt:
                settings.sleep(wait)
                wait *= 2
            result = self._attempt(url)
            if isinstance(result, Fetched):
                return result
            problem = result.problem
            wait = max(wait, result.wait_s)
        return Fetched(None, f"{problem} ({settings.retries} attempts)")

    def _attempt(self, url: str) -> Fetched | _Again:
        settings = self._settings
        deadline = time.monotonic() + settings.timeout_s
        with self._lock:
            self.requests += 1
        try:
            with self._client.stream("GET", url) as response:
                if response.status_code in RETRY_STATUSES:
                    return _Again(f"answered HTTP {response.status_code}", _retry_after(response))
                if response.status_code >= 400:
                    return Fetched(None, f"answered HTTP {response.status_code}")
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > settings.max_bytes:
                    return _too_large(settings.max_bytes)
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():  # as it arrives: the deadline is checked often
                    size += len(chunk)
                    if size > settings.max_bytes:
                        return _too_large(settings.max_bytes)
                    if time.monotonic() > deadline:
                        return Fetched(None, _timed_out(settings.timeout_s))
                    chunks.append(chunk)
        except httpx.TimeoutException:
            # Not retried: a server this slow would hold a worker for every attempt.
            return Fetched(None, _timed_out(settings.timeout_s))
        except httpx.TooManyRedirects:
            return Fetched(None, f"redirected more than {settings.max_redirects} times")
        except httpx.UnsupportedProtocol:
            return Fetched(None, "redirected to an address that is not http(s)")
        except httpx.TransportError as exc:
            return _Again(f"could not be reached ({type(exc).__name__})", 0.0)
        with self._lock:
            self.bytes += size
        return Fetched(b"".join(chunks))


@dataclass(frozen=True)
class _Again:
    problem: str
    wait_s: float


def _too_large(limit: int) -> Fetched:
    return Fetched(None, f"is larger than {limit:,} bytes ([images] max_bytes)", too_large=True)


def _timed_out(seconds: float) -> str:
    return f"did not answer within {seconds:g} s ([images] timeout_s)"


def _retry_after(response: httpx.Response) -> float:
    try:
        seconds = float(response.headers.get("retry-after", ""))
    except ValueError:
        return 0.0
    return min(max(seconds, 0.0), _RETRY_AFTER_CAP_S)

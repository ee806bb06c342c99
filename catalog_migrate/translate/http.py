"""One JSON POST with timeouts and retries: backoff on 429, 5xx and network errors.

`Retry-After` (seconds) is honoured up to a cap, so a server asking for an hour cannot stall a
run. Error messages name the engine and the status, never the request body (it may carry a key).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import httpx

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 529})


class EngineError(Exception):
    """The engine could not be reached or gave no usable answer; the message is safe to show."""


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4
    backoff_s: float = 0.5  # doubled after each failed attempt
    max_wait_s: float = 30.0  # the longest Retry-After honoured
    sleep: Callable[[float], None] = time.sleep


def post_json(
    client: httpx.Client,
    url: str,
    body: Mapping[str, object],
    *,
    engine: str,
    headers: Mapping[str, str] | None = None,
    policy: RetryPolicy | None = None,
) -> object:
    """The decoded JSON answer of a successful POST, or EngineError after the last attempt."""
    policy = policy or RetryPolicy()
    wait = policy.backoff_s
    problem = ""
    for attempt in range(policy.attempts):
        if attempt:
            policy.sleep(wait)
            wait *= 2
        try:
            response = client.post(url, json=dict(body), headers=dict(headers or {}))
        except httpx.TimeoutException:
            problem = "timed out"
            continue
        except httpx.TransportError as exc:
            problem = f"could not be reached ({type(exc).__name__})"
            continue
        if response.status_code in RETRY_STATUSES:
            problem = f"answered HTTP {response.status_code}"
            wait = max(wait, _retry_after(response, policy.max_wait_s))
            continue
        if response.status_code >= 400:
            raise EngineError(f"{engine} answered HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError:
            raise EngineError(f"{engine} answered with something that is not JSON") from None
    raise EngineError(f"{engine} {problem} after {policy.attempts} attempts")


def _retry_after(response: httpx.Response, cap: float) -> float:
    value = response.headers.get("retry-after", "")
    try:
        seconds = float(value)
    except ValueError:
        return 0.0
    return min(max(seconds, 0.0), cap)

"""Signed calls to Alibaba.com's Open Platform: bounded concurrency, timeouts and retries.

Every call, the writes included, is retried with a jittered, capped, doubling wait on HTTP 429,
5xx, network errors and the gateway's `ApiCallLimit` (alibaba-open-platform.md §1.5); a
`Retry-After` is honoured up to a cap. A write whose answer was lost (a read timeout, a dropped
connection, a 5xx) may have been carried out all the same, and no API makes a draft idempotent
(§1.2: every `schema.add.draft` creates a new one), so the reply says so (`in_doubt`) and the run
reports the listing as a possible duplicate to check; a failure before the request left (no
connection, HTTP 429, `ApiCallLimit`) is retried with no such doubt.

Credentials the platform refuses stop the run at once (`CredentialsError`, exit code 2): no
later call could succeed. No message carries a secret: platform text goes through `redact`.
"""

from __future__ import annotations

import email.utils
import random
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from catalog_migrate.publish.credentials import Credentials, CredentialsError
from catalog_migrate.publish.signing import api_base, signed


@dataclass(frozen=True)
class Api:
    name: str  # the dotted name the platform's documents use
    path: str  # the GOP path after /rest; also the signature's prefix (§1.1)
    writes: bool = False  # creates or changes something: a lost answer leaves it in doubt


# §1.2: paths as public code that reports live success calls them. Kept here, in one place, so a
# path the platform moves is changed once.
SCHEMA_GET = Api("alibaba.icbu.product.schema.get", "/alibaba/icbu/product/schema/get")
SCHEMA_ADD = Api("alibaba.icbu.product.schema.add", "/icbu/product/schema/add", writes=True)
SCHEMA_ADD_DRAFT = Api(
    "alibaba.icbu.product.schema.add.draft", "/icbu/product/schema/add/draft", writes=True
)
SCHEMA_UPDATE = Api(
    "alibaba.icbu.product.schema.update", "/icbu/product/schema/update", writes=True
)
PHOTOBANK_UPLOAD = Api(
    "alibaba.icbu.photobank.upload", "/alibaba/icbu/photobank/upload", writes=True
)
TOKEN_CREATE = Api("auth.token.create", "/auth/token/create", writes=True)
TOKEN_REFRESH = Api("auth.token.refresh", "/auth/token/refresh", writes=True)

# Gateway codes that mean the app key, secret or token is wrong or expired (§1.4 and the IOP
# gateways of the same family): no call can succeed, so the run stops.
CREDENTIAL_CODES = frozenset(
    {
        "IncompleteSignature",
        "InvalidSignature",
        "InvalidAppKey",
        "AppKeyNotExist",
        "IllegalAccessToken",
        "InvalidAccessToken",
        "AccessTokenExpired",
        "InvalidSession",
        "MissingAccessToken",
        "MissingAppKey",
        "isv.invalid-signature",
        "isv.appkey-not-exists",
        "invalid-sessionkey",
    }
)
THROTTLED_CODES = frozenset({"ApiCallLimit", "accesscontrol.limited-by-api-access-count"})
_SAFE_STATUSES = frozenset({429})  # the request was refused before it was carried out


class PlatformError(Exception):
    """The platform answered a call with an error: its code and message, and which API."""

    def __init__(self, code: str, message: str, api: str) -> None:
        super().__init__(f"{api}: {code}: {message}" if message else f"{api}: {code}")
        self.code = code
        self.message = message
        self.api = api


class Stopped(Exception):
    """The run is stopping (Ctrl-C, SIGTERM): no further attempt was made."""

    def __init__(self, *, in_doubt: bool) -> None:
        super().__init__("stopped")
        self.in_doubt = in_doubt


class CallFailed(PlatformError):
    """No answer after the last attempt (network, timeouts, 5xx). `in_doubt`: a write may have
    been carried out by an attempt whose answer was lost."""

    def __init__(self, code: str, message: str, api: str, *, in_doubt: bool) -> None:
        super().__init__(code, message, api)
        self.in_doubt = in_doubt


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5
    backoff_s: float = 0.5  # the first wait, doubled after each failed attempt
    max_backoff_s: float = 30.0
    max_retry_after_s: float = 120.0  # the longest Retry-After honoured

    def wait(self, attempt: int) -> float:
        """Jittered: concurrent calls that failed together do not all come back together."""
        base: float = min(self.max_backoff_s, self.backoff_s * 2.0**attempt)
        return base * random.uniform(0.5, 1.0)


@dataclass(frozen=True)
class Reply:
    data: dict[str, Any]
    in_doubt: bool = False  # an earlier attempt of this write lost its answer


@dataclass
class OpenPlatformClient:
    credentials: Credentials
    base_url: str = field(default_factory=api_base)
    concurrency: int = 4
    timeout_s: float = 60.0
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    calls: int = 0  # answered calls, for the report
    stop: threading.Event = field(default_factory=threading.Event)  # set: start no attempt

    def __post_init__(self) -> None:
        self._slots = threading.BoundedSemaphore(self.concurrency)
        self._lock = threading.Lock()
        self._http = httpx.Client(
            timeout=httpx.Timeout(self.timeout_s, connect=min(self.timeout_s, 15.0)),
            limits=httpx.Limits(max_connections=self.concurrency),
            follow_redirects=False,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> OpenPlatformClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def call(
        self,
        api: Api,
        params: Mapping[str, str | None],
        *,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
        with_token: bool = True,
    ) -> Reply:
        """The decoded answer, or PlatformError / CallFailed / CredentialsError."""
        creds = self.credentials
        sent = {**params, "app_key": creds.app_key}
        if with_token:
            sent["access_token"] = creds.access_token
        url = f"{self.base_url}/rest{api.path}"
        doubt = False
        problem = ("unreachable", "could not be reached")
        wait = 0.0
        for attempt in range(self.policy.attempts):
            if attempt:
                self.stop.wait(wait)
            if self.stop.is_set():
                raise Stopped(in_doubt=doubt)
            wait = self.policy.wait(attempt)
            body = signed(creds.app_secret, sent, api.path, int(time.time() * 1000))
            try:
                with self._slots:
                    response = self._http.post(url, data=body, files=dict(files or {}) or None)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                problem = ("unreachable", f"could not be reached ({type(exc).__name__})")
                continue
            except httpx.TimeoutException:
                problem = ("timeout", f"no answer within {self.timeout_s:g} s")
                doubt = doubt or api.writes
                continue
            except httpx.TransportError as exc:
                problem = ("connection", f"the connection failed ({type(exc).__name__})")
                doubt = doubt or api.writes
                continue
            status = response.status_code
            if status in (401, 403):
                raise self._refused(f"HTTP {status}", _message_of(response), api)
            if status in _SAFE_STATUSES or status >= 500:
                problem = (f"HTTP {status}", f"answered HTTP {status}")
                doubt = doubt or (api.writes and status not in _SAFE_STATUSES)
                wait = _retry_after(response, self.policy.max_retry_after_s, wait)
                continue
            payload = _json_of(response)
            if payload is None:
                raise PlatformError(
                    "invalid_response",
                    f"answered HTTP {status} with something that is not a JSON object",
                    api.name,
                )
            found = error_of(payload)
            if found is None and status >= 400:
                found = (f"HTTP {status}", "")
            if found is not None:
                code, message, codes = found[0], creds.redact(found[1]), _codes(payload)
                if codes & CREDENTIAL_CODES:
                    raise self._refused(code, message, api)
                if codes & THROTTLED_CODES:
                    problem = (code, message or "throttled")
                    continue
                raise PlatformError(code, message, api.name)
            with self._lock:
                self.calls += 1
            return Reply(payload, doubt)
        code, message = problem
        raise CallFailed(
            code,
            creds.redact(f"{message}; gave up after {self.policy.attempts} attempts"),
            api.name,
            in_doubt=doubt,
        )

    def _refused(self, code: str, message: str, api: Api) -> CredentialsError:
        said = f" ({code}: {message})" if message else f" ({code})"
        return CredentialsError(
            self.credentials.redact(
                f"Alibaba.com refused the credentials{said} on {api.name}: check "
                "ALIBABA_APP_KEY, ALIBABA_APP_SECRET and ALIBABA_ACCESS_TOKEN, or run "
                "`catalog-migrate auth alibaba`"
            )
        )


def _json_of(response: httpx.Response) -> dict[str, Any] | None:
    try:
        payload = response.json()
    except (ValueError, UnicodeDecodeError):
        return None
    return payload if isinstance(payload, dict) else None


def _message_of(response: httpx.Response) -> str:
    payload = _json_of(response)
    found = error_of(payload) if payload is not None else None
    return found[1] if found is not None else ""


def _codes(payload: dict[str, Any]) -> set[str]:
    """Every error code the answer carries (the gateway's and the sub-code)."""
    codes = set()
    for where in (payload, payload.get("error_response")):
        if isinstance(where, dict):
            for key in ("code", "sub_code"):
                if where.get(key) not in (None, "", "0", 0):
                    codes.add(str(where[key]))
    return codes


def error_of(payload: dict[str, Any]) -> tuple[str, str] | None:
    """(code, message) of an error answer, in the envelopes of §1.4; None for a success."""
    top = payload.get("error_response")
    if isinstance(top, dict):
        code = top.get("sub_code") or top.get("code") or "error"
        return str(code), str(top.get("sub_msg") or top.get("msg") or "")
    if payload.get("code") not in (None, "", "0", 0):
        code = payload.get("sub_code") or payload["code"]
        message = payload.get("sub_message") or payload.get("message") or payload.get("msg")
        return str(code), str(message or "")
    result = find_value(payload, "result")
    if isinstance(result, dict) and result.get("success") in (False, "false"):
        code = result.get("msg_code") or result.get("error_code") or "biz_error"
        message = result.get("message_info") or result.get("error_message") or ""
        return str(code), str(message)
    return None


def find_value(payload: object, key: str, depth: int = 4) -> Any:
    """The first value named `key` in the answer, looking into nested objects breadth first:
    the envelopes differ by gateway (`result.x`, `<api>_response.x`, `x`)."""
    level = [payload]
    for _ in range(depth):
        following: list[object] = []
        for item in level:
            if isinstance(item, dict):
                if key in item:
                    return item[key]
                following.extend(value for value in item.values() if isinstance(value, dict))
        level = following
    return None


def _retry_after(response: httpx.Response, cap: float, otherwise: float) -> float:
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return otherwise
    try:
        seconds = float(value)
    except ValueError:
        try:  # an HTTP date
            seconds = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            return otherwise
    return min(max(seconds, 0.0), cap)

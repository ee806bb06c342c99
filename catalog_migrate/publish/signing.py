"""Request signing for Alibaba.com's Open Platform (alibaba-open-platform.md §1.1).

The "GOP / IOP rest, path style" protocol: the API's path is the prefix of the signature base
string, then every parameter but `sign` and the uploaded file, sorted by name, as `name` + `value`;
HMAC-SHA256 with the app secret, upper-case hex. Empty values are neither signed nor sent.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping

DEFAULT_BASE = "https://open-api.alibaba.com"
BASE_ENV = "ALIBABA_API_URL"


def api_base() -> str:
    """The gateway base: `ALIBABA_API_URL` when set (a test server, a regional gateway)."""
    return (os.environ.get(BASE_ENV) or DEFAULT_BASE).rstrip("/")


def sign(secret: str, params: Mapping[str, str], prefix: str = "") -> str:
    base = prefix + "".join(f"{name}{params[name]}" for name in sorted(params) if name != "sign")
    return hmac.new(secret.encode(), base.encode(), hashlib.sha256).hexdigest().upper()


def signed(
    secret: str, params: Mapping[str, str | None], prefix: str, timestamp_ms: int
) -> dict[str, str]:
    """The parameters to send: empty ones dropped, `sign_method`, `timestamp` and `sign` added."""
    sent = {name: value for name, value in params.items() if value not in (None, "")}
    sent["sign_method"] = "sha256"
    sent["timestamp"] = str(timestamp_ms)  # epoch milliseconds on the new gateway (§1.1)
    clean = {name: str(value) for name, value in sent.items()}
    clean["sign"] = sign(secret, clean, prefix)
    return clean

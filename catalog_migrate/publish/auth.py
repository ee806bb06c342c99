"""OAuth for the Open Platform: the authorize address, the code exchange and the refresh.

Authorize at `<base>/oauth/authorize`; create and refresh at `/rest/auth/token/create` and
`/rest/auth/token/refresh`, signed with the path as prefix, with no access token
(alibaba-open-platform.md §1.1). Tokens last about 30 days, refresh tokens about 60.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlencode

from catalog_migrate.publish.client import (
    TOKEN_CREATE,
    TOKEN_REFRESH,
    OpenPlatformClient,
    find_value,
)
from catalog_migrate.publish.credentials import Credentials, CredentialsError, needs_refresh, save
from catalog_migrate.publish.signing import api_base

DEFAULT_REDIRECT = "urn:ietf:wg:oauth:2.0:oob"


def authorize_url(app_key: str, redirect_uri: str = DEFAULT_REDIRECT, base: str = "") -> str:
    query = urlencode(
        {
            "response_type": "code",
            "client_id": app_key,
            "redirect_uri": redirect_uri,
            "force_auth": "true",
        }
    )
    return f"{base or api_base()}/oauth/authorize?{query}"


def exchange_code(app_key: str, app_secret: str, code: str, base: str = "") -> Credentials:
    unsigned = Credentials(app_key, app_secret, "")
    with OpenPlatformClient(unsigned, base_url=base or api_base(), concurrency=1) as client:
        reply = client.call(TOKEN_CREATE, {"code": code, "simplify": "true"}, with_token=False)
    return _token(app_key, app_secret, reply.data, "")


def refresh(credentials: Credentials, base: str = "") -> Credentials:
    with OpenPlatformClient(credentials, base_url=base or api_base(), concurrency=1) as client:
        reply = client.call(
            TOKEN_REFRESH,
            {"refresh_token": credentials.refresh_token, "simplify": "true"},
            with_token=False,
        )
    return _token(credentials.app_key, credentials.app_secret, reply.data, credentials.account)


def refreshed_if_due(credentials: Credentials) -> Credentials:
    """A saved token near its end is refreshed and saved again before a run uses it."""
    if credentials.source == "environment" or not needs_refresh(credentials):
        return credentials
    fresh = refresh(credentials)
    save(fresh)
    return fresh


def _token(app_key: str, app_secret: str, data: dict[str, Any], account: str) -> Credentials:
    token = find_value(data, "access_token")
    if not isinstance(token, str) or not token:
        raise CredentialsError("Alibaba.com gave no access token: authorize again")
    now = time.time()
    return Credentials(
        app_key,
        app_secret,
        token,
        str(find_value(data, "refresh_token") or ""),
        now + _seconds(find_value(data, "expires_in")),
        now + _seconds(find_value(data, "refresh_expires_in")),
        str(find_value(data, "account") or find_value(data, "user_id") or account),
        "saved",
    )


def _seconds(value: object) -> float:
    try:
        return max(float(str(value)), 0.0)
    except ValueError:
        return 0.0

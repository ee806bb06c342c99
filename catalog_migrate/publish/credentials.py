"""Where the Open Platform credentials come from, and how they are kept out of every output.

The environment (`ALIBABA_APP_KEY`, `ALIBABA_APP_SECRET`, `ALIBABA_ACCESS_TOKEN`) wins; otherwise
the token saved by `catalog-migrate auth alibaba` in the user config folder (a JSON file of mode
0600). A `Credentials` never prints its secrets: its repr masks them, and `redact` takes them out of
any text that may have echoed them (a platform message, an exception) before it is shown.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_config_path

from catalog_migrate.errors import UserError

KEY_ENV = "ALIBABA_APP_KEY"
SECRET_ENV = "ALIBABA_APP_SECRET"
TOKEN_ENV = "ALIBABA_ACCESS_TOKEN"
MASK = "[hidden]"


class CredentialsError(UserError):
    """No usable credentials, or the platform refused them: exit code 2, one line."""

    code = "publish.credentials"


@dataclass(frozen=True)
class Credentials:
    app_key: str
    app_secret: str = field(repr=False)
    access_token: str = field(repr=False)
    refresh_token: str = field(default="", repr=False)
    expires_at: float = 0.0  # epoch seconds; 0 = unknown
    refresh_expires_at: float = 0.0
    account: str = ""  # the seller account the token belongs to, when the platform said
    source: str = "environment"  # or the path of the saved token

    def redact(self, text: str) -> str:
        for secret in (self.app_secret, self.access_token, self.refresh_token):
            if secret:
                text = text.replace(secret, MASK)
        return text

    @property
    def account_key(self) -> str:
        """Names the seller account in the caches: photobank file ids are valid in one account.

        Without an account name from the platform, a hash of the app key and token stands in (a
        refreshed token then uploads its images once more: harmless, never wrong)."""
        if self.account:
            return hashlib.sha256(f"{self.app_key}:{self.account}".encode()).hexdigest()[:16]
        return hashlib.sha256(f"{self.app_key}:{self.access_token}".encode()).hexdigest()[:16]


def token_file() -> Path:
    return user_config_path("catalog-migrate") / "alibaba-token.json"


def load_credentials(environ: dict[str, str] | None = None) -> Credentials:
    """The environment's credentials, else the saved token's, or CredentialsError saying how."""
    env = dict(os.environ if environ is None else environ)
    given = {name: env.get(name, "").strip() for name in (KEY_ENV, SECRET_ENV, TOKEN_ENV)}
    if all(given.values()):
        return Credentials(given[KEY_ENV], given[SECRET_ENV], given[TOKEN_ENV])
    saved = read_saved()
    if saved is not None:
        return Credentials(
            given[KEY_ENV] or saved.app_key,
            given[SECRET_ENV] or saved.app_secret,
            given[TOKEN_ENV] or saved.access_token,
            saved.refresh_token,
            saved.expires_at,
            saved.refresh_expires_at,
            saved.account,
            saved.source,
        )
    missing = ", ".join(name for name, value in given.items() if not value)
    raise CredentialsError(
        f"no Alibaba.com credentials: set {missing} or run `catalog-migrate auth alibaba`"
    )


def read_saved(path: Path | None = None) -> Credentials | None:
    path = path or token_file()
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Credentials(
            str(data["app_key"]),
            str(data["app_secret"]),
            str(data["access_token"]),
            str(data.get("refresh_token", "")),
            float(data.get("expires_at", 0)),
            float(data.get("refresh_expires_at", 0)),
            str(data.get("account", "")),
            str(path),
        )
    except (OSError, ValueError, KeyError, TypeError):
        raise CredentialsError(
            f"the saved Alibaba.com token {path} cannot be read: run "
            "`catalog-migrate auth alibaba` again"
        ) from None


def save(credentials: Credentials, path: Path | None = None) -> Path:
    """Write the token file atomically, readable by its owner only (mode 0600 from the start)."""
    path = path or token_file()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    data = {
        "app_key": credentials.app_key,
        "app_secret": credentials.app_secret,
        "access_token": credentials.access_token,
        "refresh_token": credentials.refresh_token,
        "expires_at": credentials.expires_at,
        "refresh_expires_at": credentials.refresh_expires_at,
        "account": credentials.account,
        "saved_at": time.time(),
    }
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".token-")  # mkstemp: mode 0600
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=2)
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def needs_refresh(credentials: Credentials, now: float | None = None) -> bool:
    """A saved token within a day of its end is refreshed before a run (tokens last ~30 days)."""
    if not credentials.refresh_token or not credentials.expires_at:
        return False
    now = time.time() if now is None else now
    return credentials.expires_at - now < 86_400 and (
        not credentials.refresh_expires_at or credentials.refresh_expires_at > now
    )

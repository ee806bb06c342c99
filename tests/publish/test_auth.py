"""`catalog-migrate auth alibaba`: the authorize address, the code exchange, the saved token."""

from __future__ import annotations

import json
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalog_migrate.cli import cli
from catalog_migrate.publish.auth import refreshed_if_due
from catalog_migrate.publish.credentials import (
    Credentials,
    CredentialsError,
    load_credentials,
    read_saved,
    save,
)
from tests.publish.fake_platform import (
    ACCESS_TOKEN,
    APP_KEY,
    APP_SECRET,
    GOOD_CODE,
    REFRESH_TOKEN,
    TOKEN_CREATE,
    TOKEN_REFRESH,
    FakePlatform,
    fake_platform,
)


@pytest.fixture
def platform() -> Iterator[FakePlatform]:
    with fake_platform() as running:
        yield running


def _env(tmp_path: Path, platform: FakePlatform, **extra: str) -> dict[str, str]:
    return {
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "ALIBABA_API_URL": platform.url,
        "ALIBABA_APP_KEY": APP_KEY,
        "ALIBABA_APP_SECRET": APP_SECRET,
        "ALIBABA_ACCESS_TOKEN": "",
        **extra,
    }


def test_auth_prints_the_address_exchanges_the_code_and_saves_a_private_token(
    tmp_path: Path, platform: FakePlatform
) -> None:
    result = CliRunner().invoke(
        cli, ["auth", "alibaba"], input=f"{GOOD_CODE}\n", env=_env(tmp_path, platform)
    )

    assert result.exit_code == 0, result.output
    assert (
        f"{platform.url}/oauth/authorize?response_type=code&client_id={APP_KEY}&redirect_uri="
        in result.stdout
    )
    saved_line = result.stdout.strip().splitlines()[-1]
    assert saved_line.startswith("saved the token for account seller@example.com to ")
    assert "(mode 0600)" in saved_line
    assert APP_SECRET not in result.output and ACCESS_TOKEN not in result.output
    path = tmp_path / "config" / "catalog-migrate" / "alibaba-token.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text())["access_token"] == ACCESS_TOKEN
    assert platform.requests[TOKEN_CREATE] == 1
    assert platform.bad_requests == []


def test_a_wrong_code_is_one_line_and_saves_nothing(tmp_path: Path, platform: FakePlatform) -> None:
    result = CliRunner().invoke(
        cli, ["auth", "alibaba", "--code", "nope"], env=_env(tmp_path, platform)
    )
    assert result.exit_code == 2
    assert result.stderr == "Error: the code was not accepted (InvalidCode): authorize again\n"
    assert not (tmp_path / "config" / "catalog-migrate" / "alibaba-token.json").exists()


def test_the_saved_token_is_used_and_refreshed_near_its_end(
    tmp_path: Path, platform: FakePlatform, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("ALIBABA_API_URL", platform.url)
    for name in ("ALIBABA_APP_KEY", "ALIBABA_APP_SECRET", "ALIBABA_ACCESS_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    soon = time.time() + 3600
    save(Credentials(APP_KEY, APP_SECRET, "old-token", REFRESH_TOKEN, soon, soon + 86_400 * 30))

    loaded = load_credentials()
    assert loaded.access_token == "old-token"
    fresh = refreshed_if_due(loaded)

    assert fresh.access_token == ACCESS_TOKEN
    assert platform.requests[TOKEN_REFRESH] == 1
    again = read_saved()
    assert again is not None and again.access_token == ACCESS_TOKEN
    assert again.expires_at > time.time() + 86_400 * 29
    assert refreshed_if_due(load_credentials()).access_token == ACCESS_TOKEN
    assert platform.requests[TOKEN_REFRESH] == 1  # not due any more


def test_no_credentials_at_all_says_how_to_give_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    with pytest.raises(CredentialsError) as missing:
        load_credentials({})
    assert str(missing.value) == (
        "no Alibaba.com credentials: set ALIBABA_APP_KEY, ALIBABA_APP_SECRET, "
        "ALIBABA_ACCESS_TOKEN or run `catalog-migrate auth alibaba`"
    )

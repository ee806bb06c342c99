"""Runs that can be trusted: no secret anywhere, an interrupted or killed run resumes."""

from __future__ import annotations

import json
import signal
import subprocess
import time
import traceback
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalog_migrate.publish.credentials import Credentials
from tests.images.image_server import image_server
from tests.publish.fake_platform import (
    ACCESS_TOKEN,
    APP_SECRET,
    DRAFT,
    SCHEMA_GET,
    fake_platform,
)
from tests.publish.shop import Shop, make_shop

SECRETS = (APP_SECRET, ACCESS_TOKEN)


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[Shop]:
    with image_server() as images, fake_platform() as platform:
        platform.slow_s = 1.0
        yield make_shop(tmp_path, images, platform)


def _leaks(text: bytes) -> list[str]:
    return [secret for secret in SECRETS if secret.encode() in text]


def _every_file(folder: Path) -> Iterator[tuple[str, bytes]]:
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        yield str(path), data
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    yield f"{path}!{name}", archive.read(name)


def test_no_secret_in_output_reports_state_caches_or_errors(shop: Shop) -> None:
    outputs = [shop.publish("--json"), shop.publish(), shop.publish("--dry-run", "--json")]
    shop.platform.fault(DRAFT, "lost")
    outputs.append(shop.publish("--json"))
    shop.platform.fault(SCHEMA_GET, "bad_signature")
    (shop.folder / "cache" / "catalog-migrate" / "alibaba-schemas").rename(shop.folder / "old")
    outputs.append(shop.publish("--json"))
    assert outputs[-1].code == 2

    for run in outputs:
        assert _leaks(run.stdout.encode()) == []
        assert _leaks(run.stderr.encode()) == []
    leaked = [name for name, data in _every_file(shop.folder) if _leaks(data)]
    assert leaked == []
    assert shop.state_file.is_file() and shop.report_file.is_file()
    assert any(shop.xml_folder.iterdir())


def test_credentials_never_show_their_secrets() -> None:
    creds = Credentials("501234", APP_SECRET, ACCESS_TOKEN, "refresh-me")
    assert _leaks(repr(creds).encode()) == []
    assert "refresh-me" not in repr(creds)
    assert creds.redact(f"token {ACCESS_TOKEN} secret {APP_SECRET}") == (
        "token [hidden] secret [hidden]"
    )


def _wait_for_drafts(shop: Shop, count: int, child: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and child.poll() is None:
        done = [r for r in _state_or_empty(shop).values() if r["status"] == "draft"]
        if len(done) >= count:
            return
        time.sleep(0.02)
    child.kill()
    out, err = child.communicate()
    raise AssertionError(f"no {count} drafts: {out[-1000:]} {err[-2000:]}")


def _state_or_empty(shop: Shop) -> dict[str, dict[str, object]]:
    try:
        return shop.state()
    except (OSError, ValueError):
        return {}


@pytest.mark.parametrize(
    ("signum", "code", "word"),
    [
        (signal.SIGINT, 130, "interrupted"),
        (signal.SIGTERM, 143, "terminated"),
        (signal.SIGHUP, 129, "hung up (SIGHUP)"),
    ],
    ids=["SIGINT", "SIGTERM", "SIGHUP"],
)
def test_an_interrupted_run_keeps_a_consistent_state_and_the_next_one_resumes(
    shop: Shop, signum: int, code: int, word: str
) -> None:
    shop.platform.write_delay_s = 0.6
    child = shop.start("--concurrency", "1", "--timeout", "5")
    _wait_for_drafts(shop, 1, child)
    child.send_signal(signum)
    _, stderr = child.communicate(timeout=60)

    assert child.returncode == code
    assert stderr.startswith(f"Error: {word}; ")
    assert "run the same command again to resume" in stderr
    state = shop.state()  # valid JSON, whole
    assert all(record["pending"] == "" for record in state.values())
    before = len(shop.platform.drafts())
    assert before == len(state) < 3

    shop.platform.write_delay_s = 0
    resumed = shop.publish("--json")
    assert resumed.json["skipped_unchanged"] == before
    assert resumed.json["drafts_created"] == 3 - before
    assert len(shop.platform.drafts()) == 3
    assert resumed.issues("publish.possible_duplicate") == []


def test_a_killed_run_resumes_and_says_which_write_may_have_happened(shop: Shop) -> None:
    shop.platform.write_delay_s = 0.8
    child = shop.start("--concurrency", "1", "--timeout", "5")
    _wait_for_drafts(shop, 1, child)
    deadline = time.monotonic() + 30
    while not any(r["pending"] for r in _state_or_empty(shop).values()):
        assert time.monotonic() < deadline
        time.sleep(0.01)
    child.kill()  # SIGKILL: no cleanup at all, a draft call on the wire
    child.communicate(timeout=30)
    time.sleep(1.0)  # the fake finishes the write it was given

    state = json.loads(shop.state_file.read_text(encoding="utf-8"))["listings"]
    [pending] = [key for key, record in state.items() if record["pending"]]
    shop.platform.write_delay_s = 0
    resumed = shop.publish("--json")

    assert resumed.json["possible_duplicates"] == 1
    [doubt] = resumed.issues("publish.possible_duplicate")
    assert doubt["product_id"] == pending
    assert "an earlier run was interrupted" in doubt["message"]
    assert all(r["status"] == "draft" and not r["pending"] for r in shop.state().values())
    assert len(shop.state()) == 3
    titles = [draft.title for draft in shop.platform.drafts()]
    assert len(set(titles)) == 3  # every listing has its draft; one may have two
    assert len(titles) <= 4


def test_no_secret_in_a_debug_traceback_or_a_json_error(shop: Shop) -> None:
    shop.platform.access_token = "revoked"

    debug = shop.publish("--debug")
    as_json = shop.publish("--json")

    assert debug.exception is not None
    shown = "".join(traceback.format_exception(debug.exception))
    assert "Alibaba.com refused the credentials" in shown
    assert _leaks(shown.encode()) == []
    assert as_json.code == 2
    assert as_json.json["error"]["code"] == "publish.credentials"
    assert _leaks(as_json.stdout.encode() + as_json.stderr.encode()) == []

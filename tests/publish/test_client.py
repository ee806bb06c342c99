"""The Open Platform client against the fake platform: signatures, retries, errors, concurrency."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from catalog_migrate.publish.client import (
    SCHEMA_ADD_DRAFT,
    SCHEMA_GET,
    CallFailed,
    OpenPlatformClient,
    PlatformError,
    RetryPolicy,
    Stopped,
    error_of,
)
from catalog_migrate.publish.credentials import Credentials, CredentialsError
from catalog_migrate.publish.item_schema import build_item_xml
from tests.publish.fake_platform import (
    ACCESS_TOKEN,
    APP_KEY,
    APP_SECRET,
    DRAFT,
    FakePlatform,
    fake_platform,
)
from tests.publish.fake_platform import SCHEMA_GET as GET_PATH
from tests.publish.listings import TOTE_BAGS, tote_bag, tote_bags_schema

FAST = RetryPolicy(attempts=4, backoff_s=0.01)


@pytest.fixture
def platform() -> Iterator[FakePlatform]:
    with fake_platform() as running:
        running.slow_s = 0.6
        yield running


def _client(platform: FakePlatform, **settings: object) -> OpenPlatformClient:
    creds = Credentials(APP_KEY, str(settings.pop("secret", APP_SECRET)), ACCESS_TOKEN)
    options: dict[str, object] = {"timeout_s": 0.3, "policy": FAST, **settings}
    return OpenPlatformClient(creds, base_url=platform.url, **options)  # type: ignore[arg-type]


def _draft_params(platform: FakePlatform | None) -> dict[str, str | None]:
    """A tote bag's document, filled from the rules the fake serves for its category, with a
    picture the fake's photobank holds."""
    file_id, url = "7000123", "//sc04.alicdn.com/kf/Htote.jpg"
    if platform is not None:
        platform.photobank_urls[file_id] = url
    document = build_item_xml(
        tote_bag(), tote_bags_schema(), [file_id], TOTE_BAGS, image_urls=[url]
    )
    assert document.publishable, document.issues
    request = {"cat_id": TOTE_BAGS, "language": "en_US", "xml": document.xml}
    return {"param_product_top_publish_request": json.dumps(request)}


def test_a_signed_call_is_accepted_and_its_answer_decoded(platform: FakePlatform) -> None:
    with _client(platform) as client:
        reply = client.call(SCHEMA_GET, {"cat_id": "100001", "language": "en_US"})
    assert "<itemSchema>" in reply.data["result"]["data"]
    assert not reply.in_doubt
    assert platform.bad_requests == []


@pytest.mark.parametrize("fault", ["429", "500", "limit", "timeout"])
def test_a_read_is_retried_on_throttling_server_errors_and_timeouts(
    platform: FakePlatform, fault: str
) -> None:
    platform.fault(GET_PATH, fault, fault)
    with _client(platform) as client:
        reply = client.call(SCHEMA_GET, {"cat_id": "100002", "language": "en_US"})
    assert "Hijab Type" in reply.data["result"]["data"]
    assert platform.requests[GET_PATH] == 3


def test_a_throttled_draft_is_sent_again_with_no_doubt(platform: FakePlatform) -> None:
    platform.fault(DRAFT, "429", "limit")
    with _client(platform) as client:
        reply = client.call(SCHEMA_ADD_DRAFT, _draft_params(platform))
    assert not reply.in_doubt
    assert len(platform.drafts()) == 1


def test_a_draft_whose_answer_was_lost_is_retried_and_said_to_be_in_doubt(
    platform: FakePlatform,
) -> None:
    platform.fault(DRAFT, "lost")
    with _client(platform) as client:
        reply = client.call(SCHEMA_ADD_DRAFT, _draft_params(platform))
    assert reply.in_doubt
    assert len(platform.drafts()) == 2  # the lost answer's draft exists too: hence the doubt


def test_retry_after_is_honoured_but_capped() -> None:
    import httpx

    from catalog_migrate.publish.client import _retry_after

    asked = httpx.Response(429, headers={"Retry-After": "3600"})
    assert _retry_after(asked, 120.0, 0.5) == 120.0
    assert _retry_after(httpx.Response(429, headers={"Retry-After": "2"}), 120.0, 0.5) == 2.0
    assert _retry_after(httpx.Response(429), 120.0, 0.5) == 0.5
    assert _retry_after(httpx.Response(429, headers={"Retry-After": "soon"}), 120, 0.5) == 0.5


def test_the_wait_doubles_is_jittered_and_capped() -> None:
    policy = RetryPolicy(backoff_s=1.0, max_backoff_s=5.0)
    waits = [policy.wait(attempt) for attempt in range(6)]
    assert 0.5 <= waits[0] <= 1.0 and 1.0 <= waits[1] <= 2.0
    assert all(wait <= 5.0 for wait in waits)
    assert len({policy.wait(3) for _ in range(20)}) > 1


def test_giving_up_says_so_and_whether_a_write_may_have_happened(platform: FakePlatform) -> None:
    platform.fault(GET_PATH, *["500"] * 4)
    platform.fault(DRAFT, *["500"] * 4)
    with _client(platform) as client:
        with pytest.raises(CallFailed) as read:
            client.call(SCHEMA_GET, {"cat_id": "100001", "language": "en_US"})
        with pytest.raises(CallFailed) as write:
            client.call(SCHEMA_ADD_DRAFT, _draft_params(platform))
    assert not read.value.in_doubt
    assert write.value.in_doubt
    assert read.value.code == "HTTP 500"
    assert "gave up after 4 attempts" in read.value.message


def test_an_unreachable_platform_fails_without_doubt() -> None:
    creds = Credentials(APP_KEY, APP_SECRET, ACCESS_TOKEN)
    client = OpenPlatformClient(creds, base_url="http://127.0.0.1:9", policy=FAST)
    with client, pytest.raises(CallFailed) as failed:
        client.call(SCHEMA_ADD_DRAFT, _draft_params(None))
    assert failed.value.code == "unreachable"
    assert not failed.value.in_doubt


@pytest.mark.parametrize("how", ["secret", "token", "answer"])
def test_refused_credentials_stop_with_one_line_and_no_secret(
    platform: FakePlatform, how: str
) -> None:
    settings: dict[str, object] = {}
    if how == "secret":
        settings["secret"] = "wrong-" + APP_SECRET
    elif how == "token":
        platform.access_token = "another-token"
    else:
        platform.fault(GET_PATH, "bad_signature")
    with _client(platform, **settings) as client, pytest.raises(CredentialsError) as refused:
        client.call(SCHEMA_GET, {"cat_id": "100001", "language": "en_US"})
    message = str(refused.value)
    assert message.startswith("Alibaba.com refused the credentials (")
    assert "\n" not in message
    assert APP_SECRET not in message and ACCESS_TOKEN not in message
    assert platform.requests[GET_PATH] == 1  # not retried: no later call could succeed


def test_a_business_refusal_is_a_platform_error_with_code_and_message(
    platform: FakePlatform,
) -> None:
    with _client(platform) as client, pytest.raises(PlatformError) as refused:
        client.call(SCHEMA_GET, {"cat_id": "999", "language": "en_US"})
    assert refused.value.code == "PUB_BIZCHECK_CAT_ID_NOTEXIST"
    assert refused.value.message == "category does not exist"
    assert refused.value.api == "alibaba.icbu.product.schema.get"
    assert type(refused.value) is PlatformError


def test_error_envelopes() -> None:
    assert error_of({"code": "0", "result": {"success": True}}) is None
    assert error_of({"code": "InvalidApiPath", "message": "m"}) == ("InvalidApiPath", "m")
    top = {
        "error_response": {"code": 15, "msg": "Remote error", "sub_code": "isp.x", "sub_msg": "y"}
    }
    assert error_of(top) == ("isp.x", "y")
    nested = {"alibaba_x_response": {"result": {"success": "false", "msg_code": "C"}}}
    assert error_of(nested) == ("C", "")


def test_no_more_calls_in_flight_than_the_concurrency(platform: FakePlatform) -> None:
    platform.write_delay_s = 0.1
    with _client(platform, concurrency=2, timeout_s=5.0) as client, ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: client.call(SCHEMA_ADD_DRAFT, _draft_params(platform)), range(8)))
    assert platform.max_in_flight == 2
    assert len(platform.drafts()) == 8


def test_a_stopping_run_starts_no_new_attempt(platform: FakePlatform) -> None:
    platform.fault(GET_PATH, "500")
    with _client(platform, policy=RetryPolicy(attempts=4, backoff_s=0.3)) as client:
        client.stop.set()
        started = time.monotonic()
        with pytest.raises(Stopped):
            client.call(SCHEMA_GET, {"cat_id": "100001", "language": "en_US"})
    assert time.monotonic() - started < 0.3
    assert platform.requests[GET_PATH] == 0

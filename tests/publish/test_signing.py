"""Signing: the official test vector and the two other styles (alibaba-open-platform.md §1.1)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog_migrate.publish.signing import DEFAULT_BASE, api_base, sign, signed
from tests.publish.fake_platform import sign as platform_sign

OFFICIAL = {
    "access_token": "test",
    "app_key": "123456",
    "order_id": "1234",
    "sign_method": "sha256",
    "timestamp": "1517820392000",
}
SYNC = {
    "app_key": "123456",
    "format": "json",
    "method": "alibaba.icbu.product.list",
    "session": "test",
    "sign_method": "sha256",
    "timestamp": "1517820392000",
}


def test_the_official_vector_of_the_path_style() -> None:
    assert (
        sign("helloworld", OFFICIAL, "/order/get")
        == "4190D32361CFB9581350222F345CB77F3B19F0E31D162316848A2C1FFD5FAB4A"
    )


def test_the_sync_and_method_style_regression_vectors() -> None:
    assert sign("helloworld", SYNC) == (
        "E91A01CED96736B1DF50FCFE194564614016BE669A0D6379D4A03321B0F03F2D"
    )
    assert sign("helloworld", SYNC, "alibaba.icbu.product.list") == (
        "E43EA30830F0DB1225FA312466572D0BBCAFA266C52EA3BCAF1AA92939B68862"
    )


def test_the_sign_itself_is_never_signed() -> None:
    with_sign = {**OFFICIAL, "sign": "ANYTHING"}
    assert sign("helloworld", with_sign, "/order/get") == sign("helloworld", OFFICIAL, "/order/get")


def test_signed_drops_empty_values_and_adds_method_timestamp_and_sign() -> None:
    sent = signed(
        "helloworld",
        {"access_token": "test", "app_key": "123456", "order_id": "1234", "group_id": ""},
        "/order/get",
        1517820392000,
    )
    assert "group_id" not in sent
    assert sent["sign"] == "4190D32361CFB9581350222F345CB77F3B19F0E31D162316848A2C1FFD5FAB4A"


def test_the_gateway_is_overridable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALIBABA_API_URL", raising=False)
    assert api_base() == DEFAULT_BASE == "https://open-api.alibaba.com"
    monkeypatch.setenv("ALIBABA_API_URL", "http://127.0.0.1:9/")
    assert api_base() == "http://127.0.0.1:9"


@given(
    params=st.dictionaries(
        st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=8),
        st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20),
        max_size=6,
    ),
    path=st.sampled_from(["/icbu/product/schema/add/draft", "/alibaba/icbu/photobank/upload"]),
)
def test_any_request_signs_as_the_platform_checks_it(params: dict[str, str], path: str) -> None:
    sent = signed("secret", {key: value for key, value in params.items() if key != "sign"}, path, 1)
    assert all(value != "" for value in sent.values())
    assert sent["sign"] == platform_sign("secret", sent, path)

"""Wholesale unit prices: keystone factor x retail, converted with the dated FX table, rounded."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from catalog_migrate.mapping.pricing import base_price, price_variants, wholesale_price
from catalog_migrate.money import FxRateMissing
from catalog_migrate.profile import FxTable, Pricing
from tests.mapping.builders import default_profile, kaos_product, money, notes, variant


def price(amount: str, currency: str = "IDR", pricing: Pricing | None = None) -> tuple[str, str]:
    profile = default_profile()
    result = wholesale_price(money(amount, currency), pricing or profile.pricing, profile.fx)
    return f"{result.amount}", result.rule


def test_keystone_price_of_an_indonesian_t_shirt() -> None:
    assert price("89000") == (
        "2.74",
        "pricing.keystone 0.5 x 89,000 IDR @ 16,250 IDR/USD = 2.74 USD",
    )


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("150000", "VND", "2.95"),  # 75,000 / 25,400 = 2.9527
        ("12.90", "MYR", "1.54"),  # 6.45 / 4.20 = 1.5357
        ("1290", "THB", "19.85"),  # 645 / 32.5 = 19.846
        ("1299.00", "PHP", "11.10"),  # 649.50 / 58.5 = 11.1026
        ("0.25", "USD", "0.13"),  # 0.125 rounds half up
        ("19.99", "USD", "10.00"),  # 9.995 rounds half up
    ],
)
def test_prices_in_each_shop_currency(amount: str, currency: str, expected: str) -> None:
    assert price(amount, currency)[0] == expected


def test_a_usd_price_needs_no_exchange_rate() -> None:
    assert price("12.90", "USD") == ("6.45", "pricing.keystone 0.5 x 12.90 USD = 6.45 USD")


def test_another_factor_applies_to_every_price_alike() -> None:
    pricing = default_profile().pricing.model_copy(update={"factor": Decimal("0.4")})

    assert price("89000", pricing=pricing) == (
        "2.19",
        "pricing.keystone 0.4 x 89,000 IDR @ 16,250 IDR/USD = 2.19 USD",
    )


def test_a_currency_without_a_rate_raises() -> None:
    with pytest.raises(FxRateMissing):
        price("1000", "KRW")


def test_variants_keep_their_relative_prices_and_the_base_is_the_lowest() -> None:
    profile = default_profile()
    product = kaos_product(
        variants=[
            variant(5, "95000", Ukuran="XL"),
            variant(6, "89000", Ukuran="M"),
            variant(7, "89000"),
        ]
    )

    priced = price_variants(product, profile.pricing, profile.fx, notes())

    assert [str(item.price.amount) for item in priced] == ["2.92", "2.74", "2.74"]
    assert base_price(priced).variant.source_row == 6


def test_missing_rate_is_one_error_on_the_product() -> None:
    profile = default_profile()
    product = kaos_product(variants=[variant(5, "1000", "KRW"), variant(6, "2000", "KRW")])
    collected = notes()

    assert price_variants(product, profile.pricing, profile.fx, collected) == []

    [issue] = collected.issues
    assert (issue.code, issue.is_error, issue.sku, issue.field) == (
        "fx.missing_rate",
        True,
        None,
        "price",
    )
    assert issue.message == (
        "no exchange rate for KRW in the profile's FX table of 2026-11-01; "
        "add it under [fx.rates] or pass --fx KRW=RATE"
    )


def test_prices_outside_the_accepted_range_drop_their_sku() -> None:
    profile = default_profile()
    product = kaos_product(
        variants=[
            variant(5, "100", Ukuran="S"),  # 50 / 16,250 = 0.003 -> 0.00
            variant(6, "89000", Ukuran="M"),
            variant(7, "20000000", "USD", Ukuran="L"),  # 10,000,000 USD
        ]
    )
    collected = notes()

    priced = price_variants(product, profile.pricing, profile.fx, collected)

    assert [item.variant.source_row for item in priced] == [6]
    assert [(i.code, i.sku, i.source_row) for i in collected.issues] == [
        ("price.below_minimum", "KP-S", 5),
        ("price.above_maximum", "KP-L", 7),
    ]
    assert collected.issues[0].message == (
        "0.00 USD is below the minimum of 0.01 USD "
        "(pricing.keystone 0.5 x 100 IDR @ 16,250 IDR/USD = 0.00 USD); the SKU is left out"
    )


def test_each_sku_price_has_provenance() -> None:
    profile = default_profile()
    collected = notes()

    price_variants(
        kaos_product(variants=[variant(5, "95000", Ukuran="XL")]),
        profile.pricing,
        profile.fx,
        collected,
    )

    [entry] = collected.provenance
    assert (entry.field, entry.value, entry.rule) == (
        "skus.KP-XL.price",
        "2.92 USD",
        "pricing.keystone 0.5 x 95,000 IDR @ 16,250 IDR/USD = 2.92 USD",
    )


def test_an_absurd_conversion_is_refused_not_crashed() -> None:
    # The largest price a cell may hold, at the extreme rates a profile allows.
    fx = FxTable(
        date=date(2026, 11, 1), rates={"IDR": Decimal("0.0001"), "EUR": Decimal("100000000")}
    )
    pricing = Pricing(currency="EUR", max_price=Decimal("9999999.00"))
    found = notes()
    product = kaos_product(variants=[variant(5, "999999999999999", Ukuran="M")])
    assert price_variants(product, pricing, fx, found) == []
    assert [issue.code for issue in found.issues] == ["price.above_maximum"]


def test_without_a_maximum_in_the_profile_an_absurd_price_is_left_to_the_target() -> None:
    fx = FxTable(
        date=date(2026, 11, 1), rates={"IDR": Decimal("0.0001"), "EUR": Decimal("100000000")}
    )
    found = notes()
    product = kaos_product(variants=[variant(5, "999999999999999", Ukuran="M")])
    [priced] = price_variants(product, Pricing(currency="EUR"), fx, found)
    assert priced.price.amount > Decimal("9999999.00")  # sku.price_invalid for Alibaba.com
    assert found.issues == []

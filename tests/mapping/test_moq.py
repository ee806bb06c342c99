"""MOQ bands: the cheaper the wholesale unit price, the larger the minimum order."""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalog_migrate.mapping.moq import moq_for_price
from catalog_migrate.profile import Moq, MoqBand
from tests.mapping.builders import default_profile


@pytest.mark.parametrize(
    ("price", "moq", "rule"),
    [
        ("0.01", 500, "moq.band price <= 0.50 USD -> 500"),
        ("0.50", 500, "moq.band price <= 0.50 USD -> 500"),
        ("0.51", 200, "moq.band price <= 2.00 USD -> 200"),
        ("2.74", 100, "moq.band price <= 5.00 USD -> 100"),
        ("19.99", 50, "moq.band price <= 20.00 USD -> 50"),
        ("100.00", 10, "moq.band price <= 100.00 USD -> 10"),
        ("100.01", 2, "moq.band price > 100.00 USD -> 2"),
        ("9999999.00", 2, "moq.band price > 100.00 USD -> 2"),
    ],
)
def test_default_bands(price: str, moq: int, rule: str) -> None:
    choice = moq_for_price(Decimal(price), "USD", default_profile().moq)

    assert (choice.moq, choice.rule) == (moq, rule)


def test_a_single_band_covers_every_price() -> None:
    choice = moq_for_price(Decimal("3"), "USD", Moq(bands=[MoqBand(moq=12)]))

    assert (choice.moq, choice.rule) == (12, "moq.band any price -> 12")

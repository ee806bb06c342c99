"""MOQ bands: the cheaper the wholesale unit price, the larger the minimum order."""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalog_migrate.mapping.moq import moq_for_price, stock_issues
from catalog_migrate.model import Money, WholesaleListing, WholesaleSku
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


def _listing(moq: int, *quantities: int | None) -> WholesaleListing:
    skus = [
        WholesaleSku(
            seller_sku=f"S{row}",
            price=Money(amount=Decimal("2.74"), currency="USD"),
            retail_price=Money(amount=Decimal("89000"), currency="IDR"),
            quantity=quantity,
            source_row=row,
        )
        for row, quantity in enumerate(quantities, start=6)
    ]
    return WholesaleListing(
        source_product_id="P1", title="Kaos", category="A", unit="Piece/Pieces", moq=moq,
        tiers=[], skus=skus, source_rows=[sku.source_row for sku in skus],
    )  # fmt: skip


def test_an_moq_above_the_stock_of_all_skus_is_a_warning() -> None:
    [issue] = stock_issues(_listing(100, 40, 50), "P1", make_to_order=False)
    assert (issue.code, issue.severity, issue.field, issue.source_row) == (
        "moq.above_stock",
        "warning",
        "moq",
        6,
    )
    assert issue.message == (
        "the minimum order quantity 100 is above the 90 units in stock over 2 SKUs; a first "
        "order could not be filled from stock"
    )


@pytest.mark.parametrize(
    ("moq", "quantities", "make_to_order"),
    [
        (100, (60, 40), False),  # the stock covers one minimum order exactly
        (100, (40, None), False),  # one SKU's stock is unknown: nothing to compare
        (100, (0,), True),  # made to order: no stock needed
    ],
)
def test_no_warning_when_the_stock_covers_the_moq_or_is_not_known(
    moq: int, quantities: tuple[int | None, ...], make_to_order: bool
) -> None:
    assert stock_issues(_listing(moq, *quantities), "P1", make_to_order=make_to_order) == []

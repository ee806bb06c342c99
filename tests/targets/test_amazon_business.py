"""Amazon Business: the Business Price / Quantity file, read back, and how tiers are fitted."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from alibaba_listings import usd
from channel_listings import (
    HOSTILE,
    channel_listing,
    context,
    converter,
    csv_records,
    idr,
    read_csv,
    sku,
    write_target,
)

from catalog_migrate.model import Money, PriceTier
from catalog_migrate.targets import get_target
from catalog_migrate.targets.amazon_business import AmazonBusinessTarget

HEADERS = [
    "sku",
    "business_price",
    "quantity_price_type",
    "quantity_lower_bound1",
    "quantity_lower_bound2",
    "quantity_lower_bound3",
    "quantity_lower_bound4",
    "quantity_lower_bound5",
    "quantity_price1",
    "quantity_price2",
    "quantity_price3",
    "quantity_price4",
    "quantity_price5",
]


def records(path: Path) -> list[dict[str, str]]:
    return csv_records(path, delimiter="\t")


def ladder(*steps: tuple[int, str]) -> list[PriceTier]:
    return [PriceTier(min_quantity=quantity, price=usd(price)) for quantity, price in steps]


def test_a_tab_separated_file_with_the_feed_keys(tmp_path: Path) -> None:
    (path,) = write_target("amazon-business", tmp_path, [channel_listing()])
    assert path.name == "shop.amazon-business.txt"
    assert path.read_text(encoding="utf-8").splitlines()[0] == "\t".join(HEADERS)
    first, second = records(path)
    assert first == {
        "sku": "DRS-1",
        "business_price": "4.60",  # the first tier's price: the same as on Alibaba.com
        "quantity_price_type": "fixed",
        "quantity_lower_bound1": "50",
        "quantity_lower_bound2": "200",
        "quantity_lower_bound3": "500",
        "quantity_lower_bound4": "",
        "quantity_lower_bound5": "",
        "quantity_price1": "4.37",
        "quantity_price2": "4.14",
        "quantity_price3": "3.91",
        "quantity_price4": "",
        "quantity_price5": "",
    }
    assert second == {**first, "sku": "DRS-2"}


def test_prices_in_the_run_currency(tmp_path: Path) -> None:
    (path,) = write_target("amazon-business", tmp_path, [channel_listing()], context("EUR"))
    row = records(path)[0]
    assert [row["business_price"], row["quantity_price1"], row["quantity_price3"]] == [
        "4.23",
        "4.02",
        "3.60",
    ]


def test_a_listing_priced_per_sku_has_business_prices_only(tmp_path: Path) -> None:
    listing = channel_listing(
        pricing_mode="sku",
        tiers=ladder((10, "4.60")),
        skus=[sku(1), sku(2, price=usd("5.10"))],
    )
    (path,) = write_target("amazon-business", tmp_path, [listing])
    rows = records(path)
    assert [(row["sku"], row["business_price"]) for row in rows] == [
        ("DRS-1", "4.60"),
        ("DRS-2", "5.10"),
    ]
    assert all(value == "" for row in rows for key, value in row.items() if "quantity" in key)


def test_tiers_that_do_not_fall_in_price_are_dropped_with_a_warning() -> None:
    listing = channel_listing(
        tiers=ladder((10, "4.60"), (50, "4.60"), (200, "4.14"), (300, "4.20"), (500, "3.91"))
    )
    fitted, issues = get_target("amazon-business").prepare(listing)
    assert [(tier.min_quantity, str(tier.price.amount)) for tier in fitted.tiers] == [
        (10, "4.60"),
        (200, "4.14"),
        (500, "3.91"),
    ]
    assert [(issue.code, issue.severity.value) for issue in issues] == [
        ("tiers.dropped", "warning"),
        ("tiers.dropped", "warning"),
    ]
    assert issues[0].message == (
        "the tier from 50 units at 4.60 USD was left out: its price is not below the business "
        "price (4.60)"
    )
    assert issues[1].message == (
        "the tier from 300 units at 4.20 USD was left out: its price is not below the tier "
        "before (4.14)"
    )


def test_at_most_five_quantity_prices() -> None:
    steps = [(10 * 2**n, f"{Decimal('9.00') - n * Decimal('0.50'):.2f}") for n in range(7)]
    listing = channel_listing(tiers=ladder(*steps), skus=[sku(1, price=usd("9.00"))])
    fitted, issues = get_target("amazon-business").prepare(listing)
    assert len(fitted.tiers) == 6  # the business price's tier and 5 quantity prices
    assert [issue.message for issue in issues] == [
        "the tier from 640 units at 6.00 USD was left out: Amazon takes 5 quantity prices"
    ]


def test_the_first_quantity_price_is_below_every_business_price() -> None:
    listing = channel_listing(skus=[sku(1, price=usd("4.20")), sku(2)])  # a SKU below tier 2
    fitted, issues = get_target("amazon-business").prepare(listing)
    assert [tier.min_quantity for tier in fitted.tiers] == [10, 200, 500]
    assert [issue.code for issue in issues] == ["tiers.dropped"]


def test_a_business_price_above_the_retail_price_drops_the_sku() -> None:
    retail = Money(amount=Decimal("4.50"), currency="USD")
    listing = channel_listing(skus=[sku(1, retail_price=retail), sku(2)])
    _, issues = get_target("amazon-business").prepare(listing)
    assert [(issue.code, issue.severity.value, issue.sku) for issue in issues] == [
        ("price.above_standard", "error", "DRS-1")
    ]


def test_hostile_skus_round_trip(tmp_path: Path) -> None:
    skus = [sku(number, seller_sku=text) for number, text in enumerate(HOSTILE, 1)]
    (path,) = write_target("amazon-business", tmp_path, [channel_listing(skus=skus)])
    assert [row["sku"] for row in records(path)] == list(HOSTILE)
    raw = read_csv(path, delimiter="\t")
    assert [row[0] for row in raw[1:4]] == ["'=cmd|' /C calc'!A0", "'+KPS-1", "'-1"]


def test_a_sku_written_with_the_formula_guard_is_warned() -> None:
    listing = channel_listing(skus=[sku(1, seller_sku="+KPS-1"), sku(2, seller_sku="KPS-2")])
    _, issues = get_target("amazon-business").prepare(listing)
    assert [(issue.code, issue.severity.value, issue.sku, issue.message) for issue in issues] == [
        (
            "sku.formula_guarded",
            "warning",
            "+KPS-1",
            "the SKU '+KPS-1' is written as \"'+KPS-1\", so that a spreadsheet shows it as "
            "text; Amazon finds the offer by its exact SKU",
        )
    ]


def test_a_sku_without_a_sku_is_left_out() -> None:
    listing = channel_listing(skus=[sku(1, seller_sku=None, source_sku_id=None), sku(2)])
    _, issues = get_target("amazon-business").prepare(listing)
    assert [
        (issue.code, issue.severity.value, issue.sku, issue.source_row) for issue in issues
    ] == [("sku.missing", "error", "row 6", 6)]


def test_the_standard_price_is_compared_across_currencies_when_the_run_converts() -> None:
    listing = channel_listing(skus=[sku(1, retail_price=idr("65000"))])  # 4.00 USD
    target = AmazonBusinessTarget()
    assert target.prepare(listing)[1] == []
    _, issues = target.prepare(listing, converter("USD"))
    assert [(issue.code, issue.sku) for issue in issues] == [("price.above_standard", "DRS-1")]

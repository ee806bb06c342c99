"""Warnings about prices that compute but are probably wrong: outlier SKUs and price bands."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from catalog_migrate import profile as profiles
from catalog_migrate.mapping import map_product
from catalog_migrate.model import Issue
from catalog_migrate.profile import PriceBand, PriceChecks, Profile
from tests.mapping.builders import default_profile, kaos_product, variant


def _with_checks(**checks: Any) -> Profile:
    profile = default_profile()
    return profile.model_copy(update={"price_checks": PriceChecks(**checks)})


def _issues(prices: list[str], profile: Profile | None = None, **changes: Any) -> list[Issue]:
    variants = [variant(5 + n, price, Ukuran=f"U{n}") for n, price in enumerate(prices)]
    product = kaos_product(
        variants=variants,
        variation_names=["Ukuran"],
        source_rows=[5 + n for n in range(len(prices))],
    )
    product = product.model_copy(update=changes)
    listing, issues = map_product(product, profile or default_profile())
    assert listing is not None, issues
    return [issue for issue in issues if issue.code.startswith("price.")]


def test_a_sku_with_an_extra_zero_is_flagged_with_its_row() -> None:
    issues = _issues(["89000", "89000", "890000", "95000"])
    assert [(i.code, i.sku, i.source_row, i.is_error) for i in issues] == [
        ("price.sibling_outlier", "KP-U2", 7, False)
    ]
    assert issues[0].message == (
        "SKU KP-U2 costs 27.38 USD, more than 3x the 2.74 USD its siblings cost (median); "
        "check its retail price 890,000 IDR"
    )


@pytest.mark.parametrize(
    "prices",
    [["89000"], ["89000", "95000"], ["89000", "267000"], ["50000", "150000", "150000"]],
)
def test_siblings_within_the_multiple_pass(prices: list[str]) -> None:
    assert _issues(prices) == []


def test_the_multiple_is_the_profiles() -> None:
    profile = _with_checks(sibling_multiple=Decimal("1.5"))
    issues = _issues(["89000", "150000"], profile)
    assert [(issue.code, issue.sku) for issue in issues] == [("price.sibling_outlier", "KP-U1")]


def test_two_skus_far_apart_flag_only_the_dear_one() -> None:
    issues = _issues(["10000", "100000"])
    assert [issue.sku for issue in issues] == ["KP-U1"]


def test_a_price_below_its_categorys_band_is_flagged_once() -> None:
    profile = _with_checks(
        bands=[PriceBand(category="Apparel", min_price=Decimal("5.00"), max_price=Decimal("60"))]
    )
    issues = _issues(["89000", "95000"], profile)
    assert [(issue.code, issue.sku, issue.is_error) for issue in issues] == [
        ("price.outside_band", None, False)
    ]
    assert issues[0].message == (
        "the wholesale price 2.74 to 2.92 USD is below the band for category 'Apparel' "
        "(5.00 to 60.00 USD, profile price_checks.bands); check the retail prices and the "
        "exchange rate"
    )


def test_a_unit_band_applies_and_the_first_band_that_applies_wins() -> None:
    profile = _with_checks(
        bands=[
            PriceBand(category="Toys", max_price=Decimal("1")),
            PriceBand(unit="piece/pieces", max_price=Decimal("2.00")),
            PriceBand(category="Apparel", max_price=Decimal("100")),
        ]
    )
    issues = _issues(["89000"], profile)
    assert [issue.message for issue in issues] == [
        "the wholesale price 2.74 USD is above the band for unit piece/pieces (up to 2.00 USD, "
        "profile price_checks.bands); check the retail prices and the exchange rate"
    ]


def test_a_price_inside_its_band_passes() -> None:
    profile = _with_checks(
        bands=[PriceBand(category="Apparel > Women's Clothing", min_price=Decimal("1"))]
    )
    assert _issues(["89000", "95000"], profile) == []


@pytest.mark.parametrize(
    ("band", "message"),
    [
        ({"min_price": "1"}, "a price band names either a category or a unit"),
        (
            {"unit": "Pair/Pairs", "category": "Shoes"},
            "a price band names either a category or a unit",
        ),
        ({"unit": "Pair/Pairs", "min_price": "5", "max_price": "2"}, "min_price must be below"),
    ],
)
def test_a_band_must_name_one_subject_and_a_range(band: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PriceBand.model_validate(band)


def test_the_shipped_profile_checks_siblings_and_wide_category_bands() -> None:
    checks = default_profile().price_checks
    assert checks.sibling_multiple == Decimal("3")
    assert checks.bands[0] == PriceBand(
        category="Apparel", min_price=Decimal("0.20"), max_price=Decimal("300.00")
    )


def test_a_t_shirt_read_in_the_wrong_currency_is_flagged_by_the_shipped_bands() -> None:
    # 45,000 meant as IDR but read as MYR: 45,000 x 0.5 / 4.20 = 5,357.14 USD.
    variants = [variant(5, "45000", "MYR", Ukuran="M")]
    listing, issues = map_product(kaos_product(variants=variants), default_profile())
    assert listing is not None
    assert [(issue.code, issue.message) for issue in issues] == [
        (
            "price.outside_band",
            "the wholesale price 5,357.14 USD is above the band for category 'Apparel' "
            "(0.20 to 300.00 USD, profile price_checks.bands); check the retail prices and the "
            "exchange rate",
        )
    ]


def test_bands_are_read_from_the_profile_file(tmp_path: Path) -> None:
    path = tmp_path / "shop.toml"
    profiles.copy_shipped("default", path)
    shipped = path.read_text(encoding="utf-8")
    start = shipped.index("bands = [")
    end = shipped.index("]\n", start) + 2
    text = (
        shipped[:start]
        + 'bands = [{ unit = "Pair/Pairs", min_price = "0.30", max_price = "80.00" }]\n'
        + shipped[end:]
    )
    path.write_text(text, encoding="utf-8")
    assert profiles.load(str(path)).price_checks.bands == [
        PriceBand(unit="Pair/Pairs", min_price=Decimal("0.30"), max_price=Decimal("80.00"))
    ]
    path.write_text(text.replace('unit = "Pair/Pairs", ', ""), encoding="utf-8")
    with pytest.raises(
        profiles.ProfileError, match="a price band names either a category or a unit"
    ):
        profiles.load(str(path))

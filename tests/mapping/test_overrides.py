"""The seller's overrides replace mapped values, with provenance `review`."""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalog_migrate import profile as profiles
from catalog_migrate.mapping.overrides import apply_overrides, ladder_from, merge_overrides
from catalog_migrate.model import Money, Overrides, PriceTier, WholesaleListing
from catalog_migrate.profile import Profile


@pytest.fixture(scope="module")
def profile() -> Profile:
    return profiles.load("default")


def usd(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="USD")


def listing() -> WholesaleListing:
    return WholesaleListing(
        source_product_id="1729",
        title="Cotton T-shirt",
        keywords=["t-shirt"],
        category="Apparel",
        moq=100,
        tiers=[
            PriceTier(min_quantity=100, price=usd("2.00")),
            PriceTier(min_quantity=500, price=usd("1.90")),
            PriceTier(min_quantity=2000, price=usd("1.80")),
        ],
        specifications={"Material": "Cotton"},
    )


def test_no_overrides_change_nothing(profile: Profile) -> None:
    assert apply_overrides(listing(), Overrides(), profile) == (listing(), [])


def test_each_value_replaces_the_mapped_one_with_review_provenance(profile: Profile) -> None:
    overrides = Overrides(
        title="Plain Cotton Tee",
        keywords=["tee", "cotton"],
        category="Apparel > Women's T-Shirts",
        unit="Set/Sets",
        specifications={"Material": "Linen", "Color": "Black"},
    )
    result, issues = apply_overrides(listing(), overrides, profile)
    assert issues == []
    assert result.title == "Plain Cotton Tee"
    assert result.keywords == ["tee", "cotton"]
    assert result.category == "Apparel > Women's T-Shirts" and result.category_mapped
    assert result.unit == "Set/Sets"
    assert result.specifications == {"Color": "Black", "Material": "Linen"}
    for field in ("title", "keywords", "category", "unit", "specifications"):
        found = result.provenance_of(field)
        assert found is not None and found.rule.startswith("review")
    assert result.moq == 100 and result.tiers == listing().tiers


def test_a_higher_moq_starts_the_ladder_at_the_price_for_that_quantity(profile: Profile) -> None:
    result, _ = apply_overrides(listing(), Overrides(moq=600), profile)
    assert result.moq == 600
    assert [(tier.min_quantity, tier.price.amount) for tier in result.tiers] == [
        (600, Decimal("1.90")),
        (2000, Decimal("1.80")),
    ]
    moq = result.provenance_of("moq")
    tiers = result.provenance_of("tiers")
    assert moq is not None and moq.value == "600" and moq.rule == "review: set by the seller"
    assert tiers is not None and tiers.rule.startswith("review")


def test_a_lower_moq_keeps_the_base_price() -> None:
    ladder = ladder_from(listing().tiers, 50)
    assert [(tier.min_quantity, tier.price.amount) for tier in ladder] == [
        (50, Decimal("2.00")),
        (500, Decimal("1.90")),
        (2000, Decimal("1.80")),
    ]


def test_seller_tiers_set_the_moq(profile: Profile) -> None:
    result, issues = apply_overrides(
        listing(), Overrides(tiers=[(300, Decimal("1.75")), (1000, Decimal("1.50"))]), profile
    )
    assert issues == []
    assert result.moq == 300
    assert [(tier.min_quantity, tier.price) for tier in result.tiers] == [
        (300, usd("1.75")),
        (1000, usd("1.50")),
    ]


def test_moq_and_tiers_together_are_taken_as_given(profile: Profile) -> None:
    result, _ = apply_overrides(listing(), Overrides(moq=10, tiers=[(20, Decimal("1"))]), profile)
    assert result.moq == 10 and result.tiers[0].min_quantity == 20


@pytest.mark.parametrize(
    "overrides",
    [Overrides(moq=0), Overrides(tiers=[(0, Decimal("1"))]), Overrides(tiers=[(5, Decimal("0"))])],
)
def test_unusable_values_are_errors_and_leave_the_field(
    profile: Profile, overrides: Overrides
) -> None:
    result, issues = apply_overrides(listing(), overrides, profile)
    assert [issue.code for issue in issues] == ["review.invalid"]
    assert result.moq == 100 and result.tiers == listing().tiers


def test_merging_a_ladder_drops_an_earlier_moq() -> None:
    merged = merge_overrides(
        Overrides(moq=300, title="T"), Overrides(tiers=[(50, Decimal("2")), (100, Decimal("1"))])
    )
    assert merged.moq is None and merged.title == "T"
    assert merged.tiers == [(50, Decimal("2")), (100, Decimal("1"))]


def test_merging_an_moq_moves_an_earlier_ladder() -> None:
    merged = merge_overrides(
        Overrides(tiers=[(50, Decimal("2")), (100, Decimal("1.5")), (500, Decimal("1"))]),
        Overrides(moq=120),
    )
    assert merged.moq == 120
    assert merged.tiers == [(120, Decimal("1.5")), (500, Decimal("1"))]


def test_merging_without_a_ladder_keeps_it_unset() -> None:
    assert merge_overrides(Overrides(), Overrides(moq=7)) == Overrides(moq=7)


def test_the_lead_time_table_follows_the_sellers_moq(profile: Profile) -> None:
    result, _ = apply_overrides(listing(), Overrides(moq=350), profile)
    assert [(row.max_quantity, row.days) for row in result.lead_times] == [
        (1750, 7),
        (7000, 15),
        (35000, 30),
    ]
    lead = result.provenance_of("lead_times")
    assert lead is not None
    assert lead.rule == (
        "review: lead_time.rows MOQ x 5, MOQ x 20, MOQ x 100 (MOQ 350; at most 99,999 units)"
    )

"""The seller's overrides replace mapped values, with provenance `review`."""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalog_migrate import profile as profiles
from catalog_migrate.mapping.overrides import apply_overrides, ladder_from, merge_overrides
from catalog_migrate.model import Money, Overrides, PriceTier, WholesaleListing, WholesaleSku
from catalog_migrate.profile import Profile
from catalog_migrate.targets.alibaba_rules import check


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
    assert lead.rule == ("review: lead_time.rows MOQ x 5, MOQ x 20, MOQ x 100 (MOQ 350)")


# --- the SKU prices follow the ladder (target-formats §1.2: a ladder or SKU prices, never both) ---


def _sku(label: str, price: str, row: int) -> WholesaleSku:
    return WholesaleSku(
        seller_sku=label,
        price=usd(price),
        retail_price=Money(amount=Decimal("89000"), currency="IDR"),
        source_row=row,
    )


def ladder_listing() -> WholesaleListing:
    return listing().model_copy(
        update={
            "tiers": [
                PriceTier(min_quantity=100, price=usd("2.74")),
                PriceTier(min_quantity=500, price=usd("2.60")),
                PriceTier(min_quantity=2000, price=usd("2.47")),
            ],
            "skus": [_sku("KP-M", "2.74", 5), _sku("KP-L", "2.74", 6)],
        }
    )


def sku_listing() -> WholesaleListing:
    return listing().model_copy(
        update={
            "pricing_mode": "sku",
            "tiers": [PriceTier(min_quantity=100, price=usd("2.74"))],
            "skus": [_sku("KP-M", "2.74", 5), _sku("KP-XL", "2.92", 6)],
        }
    )


def _prices(result: WholesaleListing) -> list[str]:
    return [str(sku.price) for sku in result.skus]


def test_a_new_first_tier_reprices_every_sku_of_a_ladder(profile: Profile) -> None:
    result, issues = apply_overrides(
        ladder_listing(), Overrides(tiers=[(100, Decimal("2.00")), (500, Decimal("1.90"))]), profile
    )
    assert issues == []
    assert _prices(result) == ["2.00 USD", "2.00 USD"]
    assert check(result) == check(ladder_listing())  # no pricing.contradiction
    entry = result.provenance_of("skus.KP-L.price")
    assert entry is not None
    assert (entry.value, entry.rule) == (
        "2.00 USD",
        "review: follows the first tier's price (2.74 -> 2.00)",
    )


def test_a_higher_moq_reprices_the_skus_at_the_ladder_price_for_it(profile: Profile) -> None:
    result, _ = apply_overrides(ladder_listing(), Overrides(moq=600), profile)
    assert [(tier.min_quantity, str(tier.price)) for tier in result.tiers] == [
        (600, "2.60 USD"),
        (2000, "2.47 USD"),
    ]
    assert _prices(result) == ["2.60 USD", "2.60 USD"]


def test_sku_prices_move_in_proportion_with_the_first_tier(profile: Profile) -> None:
    result, issues = apply_overrides(
        sku_listing(), Overrides(tiers=[(100, Decimal("2.00"))]), profile
    )
    assert issues == []
    assert _prices(result) == ["2.00 USD", "2.13 USD"]  # 2.92 x 2.00 / 2.74 = 2.131...
    assert result.tiers[0].price == usd("2.00")
    assert "pricing.contradiction" not in {issue.code for issue in check(result)}


def test_a_ladder_typed_for_sku_prices_keeps_its_first_tier_and_says_so(profile: Profile) -> None:
    result, issues = apply_overrides(
        sku_listing(), Overrides(tiers=[(200, Decimal("2.50")), (1000, Decimal("2.20"))]), profile
    )
    assert [(issue.code, issue.message) for issue in issues] == [
        (
            "review.ladder_not_used",
            "the SKUs differ in price, so the listing is priced per SKU; only the first tier "
            "(200+ at 2.50) was used, the tiers from 1000 on were not",
        )
    ]
    assert [(tier.min_quantity, str(tier.price)) for tier in result.tiers] == [(200, "2.50 USD")]
    assert result.moq == 200
    assert _prices(result) == ["2.50 USD", "2.66 USD"]  # 2.92 x 2.50 / 2.74 = 2.664...
    assert "pricing.contradiction" not in {issue.code for issue in check(result)}


def test_a_new_moq_alone_leaves_sku_prices_alone(profile: Profile) -> None:
    result, _ = apply_overrides(sku_listing(), Overrides(moq=300), profile)
    assert result.moq == 300 and _prices(result) == ["2.74 USD", "2.92 USD"]


def test_an_empty_title_set_in_review_is_refused_and_the_mapped_one_kept(profile: Profile) -> None:
    updated, issues = apply_overrides(listing(), Overrides(title="  "), profile)

    assert updated.title == "Cotton T-shirt"
    assert [(issue.code, issue.severity, issue.field) for issue in issues] == [
        ("review.invalid", "error", "title")
    ]
    assert issues[0].message == "the title cannot be empty"

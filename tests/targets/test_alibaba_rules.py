from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from alibaba_listings import make_listing, usd

from catalog_migrate.model import LeadTime, Money, PriceTier, Severity, WholesaleListing
from catalog_migrate.targets.alibaba_rules import CODES, check


def codes(listing: WholesaleListing) -> dict[str, Severity]:
    return {issue.code: issue.severity for issue in check(listing)}


def tiers(*pairs: tuple[int, str], currency: str = "USD") -> list[PriceTier]:
    return [
        PriceTier(min_quantity=q, price=Money(amount=Decimal(p), currency=currency))
        for q, p in pairs
    ]


def test_a_valid_listing_has_no_issue() -> None:
    assert check(make_listing()) == []


ERROR, WARNING = Severity.ERROR, Severity.WARNING

CASES: list[tuple[str, Severity, dict[str, Any]]] = [
    ("title.too_long", ERROR, {"title": "Dress " * 21 + "Red"}),
    ("title.invalid_chars", ERROR, {"title": "Women's Dress (Red)!"}),
    ("title.invalid_chars", ERROR, {"title": "=cmd|' /C calc'!A0"}),
    ("title.repeated_words", WARNING, {"title": "Dress Red Dress"}),
    ("keywords.too_many", ERROR, {"keywords": ["a", "b", "c", "d"]}),
    ("keywords.invalid", ERROR, {"keywords": ["summer, dress"]}),
    ("keywords.invalid", ERROR, {"keywords": ["summer; dress"]}),
    ("keywords.invalid", ERROR, {"keywords": [" "]}),
    ("category.missing", ERROR, {"category": ""}),
    ("spec.value_too_long", ERROR, {"specifications": {"Feature": "x" * 71}}),
    ("tiers.missing", ERROR, {"tiers": []}),
    (
        "tiers.too_many",
        ERROR,
        {"tiers": tiers((10, "5.00"), (20, "4.00"), (30, "3.00"), (40, "2.00"), (50, "1.00"))},
    ),
    ("tiers.not_ascending", ERROR, {"tiers": tiers((10, "5.00"), (10, "4.00"))}),
    ("tiers.not_ascending", ERROR, {"tiers": tiers((10, "5.00"), (100, "4.00"), (50, "3.00"))}),
    (
        "tiers.quantity_out_of_range",
        ERROR,
        {"tiers": tiers((10, "5.00"), (100_000, "4.00"))},
    ),
    ("tiers.first_not_moq", ERROR, {"tiers": tiers((20, "5.00"), (100, "4.00"))}),
    ("tiers.not_descending", ERROR, {"tiers": tiers((10, "5.00"), (100, "5.00"))}),
    ("tiers.not_descending", ERROR, {"tiers": tiers((10, "5.00"), (100, "6.00"))}),
    ("tiers.price_out_of_range", ERROR, {"tiers": tiers((10, "0.00"))}),
    ("tiers.price_out_of_range", ERROR, {"tiers": tiers((10, "10000000.00"))}),
    ("tiers.precision", ERROR, {"tiers": tiers((10, "5.005"))}),
    ("tiers.currency", ERROR, {"tiers": tiers((10, "50000"), currency="IDR")}),
    ("moq.out_of_range", ERROR, {"moq": 100_000, "tiers": tiers((100_000, "1.00"))}),
    # target-formats §1.2: a ladder or SKU prices, never both.
    ("pricing.contradiction", ERROR, {"tiers": tiers((10, "2.00"), (100, "1.90"))}),
    ("pricing.contradiction", ERROR, {"pricing_mode": "sku"}),
    ("unit.missing", ERROR, {"unit": " "}),
    ("lead_time.invalid", ERROR, {"lead_times": []}),
    (
        "lead_time.invalid",
        ERROR,
        {"lead_times": [LeadTime(max_quantity=q, days=5) for q in (10, 20, 30, 40)]},
    ),
    (
        "lead_time.invalid",
        ERROR,
        {"lead_times": [LeadTime(max_quantity=500, days=5), LeadTime(max_quantity=100, days=9)]},
    ),
    ("lead_time.invalid", ERROR, {"lead_times": [LeadTime(max_quantity=500, days=61)]}),
    ("package.weight_invalid", ERROR, {"package_weight_kg": Decimal("0.3505")}),
    ("package.weight_invalid", ERROR, {"package_weight_kg": Decimal("0.001")}),
    (
        "package.size_invalid",
        ERROR,
        {"package_size_cm": (Decimal("30.5"), Decimal(20), Decimal(5))},
    ),
    ("package.size_invalid", ERROR, {"package_size_cm": (Decimal(30), Decimal(0), Decimal(5))}),
    ("images.too_many", WARNING, {"images": [f"https://img.example/{n}.jpg" for n in range(7)]}),
    ("description.too_long", ERROR, {"description": "x" * 32_768}),
    ("cell.too_long", ERROR, {"brand": "B" * 32_768}),
    ("cell.too_long", ERROR, {"category": "C" * 20_000 + "😀" * 6_384}),  # UTF-16 units count
    (
        "specifications.too_long",
        ERROR,
        {"specifications": {f"Name {n}": "v" * 60 for n in range(500)}},
    ),
    ("variations.too_long", ERROR, {"variation_names": ["C" * 20_000, "S" * 20_000]}),
    ("variations.too_many", ERROR, {"variation_names": ["Color", "Size", "Style", "Fit"]}),
]


@pytest.mark.parametrize(("code", "severity", "changes"), CASES, ids=[c[0] for c in CASES])
def test_each_rule_reports_its_code(code: str, severity: Severity, changes: dict[str, Any]) -> None:
    found = codes(make_listing(**changes))
    assert found.get(code) is severity
    assert code in CODES


def test_every_code_has_a_test() -> None:
    tested = {case[0] for case in CASES} | {"sku.price_invalid"}
    assert tested == set(CODES)


def test_limits_themselves_pass() -> None:
    edge = make_listing(
        title="A" * 128,
        specifications={"Feature": "x" * 70},
        moq=1,
        tiers=tiers((1, "9999999.00"), (2, "5.00"), (3, "0.02"), (99_999, "0.01")),
        skus=[sku.model_copy(update={"price": usd("9999999.00")}) for sku in make_listing().skus],
        lead_times=[LeadTime(max_quantity=q, days=5) for q in (10, 20, 30)],
        package_weight_kg=Decimal("0.010"),
        images=[f"https://img.example/{n}.jpg" for n in range(6)],
        variation_names=["Color", "Size", "Style"],
    )
    assert check(edge) == []


@pytest.mark.parametrize(
    ("amount", "currency"),
    [("0.00", "USD"), ("1.234", "USD"), ("12.50", "EUR"), ("10000000", "USD")],
)
def test_a_bad_sku_price_names_the_sku(amount: str, currency: str) -> None:
    listing = make_listing()
    bad = listing.skus[1].model_copy(
        update={"price": Money(amount=Decimal(amount), currency=currency)}
    )
    listing = listing.model_copy(update={"skus": [listing.skus[0], bad]})
    issues = [issue for issue in check(listing) if issue.code == "sku.price_invalid"]
    assert len(issues) == 1
    assert issues[0].severity is ERROR
    assert (issues[0].sku, issues[0].source_row, issues[0].product_key) == (
        "00123",
        6,
        "1729582937162839401",
    )


def test_what_mapping_says_is_not_said_again() -> None:
    # A missing title, origin or image and an unmapped category are said once, by mapping.
    listing = make_listing(title=" ", category_mapped=False, place_of_origin="", images=[])
    assert check(listing) == []


def test_issues_say_where() -> None:
    issue = check(make_listing(title="Dress!"))[0]
    assert (issue.product_key, issue.field, issue.source_row) == ("1729582937162839401", "title", 5)


def test_title_letters_of_other_scripts_are_letters() -> None:
    assert "title.invalid_chars" not in codes(
        make_listing(title="Gaun Katun Wanita - Ukuran M/L & XL")
    )
    assert "title.invalid_chars" not in codes(make_listing(title="Váy cotton nữ"))


def test_a_ladder_over_skus_that_cost_more_is_refused_with_both_prices() -> None:
    listing = make_listing(tiers=tiers((10, "2.00"), (100, "1.90")))
    listing = listing.model_copy(
        update={"skus": [sku.model_copy(update={"price": usd("2.74")}) for sku in listing.skus]}
    )
    issues = [issue for issue in check(listing) if issue.code == "pricing.contradiction"]
    assert [issue.message for issue in issues] == [
        "the ladder starts at 2.00 USD but SKUs cost 2.74 USD; Alibaba.com takes a quantity "
        "ladder or SKU prices, not both"
    ]


def test_sku_prices_that_differ_pass_with_one_tier() -> None:
    skus = make_listing().skus
    listing = make_listing(
        pricing_mode="sku",
        tiers=tiers((10, "12.50")),
        skus=[skus[0], skus[1].model_copy(update={"price": usd("13.75")})],
    )
    assert "pricing.contradiction" not in codes(listing)

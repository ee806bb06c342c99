"""The quantity ladder: first tier at the MOQ, quantities up, prices down, after rounding."""

from __future__ import annotations

import itertools
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from catalog_migrate.mapping.fit import ladder_within
from catalog_migrate.mapping.tiers import build_ladder, describe_ladder
from catalog_migrate.model import PriceTier
from catalog_migrate.profile import Pricing, Tiers
from tests.mapping.builders import default_profile, notes


def ladder(
    base: str, moq: int, tiers: Tiers | None = None
) -> tuple[list[tuple[int, str]], list[str]]:
    collected = notes()
    built = build_ladder(Decimal(base), moq, tiers or default_profile().tiers, Pricing(), collected)
    return [(tier.min_quantity, f"{tier.price.amount}") for tier in built], [
        f"{issue.code}: {issue.message}" for issue in collected.issues
    ]


def test_default_ladder_for_a_2_74_usd_t_shirt() -> None:
    assert ladder("2.74", 100) == (
        [(100, "2.74"), (500, "2.60"), (2000, "2.47"), (5000, "2.33")],
        [],
    )


def test_tiers_that_round_onto_the_tier_before_are_left_out() -> None:
    # 0.05 x 0.95 = 0.0475 -> 0.05 and 0.05 x 0.90 = 0.045 -> 0.05: both equal the first tier.
    assert ladder("0.05", 500) == (
        [(500, "0.05"), (25000, "0.04")],
        [
            "tiers.collapsed: tier 2 (from 2,500 units, 5% off) rounds to 0.05 USD, "
            "not below the 0.05 USD of the tier before it; it was left out",
            "tiers.collapsed: tier 3 (from 10,000 units, 10% off) rounds to 0.05 USD, "
            "not below the 0.05 USD of the tier before it; it was left out",
        ],
    )


def test_the_cheapest_price_keeps_a_single_tier() -> None:
    tiers, issues = ladder("0.01", 500)

    assert tiers == [(500, "0.01")]
    assert len(issues) == 3  # tiers 2-4 all round to 0.01 again
    assert all(issue.startswith("tiers.collapsed") for issue in issues)


def test_a_tier_below_the_minimum_price_is_left_out() -> None:
    tiers = Tiers(quantity_multipliers=[1, 10], discounts=[Decimal(0), Decimal("0.6")])

    assert ladder("0.01", 10, tiers) == (
        [(10, "0.01")],
        [
            "tiers.collapsed: tier 2 (from 100 units, 60% off) rounds to 0.00 USD, "
            "below the minimum of 0.01 USD; it was left out"
        ],
    )


def test_the_ladder_knows_no_channel_limit_on_quantities() -> None:
    # How large an order a channel takes is the target's to fit (ladder_within).
    assert ladder("1.00", 5000) == (
        [(5000, "1.00"), (25000, "0.95"), (100000, "0.90"), (250000, "0.85")],
        [],
    )


def test_tiers_above_a_channels_largest_order_are_left_out() -> None:
    collected = notes()
    built = build_ladder(Decimal("1.00"), 5000, default_profile().tiers, Pricing(), notes())

    kept = ladder_within(built, 5000, 99_999, collected)

    assert [(tier.min_quantity, f"{tier.price.amount}") for tier in kept] == [
        (5000, "1.00"),
        (25000, "0.95"),
    ]
    assert [f"{issue.code}: {issue.message}" for issue in collected.issues] == [
        "tiers.over_max_quantity: tier 3 (MOQ 5,000 x 20 = 100,000 units, 0.90 USD) is above "
        "the 99,999-unit limit; it was left out",
        "tiers.over_max_quantity: tier 4 (MOQ 5,000 x 50 = 250,000 units, 0.85 USD) is above "
        "the 99,999-unit limit; it was left out",
    ]


def test_max_tiers_limits_the_ladder() -> None:
    tiers = default_profile().tiers.model_copy(update={"max_tiers": 2})

    assert ladder("2.74", 100, tiers)[0] == [(100, "2.74"), (500, "2.60")]


def test_the_ladder_is_described_for_the_seller() -> None:
    profile = default_profile()
    built = build_ladder(Decimal("2.74"), 100, profile.tiers, profile.pricing, notes())

    assert describe_ladder(built, profile.tiers, Decimal("2.74"), "USD") == (
        "100+: 2.74, 500+: 2.60, 2,000+: 2.47, 5,000+: 2.33 USD",
        "tiers.ladder from 2.74 USD: MOQ x 1 at 0% off, MOQ x 5 at 5% off, MOQ x 20 at 10% off, "
        "MOQ x 50 at 15% off",
    )


@st.composite
def valid_tiers(draw: st.DrawFn) -> Tiers:
    count = draw(st.integers(min_value=1, max_value=4))
    steps = draw(
        st.lists(st.integers(min_value=1, max_value=200), min_size=count - 1, max_size=count - 1)
    )
    multipliers = [1]
    for step in steps:
        multipliers.append(multipliers[-1] + step)
    cuts = draw(
        st.lists(
            st.integers(min_value=1, max_value=99),
            min_size=count - 1,
            max_size=count - 1,
            unique=True,
        )
    )
    discounts = [Decimal(0)] + [Decimal(cut) / 100 for cut in sorted(cuts)]
    return Tiers(
        quantity_multipliers=multipliers,
        discounts=discounts,
        max_tiers=draw(st.integers(min_value=1, max_value=4)),
    )


prices = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999.00"), places=2)


@given(base=prices, moq=st.integers(min_value=1, max_value=99_999), tiers=valid_tiers())
def test_ladder_invariants(base: Decimal, moq: int, tiers: Tiers) -> None:
    built: list[PriceTier] = build_ladder(base, moq, tiers, Pricing(), notes())

    assert 1 <= len(built) <= min(len(tiers.discounts), tiers.max_tiers or 4)
    assert built[0].min_quantity == moq
    assert built[0].price.amount == base
    quantities = [tier.min_quantity for tier in built]
    amounts = [tier.price.amount for tier in built]
    assert all(a < b for a, b in itertools.pairwise(quantities))
    assert all(a > b for a, b in itertools.pairwise(amounts))
    assert all(amount >= Decimal("0.01") for amount in amounts)
    assert all(amount.as_tuple().exponent == -2 for amount in amounts)
    assert {tier.price.currency for tier in built} == {"USD"}


@given(base=st.decimals(min_value=Decimal("0.005"), max_value=Decimal("99999"), places=6))
def test_any_positive_price_that_rounds_to_a_cent_gives_a_valid_ladder(base: Decimal) -> None:
    built = build_ladder(base, 100, default_profile().tiers, Pricing(), notes())

    amounts = [tier.price.amount for tier in built]
    assert amounts[0] >= Decimal("0.01")
    assert all(a > b for a, b in itertools.pairwise(amounts))
    assert all(amount.as_tuple().exponent == -2 for amount in amounts)

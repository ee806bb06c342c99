"""The quantity price ladder (Alibaba.com's ladderPrice, target-formats §1.3 and §5).

Tier i starts at MOQ x quantity_multipliers[i] and costs base x (1 - discounts[i]), rounded. The
ladder is checked after rounding: quantities strictly increase, prices strictly decrease and stay
at or above the profile's minimum price. A tier that would break this is left out with a warning,
never written as a flat or rising ladder. How many tiers and how large an order a channel takes is
the target's to fit (`mapping.fit.ladder_within`).
"""

from __future__ import annotations

from decimal import Decimal

from catalog_migrate.mapping.notes import Notes
from catalog_migrate.mapping.text import format_number, format_price
from catalog_migrate.model import Money, PriceTier
from catalog_migrate.money import CENT, round_money
from catalog_migrate.profile import Pricing, Tiers

CODES = {
    "tiers.collapsed": "a tier's price rounds onto (or above) the tier before it, or below the "
    "minimum price; the tier is left out",
}


def build_ladder(
    base: Decimal, moq: int, tiers: Tiers, pricing: Pricing, notes: Notes
) -> list[PriceTier]:
    """Up to `tiers.max_tiers` tiers (every step when unset) from the MOQ and the base (lowest)
    wholesale unit price.

    `base` must already be a valid price (at least pricing.min_price); the first tier is the MOQ at
    that price, so the ladder is never empty.
    """
    currency = pricing.currency
    first_price = round_money(base, pricing.rounding).quantize(CENT)
    if first_price < pricing.min_price:
        raise ValueError(f"the base price {base} is below the minimum price {pricing.min_price}")
    ladder = [PriceTier(min_quantity=moq, price=Money(amount=first_price, currency=currency))]
    steps = list(zip(tiers.quantity_multipliers, tiers.discounts, strict=True))[: tiers.max_tiers]
    for number, (multiplier, discount) in enumerate(steps[1:], start=2):
        quantity = moq * multiplier
        off = f"{format_number(discount * 100)}% off"
        price = round_money(base * (1 - discount), pricing.rounding).quantize(CENT)
        previous = ladder[-1].price.amount
        if price >= previous or price < pricing.min_price:
            limit = (
                f"not below the {format_price(previous, currency)} of the tier before it"
                if price >= previous
                else f"below the minimum of {format_price(pricing.min_price, currency)}"
            )
            notes.warning(
                "tiers.collapsed",
                f"tier {number} (from {quantity:,} units, {off}) rounds to "
                f"{format_price(price, currency)}, {limit}; it was left out",
                field="tiers",
            )
            continue
        ladder.append(
            PriceTier(min_quantity=quantity, price=Money(amount=price, currency=currency))
        )
    return ladder


def describe_ladder(
    ladder: list[PriceTier], tiers: Tiers, base: Decimal, currency: str
) -> tuple[str, str]:
    """The ladder as a seller checks it: (value, rule)."""
    value = (
        ", ".join(f"{tier.min_quantity:,}+: {tier.price.amount:,f}" for tier in ladder)
        + f" {currency}"
    )
    used = list(zip(tiers.quantity_multipliers, tiers.discounts, strict=True))[: tiers.max_tiers]
    steps = ", ".join(f"MOQ x {m} at {format_number(d * 100)}% off" for m, d in used)
    return value, f"tiers.ladder from {format_price(base, currency)}: {steps}"

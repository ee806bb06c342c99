"""Warnings about wholesale prices that can be computed but are probably wrong.

Two mistakes slip through every parsing rule: a SKU typed with an extra zero (Rp 890.000 beside
its Rp 89.000 siblings), and a whole product priced far from what its kind sells for (a wrong
exchange rate, a price per dozen read as a price per piece). Both keep the listing and say what to
check; the thresholds are the profile's `[price_checks]`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from catalog_migrate.mapping.notes import Notes
from catalog_migrate.mapping.pricing import PricedVariant
from catalog_migrate.mapping.text import format_number, format_price
from catalog_migrate.money import CENT, round_money
from catalog_migrate.profile import PriceBand, PriceChecks

CODES = {
    "price.sibling_outlier": "a SKU costs more than price_checks.sibling_multiple times the "
    "median of its siblings' prices (warning)",
    "price.outside_band": "the listing's SKU prices fall outside the profile's price band for its "
    "category or unit (warning)",
}


def check_siblings(
    priced: Sequence[PricedVariant], checks: PriceChecks, currency: str, notes: Notes
) -> None:
    """Warn about each SKU that costs more than `sibling_multiple` x its siblings' median."""
    if len(priced) < 2:
        return
    ordered = sorted(item.price.amount for item in priced)
    for item in priced:
        amount = item.price.amount
        median = _median_without(ordered, ordered.index(amount))
        if amount <= checks.sibling_multiple * median:
            continue
        notes.warning(
            "price.sibling_outlier",
            f"SKU {item.variant.label} costs {format_price(amount, currency)}, more than "
            f"{format_number(checks.sibling_multiple)}x the "
            f"{format_price(round_money(median).quantize(CENT), currency)} "
            f"its siblings cost (median); check its retail price "
            f"{format_number(item.variant.price.amount)} {item.variant.price.currency}",
            field="price",
            sku=item.variant.label,
            source_row=item.variant.source_row,
        )


def check_band(
    priced: Sequence[PricedVariant],
    category: str,
    unit: str,
    checks: PriceChecks,
    currency: str,
    notes: Notes,
) -> None:
    """Warn once when the listing's SKU prices fall outside the first band for its category/unit."""
    band = next((band for band in checks.bands if _applies(band, category, unit)), None)
    if band is None or not priced:
        return
    low = min(item.price.amount for item in priced)
    high = max(item.price.amount for item in priced)
    below = low < band.min_price
    above = band.max_price is not None and high > band.max_price
    if not (below or above):
        return
    prices = (
        format_price(low, currency)
        if low == high
        else f"{format_number(low)} to {format_price(high, currency)}"
    )
    low_limit, high_limit = band.min_price.quantize(CENT), band.max_price
    if high_limit is None:
        limits = f"at least {format_price(low_limit, currency)}"
    elif low_limit:
        limits = f"{low_limit:,f} to {format_price(high_limit.quantize(CENT), currency)}"
    else:
        limits = f"up to {format_price(high_limit.quantize(CENT), currency)}"
    subject = f"category {band.category!r}" if band.category.strip() else f"unit {band.unit}"
    notes.warning(
        "price.outside_band",
        f"the wholesale price {prices} is {'below' if below else 'above'} the band for "
        f"{subject} ({limits}, profile price_checks.bands); check the retail prices and the "
        "exchange rate",
        field="price",
    )


def _median_without(ordered: list[Decimal], skip: int) -> Decimal:
    """The median of `ordered` (sorted) without the element at index `skip`."""

    def at(position: int) -> Decimal:
        return ordered[position] if position < skip else ordered[position + 1]

    count = len(ordered) - 1
    middle = count // 2
    return at(middle) if count % 2 else (at(middle - 1) + at(middle)) / 2


def _applies(band: PriceBand, category: str, unit: str) -> bool:
    if band.unit.strip():
        return band.unit.strip().casefold() == unit.strip().casefold()
    wanted = _levels(band.category)
    return _levels(category)[: len(wanted)] == wanted


def _levels(path: str) -> list[str]:
    separator = ">" if ">" in path else "/"
    return [level.strip().casefold() for level in path.split(separator) if level.strip()]

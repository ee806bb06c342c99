"""Wholesale unit prices: retail price x the profile's factor, converted to USD and rounded.

One factor for every product keeps the catalog's price proportions. A product's variants keep their
own prices (each is its retail price x factor), and the product's base price, from which the MOQ
and the quantity ladder are derived, is its lowest SKU price.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from catalog_migrate.mapping.notes import Notes
from catalog_migrate.mapping.text import format_number, format_price
from catalog_migrate.model import Money, PricingMode, RetailProduct, RetailVariant
from catalog_migrate.money import CENT, convert, round_money
from catalog_migrate.profile import FxTable, Pricing

CODES = {
    "fx.missing_rate": "no exchange rate for the product's currency in the profile; not listed",
    "price.below_minimum": "the wholesale price rounds below the minimum (0.01); SKU left out",
    "price.above_maximum": "the wholesale price is above the profile's maximum "
    "(pricing.max_price); SKU left out",
}


# An amount this large cannot be rounded to cents in Decimal's 28 digits; no maximum comes near it.
_UNROUNDABLE = Decimal(10) ** 24


@dataclass(frozen=True)
class WholesalePrice:
    amount: Decimal  # rounded, in the profile's currency (pricing.currency)
    rule: str  # how it was computed, for the seller to check


@dataclass(frozen=True)
class PricedVariant:
    variant: RetailVariant
    price: WholesalePrice


def wholesale_price(retail: Money, pricing: Pricing, fx: FxTable) -> WholesalePrice:
    """Retail x factor, converted with the dated FX table, rounded half up once at the end.

    Raises money.FxRateMissing when the table has no rate for a currency involved.
    """
    target = pricing.currency
    factored = Money(amount=retail.amount * pricing.factor, currency=retail.currency)
    converted = convert(factored, target, fx.rates)
    if converted.amount >= _UNROUNDABLE:  # far above any maximum: left as it is, to be refused
        amount = converted.amount.to_integral_value()
    else:
        amount = round_money(converted.amount, pricing.rounding).quantize(CENT)
    rates = [
        f"{format_number(fx.rates[code])} {code}/USD"
        for code in (retail.currency, target)
        if code != "USD" and retail.currency != target
    ]
    via = f" @ {', '.join(rates)}" if rates else ""
    rule = (
        f"pricing.{pricing.rule} {format_number(pricing.factor)} x "
        f"{format_number(retail.amount)} {retail.currency}{via} = {format_price(amount, target)}"
    )
    return WholesalePrice(amount=amount, rule=rule)


def price_variants(
    product: RetailProduct, pricing: Pricing, fx: FxTable, notes: Notes
) -> list[PricedVariant]:
    """The wholesale price of every SKU that can be priced; the others get an error naming them.

    A currency without an exchange rate is an error on the whole product (nothing is priced).
    """
    missing = _missing_rates(product, pricing.currency, fx)
    for currency in missing:
        notes.error(
            "fx.missing_rate",
            f"no exchange rate for {currency} in the profile's FX table of {fx.date}; "
            f"add it under [fx.rates] or pass --fx {currency}=RATE",
            field="price",
        )
    if missing:
        return []
    priced: list[PricedVariant] = []
    for variant in product.variants:
        price = wholesale_price(variant.price, pricing, fx)
        if _within_bounds(price, variant, pricing, notes):
            priced.append(PricedVariant(variant, price))
            notes.trace(
                f"skus.{variant.label}.price",
                format_price(price.amount, pricing.currency),
                price.rule,
            )
    return priced


def _missing_rates(product: RetailProduct, target: str, fx: FxTable) -> list[str]:
    needed: set[str] = set()
    for currency in {variant.price.currency for variant in product.variants} - {target}:
        needed.update({currency, target} - {"USD"})
    return sorted(needed - fx.rates.keys())


def _within_bounds(
    price: WholesalePrice, variant: RetailVariant, pricing: Pricing, notes: Notes
) -> bool:
    # The profile's price range (the target checks its own: target-formats §1.2 for Alibaba.com).
    shown = format_price(price.amount, pricing.currency)
    if price.amount < pricing.min_price:
        notes.error(
            "price.below_minimum",
            f"{shown} is below the minimum of {format_price(pricing.min_price, pricing.currency)} "
            f"({price.rule}); the SKU is left out",
            field="price",
            sku=variant.label,
            source_row=variant.source_row,
        )
        return False
    if pricing.max_price is not None and price.amount > pricing.max_price:
        notes.error(
            "price.above_maximum",
            f"{shown} is above the maximum of {format_price(pricing.max_price, pricing.currency)} "
            f"({price.rule}); the SKU is left out",
            field="price",
            sku=variant.label,
            source_row=variant.source_row,
        )
        return False
    return True


def pricing_mode(priced: list[PricedVariant], currency: str) -> tuple[PricingMode, str]:
    """`ladder` when every SKU costs the same, else `sku`: (mode, rule).

    A listing tells one story (target-formats §1.2 price_type): a quantity ladder that every SKU
    shares, or each SKU at its own price. SKUs that differ in price keep their prices, so the
    listing sells from the MOQ at those prices, without quantity discounts.
    """
    prices = sorted({item.price.amount for item in priced})
    if len(prices) == 1:
        shown = format_price(prices[0], currency)
        return "ladder", f"pricing.mode ladder: every SKU costs {shown}, so the ladder prices all"
    low, high = format_price(prices[0], currency), format_price(prices[-1], currency)
    return "sku", (
        f"pricing.mode sku: the SKU prices differ ({low} to {high}), so each SKU keeps its price "
        "and the listing has no quantity ladder beyond the MOQ"
    )


def base_price(priced: list[PricedVariant]) -> PricedVariant:
    """The product's base price: its lowest SKU price (the first such SKU on a tie)."""
    return min(priced, key=lambda item: item.price.amount)

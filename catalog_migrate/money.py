"""Money arithmetic: FX conversion into the target currency and rounding.

Price *parsing* (the many ways sellers write a price) lives in `parse_price` below; everything here
works on Decimal and never on float.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from catalog_migrate.model import Money

CENT = Decimal("0.01")

# Shop region -> currency, from the TikTok Shop API's region codes (source-formats §1.4, §2.4).
REGION_CURRENCY: dict[str, str] = {
    "ID": "IDR",
    "VN": "VND",
    "TH": "THB",
    "MY": "MYR",
    "PH": "PHP",
    "SG": "SGD",
    "US": "USD",
}


class FxRateMissing(LookupError):
    """No exchange rate is known for a currency."""


def round_money(amount: Decimal, step: Decimal = CENT) -> Decimal:
    """Round half up to `step` (0.01 for USD prices), as a seller would by hand."""
    return (amount / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def convert(money: Money, to_currency: str, rates_per_usd: dict[str, Decimal]) -> Money:
    """Convert through USD. `rates_per_usd[X]` is how many X one US dollar buys (IDR: 16250).

    The result is not rounded: rounding happens once, at the end of the pricing rule.
    """
    if money.currency == to_currency:
        return money
    usd = money.amount if money.currency == "USD" else money.amount / _rate(money.currency, rates_per_usd)
    amount = usd if to_currency == "USD" else usd * _rate(to_currency, rates_per_usd)
    return Money(amount=amount, currency=to_currency)


def _rate(currency: str, rates_per_usd: dict[str, Decimal]) -> Decimal:
    try:
        rate = rates_per_usd[currency]
    except KeyError:
        raise FxRateMissing(
            f"no exchange rate for {currency}: add it to the profile's [fx.rates] or pass --fx {currency}=RATE"
        ) from None
    if rate <= 0:
        raise FxRateMissing(f"the exchange rate for {currency} must be positive, not {rate}")
    return rate

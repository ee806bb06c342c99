"""Minimum order quantity from the wholesale unit price: cheap items sell in larger quantities."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from catalog_migrate.mapping.text import format_price
from catalog_migrate.profile import Moq


@dataclass(frozen=True)
class MoqChoice:
    moq: int
    rule: str


def moq_for_price(price: Decimal, currency: str, bands: Moq) -> MoqChoice:
    """The MOQ of the first band whose `max_price` the price does not exceed (last band: any)."""
    previous: Decimal | None = None
    for band in bands.bands:
        if band.max_price is not None and price > band.max_price:
            previous = band.max_price
            continue
        if band.max_price is not None:
            condition = f"price <= {format_price(band.max_price, currency)}"
        elif previous is not None:
            condition = f"price > {format_price(previous, currency)}"
        else:
            condition = "any price"
        return MoqChoice(band.moq, f"moq.band {condition} -> {band.moq}")
    raise ValueError("the profile's MOQ bands must end with a band without max_price")

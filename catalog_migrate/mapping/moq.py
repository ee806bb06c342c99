"""Minimum order quantity from the wholesale unit price: cheap items sell in larger quantities."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from catalog_migrate.mapping.text import format_price
from catalog_migrate.model import Issue, WholesaleListing, warning
from catalog_migrate.profile import Moq

CODES = {
    "moq.above_stock": "the minimum order quantity is above the stock on hand and the profile "
    "does not say the seller makes to order (warning)",
}


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


def stock_issues(listing: WholesaleListing, product_key: str, make_to_order: bool) -> list[Issue]:
    """A warning when the listing's SKUs hold fewer units than one minimum order.

    The stock is the sum over the SKUs written; when any SKU's stock is unknown nothing is said,
    and a seller who makes to order (`[defaults] make_to_order`) has no stock to compare.
    """
    if make_to_order or not listing.skus:
        return []
    stock = 0
    for sku in listing.skus:
        if sku.quantity is None:
            return []
        stock += sku.quantity
    if listing.moq <= stock:
        return []
    skus = f" over {len(listing.skus)} SKUs" if len(listing.skus) > 1 else ""
    return [
        warning(
            "moq.above_stock",
            f"the minimum order quantity {listing.moq} is above the {stock} units in stock{skus}; "
            "a first order could not be filled from stock",
            product_key=product_key,
            field="moq",
            source_row=listing.source_rows[0] if listing.source_rows else None,
        )
    ]

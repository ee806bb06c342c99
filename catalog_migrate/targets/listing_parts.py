"""Small pieces every target's rules and writers use: where an issue is, the variation names,
and a price written in the run's currency."""

from __future__ import annotations

from decimal import Decimal

from catalog_migrate.model import Money, WholesaleListing, WholesaleSku
from catalog_migrate.targets.base import WriteContext


def issue_at(listing: WholesaleListing, field: str) -> dict[str, object]:
    """The location of an issue about `field` of the listing: its product and first source row."""
    row = listing.source_rows[0] if listing.source_rows else None
    return {"product_key": listing.source_product_id, "field": field, "source_row": row}


def sku_label(sku: WholesaleSku) -> str:
    """How a seller recognises the SKU in a message: its seller SKU, its id, or its source row."""
    return sku.seller_sku or sku.source_sku_id or f"row {sku.source_row}"


def variation_names(listing: WholesaleListing) -> list[str]:
    """The listing's variation names in axis order, then any a SKU uses that the listing lacks."""
    names = list(listing.variation_names)
    for sku in listing.skus:
        names.extend(name for name in sku.options if name not in names)
    return names


def plain(number: Decimal) -> Decimal:
    """The same number written without an exponent (`1E+1` -> `10`), as a file shows it."""
    return Decimal(format(number, "f"))


def in_currency(context: WriteContext, money: Money) -> Decimal:
    """`money` in the currency the target's files price in; a price the run could not convert
    is a bug, never a number written in the wrong currency."""
    converted = context.convert(money)
    if converted.currency != context.currency:
        raise ValueError(f"no conversion of {money} into {context.currency} was given")
    return plain(converted.amount)

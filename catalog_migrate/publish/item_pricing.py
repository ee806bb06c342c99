"""Price setting, MOQ, the ladder, the unit and the lead times.

The platform takes a quantity ladder (`scPrice` 1, `ladderPrice`) or SKU prices (`scPrice` 3, a
price on each `sku` item), never both; the MOQ must equal the ladder's first quantity; prices are
USD with at most 2 decimals; at most 4 tiers and 3 lead-time intervals (alibaba-open-platform.md
§1.3). The unit is an option code of the category (`4` = `Piece/Pieces` in one account), chosen by
its display name.
"""

from __future__ import annotations

from decimal import Decimal

from catalog_migrate.model import Money, WholesaleSku
from catalog_migrate.publish.item_match import choose_unit
from catalog_migrate.publish.item_writer import ItemWriter, describe, shorten, slots

PRICE_MODE = "scPrice"
LADDER_CODE = "1"
SKU_PRICE_CODE = "3"
MOQ = "minOrderQuantity"
LADDER = "ladderPrice"
LEAD_TIMES = "ladderPeriod"
UNIT = "priceUnit"
MAX_TIERS = 4
MAX_LEAD_TIMES = 3
_CENT = Decimal("0.01")


def fill_unit(writer: ItemWriter) -> None:
    field = writer.schema.field(UNIT)
    if field is None:
        return
    option = choose_unit(field, writer.listing.unit)
    if option is None:
        offered = shorten([option.display_name for option in field.options])
        writer.fail(
            "publish.unit_not_offered",
            f"the listing's unit {writer.listing.unit!r} is none of the units of "
            f"{describe(field)} ({offered or 'none'})",
            UNIT,
        )
        return
    writer.text_field(None, UNIT, option.value, UNIT, "singleCheck")


def fill_pricing(writer: ItemWriter) -> None:
    listing = writer.listing
    if not listing.tiers:
        writer.fail("publish.price_invalid", "the listing has no price", LADDER)
        writer.reported.update({PRICE_MODE, MOQ})  # named by this error already
        return
    first = listing.tiers[0]
    if listing.moq != first.min_quantity:
        writer.fail(
            "publish.moq_not_first_tier",
            f"the MOQ ({listing.moq}) is not the first tier's quantity ({first.min_quantity}); "
            "the platform takes them equal",
            MOQ,
        )
    mode = writer.schema.field(PRICE_MODE)
    code = SKU_PRICE_CODE if listing.pricing_mode == "sku" else LADDER_CODE
    if mode is not None:
        if mode.options and code not in mode.option_values():
            how = "per SKU" if code == SKU_PRICE_CODE else "by a quantity ladder"
            writer.fail(
                "publish.pricing_not_offered",
                f"the listing is priced {how}, which {describe(mode)} of this category does not "
                "offer",
                PRICE_MODE,
            )
        else:
            writer.text_field(None, PRICE_MODE, code, PRICE_MODE, "singleCheck")
    if writer.schema.field(MOQ) is not None:
        writer.text_field(None, MOQ, str(first.min_quantity), MOQ)
    if listing.pricing_mode == "sku":
        return
    _ladder(writer)


def _ladder(writer: ItemWriter) -> None:
    tiers = writer.listing.tiers
    field = writer.schema.field(LADDER)
    limit = slots(field, f"{LADDER}_", MAX_TIERS) if field is not None else MAX_TIERS
    if len(tiers) > limit:
        # As the target fits its tiers: the first ones kept (the MOQ's among them), so a larger
        # order pays the last kept tier's price, never less than the seller asked.
        dropped = ", ".join(f"from {tier.min_quantity}: {tier.price}" for tier in tiers[limit:])
        writer.warn(
            "publish.values_left_out",
            f"the category takes at most {limit} price tiers: {dropped} left out",
            LADDER,
        )
        tiers = tiers[:limit]
    prices = [price_text(writer, tier.price, f"{LADDER}_{i}") for i, tier in enumerate(tiers)]
    if field is None:
        writer.fail(
            "publish.pricing_not_offered",
            "the listing is priced by a quantity ladder, and the category has no ladder price",
            LADDER,
        )
        return
    holder = writer.complex_value(None, LADDER)
    for index, (tier, price) in enumerate(zip(tiers, prices, strict=True)):
        where = f"{LADDER}_{index}"
        item = writer.complex_value(holder, where)
        writer.text_field(item, "quantity", str(tier.min_quantity), where)
        writer.text_field(item, "price", price or "", where)


def price_text(
    writer: ItemWriter, price: Money, where: str, sku: WholesaleSku | None = None
) -> str | None:
    """`1.80`: a USD amount of at most 2 decimals above zero; else an error and None."""
    amount = price.amount
    problem = ""
    if price.currency != "USD":
        problem = f"is in {price.currency}, not USD"
    elif not amount.is_finite() or amount <= 0:
        problem = "is not above zero"
    elif amount != amount.quantize(_CENT):
        problem = "has more than 2 decimals"
    if problem:
        extra: dict[str, object] = {}
        if sku is not None:
            extra = {"sku": sku.seller_sku or sku.source_sku_id, "source_row": sku.source_row}
        writer.fail("publish.price_invalid", f"the price {price} {problem}", where, **extra)
        return None
    return str(amount.quantize(_CENT))


def fill_lead_times(writer: ItemWriter) -> None:
    lead_times = writer.listing.lead_times
    field = writer.schema.field(LEAD_TIMES)
    if not lead_times or field is None:
        return
    limit = slots(field, f"{LEAD_TIMES}_", MAX_LEAD_TIMES)
    if len(lead_times) > limit:
        dropped = ", ".join(f"up to {lt.max_quantity}: {lt.days} days" for lt in lead_times[limit:])
        writer.warn(
            "publish.values_left_out",
            f"the category takes at most {limit} lead times: {dropped} left out",
            LEAD_TIMES,
        )
    holder = writer.complex_value(None, LEAD_TIMES)
    for index, lead_time in enumerate(lead_times[:limit]):
        where = f"{LEAD_TIMES}_{index}"
        item = writer.complex_value(holder, where)
        writer.text_field(item, "quantity", str(lead_time.max_quantity), where)
        writer.text_field(item, "day", str(lead_time.days), where)

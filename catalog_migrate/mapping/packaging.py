"""Lead times by order quantity, package weight and package size.

Lead-time rows with ascending quantities (Alibaba.com's ladderPeriod, target-formats §1.3); weight
in kg to the gram; package L/W/H in whole cm (wholesale_trade, §1.2). How many rows, how large an
order and how light a parcel a channel takes is the target's to fit (`mapping.fit`).
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from catalog_migrate.mapping.fit import describe_lead_times
from catalog_migrate.mapping.notes import Notes
from catalog_migrate.mapping.text import format_number
from catalog_migrate.model import LeadTime, RetailProduct
from catalog_migrate.profile import LeadTimes

CODES = {
    "package.weight_missing": "the product has no parcel weight; fill it in before upload",
    "package.size_missing": "the product has no complete parcel size; fill it in before upload",
}

_GRAMS_PER_KG = Decimal(1000)
_KG_STEP = Decimal("0.001")


def lead_times(moq: int, table: LeadTimes, notes: Notes) -> list[LeadTime]:
    """Row i: orders up to MOQ x moq_multiple units ship in `days` days."""
    rows = [LeadTime(max_quantity=moq * row.moq_multiple, days=row.days) for row in table.rows]
    multiples = ", ".join(f"MOQ x {row.moq_multiple}" for row in table.rows)
    rule = f"lead_time.rows {multiples} (MOQ {moq:,})"
    notes.trace("lead_times", describe_lead_times(rows), rule)
    return rows


def package_weight(product: RetailProduct, notes: Notes) -> Decimal | None:
    grams = product.weight_g
    if grams is None or grams <= 0:
        notes.warning(
            "package.weight_missing", "the product has no parcel weight", field="package_weight_kg"
        )
        return None
    kg = (grams / _GRAMS_PER_KG).quantize(_KG_STEP, rounding=ROUND_HALF_UP)
    notes.trace("package_weight_kg", f"{kg} kg", f"package.weight {format_number(grams)} g / 1000")
    return kg


def package_size(product: RetailProduct, notes: Notes) -> tuple[Decimal, Decimal, Decimal] | None:
    sides = (product.length_cm, product.width_cm, product.height_cm)
    if any(side is None or side <= 0 for side in sides):
        notes.warning(
            "package.size_missing",
            "the product has no complete parcel size (length, width and height)",
            field="package_size_cm",
        )
        return None
    length, width, height = (
        side.to_integral_value(rounding=ROUND_CEILING) for side in sides if side is not None
    )
    shown = " x ".join(format_number(side) for side in sides if side is not None)
    notes.trace(
        "package_size_cm",
        f"{length} x {width} x {height} cm",
        f"package.size {shown} cm, rounded up to whole cm",
    )
    return length, width, height

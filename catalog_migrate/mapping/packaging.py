"""Lead times by order quantity, package weight and package size.

Alibaba: at most 3 lead-time rows with ascending quantities (ladderPeriod, target-formats §1.3);
weight in kg with 3 decimals, from 0.01 kg; package L/W/H in whole cm (wholesale_trade, §1.2).
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from catalog_migrate.mapping.notes import Notes
from catalog_migrate.mapping.text import format_number
from catalog_migrate.model import LeadTime, RetailProduct
from catalog_migrate.profile import LeadTimes

CODES = {
    "package.weight_missing": "the product has no parcel weight; fill it in before upload",
    "package.size_missing": "the product has no complete parcel size; fill it in before upload",
    "package.weight_raised": "the parcel weight is below the 0.01 kg minimum; 0.010 kg is used",
}

MAX_LEAD_TIME_QUANTITY = 99_999
MIN_WEIGHT_KG = Decimal("0.010")
_GRAMS_PER_KG = Decimal(1000)
_KG_STEP = Decimal("0.001")


def lead_times(moq: int, table: LeadTimes, notes: Notes) -> list[LeadTime]:
    """Row i: orders up to MOQ x moq_multiple units ship in `days` days (capped at 99,999 units)."""
    rows: list[LeadTime] = []
    for row in table.rows:
        quantity = min(moq * row.moq_multiple, MAX_LEAD_TIME_QUANTITY)
        if rows and quantity <= rows[-1].max_quantity:
            continue  # capped onto the row before it
        rows.append(LeadTime(max_quantity=quantity, days=row.days))
    value = ", ".join(f"up to {row.max_quantity:,}: {row.days} days" for row in rows)
    multiples = ", ".join(f"MOQ x {row.moq_multiple}" for row in table.rows)
    notes.trace(
        "lead_times", value, f"lead_time.rows {multiples} (MOQ {moq:,}; at most 99,999 units)"
    )
    return rows


def package_weight(product: RetailProduct, notes: Notes) -> Decimal | None:
    grams = product.weight_g
    if grams is None or grams <= 0:
        notes.warning(
            "package.weight_missing", "the product has no parcel weight", field="package_weight_kg"
        )
        return None
    kg = (grams / _GRAMS_PER_KG).quantize(_KG_STEP, rounding=ROUND_HALF_UP)
    rule = f"package.weight {format_number(grams)} g / 1000"
    if kg < MIN_WEIGHT_KG:
        notes.warning(
            "package.weight_raised",
            f"{format_number(grams)} g is below the 0.01 kg minimum; 0.010 kg is used",
            field="package_weight_kg",
        )
        kg, rule = MIN_WEIGHT_KG, f"{rule}, raised to the 0.010 kg minimum"
    notes.trace("package_weight_kg", f"{kg} kg", rule)
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

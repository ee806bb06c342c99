"""The neutral field vocabulary a seller's template is filled from.

A listing becomes one row per SKU; the product's fields are repeated on every row (the layout of
the channel templates sellers download: Faire, Shopify, the ERPs, one row per variant). Each field
has a stable name (`title`, `tier_1_price`, `option_2_value`, `weight_g`) that the synonym tables
in `mappings/templates/` map header labels to. Prices are written in the run's write currency
(`WriteContext.currency`), converted with `WriteContext.convert`.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from catalog_migrate.model import Money, WholesaleListing, WholesaleSku
from catalog_migrate.money import plain_decimal
from catalog_migrate.plain_text import plain_text

Value = str | int | Decimal | None
Row = dict[str, Value]
Convert = Callable[[Money], Money]

KEYWORDS = 5
TIERS = 4
OPTIONS = 3
IMAGES = 10

_GRAMS_PER_POUND = Decimal("453.59237")
_GRAMS_PER_OUNCE = Decimal("28.349523125")
_CM_PER_INCH = Decimal("2.54")


def _numbered(stem: str, count: int, tail: str = "") -> tuple[str, ...]:
    return tuple(f"{stem}_{n}{tail}" for n in range(1, count + 1))


PRODUCT_FIELDS: tuple[str, ...] = (
    "product_id",
    "title",
    "description_html",
    "description_text",
    "keywords",
    *_numbered("keyword", KEYWORDS),
    "category",
    "unit",
    "moq",
    "pricing_mode",
    *(name for n in range(1, TIERS + 1) for name in (f"tier_{n}_quantity", f"tier_{n}_price")),
    "currency",
    "images",
    "images_space",
    *_numbered("image", IMAGES),
    "weight_kg",
    "weight_g",
    "weight_lb",
    "weight_oz",
    "weight_unit",
    "length_cm",
    "width_cm",
    "height_cm",
    "length_in",
    "width_in",
    "height_in",
    "size_cm",
    "dimensions_unit",
    "brand",
    "origin",
    "material",
    "specifications",
    "lead_time",
    "variation_names",
    "sku_count",
)

SKU_FIELDS: tuple[str, ...] = (
    "sku_id",
    "seller_sku",
    "sku_price",
    "retail_price",
    "source_retail_price",
    "retail_currency",
    "quantity",
    "variant_image",
    *(name for n in range(1, OPTIONS + 1) for name in (f"option_{n}_name", f"option_{n}_value")),
    "options",
)

FIELDS: frozenset[str] = frozenset(PRODUCT_FIELDS + SKU_FIELDS)
# Fields written in the write currency: a column whose label names another one is not filled.
PRICE_FIELDS: frozenset[str] = frozenset(
    {"sku_price", "retail_price", *(f"tier_{n}_price" for n in range(1, TIERS + 1))}
)

# Fields measured in a unit, by family and unit: a header that names its unit in brackets
# (`Weight (g)`, `Length (in)`) gets the field of that unit.
UNIT_FAMILIES: dict[str, dict[str, str]] = {
    "weight": {"kg": "weight_kg", "g": "weight_g", "lb": "weight_lb", "oz": "weight_oz"},
    "length": {"cm": "length_cm", "in": "length_in"},
    "width": {"cm": "width_cm", "in": "width_in"},
    "height": {"cm": "height_cm", "in": "height_in"},
}
FAMILY_OF: dict[str, str] = {
    field: family for family, units in UNIT_FAMILIES.items() for field in units.values()
}


def _lead_time(listing: WholesaleListing) -> str:
    parts, start = [], 1
    for row in listing.lead_times:
        parts.append(f"{start}-{row.max_quantity}: {row.days} day{'s' if row.days != 1 else ''}")
        start = row.max_quantity + 1
    return "; ".join(parts)


def _weights(kg: Decimal | None) -> Row:
    if kg is None:
        return {}
    grams = kg * 1000
    return {
        "weight_kg": kg,
        "weight_unit": "kg",
        "weight_g": grams.quantize(Decimal("1")) if grams == grams.to_integral() else grams,
        "weight_lb": (grams / _GRAMS_PER_POUND).quantize(Decimal("0.001")),
        "weight_oz": (grams / _GRAMS_PER_OUNCE).quantize(Decimal("0.01")),
    }


def _sizes(size: tuple[Decimal, Decimal, Decimal] | None) -> Row:
    if size is None:
        return {}
    row: Row = {"size_cm": "x".join(plain_decimal(side) for side in size), "dimensions_unit": "cm"}
    for name, side in zip(("length", "width", "height"), size, strict=True):
        row[f"{name}_cm"] = side
        row[f"{name}_in"] = (side / _CM_PER_INCH).quantize(Decimal("0.01"))
    return row


def product_values(listing: WholesaleListing, convert: Convert, currency: str) -> Row:
    """The fields every SKU row of `listing` repeats."""
    row: Row = {
        "product_id": listing.source_product_id,
        "title": listing.title,
        "description_html": listing.description,
        "description_text": plain_text(listing.description),
        "keywords": ", ".join(listing.keywords),
        "category": listing.category,
        "unit": listing.unit,
        "moq": listing.moq,
        "pricing_mode": listing.pricing_mode,
        "currency": currency,
        "images": ", ".join(listing.images),
        "images_space": " ".join(listing.images),
        "brand": listing.brand,
        "origin": listing.place_of_origin,
        "material": listing.material,
        "specifications": "\n".join(f"{k}: {v}" for k, v in listing.specifications.items()),
        "lead_time": _lead_time(listing),
        "variation_names": ", ".join(listing.variation_names),
        "sku_count": len(listing.skus),
        **_weights(listing.package_weight_kg),
        **_sizes(listing.package_size_cm),
    }
    for n, keyword in enumerate(listing.keywords[:KEYWORDS], start=1):
        row[f"keyword_{n}"] = keyword
    for n, image in enumerate(listing.images[:IMAGES], start=1):
        row[f"image_{n}"] = image
    # target-formats §1.2: a ladder or SKU prices, never both; a SKU-priced listing has no ladder.
    if listing.pricing_mode == "ladder":
        for n, tier in enumerate(listing.tiers[:TIERS], start=1):
            row[f"tier_{n}_quantity"] = tier.min_quantity
            row[f"tier_{n}_price"] = convert(tier.price).amount
    return row


def _in_currency(money: Money, convert: Convert, currency: str) -> Decimal | None:
    """`money` in the write currency, or None when the run cannot convert it (a retail price in
    the shop's currency, where the writer converts only the run's own prices)."""
    try:
        converted = convert(money)
    except (KeyError, ValueError, ArithmeticError):
        return None
    return converted.amount if converted.currency == currency else None


def sku_values(
    listing: WholesaleListing,
    sku: WholesaleSku,
    convert: Convert,
    currency: str,
    variation_field: Callable[[str], str] | None = None,
) -> Row:
    """The fields of one SKU row."""
    names = listing.variation_names or list(sku.options)
    row: Row = {
        "sku_id": sku.source_sku_id,
        "seller_sku": sku.seller_sku,
        "sku_price": convert(sku.price).amount,
        "retail_price": _in_currency(sku.retail_price, convert, currency),
        "source_retail_price": sku.retail_price.amount,
        "retail_currency": sku.retail_price.currency,
        "quantity": sku.quantity,
        "variant_image": sku.image,
        "options": ", ".join(sku.options.get(name, "") for name in names if name in sku.options),
    }
    for n, name in enumerate(names[:OPTIONS], start=1):
        if name in sku.options:
            row[f"option_{n}_name"] = name
            row[f"option_{n}_value"] = sku.options[name]
    if variation_field is not None:
        for name, value in sku.options.items():
            row.setdefault(variation_field(name), value)
    return row


def listing_rows(
    listing: WholesaleListing,
    convert: Convert,
    currency: str,
    variation_field: Callable[[str], str] | None = None,
) -> list[Row]:
    """One row per SKU (a listing without SKUs gives one row of its product fields).

    `variation_field` names the field each variation's value also fills (`Warna` ->
    `variation:color`), for columns named after a variation.
    """
    product = product_values(listing, convert, currency)
    if not listing.skus:
        return [product]
    return [
        {**product, **sku_values(listing, sku, convert, currency, variation_field)}
        for sku in listing.skus
    ]

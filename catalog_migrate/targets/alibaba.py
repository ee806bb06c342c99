"""Alibaba.com: a two-sheet workbook, `Products` (one row per listing) and `SKUs` (one row per SKU).

Alibaba.com publishes no bulk-upload template (target-formats §1.1, §6), so the columns follow the
API field meanings (§1.2, §1.3) under readable headers; the README documents them. The writer
streams: rows go to disk as listings arrive, so memory does not grow with the catalog.

Cell forms worth knowing:
- `Specifications`: every `name: value` pair, one per line (Material included).
- `Lead Time`: `1-250: 7 days; 251-1000: 15 days`, each range ending at a lead-time row's quantity
  and starting after the previous one (§1.3 ladderPeriod, "orders up to N units ship in M days").
- `Package Size (cm)`: `LxWxH`, e.g. `30x20x5`.
- `Pricing Mode`: `ladder` (the Quantity/Price columns price every SKU, and each SKU's price is
  the first tier's) or `sku` (each SKU at its own price from the MOQ; no ladder columns), as the
  API's price_type `ladder_price` / `sku_price` (§1.2, §1.3 scPrice 1 / 3).
- SKUs carry up to three `Variation N Name` / `Variation N Value` pairs: a streaming writer cannot
  know every variation name of the catalog before the first row, so the name travels with the value.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from catalog_migrate.model import Issue, LeadTime, WholesaleListing, WholesaleSku
from catalog_migrate.money import plain_decimal
from catalog_migrate.spreadsheet.writing import (
    Cell,
    CellKind,
    Column,
    SafeWorkbook,
    atomic_output,
    safe_workbook,
)
from catalog_migrate.targets import alibaba_rules
from catalog_migrate.targets.alibaba_rules import (
    IMAGES_MAX,
    KEYWORDS_MAX,
    LIMITS,
    TIERS_MAX,
    VARIATIONS_MAX,
    format_specifications,
    format_variation_names,
)
from catalog_migrate.targets.base import ImageRules, ListingLimits, WriteContext
from catalog_migrate.targets.fitting import FittingTarget
from catalog_migrate.targets.listing_parts import variation_names

ID, PRICE, INTEGER, WEIGHT = CellKind.ID, CellKind.PRICE, CellKind.INTEGER, CellKind.WEIGHT

PRODUCT_COLUMNS: tuple[Column, ...] = (
    Column("Source Product ID", ID, 22),
    Column("Product Name", width=50),
    *(Column(f"Keyword {n}", width=20) for n in range(1, KEYWORDS_MAX + 1)),
    Column("Category", width=30),
    Column("Unit", width=14),
    Column("Min. Order Quantity", INTEGER, 12),
    Column("Pricing Mode", width=10),
    *(
        column
        for n in range(1, TIERS_MAX + 1)
        for column in (Column(f"Quantity {n}", INTEGER, 10), Column(f"Price {n} (USD)", PRICE, 12))
    ),
    Column("Place of Origin", width=16),
    Column("Brand Name", width=16),
    Column("Material", width=16),
    Column("Specifications", width=40, wrap=True),
    Column("Lead Time", width=30),
    Column("Package Weight (kg)", WEIGHT, 12),
    Column("Package Size (cm)", width=14),
    *(Column(f"Main Image {n}", width=30) for n in range(1, IMAGES_MAX + 1)),
    Column("Description", width=60, wrap=True),
    Column("Category Mapped", width=10),
    Column("Variation Names", width=20),
    Column("SKU Count", INTEGER, 8),
)

SKU_COLUMNS: tuple[Column, ...] = (
    Column("Source Product ID", ID, 22),
    Column("Source SKU ID", ID, 22),
    Column("Seller SKU", ID, 18),
    *(
        column
        for n in range(1, VARIATIONS_MAX + 1)
        for column in (
            Column(f"Variation {n} Name", width=14),
            Column(f"Variation {n} Value", width=18),
        )
    ),
    Column("Price (USD)", PRICE, 12),
    Column("Retail Price", PRICE, 12),
    Column("Retail Currency", width=8),
    Column("Quantity", INTEGER, 10),
    Column("Variant Image", width=30),
)


def format_lead_time(rows: list[LeadTime]) -> str:
    parts = []
    start = 1
    for row in rows:
        days = "1 day" if row.days == 1 else f"{row.days} days"
        parts.append(f"{start}-{row.max_quantity}: {days}")
        start = row.max_quantity + 1
    return "; ".join(parts)


def format_size(size: tuple[Decimal, Decimal, Decimal] | None) -> str:
    return "x".join(plain_decimal(side) for side in size) if size else ""


def _padded(values: list[Cell], length: int) -> list[Cell]:
    return values + [None] * (length - len(values))


def product_row(listing: WholesaleListing) -> list[Cell]:
    if len(listing.keywords) > KEYWORDS_MAX or len(listing.tiers) > TIERS_MAX:
        # check() reports these as errors, so such a listing never reaches the writer.
        raise ValueError(f"{listing.source_product_id}: too many keywords or tiers to write")
    tiers: list[Cell] = []
    # target-formats §1.2: a ladder or SKU prices, never both; a SKU-priced listing has no ladder.
    for tier in listing.tiers if listing.pricing_mode == "ladder" else []:
        tiers += [tier.min_quantity, tier.price.amount]
    return [
        listing.source_product_id,
        listing.title,
        *_padded(list(listing.keywords), KEYWORDS_MAX),
        listing.category,
        listing.unit,
        listing.moq,
        listing.pricing_mode,
        *_padded(tiers, 2 * TIERS_MAX),
        listing.place_of_origin,
        listing.brand,
        listing.material,
        format_specifications(listing.specifications),
        format_lead_time(listing.lead_times),
        listing.package_weight_kg,
        format_size(listing.package_size_cm),
        *_padded(list(listing.images[:IMAGES_MAX]), IMAGES_MAX),
        listing.description,
        "yes" if listing.category_mapped else "no",
        format_variation_names(listing.variation_names),
        len(listing.skus),
    ]


def sku_row(listing: WholesaleListing, names: list[str], sku: WholesaleSku) -> list[Cell]:
    pairs: list[Cell] = []
    for name in names:
        pairs += [name, sku.options.get(name)]
    return [
        listing.source_product_id,
        sku.source_sku_id,
        sku.seller_sku,
        *_padded(pairs, 2 * VARIATIONS_MAX),
        sku.price.amount,
        sku.retail_price.amount,
        sku.retail_price.currency,
        sku.quantity,
        sku.image,
    ]


class AlibabaWriter:
    """Streams listings into the `Products` and `SKUs` sheets of an open workbook."""

    def __init__(self, book: SafeWorkbook) -> None:
        self._products = book.add_sheet("Products", PRODUCT_COLUMNS)
        self._skus = book.add_sheet("SKUs", SKU_COLUMNS)

    def write(self, listing: WholesaleListing) -> None:
        names = variation_names(listing)
        if len(names) > VARIATIONS_MAX:
            raise ValueError(f"{listing.source_product_id}: too many variation names to write")
        self._products.append(product_row(listing))
        for sku in listing.skus:
            self._skus.append(sku_row(listing, names, sku))


class AlibabaTarget(FittingTarget):
    name = "alibaba"
    description = "Alibaba.com: Products and SKUs sheets (.xlsx) with tiered USD prices"
    suffix = ".xlsx"
    currency = "USD"  # target-formats §1.2: unit and tier prices in USD
    store_currency = False
    codes: Mapping[str, str] = alibaba_rules.CODES
    # Alibaba.com's buyers search in English; listings are written in English (target-formats §1).
    buyer_language = "en"
    rules = alibaba_rules.RULES
    limits: ListingLimits = LIMITS
    columns: Mapping[str, tuple[str, ...]] = {
        "Products": tuple(column.header for column in PRODUCT_COLUMNS),
        "SKUs": tuple(column.header for column in SKU_COLUMNS),
    }
    # alibaba-open-platform.md §4.1: main images (scImages) 4-6, at least 640x640, at most 5 MB,
    # aspect 3:4 to 4:3, uploaded to the photobank: the bulk upload names files, not URLs.
    images = ImageRules(
        min_side=640,
        max_bytes=5 * 1024 * 1024,
        min_aspect=Fraction(3, 4),
        max_aspect=Fraction(4, 3),
        min_count=4,
        max_count=IMAGES_MAX,
        cell="file",
    )

    def check(self, listing: WholesaleListing) -> list[Issue]:
        return alibaba_rules.check(listing)

    @contextmanager
    def open_writer(
        self, paths: Sequence[Path], context: WriteContext | None = None
    ) -> Iterator[AlibabaWriter]:
        # Prices stay in USD whatever the context says: Alibaba.com takes USD only (§1.2).
        (path,) = paths
        with atomic_output(path) as temp, safe_workbook(temp) as book:
            yield AlibabaWriter(book)

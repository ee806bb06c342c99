"""The neutral listing as files any other tool can read: a CSV and a JSON Lines file.

`<stem>.generic.csv` has one row per SKU with the product's fields repeated on each (the columns
are `CSV_COLUMNS`, documented in the README); `<stem>.generic.jsonl` has one JSON object per
listing, with its SKUs inside, every price a decimal string in the context's currency (USD) and a
`schema_version` on each line, so a reader can tell a later layout apart.

No channel's limits apply: `prepare` keeps the listing as mapped. The CSV follows the formula rule
(`csv_stream`); the JSON Lines file is not for spreadsheets and holds the text exactly.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, TextIO

from catalog_migrate.model import Money, WholesaleListing, WholesaleSku
from catalog_migrate.spreadsheet.csv_stream import CsvCell, CsvStream, csv_stream
from catalog_migrate.targets.base import ImageRules, WriteContext, channel_limits
from catalog_migrate.targets.fitting import FittingTarget

SCHEMA_VERSION = 1
JSON_LINES_SUFFIX = ".jsonl"
SEPARATOR = " | "  # between the items of a list in one CSV cell

CSV_COLUMNS: tuple[str, ...] = (
    "product_id",
    "sku_id",
    "seller_sku",
    "title",
    "keywords",
    "category",
    "category_mapped",
    "unit",
    "moq",
    "pricing_mode",
    "currency",
    "price",
    "tiers",
    "options",
    "retail_price",
    "retail_currency",
    "quantity",
    "sku_image",
    "place_of_origin",
    "brand",
    "specifications",
    "lead_times",
    "package_weight_kg",
    "package_size_cm",
    "images",
    "variation_names",
    "description",
)


def _decimal(amount: Decimal) -> str:
    """`2.50` stays `2.50`; never scientific notation (`1E+1`)."""
    return format(amount, "f")


def _pairs(pairs: Mapping[str, str]) -> str:
    return SEPARATOR.join(f"{name}: {value}" for name, value in pairs.items())


class GenericWriter:
    """Streams each listing to the CSV (a row per SKU) and the JSON Lines file (a line)."""

    def __init__(self, rows: CsvStream, lines: TextIO, context: WriteContext) -> None:
        self._rows = rows
        self._lines = lines
        self._context = context
        rows.header(CSV_COLUMNS)

    def _price(self, money: Money) -> Decimal:
        return self._context.convert(money).amount

    def write(self, listing: WholesaleListing) -> None:
        tiers = [(tier.min_quantity, self._price(tier.price)) for tier in listing.tiers]
        skus = [(sku, self._price(sku.price)) for sku in listing.skus]
        product = self._product_cells(listing, tiers)
        for sku, price in skus:
            self._rows.append(self._sku_cells(listing, product, sku, price))
        line = json.dumps(
            self._json(listing, tiers, skus), ensure_ascii=False, separators=(",", ":")
        )
        self._lines.write(line + "\n")

    def _product_cells(
        self, listing: WholesaleListing, tiers: list[tuple[int, Decimal]]
    ) -> dict[str, CsvCell]:
        size = listing.package_size_cm
        return {
            "product_id": listing.source_product_id,
            "title": listing.title,
            "keywords": SEPARATOR.join(listing.keywords),
            "category": listing.category,
            "category_mapped": "yes" if listing.category_mapped else "no",
            "unit": listing.unit,
            "moq": listing.moq,
            "pricing_mode": listing.pricing_mode,
            "currency": self._context.currency,
            "tiers": SEPARATOR.join(f"{quantity}: {_decimal(price)}" for quantity, price in tiers),
            "place_of_origin": listing.place_of_origin,
            "brand": listing.brand,
            "specifications": _pairs(listing.specifications),
            "lead_times": SEPARATOR.join(
                f"{row.max_quantity}: {row.days}" for row in listing.lead_times
            ),
            "package_weight_kg": listing.package_weight_kg,
            "package_size_cm": "x".join(_decimal(side) for side in size) if size else None,
            "images": SEPARATOR.join(listing.images),
            "variation_names": SEPARATOR.join(listing.variation_names),
            "description": listing.description,
        }

    def _sku_cells(
        self,
        listing: WholesaleListing,
        product: dict[str, CsvCell],
        sku: WholesaleSku,
        price: Decimal,
    ) -> list[CsvCell]:
        cells: dict[str, CsvCell] = {
            **product,
            "sku_id": sku.source_sku_id,
            "seller_sku": sku.seller_sku,
            "price": price,
            "options": _pairs(sku.options),
            "retail_price": sku.retail_price.amount,
            "retail_currency": sku.retail_price.currency,
            "quantity": sku.quantity,
            "sku_image": sku.image,
        }
        return [cells.get(column) for column in CSV_COLUMNS]

    def _json(
        self,
        listing: WholesaleListing,
        tiers: list[tuple[int, Decimal]],
        skus: list[tuple[WholesaleSku, Decimal]],
    ) -> dict[str, Any]:
        weight = listing.package_weight_kg
        size = listing.package_size_cm
        return {
            "schema_version": SCHEMA_VERSION,
            "product_id": listing.source_product_id,
            "title": listing.title,
            "keywords": list(listing.keywords),
            "category": listing.category,
            "category_mapped": listing.category_mapped,
            "unit": listing.unit,
            "moq": listing.moq,
            "pricing_mode": listing.pricing_mode,
            "currency": self._context.currency,
            "tiers": [
                {"min_quantity": quantity, "price": _decimal(price)} for quantity, price in tiers
            ],
            "place_of_origin": listing.place_of_origin,
            "brand": listing.brand,
            "specifications": dict(listing.specifications),
            "lead_times": [
                {"max_quantity": row.max_quantity, "days": row.days} for row in listing.lead_times
            ],
            "package_weight_kg": None if weight is None else _decimal(weight),
            "package_size_cm": None if size is None else [_decimal(side) for side in size],
            "images": list(listing.images),
            "variation_names": list(listing.variation_names),
            "description": listing.description,
            "skus": [
                {
                    "sku_id": sku.source_sku_id,
                    "seller_sku": sku.seller_sku,
                    "options": dict(sku.options),
                    "price": _decimal(price),
                    "retail_price": {
                        "amount": _decimal(sku.retail_price.amount),
                        "currency": sku.retail_price.currency,
                    },
                    "quantity": sku.quantity,
                    "image": sku.image,
                }
                for sku, price in skus
            ],
        }


class GenericTarget(FittingTarget):
    name = "generic"
    description = "Neutral files for any other tool: a CSV (one row per SKU) and JSON Lines"
    suffix = ".csv"
    currency = "USD"
    store_currency = False
    buyer_language = "en"
    codes: Mapping[str, str] = {}
    # The neutral listing as mapped: no channel cuts it.
    limits = channel_limits("generic")
    columns: Mapping[str, tuple[str, ...]] = {"<stem>.generic.csv": CSV_COLUMNS}
    # No channel judges these images: any picture is kept, and the cells keep the source address.
    images = ImageRules(
        min_side=1,
        max_bytes=50 * 1024 * 1024,
        min_aspect=Fraction(1, 100),
        max_aspect=Fraction(100, 1),
        min_count=0,
        max_count=100,
        cell="url",
    )

    def outputs(self, path: Path) -> tuple[Path, ...]:
        return (path, path.with_suffix(JSON_LINES_SUFFIX))

    @contextmanager
    def open_writer(self, paths: Sequence[Path], context: WriteContext) -> Iterator[GenericWriter]:
        # The paths are the run's staged temporary files: written directly, renamed by the run.
        csv_path, lines_path = paths
        with (
            csv_stream(csv_path) as rows,
            lines_path.open("w", encoding="utf-8", newline="\n") as lines,
        ):
            yield GenericWriter(rows, lines, context)

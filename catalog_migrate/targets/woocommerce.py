"""WooCommerce + Wholesale Suite: the product CSV WooCommerce's own importer reads, and a JSON file
of the quantity tiers for Wholesale Suite's REST API.

The CSV (UTF-8 with a BOM, `,`-separated) uses the column names of WooCommerce's importer
(more-targets.md §2.2, `auto_map_columns`), in this order:
`Type`, `SKU`, `Parent`, `Name`, `Published`, `Description`, `In stock?`, `Stock`, `Weight (kg)`,
`Length (cm)`, `Width (cm)`, `Height (cm)`, `Regular price`, `Categories`, `Tags`, `Images`,
`Attribute 1 name`, `Attribute 1 value(s)`, `Attribute 1 visible`, `Attribute 1 global` ... up to
`Attribute 3 ...`, then the Wholesale Suite meta (`Meta: <key>` columns become product meta, §2.2):
`Meta: wholesale_customer_have_wholesale_price`, `Meta: wholesale_customer_wholesale_price`,
`Meta: wholesale_customer_wholesale_minimum_order_quantity`,
`Meta: wwpp_post_meta_enable_quantity_discount_rule`.

- A product with variations is a `variable` row (name, description, package, categories, tags,
  images, every attribute with all its values) followed by one `variation` row per SKU whose
  `Parent` is the parent's SKU (the listing's product id). A product with one SKU and no
  variation is one `simple` row.
- `Regular price` is the SKU's retail price and `Meta: wholesale_customer_wholesale_price` its
  wholesale unit price (the listing's first-tier price), both converted to the store's currency;
  the MOQ is `Meta: wholesale_customer_wholesale_minimum_order_quantity`.
- Lists in a cell (categories, tags, images, attribute values) are `,`-separated; a comma inside a
  value is written `\\,`, which the importer reads as a comma. Category levels are joined by ` > `.
- `Published` is -1 (draft, PUBLISHED) on the product rows, so the seller checks the products
  before they go live; 1 on variation rows (a variation of a draft is not on sale).

The quantity tiers are an array meta the CSV cannot carry (§2.2), so they go to
`<output stem>.tiers.json` for `PUT /wp-json/wholesale/v1/products/<id>`: one entry per product,
named by its SKU as the CSV writes it (`'+KPS-1` for `+KPS-1`, the formula rule), with
`wholesale_minimum_order_quantity`, `wholesale_price` (a simple product's) and
`wholesale_quantity_discount_rule_mapping`: a rule per tier after the first (`start_qty`,
`end_qty`, empty for the last, `price_type` `fixed-price`, `wholesale_price` as a decimal string in
the store's currency). A listing priced per SKU has no rules: each variation keeps its own price.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from catalog_migrate.model import Issue, WholesaleListing, WholesaleSku, error
from catalog_migrate.spreadsheet.csv_stream import CsvCell, CsvStream, csv_stream
from catalog_migrate.spreadsheet.formula_guard import neutralise_formula
from catalog_migrate.targets.base import (
    WriteContext,
    channel_limits,
    url_images,
)
from catalog_migrate.targets.fitting import FittingTarget
from catalog_migrate.targets.listing_parts import in_currency, issue_at, plain, variation_names

CODES: dict[str, str] = {
    "variations.too_many": "more than 3 variation names; the CSV has 3 attribute columns",
}

ROLE = "wholesale_customer"  # Wholesale Suite's default wholesale role (target-formats §2.6)
WEIGHT_UNIT = "kg"  # the headers name the store's units (§2.2): set them to the store's
DIMENSION_UNIT = "cm"
PUBLISHED = -1  # §2.2: 1 publish, 0 private, -1 draft
VARIATION_PUBLISHED = 1
ATTRIBUTES_MAX = 3
PRICE_TYPE = "fixed-price"  # §2.2: fixed-price or percent-price
ENCODING = "utf-8-sig"  # WooCommerce's own exports carry a BOM [I]
DELIMITER = ","
TIERS_SUFFIX = ".tiers.json"

META_HAVE = f"Meta: {ROLE}_have_wholesale_price"
META_PRICE = f"Meta: {ROLE}_wholesale_price"
META_MOQ = f"Meta: {ROLE}_wholesale_minimum_order_quantity"
META_RULES = "Meta: wwpp_post_meta_enable_quantity_discount_rule"

HEADERS: tuple[str, ...] = (
    "Type",
    "SKU",
    "Parent",
    "Name",
    "Published",
    "Description",
    "In stock?",
    "Stock",
    f"Weight ({WEIGHT_UNIT})",
    f"Length ({DIMENSION_UNIT})",
    f"Width ({DIMENSION_UNIT})",
    f"Height ({DIMENSION_UNIT})",
    "Regular price",
    "Categories",
    "Tags",
    "Images",
    *(
        header
        for n in range(1, ATTRIBUTES_MAX + 1)
        for header in (
            f"Attribute {n} name",
            f"Attribute {n} value(s)",
            f"Attribute {n} visible",
            f"Attribute {n} global",
        )
    ),
    META_HAVE,
    META_PRICE,
    META_MOQ,
    META_RULES,
)
_INDEX = {header: index for index, header in enumerate(HEADERS)}


def check(listing: WholesaleListing) -> list[Issue]:
    names = variation_names(listing)
    if len(names) <= ATTRIBUTES_MAX:
        return []
    return [
        error(
            "variations.too_many",
            f"{len(names)} variation names ({', '.join(names)}); the CSV has {ATTRIBUTES_MAX} "
            "attribute columns",
            **issue_at(listing, "variation_names"),
        )
    ]


def is_variable(listing: WholesaleListing) -> bool:
    return len(listing.skus) > 1 or any(sku.options for sku in listing.skus)


def parent_sku(listing: WholesaleListing) -> str:
    return listing.source_product_id


def variation_sku(listing: WholesaleListing, sku: WholesaleSku, number: int) -> str:
    return sku.seller_sku or sku.source_sku_id or f"{parent_sku(listing)}-{number}"


def listed(values: Sequence[str]) -> str:
    """A list cell: `,` between values, a comma inside one escaped as `\\,` (§2.2 importer)."""
    return ", ".join(value.replace(",", "\\,") for value in values)


def category_path(category: str) -> str:
    """`Apparel/Dresses` or `Apparel > Dresses` -> `Apparel > Dresses` (WooCommerce's `>`)."""
    levels = category.split(">") if ">" in category else category.split("/")
    return " > ".join(level.strip().replace(",", "\\,") for level in levels if level.strip())


def discount_rules(listing: WholesaleListing, context: WriteContext) -> list[dict[str, Any]]:
    """Wholesale Suite's rules for the tiers after the first (the first is the base price)."""
    if listing.pricing_mode != "ladder":
        return []
    tiers = listing.tiers
    rules = []
    for index, tier in enumerate(tiers[1:], 1):
        following = tiers[index + 1] if index + 1 < len(tiers) else None
        rules.append(
            {
                "wholesale_role": ROLE,
                "start_qty": tier.min_quantity,
                "end_qty": "" if following is None else following.min_quantity - 1,
                "price_type": PRICE_TYPE,
                "wholesale_price": str(in_currency(context, tier.price)),
            }
        )
    return rules


class WooCommerceWriter:
    def __init__(self, rows: CsvStream, tiers: IO[str], context: WriteContext) -> None:
        self._rows = rows
        self._tiers = tiers
        self._context = context
        self._entries = 0
        rows.header(HEADERS)
        tiers.write("{\n")
        tiers.write(f' "endpoint": {json.dumps("/wp-json/wholesale/v1/products")},\n')
        tiers.write(f' "wholesale_role": {json.dumps(ROLE)},\n')
        tiers.write(f' "currency": {json.dumps(context.currency)},\n')
        tiers.write(' "products": [')

    def close(self) -> None:
        self._tiers.write("\n ]\n}\n" if self._entries else "]\n}\n")

    def write(self, listing: WholesaleListing) -> None:
        names = variation_names(listing)
        if len(names) > ATTRIBUTES_MAX:
            raise ValueError(f"{listing.source_product_id}: too many attributes to write")
        rules = discount_rules(listing, self._context)
        if is_variable(listing):
            sku_name = parent_sku(listing)
            self._rows.append(self._parent_row(listing, names, rules))
            for number, sku in enumerate(listing.skus, 1):
                self._rows.append(self._variation_row(listing, names, sku, number))
            entry = self._entry(listing, sku_name, "variable", rules, None)
        else:
            (sku,) = listing.skus
            sku_name = variation_sku(listing, sku, 1)
            row = self._product_cells(listing, "simple", sku_name, rules)
            self._sku_cells(row, listing, sku)
            self._rows.append(row)
            entry = self._entry(listing, sku_name, "simple", rules, sku)
        separator = "," if self._entries else ""
        self._tiers.write(f"{separator}\n  {json.dumps(entry, ensure_ascii=False)}")
        self._entries += 1

    def _entry(
        self,
        listing: WholesaleListing,
        sku_name: str,
        kind: str,
        rules: list[dict[str, Any]],
        sku: WholesaleSku | None,
    ) -> dict[str, Any]:
        # Named as the CSV writes the SKU (`'+KPS-1` for `+KPS-1`), which is what the store keeps.
        entry: dict[str, Any] = {"sku": neutralise_formula(sku_name), "type": kind}
        if sku is not None:
            entry["wholesale_price"] = {ROLE: str(in_currency(self._context, sku.price))}
        entry["wholesale_minimum_order_quantity"] = {ROLE: listing.moq}
        entry["wholesale_quantity_discount_rule_mapping"] = rules
        return entry

    def _product_cells(
        self, listing: WholesaleListing, kind: str, sku_name: str, rules: list[dict[str, Any]]
    ) -> list[CsvCell]:
        row: list[CsvCell] = [None] * len(HEADERS)
        row[_INDEX["Type"]] = kind
        row[_INDEX["SKU"]] = sku_name
        row[_INDEX["Name"]] = listing.title
        row[_INDEX["Published"]] = PUBLISHED
        row[_INDEX["Description"]] = listing.description
        if listing.package_weight_kg is not None:
            row[_INDEX[f"Weight ({WEIGHT_UNIT})"]] = plain(listing.package_weight_kg)
        if listing.package_size_cm is not None:
            length, width, height = listing.package_size_cm
            row[_INDEX[f"Length ({DIMENSION_UNIT})"]] = plain(length)
            row[_INDEX[f"Width ({DIMENSION_UNIT})"]] = plain(width)
            row[_INDEX[f"Height ({DIMENSION_UNIT})"]] = plain(height)
        row[_INDEX["Categories"]] = category_path(listing.category)
        row[_INDEX["Tags"]] = listed(listing.keywords)
        row[_INDEX["Images"]] = listed(listing.images)
        row[_INDEX[META_RULES]] = "yes" if rules else "no"
        return row

    def _parent_row(
        self, listing: WholesaleListing, names: list[str], rules: list[dict[str, Any]]
    ) -> list[CsvCell]:
        row = self._product_cells(listing, "variable", parent_sku(listing), rules)
        for n, name in enumerate(names, 1):
            values = [sku.options[name] for sku in listing.skus if name in sku.options]
            values = list(dict.fromkeys(values))
            row[_INDEX[f"Attribute {n} name"]] = name
            row[_INDEX[f"Attribute {n} value(s)"]] = listed(values)
            row[_INDEX[f"Attribute {n} visible"]] = 1
            row[_INDEX[f"Attribute {n} global"]] = 0
        return row

    def _variation_row(
        self, listing: WholesaleListing, names: list[str], sku: WholesaleSku, number: int
    ) -> list[CsvCell]:
        row: list[CsvCell] = [None] * len(HEADERS)
        values = [sku.options[name] for name in names if name in sku.options]
        row[_INDEX["Type"]] = "variation"
        row[_INDEX["SKU"]] = variation_sku(listing, sku, number)
        row[_INDEX["Parent"]] = parent_sku(listing)
        row[_INDEX["Name"]] = f"{listing.title} - {', '.join(values)}" if values else listing.title
        row[_INDEX["Published"]] = VARIATION_PUBLISHED
        for n, name in enumerate(names, 1):
            if name in sku.options:
                row[_INDEX[f"Attribute {n} name"]] = name
                row[_INDEX[f"Attribute {n} value(s)"]] = listed([sku.options[name]])
                row[_INDEX[f"Attribute {n} global"]] = 0
        if sku.image:
            row[_INDEX["Images"]] = listed([sku.image])
        self._sku_cells(row, listing, sku)
        return row

    def _sku_cells(self, row: list[CsvCell], listing: WholesaleListing, sku: WholesaleSku) -> None:
        if sku.quantity is not None:
            row[_INDEX["In stock?"]] = 1 if sku.quantity > 0 else 0
            row[_INDEX["Stock"]] = sku.quantity
        row[_INDEX["Regular price"]] = in_currency(self._context, sku.retail_price)
        row[_INDEX[META_HAVE]] = "yes"
        row[_INDEX[META_PRICE]] = in_currency(self._context, sku.price)
        row[_INDEX[META_MOQ]] = listing.moq


class WooCommerceTarget(FittingTarget):
    name = "woocommerce"
    description = (
        "WooCommerce: product CSV with Wholesale Suite prices and MOQ, tiers as JSON for its API"
    )
    suffix = ".csv"
    currency = "USD"  # prices are in the store's currency (`store_currency`); USD unless told
    store_currency = True
    buyer_language = "en"
    codes: Mapping[str, str] = CODES
    limits = channel_limits("WooCommerce", variations_max=ATTRIBUTES_MAX)
    columns: Mapping[str, tuple[str, ...]] = {"<stem>.woocommerce.csv": HEADERS}
    # WooCommerce downloads each image from the URL in the Images cell (§2.2); no size rule.
    images = url_images(max_count=100)

    def check(self, listing: WholesaleListing) -> list[Issue]:
        return check(listing)

    def outputs(self, path: Path) -> tuple[Path, ...]:
        return (path, path.with_name(path.stem + TIERS_SUFFIX))

    @contextmanager
    def open_writer(
        self, paths: Sequence[Path], context: WriteContext | None = None
    ) -> Iterator[WooCommerceWriter]:
        csv_path, tiers_path = paths
        with (
            csv_stream(csv_path, encoding=ENCODING, delimiter=DELIMITER) as rows,
            tiers_path.open("w", encoding="utf-8", newline="\n") as tiers,
        ):
            writer = WooCommerceWriter(rows, tiers, context or WriteContext(self.currency))
            yield writer
            writer.close()

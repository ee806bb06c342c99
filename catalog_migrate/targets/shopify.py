"""Shopify: the product CSV of Shopify's importer, and the B2B price list as GraphQL inputs.

The CSV (UTF-8, `,`-separated) has the classic columns in Shopify's documented order
(source-formats.md §3.4): `Handle`, `Title`, `Body (HTML)`, `Vendor`, `Type`, `Tags`, `Published`,
`Option1 Name`, `Option1 Value`, `Option2 Name`, `Option2 Value`, `Option3 Name`,
`Option3 Value`, `Variant SKU`, `Variant Grams`, `Variant Inventory Tracker`,
`Variant Inventory Qty`, `Variant Inventory Policy`, `Variant Fulfillment Service`,
`Variant Price`, `Variant Compare At Price`, `Variant Requires Shipping`, `Variant Taxable`,
`Variant Barcode`, `Image Src`, `Image Position`, `Image Alt Text`, `Gift Card`, `SEO Title`,
`SEO Description`, `Variant Image`, `Variant Weight Unit`, `Status`.

Rows are grouped by `Handle` (§3.4): the first row of a product carries its fields, the option
names, its first variant and first image; the next rows add a variant each and the next image;
images beyond the variants get rows of their own (`Handle`, `Image Src`, `Image Position`).
A product with one SKU and no variation is `Option1 Name` `Title` / `Option1 Value`
`Default Title`. `Handle` is the title in lower-case ASCII words joined by `-`, then the product id,
so two products with one title stay two products. `Variant Price` is the SKU's retail price in the
store's currency; `Variant Grams` is the package weight in grams. Products are written as drafts
(`Published` FALSE, `Status` draft) for the seller to check.

Shopify's B2B prices have no CSV (more-targets.md §2.3, target-formats §2.3): they are set with the
Admin GraphQL mutation `quantityPricingByVariantUpdate` on a B2B price list. The companion
`<output stem>.b2b.jsonl` holds one line per product: `{"handle": ..., "input": {...}}`, the
mutation's `input` with `pricesToAdd` (each variant's wholesale unit price, the listing's first-tier
price, as a fixed price), `quantityRulesToAdd` (minimum = the MOQ, increment INCREMENT) and
`quantityPriceBreaksToAdd` (the ladder's later tiers: `minimumQuantity` and `price`, every minimum
a multiple of the increment). A variant's id exists only once the CSV is imported, so each input
names its variant by `variantSku`, the SKU as the CSV writes it (`'+KPS-1` for `+KPS-1`):
replace it by the `variantId` of the variant with that SKU before sending. Prices are
`MoneyInput` objects (`amount` as a decimal string, `currencyCode`) in the price list's currency,
the store's.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from catalog_migrate.model import Issue, Money, WholesaleListing, WholesaleSku, error
from catalog_migrate.spreadsheet.csv_stream import CsvCell, CsvStream, csv_stream
from catalog_migrate.spreadsheet.formula_guard import neutralise_formula
from catalog_migrate.targets.base import (
    WriteContext,
    channel_limits,
    url_images,
)
from catalog_migrate.targets.fitting import FittingTarget
from catalog_migrate.targets.listing_parts import in_currency, issue_at, variation_names

CODES: dict[str, str] = {
    "variations.too_many": "more than 3 variation names; Shopify takes 3 options",
}

OPTIONS_MAX = 3  # Option1..Option3 (§3.4)
TITLE_MAX = 255  # [I] a Shopify product title holds 255 characters
INCREMENT = 1  # target-formats §2.3 QuantityRuleInput: the default increment
STATUS = "draft"
PUBLISHED = "FALSE"
INVENTORY_TRACKER = "shopify"
INVENTORY_POLICY = "deny"  # do not sell beyond the stock
FULFILLMENT_SERVICE = "manual"
WEIGHT_UNIT = "kg"  # display unit; `Variant Grams` is always grams (§3.4)
ENCODING = "utf-8"
DELIMITER = ","
B2B_SUFFIX = ".b2b.jsonl"
HANDLE_TEXT_MAX = 200  # of the title part; a handle holds 255 characters [I]

HEADERS: tuple[str, ...] = (
    "Handle",
    "Title",
    "Body (HTML)",
    "Vendor",
    "Type",
    "Tags",
    "Published",
    "Option1 Name",
    "Option1 Value",
    "Option2 Name",
    "Option2 Value",
    "Option3 Name",
    "Option3 Value",
    "Variant SKU",
    "Variant Grams",
    "Variant Inventory Tracker",
    "Variant Inventory Qty",
    "Variant Inventory Policy",
    "Variant Fulfillment Service",
    "Variant Price",
    "Variant Compare At Price",
    "Variant Requires Shipping",
    "Variant Taxable",
    "Variant Barcode",
    "Image Src",
    "Image Position",
    "Image Alt Text",
    "Gift Card",
    "SEO Title",
    "SEO Description",
    "Variant Image",
    "Variant Weight Unit",
    "Status",
)
_INDEX = {header: index for index, header in enumerate(HEADERS)}
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def check(listing: WholesaleListing) -> list[Issue]:
    names = variation_names(listing)
    if len(names) <= OPTIONS_MAX:
        return []
    return [
        error(
            "variations.too_many",
            f"{len(names)} variation names ({', '.join(names)}); Shopify takes {OPTIONS_MAX} "
            "options",
            **issue_at(listing, "variation_names"),
        )
    ]


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_WORD.sub("-", ascii_text.lower()).strip("-")


def handle(listing: WholesaleListing) -> str:
    """`Cotton Summer Dress` of product 1729... -> `cotton-summer-dress-1729...`."""
    title = _slug(listing.title)[:HANDLE_TEXT_MAX].strip("-")
    product = _slug(listing.source_product_id)
    return "-".join(part for part in (title, product) if part)


def variant_sku(listing: WholesaleListing, sku: WholesaleSku, number: int) -> str:
    return sku.seller_sku or sku.source_sku_id or f"{handle(listing)}-{number}"


def _money(context: WriteContext, money: Money) -> dict[str, str]:
    return {"amount": str(in_currency(context, money)), "currencyCode": context.currency}


def _grams(kg: Decimal | None) -> int | None:
    return None if kg is None else int((kg * 1000).to_integral_value())


def multiple_of_increment(quantity: int) -> int:
    """target-formats §2.3: rule minimums and break minimums are multiples of the increment."""
    return -(-quantity // INCREMENT) * INCREMENT


def price_breaks(listing: WholesaleListing, minimum: int) -> list[tuple[int, Money]]:
    """The ladder's tiers after the first as (minimum quantity, price), each minimum rounded up to
    a multiple of the increment; a break that lands on the rule's minimum or an earlier break's
    is left out (the lower quantity's price already applies there)."""
    if listing.pricing_mode != "ladder":
        return []
    breaks: list[tuple[int, Money]] = []
    for tier in listing.tiers[1:]:
        quantity = multiple_of_increment(tier.min_quantity)
        if quantity > (breaks[-1][0] if breaks else minimum):
            breaks.append((quantity, tier.price))
    return breaks


def b2b_input(listing: WholesaleListing, context: WriteContext) -> dict[str, Any]:
    """The `input` of quantityPricingByVariantUpdate for every variant of the listing."""
    prices: list[dict[str, Any]] = []
    rules: list[dict[str, Any]] = []
    breaks: list[dict[str, Any]] = []
    minimum = multiple_of_increment(listing.moq)
    later_tiers = price_breaks(listing, minimum)
    for number, sku in enumerate(listing.skus, 1):
        # Named as the CSV writes the SKU (`'+KPS-1` for `+KPS-1`), which is what the store keeps.
        name = neutralise_formula(variant_sku(listing, sku, number))
        prices.append({"variantSku": name, "price": _money(context, sku.price)})
        rules.append({"variantSku": name, "minimum": minimum, "increment": INCREMENT})
        breaks.extend(
            {"variantSku": name, "minimumQuantity": quantity, "price": _money(context, price)}
            for quantity, price in later_tiers
        )
    return {
        "pricesToAdd": prices,
        "quantityRulesToAdd": rules,
        "quantityPriceBreaksToAdd": breaks,
    }


class ShopifyWriter:
    def __init__(self, rows: CsvStream, b2b: IO[str], context: WriteContext) -> None:
        self._rows = rows
        self._b2b = b2b
        self._context = context
        rows.header(HEADERS)

    def write(self, listing: WholesaleListing) -> None:
        names = variation_names(listing)
        if len(names) > OPTIONS_MAX:
            raise ValueError(f"{listing.source_product_id}: too many options to write")
        product_handle = handle(listing)
        skus = listing.skus
        grams = _grams(listing.package_weight_kg)
        for index in range(max(len(skus), len(listing.images))):
            row: list[CsvCell] = [None] * len(HEADERS)
            row[_INDEX["Handle"]] = product_handle
            if index == 0:
                self._product_cells(row, listing, names)
            if index < len(skus):
                self._variant_cells(row, listing, names, skus[index], index + 1, grams)
            if index < len(listing.images):
                row[_INDEX["Image Src"]] = listing.images[index]
                row[_INDEX["Image Position"]] = index + 1
            self._rows.append(row)
        line = {"handle": product_handle, "input": b2b_input(listing, self._context)}
        # ASCII escapes keep every line one line, whatever line separators (U+2028) a value holds.
        self._b2b.write(json.dumps(line) + "\n")

    def _product_cells(
        self, row: list[CsvCell], listing: WholesaleListing, names: list[str]
    ) -> None:
        row[_INDEX["Title"]] = listing.title
        row[_INDEX["Body (HTML)"]] = listing.description
        row[_INDEX["Vendor"]] = listing.brand
        row[_INDEX["Type"]] = _product_type(listing.category)
        row[_INDEX["Tags"]] = ", ".join(listing.keywords)
        row[_INDEX["Published"]] = PUBLISHED
        if names:
            for n, name in enumerate(names, 1):
                row[_INDEX[f"Option{n} Name"]] = name
        else:
            row[_INDEX["Option1 Name"]] = "Title"
        row[_INDEX["Gift Card"]] = "FALSE"
        row[_INDEX["Status"]] = STATUS

    def _variant_cells(
        self,
        row: list[CsvCell],
        listing: WholesaleListing,
        names: list[str],
        sku: WholesaleSku,
        number: int,
        grams: int | None,
    ) -> None:
        if names:
            for n, name in enumerate(names, 1):
                row[_INDEX[f"Option{n} Value"]] = sku.options.get(name)
        else:
            row[_INDEX["Option1 Value"]] = "Default Title"
        row[_INDEX["Variant SKU"]] = variant_sku(listing, sku, number)
        row[_INDEX["Variant Grams"]] = grams
        if sku.quantity is not None:
            row[_INDEX["Variant Inventory Tracker"]] = INVENTORY_TRACKER
            row[_INDEX["Variant Inventory Qty"]] = sku.quantity
        row[_INDEX["Variant Inventory Policy"]] = INVENTORY_POLICY
        row[_INDEX["Variant Fulfillment Service"]] = FULFILLMENT_SERVICE
        row[_INDEX["Variant Price"]] = in_currency(self._context, sku.retail_price)
        row[_INDEX["Variant Requires Shipping"]] = "TRUE"
        row[_INDEX["Variant Taxable"]] = "TRUE"
        row[_INDEX["Variant Image"]] = sku.image
        row[_INDEX["Variant Weight Unit"]] = WEIGHT_UNIT


def _product_type(category: str) -> str:
    """The last level of the category path: `Apparel > Dresses` -> `Dresses`."""
    levels = category.split(">") if ">" in category else category.split("/")
    return levels[-1].strip()


class ShopifyTarget(FittingTarget):
    name = "shopify"
    description = "Shopify: product CSV, and the B2B price list's quantity rules and breaks (JSONL)"
    suffix = ".csv"
    currency = "USD"  # prices are in the store's currency (`store_currency`); USD unless told
    store_currency = True
    buyer_language = "en"
    codes: Mapping[str, str] = CODES
    limits = channel_limits("Shopify", title_max=TITLE_MAX, variations_max=OPTIONS_MAX)
    columns: Mapping[str, tuple[str, ...]] = {"<stem>.shopify.csv": HEADERS}
    # Shopify fetches `Image Src` URLs itself; up to 20 MB and 4472x4472 px per image [I].
    images = url_images(max_count=250)

    def check(self, listing: WholesaleListing) -> list[Issue]:
        return check(listing)

    def outputs(self, path: Path) -> tuple[Path, ...]:
        return (path, path.with_name(path.stem + B2B_SUFFIX))

    @contextmanager
    def open_writer(
        self, paths: Sequence[Path], context: WriteContext | None = None
    ) -> Iterator[ShopifyWriter]:
        csv_path, b2b_path = paths
        with (
            csv_stream(csv_path, encoding=ENCODING, delimiter=DELIMITER) as rows,
            b2b_path.open("w", encoding="utf-8", newline="\n") as b2b,
        ):
            yield ShopifyWriter(rows, b2b, context or WriteContext(self.currency))

"""Faire: the bulk product template, a workbook with one sheet `Products`.

The sheet has Faire's 67 columns in their order and its three header rows: row 1 the labels,
row 2 the notes (Mandatory / Optional ...), row 3 the keys Faire parses (faire-template.md;
more-targets.md §2.1). Data starts in row 4, one row per option (SKU), with the product's name,
selling method, case size and minimum order quantity repeated on each row. Faire's exports of
the same columns are workbooks with the sheet `Products` (more-targets.md §2.1), so the upload
file is one too.

Cells written (the other columns stay empty, which Faire reads as its defaults):
- `Product Name (English)`: the title. `Product Status`: `Draft` (PRODUCT_STATUS), so listings are
  checked in Faire before they are published. `Product Token`: empty for new products (§2.1).
- `Description (English)`: the description as plain text; Faire takes no HTML (target-formats
  §2.4), so tags are removed and block elements and `<br>` become line breaks.
- `Selling Method`: `By the case` when the listing sells packs of one count N of at least 2
  (`Pieces per Pack: 12`), else `By the item`. `Case Size`: N, empty by the item.
  Faire prices, stocks and orders per unit even for case packs (target-formats §2.4), so by the
  case the unit prices are the pack's divided by N, and the minimum order quantity and stock are
  the listing's times N (MOQ >= case size holds).
- `Packaged Weight` + `Packaged Weight Unit` (`kg`), `Packaged Length/Width/Height` +
  `Packaged Dimensions Unit` (`cm`): the listing's package.
- `SKU`: the seller SKU, else the SKU id. `Option 1 Name/Value` ... `Option 3 Name/Value`: the
  variations.
- `<CUR> Unit Wholesale Price`: the SKU's wholesale unit price (the listing's first-tier price,
  the same number as the Alibaba.com SKU price), converted to the run's currency; `<CUR> Unit
  Retail Price`: the SKU's retail price (MSRP) converted. USD is written in the USD columns, CAD,
  GBP, EUR or AUD in theirs.
- `Option Image`: the SKU's image. `Product Images`: the listing's images separated by spaces, on
  the product's first row (Faire needs them on at least one row per product, §2.1).
- `Made In Country`: the place of origin. `On Hand Inventory`: the stock, when known.

Faire's quantity ladder is not a template field (Faire has one wholesale price per option); the
tiers of the listing are not written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

from catalog_migrate.model import Issue, Money, WholesaleListing, error, warning
from catalog_migrate.plain_text import plain_text
from catalog_migrate.spreadsheet.writing import (
    Cell,
    CellKind,
    Column,
    SafeWorkbook,
    SheetStream,
    cell_length,
    fits_in_cell,
    safe_workbook,
    write_text,
)
from catalog_migrate.targets.base import ImageRules, WriteContext, channel_limits, same_money
from catalog_migrate.targets.fitting import FittingTarget, fit_listing
from catalog_migrate.targets.listing_parts import issue_at, sku_label, variation_names

CODES: dict[str, str] = {
    "description.too_long": "the description, as plain text, does not fit in one spreadsheet "
    "cell (32,767 chars)",
    "cell.too_long": "a value written in a cell of its own (name, SKU, option, image URLs) is "
    "longer than a spreadsheet cell holds (32,767 chars)",
    "price.case_unit_below_minimum": "sold by the case, a SKU's wholesale price divided by the "
    "case size rounds below 0.01; the listing is left out",
    "price.ratio_outside": "a SKU's wholesale price is not within 10-80% of its retail price "
    "(MSRP), the band Faire accepts (warning)",
    "unit.case_size_varies": "the SKUs are packs of different counts; Faire sells by the case "
    "with one case size and takes no bundles, so each pack is written as one item (warning)",
    "variations.too_many": "more than 3 variation names; Faire takes 3 options",
}

SHEET = "Products"  # the sheet of Faire's exports (more-targets.md §2.1)
PRODUCT_STATUS = "Draft"  # [T] §2.1: an exporter uploads drafts to check them in Faire first
BY_THE_ITEM = "By the item"  # the row-2 note of `Case Size` names the selling methods (§2.1)
BY_THE_CASE = "By the case"
CASE_SIZE_MIN = 2  # target-formats §2.4: a case size of 1 is "By the item"
OPTIONS_MAX = 3  # Option 1..3 Name/Value
# target-formats §2.4 [T]: "wholesale prices must fall within 10%-80% of the retail price".
RATIO_MIN = Decimal("0.10")
RATIO_MAX = Decimal("0.80")
CELL_MAX = 32_767
WEIGHT_UNIT = "kg"  # §2.1: kg, g, lb or oz
DIMENSIONS_UNIT = "cm"  # §2.1: cm or in
_CENT = Decimal("0.01")

Convert = Callable[[Money], Money]

# (label, key, note) of the 67 columns, in the template's order (faire-template.md).
_OPTIONAL = "Optional"
_TESTER = "Optional, defaults to blank which means there is not a tester"
_CUSTOM = "Mandatory for products with customizations"
_FREE_GBP = "Optional, default to £0.00"
_FREE_EUR = "Optional, default to €0.00"
TEMPLATE: tuple[tuple[str, str, str], ...] = (
    ("Product Name (English)", "product_name_english", "Mandatory"),
    ("Product Status", "info_status_v2", "Optional, defaults to Published"),
    (
        "Product Token",
        "info_product_token",
        "Do not edit for exported products. Leave blank for new products.",
    ),
    ("Product Type", "info_product_type", _OPTIONAL),
    ("Description (English)", "product_description_english", _OPTIONAL),
    ("Selling Method", "selling_method", "Mandatory"),
    (
        "Case Size",
        "case_quantity",
        'Mandatory if selling by the case. Leave blank for "By the item" or "Open sizing".',
    ),
    ("Minimum Order Quantity", "minimum_order_quantity", "Mandatory"),
    ("Item Weight", "item_weight", _OPTIONAL),
    (
        "Item Weight Unit",
        "item_weight_unit",
        "Mandatory if item weight is provided. Select between kg, g, lb, or oz",
    ),
    ("Item Length", "item_length", _OPTIONAL),
    ("Item Width", "item_width", _OPTIONAL),
    ("Item Height", "item_height", _OPTIONAL),
    (
        "Item Dimensions Unit",
        "item_dimensions_unit",
        "Mandatory if item dimensions are provided. Select between cm or in",
    ),
    ("Packaged Weight", "packaged_weight", _OPTIONAL),
    (
        "Packaged Weight Unit",
        "packaged_weight_unit",
        "Mandatory if packaged weight is provided. Select between kg, g, lb, or oz",
    ),
    ("Packaged Length", "packaged_length", _OPTIONAL),
    ("Packaged Width", "packaged_width", _OPTIONAL),
    ("Packaged Height", "packaged_height", _OPTIONAL),
    (
        "Packaged Dimensions Unit",
        "packaged_dimensions_unit",
        "Mandatory if packaged dimensions are provided. Select between cm or in",
    ),
    ("Option Status", "option_status", "Optional, defaults to Published"),
    ("SKU", "sku", _OPTIONAL),
    ("GTIN", "gtin", _OPTIONAL),
    ("Option 1 Name", "option_1_name", _OPTIONAL),
    ("Option 1 Value", "option_1_value", "Mandatory if Option 1 Name is filled"),
    ("Option 2 Name", "option_2_name", _OPTIONAL),
    ("Option 2 Value", "option_2_value", "Mandatory if Option 2 Name is filled"),
    ("Option 3 Name", "option_3_name", _OPTIONAL),
    ("Option 3 Value", "option_3_value", "Mandatory if Option 3 Name is filled"),
    ("USD Unit Wholesale Price", "price_wholesale", "Mandatory"),
    ("USD Unit Retail Price", "price_retail", "Mandatory"),
    ("CAD Unit Wholesale Price", "canadian_price_wholesale", _OPTIONAL),
    ("CAD Unit Retail Price", "canadian_price_retail", _OPTIONAL),
    ("GBR Unit Wholesale Price", "uk_price_wholesale", _OPTIONAL),
    ("GBR Unit Retail Price", "uk_price_retail", _OPTIONAL),
    ("EUR Unit Wholesale Price", "eu_price_wholesale", _OPTIONAL),
    ("EUR Unit Retail Price", "eu_price_retail", _OPTIONAL),
    ("AUD Unit Wholesale Price", "australian_price_wholesale", _OPTIONAL),
    ("AUD Unit Retail Price", "australian_price_retail", _OPTIONAL),
    ("Option Image", "option_image", _OPTIONAL),
    ("Preorder", "preorderable", _OPTIONAL),
    ("Ship By Date (YYYY-MM-DD)", "ship_by_start_date", "Mandatory if Preorder"),
    ("Ship By End Date (if range, YYYY-MM-DD)", "ship_by_end_date", "Optional if Preorder"),
    ("Deadline To Order (YYYY-MM-DD)", "order_by_date", "Optional if Preorder"),
    ("Sell After Order By/Ship Date", "keep_active", "Optional if Preorder"),
    (
        "Product Images",
        "product_images",
        "Mandatory for at least 1 row per product, and should contain at least 1 URL or image "
        "filename",
    ),
    ("Made In Country", "made_in_country", _OPTIONAL),
    ("Tester Price (USD)", "tester_price", _TESTER),
    ("Tester Price (CAD)", "canadian_tester_price", _TESTER),
    ("Tester Price (GBP)", "uk_tester_price", _TESTER),
    ("Tester Price (EUR)", "eu_tester_price", _TESTER),
    ("Tester Price (AUD)", "australian_tester_price", _TESTER),
    ("Customizable", "has_customization", "Optional, default to No"),
    ("Customization Instructions", "customization_instructions", _CUSTOM),
    ("Customization Input Required", "customization_input_required", "Optional, default to No"),
    ("Customization Input Character Limit", "customization_input_limit", _CUSTOM),
    ("Customization Minimum Order Quantity", "customization_moq", _CUSTOM),
    ("Customization Charge Per Unit (USD)", "customization_charge", "Optional, default to $0.00"),
    (
        "Customization Charge Per Unit (CAD)",
        "canadian_customization_charge",
        "Optional, default to $0.00",
    ),
    ("Customization Charge Per Unit (GBP)", "uk_customization_charge", _FREE_GBP),
    ("Customization Charge Per Unit (EUR)", "eu_customization_charge", _FREE_EUR),
    (
        "Customization Charge Per Unit (AUD)",
        "australian_customization_charge",
        "Optional, default to $0.00",
    ),
    ("Continue selling when out of stock", "continue_selling_when_out_of_stock", _OPTIONAL),
    ("On Hand Inventory", "on_hand_inventory", _OPTIONAL),
    ("On Hand Inventory (Read Only)", "on_hand_inventory_original", _OPTIONAL),
    ("Restock Date", "restock_date", _OPTIONAL),
    ("HS6 Tariff Code", "tariff_code", _OPTIONAL),
)
LABELS = tuple(label for label, _, _ in TEMPLATE)
KEYS = tuple(key for _, key, _ in TEMPLATE)
NOTES = tuple(note for _, _, note in TEMPLATE)

# The wholesale and retail price keys of each currency Faire prices in (§2.1).
PRICE_KEYS: dict[str, tuple[str, str]] = {
    "USD": ("price_wholesale", "price_retail"),
    "CAD": ("canadian_price_wholesale", "canadian_price_retail"),
    "GBP": ("uk_price_wholesale", "uk_price_retail"),
    "EUR": ("eu_price_wholesale", "eu_price_retail"),
    "AUD": ("australian_price_wholesale", "australian_price_retail"),
}

_KINDS: dict[str, CellKind] = {
    **{key: CellKind.PRICE for pair in PRICE_KEYS.values() for key in pair},
    "case_quantity": CellKind.INTEGER,
    "minimum_order_quantity": CellKind.INTEGER,
    "on_hand_inventory": CellKind.INTEGER,
    "packaged_weight": CellKind.WEIGHT,
    # Centimetres, shown with 2 decimals like a price.
    "packaged_length": CellKind.PRICE,
    "packaged_width": CellKind.PRICE,
    "packaged_height": CellKind.PRICE,
    "sku": CellKind.ID,
}
_WIDE = {"product_name_english": 50, "product_description_english": 60, "product_images": 40}
COLUMNS: tuple[Column, ...] = tuple(
    Column(label, _KINDS.get(key, CellKind.TEXT), _WIDE.get(key, 16), key.endswith("english"))
    for label, key, _ in TEMPLATE
)
_INDEX = {key: index for index, key in enumerate(KEYS)}

# `Pieces per Pack`, `Pairs per Box`: the specification mapping writes for packs.
_PER_UNIT = re.compile(r"^\w+ per (?P<unit>\w+)$")


def pack_counts(listing: WholesaleListing) -> tuple[str, str] | None:
    """The pack specification (`Pieces per Pack`, `12` or `6, 12 (by SKU)`) of a listing sold in
    packs, sets or boxes, or None."""
    singular = listing.unit.split("/", 1)[0].strip()
    for name, value in listing.specifications.items():
        match = _PER_UNIT.match(name)
        if match and match["unit"] == singular:
            return name, value
    return None


def case_size(listing: WholesaleListing) -> int | None:
    """The units in one case when the listing sells packs of one count (at least 2), else None."""
    found = pack_counts(listing)
    if found is None or not found[1].isdigit():
        return None
    count = int(found[1])
    return count if count >= CASE_SIZE_MIN else None


def check_case_size(listing: WholesaleListing) -> Iterator[Issue]:
    found = pack_counts(listing)
    if found is not None and not found[1].isdigit():
        name, value = found
        yield warning(
            "unit.case_size_varies",
            f"the SKUs hold different counts ({name}: {value}); Faire sells a product by the case "
            "with one case size and takes no bundles, so each pack is written as one item: list "
            "each count as its own product, or set the case size in Faire",
            **issue_at(listing, "unit"),
        )


def check_unit_prices(listing: WholesaleListing) -> Iterator[Issue]:
    """By the case the unit price is the pack's over the case size; it must stay a price."""
    case = case_size(listing)
    if case is None:
        return
    for sku in listing.skus:
        if (sku.price.amount / case).quantize(_CENT, rounding=ROUND_HALF_UP) < _CENT:
            yield error(
                "price.case_unit_below_minimum",
                f"SKU {sku_label(sku)}: {sku.price.amount} {sku.price.currency} a case of {case} "
                f"is under 0.01 {sku.price.currency} a unit; Faire prices each unit",
                **issue_at(listing, "price"),
            )
            return


def check_price_ratio(listing: WholesaleListing, convert: Convert = same_money) -> Iterator[Issue]:
    """target-formats §2.4 [T]: wholesale within 10-80% of retail. `convert` brings the retail
    price (in the shop's currency) into the wholesale price's; without one, only SKUs whose two
    prices share a currency are compared."""
    for sku in listing.skus:
        retail = convert(sku.retail_price)
        if retail.currency != sku.price.currency or retail.amount <= 0:
            continue
        ratio = sku.price.amount / retail.amount
        if not RATIO_MIN <= ratio <= RATIO_MAX:
            yield warning(
                "price.ratio_outside",
                f"SKU {sku_label(sku)}: wholesale {sku.price.amount} {sku.price.currency} is "
                f"{_percent(ratio)} of its retail price {retail.amount} {retail.currency}; Faire "
                f"accepts {_percent(RATIO_MIN)}-{_percent(RATIO_MAX)}",
                product_key=listing.source_product_id,
                sku=sku_label(sku),
                field="price",
                source_row=sku.source_row,
            )


def _percent(ratio: Decimal) -> str:
    return f"{(ratio * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"


def check_options(listing: WholesaleListing) -> Iterator[Issue]:
    names = variation_names(listing)
    if len(names) > OPTIONS_MAX:
        yield error(
            "variations.too_many",
            f"{len(names)} variation names ({', '.join(names)}); Faire takes {OPTIONS_MAX} options",
            **issue_at(listing, "variation_names"),
        )


def check_cells(listing: WholesaleListing) -> Iterator[Issue]:
    length = cell_length(listing.description)
    if length > CELL_MAX:
        yield error(
            "description.too_long",
            f"the description has {length:,} characters; a cell holds {CELL_MAX:,}",
            **issue_at(listing, "description"),
        )
    product_cells = [
        ("title", listing.title),
        ("place_of_origin", listing.place_of_origin),
        ("images", " ".join(listing.images)),
    ]
    for field, text in product_cells:
        if not fits_in_cell(text, CELL_MAX):
            yield error("cell.too_long", _too_long(field, text), **issue_at(listing, field))
    for sku in listing.skus:
        texts = [sku.seller_sku or sku.source_sku_id or "", sku.image or ""]
        texts += [text for pair in sku.options.items() for text in pair]
        for text in texts:
            if not fits_in_cell(text, CELL_MAX):
                yield error(
                    "cell.too_long",
                    _too_long("SKU cell", text),
                    product_key=listing.source_product_id,
                    sku=sku_label(sku)[:60],
                    field="skus",
                    source_row=sku.source_row,
                )


def _too_long(field: str, text: str) -> str:
    name = field.replace("_", " ")
    return f"the {name} has {cell_length(text):,} characters; a cell holds {CELL_MAX:,}"


def fit(listing: WholesaleListing) -> WholesaleListing:
    """The listing as Faire takes it: a plain-text description (no HTML, target-formats §2.4)."""
    text = plain_text(listing.description)
    if text == listing.description:
        return listing
    return listing.model_copy(update={"description": text})


def check(listing: WholesaleListing, convert: Convert = same_money) -> list[Issue]:
    return [
        *check_options(listing),
        *check_case_size(listing),
        *check_unit_prices(listing),
        *check_price_ratio(listing, convert),
        *check_cells(listing),
    ]


class FaireWriter:
    """Streams one row per SKU into the `Products` sheet."""

    def __init__(self, book: SafeWorkbook, context: WriteContext) -> None:
        if context.currency not in PRICE_KEYS:
            known = ", ".join(PRICE_KEYS)
            raise ValueError(f"Faire prices in {known}, not {context.currency}")
        self._context = context
        wholesale, retail = PRICE_KEYS[context.currency]
        self._wholesale = _INDEX[wholesale]
        self._retail = _INDEX[retail]
        self._sheet = FaireSheet(book, SHEET, COLUMNS)

    def _price(self, money: Money, per: int) -> Decimal:
        converted = self._context.convert(money)
        if converted.currency != self._context.currency:
            raise ValueError(f"no conversion of {money} into {self._context.currency} was given")
        amount = converted.amount if per == 1 else converted.amount / per
        return amount.quantize(_CENT, rounding=ROUND_HALF_UP)

    def write(self, listing: WholesaleListing) -> None:
        names = variation_names(listing)
        if len(names) > OPTIONS_MAX:
            raise ValueError(f"{listing.source_product_id}: too many options to write")
        case = case_size(listing)
        per = case or 1
        size = listing.package_size_cm
        for number, sku in enumerate(listing.skus):
            row: list[Cell] = [None] * len(COLUMNS)

            def put(key: str, value: Cell, row: list[Cell] = row) -> None:
                row[_INDEX[key]] = value

            put("product_name_english", listing.title)
            put("info_status_v2", PRODUCT_STATUS)
            put("product_description_english", listing.description)
            put("selling_method", BY_THE_CASE if case else BY_THE_ITEM)
            put("case_quantity", case)
            put("minimum_order_quantity", listing.moq * per)
            if listing.package_weight_kg is not None:
                put("packaged_weight", listing.package_weight_kg)
                put("packaged_weight_unit", WEIGHT_UNIT)
            if size is not None:
                put("packaged_length", size[0])
                put("packaged_width", size[1])
                put("packaged_height", size[2])
                put("packaged_dimensions_unit", DIMENSIONS_UNIT)
            put("sku", sku.seller_sku or sku.source_sku_id)
            for axis, name in enumerate(names, 1):
                if name in sku.options:
                    put(f"option_{axis}_name", name)
                    put(f"option_{axis}_value", sku.options[name])
            row[self._wholesale] = self._price(sku.price, per)
            row[self._retail] = self._price(sku.retail_price, per)
            put("option_image", sku.image)
            if number == 0:
                put("product_images", " ".join(listing.images))
            put("made_in_country", listing.place_of_origin)
            put("on_hand_inventory", None if sku.quantity is None else sku.quantity * per)
            self._sheet.append(row)


class FaireSheet(SheetStream):
    """A sheet whose header is Faire's three rows: labels, notes, keys."""

    def _start_sheet(self, name: str) -> None:
        super()._start_sheet(name)
        note_format = self._book.cell_format(wrap=True)
        for row, texts in ((1, NOTES), (2, KEYS)):
            for col, text in enumerate(texts):
                write_text(self._sheet, row, col, text, note_format)
        self._sheet.freeze_panes(3, 0)
        self._row = 3


class FaireTarget(FittingTarget):
    name = "faire"
    description = "Faire: the bulk product template (.xlsx), one row per option, unit prices"
    suffix = ".xlsx"
    currency = "USD"  # §2.1: the USD price columns are the mandatory ones
    store_currency = False
    buyer_language = "en"  # §2.1: Product Name (English), Description (English)
    codes: Mapping[str, str] = CODES
    # Faire documents three options (§2.1); its other limits are checked by its own rules.
    limits = channel_limits("Faire", variations_max=OPTIONS_MAX)
    columns: Mapping[str, tuple[str, ...]] = {SHEET: LABELS}
    # Faire downloads the images from the URLs in the cells (§2.1 "at least 1 URL or image
    # filename"). Faire publishes no image spec (more-targets.md §6): loose defaults [I].
    images = ImageRules(
        min_side=1,
        max_bytes=20 * 1024 * 1024,
        min_aspect=Fraction(1, 4),
        max_aspect=Fraction(4, 1),
        min_count=1,
        max_count=10,
        cell="url",
    )

    def check(self, listing: WholesaleListing) -> list[Issue]:
        return check(listing)

    def prepare(
        self, listing: WholesaleListing, convert: Convert = same_money
    ) -> tuple[WholesaleListing, list[Issue]]:
        """`convert` (optional) turns a retail price into the listing's currency, so the 10-80%
        rule also holds for a shop that prices in its own currency."""
        fitted, notes = fit_listing(listing, self.limits, self.images.max_count)
        fitted = fit(fitted)
        return fitted, [*notes, *check(fitted, convert)]

    @contextmanager
    def open_writer(
        self, paths: Sequence[Path], context: WriteContext | None = None
    ) -> Iterator[FaireWriter]:
        (path,) = paths
        with safe_workbook(path) as book:
            yield FaireWriter(book, context or WriteContext(self.currency))

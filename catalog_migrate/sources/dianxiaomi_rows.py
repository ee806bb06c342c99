"""What the two Dianxiaomi (店小秘) formats share: header names, SKU rows read through them, and
turning the rows of one product into a RetailProduct (source-formats §7).

Each format maps its own headers onto the field names below; a row is then read the same way
whichever file it came from. One row is one SKU.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from catalog_migrate.errors import InputError
from catalog_migrate.model import (
    Attribute,
    Issue,
    Money,
    RetailProduct,
    RetailVariant,
    error,
    warning,
)
from catalog_migrate.money import ParsedPrice, PriceProblem
from catalog_migrate.sources.base import ColumnMap, SourceOptions
from catalog_migrate.sources.repeats import duplicate_seller_sku, later_repeats
from catalog_migrate.sources.tiktok_cells import (
    CM_PER,
    GRAMS_PER,
    Invalid,
    axis_name,
    clean_brand,
    is_url,
    parse_measure,
    parse_quantity,
    read_price,
)
from catalog_migrate.sources.tiktok_sheet import currency_of_prices
from catalog_migrate.spreadsheet.reading import (
    Cell,
    IdCell,
    SheetData,
    cell_text,
    read_id,
    read_sheet,
)

AXES = (1, 2, 3)
IMAGES = tuple(f"image_{number}" for number in range(1, 10))
MEASURES = (
    ("weight", "weight_g", GRAMS_PER),
    ("length", "length_cm", CM_PER),
    ("width", "width_cm", CM_PER),
    ("height", "height_cm", CM_PER),
)
_MARKS = re.compile(r"[*＊]|（必填）|\(必填\)|\s+")

IssueMaker = Callable[..., Issue]
AttributeReader = Callable[[str], "list[Attribute] | str"]


def normalise_header(text: str) -> str:
    """`*产品标题\\n（必填）` -> `产品标题`: the required marks and all whitespace dropped."""
    return _MARKS.sub("", text)


class HeaderRowSource:
    """A format whose first row holds its headers and whose data follows (both Dianxiaomi files).

    Subclasses name the headers they read (`HEADERS`), say which ones identify the format
    (`has_headers`) and what a refusal says; sniffing, the column map for `inspect` and getting
    the sheet are the same for all of them.
    """

    HEADERS: Mapping[str, str]
    kind: str  # how a message names the format, e.g. "Dianxiaomi export"

    def has_headers(self, header: Sequence[Cell]) -> bool:
        raise NotImplementedError

    def refusal(self, first_rows: Sequence[Sequence[str]]) -> str:
        raise NotImplementedError

    def sniff(self, path: Path, first_rows: Sequence[Sequence[str]]) -> bool:
        return bool(first_rows) and self.has_headers(first_rows[0])

    def column_map(self, rows: Sequence[Sequence[Cell]]) -> ColumnMap | None:
        if not rows or not self.has_headers(rows[0]):
            return None
        found = header_column_map(rows[0], self.HEADERS)
        return replace(found, skipped_rows=self.skipped_rows(rows))

    def skipped_rows(self, rows: Sequence[Sequence[Cell]]) -> list[int]:
        """Rows (0-based) the format skips as its template's notes; none unless it has notes."""
        return []

    def header_sheet(self, path: Path, options: SourceOptions) -> SheetData:
        """The sheet (the one detection read, when whole), checked to start with our headers."""
        sheet = options.sheet
        if sheet is None or not (sheet.complete or options.head_only):
            sheet = read_sheet(path, options.limits, encoding=options.encoding)
        if not sheet.rows or not self.has_headers(sheet.rows[0]):
            raise InputError(f"{sheet.where} is not a {self.kind}: {self.refusal([])}")
        return sheet


def header_column_map(header: Sequence[Cell], names: Mapping[str, str]) -> ColumnMap:
    """The column map of a sheet whose first row holds the headers and whose data follows."""
    found = header_index(header, names)
    labels = [" ".join(cell_text(value).split()) for value in header]
    read = set(found.values())
    return ColumnMap(
        key_row=None,
        label_row=0,
        data_start=1,
        columns={field: (index, labels[index]) for field, index in found.items()},
        unread=[label for index, label in enumerate(labels) if label and index not in read],
    )


def header_index(header: Sequence[Cell], names: Mapping[str, str]) -> dict[str, int]:
    """field -> column index, for the headers in `names` (normalised header -> field)."""
    found: dict[str, int] = {}
    for index, value in enumerate(header):
        wanted = names.get(normalise_header(cell_text(value)))
        if wanted is not None:
            found.setdefault(wanted, index)
    return found


@dataclass(frozen=True)
class Row:
    """One SKU row. `number` is the 1-based row as the seller counts rows in the file."""

    number: int
    cells: Sequence[Cell]
    columns: Mapping[str, int]
    # Values a format fixes for every row, e.g. axis names taken from its headers.
    fixed: Mapping[str, str] = field(default_factory=dict)

    def cell(self, key: str) -> Cell:
        if key in self.fixed:
            return self.fixed[key]
        index = self.columns.get(key)
        return self.cells[index] if index is not None and index < len(self.cells) else None

    def text(self, key: str) -> str:
        return cell_text(self.cell(key))

    def identifier(self, key: str) -> IdCell:
        return read_id(self.cell(key))


def seller_sku_repeats(rows: Sequence[Row]) -> dict[int, int]:
    """row -> the earlier row with the same seller SKU, over the whole file."""
    by_number = {row.number: row for row in rows}
    return later_repeats(
        ((row.number, row.text("seller_sku")) for row in rows),
        usable=lambda number: not by_number[number].identifier("seller_sku").float_corrupted,
    )


def run_currency(sheet: SheetData, rows: Sequence[Row], given: str | None) -> tuple[str, bool]:
    """(currency, inferred): --currency when given, else the one the price symbols name.

    Neither format says which currency its prices are in (the shop's site currency), so a file of
    bare numbers is refused with the TikTok source's request for --currency.
    """
    if given:
        return given, False
    return currency_of_prices(sheet.file_name, [row.cell("price") for row in rows]), True


def currency_warning(currency: str) -> Issue:
    return warning(
        "currency.inferred",
        f"prices read as {currency}, the currency their symbols name; pass --currency to set it",
        field="price",
    )


class ProductBuilder:
    """The rows of one product -> the warnings about it, then the RetailProduct."""

    def __init__(
        self,
        rows: list[Row],
        *,
        key: str,
        product_id: str | None,
        category: str | None,
        currency: str,
        source_format: str,
        weight_unit: str,
        read_attributes: AttributeReader | None = None,
        seller_sku_repeats: Mapping[int, int] | None = None,
    ) -> None:
        self.rows = rows
        self.key = key
        self.product_id = product_id
        self.category = category
        self.currency = currency
        self.source_format = source_format
        self.weight_unit = weight_unit
        self.read_attributes = read_attributes
        self.seller_sku_repeats = seller_sku_repeats or {}
        self.warnings: list[Issue] = []
        self.rejected: list[Issue] = []

    def build(self) -> Iterator[RetailProduct | Issue]:
        axes = self._axes()
        product = RetailProduct(
            key=self.key,
            product_id=self.product_id,
            title=self._first_text("title"),
            description=self._first_text("description"),
            category=self.category,
            brand=clean_brand(self._first_text("brand")),
            images=self._images(),
            attributes=self._attributes(),
            variation_names=[name for _, name in axes],
            variants=self._variants(axes),
            source_format=self.source_format,
            source_rows=[row.number for row in self.rows],
            rejected=self.rejected,
            **self._measures(),
        )
        yield from self.warnings
        yield product

    # -- SKUs --

    def _variants(self, axes: list[tuple[int, str]]) -> list[RetailVariant]:
        variants: list[RetailVariant] = []
        seen: set[tuple[tuple[str, str], ...]] = set()
        for row in self.rows:
            options = {
                name: value for number, name in axes if (value := row.text(f"value_{number}"))
            }
            price = read_price(row.cell("price"), self.currency)
            combination = tuple(options.items())
            problem: Issue | None = None
            if isinstance(price, PriceProblem):
                problem = self._issue(error, row, price.code, price.message, "price")
            elif axes and not options:
                problem = self._issue(
                    error,
                    row,
                    "variation.missing",
                    "the SKU has no variation value, but other SKUs of the product have",
                    "value_1",
                )
            elif combination in seen:
                shown = ", ".join(f"{name}: {value}" for name, value in options.items()) or "none"
                problem = self._issue(
                    error,
                    row,
                    "variation.duplicate",
                    f"the variation values ({shown}) repeat an earlier SKU of this product",
                    "value_1",
                )
            if problem is not None:
                self.rejected.append(problem)
                continue
            assert isinstance(price, ParsedPrice)
            seen.add(combination)
            variants.append(self._variant(row, options, price.amount))
        return variants

    def _variant(self, row: Row, options: dict[str, str], amount: Decimal) -> RetailVariant:
        seller_sku = row.identifier("seller_sku")
        if seller_sku.float_corrupted:
            self.warnings.append(
                self._issue(
                    warning,
                    row,
                    "id.float_corrupted",
                    f"the seller SKU {seller_sku.text} lost digits when it was saved as a "
                    "number; it is left empty",
                    "seller_sku",
                )
            )
        earlier = self.seller_sku_repeats.get(row.number)
        if seller_sku.text and earlier is not None:
            self.warnings.append(
                duplicate_seller_sku(
                    seller_sku.text, earlier, row.number, product_key=self.key, sku=seller_sku.text
                )
            )
        # A variant image cell may list several URLs, one a line: the first is the SKU's image.
        image = next(iter(row.text("variant_image").split()), "")
        gtin = row.identifier("gtin")
        return RetailVariant(
            seller_sku=None if seller_sku.float_corrupted else seller_sku.text,
            options=options,
            price=Money(amount=amount, currency=self.currency),
            quantity=self._quantity(row),
            image=image if is_url(image) else None,
            gtin=None if gtin.float_corrupted else gtin.text,
            source_row=row.number,
        )

    def _quantity(self, row: Row) -> int | None:
        value = parse_quantity(row.cell("quantity"))
        if isinstance(value, Invalid):
            self.warnings.append(
                self._issue(
                    warning,
                    row,
                    "quantity.invalid",
                    f"the stock cell {value.reason}; the stock is left unknown",
                    "quantity",
                )
            )
            return None
        return value

    # -- product fields --

    def _axes(self) -> list[tuple[int, str]]:
        axes: list[tuple[int, str]] = []
        for number in AXES:
            if not any(row.text(f"value_{number}") for row in self.rows):
                continue
            name, mismatch = axis_name(
                [row.text(f"name_{number}") for row in self.rows],
                number,
                [taken for _, taken in axes],
                product_key=self.key,
                source_row=self.rows[0].number,
                field=f"name_{number}",
            )
            if mismatch is not None:
                self.warnings.append(mismatch)
            axes.append((number, name))
        return axes

    def _first_text(self, key: str) -> str:
        return next((text for row in self.rows if (text := row.text(key))), "")

    def _images(self) -> list[str]:
        row = next((row for row in self.rows if any(row.text(key) for key in IMAGES)), None)
        images: list[str] = []
        for key in IMAGES if row is not None else ():
            assert row is not None
            text = row.text(key)
            if not text:
                continue
            if not is_url(text):
                self.warnings.append(
                    self._issue(
                        warning,
                        row,
                        "image.not_url",
                        f"image {key.removeprefix('image_')} holds {text[:60]!r}, not a URL; "
                        "it is skipped",
                        key,
                    )
                )
            elif text not in images:
                images.append(text)
        return images

    def _attributes(self) -> list[Attribute]:
        if self.read_attributes is None:
            return []
        row = next((row for row in self.rows if row.text("attributes")), None)
        if row is None:
            return []
        read = self.read_attributes(row.text("attributes"))
        if isinstance(read, str):
            self.warnings.append(
                self._issue(
                    warning,
                    row,
                    "attributes.invalid",
                    f"the product attributes cell {read}; the product has no attributes",
                    "attributes",
                )
            )
            return []
        return read

    def _measures(self) -> dict[str, Decimal | None]:
        measures: dict[str, Decimal | None] = {}
        for key, field_name, per_unit in MEASURES:
            measures[field_name] = None
            row = next((row for row in self.rows if row.text(key)), None)
            if row is None:
                continue
            unit = self.weight_unit if key == "weight" else "cm"
            value = parse_measure(row.cell(key), unit, per_unit)
            if isinstance(value, Invalid):
                self.warnings.append(
                    self._issue(
                        warning,
                        row,
                        "parcel.invalid",
                        f"the {key} {value.reason}; it is left empty",
                        key,
                    )
                )
                continue
            measures[field_name] = value
        return measures

    def _issue(self, make: IssueMaker, row: Row, code: str, message: str, where: str) -> Issue:
        seller_sku = row.identifier("seller_sku")
        return make(
            code,
            message,
            product_key=self.key,
            sku=seller_sku.text if not seller_sku.float_corrupted else None,
            field=where,
            source_row=row.number,
        )

"""TikTok Shop Seller Center workbooks (batch-upload template, batch-edit/product export) and
their CSV copies, read into RetailProducts.

One row is one SKU (source-formats §1.1). Rows are grouped into products by `product_id` where
the row has a usable one, else by (category, product name), and need not be adjacent. A row that
cannot be used goes into its product's `rejected` list as an error Issue naming its source row;
a row without a product name or id is yielded as a bare error Issue.

Decisions worth knowing:
- A product_id or sku_id that went through a float (`id.float_corrupted`) rejects the SKU: the
  id no longer names the product or SKU on TikTok, so grouping and identity are unsafe. A damaged
  seller_sku only loses its value, with a warning: the seller's own code is not an identity here.
- A product without a product_id is keyed `tt-<hash>` of its normalised category and name, stable
  across runs and edits to other rows.
- The combined `variation_value` text (`Red, XL`) is split at its comma into two options only
  when the product's variation names (`property_name_1`, `property_name_2`) say there are two
  axes and every value splits in two; else it is kept whole as one option (named by the one
  variation name, else `Variation`), with `variation.not_split` when two names were given.
- The category keeps the path as given, minus a leading numeric id segment (2023 `id/name` form).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
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
from catalog_migrate.money import (
    PRICE_CODES,
    ParsedPrice,
    PriceProblem,
    currency_named_in,
)
from catalog_migrate.sources.base import ColumnMap, SourceOptions
from catalog_migrate.sources.instruction_rows import CODES as INSTRUCTION_CODES
from catalog_migrate.sources.instruction_rows import instruction_skipped
from catalog_migrate.sources.repeats import CODES as REPEAT_CODES
from catalog_migrate.sources.repeats import (
    duplicate_seller_sku,
    duplicate_sku_id,
    later_repeats,
)
from catalog_migrate.sources.tiktok_cells import (
    CM_PER,
    GRAMS_PER,
    STOCK_LIMIT,
    Invalid,
    axis_name,
    clean_brand,
    clean_category,
    is_url,
    parse_measure,
    parse_quantity,
    product_key,
    read_price,
)
from catalog_migrate.sources.tiktok_layout import (
    Column,
    Layout,
    attribute_name,
    find_layout,
    refusal_reason,
)
from catalog_migrate.spreadsheet.reading import (
    Cell,
    IdCell,
    SheetData,
    cell_text,
    read_id,
    read_sheet,
)

CODES: dict[str, str] = {
    **PRICE_CODES,
    **INSTRUCTION_CODES,
    **REPEAT_CODES,
    "input.no_rows": "the sheet has TikTok Shop headers but no product rows (warning)",
    "currency.inferred": "no --currency was given; the currency was read from the price symbols",
    "product.name_missing": "a row has data but neither a product name nor a product id",
    "id.float_corrupted": (
        "an id went through a float and lost digits: an error for product_id and sku_id, a "
        "warning (the value is dropped) for seller_sku"
    ),
    "variation.missing": "a SKU of a multi-SKU product has no variation value",
    "variation.duplicate": "a SKU repeats the variation values of an earlier SKU of its product",
    "variation.not_split": (
        "the product names two variations, but a combined variation value is not two values "
        "joined by a comma; the values are kept whole as one variation (warning)"
    ),
    "variation.name_mismatch": "rows of one product name a variation differently; the first wins",
    "quantity.invalid": (
        "a stock cell is not a whole number from 0 to 999,999,999 (a spreadsheet error, `²`, a "
        "300-digit or `1E+20` stock); the stock is unknown"
    ),
    "parcel.invalid": "a parcel weight or size is not a positive number; it is left empty",
    "image.not_url": "an image cell holds text that is not a URL; it is skipped",
}

IMAGE_KEYS = ("main_image", *(f"image_{number}" for number in range(2, 10)))
MEASURES = (
    ("parcel_weight", "weight_g", "g", GRAMS_PER),
    ("parcel_length", "length_cm", "cm", CM_PER),
    ("parcel_width", "width_cm", "cm", CM_PER),
    ("parcel_height", "height_cm", "cm", CM_PER),
)
COMBINED_VARIATION = "Variation"

IssueMaker = Callable[..., Issue]


@dataclass(frozen=True)
class Axis:
    """A variation axis of one product: the column holding its values, and its name."""

    value_key: str  # `property_value_1`, `property_value_2` or `variation_value`
    name: str
    part: int | None = None  # which comma-separated part of a combined `variation_value`


class TikTokSheetSource:
    name = "tiktok-sheet"
    description = "TikTok Shop Seller Center template or product export (.xlsx, .xls, .csv)"
    codes: Mapping[str, str] = CODES

    def sniff(self, path: Path, first_rows: Sequence[Sequence[str]]) -> bool:
        # A price column is required too: an ERP export shares labels such as 商品名称 with
        # TikTok (source-formats §7) and must reach its own source, not this one's refusal.
        layout = find_layout(first_rows)
        return layout is not None and layout.column("price") is not None

    def refusal(self, first_rows: Sequence[Sequence[str]]) -> str:
        """Why `sniff` said no, for detect()'s message."""
        if find_layout(first_rows) is not None:
            return (
                "a product name column but no price column (key `price` or a label such as "
                "'Retail Price (Local Currency)')"
            )
        return refusal_reason(first_rows)

    def column_map(self, rows: Sequence[Sequence[Cell]]) -> ColumnMap | None:
        layout = find_layout(rows)
        if layout is None:
            return None
        read = layout.read_as()
        return ColumnMap(
            key_row=layout.key_row,
            label_row=layout.label_row,
            data_start=layout.data_start,
            columns={name: (index, layout.columns[index].label) for index, name in read.items()},
            unread=[
                column.label or column.key
                for column in layout.columns
                if column.index not in read and (column.label or column.key)
            ],
            skipped_rows=list(layout.instruction_rows),
        )

    def read(self, path: Path, options: SourceOptions) -> Iterator[RetailProduct | Issue]:
        sheet = options.sheet
        if sheet is None or not (sheet.complete or options.head_only):
            sheet = read_sheet(path, options.limits, encoding=options.encoding)
        layout = find_layout(sheet.rows)
        if layout is None:
            raise InputError(
                f"{path.name} is not a TikTok Shop export: {refusal_reason(sheet.rows)}",
                code="input.unrecognised",
            )
        if layout.column("price") is None:
            # Without it the instruction row cannot be told from data, and no SKU can be priced.
            raise InputError(
                f"{sheet.where} has no price column (key `price` or a label such as "
                "'Retail Price (Local Currency)'): export the products again with their prices"
            )
        for index in layout.instruction_rows:
            yield instruction_skipped(index + 1, sheet.rows[index])
        # Every non-empty row from the first data row on is a SKU row: it becomes a variant or a
        # rejection naming its row, never nothing.
        rows = [
            RowView(layout, index + 1, cells)
            for index, cells in enumerate(sheet.rows)
            if index >= layout.data_start and any(cell_text(value) for value in cells)
        ]
        if not rows:
            yield warning(
                "input.no_rows", f"{sheet.where} has TikTok Shop headers but no product rows"
            )
            return
        currency = options.currency or _inferred_currency(sheet, layout, rows)
        if options.currency is None:
            yield warning(
                "currency.inferred",
                f"prices read as {currency}, the currency their symbols name; pass --currency "
                "to set it",
                field="price",
            )
        products = _products(rows, currency)
        # Once the caller lets go of the sheet too (the review app does), each product's rows are
        # freed as it is built, rather than the whole sheet at the end.
        del rows, sheet, options
        yield from products


@dataclass(frozen=True)
class RowView:
    """One SKU row, read through the layout. `number` is the 1-based spreadsheet row."""

    layout: Layout
    number: int
    cells: Sequence[Cell]

    def cell(self, key: str) -> Cell:
        index = self.layout.indexes.get(key)
        if index is None:
            return None
        cells = self.cells
        return cells[index] if index < len(cells) else None

    def at(self, column: Column) -> Cell:
        return self.cells[column.index] if column.index < len(self.cells) else None

    def text(self, key: str) -> str:
        return cell_text(self.cell(key))

    def identifier(self, key: str) -> IdCell:
        return read_id(self.cell(key))


def _inferred_currency(sheet: SheetData, layout: Layout, rows: list[RowView]) -> str:
    return currency_of_prices(sheet.file_name, [row.cell("price") for row in rows])


def currency_of_prices(file_name: str, prices: Sequence[Cell]) -> str:
    """The one currency the price cells' symbols name; InputError asking for --currency else."""
    named = sorted(
        {code for value in prices if isinstance(value, str) if (code := currency_named_in(value))}
    )
    if len(named) == 1:
        return named[0]
    if named:
        raise InputError(
            f"{file_name}: the price cells name several currencies ({', '.join(named)}): "
            "pass --currency with the shop's currency",
            code="currency.required",
        )
    raise InputError(
        f"{file_name} does not say which currency its prices are in: pass --currency "
        "(e.g. --currency IDR) or --region (e.g. --region ID)",
        code="currency.required",
    )


# --- grouping ------------------------------------------------------------------------------------


def _products(rows: list[RowView], currency: str) -> Iterator[RetailProduct | Issue]:
    groups: dict[str, list[RowView]] = {}
    order: list[str | Issue] = []
    for row in rows:
        key = _group_key(row)
        if key is None:
            order.append(
                error(
                    "product.name_missing",
                    "the row has no product name (and no product id), so it belongs to no product",
                    source_row=row.number,
                    field="product_name",
                )
            )
            continue
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(row)
    repeats = Repeats(_repeats(rows, "sku_id"), _repeats(rows, "seller_sku"))
    del rows  # from here each group's rows live until their product is built
    for item in order:
        if isinstance(item, Issue):
            yield item
        else:
            yield from ProductBuilder(groups.pop(item), currency, repeats).build()


@dataclass(frozen=True)
class Repeats:
    """row -> the earlier row with the same SKU id / seller SKU, over the whole file."""

    sku_ids: dict[int, int]
    seller_skus: dict[int, int]


def _repeats(rows: list[RowView], key: str) -> dict[int, int]:
    """row -> the earlier row whose `key` cell holds the same id, over the whole file."""
    column = rows[0].layout.column(key) if rows else None
    if column is None:
        return {}
    index = column.index
    by_number = {row.number: row for row in rows}
    return later_repeats(
        (
            (row.number, cell_text(row.cells[index] if index < len(row.cells) else None))
            for row in rows
        ),
        usable=lambda number: not by_number[number].identifier(key).float_corrupted,
    )


def _group_key(row: RowView) -> str | None:
    product_id = row.identifier("product_id")
    if product_id.text and not product_id.float_corrupted:
        return f"id:{product_id.text}"
    name = row.text("product_name")
    if not name:
        return None
    return "name:" + product_key(clean_category(row.text("category")), name)


# --- one product ---------------------------------------------------------------------------------


class ProductBuilder:
    """Turns the rows of one product into a RetailProduct and the Issues about it."""

    def __init__(self, rows: list[RowView], currency: str, repeats: Repeats | None = None) -> None:
        self.rows = rows
        self.repeats = repeats or Repeats({}, {})
        self.layout = rows[0].layout
        self.currency = currency
        self.warnings: list[Issue] = []
        self.rejected: list[Issue] = []
        self.title = self._first_text("product_name")
        self.category = clean_category(self._first_text("category"))
        product_id = rows[0].identifier("product_id")
        usable_id = product_id.text if not product_id.float_corrupted else None
        self.product_id = usable_id
        self.key = usable_id or product_key(self.category, self.title)

    def build(self) -> Iterator[RetailProduct | Issue]:
        axes = self._axes()
        variants = self._variants(axes)
        product = RetailProduct(
            key=self.key,
            product_id=self.product_id,
            title=self.title,
            description=self._first_text("product_description"),
            category=self.category,
            brand=clean_brand(self._first_text("brand")),
            images=self._images(),
            attributes=self._attributes(),
            variation_names=[axis.name for axis in axes],
            variants=variants,
            source_format=TikTokSheetSource.name,
            source_rows=[row.number for row in self.rows],
            rejected=self.rejected,
            **self._measures(),
        )
        yield from self.warnings
        yield product

    # -- SKUs --

    def _variants(self, axes: list[Axis]) -> list[RetailVariant]:
        variants: list[RetailVariant] = []
        seen: set[tuple[tuple[str, str], ...]] = set()
        for row in self.rows:
            options = _options(row, axes)
            price = read_price(row.cell("price"), self.currency)
            problems = self._row_errors(row, price)
            combination = tuple(options.items())
            if axes and not options:
                problems.append(
                    self._error(
                        row,
                        "variation.missing",
                        "the SKU has no variation value, but other SKUs of the product have",
                        "property_value_1",
                    )
                )
            elif not problems and combination in seen:
                shown = ", ".join(f"{name}: {value}" for name, value in options.items()) or "none"
                problems.append(
                    self._error(
                        row,
                        "variation.duplicate",
                        f"the variation values ({shown}) repeat an earlier SKU of this product",
                        "property_value_1",
                    )
                )
            if problems:
                self.rejected.extend(problems)
                continue
            seen.add(combination)
            assert not isinstance(price, PriceProblem)  # _row_errors rejected the row otherwise
            variants.append(self._variant(row, options, price.amount))
        return variants

    def _row_errors(self, row: RowView, price: ParsedPrice | PriceProblem) -> list[Issue]:
        problems = []
        product_id = row.identifier("product_id")
        if product_id.float_corrupted:
            problems.append(self._float_error(row, "product_id", product_id.text))
        sku_id = row.identifier("sku_id")
        if sku_id.float_corrupted:
            problems.append(self._float_error(row, "sku_id", sku_id.text))
        elif sku_id.text and (earlier := self.repeats.sku_ids.get(row.number)) is not None:
            problems.append(
                duplicate_sku_id(
                    sku_id.text,
                    earlier,
                    product_key=self.key,
                    sku=_sku_label(row),
                    source_row=row.number,
                )
            )
        if isinstance(price, PriceProblem):
            problems.append(self._error(row, price.code, price.message, "price"))
        return problems

    def _variant(self, row: RowView, options: dict[str, str], amount: Decimal) -> RetailVariant:
        seller_sku = row.identifier("seller_sku")
        if seller_sku.float_corrupted:
            self.warnings.append(
                self._issue(
                    warning,
                    row,
                    "id.float_corrupted",
                    f"seller_sku {seller_sku.text} lost digits when it was saved as a number; "
                    "it is left empty",
                    "seller_sku",
                )
            )
        earlier = self.repeats.seller_skus.get(row.number)
        if seller_sku.text and earlier is not None:
            self.warnings.append(
                duplicate_seller_sku(
                    seller_sku.text, earlier, row.number, product_key=self.key, sku=seller_sku.text
                )
            )
        image = row.text("property_1_image")
        return RetailVariant(
            sku_id=row.identifier("sku_id").text,
            seller_sku=None if seller_sku.float_corrupted else seller_sku.text,
            options=options,
            price=Money(amount=amount, currency=self.currency),
            quantity=self._quantity(row),
            image=image if image and is_url(image) else None,
            gtin=row.identifier("gtin_code").text,
            source_row=row.number,
        )

    def _quantity(self, row: RowView) -> int | None:
        total = 0
        seen_any = False
        for column in self.layout.quantity_columns:
            value = parse_quantity(row.at(column))
            if isinstance(value, Invalid):
                where = column.label or column.key
                self.warnings.append(
                    self._issue(
                        warning,
                        row,
                        "quantity.invalid",
                        f"the stock cell {where} {value.reason}; the stock is left unknown",
                        column.key,
                    )
                )
                return None
            if value is not None:
                total += value
                seen_any = True
        if total >= STOCK_LIMIT:
            self.warnings.append(
                self._issue(
                    warning,
                    row,
                    "quantity.invalid",
                    f"the stock cells add up to {total}, too large for a stock; the stock is "
                    "left unknown",
                    "quantity",
                )
            )
            return None
        return total if seen_any else None

    # -- variations --

    def _axes(self) -> list[Axis]:
        axes: list[Axis] = []
        for number in (1, 2):
            value_key = f"property_value_{number}"
            if not any(row.text(value_key) for row in self.rows):
                continue
            name, mismatch = axis_name(
                [row.text(f"property_name_{number}") for row in self.rows],
                number,
                [axis.name for axis in axes],
                product_key=self.key,
                source_row=self.rows[0].number,
                field=f"property_name_{number}",
            )
            if mismatch is not None:
                self.warnings.append(mismatch)
            axes.append(Axis(value_key, name))
        if not axes and any(row.text("variation_value") for row in self.rows):
            axes = self._combined_axes()
        return axes

    def _combined_axes(self) -> list[Axis]:
        """Axes of the combined `variation_value` (`Red, XL`; source-formats §1.5).

        Split at its comma only when the product's variation names say there are two axes and
        every value splits into exactly two; otherwise kept whole, as one axis.
        """
        names: list[str] = []
        for number in (1, 2):
            given = [row.text(f"property_name_{number}") for row in self.rows]
            if any(given):
                name, mismatch = axis_name(
                    given,
                    number,
                    names,
                    product_key=self.key,
                    source_row=self.rows[0].number,
                    field=f"property_name_{number}",
                )
                if mismatch is not None:
                    self.warnings.append(mismatch)
                names.append(name)
        if len(names) < 2:
            return [Axis("variation_value", names[0] if names else COMBINED_VARIATION)]
        values = [text for row in self.rows if (text := row.text("variation_value"))]
        if all(_splits_in_two(text) for text in values):
            return [Axis("variation_value", name, part) for part, name in enumerate(names)]
        unsplit = next(text for text in values if not _splits_in_two(text))
        self.warnings.append(
            self._issue(
                warning,
                self.rows[0],
                "variation.not_split",
                f"the product names two variations ({', '.join(names)}), but the variation "
                f"value {unsplit!r} is not two values joined by a comma; the values are kept "
                f"whole as one variation",
                "variation_value",
            )
        )
        return [Axis("variation_value", COMBINED_VARIATION)]

    # -- product fields --

    def _first_text(self, key: str) -> str:
        return next((text for row in self.rows if (text := row.text(key))), "")

    def _images(self) -> list[str]:
        row = next((row for row in self.rows if any(row.text(key) for key in IMAGE_KEYS)), None)
        if row is None:
            return []
        images: list[str] = []
        for key in IMAGE_KEYS:
            text = row.text(key)
            if not text:
                continue
            if not is_url(text):
                self.warnings.append(
                    self._issue(
                        warning,
                        row,
                        "image.not_url",
                        f"{key} holds {text[:60]!r}, not a URL; it is skipped",
                        key,
                    )
                )
            elif text not in images:
                images.append(text)
        return images

    def _attributes(self) -> list[Attribute]:
        """One attribute per column, or one per distinct value when SKU rows differ (a capacity
        per SKU): the mapping lists them rather than claiming the first row's for every SKU."""
        attributes: list[Attribute] = []
        for column in self.layout.attribute_columns:
            values: list[str] = []
            previous: Cell = None
            for row in self.rows:
                cell = row.at(column)
                if cell is None or cell == previous:
                    continue  # most rows repeat the row above, or leave the cell empty
                previous = cell
                text = cell_text(cell)
                if text and text not in values:
                    values.append(text)
            name, source = attribute_name(column), column.key or column.label
            attributes.extend(Attribute(name=name, value=value, source=source) for value in values)
        return attributes

    def _measures(self) -> dict[str, Decimal | None]:
        measures: dict[str, Decimal | None] = {}
        for key, field_name, default_unit, per_unit in MEASURES:
            column = self.layout.column(key)
            measures[field_name] = None
            if column is None:
                continue
            row = next((row for row in self.rows if cell_text(row.at(column))), None)
            if row is None:
                continue
            unit = column.unit if column.unit in per_unit else default_unit
            value = parse_measure(row.at(column), unit, per_unit)
            if isinstance(value, Invalid):
                self.warnings.append(
                    self._issue(
                        warning,
                        row,
                        "parcel.invalid",
                        f"{key} {value.reason}; it is left empty",
                        key,
                    )
                )
                continue
            measures[field_name] = value
        return measures

    # -- issues --

    def _error(self, row: RowView, code: str, message: str, field: str) -> Issue:
        return self._issue(error, row, code, message, field)

    def _float_error(self, row: RowView, field: str, shown: str | None) -> Issue:
        return self._error(
            row,
            "id.float_corrupted",
            f"{field} {shown} lost digits when it was saved as a number (a float keeps 15 "
            "digits); use the original export, or format the column as Text before saving",
            field,
        )

    def _issue(self, make: IssueMaker, row: RowView, code: str, message: str, field: str) -> Issue:
        return make(
            code,
            message,
            product_key=self.key,
            sku=_sku_label(row),
            field=field,
            source_row=row.number,
        )


def _options(row: RowView, axes: list[Axis]) -> dict[str, str]:
    options = {}
    for axis in axes:
        value = row.text(axis.value_key)
        if value and axis.part is not None:
            parts = _split_combined(value)
            value = parts[axis.part] if axis.part < len(parts) else ""
        if value:
            options[axis.name] = value
    return options


def _split_combined(text: str) -> list[str]:
    return [part.strip() for part in text.split(",")]


def _splits_in_two(text: str) -> bool:
    parts = _split_combined(text)
    return len(parts) == 2 and all(parts)


def _sku_label(row: RowView) -> str | None:
    for key in ("seller_sku", "sku_id"):
        identifier = row.identifier(key)
        if identifier.text and not identifier.float_corrupted:
            return identifier.text
    return None

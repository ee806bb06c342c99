"""`catalog-migrate inspect`: how an input file is read, before converting it.

It answers the questions a seller asks when a conversion surprises them: which format and sheet
were picked, where the data starts, which column became which field, how many products and SKUs
there are, and which currency the prices appear to be in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from catalog_migrate.errors import InputError
from catalog_migrate.model import Issue, RetailProduct
from catalog_migrate.money import infer_currency
from catalog_migrate.profile import ReadLimits
from catalog_migrate.sources import detect_and_read_head
from catalog_migrate.sources.base import ColumnMap, SourceOptions
from catalog_migrate.spreadsheet.archive import check_input_file
from catalog_migrate.spreadsheet.reading import Cell, cell_text, read_sheet
from catalog_migrate.terminal_text import printable


@dataclass
class Inspection:
    input: str
    format: str
    sheet: str
    data_start_row: int  # 1-based, as the seller sees it in Excel
    key_row: int | None
    label_row: int | None
    columns: dict[str, str]  # what a read column is read as -> its label (or key)
    unmapped_columns: list[str]
    data_rows: int
    skipped_rows: list[int]  # 1-based rows skipped as the template's instructions
    products: int | None  # None while the currency is unknown
    skus: int | None
    rejected_skus: int | None
    currency: str | None
    currency_source: str
    first_rows: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "format": self.format,
            "sheet": self.sheet,
            "data_start_row": self.data_start_row,
            "key_row": self.key_row,
            "label_row": self.label_row,
            "columns": self.columns,
            "unmapped_columns": self.unmapped_columns,
            "data_rows": self.data_rows,
            "skipped_rows": self.skipped_rows,
            "products": self.products,
            "skus": self.skus,
            "rejected_skus": self.rejected_skus,
            "currency": self.currency,
            "currency_source": self.currency_source,
            "first_rows": self.first_rows,
        }

    def render(self) -> RenderableType:
        # Every value shown is Text, never a markup string: a label or file name from the export
        # may hold `[bold]` or `[link=...]`, and is shown as written, its controls spelled out.
        facts = Table.grid(padding=(0, 2))
        facts.add_column(style="bold")
        facts.add_column()
        facts.add_row("input", _shown(self.input))
        facts.add_row("format", _shown(self.format))
        facts.add_row("sheet", _shown(self.sheet or "(CSV)"))
        facts.add_row("header rows", _header_rows(self.key_row, self.label_row))
        facts.add_row("data starts at row", str(self.data_start_row))
        facts.add_row("data rows", str(self.data_rows))
        if self.skipped_rows:
            rows = ", ".join(str(row) for row in self.skipped_rows)
            facts.add_row("skipped rows", f"{rows} (the template's instructions)")
        facts.add_row("products", _count(self.products))
        facts.add_row("SKUs", _count(self.skus))
        if self.rejected_skus:
            facts.add_row("SKU rows that would be rejected", str(self.rejected_skus))
        facts.add_row("currency", _shown(f"{self.currency or 'unknown'} ({self.currency_source})"))
        columns = Table(title="column map", show_header=True)
        columns.add_column("read as")
        columns.add_column("column")
        for key, label in self.columns.items():
            columns.add_row(_shown(key), _shown(label))
        parts: list[RenderableType] = [facts, columns]
        if self.unmapped_columns:
            parts.append(_shown("not read: " + ", ".join(self.unmapped_columns)))
        for row in self.first_rows:
            shown = ", ".join(
                f"{key}={value}" for key, value in row.items() if value and key != "row"
            )
            parts.append(
                Text(printable(f"row {row['row']}: {shown}"), overflow="ellipsis", no_wrap=True)
            )
        return Group(*parts)


def _shown(text: str) -> Text:
    return Text(printable(text))


@runtime_checkable
class MapsColumns(Protocol):
    """A source that can say which column it reads as which field (optional beside Source)."""

    def column_map(self, rows: Sequence[Sequence[Cell]]) -> ColumnMap | None: ...


def inspect_file(
    path: Path, *, currency: str | None = None, encoding: str | None = None, row_count: int = 3
) -> Inspection:
    check_input_file(path)
    options = SourceOptions(
        currency=currency.upper() if currency else None, encoding=encoding, limits=ReadLimits()
    )
    source, sheet = detect_and_read_head(path, options)
    if not sheet.complete:
        sheet = read_sheet(path, options.limits, encoding=encoding)
    found = source.column_map(sheet.rows) if isinstance(source, MapsColumns) else None
    if found is None:  # detect() accepted the file, so its source can map it
        raise InputError(f"{path.name}: the header rows could not be found")
    skipped = set(found.skipped_rows)
    data = [
        (number, row)
        for number, row in enumerate(sheet.rows[found.data_start :], start=found.data_start + 1)
        if number - 1 not in skipped and any(cell_text(value) for value in row)
    ]
    price_index = found.columns["price"][0] if "price" in found.columns else None
    prices: list[Cell] = [
        row[price_index] for _, row in data if price_index is not None and price_index < len(row)
    ]
    guessed = infer_currency(prices)
    chosen, how = (
        (options.currency, "given") if options.currency else (guessed, "from price symbols")
    )
    if chosen is None:
        how = "not named in the file: pass --currency"
    counts = (
        _count_products(source.read(path, SourceOptions(chosen, encoding, options.limits, sheet)))
        if chosen
        else None
    )
    return Inspection(
        input=path.name,
        format=source.name,
        sheet=sheet.sheet_name,
        data_start_row=found.data_start + 1,
        key_row=None if found.key_row is None else found.key_row + 1,
        label_row=None if found.label_row is None else found.label_row + 1,
        columns={name: label for name, (_, label) in found.columns.items()},
        unmapped_columns=found.unread,
        data_rows=len(data),
        skipped_rows=[row + 1 for row in found.skipped_rows],
        products=counts[0] if counts else None,
        skus=counts[1] if counts else None,
        rejected_skus=counts[2] if counts else None,
        currency=chosen,
        currency_source=how,
        first_rows=[_row_dict(number, found, row) for number, row in data[:row_count]],
    )


def _count_products(items: Iterable[RetailProduct | Issue]) -> tuple[int, int, int]:
    products = skus = rejected = 0
    for item in items:
        if isinstance(item, RetailProduct):
            products += 1
            skus += len(item.variants)
            rejected += len(item.rejected)
        elif isinstance(item, Issue) and item.is_error and item.source_row is not None:
            rejected += 1
    return products, skus, rejected


def _row_dict(number: int, found: ColumnMap, row: Sequence[Cell]) -> dict[str, str]:
    shown: dict[str, str] = {"row": str(number)}
    for name, (index, _) in found.columns.items():
        if index < len(row):
            text = cell_text(row[index])
            shown[name] = text if len(text) <= 60 else text[:57] + "..."
    return shown


def _header_rows(key_row: int | None, label_row: int | None) -> str:
    parts = []
    if key_row is not None:
        parts.append(f"keys in row {key_row}")
    if label_row is not None:
        parts.append(f"labels in row {label_row}")
    return ", ".join(parts) or "none found"


def _count(value: int | None) -> str:
    return "unknown until the currency is known" if value is None else str(value)

"""The Dianxiaomi (店小秘) product export, read into RetailProducts (source-formats §7).

Dianxiaomi saves it as an HTML `<table>` with an `.xls` name (spreadsheet/html_table.py reads it);
the same columns in a real workbook, after a seller re-saved it in Excel, read the same way. One
row is one SKU; rows are grouped by ERP ID, the ERP's product id.

Decisions worth knowing:
- 全球商品价格 is the selling price. 成本（有差值） is the seller's purchase cost: it is never read,
  so no listing price can come from it.
- The category is 类目 as written (`A >>> B >>> C`); the category map compares `>>>` as `/`. When
  类目 is empty, the ERP's own category (ERP类目, the same form) is used.
- Axis names come from the headers: `规格1（颜色）` is the axis 颜色.
- The description is the cell's text: the escaped `&lt;br/&gt;` is decoded once, to `<br/>`.
- A row without an ERP ID is rejected: grouping it by its title would be a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from catalog_migrate.model import Issue, RetailProduct, error, warning
from catalog_migrate.sources.base import ColumnMap, SourceOptions
from catalog_migrate.sources.dianxiaomi_rows import (
    HeaderRowSource,
    ProductBuilder,
    Row,
    currency_warning,
    header_index,
    normalise_header,
    run_currency,
    seller_sku_repeats,
)
from catalog_migrate.spreadsheet.reading import Cell, cell_text

CODES: dict[str, str] = {
    "product.id_missing": "a Dianxiaomi export row has no ERP ID, so it belongs to no product",
}

HEADERS: dict[str, str] = {
    "ERPID": "product_id",
    "ERP类目": "erp_category",
    "类目": "category",
    "商品名称": "title",
    "商品描述": "description",
    "商品重量(g)": "weight",
    "商品长度(cm)": "length",
    "商品宽度(cm)": "width",
    "商品高度(cm)": "height",
    "规格1图片": "variant_image",
    "全球商品价格": "price",
    "全球商品库存": "quantity",
    "SellerSKU": "seller_sku",
    "商品主图": "image_1",
    **{f"商品图片{number}": f"image_{number}" for number in range(2, 10)},
}
REQUIRED = ("product_id", "title", "price")
_AXIS = re.compile(r"^规格([123])[（(](.+)[）)]")


class DianxiaomiExportSource(HeaderRowSource):
    name = "dianxiaomi-export"
    description = "Dianxiaomi (店小秘) product export (HTML table saved as .xls, or .xlsx)"
    kind = "Dianxiaomi export"
    HEADERS = HEADERS
    codes: Mapping[str, str] = CODES

    def has_headers(self, header: Sequence[Cell]) -> bool:
        return _has_headers(header)

    def refusal(self, first_rows: Sequence[Sequence[str]]) -> str:
        return "no ERP ID, 商品名称 and 全球商品价格 headers in row 1"

    def column_map(self, rows: Sequence[Sequence[Cell]]) -> ColumnMap | None:
        found = super().column_map(rows)
        if found is None:
            return None
        # The axis columns (`规格1（颜色）`) are read too: their values, named by their headers.
        columns = dict(found.columns)
        labels = [" ".join(cell_text(value).split()) for value in rows[0]]
        for number, (index, name) in _axis_columns(rows[0]).items():
            columns[f"value_{number} ({name})"] = (index, labels[index])
        read = {index for index, _ in columns.values()}
        unread = [label for index, label in enumerate(labels) if label and index not in read]
        return replace(found, columns=columns, unread=unread)

    def read(self, path: Path, options: SourceOptions) -> Iterator[RetailProduct | Issue]:
        sheet = self.header_sheet(path, options)
        header = sheet.rows[0]
        columns = header_index(header, HEADERS)
        axes = _axis_columns(header)
        for number, (index, _) in axes.items():
            columns[f"value_{number}"] = index
        fixed = {f"name_{number}": name for number, (_, name) in axes.items()}
        rows = [
            Row(number, cells, columns, fixed)
            for number, cells in enumerate(sheet.rows[1:], start=2)
            if any(cell_text(value) for value in cells)
        ]
        if not rows:
            yield warning(
                "input.no_rows", f"{sheet.where} has Dianxiaomi headers but no product rows"
            )
            return
        currency, inferred = run_currency(sheet, rows, options.currency)
        if inferred:
            yield currency_warning(currency)
        groups: dict[str, list[Row]] = {}
        order: list[str | Issue] = []
        for row in rows:
            product_id = row.identifier("product_id")
            if not product_id.text or product_id.float_corrupted:
                order.append(_no_id(row, product_id.text))
                continue
            if product_id.text not in groups:
                groups[product_id.text] = []
                order.append(product_id.text)
            groups[product_id.text].append(row)
        repeats = seller_sku_repeats(rows)
        for item in order:
            if isinstance(item, Issue):
                yield item
                continue
            product_rows = groups[item]
            yield from ProductBuilder(
                product_rows,
                key=item,
                product_id=item,
                category=_category(product_rows),
                currency=currency,
                source_format=self.name,
                weight_unit="g",
                seller_sku_repeats=repeats,
            ).build()


def _has_headers(header: Sequence[Cell]) -> bool:
    return all(field in header_index(header, HEADERS) for field in REQUIRED)


def _axis_columns(header: Sequence[Cell]) -> dict[int, tuple[int, str]]:
    """axis number -> (column index, axis name) from headers such as `规格1（颜色）`."""
    axes: dict[int, tuple[int, str]] = {}
    for index, value in enumerate(header):
        match = _AXIS.fullmatch(normalise_header(cell_text(value)))
        if match:
            axes.setdefault(int(match.group(1)), (index, match.group(2)))
    return dict(sorted(axes.items()))


def _category(rows: list[Row]) -> str | None:
    for key in ("category", "erp_category"):
        text = next((text for row in rows if (text := " ".join(row.text(key).split()))), "")
        if text:
            return text
    return None


def _no_id(row: Row, shown: str | None) -> Issue:
    if shown:
        message = (
            f"the ERP ID {shown} lost digits when it was saved as a number, so the row belongs "
            "to no product; use the original export"
        )
        return error("id.float_corrupted", message, source_row=row.number, field="product_id")
    return error(
        "product.id_missing",
        "the row has no ERP ID, so it belongs to no product",
        source_row=row.number,
        field="product_id",
    )

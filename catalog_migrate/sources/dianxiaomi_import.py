"""The Dianxiaomi (店小秘) TikTok import template, read into RetailProducts (source-formats §7).

Row 1 holds Chinese headers marked `*` and `（必填）`, often with line breaks; data rows follow, one
SKU a row. Below the data, after an empty row, the template carries its own instructions
(`事项说明：…`). A row of such notes (right under the headers, or after an empty row or another
note) is skipped with a `row.instruction_skipped` warning naming it; every other row is data,
rows added below the notes included.

Decisions worth knowing:
- Rows are grouped by (分类id, 产品标题), as the template's note 3 asks sellers to keep them
  (有变种的情况下，请保证分类ID+产品标题一致); they need not be adjacent. The product key is the
  TikTok source's stable hash of the two, so review decisions survive edits to other rows.
- 分类id is a TikTok category id, kept as the category text; the category map can key on it.
- 本地展示价(站点币种) is in the shop's site currency, which the file never names: --currency is
  needed unless the price cells carry a currency symbol.
- 产品属性 is a JSON list of TikTok attributes; each becomes one attribute whose value joins its
  values with `, `, except one about delivery, shipping, COD or a size chart (`配送方式`). A cell
  that is not that JSON loses its attributes with a warning.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from catalog_migrate.model import Attribute, Issue, RetailProduct, error, warning
from catalog_migrate.sources.base import SourceOptions
from catalog_migrate.sources.dianxiaomi_rows import (
    HeaderRowSource,
    ProductBuilder,
    Row,
    currency_warning,
    header_index,
    run_currency,
    seller_sku_repeats,
)
from catalog_migrate.sources.instruction_rows import CODES as INSTRUCTION_CODES
from catalog_migrate.sources.instruction_rows import instruction_skipped, looks_like_instructions
from catalog_migrate.sources.tiktok_cells import product_key
from catalog_migrate.sources.tiktok_labels import is_logistics_label
from catalog_migrate.spreadsheet.reading import Cell, cell_text, read_id

CODES: dict[str, str] = {
    **INSTRUCTION_CODES,
    "attributes.invalid": (
        "a Dianxiaomi product attributes cell is not the JSON list the template uses; the product "
        "keeps no attributes from it (warning)"
    ),
}

# Normalised header (marks and whitespace dropped) -> field, source-formats §7.
HEADERS: dict[str, str] = {
    "分类id": "category",
    "产品标题": "title",
    "产品描述": "description",
    "品牌": "brand",
    "产品属性": "attributes",
    "SKU": "seller_sku",
    "变种属性名称一": "name_1",
    "变种属性值一": "value_1",
    "变种属性名称二": "name_2",
    "变种属性值二": "value_2",
    "变种属性名称三": "name_3",
    "变种属性值三": "value_3",
    "识别码": "gtin",
    "本地展示价(站点币种)": "price",
    "库存": "quantity",
    "产品主图(URL)地址": "image_1",
    **{
        f"附图{numeral}": f"image_{number}"
        for number, numeral in enumerate("一二三四五六七八", start=2)
    },
    "变种主题1图片": "variant_image",
    "重量(kg)": "weight",
    "长(cm)": "length",
    "宽(cm)": "width",
    "高(cm)": "height",
}
REQUIRED = ("category", "title", "price")


class DianxiaomiImportSource(HeaderRowSource):
    name = "dianxiaomi-import"
    description = "Dianxiaomi (店小秘) TikTok import template (.xlsx)"
    codes: Mapping[str, str] = CODES
    kind = "Dianxiaomi import template"
    HEADERS = HEADERS

    def has_headers(self, header: Sequence[Cell]) -> bool:
        return _has_headers(header)

    def refusal(self, first_rows: Sequence[Sequence[str]]) -> str:
        return "no 分类id, 产品标题 and 本地展示价(站点币种) headers in row 1"

    def skipped_rows(self, rows: Sequence[Sequence[Cell]]) -> list[int]:
        columns = header_index(rows[0], HEADERS)
        return [
            item.source_row - 1
            for item in _data_rows(rows, columns)
            if isinstance(item, Issue) and item.source_row is not None
        ]

    def read(self, path: Path, options: SourceOptions) -> Iterator[RetailProduct | Issue]:
        sheet = self.header_sheet(path, options)
        columns = header_index(sheet.rows[0], HEADERS)
        rows: list[Row] = []
        for found in _data_rows(sheet.rows, columns):
            if isinstance(found, Issue):
                yield found
            else:
                rows.append(found)
        if not rows:
            yield warning(
                "input.no_rows", f"{sheet.where} has Dianxiaomi headers but no product rows"
            )
            return
        currency, inferred = run_currency(sheet, rows, options.currency)
        if inferred:
            yield currency_warning(currency)
        groups: dict[tuple[str, str], list[Row]] = {}
        order: list[tuple[str, str] | Issue] = []
        for row in rows:
            title = row.text("title")
            if not title:
                order.append(
                    error(
                        "product.name_missing",
                        "the row has no 产品标题 (product title), so it belongs to no product",
                        source_row=row.number,
                        field="title",
                    )
                )
                continue
            group = (_category(row) or "", title)
            if group not in groups:
                groups[group] = []
                order.append(group)
            groups[group].append(row)
        repeats = seller_sku_repeats(rows)
        for item in order:
            if isinstance(item, Issue):
                yield item
                continue
            category, title = item
            yield from ProductBuilder(
                groups[item],
                key=product_key(category, title),
                product_id=None,
                category=category or None,
                currency=currency,
                source_format=self.name,
                weight_unit="kg",
                read_attributes=read_attributes,
                seller_sku_repeats=repeats,
            ).build()


def _has_headers(header: Sequence[Cell]) -> bool:
    return all(field in header_index(header, HEADERS) for field in REQUIRED)


def _data_rows(
    sheet_rows: Sequence[Sequence[Cell]], columns: dict[str, int]
) -> Iterator[Row | Issue]:
    """The SKU rows, and a warning for each row of the template's notes (skipped)."""
    price = columns.get("price")
    ids = [columns["category"]] if "category" in columns else []  # 分类id is a TikTok id
    notes_may_follow = True  # right under the headers, after an empty row, or after a note
    for index, cells in enumerate(sheet_rows[1:], start=2):
        if not any(cell_text(value) for value in cells):
            notes_may_follow = True
            continue
        if notes_may_follow and looks_like_instructions(cells, price=price, ids=ids):
            yield instruction_skipped(index, cells)
            continue
        notes_may_follow = False
        yield Row(index, cells, columns)


def _category(row: Row) -> str | None:
    return read_id(row.cell("category")).text  # `1.0` from a number cell reads `1`


def read_attributes(text: str) -> list[Attribute] | str:
    """The 产品属性 JSON list -> attributes, or what is wrong with it (after "the cell")."""
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        return f"is not valid JSON ({exc.msg})"
    except (RecursionError, ValueError) as exc:  # nested too deep; a number too long to read
        return f"is not valid JSON ({str(exc).splitlines()[0][:120]})"
    if not isinstance(items, list):
        return "is JSON but not a list of attributes"
    attributes: list[Attribute] = []
    for item in items:
        if not isinstance(item, dict):
            return "holds an entry that is not an attribute"
        name = str(item.get("original_attribute_name") or "").strip()
        values = item.get("attribute_value_list") or []
        if not name or not isinstance(values, list):
            return "holds an attribute without a name or a value list"
        if is_logistics_label(name):
            continue  # how an order ships or is paid is no specification of the product
        texts = [
            str(value.get("original_value_name") or "").strip()
            for value in values
            if isinstance(value, dict)
        ]
        joined = ", ".join(text for text in texts if text)
        if joined:
            source = f"product_property/{str(item.get('attribute_id') or '').strip()}"
            attributes.append(Attribute(name=name, value=joined, source=source))
    return attributes

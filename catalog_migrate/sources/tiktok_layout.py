"""Where the header rows, the columns and the first data row of a TikTok Shop sheet are.

source-formats §1.1: row 1 keys, row 2 a token row, row 3 labels, row 4 Mandatory/Optional, row 5
instructions, data from row 6. But versions differ (data from row 7, §7), third-party tools write
data right under the keys (row 2), and some files have only a label row. So every header row is
recognised by what it holds, never by its number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from catalog_migrate.sources.instruction_rows import looks_like_instructions
from catalog_migrate.sources.tiktok_labels import (
    PROPERTY_PREFIX,
    WAREHOUSE_PREFIX,
    is_known_key,
    is_logistics_label,
    key_for_label,
    unit_in_label,
)
from catalog_migrate.spreadsheet.reading import Cell, cell_text

HEADER_SCAN_ROWS = 12  # the header block is never longer than this
MIN_HEADER_MATCHES = 3

# source-formats §1.1, §1.5: row-4 markers (English; Indonesian and Chinese forms [I]).
_MARKERS = frozenset(
    {
        "mandatory",
        "optional",
        "uneditable",
        "conditionally mandatory",
        "conditional mandatory",
        "wajib",
        "opsional",
        "tidak dapat diedit",
        "必填",
        "选填",
        "可选",
        "不可编辑",
    }
)
# source-formats §1.1: `V5.0.2 | create_product | metric | ...`, older `V3`, `metric`, ...
_TOKEN_CELL = re.compile(r"^v\d+(\.\d+)*\b|\|")
_VERSIONED_TOKENS = re.compile(r"^v\d+(\.\d+)*\s*\|")
_TOKENS = frozenset({"v3", "metric", "category", "all_information", "category_v2"})


# The keys the TikTok source reads (besides `warehouse_quantity/*` and the attribute columns).
# `delivery`, `cod`, `size_chart`, `shipping_insurance`, `pre_order_time`, `gtin_type`,
# `minimum_order_quantity`, `product_status` and `qualification/*` are not read.
READ_KEYS = frozenset(
    {
        "category",
        "brand",
        "product_name",
        "product_description",
        "main_image",
        *(f"image_{number}" for number in range(2, 10)),
        "gtin_code",
        "property_name_1",
        "property_value_1",
        "property_1_image",
        "property_name_2",
        "property_value_2",
        "variation_value",
        "parcel_weight",
        "parcel_length",
        "parcel_width",
        "parcel_height",
        "price",
        "quantity",
        "seller_sku",
        "product_id",
        "sku_id",
    }
)


@dataclass(frozen=True)
class Column:
    index: int
    key: str  # the row-1 key, or the key its label stands for; "" when unknown
    label: str = ""  # the row-3 label, "" when the file has none
    unit: str | None = None  # from the label: `g`, `kg`, `lb`, `cm`, `mm`, `inch`


@dataclass(frozen=True)
class Layout:
    """Indexes are 0-based into the sheet's rows."""

    columns: list[Column]
    key_row: int | None
    label_row: int | None
    data_start: int
    # Rows of the header block read as the template's instructions (0-based), to be reported.
    instruction_rows: tuple[int, ...] = ()
    _by_key: dict[str, Column] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for column in self.columns:
            if column.key:
                self._by_key.setdefault(column.key, column)

    def column(self, key: str) -> Column | None:
        """The first column with `key`."""
        return self._by_key.get(key)

    @cached_property  # read for every cell asked of every row
    def indexes(self) -> dict[str, int]:
        """key -> the index of the first column with it."""
        return {key: column.index for key, column in self._by_key.items()}

    def with_prefix(self, prefix: str) -> list[Column]:
        return [column for column in self.columns if column.key.startswith(prefix)]

    @cached_property  # asked once per SKU row; the answer is the file's
    def attribute_columns(self) -> list[Column]:
        """Category attributes: `product_property/<id>` columns, or unknown labels in a
        label-only file (the template puts the category's attributes after the known columns).

        A column whose label names delivery, shipping, COD, insurance or a size chart is never
        one, in either layout: `配送选项` is how an order ships, not what the product is.
        """
        if self.key_row is not None:
            found = self.with_prefix(PROPERTY_PREFIX)
        else:
            found = [column for column in self.columns if not column.key and column.label]
        return [column for column in found if not is_logistics_label(column.label)]

    def read_as(self) -> dict[int, str]:
        """column index -> what the column is read as (a key, or `specification: <name>`).

        Columns not in it are not read: a delivery, COD or size-chart column, an unknown key.
        """
        read: dict[int, str] = {}
        for column in self.columns:
            if column.key in READ_KEYS and self.column(column.key) is not column:
                continue  # a second column with a key read once: the first is the one read
            if column.key in READ_KEYS or column.key.startswith(WAREHOUSE_PREFIX):
                read[column.index] = column.key
        for column in self.attribute_columns:
            read[column.index] = column.key or f"specification: {attribute_name(column)}"
        return dict(sorted(read.items()))

    @cached_property
    def quantity_columns(self) -> list[Column]:
        return [
            column
            for column in self.columns
            if column.key == "quantity" or column.key.startswith(WAREHOUSE_PREFIX)
        ]


def find_layout(rows: Sequence[Sequence[Cell]]) -> Layout | None:
    """The layout of a TikTok sheet, or None when no product_name key or label is found."""
    head = [[cell_text(value) for value in row] for row in rows[:HEADER_SCAN_ROWS]]
    key_row = _find_key_row(head)
    if key_row is not None:
        label_row = _find_label_row_after_keys(head, key_row)
        columns = _columns_from_keys(
            head[key_row], head[label_row] if label_row is not None else []
        )
    else:
        label_row = _find_label_only_row(head)
        if label_row is None:
            return None
        columns = _columns_from_labels(head[label_row])
    header_end = max(row for row in (key_row, label_row) if row is not None)
    layout = Layout(columns=columns, key_row=key_row, label_row=label_row, data_start=0)
    data_start, instructions = _first_data_row(rows, header_end + 1, layout)
    return replace(layout, data_start=data_start, instruction_rows=instructions)


def refusal_reason(rows: Sequence[Sequence[Cell]]) -> str:
    scanned = min(len(rows), HEADER_SCAN_ROWS)
    return f"no product_name / 商品名称 column found in the first {scanned} rows"


def _find_key_row(head: list[list[str]]) -> int | None:
    for index, row in enumerate(head):
        keys = [cell.lstrip("\ufeff") for cell in row if is_known_key(cell)]
        if "product_name" in keys and len(keys) >= MIN_HEADER_MATCHES:
            return index
    return None


def _find_label_only_row(head: list[list[str]]) -> int | None:
    for index, row in enumerate(head):
        keys = [key_for_label(cell) for cell in row if cell]
        if "product_name" in keys and sum(key is not None for key in keys) >= MIN_HEADER_MATCHES:
            return index
    return None


def _find_label_row_after_keys(head: list[list[str]], key_row: int) -> int | None:
    keys = head[key_row]
    for index in range(key_row + 1, min(key_row + 5, len(head))):
        if _label_hits(head[index], keys) >= 2:
            return index
    # A label row in a language the table does not know (Thai, Vietnamese): the row between the
    # token row and the marker row (source-formats §1.1 rows 2-4).
    candidate = key_row + 2
    if (
        candidate + 1 < len(head)
        and _is_token_row(head[key_row + 1])
        and _is_marker_row(head[candidate + 1])
    ):
        return candidate
    return None


def _label_hits(row: list[str], keys: list[str]) -> int:
    hits = 0
    for index, cell in enumerate(row):
        if cell and index < len(keys):
            key = key_for_label(cell)
            if key is not None and key == keys[index].strip().lstrip("\ufeff"):
                hits += 1
    return hits


def _columns_from_keys(keys: list[str], labels: list[str]) -> list[Column]:
    columns = []
    for index, raw in enumerate(keys):
        key = raw.strip().lstrip("\ufeff")
        label = labels[index] if index < len(labels) else ""
        columns.append(Column(index, key if is_known_key(key) else "", label, unit_in_label(label)))
    return columns


def _columns_from_labels(labels: list[str]) -> list[Column]:
    return [
        Column(index, key_for_label(label) or "", label, unit_in_label(label))
        for index, label in enumerate(labels)
    ]


def _first_data_row(
    rows: Sequence[Sequence[Cell]], start: int, layout: Layout
) -> tuple[int, tuple[int, ...]]:
    """The first data row after the header, and the instruction rows met on the way.

    Token, label, marker, instruction and empty rows may follow the key or label row; the first
    row that is none of these starts the data, and every row from there on is data. An
    instruction row is one only here, in the header block: a product row further down is read as
    a product however wordy its cells (source-formats §1.1 rows 2-5).
    """
    keys = [column.key for column in layout.columns]
    # source-formats §1.1: the token row is row 2, right under the keys. Anywhere else a first
    # cell such as `Women | Tops` or `V12 Sneakers` is data.
    token_row = layout.key_row + 1 if layout.key_row is not None else None
    price = layout.column("price")
    ids = [column.index for column in layout.columns if column.key in ("product_id", "sku_id")]
    instructions: list[int] = []
    index = start
    limit = min(len(rows), start + HEADER_SCAN_ROWS)
    while index < limit:
        row = [cell_text(value) for value in rows[index]]
        header = (
            not any(row)
            or (index == token_row and _is_token_row(row))
            or _is_marker_row(row)
            or _label_hits(row, keys) >= 2
        )
        if not header:
            if not looks_like_instructions(
                rows[index], price=price.index if price else None, ids=ids
            ):
                return index, tuple(instructions)
            instructions.append(index)
        index += 1
    return min(index, len(rows)), tuple(instructions)


def _is_token_row(row: list[str]) -> bool:
    cells = [cell.casefold() for cell in row if cell]
    if not cells:
        return False
    # `V5.0.2 | create_product | ...`: a version and a bar, or a lone cell of the token form;
    # a data row with a bar in its first cell (`Women | Tops`) fills other cells too.
    if _VERSIONED_TOKENS.match(cells[0]):
        return True
    alone = len(cells) == 1 and bool(_TOKEN_CELL.search(cells[0]))
    return alone or all(cell in _TOKENS for cell in cells)


def _is_marker_row(row: list[str]) -> bool:
    cells = [cell.casefold() for cell in row if cell]
    markers = sum(cell in _MARKERS for cell in cells)
    return bool(cells) and markers * 2 >= len(cells)


def attribute_name(column: Column) -> str:
    """An attribute column's name: its label without required-marks, else its attribute id."""
    label = " ".join(column.label.split()).lstrip("*").strip()
    return label or column.key.removeprefix(PROPERTY_PREFIX)

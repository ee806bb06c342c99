"""Build realistic TikTok Shop Seller Center files for tests.

The workbook looks like the batch-upload template (source-formats §1.1): an `Instruction` sheet
first, then `Template` with row 1 machine keys, row 2 the token row, row 3 labels in the shop's
language, row 4 Mandatory/Optional, row 5 instructions, data from row 6. Each row dict maps a
row-1 key (`product_name`, `price`, `product_property/100157`, `warehouse_quantity/7001`, ...) to
a cell value: str is written as text, int/float/Decimal as a number, None leaves the cell empty.

    from tests.tiktok_builder import write_tiktok_xlsx
    write_tiktok_xlsx(tmp_path / "export.xlsx", [{"product_name": "Kaos", "price": "Rp 89.000"}])
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import xlsxwriter

TOKEN_ROW = (
    "V5.0.2 | create_product | metric | category_v2 | 0 | 3f2a9c1e5b7d4e6f8a0b1c2d3e4f5a6b "
    "| normal_file | TikTok Shop (0)"
)

# Column order of the create template (source-formats §1.2), with the export's id columns first.
KEY_ORDER = (
    "product_id",
    "sku_id",
    "category",
    "brand",
    "product_name",
    "product_description",
    "main_image",
    *(f"image_{number}" for number in range(2, 10)),
    "gtin_type",
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
    "delivery",
    "price",
    "quantity",
    "seller_sku",
    "size_chart",
    "cod",
)

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "product_id": "Product ID",
        "sku_id": "SKU ID",
        "category": "Category",
        "brand": "Brand",
        "product_name": "Product Name",
        "product_description": "Product Description",
        "main_image": "Main Product Image",
        **{f"image_{n}": f"Product Image {n}" for n in range(2, 10)},
        "gtin_type": "Identifier Code Type",
        "gtin_code": "Identifier Code",
        "property_name_1": "Primary variation name",
        "property_value_1": "Primary variation value",
        "property_1_image": "Primary variation image 1",
        "property_name_2": "Secondary variation name",
        "property_value_2": "Secondary variation value",
        "variation_value": "Variation Option",
        "parcel_weight": "Package weight(g)",
        "parcel_length": "Package length(cm)",
        "parcel_width": "Package width(cm)",
        "parcel_height": "Package height(cm)",
        "delivery": "Delivery options",
        "price": "Retail Price (Local Currency)",
        "quantity": "Quantity",
        "seller_sku": "Seller SKU",
        "size_chart": "Size Chart",
        "cod": "COD",
    },
    "id": {
        "product_id": "Product ID",
        "sku_id": "SKU ID",
        "category": "Kategori",
        "brand": "Merek",
        "product_name": "Nama produk",
        "product_description": "Deskripsi produk",
        "main_image": "Gambar utama",
        **{f"image_{n}": f"Gambar {n}" for n in range(2, 8)},
        "image_8": "Gambar Produk 8",
        "image_9": "Gambar Produk 9",
        "property_name_1": "Nama varian utama (tema)",
        "property_value_1": "Nilai varian utama (opsi)",
        "property_1_image": "Gambar varian utama 1",
        "property_name_2": "Nama varian sekunder (tema)",
        "property_value_2": "Nilai varian sekunder (opsi)",
        "parcel_weight": "Berat paket(g)",
        "parcel_length": "Panjang paket(cm)",
        "parcel_width": "Lebar paket(cm)",
        "parcel_height": "Tinggi paket(cm)",
        "delivery": "Opsi Pengiriman",
        "price": "Harga Ritel (Mata Uang Lokal)",
        "quantity": "Kuantitas",
        "seller_sku": "SKU Penjual",
        "size_chart": "Bagan Ukuran",
        "cod": "Pilih apakah akan mendukung pembayaran di tempat.",
    },
    "zh": {
        "category": "类目",
        "brand": "品牌",
        "product_name": "商品名称",
        "product_description": "商品描述",
        "main_image": "主图",
        **{f"image_{n}": f"图片 {n}" for n in range(2, 8)},
        "image_8": "商品图片 8",
        "image_9": "商品图片 9",
        "property_name_1": "主要销售变体名称（主题）",
        "property_value_1": "主要销售变体值（选项）",
        "property_1_image": "主要销售变体图片 1",
        "property_name_2": "次要销售变体名称（主题）",
        "property_value_2": "次要销售变体值（选项）",
        "parcel_weight": "包裹重量(g)",
        "parcel_length": "包裹长度(cm)",
        "parcel_width": "包裹宽度(cm)",
        "parcel_height": "包裹高度(cm)",
        "price": "零售价（本地币种）",
        "quantity": "数量",
        "seller_sku": "商家 SKU",
        "size_chart": "尺码表",
    },
}
MANDATORY = frozenset({"category", "product_name", "product_description", "main_image", "price"})
INSTRUCTIONS = {
    "product_name": "Product name must be less than 255 characters and must not contain emoji.",
    "price": "Enter the retail price in local currency. Use numbers only, without a symbol.",
    "quantity": "Enter the available stock; it must be a whole number of 0 or more.",
    "seller_sku": "Enter a unique seller SKU for each variation so you can manage stock easily.",
}


def tiktok_grid(
    rows: Sequence[dict[str, object]],
    *,
    labels_only: bool = False,
    language: str = "en",
    data_start_row: int | None = None,
    columns: Sequence[str] | None = None,
    labels: dict[str, str] | None = None,
    instruction_rows: Sequence[dict[str, object]] | None = None,
) -> list[list[object]]:
    """The cells of a Template sheet, row by row (row 1 first).

    `instruction_rows` replace the row-5 instructions (key -> help text), one dict a row; data
    then starts right after them.
    """
    keys = list(columns) if columns is not None else column_keys(rows)
    label_row = [label_for(key, language, labels or {}) for key in keys]
    if labels_only:
        header: list[list[object]] = [list(label_row)]
        start = data_start_row or 2
    else:
        header = [
            list(keys),
            [TOKEN_ROW, *([""] * (len(keys) - 1))],
            list(label_row),
            ["Mandatory" if key in MANDATORY else "Optional" for key in keys],
            [INSTRUCTIONS.get(key, "") for key in keys],
        ]
        start = data_start_row or 6
        if instruction_rows is not None:
            header = header[:4] + [[row.get(key) for key in keys] for row in instruction_rows]
            start = len(header) + 1
        header = header[: start - 1] if start <= 6 else header
    while len(header) < start - 1:
        header.append([INSTRUCTIONS.get(key, "") for key in keys])  # versions with a longer header
    return [*header, *([row.get(key) for key in keys] for row in rows)]


def column_keys(rows: Sequence[dict[str, object]]) -> list[str]:
    present = {key for row in rows for key in row}
    ordered = [key for key in KEY_ORDER if key in present]
    extra = list(dict.fromkeys(key for row in rows for key in row if key not in KEY_ORDER))
    # source-formats §1.2: category attributes come after the fixed columns.
    return ordered + extra


def label_for(key: str, language: str, overrides: dict[str, str]) -> str:
    if key in overrides:
        return overrides[key]
    if key.startswith("product_property/"):
        return "Attribute " + key.rsplit("/", 1)[1]
    if key.startswith("warehouse_quantity/"):
        warehouse = key.rsplit("/", 1)[1]
        return f"{warehouse} 中的数量" if language == "zh" else f"Quantity in {warehouse}"
    return LABELS[language].get(key, key)


def write_tiktok_xlsx(
    path: Path,
    rows: Sequence[dict[str, object]],
    *,
    labels_only: bool = False,
    language: str = "en",
    sheet_name: str = "Template",
    extra_sheets: Sequence[str] = ("Example", "Brand"),
    data_start_row: int | None = None,
    columns: Sequence[str] | None = None,
    labels: dict[str, str] | None = None,
    instruction_rows: Sequence[dict[str, object]] | None = None,
    instruction_sheet: bool = True,
    created: datetime | None = None,
) -> Path:
    """Write a TikTok Shop workbook; the data sheet is not the first one (source-formats §1.1)."""
    grid = tiktok_grid(
        rows,
        labels_only=labels_only,
        language=language,
        data_start_row=data_start_row,
        columns=columns,
        labels=labels,
        instruction_rows=instruction_rows,
    )
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    workbook = xlsxwriter.Workbook(str(path), options)
    if created is not None:  # a fixed date makes the file byte-identical between builds
        workbook.set_properties({"created": created})
    try:
        if instruction_sheet:
            notes = workbook.add_worksheet("Instruction")
            notes.write_string(0, 0, "How to upload products in bulk")
            notes.write_string(1, 0, "1. Fill in the Template sheet from row 6. 2. Upload it.")
        data = workbook.add_worksheet(sheet_name)
        for row_index, cells in enumerate(grid):
            for column_index, value in enumerate(cells):
                _write_cell(data, row_index, column_index, value)
        for name in extra_sheets:
            workbook.add_worksheet(name).write_string(0, 0, name)
    finally:
        workbook.close()
    return path


def _write_cell(sheet: object, row: int, column: int, value: object) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, column, value)  # type: ignore[attr-defined]
    elif isinstance(value, int | float | Decimal):
        sheet.write_number(row, column, float(value))  # type: ignore[attr-defined]
    else:
        sheet.write_string(row, column, str(value))  # type: ignore[attr-defined]


def write_tiktok_csv(
    path: Path,
    rows: Sequence[dict[str, object]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8-sig",
    labels_only: bool = False,
    language: str = "en",
    data_start_row: int | None = None,
    columns: Sequence[str] | None = None,
    labels: dict[str, str] | None = None,
    instruction_rows: Sequence[dict[str, object]] | None = None,
) -> Path:
    """Write the Template sheet as Excel saves it as CSV (`utf-8-sig` adds the BOM Excel writes)."""
    grid = tiktok_grid(
        rows,
        labels_only=labels_only,
        language=language,
        data_start_row=data_start_row,
        columns=columns,
        labels=labels,
        instruction_rows=instruction_rows,
    )
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        for cells in grid:
            writer.writerow(["" if value is None else _csv_text(value) for value in cells])
    return path


def _csv_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)

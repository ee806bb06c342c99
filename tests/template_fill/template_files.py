"""Channel templates in the shapes sellers download them, built with openpyxl, and an export.

- `faire_template`: Faire's product template: row 1 labels, row 2 Mandatory/Optional notes, row 3
  the keys Faire parses, data from row 4 (faire-template.md), with a list validation on
  `Selling Method`, a second sheet, frozen panes and a styled header.
- `alibaba_cn_template`: a Chinese-labelled sheet as Alibaba.com tools and Chinese ERPs print it
  (`*产品名称（必填）`, `价格1`), with an instruction row above the header.
- `shopify_csv_template`: a Shopify-like product CSV (`Handle,Title,Body (HTML),...`).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from tests.tiktok_builder import write_tiktok_xlsx

FAIRE_COLUMNS = (
    ("Product Name (English)", "Mandatory", "product_name_english"),
    ("Product Token", "Do not edit for exported products. Leave blank for new products.",
     "info_product_token"),
    ("Description (English)", "Optional", "product_description_english"),
    ("Selling Method", "Mandatory", "selling_method"),
    ("Minimum Order Quantity", "Mandatory", "minimum_order_quantity"),
    ("Packaged Weight", "Optional", "packaged_weight"),
    ("Packaged Weight Unit", "Mandatory if packaged weight is provided. Select between kg, g, "
     "lb, or oz", "packaged_weight_unit"),
    ("SKU", "Optional", "sku"),
    ("GTIN", "Optional", "gtin"),
    ("Option 1 Name", "Optional", "option_1_name"),
    ("Option 1 Value", "Mandatory if Option 1 Name is filled", "option_1_value"),
    ("USD Unit Wholesale Price", "Mandatory", "price_wholesale"),
    ("USD Unit Retail Price", "Mandatory", "price_retail"),
    ("Product Images", "Mandatory for at least 1 row per product, and should contain at least 1 "
     "URL or image filename", "product_images"),
    ("Made In Country", "Optional", "made_in_country"),
    ("On Hand Inventory", "Optional", "on_hand_inventory"),
    ("On Hand Inventory (Read Only)", "Optional", "on_hand_inventory_original"),
)  # fmt: skip

HEADER_FILL = PatternFill("solid", start_color="FFFFC000")


def faire_template(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Products"
    for row in range(3):
        sheet.append([column[row] for column in FAIRE_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    methods = DataValidation(type="list", formula1='"By the item,By the case,Open sizing"')
    sheet.add_data_validation(methods)
    methods.add("D4:D5000")
    sheet.freeze_panes = "A4"
    sheet.column_dimensions["A"].width = 48
    help_sheet = book.create_sheet("Instructions")
    help_sheet.append(["Fill one row per option. Prices are per unit."])
    book.save(path)
    return path


def alibaba_cn_template(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "产品信息"
    sheet.append(["填写说明：带*的为必填项，请勿修改表头。"])
    sheet.append(
        ["*产品名称（必填）", "产品关键词", "*最小起订量", "计量单位", "阶梯数量1", "价格1",
         "阶梯数量2", "价格2", "产地", "品牌", "主图1", "商家编码", "证书编号"]
    )  # fmt: skip
    sheet.merge_cells("A1:M1")
    book.create_sheet("类目列表").append(["服装 > 女装 > T恤"])
    book.save(path)
    return path


SHOPIFY_HEADER = (
    '"Handle","Title","Body (HTML)","Vendor","Tags","Option1 Name","Option1 Value",'
    '"Variant SKU","Variant Grams","Variant Inventory Qty","Variant Price",'
    '"Variant Compare At Price","Image Src","Gift Card"'
)


def shopify_csv_template(path: Path, *, bom: bool = True) -> Path:
    text = SHOPIFY_HEADER + "\r\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def kaos_export(path: Path, **changes: object) -> Path:
    """An Indonesian shop's export: one T-shirt in two colours, one tote bag."""
    shirt: dict[str, object] = {
        "product_id": "1729384756000000001",
        "category": "Pakaian Wanita/Atasan/Kaos",
        "brand": "Kaosku",
        "product_name": "Kaos Polos Wanita Katun",
        "product_description": "<p>Kaos polos <b>katun</b></p><p>Bahan: Katun</p>",
        "main_image": "https://img.example/kaos.jpg",
        "image_2": "https://img.example/kaos-2.jpg",
        "property_name_1": "Warna",
        "parcel_weight": 200,
        "parcel_length": 30,
        "parcel_width": 20,
        "parcel_height": 5,
        "price": "Rp 89.000",
        "quantity": 500,
    }
    rows = [
        {**shirt, "sku_id": "1729384756000000011", "property_value_1": "Hitam",
         "seller_sku": "KP-H"},
        {**shirt, "sku_id": "1729384756000000012", "property_value_1": "Putih",
         "seller_sku": "KP-P"},
        {"product_id": "1729384756000000002", "sku_id": "1729384756000000021",
         "category": "Tas/Tas Wanita", "product_name": "Tas Tote Kanvas", "price": "Rp 45.000",
         "quantity": 80, "seller_sku": "TT-1", "main_image": "https://img.example/tas.jpg"},
    ]  # fmt: skip
    for row in rows:
        row.update(changes)
    return write_tiktok_xlsx(path, rows)

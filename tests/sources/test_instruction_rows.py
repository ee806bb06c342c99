"""Template instruction rows are told from product rows by where they stand and what they hold.

A product row is never dropped for a wordy cell: every non-empty row from the first data row on
is a SKU read, converted or rejected with its row; instruction rows are named as skipped.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from catalog_migrate.cli import cli
from catalog_migrate.model import Issue, RetailProduct
from catalog_migrate.sources.base import SourceOptions
from catalog_migrate.sources.dianxiaomi_import import DianxiaomiImportSource
from catalog_migrate.sources.instruction_rows import is_prose
from catalog_migrate.sources.tiktok_sheet import TikTokSheetSource
from tests.tiktok_builder import INSTRUCTIONS, write_tiktok_csv, write_tiktok_xlsx

REAL_WORLD = Path(__file__).parent.parent / "data" / "real-world"
PID = "1729384756102938475"


def sku(**cells: object) -> dict[str, object]:
    row: dict[str, object] = {
        "category": "Pakaian Wanita/Atasan/Kaos",
        "brand": "No brand",
        "product_name": "Kaos Polos Katun Premium",
        "product_description": "<p>Bahan: Katun</p>",
        "main_image": "https://p16-oec.example/kaos-1.jpg",
        "price": "Rp 89.000",
        "seller_sku": "KP-01",
        "parcel_weight": 200,
    }
    row.update(cells)
    return row


def read(path: Path, source: object = None) -> list[RetailProduct | Issue]:
    reader = source or TikTokSheetSource()
    return list(reader.read(path, SourceOptions(currency="IDR")))  # type: ignore[attr-defined]


def rows_seen(items: list[RetailProduct | Issue]) -> list[int]:
    """Every source row the reader turned into a variant or an error."""
    seen: list[int] = []
    for item in items:
        if isinstance(item, RetailProduct):
            seen += [v.source_row for v in item.variants]
            seen += sorted({i.source_row for i in item.rejected if i.source_row is not None})
        elif item.is_error and item.source_row is not None:
            seen.append(item.source_row)
    return sorted(seen)


def skipped(items: list[RetailProduct | Issue]) -> list[int | None]:
    return [
        i.source_row for i in items if isinstance(i, Issue) and i.code == "row.instruction_skipped"
    ]


def convert_json(path: Path, currency: str = "IDR") -> dict[str, object]:
    result = CliRunner().invoke(
        cli, ["convert", str(path), "--currency", currency, "--dry-run", "--json"]
    )
    assert result.exit_code in (0, 1), result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


WORDY = [
    sku(seller_sku="KAOS POLOS HITAM XL", quantity="50 pcs ready stock", property_name_1="Warna",
        property_value_1="Hitam"),
    sku(price="Rp 89.000 per lusin", parcel_weight="200 gram per pcs", seller_sku="KP-PTH",
        property_name_1="Warna", property_value_1="Putih"),
    sku(seller_sku="KP-MRH", property_name_1="Warna", property_value_1="Merah"),
]  # fmt: skip


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_wordy_cells_in_the_first_data_rows_keep_them_data(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"export{suffix}"
    (write_tiktok_xlsx if suffix == ".xlsx" else write_tiktok_csv)(path, WORDY)
    items = read(path)
    assert rows_seen(items) == [6, 7, 8]
    assert skipped(items) == [5]
    [product] = [i for i in items if isinstance(i, RetailProduct)]
    assert [v.seller_sku for v in product.variants] == ["KAOS POLOS HITAM XL", "KP-MRH"]
    assert [(i.code, i.source_row) for i in items if isinstance(i, Issue)][-1:] == [
        ("quantity.invalid", 6)
    ]
    assert [(i.source_row, i.code) for i in product.rejected] == [(7, "price.unparseable")]


def test_every_row_after_the_header_is_counted_in_the_run(tmp_path: Path) -> None:
    path = write_tiktok_xlsx(tmp_path / "export.xlsx", WORDY)
    data = convert_json(path)
    assert (data["skus_read"], data["skus_converted"], data["skus_rejected"]) == (3, 2, 1)
    issues = data["issues"]
    assert isinstance(issues, list)
    assert [
        (i["source_row"], i["severity"]) for i in issues if i["code"] == "row.instruction_skipped"
    ] == [(5, "warning")]
    [said] = [i["message"] for i in issues if i["code"] == "row.instruction_skipped"]
    assert said == (
        "row 5 holds the template's instructions ('Product name must be less than 255 "
        "characters and…'), not a product; it is skipped"
    )


def test_product_ids_that_are_not_all_digits_are_data(tmp_path: Path) -> None:
    rows = [
        sku(product_id="KP-1001", sku_id="KP-1001-H", variation_value="Hitam"),
        sku(product_id="KP-1001", sku_id="KP-1001-P", variation_value="Putih"),
        sku(product_id=PID, sku_id="1729384756102938001", product_name="Kemeja"),
    ]
    path = write_tiktok_xlsx(tmp_path / "export.xlsx", rows)
    items = read(path)
    assert rows_seen(items) == [6, 7, 8]
    products = [i for i in items if isinstance(i, RetailProduct)]
    assert [p.key for p in products] == ["KP-1001", PID]


HELP = {
    "zh": {"category": "请从下拉列表选择类目", "product_name": "请按要求填写",
           "price": "请填写零售价，只能填写数字", "seller_sku": "请按要求填写"},
    "th": {"category": "กรุณาเลือกหมวดหมู่จากรายการ", "product_name": "กรุณากรอกชื่อสินค้า",
           "price": "กรุณากรอกราคาขายปลีกเป็นตัวเลข"},
    "vi": {"category": "Vui lòng chọn danh mục từ danh sách", "product_name":
           "Tên sản phẩm phải ít hơn 255 ký tự", "price": "Nhập giá bán lẻ bằng nội tệ"},
    "id": {"category": "Silakan pilih kategori dari daftar", "product_name":
           "Nama produk harus kurang dari 255 karakter", "price":
           "Masukkan harga ritel dalam mata uang lokal", "seller_sku": "Wajib diisi"},
    "en": INSTRUCTIONS,
}  # fmt: skip


@pytest.mark.parametrize("language", sorted(HELP))
def test_help_rows_in_any_language_are_skipped_and_named(tmp_path: Path, language: str) -> None:
    help_rows = [HELP[language], {"product_name": HELP[language]["product_name"]}]
    path = write_tiktok_xlsx(tmp_path / "export.xlsx", WORDY, instruction_rows=help_rows)
    items = read(path)
    assert skipped(items) == [5, 6]
    assert rows_seen(items) == [7, 8, 9]


def test_a_help_row_is_only_one_in_the_header_block(tmp_path: Path) -> None:
    # The same help text below a product row is data: it is rejected with its row, not skipped.
    rows = [sku(), {"product_name": INSTRUCTIONS["product_name"], "price": INSTRUCTIONS["price"]}]
    items = read(write_tiktok_xlsx(tmp_path / "export.xlsx", rows))
    assert skipped(items) == [5]
    assert rows_seen(items) == [6, 7]


def test_a_product_row_with_a_long_name_and_a_price_is_data(tmp_path: Path) -> None:
    long_name = "Kaos Polos Katun Premium Lengan Pendek Unisex Ukuran S sampai XXL"
    rows = [{"product_name": long_name, "product_description": long_name, "price": "89000"}]
    items = read(write_tiktok_xlsx(tmp_path / "export.xlsx", rows, instruction_rows=[]))
    assert skipped(items) == []
    assert rows_seen(items) == [5]


@pytest.mark.parametrize(
    ("text", "prose"),
    [
        ("KAOS POLOS HITAM XL", False),
        ("Rp 89.000 per pcs", False),
        ("200 gram per pcs", False),
        ("Product name must be less than 255 characters", True),
        ("请按要求填写", True),
        ("女装/上衣/T恤", False),
        ("无品牌", False),
    ],
)
def test_prose(text: str, prose: bool) -> None:
    assert is_prose(text) is prose


# --- Dianxiaomi import template -----------------------------------------------------------------


def test_real_dianxiaomi_template_names_its_instruction_row() -> None:
    items = read(REAL_WORLD / "dianxiaomi_tiktok_import_example.xlsx", DianxiaomiImportSource())
    assert skipped(items) == [6]
    assert rows_seen(items) == [2, 3, 4]


def test_dianxiaomi_rows_after_the_instruction_block_are_read(tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(REAL_WORLD / "dianxiaomi_tiktok_import_example.xlsx")
    sheet = workbook.active
    assert sheet is not None
    sheet.cell(row=8, column=1, value="注意：请按要求填写，不要修改表头")
    for column, cell in enumerate(sheet[4], start=1):
        sheet.cell(row=9, column=column, value=cell.value)
    sheet.cell(row=9, column=2, value="another single product added below the notes")
    path = tmp_path / "dxm.xlsx"
    workbook.save(path)
    items = read(path, DianxiaomiImportSource())
    assert skipped(items) == [6, 8]
    assert rows_seen(items) == [2, 3, 4, 9]


@pytest.mark.parametrize("data_start_row", [2, 6])
def test_a_first_cell_with_a_bar_is_data_not_the_token_row(
    tmp_path: Path, data_start_row: int
) -> None:
    rows = [{"category": "Women | Tops", "product_name": "Kaos", "price": "Rp 89.000"}]
    path = write_tiktok_xlsx(tmp_path / "export.xlsx", rows, data_start_row=data_start_row)
    assert rows_seen(read(path)) == [data_start_row]


def test_the_dianxiaomi_notes_are_not_counted_as_skus() -> None:
    data = convert_json(REAL_WORLD / "dianxiaomi_tiktok_import_example.xlsx", "USD")
    assert (data["skus_read"], data["skus_converted"], data["skus_rejected"]) == (3, 3, 0)
    issues = data["issues"]
    assert isinstance(issues, list)
    assert [i["source_row"] for i in issues if i["code"] == "row.instruction_skipped"] == [6]


def test_a_help_row_under_the_real_chinese_label_row_is_skipped(tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(REAL_WORLD / "tiktok_store_backend_template_zh.xlsx")
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["请从下拉列表选择类目", "", "请按要求填写", "请填写商品描述，不超过5000字"])
    product = ["家居/收纳", "", "收纳盒", "<p>塑料</p>", "https://img.example/1.jpg", *[""] * 8]
    sheet.append([*product, "颜色", "白色", "", "", "", 350, 20, 15, 10, "RM 12.90", 40, "BOX-W"])
    path = tmp_path / "zh.xlsx"
    workbook.save(path)
    items = read(path)
    assert skipped(items) == [2]
    assert rows_seen(items) == [3]

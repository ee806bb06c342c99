"""Format detection: which source reads a file, and the one-line refusal when none does."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog_migrate.errors import InputError, UserError
from catalog_migrate.sources import SOURCES, detect, get_source
from catalog_migrate.sources.base import SourceOptions
from tests.tiktok_builder import write_tiktok_csv, write_tiktok_xlsx

REAL_WORLD = Path(__file__).parent.parent / "data" / "real-world"
ROW = {"category": "Home Supplies", "product_name": "Rak Bumbu", "price": "RM 12.90"}


def refused(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        detect(path, SourceOptions())
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_registry() -> None:
    assert list(SOURCES) == ["tiktok-sheet", "dianxiaomi-import", "dianxiaomi-export"]
    assert get_source("tiktok-sheet") is SOURCES["tiktok-sheet"]
    with pytest.raises(
        UserError,
        match="unknown input format 'shopee'; known formats: dianxiaomi-export, "
        "dianxiaomi-import, tiktok-sheet",
    ):
        get_source("shopee")


@pytest.mark.parametrize("labels_only", [False, True])
def test_tiktok_workbooks_are_detected(tmp_path: Path, labels_only: bool) -> None:
    path = write_tiktok_xlsx(tmp_path / "export.xlsx", [ROW], labels_only=labels_only)
    assert detect(path, SourceOptions()).name == "tiktok-sheet"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_tiktok_csv_is_detected(tmp_path: Path, encoding: str) -> None:
    path = write_tiktok_csv(tmp_path / "export.csv", [ROW], delimiter=";", encoding=encoding)
    assert detect(path, SourceOptions()).name == "tiktok-sheet"


def test_real_chinese_template_is_detected() -> None:
    path = REAL_WORLD / "tiktok_store_backend_template_zh.xlsx"
    assert detect(path, SourceOptions()).name == "tiktok-sheet"


def test_dianxiaomi_import_template_is_detected() -> None:
    path = REAL_WORLD / "dianxiaomi_tiktok_import_example.xlsx"
    assert detect(path, SourceOptions()).name == "dianxiaomi-import"


def test_dianxiaomi_html_export_is_detected() -> None:
    path = REAL_WORLD / "dianxiaomi_product_export.xls"
    assert detect(path, SourceOptions()).name == "dianxiaomi-export"


def test_html_without_a_header_table_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "page.xls"
    path.write_text("<!DOCTYPE html><html><body><p>Session expired</p></body></html>")
    assert refused(path) == (
        "page.xls is an HTML page saved with a spreadsheet name (as ERPs such as Dianxiaomi "
        "export): open it in Excel and save it as .xlsx"
    )


def test_a_tiktok_sheet_without_prices_names_the_missing_column(tmp_path: Path) -> None:
    path = write_tiktok_xlsx(
        tmp_path / "no_price.xlsx", [{"product_name": "Kaos", "category": "A", "seller_sku": "K1"}]
    )
    assert refused(path).startswith(
        "no_price.xlsx is not an export this tool can read: tried tiktok-sheet "
        "(a product name column "
        "but no price column (key `price` or a label such as 'Retail Price (Local Currency)') "
        "of sheet Template); dianxiaomi-import ("
    )


def test_a_shopify_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "products.csv"
    path.write_text("Handle,Title,Variant Price\nkaos,Kaos,12.90\n", encoding="utf-8")
    assert refused(path) == (
        "products.csv is not an export this tool can read: tried tiktok-sheet "
        "(no product_name / 商品名称 "
        "column found in the first 2 rows); dianxiaomi-import (no 分类id, 产品标题 and "
        "本地展示价(站点币种) headers in row 1); dianxiaomi-export (no ERP ID, 商品名称 and "
        "全球商品价格 headers in row 1)"
    )


def test_a_workbook_without_tiktok_columns_is_refused(tmp_path: Path) -> None:
    path = write_tiktok_xlsx(
        tmp_path / "other.xlsx", [{"nama": "Kaos", "harga": "Rp 1"}], sheet_name="Produk"
    )
    assert refused(path) == (
        "other.xlsx is not an export this tool can read: tried tiktok-sheet "
        "(no product_name / 商品名称 "
        "column found in the first 2 rows of sheet Instruction); dianxiaomi-import (no 分类id, "
        "产品标题 and 本地展示价(站点币种) headers in row 1 of sheet Instruction); "
        "dianxiaomi-export (no ERP ID, 商品名称 and 全球商品价格 headers in row 1 of sheet "
        "Instruction)"
    )

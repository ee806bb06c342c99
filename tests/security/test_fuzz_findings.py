"""Inputs the fuzz tests found to break a run, kept as plain regression tests."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from catalog_migrate.cli import cli
from tests.tiktok_builder import write_tiktok_csv, write_tiktok_xlsx


def product(number: int, category: str | None) -> dict[str, object]:
    return {
        "product_id": f"17293847561029{number:05d}",
        "category": category,
        "product_name": f"Kaos Polos Wanita Oversize {number}",
        "product_description": "<p>Bahan: Katun Combed 30s</p>",
        "main_image": "https://example.com/kaos.jpg",
        "price": "Rp 89.000",
        "seller_sku": f"KP-{number}",
    }


def test_a_product_without_a_category_is_rejected_not_lost(tmp_path: Path) -> None:
    # Mapping warns `category.missing`; the Alibaba rule makes it an error that drops the listing.
    # The warning said first once hid that error, so the run lost the rows (exit 3).
    rows = [product(1, "Pakaian Wanita/Atasan/Kaos"), product(2, None)]
    export = write_tiktok_xlsx(tmp_path / "export.xlsx", rows)
    result = CliRunner().invoke(cli, ["convert", str(export), "--currency", "IDR", "--json"])
    assert result.exit_code == 1, result.stderr
    report = json.loads(result.stdout)
    counts = [report[key] for key in ("skus_read", "skus_converted", "skus_rejected")]
    assert counts == [2, 1, 1]
    errors = [issue for issue in report["issues"] if issue["severity"] == "error"]
    assert errors == [
        {
            "code": "category.missing",
            "severity": "error",
            "message": "no category; choose an Alibaba.com leaf category",
            "product_id": "1729384756102900002",
            "seller_sku": None,
            "field": "category",
            "source_row": 7,
            "target": "alibaba",
        }
    ]


@pytest.mark.parametrize(
    ("price", "shown"),
    [(8.4e26, "8.4e+26"), ("840000000000000033151778816", "840000000000000033151778816")],
    ids=["number", "text"],
)
def test_an_absurdly_large_price_rejects_the_sku(price: object, shown: str, tmp_path: Path) -> None:
    # Rounding such an amount to cents overflowed Decimal's precision: exit 3, "InvalidOperation".
    rows = [
        {**product(1, "Home/Mugs"), "price": "RM12.90"},
        {**product(2, "Home/Mugs"), "price": price},
    ]
    export = write_tiktok_xlsx(tmp_path / "export.xlsx", rows)
    result = CliRunner().invoke(cli, ["convert", str(export), "--currency", "MYR", "--json"])
    assert result.exit_code == 1, result.stderr
    report = json.loads(result.stdout)
    errors = [(issue["code"], issue["message"], issue["source_row"]) for issue in report["issues"]]
    assert ("price.unparseable", f"{shown!r} is too large to be a price", 7) in errors
    assert (report["skus_converted"], report["skus_rejected"]) == (1, 1)


def test_a_report_cell_is_clipped_in_the_units_excel_counts(tmp_path: Path) -> None:
    # 16,351 emoji are 32,702 UTF-16 units: the unmapped-category message around them did not fit
    # a cell, and xlsxwriter's refusal stopped the run with an internal error.
    category = "🧕" * 16_351
    export = write_tiktok_csv(
        tmp_path / "export.csv", [{**product(1, category), "price": "RM12.90"}]
    )
    result = CliRunner().invoke(cli, ["convert", str(export), "--currency", "MYR"])
    assert result.exit_code == 0, result.stderr
    report = openpyxl.load_workbook(tmp_path / "export.alibaba.report.xlsx")["Issues"]
    messages = [row[6] for row in report.iter_rows(min_row=2, values_only=True)]
    clipped = [message for message in messages if message.startswith("no target category")]
    assert len(clipped) == 1
    assert clipped[0].endswith("in the category map; the source p [...]")
    assert len(clipped[0].encode("utf-16-le")) // 2 == 32_767


def test_a_seller_sku_as_long_as_a_cell_converts(tmp_path: Path) -> None:
    # The report's provenance names the SKU in its Field cell (`skus.<seller SKU>.price`), which
    # went over the cell limit: CellTooLong, an internal error.
    seller_sku = "K" * 32_767
    export = write_tiktok_xlsx(
        tmp_path / "export.xlsx", [{**product(1, "Home"), "seller_sku": seller_sku}]
    )
    result = CliRunner().invoke(cli, ["convert", str(export), "--currency", "IDR"])
    assert result.exit_code == 0, result.stderr
    skus = openpyxl.load_workbook(tmp_path / "export.alibaba.xlsx")["SKUs"]
    assert skus["C2"].value == seller_sku
    provenance = openpyxl.load_workbook(tmp_path / "export.alibaba.report.xlsx")["Provenance"]
    fields = [row[1] for row in provenance.iter_rows(min_row=2, values_only=True)]
    assert f"skus.{seller_sku}"[: 32_767 - len(" [...]")] + " [...]" in fields


def test_a_csv_cell_longer_than_excel_holds_in_utf16_is_refused(tmp_path: Path) -> None:
    # 20,000 emoji pass the csv module's 32,767-character limit but are 40,000 UTF-16 units.
    export = write_tiktok_csv(
        tmp_path / "export.csv", [{**product(1, "Home"), "brand": "🧕" * 20_000, "price": "RM1"}]
    )
    result = CliRunner().invoke(cli, ["convert", str(export), "--currency", "MYR"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: export.csv has a cell of 40,000 characters at line 6 longer than the 32,767 "
        "character limit: shorten it, or raise limits.max_cell_chars in the profile\n"
    )
    assert [path.name for path in tmp_path.iterdir()] == ["export.csv"]


def test_an_absurd_parcel_weight_is_left_empty_with_a_warning(tmp_path: Path) -> None:
    # Rounding 10^28 g to kg overflowed Decimal's precision: an internal error.
    export = write_tiktok_xlsx(
        tmp_path / "export.xlsx", [{**product(1, "Home"), "parcel_weight": 1e28}]
    )
    result = CliRunner().invoke(cli, ["convert", str(export), "--currency", "IDR", "--json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    weight = [issue for issue in report["issues"] if issue["field"] == "parcel_weight"]
    assert [(issue["severity"], issue["message"]) for issue in weight] == [
        ("warning", "parcel_weight holds 1e+28, too large for a parcel; it is left empty")
    ]


def test_a_description_too_long_in_utf16_rejects_the_product(tmp_path: Path) -> None:
    # 16,381 emoji fit the reader's limit (32,762 UTF-16 units); wrapped in <p></p> they no longer
    # fit a cell, which the rule measured in characters: CellTooLong, an internal error.
    export = write_tiktok_xlsx(
        tmp_path / "export.xlsx", [{**product(1, "Home"), "product_description": "🧕" * 16_381}]
    )
    result = CliRunner().invoke(cli, ["convert", str(export), "--currency", "IDR", "--json"])
    assert result.exit_code == 1, result.stderr
    report = json.loads(result.stdout)
    errors = [(i["code"], i["message"]) for i in report["issues"] if i["severity"] == "error"]
    assert errors == [
        ("description.too_long", "the description has 32769 characters; a cell holds 32767")
    ]

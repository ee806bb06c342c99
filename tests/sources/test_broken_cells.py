"""Stock cells that are no stock, and spreadsheet error cells, named with their row."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from catalog_migrate.cli import cli
from catalog_migrate.model import Issue, RetailProduct
from catalog_migrate.sources.base import SourceOptions
from catalog_migrate.sources.dianxiaomi_import import DianxiaomiImportSource
from catalog_migrate.sources.tiktok_sheet import TikTokSheetSource
from tests.sources.test_dianxiaomi_import import sku as dxm_sku
from tests.sources.test_dianxiaomi_import import write_template
from tests.tiktok_builder import write_tiktok_csv, write_tiktok_xlsx


def sku(value: str, **cells: object) -> dict[str, object]:
    row: dict[str, object] = {
        "category": "Pakaian Wanita/Atasan/Kaos",
        "product_name": "Kaos Polos Katun Premium",
        "main_image": "https://p16-oec.example/kaos-1.jpg",
        "price": "Rp 89.000",
        "property_name_1": "Warna",
        "property_value_1": value,
        "seller_sku": f"KP-{value}",
    }
    row.update(cells)
    return row


def read(path: Path) -> list[RetailProduct | Issue]:
    return list(TikTokSheetSource().read(path, SourceOptions(currency="IDR")))


STOCKS: list[tuple[object, int | None, str | None]] = [
    ("12", 12, None),
    ("１２", 12, None),  # full-width
    ("١٢", 12, None),  # Arabic-Indic
    ("๑๒", 12, None),  # Thai
    ("²", None, "the stock cell Quantity holds '²', not a whole number"),
    ("①", None, "the stock cell Quantity holds '①', not a whole number"),
    ("9" * 300, None, "the stock cell Quantity holds 99999999999999999999999…, too large for "
     "a stock"),
    (1e20, None, "the stock cell Quantity holds 1e+20, too large for a stock"),
    ("#N/A", None, "the stock cell Quantity holds '#N/A', a spreadsheet error, not a stock"),
]  # fmt: skip


def test_stock_cells_read_as_digits_or_are_named_invalid(tmp_path: Path) -> None:
    rows = [sku(f"V{n}", quantity=stock) for n, (stock, _, _) in enumerate(STOCKS)]
    items = read(write_tiktok_xlsx(tmp_path / "export.xlsx", rows))
    [product] = [i for i in items if isinstance(i, RetailProduct)]
    assert [v.quantity for v in product.variants] == [want for _, want, _ in STOCKS]
    said = {
        i.source_row: i.message
        for i in items
        if isinstance(i, Issue) and i.code == "quantity.invalid"
    }
    expected = {6 + n: f"{m}; the stock is left unknown" for n, (_, _, m) in enumerate(STOCKS) if m}
    assert said == expected


def test_a_huge_stock_is_never_written_as_a_float(tmp_path: Path) -> None:
    rows = [sku("Hitam", quantity=1e20), sku("Putih", quantity="9" * 300)]
    path = write_tiktok_xlsx(tmp_path / "export.xlsx", rows)
    result = CliRunner().invoke(cli, ["convert", str(path), "--currency", "IDR"])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(tmp_path / "export.alibaba.xlsx", read_only=True)["SKUs"]
    header, *skus = list(sheet.iter_rows(values_only=True))
    quantity = header.index("Quantity")
    assert [row[quantity] for row in skus] == [None, None]


def test_warehouse_stocks_adding_up_beyond_the_limit_are_unknown(tmp_path: Path) -> None:
    row = sku("Hitam", **{"warehouse_quantity/7001": 600_000_000,
                          "warehouse_quantity/7002": 600_000_000})  # fmt: skip
    items = read(write_tiktok_xlsx(tmp_path / "export.xlsx", [row]))
    [product] = [i for i in items if isinstance(i, RetailProduct)]
    assert product.variants[0].quantity is None
    assert [i.message for i in items if isinstance(i, Issue) and i.code == "quantity.invalid"] == [
        "the stock cells add up to 1200000000, too large for a stock; the stock is left unknown"
    ]


@pytest.mark.parametrize("error", ["#DIV/0!", "#N/A", "#VALUE!"])
def test_a_spreadsheet_error_price_is_named_as_one(tmp_path: Path, error: str) -> None:
    rows = [sku("Hitam"), sku("Putih", price=error, parcel_weight=error)]
    items = read(write_tiktok_csv(tmp_path / "export.csv", rows))
    [product] = [i for i in items if isinstance(i, RetailProduct)]
    assert [(i.code, i.source_row, i.message) for i in product.rejected] == [
        ("price.unparseable", 7, f"{error!r} is a spreadsheet error, not a price")
    ]


def test_spreadsheet_errors_in_a_parcel_cell_are_named(tmp_path: Path) -> None:
    items = read(write_tiktok_xlsx(tmp_path / "e.xlsx", [sku("Hitam", parcel_weight="#VALUE!")]))
    assert [i.message for i in items if isinstance(i, Issue) and i.code == "parcel.invalid"] == [
        "parcel_weight holds '#VALUE!', a spreadsheet error, not a number; it is left empty"
    ]


def test_dianxiaomi_error_price_and_compatibility_digit_stock(tmp_path: Path) -> None:
    rows = [dxm_sku(sku="K-1", name_1="color", value_1="red", stock="②"),
            dxm_sku(sku="K-2", name_1="color", value_1="blue", price="#DIV/0!")]  # fmt: skip
    path = write_template(tmp_path / "t.xlsx", rows)
    workbook = openpyxl.load_workbook(path)
    cell = workbook.active["O3"]  # type: ignore[index]
    cell.data_type = "s"  # the error's text, as a CSV round trip or a pasted value leaves it
    workbook.save(path)
    items = list(DianxiaomiImportSource().read(path, SourceOptions(currency="USD")))
    [product] = [i for i in items if isinstance(i, RetailProduct)]
    assert [(i.source_row, i.message) for i in product.rejected] == [
        (3, "'#DIV/0!' is a spreadsheet error, not a price")
    ]
    assert product.variants[0].quantity is None
    assert [(i.code, i.source_row) for i in items if isinstance(i, Issue)][-1:] == [
        ("quantity.invalid", 2)
    ]


def test_a_300_digit_parcel_weight_is_named_briefly(tmp_path: Path) -> None:
    items = read(write_tiktok_csv(tmp_path / "e.csv", [sku("Hitam", parcel_weight="9" * 300)]))
    assert [i.message for i in items if isinstance(i, Issue) and i.code == "parcel.invalid"] == [
        "parcel_weight holds 99999999999999999999999…, too large for a parcel; it is left empty"
    ]

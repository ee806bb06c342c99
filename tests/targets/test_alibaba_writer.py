from __future__ import annotations

import os
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from alibaba_listings import make_listing, usd

from catalog_migrate.errors import UserError
from catalog_migrate.model import LeadTime, PriceTier, WholesaleListing
from catalog_migrate.targets import TARGETS, get_target
from catalog_migrate.targets.alibaba import AlibabaTarget, format_lead_time

FORMULA = "=cmd|' /C calc'!A0"

PRODUCT_HEADERS = [
    "Source Product ID",
    "Product Name",
    "Keyword 1",
    "Keyword 2",
    "Keyword 3",
    "Category",
    "Unit",
    "Min. Order Quantity",
    "Pricing Mode",
    "Quantity 1",
    "Price 1 (USD)",
    "Quantity 2",
    "Price 2 (USD)",
    "Quantity 3",
    "Price 3 (USD)",
    "Quantity 4",
    "Price 4 (USD)",
    "Place of Origin",
    "Brand Name",
    "Material",
    "Specifications",
    "Lead Time",
    "Package Weight (kg)",
    "Package Size (cm)",
    "Main Image 1",
    "Main Image 2",
    "Main Image 3",
    "Main Image 4",
    "Main Image 5",
    "Main Image 6",
    "Description",
    "Category Mapped",
    "Variation Names",
    "SKU Count",
]

SKU_HEADERS = [
    "Source Product ID",
    "Source SKU ID",
    "Seller SKU",
    "Variation 1 Name",
    "Variation 1 Value",
    "Variation 2 Name",
    "Variation 2 Value",
    "Variation 3 Name",
    "Variation 3 Value",
    "Price (USD)",
    "Retail Price",
    "Retail Currency",
    "Quantity",
    "Variant Image",
]


def write(path: Path, listings: Iterable[WholesaleListing]) -> None:
    with AlibabaTarget().open_writer([path]) as writer:
        for listing in listings:
            writer.write(listing)


def rows_of(sheet: Any) -> list[dict[str, Any]]:
    header = [cell.value for cell in sheet[1]]
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]


@pytest.fixture
def workbook(tmp_path: Path) -> Any:
    path = tmp_path / "alibaba.xlsx"
    write(path, [make_listing()])
    return openpyxl.load_workbook(path)


def test_sheets_and_headers_are_spelled_exactly(workbook: Any) -> None:
    assert workbook.sheetnames == ["Products", "SKUs"]
    assert [cell.value for cell in workbook["Products"][1]] == PRODUCT_HEADERS
    assert [cell.value for cell in workbook["SKUs"][1]] == SKU_HEADERS


def test_a_product_row(workbook: Any) -> None:
    (row,) = rows_of(workbook["Products"])
    values = {name: cell.value for name, cell in row.items()}
    assert values == {
        "Source Product ID": "1729582937162839401",
        "Product Name": "Cotton Summer Dress for Women, Floral A-Line Midi",
        "Keyword 1": "summer dress",
        "Keyword 2": "floral dress",
        "Keyword 3": "midi dress",
        "Category": "Apparel/Women's Clothing/Dresses",
        "Unit": "Piece/Pieces",
        "Min. Order Quantity": 10,
        "Pricing Mode": "ladder",
        "Quantity 1": 10,
        "Price 1 (USD)": 12.5,
        "Quantity 2": 100,
        "Price 2 (USD)": 9.9,
        "Quantity 3": 500,
        "Price 3 (USD)": 8.2,
        "Quantity 4": None,
        "Price 4 (USD)": None,
        "Place of Origin": "Indonesia",
        "Brand Name": "Kirana",
        "Material": "Cotton",
        "Specifications": "Material: Cotton\nPattern: Floral",
        "Lead Time": "1-250: 7 days; 251-1000: 15 days",
        "Package Weight (kg)": 0.35,
        "Package Size (cm)": "30x20x5",
        "Main Image 1": "https://img.example/1.jpg",
        "Main Image 2": "https://img.example/2.jpg",
        "Main Image 3": None,
        "Main Image 4": None,
        "Main Image 5": None,
        "Main Image 6": None,
        "Description": "<p>Light cotton dress.</p>",
        "Category Mapped": "yes",
        "Variation Names": "Color, Size",
        "SKU Count": 2,
    }


def test_product_cell_types_and_formats(workbook: Any) -> None:
    (row,) = rows_of(workbook["Products"])
    assert row["Source Product ID"].data_type == "s"
    for name in ("Price 1 (USD)", "Price 2 (USD)", "Price 3 (USD)"):
        assert row[name].data_type == "n"
        assert row[name].number_format == "0.00"
    for name in ("Min. Order Quantity", "Quantity 1", "Quantity 2", "Quantity 3"):
        assert isinstance(row[name].value, int)
        assert row[name].number_format == "0"
    assert row["Package Weight (kg)"].number_format == "0.000"
    assert row["Specifications"].alignment.wrap_text
    assert row["Description"].alignment.wrap_text
    assert workbook["Products"].freeze_panes == "A2"
    assert workbook["SKUs"].freeze_panes == "A2"


def test_prices_equal_the_decimals_at_two_places(workbook: Any) -> None:
    (row,) = rows_of(workbook["Products"])
    written = [row[f"Price {n} (USD)"].value for n in (1, 2, 3)]
    assert [Decimal(f"{value:.2f}") for value in written] == [
        tier.price.amount for tier in make_listing().tiers
    ]
    assert [Decimal(repr(value)) for value in written] == [
        Decimal("12.5"),
        Decimal("9.9"),
        Decimal("8.2"),
    ]


def test_sku_rows(workbook: Any) -> None:
    first, second = rows_of(workbook["SKUs"])
    assert {name: cell.value for name, cell in first.items()} == {
        "Source Product ID": "1729582937162839401",
        "Source SKU ID": "1729582937162839402",
        "Seller SKU": "DRS-RED-M",
        "Variation 1 Name": "Color",
        "Variation 1 Value": "Red",
        "Variation 2 Name": "Size",
        "Variation 2 Value": "M",
        "Variation 3 Name": None,
        "Variation 3 Value": None,
        "Price (USD)": 12.5,
        "Retail Price": 150000,
        "Retail Currency": "IDR",
        "Quantity": 40,
        "Variant Image": "https://img.example/red.jpg",
    }
    assert second["Seller SKU"].value == "00123"
    assert second["Seller SKU"].data_type == "s"
    assert second["Source SKU ID"].data_type == "s"
    assert second["Quantity"].value == 0
    assert second["Price (USD)"].number_format == "0.00"


def test_a_formula_title_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "alibaba.xlsx"
    listing = make_listing(title=FORMULA, keywords=["=1+1"], description="@SUM(A1)")
    sku = listing.skus[0].model_copy(update={"seller_sku": FORMULA, "options": {"Color": "-1"}})
    write(path, [listing.model_copy(update={"skus": [sku]})])
    workbook = openpyxl.load_workbook(path)
    (product,) = rows_of(workbook["Products"])
    for name, text in (
        ("Product Name", FORMULA),
        ("Keyword 1", "=1+1"),
        ("Description", "@SUM(A1)"),
    ):
        assert product[name].value == text
        assert product[name].data_type == "s"
    (row,) = rows_of(workbook["SKUs"])
    assert (row["Seller SKU"].value, row["Seller SKU"].data_type) == (FORMULA, "s")
    assert (row["Variation 1 Value"].value, row["Variation 1 Value"].data_type) == ("-1", "s")


def test_no_formula_is_written(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "alibaba.xlsx"
    write(path, [make_listing(title=FORMULA)])
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name)


def test_more_than_six_images_writes_the_first_six(tmp_path: Path) -> None:
    path = tmp_path / "alibaba.xlsx"
    images = [f"https://img.example/{n}.jpg" for n in range(1, 9)]
    write(path, [make_listing(images=images)])
    (row,) = rows_of(openpyxl.load_workbook(path)["Products"])
    assert [row[f"Main Image {n}"].value for n in range(1, 7)] == images[:6]


def test_the_same_listings_give_the_same_bytes(tmp_path: Path) -> None:
    listings = [make_listing(), make_listing(source_product_id="2", title="Linen Shirt")]
    write(tmp_path / "one.xlsx", listings)
    write(tmp_path / "two.xlsx", listings)
    assert (tmp_path / "one.xlsx").read_bytes() == (tmp_path / "two.xlsx").read_bytes()


@pytest.mark.parametrize("failure", [RuntimeError("mapping failed"), KeyboardInterrupt()])
def test_a_failure_mid_write_keeps_the_old_output(tmp_path: Path, failure: BaseException) -> None:
    path = tmp_path / "alibaba.xlsx"
    write(path, [make_listing()])
    before = path.read_bytes()
    with pytest.raises(type(failure)), AlibabaTarget().open_writer([path]) as writer:
        writer.write(make_listing(source_product_id="new"))
        raise failure
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["alibaba.xlsx"]


def test_lead_time_form() -> None:
    assert format_lead_time([LeadTime(max_quantity=1000, days=1)]) == "1-1000: 1 day"
    rows = [LeadTime(max_quantity=q, days=d) for q, d in ((100, 5), (500, 10), (2000, 20))]
    assert format_lead_time(rows) == "1-100: 5 days; 101-500: 10 days; 501-2000: 20 days"


def test_package_size_keeps_fractions_readable(tmp_path: Path) -> None:
    path = tmp_path / "alibaba.xlsx"
    size = (Decimal("30.0"), Decimal("12.50"), Decimal("1E+1"))
    write(path, [make_listing(package_size_cm=size, package_weight_kg=None)])
    (row,) = rows_of(openpyxl.load_workbook(path)["Products"])
    assert row["Package Size (cm)"].value == "30x12.5x10"
    assert row["Package Weight (kg)"].value is None


def test_the_registry() -> None:
    assert set(TARGETS) == {
        "alibaba",
        "amazon-business",
        "faire",
        "generic",
        "shopify",
        "woocommerce",
    }
    target = get_target("Alibaba")
    assert (target.name, target.suffix) == ("alibaba", ".xlsx")
    known = "known targets: alibaba, amazon-business, faire, generic, shopify, woocommerce"
    with pytest.raises(UserError, match=known):
        get_target("dhgate")


def test_a_sku_priced_listing_writes_no_ladder_and_says_so(tmp_path: Path) -> None:
    skus = make_listing().skus
    listing = make_listing(
        pricing_mode="sku",
        tiers=[PriceTier(min_quantity=10, price=usd("12.50"))],
        skus=[skus[0], skus[1].model_copy(update={"price": usd("13.75")})],
    )
    path = tmp_path / "alibaba.xlsx"
    write(path, [listing])
    book = openpyxl.load_workbook(path)
    (product,) = rows_of(book["Products"])
    assert product["Pricing Mode"].value == "sku"
    assert product["Min. Order Quantity"].value == 10
    ladder = [f"Quantity {n}" for n in range(1, 5)] + [f"Price {n} (USD)" for n in range(1, 5)]
    assert [product[name].value for name in ladder] == [None] * 8
    assert [row["Price (USD)"].value for row in rows_of(book["SKUs"])] == [12.5, 13.75]

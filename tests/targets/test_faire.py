"""Faire: the product template workbook, read back cell by cell."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from alibaba_listings import usd
from channel_listings import HOSTILE, channel_listing, context, converter, idr, sku, write_target

from catalog_migrate.model import Money, WholesaleListing
from catalog_migrate.targets import get_target
from catalog_migrate.targets.base import WriteContext
from catalog_migrate.targets.faire import NOTES, FaireTarget

LABELS = [
    "Product Name (English)",
    "Product Status",
    "Product Token",
    "Product Type",
    "Description (English)",
    "Selling Method",
    "Case Size",
    "Minimum Order Quantity",
    "Item Weight",
    "Item Weight Unit",
    "Item Length",
    "Item Width",
    "Item Height",
    "Item Dimensions Unit",
    "Packaged Weight",
    "Packaged Weight Unit",
    "Packaged Length",
    "Packaged Width",
    "Packaged Height",
    "Packaged Dimensions Unit",
    "Option Status",
    "SKU",
    "GTIN",
    "Option 1 Name",
    "Option 1 Value",
    "Option 2 Name",
    "Option 2 Value",
    "Option 3 Name",
    "Option 3 Value",
    "USD Unit Wholesale Price",
    "USD Unit Retail Price",
    "CAD Unit Wholesale Price",
    "CAD Unit Retail Price",
    "GBR Unit Wholesale Price",
    "GBR Unit Retail Price",
    "EUR Unit Wholesale Price",
    "EUR Unit Retail Price",
    "AUD Unit Wholesale Price",
    "AUD Unit Retail Price",
    "Option Image",
    "Preorder",
    "Ship By Date (YYYY-MM-DD)",
    "Ship By End Date (if range, YYYY-MM-DD)",
    "Deadline To Order (YYYY-MM-DD)",
    "Sell After Order By/Ship Date",
    "Product Images",
    "Made In Country",
    "Tester Price (USD)",
    "Tester Price (CAD)",
    "Tester Price (GBP)",
    "Tester Price (EUR)",
    "Tester Price (AUD)",
    "Customizable",
    "Customization Instructions",
    "Customization Input Required",
    "Customization Input Character Limit",
    "Customization Minimum Order Quantity",
    "Customization Charge Per Unit (USD)",
    "Customization Charge Per Unit (CAD)",
    "Customization Charge Per Unit (GBP)",
    "Customization Charge Per Unit (EUR)",
    "Customization Charge Per Unit (AUD)",
    "Continue selling when out of stock",
    "On Hand Inventory",
    "On Hand Inventory (Read Only)",
    "Restock Date",
    "HS6 Tariff Code",
]
KEYS = [
    "product_name_english",
    "info_status_v2",
    "info_product_token",
    "info_product_type",
    "product_description_english",
    "selling_method",
    "case_quantity",
    "minimum_order_quantity",
    "item_weight",
    "item_weight_unit",
    "item_length",
    "item_width",
    "item_height",
    "item_dimensions_unit",
    "packaged_weight",
    "packaged_weight_unit",
    "packaged_length",
    "packaged_width",
    "packaged_height",
    "packaged_dimensions_unit",
    "option_status",
    "sku",
    "gtin",
    "option_1_name",
    "option_1_value",
    "option_2_name",
    "option_2_value",
    "option_3_name",
    "option_3_value",
    "price_wholesale",
    "price_retail",
    "canadian_price_wholesale",
    "canadian_price_retail",
    "uk_price_wholesale",
    "uk_price_retail",
    "eu_price_wholesale",
    "eu_price_retail",
    "australian_price_wholesale",
    "australian_price_retail",
    "option_image",
    "preorderable",
    "ship_by_start_date",
    "ship_by_end_date",
    "order_by_date",
    "keep_active",
    "product_images",
    "made_in_country",
    "tester_price",
    "canadian_tester_price",
    "uk_tester_price",
    "eu_tester_price",
    "australian_tester_price",
    "has_customization",
    "customization_instructions",
    "customization_input_required",
    "customization_input_limit",
    "customization_moq",
    "customization_charge",
    "canadian_customization_charge",
    "uk_customization_charge",
    "eu_customization_charge",
    "australian_customization_charge",
    "continue_selling_when_out_of_stock",
    "on_hand_inventory",
    "on_hand_inventory_original",
    "restock_date",
    "tariff_code",
]


def sheet_rows(path: Path) -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Products"]
    return list(book["Products"].iter_rows(values_only=True))


def records(path: Path) -> list[dict[str, Any]]:
    """The data rows (from row 4) by their row-3 key."""
    rows = sheet_rows(path)
    return [dict(zip(rows[2], row, strict=True)) for row in rows[3:]]


def filled(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if value is not None}


def test_three_header_rows_in_the_template_order(tmp_path: Path) -> None:
    (path,) = write_target("faire", tmp_path, [channel_listing()])
    rows = sheet_rows(path)
    assert list(rows[0]) == LABELS
    assert list(rows[1]) == list(NOTES)
    assert list(rows[2]) == KEYS
    assert len(LABELS) == len(KEYS) == 67
    assert rows[1][:3] == (
        "Mandatory",
        "Optional, defaults to Published",
        "Do not edit for exported products. Leave blank for new products.",
    )
    assert openpyxl.load_workbook(path)["Products"].freeze_panes == "A4"


def test_one_row_per_option_with_the_product_fields_on_each(tmp_path: Path) -> None:
    (path,) = write_target("faire", tmp_path, [channel_listing()])
    first, second = records(path)
    assert filled(first) == {
        "product_name_english": "Cotton Summer Dress for Women, Floral A-Line Midi",
        "info_status_v2": "Draft",
        "product_description_english": "Light cotton dress.",
        "selling_method": "By the item",
        "minimum_order_quantity": 10,
        "packaged_weight": 0.35,
        "packaged_weight_unit": "kg",
        "packaged_length": 30,
        "packaged_width": 20,
        "packaged_height": 5,
        "packaged_dimensions_unit": "cm",
        "sku": "DRS-1",
        "option_1_name": "Color",
        "option_1_value": "Blue",
        "option_2_name": "Size",
        "option_2_value": "M",
        "price_wholesale": 4.6,  # the first tier's price, as on Alibaba.com
        "price_retail": 9.2,  # Rp 149.500 at 16,250 IDR per USD
        "option_image": "https://img.example/red.jpg",
        "product_images": "https://img.example/1.jpg https://img.example/2.jpg",
        "made_in_country": "Indonesia",
        "on_hand_inventory": 40,
    }
    different = {"sku", "option_1_value", "on_hand_inventory", "option_image", "product_images"}
    same = {key: value for key, value in filled(first).items() if key not in different}
    assert filled(second) == {
        **same,
        "sku": "DRS-2",
        "option_1_value": "Green",
        "on_hand_inventory": 0,
    }
    assert second["product_images"] is None  # the images go on the product's first row
    for key in ("product_name_english", "selling_method", "minimum_order_quantity"):
        assert second[key] == first[key]
    assert first["info_product_token"] is None  # blank for new products


def test_prices_are_numbers_at_two_decimals(tmp_path: Path) -> None:
    (path,) = write_target("faire", tmp_path, [channel_listing()])
    sheet = openpyxl.load_workbook(path)["Products"]
    wholesale, retail = sheet.cell(4, 30), sheet.cell(4, 31)
    assert (wholesale.data_type, wholesale.number_format) == ("n", "0.00")
    assert (retail.data_type, retail.number_format) == ("n", "0.00")
    assert sheet.cell(4, 22).data_type == "s"  # the SKU is text


def test_the_description_loses_its_html(tmp_path: Path) -> None:
    html = "<p>Soft &amp; light.</p><ul><li>Bahan: Katun</li><li>Warna: Merah</li></ul>A<br>B"
    listing = channel_listing(description=html)
    fitted, issues = get_target("faire").prepare(listing)
    assert fitted.description == "Soft & light.\n- Bahan: Katun\n- Warna: Merah\nA\nB"
    assert issues == []
    (path,) = write_target("faire", tmp_path, [listing])
    assert records(path)[0]["product_description_english"] == fitted.description


def test_packs_sell_by_the_case_at_unit_prices(tmp_path: Path) -> None:
    listing = channel_listing(
        unit="Pack/Packs",
        specifications={"Material": "Cotton", "Pairs per Pack": "12"},
        skus=[sku(1, price=usd("12.00"), retail_price=Money(amount=Decimal("24"), currency="USD"))],
        tiers=[channel_listing().tiers[0].model_copy(update={"price": usd("12.00")})],
        pricing_mode="sku",
    )
    (path,) = write_target("faire", tmp_path, [listing])
    (row,) = records(path)
    assert (row["selling_method"], row["case_quantity"], row["minimum_order_quantity"]) == (
        "By the case",
        12,
        120,  # 10 packs of 12
    )
    assert (row["price_wholesale"], row["price_retail"]) == (1.0, 2.0)  # per pair
    assert row["on_hand_inventory"] == 480


def test_packs_of_different_counts_are_sold_by_the_item_with_a_warning(tmp_path: Path) -> None:
    listing = channel_listing(
        unit="Pack/Packs", specifications={"Pieces per Pack": "6, 12 (by SKU)"}
    )
    _, issues = get_target("faire").prepare(listing)
    assert [(issue.code, issue.severity.value) for issue in issues] == [
        ("unit.case_size_varies", "warning")
    ]
    assert "Pieces per Pack: 6, 12 (by SKU)" in issues[0].message
    (path,) = write_target("faire", tmp_path, [listing])
    row = records(path)[0]
    assert (row["selling_method"], row["case_quantity"], row["minimum_order_quantity"]) == (
        "By the item",
        None,
        10,
    )


@pytest.mark.parametrize(
    ("wholesale", "warned"),
    [("4.60", False), ("0.92", False), ("7.36", False), ("0.91", True), ("7.37", True)],
)
def test_wholesale_outside_10_to_80_percent_of_retail_is_warned(
    wholesale: str, warned: bool
) -> None:
    retail = Money(amount=Decimal("9.20"), currency="USD")
    listing = channel_listing(skus=[sku(1, price=usd(wholesale), retail_price=retail)])
    _, issues = get_target("faire").prepare(listing)
    assert [issue.code for issue in issues] == (["price.ratio_outside"] if warned else [])
    if warned:
        assert issues[0].sku == "DRS-1"
        assert issues[0].severity.value == "warning"
        assert "Faire accepts 10%-80%" in issues[0].message


def test_more_than_three_options_drop_the_listing() -> None:
    options = {"Color": "Red", "Size": "M", "Style": "A", "Fit": "Slim"}
    listing = channel_listing(skus=[sku(1, options=options)])
    _, issues = get_target("faire").prepare(listing)
    assert [(issue.code, issue.severity.value) for issue in issues] == [
        ("variations.too_many", "error")
    ]


def test_a_description_too_long_for_a_cell_drops_the_listing() -> None:
    _, issues = get_target("faire").prepare(channel_listing(description="x" * 32_768))
    assert [issue.code for issue in issues] == ["description.too_long"]


def test_hostile_text_is_written_as_text(tmp_path: Path) -> None:
    skus = [
        sku(number, seller_sku=text, options={"Color": text})
        for number, text in enumerate(HOSTILE, 1)
    ]
    listing = channel_listing(title=HOSTILE[0], description=HOSTILE[5], skus=skus)
    (path,) = write_target("faire", tmp_path, [listing])
    sheet = openpyxl.load_workbook(path)["Products"]
    for offset, text in enumerate(HOSTILE):
        row = 4 + offset
        assert sheet.cell(row, 22).value == text
        assert sheet.cell(row, 25).value == text
        assert sheet.cell(row, 25).data_type == "s"
    assert sheet.cell(4, 1).value == HOSTILE[0]
    assert sheet.cell(4, 5).value == "line one\nline two"


def test_prices_go_to_the_columns_of_the_run_currency(tmp_path: Path) -> None:
    (path,) = write_target("faire", tmp_path, [channel_listing()], context("EUR"))
    row = records(path)[0]
    assert (row["price_wholesale"], row["price_retail"]) == (None, None)
    assert (row["eu_price_wholesale"], row["eu_price_retail"]) == (4.23, 8.46)


def test_a_currency_faire_does_not_price_in_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Faire prices in USD, CAD, GBP, EUR, AUD, not MYR"):
        write_target("faire", tmp_path, [channel_listing()], context("MYR"))


def test_a_price_left_unconverted_is_never_written(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no conversion of 149500 IDR into USD"):
        write_target("faire", tmp_path, [channel_listing()], WriteContext("USD"))


def test_a_case_whose_unit_price_rounds_to_nothing_drops_the_listing() -> None:
    def packs_of_100(price: str) -> WholesaleListing:
        return channel_listing(
            unit="Pack/Packs",
            specifications={"Pieces per Pack": "100"},
            skus=[sku(1, price=usd(price))],
        )

    _, issues = get_target("faire").prepare(packs_of_100("0.40"))
    assert [(issue.code, issue.severity.value) for issue in issues] == [
        ("price.case_unit_below_minimum", "error")
    ]
    assert "0.40 USD a case of 100 is under 0.01 USD a unit" in issues[0].message
    _, issues = get_target("faire").prepare(packs_of_100("0.50"))  # 0.005 rounds to 0.01
    assert issues == []


def test_a_value_too_long_for_its_cell_drops_its_sku() -> None:
    long_sku = sku(1, seller_sku="S" * 32_768)
    _, issues = get_target("faire").prepare(channel_listing(skus=[long_sku, sku(2)]))
    assert [(issue.code, issue.severity.value, issue.source_row) for issue in issues] == [
        ("cell.too_long", "error", 6)
    ]
    assert issues[0].sku == "S" * 60


def test_the_ratio_is_checked_across_currencies_when_the_run_converts() -> None:
    cheap_retail = channel_listing(skus=[sku(1, retail_price=idr("81250"))])  # 5.00 USD
    target = FaireTarget()
    assert target.prepare(cheap_retail)[1] == []  # IDR against USD: not compared alone
    _, issues = target.prepare(cheap_retail, converter("USD"))
    assert [issue.code for issue in issues] == ["price.ratio_outside"]
    assert "wholesale 4.60 USD is 92% of its retail price 5.00 USD" in issues[0].message
    assert target.prepare(channel_listing(), converter("USD"))[1] == []

"""Header labels, normalised, to fields; the listing flattened into rows of fields."""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalog_migrate.template_fill.fields import FIELDS, listing_rows
from catalog_migrate.template_fill.labels import build_table, normalise, read_table, templates_dir
from tests.targets.alibaba_listings import make_listing


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("*Product Name (English)", "title"),
        ("PRODUCT  NAME", "title"),
        ("product_name_english", "title"),
        ("*产品名称（必填）", "title"),
        ("商品标题", "title"),
        ("Nama Produk", "title"),
        ("Harga", "sku_price"),
        ("价格", "sku_price"),
        ("价格2", "tier_2_price"),
        ("Price 3 (USD)", "tier_3_price"),
        ("Option1 Name", "option_1_name"),
        ("Keyword 5", "keyword_5"),
        ("Weight", "weight_kg"),
        ("Weight (g)", "weight_g"),
        ("Berat (gram)", "weight_g"),
        ("Weight lbs", "weight_lb"),
        ("Length (in)", "length_in"),
        ("Variant Grams", "weight_g"),
        ("Body (HTML)", "description_html"),
        ("Selling Method", None),
        ("CAD Unit Wholesale Price", None),
        ("Keyword 6", None),  # only five keywords are filled
        ("", None),
    ],
)
def test_labels_are_matched_normalised(label: str, field: str | None) -> None:
    assert build_table("alibaba", {}).field(label) == field


def test_variation_columns_and_values_meet_in_one_group() -> None:
    table = build_table("alibaba", {"Aroma": "variation:scent"})
    assert table.field("Warna") == table.field("COLOUR") == "variation:color"
    assert table.field("颜色") == "variation:color"
    assert table.field("Aroma") == "variation:scent"
    assert table.variation_field("Color") == table.variation_field("Warna") == "variation:color"
    assert table.variation_field("Scent") == "variation:scent"
    rows = listing_rows(make_listing(), lambda money: money, "USD", table.variation_field)
    assert (rows[0]["variation:color"], rows[0]["variation:size"]) == ("Red", "M")


def test_a_sellers_label_comes_before_the_shipped_tables() -> None:
    table = build_table("alibaba", {"Price": "retail_price", "Kode": "sku_id"})
    assert table.field("price") == "retail_price"
    assert table.field("KODE") == "sku_id"


def test_normalising_keeps_a_bracketed_unit_apart() -> None:
    assert normalise("  *Package Weight [KG] ") == normalise("package_weight (kg)")
    assert normalise("Package Weight (kg)").unit == "kg"


def test_every_shipped_table_names_only_known_fields() -> None:
    for path in templates_dir().glob("*.toml"):
        assert {field for field, _ in read_table(path)} <= FIELDS


def test_a_listing_is_one_row_per_sku_with_the_product_repeated() -> None:
    listing = make_listing()
    rows = listing_rows(listing, lambda money: money, "USD")
    assert [row["seller_sku"] for row in rows] == ["DRS-RED-M", "00123"]
    first = rows[0]
    assert first["title"] == rows[1]["title"] == listing.title
    assert (first["option_1_name"], first["option_1_value"]) == ("Color", "Red")
    assert (first["option_2_name"], first["option_2_value"]) == ("Size", "M")
    assert first["options"] == "Red, M"
    assert first["tier_2_quantity"] == 100 and first["tier_2_price"] == Decimal("9.90")
    assert first["sku_price"] == Decimal("12.50")
    assert first["retail_price"] is None  # IDR, the write currency is USD
    assert (first["source_retail_price"], first["retail_currency"]) == (Decimal("150000"), "IDR")
    assert (first["weight_kg"], first["weight_g"], first["weight_unit"]) == (
        Decimal("0.350"),
        Decimal("350"),
        "kg",
    )
    assert first["size_cm"] == "30x20x5" and first["length_in"] == Decimal("11.81")
    assert first["specifications"] == "Material: Cotton\nPattern: Floral"
    assert first["description_text"] == "Light cotton dress."
    assert first["lead_time"] == "1-250: 7 days; 251-1000: 15 days"


def test_a_sku_priced_listing_has_no_ladder() -> None:
    listing = make_listing(pricing_mode="sku")
    (row, _) = listing_rows(listing, lambda money: money, "USD")
    assert "tier_1_price" not in row

"""The label table and the single-cell readers of the TikTok sheet source."""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalog_migrate.sources.tiktok_cells import (
    CM_PER,
    GRAMS_PER,
    Invalid,
    clean_brand,
    clean_category,
    parse_measure,
    parse_quantity,
    product_key,
)
from catalog_migrate.sources.tiktok_labels import is_known_key, key_for_label, unit_in_label


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("Product Name", "product_name"),
        ("Product name", "product_name"),
        ("Nama produk", "product_name"),
        ("商品名称", "product_name"),
        ("ชื่อสินค้า", "product_name"),
        ("零售价（本地币种）", "price"),
        ("Retail Price (Local Currency)", "price"),
        ("Harga Ritel (Mata Uang Lokal)", "price"),
        ("Package Weight(lb)", "parcel_weight"),
        ("Package weight (g)", "parcel_weight"),
        ("包裹长度(cm)", "parcel_length"),
        ("Image 7", "image_7"),
        ("Gambar Produk 8", "image_8"),
        ("商品图片 9", "image_9"),
        ("Variation 1", "property_value_1"),
        ("主要销售变体名称（主题）", "property_name_1"),
        ("Variation Option", "variation_value"),
        ("Quantity in U.S Pickup Warehouse", "warehouse_quantity/u.s pickup warehouse"),
        (
            "The Chinese mainland Pickup Warehouse 中的数量",
            "warehouse_quantity/the chinese mainland pickup warehouse",
        ),
        ("*产品标题\n（必填）", None),
        ("Bahan", None),
        ("", None),
    ],
)
def test_key_for_label(label: str, key: str | None) -> None:
    assert key_for_label(label) == key


@pytest.mark.parametrize(
    ("label", "unit"),
    [
        ("Package Weight(lb)", "lb"),
        ("Package Length(inch)", "inch"),
        ("Berat paket(g)", "g"),
        ("包裹高度（cm）", "cm"),
        ("Retail Price (Local Currency)", None),
    ],
)
def test_unit_in_label(label: str, unit: str | None) -> None:
    assert unit_in_label(label) == unit


def test_known_keys() -> None:
    assert is_known_key("product_name")
    assert is_known_key("\ufeffcategory")
    assert is_known_key("product_property/100157")
    assert is_known_key("warehouse_quantity/7301944425860056837")
    assert not is_known_key("product_property/")
    assert not is_known_key("Product Name")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        (12, 12),
        (12.0, 12),
        ("12", 12),
        ("1,200", 1200),
        (0, 0),
        (2.5, Invalid("holds 2.5, not a whole number")),
        (-1, Invalid("holds -1, a negative stock")),
        ("banyak", Invalid("holds 'banyak', not a whole number")),
        (True, Invalid("holds TRUE, not a whole number")),
    ],
)
def test_parse_quantity(value: object, expected: object) -> None:
    assert parse_quantity(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "unit", "per_unit", "expected"),
    [
        (250, "g", GRAMS_PER, Decimal(250)),
        ("0,5", "kg", GRAMS_PER, Decimal("500.00")),
        (1, "lb", GRAMS_PER, Decimal("453.59")),
        (12.5, "cm", CM_PER, Decimal("12.5")),
        (10, "inch", CM_PER, Decimal("25.40")),
        (None, "g", GRAMS_PER, None),
        (0, "g", GRAMS_PER, Invalid("holds 0, not a positive size")),
        ("1.000,5", "g", GRAMS_PER, Invalid("holds '1.000,5', not a number")),
    ],
)
def test_parse_measure(
    value: object, unit: str, per_unit: dict[str, Decimal], expected: object
) -> None:
    assert parse_measure(value, unit, per_unit) == expected  # type: ignore[arg-type]


def test_brand_and_category_cleaning() -> None:
    assert clean_brand("  Vivienne   Westwood (0123327) ") == "Vivienne Westwood"
    assert clean_brand("Tidak ada merek") is None
    assert clean_category("0123345/Decorative Lights") == "Decorative Lights"
    assert clean_category("12345") == "12345"
    assert clean_category("  ") is None


def test_product_key_ignores_case_spacing_and_width() -> None:
    key = product_key("Pakaian Wanita/Atasan/Kaos", "Kaos Polos")
    assert key == product_key("pakaian wanita/atasan/kaos", "  KAOS  Polos ")
    assert key == product_key("Pakaian Wanita/Atasan/Kaos", "Ｋａｏｓ Polos")
    assert key != product_key("Pakaian Pria/Atasan/Kaos", "Kaos Polos")

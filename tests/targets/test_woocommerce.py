"""WooCommerce: the importer CSV and the Wholesale Suite tiers JSON, read back."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from alibaba_listings import usd
from channel_listings import (
    HOSTILE,
    channel_listing,
    context,
    csv_records,
    read_csv,
    sku,
    write_target,
)

from catalog_migrate.model import PriceTier
from catalog_migrate.targets import get_target
from catalog_migrate.targets.base import WriteContext

HEADERS = [
    "Type",
    "SKU",
    "Parent",
    "Name",
    "Published",
    "Description",
    "In stock?",
    "Stock",
    "Weight (kg)",
    "Length (cm)",
    "Width (cm)",
    "Height (cm)",
    "Regular price",
    "Categories",
    "Tags",
    "Images",
    "Attribute 1 name",
    "Attribute 1 value(s)",
    "Attribute 1 visible",
    "Attribute 1 global",
    "Attribute 2 name",
    "Attribute 2 value(s)",
    "Attribute 2 visible",
    "Attribute 2 global",
    "Attribute 3 name",
    "Attribute 3 value(s)",
    "Attribute 3 visible",
    "Attribute 3 global",
    "Meta: wholesale_customer_have_wholesale_price",
    "Meta: wholesale_customer_wholesale_price",
    "Meta: wholesale_customer_wholesale_minimum_order_quantity",
    "Meta: wwpp_post_meta_enable_quantity_discount_rule",
]


def filled(record: dict[str, str]) -> dict[str, str]:
    return {key: value for key, value in record.items() if value}


def tiers_of(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def test_outputs_are_the_csv_and_its_tiers_json(tmp_path: Path) -> None:
    target = get_target("woocommerce")
    assert target.outputs(tmp_path / "shop.woocommerce.csv") == (
        tmp_path / "shop.woocommerce.csv",
        tmp_path / "shop.woocommerce.tiers.json",
    )
    assert target.store_currency is True


def test_headers_in_order_utf8_with_a_bom(tmp_path: Path) -> None:
    path, _ = write_target("woocommerce", tmp_path, [channel_listing()])
    assert path.read_bytes().startswith(b"\xef\xbb\xbfType,SKU,Parent,")
    assert read_csv(path, encoding="utf-8-sig")[0] == HEADERS


def test_a_variable_parent_and_its_variations(tmp_path: Path) -> None:
    path, _ = write_target("woocommerce", tmp_path, [channel_listing()], context("EUR"))
    parent, red, green = csv_records(path, encoding="utf-8-sig")
    assert filled(parent) == {
        "Type": "variable",
        "SKU": "1729582937162839401",
        "Name": "Cotton Summer Dress for Women, Floral A-Line Midi",
        "Published": "-1",
        "Description": "<p>Light cotton dress.</p>",
        "Weight (kg)": "0.350",
        "Length (cm)": "30",
        "Width (cm)": "20",
        "Height (cm)": "5",
        "Categories": "Apparel > Women's Clothing > Dresses",
        "Tags": "summer dress, floral dress, midi dress",
        "Images": "https://img.example/1.jpg, https://img.example/2.jpg",
        "Attribute 1 name": "Color",
        "Attribute 1 value(s)": "Blue, Green",
        "Attribute 1 visible": "1",
        "Attribute 1 global": "0",
        "Attribute 2 name": "Size",
        "Attribute 2 value(s)": "M",
        "Attribute 2 visible": "1",
        "Attribute 2 global": "0",
        "Meta: wwpp_post_meta_enable_quantity_discount_rule": "yes",
    }
    # Regular price (retail) and the wholesale meta in one currency, the store's: EUR here.
    assert filled(red) == {
        "Type": "variation",
        "SKU": "DRS-1",
        "Parent": "1729582937162839401",
        "Name": "Cotton Summer Dress for Women, Floral A-Line Midi - Blue, M",
        "Published": "1",
        "In stock?": "1",
        "Stock": "40",
        "Regular price": "8.46",  # Rp 149.500 / 16,250 x 0.92
        "Images": "https://img.example/red.jpg",
        "Attribute 1 name": "Color",
        "Attribute 1 value(s)": "Blue",
        "Attribute 1 global": "0",
        "Attribute 2 name": "Size",
        "Attribute 2 value(s)": "M",
        "Attribute 2 global": "0",
        "Meta: wholesale_customer_have_wholesale_price": "yes",
        "Meta: wholesale_customer_wholesale_price": "4.23",  # 4.60 USD x 0.92
        "Meta: wholesale_customer_wholesale_minimum_order_quantity": "10",
    }
    assert (green["SKU"], green["In stock?"], green["Stock"]) == ("DRS-2", "0", "0")
    assert green["Parent"] == parent["SKU"]


def test_the_tiers_json_names_each_product_by_its_sku(tmp_path: Path) -> None:
    _, tiers = write_target("woocommerce", tmp_path, [channel_listing()], context("EUR"))
    assert tiers_of(tiers) == {
        "endpoint": "/wp-json/wholesale/v1/products",
        "wholesale_role": "wholesale_customer",
        "currency": "EUR",
        "products": [
            {
                "sku": "1729582937162839401",
                "type": "variable",
                "wholesale_minimum_order_quantity": {"wholesale_customer": 10},
                "wholesale_quantity_discount_rule_mapping": [
                    {
                        "wholesale_role": "wholesale_customer",
                        "start_qty": 50,
                        "end_qty": 199,
                        "price_type": "fixed-price",
                        "wholesale_price": "4.02",
                    },
                    {
                        "wholesale_role": "wholesale_customer",
                        "start_qty": 200,
                        "end_qty": 499,
                        "price_type": "fixed-price",
                        "wholesale_price": "3.81",
                    },
                    {
                        "wholesale_role": "wholesale_customer",
                        "start_qty": 500,
                        "end_qty": "",
                        "price_type": "fixed-price",
                        "wholesale_price": "3.60",
                    },
                ],
            }
        ],
    }


def test_a_simple_product_and_a_listing_priced_per_sku(tmp_path: Path) -> None:
    simple = channel_listing(source_product_id="P1", variation_names=[], skus=[sku(1, options={})])
    per_sku = channel_listing(
        source_product_id="P2",
        pricing_mode="sku",
        tiers=[PriceTier(min_quantity=10, price=usd("4.60"))],
        skus=[sku(1, seller_sku="A"), sku(2, seller_sku="B", price=usd("5.10"))],
    )
    path, tiers = write_target("woocommerce", tmp_path, [simple, per_sku])
    rows = csv_records(path, encoding="utf-8-sig")
    assert [(row["Type"], row["SKU"], row["Parent"]) for row in rows] == [
        ("simple", "DRS-1", ""),
        ("variable", "P2", ""),
        ("variation", "A", "P2"),
        ("variation", "B", "P2"),
    ]
    assert (rows[0]["Regular price"], rows[0]["Meta: wholesale_customer_wholesale_price"]) == (
        "9.20",
        "4.60",
    )
    rules = [row["Meta: wwpp_post_meta_enable_quantity_discount_rule"] for row in rows]
    assert rules == ["yes", "no", "", ""]  # the flag is the product's
    assert [row["Meta: wholesale_customer_wholesale_price"] for row in rows[2:]] == ["4.60", "5.10"]
    simple_entry, per_sku_entry = tiers_of(tiers)["products"]
    assert simple_entry["sku"] == "DRS-1"
    assert simple_entry["type"] == "simple"
    assert simple_entry["wholesale_price"] == {"wholesale_customer": "4.60"}
    assert [
        rule["start_qty"] for rule in simple_entry["wholesale_quantity_discount_rule_mapping"]
    ] == [50, 200, 500]
    assert per_sku_entry == (
        {
            "sku": "P2",
            "type": "variable",
            "wholesale_minimum_order_quantity": {"wholesale_customer": 10},
            "wholesale_quantity_discount_rule_mapping": [],
        }
    )


def test_commas_inside_list_values_are_escaped(tmp_path: Path) -> None:
    listing = channel_listing(
        category="Home > Kitchen, Dining",
        skus=[sku(1, options={"Color": "Red, dark", "Size": "M"})],
    )
    path, _ = write_target("woocommerce", tmp_path, [listing])
    parent, _variation = csv_records(path, encoding="utf-8-sig")
    assert parent["Categories"] == "Home > Kitchen\\, Dining"
    assert parent["Attribute 1 value(s)"] == "Red\\, dark"


def test_hostile_text_round_trips_and_the_json_names_the_sku_as_written(tmp_path: Path) -> None:
    skus = [
        sku(number, seller_sku=text, options={"Color": text, "Size": "M"})
        for number, text in enumerate(HOSTILE, 1)
    ]
    listing = channel_listing(title=HOSTILE[4], description=HOSTILE[5], skus=skus)
    simple = channel_listing(
        source_product_id="P9", variation_names=[], skus=[sku(1, seller_sku="+KPS-1", options={})]
    )
    path, tiers = write_target("woocommerce", tmp_path, [listing, simple])
    raw = read_csv(path, encoding="utf-8-sig")
    assert [row[1] for row in raw[2 : 2 + len(HOSTILE)]] == [
        "'=cmd|' /C calc'!A0",
        "'+KPS-1",
        "'-1",
        "'@SUM(A1)",
        'say "hi", then; go\tnow',
        "line one\nline two",
        "Kaos Polos Wanita 🔥 ñ 漢字",
    ]
    rows = csv_records(path, encoding="utf-8-sig")
    assert [row["SKU"] for row in rows[1:-1]] == list(HOSTILE)
    assert [row["Attribute 1 value(s)"] for row in rows[1:-1]] == [
        text.replace(",", "\\,") for text in HOSTILE
    ]
    assert rows[0]["Name"] == HOSTILE[4]
    assert rows[0]["Description"] == HOSTILE[5]
    simple_entry = tiers_of(tiers)["products"][1]
    assert simple_entry["sku"] == "'+KPS-1" == raw[-1][1]


def test_more_than_three_variations_drop_the_listing() -> None:
    options = {"Color": "Red", "Size": "M", "Style": "A", "Fit": "Slim"}
    _, issues = get_target("woocommerce").prepare(channel_listing(skus=[sku(1, options=options)]))
    assert [(issue.code, issue.severity.value) for issue in issues] == [
        ("variations.too_many", "error")
    ]


def test_an_empty_catalog_writes_valid_json(tmp_path: Path) -> None:
    path, tiers = write_target("woocommerce", tmp_path, [])
    assert tiers_of(tiers)["products"] == []
    assert read_csv(path, encoding="utf-8-sig") == [HEADERS]


@pytest.mark.parametrize("currency", ["USD", "EUR"])
def test_regular_and_wholesale_prices_share_the_store_currency(
    tmp_path: Path, currency: str
) -> None:
    path, tiers = write_target("woocommerce", tmp_path, [channel_listing()], context(currency))
    variation = csv_records(path, encoding="utf-8-sig")[1]
    wholesale = variation["Meta: wholesale_customer_wholesale_price"]
    expected = {"USD": ("9.20", "4.60"), "EUR": ("8.46", "4.23")}[currency]
    assert (variation["Regular price"], wholesale) == expected
    assert tiers_of(tiers)["currency"] == currency


def test_numbers_are_written_without_an_exponent(tmp_path: Path) -> None:
    size = (Decimal("30.0"), Decimal("12.50"), Decimal("1E+1"))
    listing = channel_listing(
        package_size_cm=size,
        package_weight_kg=Decimal("2E+0"),
        skus=[sku(1, price=usd("1E+1"), retail_price=usd("2E+1"))],
        tiers=[PriceTier(min_quantity=10, price=usd("1E+1"))],
    )
    path, _ = write_target("woocommerce", tmp_path, [listing], WriteContext("USD"))
    parent, variation = csv_records(path, encoding="utf-8-sig")
    assert [parent[f"{side} (cm)"] for side in ("Length", "Width", "Height")] == [
        "30.0",
        "12.50",
        "10",
    ]
    assert parent["Weight (kg)"] == "2"
    assert variation["Meta: wholesale_customer_wholesale_price"] == "10"
    assert variation["Regular price"] == "20"

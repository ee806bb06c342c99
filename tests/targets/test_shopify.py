"""Shopify: the product CSV and the B2B quantity-pricing JSONL, read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from alibaba_listings import usd
from channel_listings import (
    HOSTILE,
    channel_listing,
    context,
    csv_records,
    read_csv,
    read_jsonl,
    sku,
    write_target,
)

from catalog_migrate.model import PriceTier
from catalog_migrate.targets import get_target, shopify

HEADERS = [
    "Handle",
    "Title",
    "Body (HTML)",
    "Vendor",
    "Type",
    "Tags",
    "Published",
    "Option1 Name",
    "Option1 Value",
    "Option2 Name",
    "Option2 Value",
    "Option3 Name",
    "Option3 Value",
    "Variant SKU",
    "Variant Grams",
    "Variant Inventory Tracker",
    "Variant Inventory Qty",
    "Variant Inventory Policy",
    "Variant Fulfillment Service",
    "Variant Price",
    "Variant Compare At Price",
    "Variant Requires Shipping",
    "Variant Taxable",
    "Variant Barcode",
    "Image Src",
    "Image Position",
    "Image Alt Text",
    "Gift Card",
    "SEO Title",
    "SEO Description",
    "Variant Image",
    "Variant Weight Unit",
    "Status",
]
HANDLE = "cotton-summer-dress-for-women-floral-a-line-midi-1729582937162839401"


def filled(record: dict[str, str]) -> dict[str, str]:
    return {key: value for key, value in record.items() if value}


def test_outputs_and_headers(tmp_path: Path) -> None:
    assert get_target("shopify").outputs(tmp_path / "shop.shopify.csv") == (
        tmp_path / "shop.shopify.csv",
        tmp_path / "shop.shopify.b2b.jsonl",
    )
    path, _ = write_target("shopify", tmp_path, [channel_listing()])
    assert path.read_bytes().startswith(b"Handle,Title,")  # UTF-8 without a BOM
    assert read_csv(path)[0] == HEADERS


def test_rows_grouped_by_handle(tmp_path: Path) -> None:
    images = ["https://img.example/1.jpg", "https://img.example/2.jpg", "https://img.example/3.jpg"]
    path, _ = write_target("shopify", tmp_path, [channel_listing(images=images)], context("EUR"))
    first, second, third = csv_records(path)
    assert filled(first) == {
        "Handle": HANDLE,
        "Title": "Cotton Summer Dress for Women, Floral A-Line Midi",
        "Body (HTML)": "<p>Light cotton dress.</p>",
        "Vendor": "Kirana",
        "Type": "Dresses",
        "Tags": "summer dress, floral dress, midi dress",
        "Published": "FALSE",
        "Option1 Name": "Color",
        "Option1 Value": "Blue",
        "Option2 Name": "Size",
        "Option2 Value": "M",
        "Variant SKU": "DRS-1",
        "Variant Grams": "350",
        "Variant Inventory Tracker": "shopify",
        "Variant Inventory Qty": "40",
        "Variant Inventory Policy": "deny",
        "Variant Fulfillment Service": "manual",
        "Variant Price": "8.46",  # the retail price in the store's currency (EUR here)
        "Variant Requires Shipping": "TRUE",
        "Variant Taxable": "TRUE",
        "Image Src": "https://img.example/1.jpg",
        "Image Position": "1",
        "Gift Card": "FALSE",
        "Variant Image": "https://img.example/red.jpg",
        "Variant Weight Unit": "kg",
        "Status": "draft",
    }
    assert filled(second) == {
        "Handle": HANDLE,
        "Option1 Value": "Green",
        "Option2 Value": "M",
        "Variant SKU": "DRS-2",
        "Variant Grams": "350",
        "Variant Inventory Tracker": "shopify",
        "Variant Inventory Qty": "0",
        "Variant Inventory Policy": "deny",
        "Variant Fulfillment Service": "manual",
        "Variant Price": "8.46",
        "Variant Requires Shipping": "TRUE",
        "Variant Taxable": "TRUE",
        "Image Src": "https://img.example/2.jpg",
        "Image Position": "2",
        "Variant Weight Unit": "kg",
    }
    assert filled(third) == {
        "Handle": HANDLE,
        "Image Src": "https://img.example/3.jpg",
        "Image Position": "3",
    }


def test_a_product_without_variations_is_the_default_title(tmp_path: Path) -> None:
    listing = channel_listing(variation_names=[], skus=[sku(1, options={}, quantity=None)])
    path, _ = write_target("shopify", tmp_path, [listing])
    first, _image_row = csv_records(path)
    assert (first["Option1 Name"], first["Option1 Value"]) == ("Title", "Default Title")
    assert (first["Variant Inventory Tracker"], first["Variant Inventory Qty"]) == ("", "")


def test_handles_are_ascii_and_unique_per_product() -> None:
    same_title = [channel_listing(source_product_id=key) for key in ("1", "tt-9f2a")]
    assert [shopify.handle(listing) for listing in same_title] == [
        "cotton-summer-dress-for-women-floral-a-line-midi-1",
        "cotton-summer-dress-for-women-floral-a-line-midi-tt-9f2a",
    ]
    assert shopify.handle(channel_listing(title="Áo Thun Nữ 🔥", source_product_id="7")) == (
        "ao-thun-nu-7"
    )
    assert shopify.handle(channel_listing(title="纯棉T恤", source_product_id="7")) == "t-7"
    assert shopify.handle(channel_listing(title="纯棉", source_product_id="7")) == "7"


def test_the_b2b_inputs_of_a_ladder(tmp_path: Path) -> None:
    _, b2b = write_target("shopify", tmp_path, [channel_listing()], context("EUR"))
    (line,) = read_jsonl(b2b)

    def eur(amount: str) -> dict[str, str]:
        return {"amount": amount, "currencyCode": "EUR"}

    assert line == {
        "handle": HANDLE,
        "input": {
            "pricesToAdd": [
                {"variantSku": "DRS-1", "price": eur("4.23")},
                {"variantSku": "DRS-2", "price": eur("4.23")},
            ],
            "quantityRulesToAdd": [
                {"variantSku": "DRS-1", "minimum": 10, "increment": 1},
                {"variantSku": "DRS-2", "minimum": 10, "increment": 1},
            ],
            "quantityPriceBreaksToAdd": [
                {"variantSku": "DRS-1", "minimumQuantity": 50, "price": eur("4.02")},
                {"variantSku": "DRS-1", "minimumQuantity": 200, "price": eur("3.81")},
                {"variantSku": "DRS-1", "minimumQuantity": 500, "price": eur("3.60")},
                {"variantSku": "DRS-2", "minimumQuantity": 50, "price": eur("4.02")},
                {"variantSku": "DRS-2", "minimumQuantity": 200, "price": eur("3.81")},
                {"variantSku": "DRS-2", "minimumQuantity": 500, "price": eur("3.60")},
            ],
        },
    }


def test_a_listing_priced_per_sku_has_prices_and_rules_but_no_breaks(tmp_path: Path) -> None:
    listing = channel_listing(
        pricing_mode="sku",
        tiers=[PriceTier(min_quantity=10, price=usd("4.60"))],
        skus=[sku(1), sku(2, price=usd("5.10"))],
    )
    _, b2b = write_target("shopify", tmp_path, [listing])
    (line,) = read_jsonl(b2b)
    assert [price["price"]["amount"] for price in line["input"]["pricesToAdd"]] == ["4.60", "5.10"]
    assert line["input"]["quantityPriceBreaksToAdd"] == []
    assert len(line["input"]["quantityRulesToAdd"]) == 2


def test_minimums_are_multiples_of_the_increment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shopify, "INCREMENT", 12)
    listing = channel_listing(
        moq=10,
        tiers=[
            PriceTier(min_quantity=10, price=usd("4.60")),
            PriceTier(min_quantity=11, price=usd("4.50")),  # rounds onto the minimum: left out
            PriceTier(min_quantity=50, price=usd("4.37")),
            PriceTier(min_quantity=60, price=usd("4.14")),  # rounds onto the break before
            PriceTier(min_quantity=200, price=usd("3.91")),
        ],
    )
    found = shopify.b2b_input(listing, context())
    assert {rule["minimum"] for rule in found["quantityRulesToAdd"]} == {12}
    assert {rule["increment"] for rule in found["quantityRulesToAdd"]} == {12}
    breaks = [
        (b["minimumQuantity"], b["price"]["amount"]) for b in found["quantityPriceBreaksToAdd"]
    ]
    assert breaks == [(60, "4.37"), (204, "3.91")] * 2  # both variants


def test_hostile_text_round_trips_and_the_jsonl_names_skus_as_written(tmp_path: Path) -> None:
    skus = [
        sku(number, seller_sku=text, options={"Color": text, "Size": "M"})
        for number, text in enumerate(HOSTILE, 1)
    ]
    listing = channel_listing(title=HOSTILE[0], description=HOSTILE[5], skus=skus)
    path, b2b = write_target("shopify", tmp_path, [listing])
    rows = csv_records(path)
    assert [row["Variant SKU"] for row in rows] == list(HOSTILE)
    assert [row["Option1 Value"] for row in rows] == list(HOSTILE)
    assert rows[0]["Title"] == HOSTILE[0]
    assert rows[0]["Body (HTML)"] == "line one\nline two"
    written = [row[13] for row in read_csv(path)[1:]]
    (line,) = read_jsonl(b2b)
    assert [price["variantSku"] for price in line["input"]["pricesToAdd"]] == written
    assert written[1] == "'+KPS-1"
    assert b2b.read_text(encoding="utf-8").count("\n") == 1  # one product, one line


def test_more_than_three_variations_drop_the_listing() -> None:
    options = {"Color": "Red", "Size": "M", "Style": "A", "Fit": "Slim"}
    _, issues = get_target("shopify").prepare(channel_listing(skus=[sku(1, options=options)]))
    assert [(issue.code, issue.severity.value) for issue in issues] == [
        ("variations.too_many", "error")
    ]


def test_a_title_longer_than_shopify_holds_is_cut_at_a_word() -> None:
    title = "Cotton Dress " * 30  # 390 characters
    fitted, issues = get_target("shopify").prepare(channel_listing(title=title.strip()))
    assert len(fitted.title) == 253  # ... Cotton Dress Cotton: cut at the last word that fits
    assert title[: len(fitted.title) + 1] == fitted.title + " "
    assert [(issue.code, issue.severity.value) for issue in issues] == [
        ("title.truncated", "warning")
    ]
    fitted, issues = get_target("shopify").prepare(channel_listing(title="x" * 255))
    assert (len(fitted.title), issues) == (255, [])

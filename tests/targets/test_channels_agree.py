"""One product, five channels: every file prices it alike after FX, from the library and the CLI."""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from channel_export import DRESS, SOCKS, TEE, convert, write_export
from channel_listings import channel_listing, context, csv_records, read_jsonl, write_target

from catalog_migrate.model import WholesaleListing
from catalog_migrate.targets import TARGETS

CHANNELS = ("alibaba", "faire", "woocommerce", "shopify", "amazon-business")


def _sheet(path: Path, name: str, header_row: int = 1) -> list[dict[str, Any]]:
    rows = list(openpyxl.load_workbook(path)[name].iter_rows(values_only=True))
    return [dict(zip(rows[header_row - 1], row, strict=True)) for row in rows[header_row:]]


def _money(value: object) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def wholesale_by_sku(target: str, paths: tuple[Path, ...]) -> dict[str, Decimal]:
    """Each SKU's wholesale unit price as the channel's file states it (a pack's price for Faire's
    cases is the unit price times the case size)."""
    if target == "alibaba":
        return {row["Seller SKU"]: _money(row["Price (USD)"]) for row in _sheet(paths[0], "SKUs")}
    if target == "faire":
        return {
            row["sku"]: _money(Decimal(str(row["price_wholesale"])) * (row["case_quantity"] or 1))
            for row in _sheet(paths[0], "Products", header_row=3)
        }
    if target == "woocommerce":
        return {
            row["SKU"]: _money(row["Meta: wholesale_customer_wholesale_price"])
            for row in csv_records(paths[0], encoding="utf-8-sig")
            if row["Type"] != "variable"
        }
    if target == "shopify":
        return {
            price["variantSku"].removeprefix("'"): _money(price["price"]["amount"])
            for line in read_jsonl(paths[1])
            for price in line["input"]["pricesToAdd"]
        }
    return {
        row["sku"]: _money(row["business_price"]) for row in csv_records(paths[0], delimiter="\t")
    }


def ladders(target: str, paths: tuple[Path, ...]) -> list[list[tuple[int, Decimal]]]:
    """The quantity tiers after the first, per product, as each channel states them."""
    if target == "alibaba":
        found = []
        for row in _sheet(paths[0], "Products"):
            steps = [(row[f"Quantity {n}"], row[f"Price {n} (USD)"]) for n in range(2, 5)]
            found.append([(int(q), _money(p)) for q, p in steps if q is not None])
        return found
    if target == "woocommerce":
        document = json.loads(paths[1].read_text(encoding="utf-8"))
        return [
            [
                (rule["start_qty"], _money(rule["wholesale_price"]))
                for rule in entry["wholesale_quantity_discount_rule_mapping"]
            ]
            for entry in document["products"]
        ]
    if target == "shopify":
        found = []
        for line in read_jsonl(paths[1]):
            breaks = line["input"]["quantityPriceBreaksToAdd"]
            first = breaks[0]["variantSku"] if breaks else None
            found.append(
                [
                    (item["minimumQuantity"], _money(item["price"]["amount"]))
                    for item in breaks
                    if item["variantSku"] == first
                ]
            )
        return found
    assert target == "amazon-business"
    found, seen = [], set()
    for row in csv_records(paths[0], delimiter="\t"):
        steps = [(row[f"quantity_lower_bound{n}"], row[f"quantity_price{n}"]) for n in range(1, 6)]
        ladder = tuple((int(q), _money(p)) for q, p in steps if q)
        if ladder not in seen:  # one row per SKU; the SKUs of a ladder share it
            seen.add(ladder)
            found.append(list(ladder))
    return found


def _write_all(folder: Path, listings: Iterable[WholesaleListing]) -> dict[str, tuple[Path, ...]]:
    listings = list(listings)
    written = {}
    for target in CHANNELS:
        (folder / target).mkdir()
        written[target] = write_target(target, folder / target, listings, context("USD"))
    return written


def test_the_same_listing_is_priced_alike_in_every_channel(tmp_path: Path) -> None:
    written = _write_all(tmp_path, [channel_listing()])
    prices = {target: wholesale_by_sku(target, paths) for target, paths in written.items()}
    assert all(
        found == {"DRS-1": Decimal("4.60"), "DRS-2": Decimal("4.60")} for found in prices.values()
    ), prices
    expected_ladder = [[(50, Decimal("4.37")), (200, Decimal("4.14")), (500, Decimal("3.91"))]]
    for target in ("alibaba", "woocommerce", "shopify", "amazon-business"):
        assert ladders(target, written[target]) == expected_ladder, target
    # The retail price (MSRP), Rp 149.500 at 16,250 IDR per USD, in the three that carry it.
    faire = _sheet(written["faire"][0], "Products", header_row=3)
    woo = csv_records(written["woocommerce"][0], encoding="utf-8-sig")
    shop = csv_records(written["shopify"][0])
    retail = {
        "faire": {row["price_retail"] for row in faire},
        "woocommerce": {row["Regular price"] for row in woo if row["Type"] == "variation"},
        "shopify": {row["Variant Price"] for row in shop},
    }
    assert {target: {_money(value) for value in values} for target, values in retail.items()} == {
        target: {Decimal("9.20")} for target in retail
    }


def test_the_cli_writes_every_channel_with_the_same_prices(tmp_path: Path) -> None:
    export = write_export(tmp_path)
    written = {}
    for target in CHANNELS:
        output = tmp_path / target / f"shop.{target}{TARGETS[target].suffix}"
        output.parent.mkdir()
        result = convert(export, target, "-o", str(output))
        assert result.exit_code == 0, result.stderr
        paths = TARGETS[target].outputs(output)
        assert all(path.is_file() for path in paths)
        assert output.with_name(f"{output.stem}.report.xlsx").is_file()
        written[target] = paths
    expected = {
        "+KPS-1": Decimal("6.45"),
        "=cmd|' /C calc'!A0": Decimal("6.45"),
        "DRS-M": Decimal("10.00"),
        "DRS-XL": Decimal("12.00"),
        "SOCK-12": Decimal("9.00"),
    }
    for target, paths in written.items():
        assert wholesale_by_sku(target, paths) == expected, target
    tee_ladder = [(250, Decimal("6.13")), (1000, Decimal("5.81")), (2500, Decimal("5.48"))]
    for target in ("alibaba", "woocommerce", "shopify"):
        found = ladders(target, written[target])
        assert found[0] == tee_ladder, target
        assert found[1] == [], target  # the dress is priced per SKU: no ladder anywhere
    assert ladders("amazon-business", written["amazon-business"])[0] == tee_ladder


def test_the_companion_file_goes_beside_the_default_output(tmp_path: Path) -> None:
    export = write_export(tmp_path)
    result = convert(export, "woocommerce")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "shop.woocommerce.csv").is_file()
    assert (tmp_path / "shop.woocommerce.tiers.json").is_file()
    assert (tmp_path / "shop.woocommerce.report.xlsx").is_file()


@pytest.mark.parametrize("product", [TEE, DRESS, SOCKS])
def test_faire_prices_the_cli_export_per_unit(tmp_path: Path, product: str) -> None:
    export = write_export(tmp_path)
    assert convert(export, "faire").exit_code == 0
    rows = _sheet(tmp_path / "shop.faire.xlsx", "Products", header_row=3)
    names = {
        TEE: "Cotton T-Shirt Oversize Plain",
        DRESS: "Floral Midi Dress 漢字 ñ",
        SOCKS: "Ankle Socks 12 Pairs",
    }
    mine = [row for row in rows if row["product_name_english"] == names[product]]
    expected = {
        TEE: [("By the item", None, 50, 6.45, 12.9), ("By the item", None, 50, 6.45, 12.9)],
        DRESS: [("By the item", None, 50, 10.0, 20.0), ("By the item", None, 50, 12.0, 24.0)],
        SOCKS: [("By the case", 12, 600, 0.75, 1.5)],  # 12 pairs a pack, priced per pair
    }[product]
    assert [
        (
            row["selling_method"],
            row["case_quantity"],
            row["minimum_order_quantity"],
            row["price_wholesale"],
            row["price_retail"],
        )
        for row in mine
    ] == expected

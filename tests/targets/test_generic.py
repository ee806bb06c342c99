"""The generic target: the neutral listing as a CSV (a row per SKU) and JSON Lines (a line per
listing), compared whole with golden files.

After an intended change, regenerate with `UPDATE_GOLDEN=1 python -m pytest
tests/targets/test_generic.py` and read the diff before committing it.
"""

from __future__ import annotations

import csv
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalog_migrate.cli import cli
from catalog_migrate.targets.generic import CSV_COLUMNS
from tests.tiktok_builder import write_tiktok_xlsx

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden"


def shop_rows() -> list[dict[str, object]]:
    """Two products of an Indonesian shop: a T-shirt in two colours at two prices, and a mug
    whose seller SKU and description would be formulas in a spreadsheet."""
    kaos: dict[str, object] = {
        "product_id": "1729384756102900001",
        "category": "Pakaian Wanita/Atasan/Kaos",
        "brand": "No brand",
        "product_name": "Kaos Polos Wanita Katun Combed 30s",
        "product_description": "<p>Bahan: Katun Combed 30s<br>Motif: Polos</p>",
        "main_image": "https://img.example/kaos-1.jpg",
        "image_2": "https://img.example/kaos-2.jpg",
        "property_name_1": "Warna",
        "parcel_weight": 220,
        "parcel_length": 30,
        "parcel_width": 20,
        "parcel_height": 5,
        "quantity": 150,
    }
    mug = {
        "product_id": "1729384756102900002",
        "sku_id": "1729384756202900021",
        "category": "Rumah Tangga/Dapur/Gelas",
        "product_name": "Gelas Mug Keramik 350ml",
        "product_description": '=HYPERLINK("https://evil.example")',
        "main_image": "https://img.example/mug.jpg",
        "price": "Rp 45.000",
        "quantity": 80,
        "seller_sku": "+MUG-350",
        "parcel_weight": 400,
    }
    return [
        {**kaos, "sku_id": "1729384756202900011", "property_value_1": "Hitam",
         "price": "Rp 89.000", "seller_sku": "KP-HIT"},
        {**kaos, "sku_id": "1729384756202900012", "property_value_1": "Putih",
         "price": "Rp 99.000", "seller_sku": "KP-PUT"},
        mug,
    ]  # fmt: skip


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    folder = tmp_path_factory.mktemp("generic")
    export = write_tiktok_xlsx(folder / "shop.xlsx", shop_rows())
    result = CliRunner().invoke(cli, ["convert", str(export), "--to", "generic", "--origin", "ID"])
    assert result.exit_code == 0, result.stderr
    csv_text = (folder / "shop.generic.csv").read_bytes().decode("utf-8")
    lines_text = (folder / "shop.generic.jsonl").read_bytes().decode("utf-8")
    return csv_text, lines_text


@pytest.mark.parametrize(("kind", "index"), [("csv", 0), ("jsonl", 1)])
def test_the_files_match_the_golden_files(written: tuple[str, str], kind: str, index: int) -> None:
    golden = GOLDEN / f"generic.{kind}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(written[index].encode("utf-8"))
    assert written[index] == golden.read_bytes().decode("utf-8")


def test_the_csv_has_a_row_per_sku_with_the_documented_columns(written: tuple[str, str]) -> None:
    rows = list(csv.reader(written[0].splitlines()))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert not written[0].startswith("\ufeff")
    by_sku = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert [row["seller_sku"] for row in by_sku] == ["KP-HIT", "KP-PUT", "'+MUG-350"]
    # The product's fields are repeated on each of its SKUs.
    assert by_sku[0]["title"] == by_sku[1]["title"] != ""
    assert by_sku[2]["description"] == '<p>=HYPERLINK("https://evil.example")</p>'


def test_each_json_line_is_a_listing_with_exact_decimal_prices(written: tuple[str, str]) -> None:
    lines = [json.loads(line) for line in written[1].splitlines()]
    assert [line["schema_version"] for line in lines] == [1, 1]
    assert [line["product_id"] for line in lines] == ["1729384756102900001", "1729384756102900002"]
    kaos, mug = lines
    assert kaos["currency"] == "USD"
    # 89,000 and 99,000 IDR x 0.5 at 16,250 IDR/USD: 2.74 and 3.05 USD, each SKU its own price.
    assert [sku["price"] for sku in kaos["skus"]] == ["2.74", "3.05"]
    assert all(isinstance(sku["price"], str) for line in lines for sku in line["skus"])
    assert Decimal(kaos["skus"][0]["retail_price"]["amount"]) == Decimal(89000)
    assert mug["skus"][0]["seller_sku"] == "+MUG-350"  # JSON holds the text exactly

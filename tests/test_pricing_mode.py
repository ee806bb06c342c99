"""One listing, one pricing story in the written file, before and after review edits."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl

from catalog_migrate import pipeline
from tests.tiktok_builder import write_tiktok_xlsx

KAOS = "1729000000000000001"  # every size Rp 89.000: one price
DRESS = "1729000000000000002"  # M Rp 89.000, XL Rp 95.000: prices differ


def _export(path: Path) -> Path:
    rows = [
        {
            "product_id": product,
            "sku_id": f"{product}{number}",
            "product_name": name,
            "category": "Fashion/Atasan",
            "property_name_1": "Ukuran",
            "property_value_1": size,
            "price": price,
            "quantity": 10,
        }
        for product, name, sizes in (
            (KAOS, "Kaos Polos Katun", (("M", "Rp 89.000"), ("XL", "Rp 89.000"))),
            (DRESS, "Dress Midi Bunga", (("M", "Rp 89.000"), ("XL", "Rp 95.000"))),
        )
        for number, (size, price) in enumerate(sizes)
    ]
    return write_tiktok_xlsx(path, rows)


def _sheets(output: Path) -> tuple[dict[str, dict[str, Any]], dict[str, list[Any]]]:
    book = openpyxl.load_workbook(output, read_only=True)
    product_rows = list(book["Products"].iter_rows(values_only=True))
    products = {row[0]: dict(zip(product_rows[0], row, strict=True)) for row in product_rows[1:]}
    sku_rows = list(book["SKUs"].iter_rows(values_only=True))
    prices: dict[str, list[Any]] = {}
    for row in sku_rows[1:]:
        values = dict(zip(sku_rows[0], row, strict=True))
        prices.setdefault(values["Source Product ID"], []).append(values["Price (USD)"])
    return products, prices


def _decisions(path: Path, overrides: dict[str, dict[str, Any]]) -> Path:
    products = {key: {"status": "accepted", "overrides": value} for key, value in overrides.items()}
    document = {"version": 1, "target": "alibaba", "input": "shop.xlsx", "products": products}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_the_written_file_says_how_each_listing_is_priced(tmp_path: Path) -> None:
    report = pipeline.convert(_export(tmp_path / "shop.xlsx"), pipeline.ConvertOptions())
    products, prices = _sheets(Path(report.output or ""))

    kaos, dress = products[KAOS], products[DRESS]
    assert (kaos["Pricing Mode"], kaos["Quantity 1"], kaos["Price 1 (USD)"]) == (
        "ladder",
        100,
        2.74,
    )
    assert kaos["Price 4 (USD)"] == 2.33
    assert prices[KAOS] == [2.74, 2.74]  # every SKU at the first tier's price

    assert (dress["Pricing Mode"], dress["Min. Order Quantity"]) == ("sku", 100)
    ladder = [f"Quantity {n}" for n in range(1, 5)] + [f"Price {n} (USD)" for n in range(1, 5)]
    assert [dress[name] for name in ladder] == [None] * 8
    assert prices[DRESS] == [2.74, 2.92]


def test_prices_edited_in_review_carry_to_the_skus(tmp_path: Path) -> None:
    export = _export(tmp_path / "shop.xlsx")
    decisions = _decisions(
        tmp_path / "shop.decisions.json",
        {
            KAOS: {"tiers": [[100, "2.00"], [500, "1.90"]]},
            DRESS: {"tiers": [[100, "2.00"]]},
        },
    )
    report = pipeline.convert(export, pipeline.ConvertOptions(decisions=decisions))
    products, prices = _sheets(Path(report.output or ""))

    assert (products[KAOS]["Price 1 (USD)"], products[KAOS]["Price 2 (USD)"]) == (2.0, 1.9)
    assert prices[KAOS] == [2.0, 2.0]  # never a 2.00 ladder over 2.74 SKUs
    assert prices[DRESS] == [2.0, 2.13]  # 2.92 x 2.00 / 2.74
    assert not [issue for issue in report.issues if issue.code == "pricing.contradiction"]

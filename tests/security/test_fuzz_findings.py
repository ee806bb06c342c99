"""Inputs the fuzz tests found to break a run, kept as plain regression tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalog_migrate.cli import cli
from tests.tiktok_builder import write_tiktok_xlsx


def product(number: int, category: str | None) -> dict[str, object]:
    return {
        "product_id": f"17293847561029{number:05d}",
        "category": category,
        "product_name": f"Kaos Polos Wanita Oversize {number}",
        "product_description": "<p>Bahan: Katun Combed 30s</p>",
        "main_image": "https://example.com/kaos.jpg",
        "price": "Rp 89.000",
        "seller_sku": f"KP-{number}",
    }


def test_a_product_without_a_category_is_rejected_not_lost(tmp_path: Path) -> None:
    # Mapping warns `category.missing`; the Alibaba rule makes it an error that drops the listing.
    # The warning said first once hid that error, so the run lost the rows (exit 3).
    rows = [product(1, "Pakaian Wanita/Atasan/Kaos"), product(2, None)]
    export = write_tiktok_xlsx(tmp_path / "export.xlsx", rows)
    result = CliRunner().invoke(cli, ["convert", str(export), "--currency", "IDR", "--json"])
    assert result.exit_code == 1, result.stderr
    report = json.loads(result.stdout)
    counts = [report[key] for key in ("skus_read", "skus_converted", "skus_rejected")]
    assert counts == [2, 1, 1]
    errors = [issue for issue in report["issues"] if issue["severity"] == "error"]
    assert errors == [
        {
            "code": "category.missing",
            "severity": "error",
            "message": "no category; choose an Alibaba.com leaf category",
            "product_id": "1729384756102900002",
            "seller_sku": None,
            "field": "category",
            "source_row": 7,
        }
    ]


@pytest.mark.parametrize(
    ("price", "shown"),
    [(8.4e26, "8.4e+26"), ("840000000000000033151778816", "840000000000000033151778816")],
    ids=["number", "text"],
)
def test_an_absurdly_large_price_rejects_the_sku(price: object, shown: str, tmp_path: Path) -> None:
    # Rounding such an amount to cents overflowed Decimal's precision: exit 3, "InvalidOperation".
    rows = [
        {**product(1, "Home/Mugs"), "price": "RM12.90"},
        {**product(2, "Home/Mugs"), "price": price},
    ]
    export = write_tiktok_xlsx(tmp_path / "export.xlsx", rows)
    result = CliRunner().invoke(cli, ["convert", str(export), "--currency", "MYR", "--json"])
    assert result.exit_code == 1, result.stderr
    report = json.loads(result.stdout)
    errors = [(issue["code"], issue["message"], issue["source_row"]) for issue in report["issues"]]
    assert ("price.unparseable", f"{shown!r} is too large to be a price", 7) in errors
    assert (report["skus_converted"], report["skus_rejected"]) == (1, 1)
